"""What a clinician sees, from Python: the summary, why / why not, CDS Hooks cards, the coloured
graph and the HTML report are the library's renderings (the same text as the golden files of
tests/render/patients), on results and on explanations."""

import html
import json
import pathlib
import pickle

import pandas as pd
import pytest

import ilio
from conftest import PATIENTS, ROOT, patient

GOLDEN = ROOT / "tests" / "render" / "patients"
EXAMPLES = sorted(PATIENTS.glob("*.json"))


def golden(name):
    return (GOLDEN / name).read_text()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_summary_and_cards_are_the_golden_renderings(rules, path):
    result = rules.evaluate(json.loads(path.read_text()))
    summary = result.summary(patient=path.name)
    assert summary == golden(path.stem + ".summary.txt")
    assert summary.count("\n") <= 40
    assert result.summary("markdown", patient=path.name) == golden(path.stem + ".summary.md")
    assert result.cds_cards() == json.loads(golden(path.stem + ".cards.json"))
    explanation = result.explain()
    assert explanation.summary(patient=path.name) == summary
    assert explanation.cds_cards() == result.cds_cards()


def test_summary_options(rules):
    result = rules.evaluate(patient("05-hip-pain-during-test.json"))
    plain = result.summary()
    assert plain.startswith("Releasing a tight psoas (psoas_release 3.0.0)\n")
    assert "NOT CLEARED: Refer for medical assessment before release work" in plain
    assert "\x1b[" not in plain and "\x1b[" in result.summary(color=True)
    why = result.summary(why=True)
    assert why.startswith(plain.rstrip("\n")) and len(why) > len(plain)
    fragment = result.summary("html")
    assert fragment.startswith("<h2>") and "<html" not in fragment
    assert "Possible hip joint pathology" in html.unescape(fragment)
    with pytest.raises(ValueError, match="format must be 'text', 'markdown' or 'html'"):
        result.summary("pdf")


def test_why_and_why_not(rules):
    result = rules.evaluate(patient("05-hip-pain-during-test.json"))
    fired = result.why("hip_joint_pathology")
    assert "Possible hip joint pathology" in fired and "clicking" in fired
    withheld = result.why("psoas_stretch.left")
    assert "Refer for medical assessment" in withheld  # what closed its step's gate
    assert result.why("psoas_stretch.left", "markdown") != withheld
    assert result.explain().why("psoas_stretch.left") == withheld
    with pytest.raises(KeyError, match="no_such_conclusion"):
        result.why("no_such_conclusion")


def test_cards_follow_the_spec(rules):
    response = rules.evaluate(patient("12-cauda-equina-emergency.json")).cds_cards()
    assert set(response) == {"cards"} and response["cards"]
    for card in response["cards"]:
        assert len(card["summary"]) <= 140
        assert card["indicator"] in {"info", "warning", "critical"}
        assert card["source"]["label"] and card["detail"] and len(card["uuid"]) == 36
    assert response["cards"][0]["indicator"] == "critical"
    assert rules.evaluate({}).cds_cards() == {"cards": []}


def test_graph_is_coloured_for_the_patient(rules):
    result = rules.evaluate(patient("05-hip-pain-during-test.json"))
    dot = result.graph("dot")
    assert dot == golden("05-hip-pain-during-test.graph.dot")
    assert "gate closed" in dot and dot != rules.to_dot()
    svg = result.graph()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "Possible hip joint pathology" in svg
    with pytest.raises(ValueError, match="'dot' or 'svg'"):
        result.graph("png")


def test_report_of_one_patient_and_of_many(rules):
    hip = rules.evaluate(patient("05-hip-pain-during-test.json"))
    page = hip.report_html("hip <pain>.json")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    assert "hip &lt;pain&gt;.json" in page and "<script" not in page
    assert hip.summary("html", patient="hip <pain>.json") in page

    results = rules.evaluate_many(json.loads(p.read_text()) for p in EXAMPLES)
    names = [p.name for p in EXAMPLES]
    report = rules.report_html(results, names)
    assert report.count('<section class="patient-section"') == len(EXAMPLES)
    assert report.count("<svg") == len(EXAMPLES)
    for result, name in zip(results, names):
        assert result.summary("html", patient=name) in report
    assert "patient 1</summary>" not in report
    assert "patient 1 — " in rules.report_html(results[:1])
    with pytest.raises(ValueError, match=f"2 names for {len(EXAMPLES)} results"):
        rules.report_html(results, names[:2])
    other = ilio.load(ROOT / "rules" / "ottawa_ankle.ilio")
    with pytest.raises(ValueError, match="evaluated with rule set `psoas_release`"):
        other.report_html(results)


def test_notebooks_show_the_summary_and_graph(rules):
    result = rules.evaluate(patient("02-short-iliopsoas.json"))
    fragment = result._repr_html_()
    assert fragment.startswith('<div class="ilio-patient">')
    assert "<html" not in fragment and "<body" not in fragment and "<script" not in fragment
    # Its style is scoped to the fragment, so a notebook page keeps its own.
    style = fragment.split("<style>")[1].split("</style>")[0]
    selectors = [rule.split("{")[0] for rule in style.split("}") if "{" in rule]
    assert selectors and all(s.strip().startswith(".ilio-") for s in selectors)
    assert result.summary("html") in fragment and fragment.count("<svg") == 1
    assert result.explain()._repr_html_() == result.summary("html")
    # A result that went through pickling renders the same.
    assert pickle.loads(pickle.dumps(result))._repr_html_() == fragment


def test_out_of_population_is_a_status_everywhere():
    ottawa = ilio.load(ROOT / "rules" / "ottawa_ankle.ilio")
    child = json.loads((ROOT / "examples" / "ottawa_ankle" / "04-child-tender-malleolus.json")
                       .read_text())
    result = ottawa.evaluate(child)
    assert "out_of_population" in result.statuses.values()
    assert "out of population" in repr(result)
    frame = ottawa.evaluate_frame(pd.DataFrame([child, child]))
    for c in ottawa.conclusions:
        assert list(frame[c.name].cat.categories) == list(ilio.STATUSES)
        assert list(frame[c.name]) == [result.status(c.name)] * 2
