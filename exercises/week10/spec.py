"""Week 10 grading specification: LSTM and GRU cells in NumPy, and framing sequence problems.

The cells are checked against `reference.rnn_cells`, which tests/reference pins equal to
keras.layers.LSTM/GRU (1e-5) given the same weights, on hidden inputs of random batch size,
length, width and units. Known mistakes (gate blocks in the wrong order, the GRU's update
written the textbook way, the reset gate on the wrong side of the matmul) are named.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.checks import check_array, check_tuple
from grader.spec import Case, DoesNotApply, FunctionTask, Mistake, WeekSpec
from reference import rnn_cells as ref
from reference import sequence_framing as frame

TOL = {"rtol": 1e-5, "atol": 1e-5}


# -- hidden inputs -----------------------------------------------------------------------
def _sizes(rng: np.random.Generator) -> tuple[int, int, int, int]:
    return tuple(int(v) for v in (rng.integers(1, 5), rng.integers(2, 7), rng.integers(1, 5), rng.integers(1, 6)))


def _weights(rng: np.random.Generator, d: int, u: int, gates: int, gru_bias_rows: int = 0) -> list[np.ndarray]:
    bias_shape = (gru_bias_rows, gates * u) if gru_bias_rows else (gates * u,)
    return [rng.normal(scale=0.5, size=(d, gates * u)), rng.normal(scale=0.5, size=(u, gates * u)),
            rng.normal(scale=0.5, size=bias_shape)]


def _describe(b: int, t: int, d: int, u: int) -> str:
    return f"batch {b}, {t} steps, {d} features, {u} units"


def _lstm_cases(step: bool):
    def make(rng: np.random.Generator) -> list[Case]:
        cases = []
        for i, sizes in enumerate([(2, 3, 2, 3), _sizes(rng), _sizes(rng)]):
            b, t, d, u = sizes
            r = np.random.default_rng(0) if i == 0 else rng
            w = _weights(r, d, u, 4)
            label = f"{'a fixed example' if i == 0 else f'hidden input {i}'} ({_describe(b, t, d, u)})"
            if step:
                args = (r.normal(size=(b, d)), r.normal(size=(b, u)), r.normal(size=(b, u)), *w)
            else:
                args = (r.normal(size=(b, t, d)), *w)
            cases.append(Case(args, label=label, public=i == 0))
        return cases

    return make


def _gru_cases(step: bool):
    """Both conventions on fixed and hidden inputs, plus a hidden call that omits reset_after (its
    documented default, True, with a (2, 3U) bias)."""
    def make(rng: np.random.Generator) -> list[Case]:
        cases = []
        plan = [(True, (2, 3, 2, 3)), (False, (2, 3, 2, 3)), (True, _sizes(rng)), (False, _sizes(rng)),
                (None, _sizes(rng))]
        for i, (reset_after, (b, t, d, u)) in enumerate(plan):
            r = np.random.default_rng(i) if i < 2 else rng
            w = _weights(r, d, u, 3, gru_bias_rows=0 if reset_after is False else 2)
            x = r.normal(size=(b, d)) if step else r.normal(size=(b, t, d))
            args = (x, r.normal(size=(b, u)), *w) if step else (x, *w)
            what = "a fixed example" if i < 2 else f"hidden input {i - 1}"
            given = "reset_after left at its default" if reset_after is None else f"reset_after={reset_after}"
            cases.append(Case(args, {} if reset_after is None else {"reset_after": reset_after}, public=i < 2,
                              label=f"{what} ({_describe(b, t, d, u)}, {given})"))
        return cases

    return make


def _series(rng: np.random.Generator) -> list[float]:
    return [float(v) for v in np.round(rng.uniform(0, 100, size=int(rng.integers(8, 20))), 1)]


FIXED_STEPS = "the windows are always 3 long (the example's n_steps): use the n_steps argument"


def _prediction_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([10.0, 20, 30, 40, 50, 60, 70, 80, 90], 3), label="the series 10..90 with 3 steps", public=True)]
    for i in range(2):
        s = _series(rng)
        n_steps = int(rng.choice([2, 4, 5]))  # never the public 3: an ignored n_steps shows on every draw
        cases.append(Case((s, n_steps), label=f"hidden series {i + 1} ({len(s)} values)"))
    return cases


def _seq2seq_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5, 5), label="the lecture's 1..10 (5 in, 5 out)", public=True)]
    for i in range(2):
        s = _series(rng)
        n_in, n_out = int(rng.integers(2, 5)), int(rng.integers(1, 4))
        cases.append(Case((s, n_in, n_out), label=f"hidden series {i + 1} ({len(s)} values, {n_in} in, {n_out} out)"))
    return cases


def _classification_cases(rng: np.random.Generator) -> list[Case]:
    """Hidden labels hold every class, the first never the smallest, so first-appearance codes always
    differ from LabelEncoder's sorted ones."""
    cases = [Case(([[1.0, 2, 3, 4, 5], [5.0, 4, 3, 2, 1], [1.0, 3, 5, 7, 9]], ["good", "bad", "good"]),
                  label="three sequences labelled good/bad/good", public=True)]
    for i in range(2):
        n, t = int(rng.integers(4, 8)), int(rng.integers(2, 6))
        seqs = [[float(v) for v in rng.integers(0, 10, size=t)] for _ in range(n)]
        labels = ["up", "down", "flat", *(str(x) for x in rng.choice(["up", "down", "flat"], size=n - 3))]
        rng.shuffle(labels)
        if labels[0] == "down":
            other = next(k for k, x in enumerate(labels) if x != "down")
            labels[0], labels[other] = labels[other], labels[0]
        cases.append(Case((seqs, labels), label=f"hidden sequences {i + 1} ({n} of length {t})"))
    return cases


# -- known mistakes ----------------------------------------------------------------------
def _permute(blocks: list[int], n_gates: int, *weights: np.ndarray) -> list[np.ndarray]:
    out = []
    for w in weights:
        parts = np.split(np.asarray(w), n_gates, axis=-1)
        out.append(np.concatenate([parts[b] for b in blocks], axis=-1))
    return out


def _lstm_with_gate_order(blocks: list[int], step: bool):
    def produce(*args):
        head, weights = (args[:3], args[3:]) if step else (args[:1], args[1:])
        fn = ref.lstm_step if step else ref.lstm_forward
        return fn(*head, *_permute(blocks, 4, *weights))
    return produce


def _gru_variant(step: bool, textbook_update: bool = False, reset_swapped: bool = False,
                 gates_swapped: bool = False):
    """The reference GRU with one convention changed, to recognise a student's slip."""
    def cell(x, h, kernel, recurrent, bias, reset_after=True):
        if gates_swapped:
            kernel, recurrent, bias = _permute([1, 0, 2], 3, kernel, recurrent, bias)
        u = np.asarray(recurrent).shape[0]
        bias = np.asarray(bias)
        b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * u))
        xz, xr, xh = np.split(np.asarray(x) @ kernel + b_in, 3, axis=-1)
        uz, ur, uh = np.split(np.asarray(recurrent), 3, axis=-1)
        bz, br, bh = np.split(b_rec, 3)
        z = ref.sigmoid(xz + h @ uz + bz)
        r = ref.sigmoid(xr + h @ ur + br)
        after = reset_after != reset_swapped
        cand = np.tanh(xh + r * (h @ uh + bh)) if after else np.tanh(xh + (r * h) @ uh + bh)
        return (1 - z) * h + z * cand if textbook_update else z * h + (1 - z) * cand

    def produce(*args, reset_after=True):
        if step:
            return cell(*args, reset_after=reset_after)
        X, weights = np.asarray(args[0], dtype=float), args[1:]
        h = np.zeros((X.shape[0], np.asarray(weights[1]).shape[0]))
        outs = []
        for t in range(X.shape[1]):
            h = cell(X[:, t, :], h, *weights, reset_after=reset_after)
            outs.append(h)
        return np.stack(outs, axis=1), h
    return produce


def _first_seen_codes(sequences, labels):
    X = np.asarray(sequences, dtype=float)[:, :, np.newaxis]
    order = list(dict.fromkeys(labels))
    return X, np.array([order.index(x) for x in labels])


def _last_window_dropped(fn):
    """The right windows but the last one missing (range(len(series) - width) instead of ... + 1)."""
    def produce(*args):
        X, y = fn(*args)
        if len(X) < 2:
            raise DoesNotApply("a single window")
        return X[:-1], y[:-1]
    return produce


def _flat_y(series, n_steps):
    X, y = frame.sequence_prediction(series, n_steps)
    return X, y.reshape(-1)


LAST_WINDOW = ("the last window is missing: a series of n values has n - width + 1 windows "
               "(range(len(series) - width + 1))")


def _off_by_one_generation(series, n_steps):
    w = frame._windows(series, n_steps + 2)
    return w[:, :n_steps, np.newaxis], w[:, 2:, np.newaxis]


LSTM_ORDER = "you read the gate blocks as i, f, o, c; Keras packs kernel, recurrent kernel and bias as i, f, c, o"
LSTM_ORDER_FI = "you read the gate blocks as f, i, c, o; Keras packs them as i, f, c, o"


def _lstm_mistakes(step: bool) -> tuple[Mistake, ...]:
    return (Mistake(_lstm_with_gate_order([0, 1, 3, 2], step), LSTM_ORDER),
            Mistake(_lstm_with_gate_order([1, 0, 2, 3], step), LSTM_ORDER_FI))


def _gru_mistakes(step: bool) -> tuple[Mistake, ...]:
    return (
        Mistake(_gru_variant(step, textbook_update=True),
                "your update is the lecture's h = (1 - z) * h_prev + z * h~; Keras (and this task) uses "
                "h = z * h_prev + (1 - z) * h~ (z keeps the old state)"),
        Mistake(_gru_variant(step, reset_swapped=True),
                "the reset gate is on the wrong side of the recurrent matmul: with reset_after=True it "
                "multiplies (h_prev @ U_h + b_rec); with reset_after=False it multiplies h_prev before the matmul"),
        Mistake(_gru_variant(step, gates_swapped=True),
                "you swapped the z and r blocks; Keras packs the GRU's weights as z, r, h"),
    )


FORWARD_NAMES = ("outputs", "h_T", "c_T")
TASKS = (
    FunctionTask(
        name="lstm_step", weight=1, reference=ref.lstm_step,
        forbidden=("keras.layers.LSTM", "keras.layers.LSTMCell", "keras.layers.GRU", "keras.layers.GRUCell",
                   "keras.layers.RNN"),
        summary="one LSTM step: (x, h_prev, c_prev, kernel, recurrent_kernel, bias) -> (h, c)",
        cases=_lstm_cases(step=True), check=partial(check_tuple, names=("h", "c"), **TOL),
        mistakes=_lstm_mistakes(step=True),
        hints=("z = x @ kernel + h_prev @ recurrent_kernel + bias; i, f, g, o = np.split(z, 4, axis=-1); "
               "c = sigmoid(f) * c_prev + sigmoid(i) * tanh(g); h = sigmoid(o) * tanh(c)",),
    ),
    FunctionTask(
        name="lstm_forward", weight=2, reference=ref.lstm_forward,
        forbidden=("keras.layers.LSTM", "keras.layers.LSTMCell", "keras.layers.GRU", "keras.layers.GRUCell",
                   "keras.layers.RNN"),
        summary="run an LSTM over X (batch, steps, features) from zero states -> (outputs, h_T, c_T)",
        cases=_lstm_cases(step=False), check=partial(check_tuple, names=FORWARD_NAMES, **TOL),
        mistakes=_lstm_mistakes(step=False),
        hints=("Start from h = c = zeros((batch, units)); loop over X[:, t, :], collect each h, and "
               "np.stack(outputs, axis=1).",),
    ),
    FunctionTask(
        name="gru_step", weight=1, reference=ref.gru_step,
        forbidden=("keras.layers.LSTM", "keras.layers.LSTMCell", "keras.layers.GRU", "keras.layers.GRUCell",
                   "keras.layers.RNN"),
        summary="one GRU step in Keras's conventions, reset_after=True (bias (2, 3U)) or False (bias (3U,))",
        cases=_gru_cases(step=True), check=partial(check_array, **TOL), mistakes=_gru_mistakes(step=True),
        hints=("reset_after=True: h~ = tanh(x @ W_h + b_in_h + r * (h_prev @ U_h + b_rec_h)); "
               "reset_after=False: h~ = tanh(x @ W_h + (r * h_prev) @ U_h + b_h); then h = z * h_prev + (1 - z) * h~",),
    ),
    FunctionTask(
        name="gru_forward", weight=2, reference=ref.gru_forward,
        forbidden=("keras.layers.LSTM", "keras.layers.LSTMCell", "keras.layers.GRU", "keras.layers.GRUCell",
                   "keras.layers.RNN"),
        summary="run a GRU over X from a zero state -> (outputs, h_T), in both reset_after conventions",
        cases=_gru_cases(step=False), check=partial(check_tuple, names=("outputs", "h_T"), **TOL),
        mistakes=_gru_mistakes(step=False),
        hints=("Call your gru_step for every time step, passing reset_after through.",),
    ),
    FunctionTask(
        name="frame_sequence_prediction", weight=1,
        reference=frame.sequence_prediction,
        summary="(series, n_steps) -> X (samples, n_steps, 1), y (samples, 1): predict the next value",
        cases=_prediction_cases, check=partial(check_tuple, names=("X", "y")),
        mistakes=(Mistake(_last_window_dropped(frame.sequence_prediction), LAST_WINDOW),
                  Mistake(_flat_y, "y is 1-D; return it as (samples, 1): y.reshape(-1, 1)"),
                  Mistake(lambda series, n_steps: frame.sequence_prediction(series, 3), FIXED_STEPS)),
        hints=("X[i] = series[i:i+n_steps], y[i] = series[i+n_steps]; reshape X to (samples, n_steps, 1).",),
    ),
    FunctionTask(
        name="frame_sequence_classification", weight=1,
        reference=frame.sequence_classification,
        summary="(sequences, labels) -> X (samples, timesteps, 1), y integer codes (LabelEncoder)",
        cases=_classification_cases, check=partial(check_tuple, names=("X", "y")),
        mistakes=(Mistake(_first_seen_codes, "you numbered the labels in order of first appearance; LabelEncoder "
                                             "sorts them (bad=0, good=1)"),),
        hints=("X = np.asarray(sequences)[:, :, np.newaxis]; y = LabelEncoder().fit_transform(labels)",),
    ),
    FunctionTask(
        name="frame_sequence_generation", weight=1,
        reference=frame.sequence_generation,
        summary="(series, n_steps) -> X (samples, n_steps, 1), y the same windows one step ahead",
        cases=_prediction_cases, check=partial(check_tuple, names=("X", "y")),
        mistakes=(Mistake(_off_by_one_generation, "y is two steps ahead of X; it should be one step ahead"),
                  Mistake(_last_window_dropped(frame.sequence_generation), LAST_WINDOW),
                  Mistake(lambda series, n_steps: frame.sequence_generation(series, 3), FIXED_STEPS)),
        hints=("X[i] = series[i:i+n], y[i] = series[i+1:i+n+1], both (samples, n, 1).",),
    ),
    FunctionTask(
        name="frame_sequence_to_sequence", weight=1,
        reference=frame.sequence_to_sequence,
        summary="(series, n_in, n_out) -> X (samples, n_in, 1), y (samples, n_out, 1)",
        cases=_seq2seq_cases, check=partial(check_tuple, names=("X", "y")),
        mistakes=(Mistake(_last_window_dropped(frame.sequence_to_sequence), LAST_WINDOW),),
        hints=("Slide a window of n_in + n_out values; the first n_in are X, the rest y.",),
    ),
)

SPEC = WeekSpec(week=10, version="10.3", tasks=TASKS, template="week10/lab10_rnn_cells.ipynb", call_timeout=10.0)
