"""A small graded class for the HTML views' tests (and for looking at the pages): three students,
weeks 10 and 11, passes, a mistake two students share with different numbers, an exception, a
submission that could not be graded, a manual grade, and hostile text in a message."""

from dataclasses import replace

from grader.report.gradebook import build_rows
from grader.report.html import Graded
from grader.results import Report, Status, TaskResult, WeekResult

HOSTILE = "<script>document.title='owned'</script><img src=x onerror=alert(1)>"
PAD_POST = ("pad_pre() on hidden sequences {n}: {k} of 12 values differ; first at [1, 0]: got 1, expected 0. "
            "Likely cause: the zeros are at the end (padding='post'); this task pads at the start, "
            "keras.utils.pad_sequences' default 'pre'. Check the order of the arguments you pass, and that the "
            "shorter sequences are padded to the length of the longest one, which is what the notes do in "
            "section 4.2 when they prepare the sequences for the embedding layer.")


def _report(name: str, week: int, tasks: tuple[TaskResult, ...], errors: tuple[str, ...] = ()) -> Report:
    title = {10: "LSTM and GRU cells", 11: "RNN and RNN labs"}[week]
    return Report(f"{name}.ipynb", f"{week:02d}{name:>6}".replace(" ", "0") * 4 + "a" * 48, "0.1.0",
                  (WeekResult(week, title, tasks),), errors=errors, seed=123456789, seed_kind="hidden",
                  isolation="bubblewrap", spec_versions={str(week): f"week{week}-3"})


def _t(name: str, score: float, of: float, status: Status, message: str = "", hint: str = "") -> TaskResult:
    return TaskResult(name, score, of, status, message, hint)


P = Status.PASSED


def graded() -> list[Graded]:
    def week11(normalize: TaskResult, pad: TaskResult) -> tuple[TaskResult, ...]:
        series = replace(_t("series_to_supervised", 2.0, 2.0, P), summary="(series, n_in, n_out) -> a <frame>")
        return (normalize, pad, series)

    alice = week11(_t("normalize", 1.0, 1.0, P), _t("pad_pre", 1.0, 1.0, P))
    bob = week11(_t("normalize", 0.0, 1.0, Status.ERROR, f"normalize() raised ValueError: {HOSTILE}",
                    "fit the scaler on a 2-D array"),
                 _t("pad_pre", 0.0, 1.0, Status.FAILED, PAD_POST.format(n=2, k=6), "padding='pre'"))
    dave = week11(_t("normalize", 1.0, 1.0, P), _t("pad_pre", 0.0, 1.0, Status.FAILED, PAD_POST.format(n=3, k=4)))
    t = 1_764_300_000.0
    return [
        Graded("alice", 11, "graded", _report("alice", 11, alice), "/class/alice/week11.ipynb", t),
        Graded("bob", 11, "graded", _report("bob", 11, bob), "/class/bob/week11.ipynb", t),
        Graded("dave", 11, "graded", _report("dave", 11, dave), "/class/dave_week11.ipynb", t),
        Graded("bob", 10, "graded", _report("bob", 10, (
            _t("lstm_step", 0.0, 1.0, Status.ERROR, "lstm_step() raised IndexError: index 4 is out of bounds"),
            _t("gru_step", 0.0, 1.0, Status.TIMEOUT, "gru_step() did not return within 30 s"),
            _t("lstm_forward", 0.0, 2.0, Status.NOT_ATTEMPTED, "still raises NotImplementedError"))),
               "/class/bob/week10.ipynb", t),
        Graded("carol", 11, "error", _report("carol", 11, (), errors=("the sandbox did not start",)),
               "/class/carol/week11.ipynb", t),
    ]


def rows():
    done = graded()
    return build_rows(["alice", "bob", "carol", "dave"], {(g.student, g.week): g.report.score for g in done},
                      {("alice", 12): 8.0})
