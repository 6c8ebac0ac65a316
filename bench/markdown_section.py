"""Replaces a generated section of a Markdown file: the text between `<!-- NAME:begin -->` and
`<!-- NAME:end -->`, written atomically (a temporary file beside it, then a rename), so an
interrupted run leaves the old page or the new one."""

import os
import sys


def replace_section(path: str, name: str, text: str) -> None:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    with open(path, encoding="utf-8") as f:
        page = f.read()
    if begin not in page or end not in page:
        sys.exit(f"{path} has no {begin} … {end} markers")
    head, rest = page.split(begin, 1)
    _, tail = rest.split(end, 1)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(head + begin + "\n" + text + end + tail)
    os.replace(temporary, path)
