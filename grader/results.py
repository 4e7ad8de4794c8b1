"""The one result model every view (table, JSON, later CSV/JUnit/HTML) is rendered from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """How a graded task ended."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    NOT_ATTEMPTED = "not_attempted"


class Outcome(StrEnum):
    """How grading a submission as a whole ended, set where the facts are known (never parsed from text)."""

    GRADED = "graded"  # every task has its verdict (a malformed notebook too: its tasks are errors)
    TIMEOUT = "timeout"  # the submission ran past its wall-clock limit and was stopped
    SANDBOX_FAILED = "sandbox_failed"  # the sandbox did not start or broke: not the submission's doing
    GRADER_FAILED = "grader_failed"  # the grader's own pipeline raised (a reference, a check): not the submission's
    WORKER_DIED = "worker_died"  # the submission stopped its grading worker, twice (the submission's doing)


GRADER_PROBLEMS = frozenset({Outcome.SANDBOX_FAILED, Outcome.GRADER_FAILED})  # never the student's result: retried


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one pure check: did a value match, and if not, what to fix."""

    ok: bool
    message: str = ""
    credit: float = 0.0  # share of the points a failed check still earns (metric bands)

    @classmethod
    def passed(cls) -> CheckResult:
        return cls(True, "", 1.0)

    @classmethod
    def fail(cls, message: str, credit: float = 0.0) -> CheckResult:
        return cls(False, message, credit)


@dataclass(frozen=True)
class TaskResult:
    name: str
    score: float
    max_score: float
    status: Status
    message: str = ""
    hint: str = ""
    summary: str = ""  # what the task asks (FunctionTask.summary), shown beside its name


@dataclass(frozen=True)
class WeekResult:
    week: int
    title: str
    tasks: tuple[TaskResult, ...]

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tasks)


@dataclass(frozen=True)
class Report:
    """Everything `grader check` learned about one submission."""

    submission: str
    sha256: str
    grader_version: str
    weeks: tuple[WeekResult, ...]
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    seed: int | None = None
    seed_kind: str = "hidden"
    isolation: str = "process"
    kernel: str = ""  # warm (forked from a pre-started interpreter) or cold (a fresh one); "" in older reports
    duration_s: float = 0.0
    spec_versions: dict[str, str] = field(default_factory=dict)  # each week's human label (WeekSpec.version)
    timings: dict[str, float] = field(default_factory=dict)  # where the time went (cells, sandbox)
    outcome: Outcome = Outcome.GRADED
    spec_fingerprints: dict[str, str] = field(default_factory=dict)  # each week's grading fingerprint

    @property
    def score(self) -> float:
        return sum(w.score for w in self.weeks)

    @property
    def max_score(self) -> float:
        return sum(w.max_score for w in self.weeks)

    def to_json(self) -> dict:
        """The fixed JSON shape of `grader check --json` (extra fields after the fixed ones)."""
        return {
            "submission": self.submission,
            "sha256": self.sha256,
            "grader_version": self.grader_version,
            "score": round(self.score, 4),
            "max_score": round(self.max_score, 4),
            "weeks": [
                {
                    "week": w.week,
                    "title": w.title,
                    "score": round(w.score, 4),
                    "max_score": round(w.max_score, 4),
                    "tasks": [
                        {
                            **asdict(t),
                            "status": t.status.value,
                            "score": round(t.score, 4),
                            "max_score": round(t.max_score, 4),
                        }
                        for t in w.tasks
                    ],
                }
                for w in self.weeks
            ],
            "errors": list(self.errors),
            "notes": list(self.notes),
            "seed": self.seed,
            "seed_kind": self.seed_kind,
            "isolation": self.isolation,
            "kernel": self.kernel,
            "duration_s": round(self.duration_s, 3),
            "spec_versions": dict(self.spec_versions),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "outcome": self.outcome.value,
            "spec_fingerprints": dict(self.spec_fingerprints),
        }

    @classmethod
    def from_json(cls, doc: dict) -> Report:
        """The inverse of to_json (scores as rounded there): reports stored in the gradebook."""
        weeks = tuple(
            WeekResult(int(w["week"]), str(w["title"]), tuple(
                TaskResult(str(t["name"]), float(t["score"]), float(t["max_score"]), Status(t["status"]),
                           str(t.get("message", "")), str(t.get("hint", "")), str(t.get("summary", "")))
                for t in w["tasks"]))
            for w in doc["weeks"]
        )
        return cls(submission=str(doc["submission"]), sha256=str(doc["sha256"]),
                   grader_version=str(doc["grader_version"]), weeks=weeks, errors=tuple(doc.get("errors", ())),
                   notes=tuple(doc.get("notes", ())), seed=doc.get("seed"), seed_kind=str(doc.get("seed_kind", "")),
                   isolation=str(doc.get("isolation", "")), kernel=str(doc.get("kernel", "")),
                   duration_s=float(doc.get("duration_s", 0.0)),
                   spec_versions=dict(doc.get("spec_versions", {})), timings=dict(doc.get("timings", {})),
                   outcome=Outcome(doc.get("outcome", Outcome.GRADED)),  # older reports: graded
                   spec_fingerprints=dict(doc.get("spec_fingerprints", {})))
