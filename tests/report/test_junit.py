import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.report.junit import to_junit
from grader.results import Report, Status, TaskResult, WeekResult

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "junit-structure.xsd"


def sample_report() -> Report:
    tasks = (
        TaskResult("normalize", 0.5, 0.5, Status.PASSED),
        TaskResult("pad_pre", 0.0, 0.5, Status.FAILED, "pad_pre(): 6 of 12 values differ", "use 'pre'"),
        TaskResult("standardize", 0.0, 0.5, Status.ERROR, "raised ValueError: <bad> & \"quoted\" \x1b[31mred\x1b[0m"),
        TaskResult("truncate_post", 0.0, 0.5, Status.TIMEOUT, "did not return within 10 s"),
        TaskResult("decode_one_hot", 0.0, 0.5, Status.NOT_ATTEMPTED, "not attempted yet"),
    )
    return Report("lab.ipynb", "0" * 64, "0.1.0", (WeekResult(11, "RNN", tasks),), duration_s=3.21456,
                  notes=("cell 4 raised NameError: name 'np' is not defined",), seed=42,
                  spec_versions={"11": "week11-3"})


def parse(report: Report) -> ET.Element:
    return ET.fromstring(to_junit(report).split("\n", 1)[1])


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {c.get("name").split(" (")[0]: c for c in root.iter("testcase")}


def test_each_task_is_a_testcase_with_the_right_kind_of_outcome():
    root = parse(sample_report())
    suite = root.find("testsuite")
    assert root.get("tests") == "5"
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) \
        == ("week11", "5", "1", "2", "1")
    by_task = cases(root)
    assert by_task["normalize"].find("failure") is None and by_task["normalize"].find("error") is None
    assert by_task["pad_pre"].find("failure").get("message").startswith("pad_pre():")
    assert "hint: use 'pre'" in by_task["pad_pre"].find("failure").text
    assert by_task["standardize"].find("error").get("message").startswith('raised ValueError: <bad> & "quoted"')
    assert by_task["truncate_post"].find("error").get("type") == "timeout"
    assert by_task["decode_one_hot"].find("skipped") is not None


def test_points_are_in_the_testcase_name_and_system_out_where_ci_reporters_show_them():
    by_task = cases(parse(sample_report()))
    assert by_task["normalize"].get("name") == "normalize (0.5/0.5)"
    assert by_task["pad_pre"].get("name") == "pad_pre (0/0.5)"
    assert by_task["pad_pre"].find("system-out").text.startswith("pad_pre: 0 / 0.5 points (failed)")
    assert by_task["pad_pre"].find("properties") is None


def test_suite_properties_carry_totals_seed_and_spec_version():
    root = parse(sample_report())
    props = {p.get("name"): p.get("value") for p in root.find("testsuite/properties")}
    assert props["score"] == "0.5" and props["max_score"] == "2.5"
    assert props["seed"] == "42" and props["spec_version"] == "week11-3"


def test_cell_notes_go_to_system_err_and_times_have_at_most_three_decimals():
    root = parse(sample_report())
    suite = root.find("testsuite")
    assert "NameError" in suite.find("system-err").text
    assert suite.get("time") == "3.215" and root.get("time") == "3.215"


def test_junit_is_valid_against_the_junit_10_structure():
    xmlschema = pytest.importorskip("xmlschema", reason="pip install xmlschema (the dev extra) to validate JUnit XML")
    schema = xmlschema.XMLSchema(SCHEMA)
    schema.validate(to_junit(sample_report()))
    empty = Report("x.py", "0" * 64, "0.1.0", (WeekResult(1, "warm-up", ()),))
    schema.validate(to_junit(empty))


def test_control_characters_from_student_output_keep_the_xml_well_formed():
    text = to_junit(sample_report())
    assert "\x1b" not in text
    ET.fromstring(text.split("\n", 1)[1])
