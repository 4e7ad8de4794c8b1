import xml.etree.ElementTree as ET

from grader.report.junit import to_junit
from grader.results import Report, Status, TaskResult, WeekResult


def sample_report() -> Report:
    tasks = (
        TaskResult("normalize", 0.5, 0.5, Status.PASSED),
        TaskResult("pad_pre", 0.0, 0.5, Status.FAILED, "pad_pre(): 6 of 12 values differ", "use 'pre'"),
        TaskResult("standardize", 0.0, 0.5, Status.ERROR, "raised ValueError: <bad> & \"quoted\""),
        TaskResult("truncate_post", 0.0, 0.5, Status.TIMEOUT, "did not return within 10 s"),
        TaskResult("decode_one_hot", 0.0, 0.5, Status.NOT_ATTEMPTED, "not attempted yet"),
    )
    return Report("lab.ipynb", "0" * 64, "0.1.0", (WeekResult(11, "RNN", tasks),), duration_s=3.2)


def test_each_task_is_a_testcase_with_the_right_kind_of_outcome():
    root = ET.fromstring(to_junit(sample_report()).split("\n", 1)[1])
    suite = root.find("testsuite")
    assert root.get("tests") == "5"
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) \
        == ("week11", "5", "1", "2", "1")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert cases["normalize"].find("failure") is None and cases["normalize"].find("error") is None
    assert cases["pad_pre"].find("failure").get("message").startswith("pad_pre():")
    assert "hint: use 'pre'" in cases["pad_pre"].find("failure").text
    assert cases["standardize"].find("error").get("message") == 'raised ValueError: <bad> & "quoted"'
    assert cases["truncate_post"].find("error").get("type") == "timeout"
    assert cases["decode_one_hot"].find("skipped") is not None


def test_points_travel_as_properties():
    root = ET.fromstring(to_junit(sample_report()).split("\n", 1)[1])
    props = {p.get("name"): p.get("value") for p in root.find("testsuite/properties")}
    assert props["score"] == "0.5" and props["max_score"] == "2.5"
    case = root.find("testsuite/testcase[@name='pad_pre']")
    assert case.find("properties/property").get("value") == "0/0.5"
