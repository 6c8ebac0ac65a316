"""The HTML report in a real browser (headless Chromium): every fired conclusion of every
patient is in the DOM, a screenshot is not blank, hostile texts run no script and show as
written, and a report of 10,000 patients loads.

Usage: browser_test.py ILIO CHROMIUM RULES PATIENTS_DIR HOSTILE_RULES HOSTILE_FACTS WORK_DIR
"""

import html
import json
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ilio, chromium, rules, patients_dir, hostile_rules, hostile_facts, work = sys.argv[1:8]
work = pathlib.Path(work)
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(args)}\n{result.stderr}")
    return result


def browser(page, *mode):
    """Runs headless Chromium on a local file with a fresh profile; returns its stdout."""
    with tempfile.TemporaryDirectory() as profile:
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                *mode, page.as_uri()]
        result = subprocess.run(args, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            sys.exit(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
        return result.stdout


def png_colours(path):
    """Distinct colours of an 8-bit RGB or RGBA PNG (non-interlaced), decoded with zlib."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour_type in (2, 6), "unexpected PNG format"
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if filter_type == 1:
                line[x] = (line[x] + a) & 255
            elif filter_type == 2:
                line[x] = (line[x] + b) & 255
            elif filter_type == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif filter_type == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, channels * 4):  # every fourth pixel is plenty
            colours.add(bytes(line[x:x + 3]))
        previous = line
    return colours


# 1. Every example patient: each fired conclusion's title is in the DOM.
patients = sorted(pathlib.Path(patients_dir).glob("*.json"))
report = work / "patients.html"
run(ilio, "report", rules, "--facts", *map(str, patients), "-o", str(report))
dom = html.unescape(browser(report, "--dump-dom"))
for patient in patients:
    explanation = json.loads(run(ilio, "eval", rules, "--facts", str(patient), "--format",
                                 "json").stdout)
    check(str(patient) in dom, f"{patient.name}: section missing")
    for c in explanation["conclusions"]:
        if c["status"] == "fired":
            check(c["title"] in dom, f"{patient.name}: fired {c['name']} not in the DOM")
check(dom.count("<svg") >= len(patients), "a patient's graph is missing")

# 2. A screenshot of the report (first section open) is not blank.
single = work / "single.html"
run(ilio, "report", rules, "--facts", str(patients[4]), "-o", str(single))
shot = work / "single.png"
browser(single, f"--screenshot={shot}", "--window-size=1280,1600")
colours = png_colours(shot)
check(len(colours) >= 20, f"screenshot looks blank: {len(colours)} distinct colours")
print(f"screenshot: {len(colours)} distinct colours")

# 3. Hostile texts: no script runs, every text shows as written.
hostile = work / "hostile.html"
run(ilio, "report", hostile_rules, "--facts", hostile_facts, "-o", str(hostile))
raw = browser(hostile, "--dump-dom")
# The scripts would set document.title to "pwned"; the title must still be the report's.
page_title = html.unescape(raw.split("<title>")[1].split("</title>")[0])
check(page_title.startswith("ilio report: Hostile <script>"), f"an injected script ran: {page_title}")
check("<script" not in raw.lower(), "a <script> element reached the DOM")
check("<iframe" not in raw.lower() and "<img" not in raw.lower(), "injected markup in the DOM")
text = html.unescape(raw)
for shown in ["Hip <script>document.title='pwned'</script> </svg> [click](http://evil.example) {x}",
              "Step 1: </svg><script>document.title='pwned'</script> {braces} \"q\"",
              "30 s <b>x</b> & more"]:
    check(shown in text, f"not shown as written: {shown}")

# 4. 10,000 patients: one file, sections collapsed, loads in the browser.
lines = [json.dumps(json.loads(p.read_text())) for p in patients]
many = work / "many.jsonl"
many.write_text("\n".join(lines[i % len(lines)] for i in range(10000)) + "\n")
big = work / "many.html"
start = time.monotonic()
run(ilio, "report", rules, "--facts", str(many), "-o", str(big))
written = time.monotonic() - start
start = time.monotonic()
big_dom = browser(big, "--dump-dom")
loaded = time.monotonic() - start
check('id="patient-10000"' in big_dom, "the 10,000th patient is not in the DOM")
check(" open" not in big_dom.split("<main>")[1][:2000], "sections of a large report are open")
print(f"10,000 patients: report written in {written:.1f} s, {big.stat().st_size / 1e6:.1f} MB, "
      f"loaded and dumped by Chromium in {loaded:.1f} s")

if failures:
    sys.exit(f"{len(failures)} failures")
print("browser test passed")
