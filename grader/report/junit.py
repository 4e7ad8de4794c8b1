"""JUnit XML for CI: one testsuite per week, one testcase per task.

JUnit has no notion of points: they go into <properties>; a wrong answer is a <failure>, an
exception or timeout an <error>, a stub left untouched is <skipped>. CI should fail on the
process exit code (`--fail-under`), not on this file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.results import Report, Status


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def to_junit(report: Report) -> str:
    root = ET.Element("testsuites", name=f"grader {report.grader_version}", tests="0")
    total_tests = 0
    for week in report.weeks:
        tasks = week.tasks
        suite = ET.SubElement(root, "testsuite", {
            "name": f"week{week.week:02d}",
            "tests": str(len(tasks)),
            "failures": str(sum(t.status is Status.FAILED for t in tasks)),
            "errors": str(sum(t.status in (Status.ERROR, Status.TIMEOUT) for t in tasks)),
            "skipped": str(sum(t.status is Status.NOT_ATTEMPTED for t in tasks)),
            "time": _fmt(report.duration_s),
        })
        props = ET.SubElement(suite, "properties")
        for name, value in (("score", week.score), ("max_score", week.max_score), ("seed_kind", report.seed_kind),
                            ("isolation", report.isolation), ("submission", report.submission)):
            ET.SubElement(props, "property", name=name, value=_fmt(value) if isinstance(value, float) else str(value))
        for t in tasks:
            case = ET.SubElement(suite, "testcase", classname=f"week{week.week:02d}", name=t.name, time="0")
            ET.SubElement(ET.SubElement(case, "properties"), "property", name="points",
                          value=f"{_fmt(t.score)}/{_fmt(t.max_score)}")
            text = t.message + (f"\nhint: {t.hint}" if t.hint else "")
            if t.status is Status.FAILED:
                ET.SubElement(case, "failure", message=t.message[:500], type="wrong answer").text = text
            elif t.status in (Status.ERROR, Status.TIMEOUT):
                ET.SubElement(case, "error", message=t.message[:500], type=t.status.value).text = text
            elif t.status is Status.NOT_ATTEMPTED:
                ET.SubElement(case, "skipped", message=t.message[:500])
        total_tests += len(tasks)
    root.set("tests", str(total_tests))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
