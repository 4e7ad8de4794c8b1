"""Turning call outcomes into task results: statuses, messages, diagnoses, points."""

import numpy as np
import pytest

from exercises.week11.spec import SPEC
from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.results import Status
from grader.sandbox.runner import CallOutcome

PAD_PRE = next(t for t in SPEC.tasks if t.name == "pad_pre")
SEQS = [[1, 2, 3, 4], [1, 2, 3], [1]]
EXPECTED = np.array([[1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 1]])


def run(outcome, case_args=(SEQS,)):
    from grader.spec import Case

    return [CaseRun(Case(case_args, label="the notes' sequences", public=True), EXPECTED, outcome)]


def test_a_correct_value_earns_the_points():
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("returned", EXPECTED.copy())), RunContext())
    assert (r.status, r.score, r.max_score) == (Status.PASSED, 0.5, 0.5)


def test_post_padding_is_named_as_the_likely_cause():
    wrong = np.array([[1, 2, 3, 4], [1, 2, 3, 0], [1, 0, 0, 0]])
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("returned", wrong)), RunContext())
    assert r.status is Status.FAILED and r.score == 0
    assert "padding='post'" in r.message and "on the notes' sequences" in r.message


def test_an_untouched_stub_is_not_attempted():
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("not_implemented")), RunContext())
    assert r.status is Status.NOT_ATTEMPTED and "not attempted" in r.message


def test_an_old_api_error_carries_the_current_replacement():
    info = {"type": "ImportError", "message": "cannot import name 'pad_sequences' from 'keras.preprocessing'"}
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("raised", info=info)), RunContext())
    assert r.status is Status.ERROR and "from keras.utils import pad_sequences" in r.hint


def test_a_missing_function_points_at_the_cell_that_failed_to_define_it():
    ctx = RunContext(failed_definitions={"pad_pre": "cell 4 raised SyntaxError: invalid syntax"},
                     defined=frozenset({"pad_pre"}))
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("missing")), ctx)
    assert r.status is Status.ERROR and "cell 4 raised SyntaxError" in r.message


def test_a_misspelled_function_is_reported_as_such():
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("missing")), RunContext(defined=frozenset({"padpre"})))
    assert "no code cell has `def pad_pre(...)`" in r.message


@pytest.mark.parametrize(("outcome", "status"), [("timeout", Status.TIMEOUT), ("died", Status.ERROR),
                                                  ("unreadable", Status.ERROR), ("no_result", Status.ERROR)])
def test_every_other_outcome_is_a_graded_status_with_a_message(outcome, status):
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome(outcome, info={"message": "x"})), RunContext())
    assert r.status is status and r.score == 0 and r.message


def test_no_result_after_the_submission_timed_out_is_a_timeout():
    r = evaluate_task(PAD_PRE, 0.5, run(CallOutcome("no_result")), RunContext(timed_out=True))
    assert r.status is Status.TIMEOUT


def test_every_case_must_pass():
    from grader.spec import Case

    runs = [CaseRun(Case((SEQS,), label="public", public=True), EXPECTED, CallOutcome("returned", EXPECTED)),
            CaseRun(Case((SEQS,), label="hidden sequences 1"), EXPECTED + 1, CallOutcome("returned", EXPECTED))]
    r = evaluate_task(PAD_PRE, 0.5, runs, RunContext())
    assert r.status is Status.FAILED and "hidden sequences 1" in r.message


def test_a_check_that_raises_is_the_graders_failure_not_the_students():
    import dataclasses

    from grader.grading import GRADER_FAILED_TASK, _evaluate

    def broken_check(actual, expected):
        raise ValueError("a bug in a check")

    task = dataclasses.replace(PAD_PRE, check=broken_check)
    r, problem = _evaluate(task, 0.5, run(CallOutcome("returned", [[1, 2]])), RunContext())
    assert r.status is Status.ERROR and r.score == 0 and r.message == GRADER_FAILED_TASK
    assert problem == "ValueError: a bug in a check"


def test_a_property_checked_tasks_mistake_is_named_by_how_it_fails():
    """Any shuffled split passes week 3's split_and_scale, so a student's split never equals a mistake's:
    the mistake is recognised by failing the check the same way (a different shuffle seed here)."""
    from exercises.week03.spec import SPEC as WEEK3
    from grader.plan import plan_week

    (planned,) = [p for p in plan_week(WEEK3, 7) if p.task.name == "split_and_scale"]
    case, expected = planned.cases[1], planned.expected[1]  # hidden: test_size is never 0.25
    X, y, size, _seed = case.args
    answer = train_test_split_scaled(X, y, None, 999)  # test_size not passed on: the default 0.25
    r = evaluate_task(planned.task, 2, [CaseRun(case, expected, CallOutcome("returned", answer))], RunContext())
    assert r.status is Status.FAILED and "Likely cause: test_size is not passed on" in r.message
    right = evaluate_task(planned.task, 2, [CaseRun(case, expected, CallOutcome(
        "returned", train_test_split_scaled(X, y, size, 999)))], RunContext())
    assert right.status is Status.PASSED


def train_test_split_scaled(X, y, size, seed):
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=size, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test



@pytest.mark.parametrize(("student", "cause"), [
    (lambda s, n: [k for k, _ in sorted(s.items(), key=lambda kv: -kv[1])[:n]], "keep the dict's order"),
    (lambda s, n: [k for k, _ in sorted(s.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)[:n]],
     "reverse alphabetical order"),
])
def test_of_two_mistakes_that_coincide_on_the_failing_case_the_one_the_other_answers_show_is_named(student, cause):
    """Week 1 top_n: on a tie listed against alphabetical order, insertion order and reverse=True give the same
    wrong answer; a tie listed along it tells them apart, and the diagnosis follows the student's answers there."""
    from exercises.week01.spec import SPEC as WEEK1
    from grader.plan import plan_week

    (planned,) = [p for p in plan_week(WEEK1, 3) if p.task.name == "top_n"]
    runs = [CaseRun(c, e, CallOutcome("returned", student(*c.args)))
            for c, e in zip(planned.cases, planned.expected, strict=True)]
    r = evaluate_task(planned.task, 1, runs, RunContext())
    assert r.status is Status.FAILED and cause in r.message.split("Likely cause:")[1] and "; or:" not in r.message


def test_every_outcome_kind_has_a_handler():
    from grader.evaluate import HANDLERS
    from grader.sandbox.protocol import OutcomeKind

    assert set(HANDLERS) == set(OutcomeKind)


PREDICT = next(t for t in SPEC.tasks if t.mode == "predict")
CTX = RunContext(killed_for=("memory: 5000 MB resident, limit 4096 MB",))
MESSAGES = [  # each outcome's message, word for word (students and TAs read these)
    (PAD_PRE, "not_implemented", {}, Status.NOT_ATTEMPTED,
     "pad_pre() still raises NotImplementedError: not attempted yet"),
    (PAD_PRE, "missing", {}, Status.ERROR,
     "pad_pre is not defined: no code cell has `def pad_pre(...)`; check the spelling"),
    (PAD_PRE, "not_callable", {"type": "int"}, Status.ERROR, "pad_pre is a int, not a function"),
    (PAD_PRE, "raised", {"type": "ValueError", "message": "bad", "traceback": "line 2, in pad_pre: x\n"},
     Status.ERROR, "pad_pre() on the notes' sequences raised ValueError: bad [line 2, in pad_pre: x]"),
    (PAD_PRE, "timeout", {"message": "did not return within 5 s"}, Status.TIMEOUT,
     "pad_pre() on the notes' sequences did not return within 5 s: look for a loop that never ends"),
    (PAD_PRE, "died", {"message": "the kernel process exited"}, Status.ERROR,
     "pad_pre() on the notes' sequences stopped the kernel (the kernel process exited)"),
    (PAD_PRE, "unreadable", {"message": "unknown tag"}, Status.ERROR,
     "pad_pre() on the notes' sequences returned something the grader cannot read: unknown tag. "
     "Return NumPy arrays, lists, numbers, strings or DataFrames"),
    (PAD_PRE, "no_result", {}, Status.ERROR,
     "the notebook stopped before this task could be checked: memory: 5000 MB resident, limit 4096 MB"),
    (PAD_PRE, "skipped", {}, Status.ERROR,
     "the notebook stopped before this task could be checked: memory: 5000 MB resident, limit 4096 MB"),
    (PAD_PRE, "mutated", {"argument": "sequences", "position": "0", "kind": "list"}, Status.FAILED,
     "pad_pre() on the notes' sequences changed its argument `sequences` (position 0) in place: build a new "
     "list (list(sequences) or copy.deepcopy(sequences)) instead of changing it; the caller's data must stay as "
     "it was"),
    (PREDICT, "missing", {}, Status.ERROR,
     f"{PREDICT.function} is not defined: train your model and assign it to `{PREDICT.function}`"),
    (PREDICT, "not_callable", {"type": "NoneType"}, Status.NOT_ATTEMPTED,
     f"{PREDICT.function} is still None: not trained yet"),
    (PREDICT, "not_callable", {"type": "str"}, Status.ERROR,
     f"{PREDICT.function} is a str, not a Keras model: train your model and assign it to `{PREDICT.function}`"),
]


@pytest.mark.parametrize(("task", "outcome", "info", "status", "message"), MESSAGES)
def test_each_outcome_has_its_status_and_message_word_for_word(task, outcome, info, status, message):
    r = evaluate_task(task, 0.5, run(CallOutcome(outcome, info=info)), CTX)
    assert (r.status, r.message) == (status, message)
