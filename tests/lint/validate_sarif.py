"""Validates `ilio lint --format sarif` and `ilio check --format sarif` against the official
SARIF 2.1.0 schema, and checks the structure ilio promises: every result's rule is listed with
its help, locations carry character columns, notes become related locations.

usage: validate_sarif.py ILIO SCHEMA RULES CASES_DIR
"""
import glob
import json
import subprocess
import sys

import jsonschema


def sarif(ilio, *args):
    run = subprocess.run([ilio, *args], capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        sys.exit(f"{args}: exit {run.returncode}\n{run.stderr}")
    return json.loads(run.stdout)


def main():
    ilio, schema_path, rules, cases = sys.argv[1:5]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    files = [rules] + sorted(glob.glob(f"{cases}/*.ilio"))
    documents = [sarif(ilio, "lint", "--format", "sarif", *files),
                 sarif(ilio, "check", "--format", "sarif", *files)]
    for doc in documents:
        errors = sorted(validator.iter_errors(doc), key=str)
        if errors:
            sys.exit("SARIF does not validate:\n" + "\n".join(str(e)[:500] for e in errors[:5]))
        run = doc["runs"][0]
        assert doc["version"] == "2.1.0"
        assert run["columnKind"] == "unicodeCodePoints"
        rules_by_id = {r["id"]: i for i, r in enumerate(run["tool"]["driver"]["rules"])}
        for rule in run["tool"]["driver"]["rules"]:
            assert rule["help"]["text"], rule
        for result in run["results"]:
            assert rules_by_id[result["ruleId"]] == result["ruleIndex"], result
            assert result["level"] in ("error", "warning", "note"), result
            assert result["message"]["text"], result
            assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    lint_results = documents[0]["runs"][0]["results"]
    codes = {r["ruleId"] for r in lint_results}
    for code in ("L001", "L010", "L040"):
        assert code in codes, f"{code} missing from the lint results"
    assert any("relatedLocations" in r for r in lint_results), "no related locations"
    assert any("witness" in r.get("properties", {}) for r in lint_results), "no witness"
    print(f"{len(documents)} SARIF documents valid; {len(lint_results)} lint results")


if __name__ == "__main__":
    main()
