"""JUnit XML for CI: one testsuite per week, one testcase per task, valid against junit-10.xsd.

JUnit has no notion of points, and CI reporters (GitHub's, GitLab's) show only test names,
messages and system-out: so each testcase is named with its points (`normalize (0.24/0.24)`)
and repeats them in <system-out>; suite totals, seed and isolation are suite <properties>
(the only place the schema allows them); cell notes and submission problems go to the suite's
<system-err>. A wrong answer is a <failure>, an exception or timeout an <error>, an untouched
stub <skipped>. CI should fail on the process exit code (`--fail-under`), not on this file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from grader.report.text import format_points
from grader.results import Report, Status

# Characters XML 1.0 cannot carry (students' exceptions may hold ANSI escapes and other controls).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(s: str) -> str:
    return _NOT_XML.sub("\ufffd", s)


def _seconds(x: float) -> str:
    """Times with at most 3 decimals (junit-10.xsd's SUREFIRE_TIME, and what reporters parse)."""
    return f"{max(x, 0.0):.3f}"


def testcase_name(name: str, score: float, max_score: float) -> str:
    """The name CI shows for a task, with its points."""
    return f"{name} ({format_points(score)}/{format_points(max_score)})"


def to_junit(report: Report) -> str:
    root = ET.Element("testsuites", name=f"grader {report.grader_version}", tests="0",
                      time=_seconds(report.duration_s))
    fingerprints = getattr(report, "spec_fingerprints", None) or {}
    total_tests = failures = errors = 0
    for week in report.weeks:
        tasks = week.tasks
        n_fail = sum(t.status is Status.FAILED for t in tasks)
        n_err = sum(t.status in (Status.ERROR, Status.TIMEOUT) for t in tasks)
        suite = ET.SubElement(root, "testsuite", {
            "name": f"week{week.week:02d}",
            "tests": str(len(tasks)),
            "failures": str(n_fail),
            "errors": str(n_err),
            "skipped": str(sum(t.status is Status.NOT_ATTEMPTED for t in tasks)),
            "time": _seconds(report.duration_s),
        })
        props = ET.SubElement(suite, "properties")
        key = str(week.week)
        for name, value in (("score", format_points(week.score)), ("max_score", format_points(week.max_score)),
                            ("seed", "" if report.seed is None else str(report.seed)),
                            ("seed_kind", report.seed_kind), ("isolation", report.isolation),
                            ("submission", report.submission), ("grader_version", report.grader_version),
                            ("spec_version", report.spec_versions.get(key, "")),
                            ("spec_fingerprint", str(fingerprints.get(key, "")))):
            if value:
                ET.SubElement(props, "property", name=name, value=_text(value))
        for t in tasks:
            case = ET.SubElement(suite, "testcase", classname=f"week{week.week:02d}",
                                 name=_text(testcase_name(t.name, t.score, t.max_score)), time="0.000")
            text = _text(t.message + (f"\nhint: {t.hint}" if t.hint and t.status is not Status.PASSED else ""))
            message = _text(t.message[:500])
            if t.status is Status.FAILED:
                ET.SubElement(case, "failure", message=message, type="wrong answer").text = text
            elif t.status in (Status.ERROR, Status.TIMEOUT):
                ET.SubElement(case, "error", message=message, type=t.status.value).text = text
            elif t.status is Status.NOT_ATTEMPTED:
                ET.SubElement(case, "skipped", message=message)
            points = f"{t.name}: {format_points(t.score)} / {format_points(t.max_score)} points ({t.status.value})"
            ET.SubElement(case, "system-out").text = points + (f"\n{text}" if text else "")
        problems = [*report.errors, *report.notes]
        if problems:
            ET.SubElement(suite, "system-err").text = _text("\n".join(problems))
        total_tests += len(tasks)
        failures += n_fail
        errors += n_err
    root.set("tests", str(total_tests))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
