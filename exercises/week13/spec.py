"""Week 13 grading specification: the lecture's addition problem with an encoder-decoder LSTM,
and scaled dot-product attention.

Every data step of the addition problem is checked on hidden inputs; the generator, being
random, is checked by the properties its output must have. The encoder-decoder is checked by
architecture, and the model the notebook trained by exact-match accuracy on held-out sums
whose answers never leave the grader. Attention is checked against the reference, which
tests/reference pins equal to keras.layers.Attention; the attention encoder-decoder by its
structure (an attention layer must read the encoder's outputs).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.authoring import architecture, trained_model
from grader.checks import check_array, check_tuple
from grader.checks.bands import Band
from grader.checks.metrics import check_exact_match
from grader.checks.models import check_architecture, check_attends_to_encoder
from grader.checks.properties import check_sum_pairs
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import seq2seq as ref

# 3000 held-out sums (predicting them takes well under a second): the exact-match estimate's binomial
# deviation is ~0.007. The template's recipe (reference/recipes.py week13_addition: 4000 pairs, 70 epochs,
# batch 32) depends on its training seed far more than on the draw: over 8 training seeds x 5-20 draws
# (benchmarks/measure_bands.py week13-addition) the seed means were 0.625, 0.670, 0.825, 0.871, 0.894, 0.909,
# 0.911 and 0.961, the lowest single draw 0.605. A full edge of 0.7 failed 2 seeds in 8 of a correct notebook,
# so full points start at 0.5 and half at 0.25 (an untrained or mis-encoded model scores near 0).
HELD_OUT = 3000
ACCURACY_BANDS = (Band(0.50, 1.0), Band(0.25, 0.5))
ACCURACY_MARGIN = 0.05  # the least the recipe must clear the full edge by (tests/test_band_margins.py)


def _pairs_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((100, 2, 50), label="100 pairs of numbers up to 50", public=True)]
    for i in range(2):
        # never the public n_numbers 2, and the first largest below the public 50 (numbers up to 50 would break
        # it): an ignored argument shows on every draw. The first is large enough that both ends of [1, largest]
        # must appear (check_sum_pairs: >= 20 draws per value), so an exclusive upper end shows on every draw.
        largest = int(rng.integers(9, 21)) if i == 0 else int(rng.choice([*range(9, 50), *range(51, 200)]))
        args = (int(rng.integers(200, 400)) if i == 0 else int(rng.integers(10, 60)), int(rng.integers(3, 5)),
                largest)
        cases.append(Case(args, label=f"hidden size {i + 1} (n_examples={args[0]}, n_numbers={args[1]}, "
                                      f"largest={args[2]})"))
    return cases


def _string_cases(rng: np.random.Generator) -> list[Case]:
    """Hidden pairs always hold a row of one-digit numbers (at a random place), so on every draw some
    input and some answer are shorter than their padded length (the alignment always matters)."""
    cases = [Case(([[7, 12], [40, 3], [50, 50]], [19, 43, 100], 2, 50), label="the pairs 7+12, 40+3, 50+50",
                  public=True)]
    for i in range(2):
        # never the public n_numbers 2, and the first largest with three digits (the public 50 has two, which
        # fixes the padded lengths): an ignored argument shows on every draw
        k = int(rng.integers(3, 5))
        # the statement fixes the answer's width only by example: where ceil(log10(n (largest + 1))) (the
        # lecture's) and the digits of n * largest (the longest sum) differ, e.g. 3 x 33, no draw decides
        widths_agree = [v for v in range(10, 200) if ref.output_length(k, v) == len(str(k * v)) and v != 50]
        largest = (int(rng.choice([v for v in widths_agree if v >= 100])) if i == 0
                   else int(rng.choice(widths_agree)))
        X, _ = ref.random_sum_pairs(int(rng.integers(3, 10)), k, largest, int(rng.integers(2**31)))
        X[int(rng.integers(len(X)))] = [int(v) for v in rng.integers(1, 4, size=k)]
        y = [sum(row) for row in X]
        cases.append(Case((X, y, k, largest), label=f"hidden pairs {i + 1} (n_numbers={k}, largest={largest})"))
    return cases


def _hidden_strings(rng: np.random.Generator, low: int = 1) -> list[str]:
    X, _ = ref.random_sum_pairs(int(rng.integers(3, 10)), 2, 50 - low + 1, int(rng.integers(2**31)))
    X = [[v + low - 1 for v in row] for row in X]
    return ref.to_padded_strings(X, [sum(row) for row in X], 2, 50)[0]


def _shuffled_alphabet(rng: np.random.Generator) -> str:
    return "".join(rng.permutation(list(ref.ALPHABET)))


def _integer_cases(rng: np.random.Generator) -> list[Case]:
    """The default alphabet, and a hidden call that passes another order of the characters."""
    cases = [Case(([" 7+12", " 40+3"],), label="the strings ' 7+12' and ' 40+3'", public=True)]
    strings = _hidden_strings(rng)
    cases.append(Case((strings,), label=f"hidden strings 1 ({len(strings)} sums)"))
    strings, alphabet = _hidden_strings(rng), _shuffled_alphabet(rng)
    cases.append(Case((strings, alphabet), label=f"hidden strings 2 ({len(strings)} sums, alphabet={alphabet!r})"))
    return cases


def _one_hot_cases(rng: np.random.Generator) -> list[Case]:
    """A hidden call that omits n_chars (default 12) on sums without a space, so the widest index is
    below 11 and the width must come from n_chars, not from the data."""
    cases = [Case((ref.integer_encode_strings([" 7+12"]), 12), label="' 7+12' encoded", public=True)]
    encoded = ref.integer_encode_strings(_hidden_strings(rng))
    cases.append(Case((encoded, 12), label=f"hidden encoded strings 1 ({len(encoded)} sums)"))
    encoded = ref.integer_encode_strings(_hidden_strings(rng, low=10))
    cases.append(Case((encoded,), label=f"hidden encoded strings 2 ({len(encoded)} sums of two-digit numbers, "
                                        "n_chars left at its default)"))
    return cases


def _decode_cases(rng: np.random.Generator) -> list[Case]:
    """Probability rows from continuous logits (no tied maximum), one call with another alphabet order."""
    cases = [Case((ref.one_hot_encode_sequences(ref.integer_encode_strings([" 19", "100"])),),
                  label="one-hot ' 19' and '100'", public=True)]
    for i in range(2):
        logits = rng.normal(size=(int(rng.integers(2, 8)), 3, 12))
        probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
        if i == 0:
            cases.append(Case((probs,), label=f"hidden probability rows {i + 1} ({len(probs)} answers)"))
        else:
            alphabet = _shuffled_alphabet(rng)
            cases.append(Case((probs, alphabet), label=f"hidden probability rows {i + 1} ({len(probs)} answers, "
                                                       f"alphabet={alphabet!r})"))
    return cases


def _builder_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((5, 12, 3, 64), label="n_in=5, n_chars=12, n_out=3, units=64", public=True)]
    for i in range(2):
        # no argument ever its public value (5, 12, 3, 64): an ignored argument shows on every draw
        args = (int(rng.choice([3, 4, 6, 7, 8, 9, 10, 11])), int(rng.choice([10, 11, 13, 14])),
                int(rng.choice([2, 4])), int(rng.integers(8, 64)))
        cases.append(Case(args, label=f"hidden shape {i + 1} (n_in={args[0]}, n_chars={args[1]}, n_out={args[2]}, "
                                      f"units={args[3]})"))
    return cases


def _attention_cases(rng: np.random.Generator) -> list[Case]:
    fixed = np.random.default_rng(0)
    cases = [Case(tuple(fixed.normal(size=s) for s in ((1, 2, 4), (1, 3, 4), (1, 3, 2))),
                  label="a fixed example (1 batch, 2 queries, 3 keys, d=4)", public=True)]
    for i in range(2):
        b, tq, tk, d, dv = (int(v) for v in (rng.integers(1, 4), rng.integers(2, 6), rng.integers(2, 7),
                                             rng.integers(2, 9), rng.integers(1, 7)))
        args = (rng.normal(size=(b, tq, d)), rng.normal(size=(b, tk, d)), rng.normal(size=(b, tk, dv)))
        cases.append(Case(args, label=f"hidden input {i + 1} (batch {b}, {tq} queries, {tk} keys, d={d})"))
    return cases


def _addition_holdout(rng: np.random.Generator) -> list[Case]:
    X, answers = ref.addition_holdout(HELD_OUT, int(rng.integers(2**31)))
    return [Case((X,), label=f"{HELD_OUT} held-out sums", expected=answers)]


def _exclusive_upper_end(n_examples, n_numbers, largest):
    X = np.random.default_rng(0).integers(1, largest, size=(n_examples, n_numbers))
    return [[int(v) for v in row] for row in X], [int(v) for v in X.sum(axis=1)]


def _left_aligned(X, y, n_numbers, largest):
    xs, ys = ref.to_padded_strings(X, y, n_numbers, largest)
    return [s.strip().ljust(len(s)) for s in xs], [s.strip().ljust(len(s)) for s in ys]


def _global_alphabet_encode(strings, alphabet=ref.ALPHABET):
    return ref.integer_encode_strings(strings)


def _global_alphabet_decode(rows, alphabet=ref.ALPHABET):
    return ref.decode_sequences(rows)


def _width_from_data(encoded, n_chars=12):
    encoded = np.asarray(encoded, dtype="int64")
    return np.eye(int(encoded.max()) + 1)[encoded]


IGNORED_ALPHABET = "you used the global ALPHABET; use the `alphabet` argument (the grader passes other orders too)"


def _unscaled_attention(Q, K, V):
    d = np.asarray(Q).shape[-1]
    return ref.scaled_dot_product_attention(np.asarray(Q) * np.sqrt(d), K, V)


def _attention_over_queries(Q, K, V):
    scores = np.asarray(Q) @ np.swapaxes(np.asarray(K), -1, -2) / np.sqrt(np.asarray(Q).shape[-1])
    weights = np.exp(scores - scores.max(axis=-2, keepdims=True))
    weights /= weights.sum(axis=-2, keepdims=True)
    return weights @ np.asarray(V), weights


_architecture = partial(check_architecture, hints={
    "return_sequences": "the decoder LSTM needs return_sequences=True so every output step gets a vector",
    "n": "RepeatVector repeats the encoding once per output character (n_out)",
    "activation": "each output step is a choice among characters: Dense(n_chars, activation='softmax')",
})


TOL = {"rtol": 1e-6, "atol": 1e-8}
TASKS = (
    FunctionTask(
        name="random_sum_pairs", weight=1, reference=ref.sum_pairs_spec,
        summary="(n_examples, n_numbers, largest) -> X (lists of random integers in [1, largest]), y their sums",
        cases=_pairs_cases, check=check_sum_pairs, checks_properties=True,
        mistakes=(Mistake(lambda n_examples, n_numbers, largest: ref.random_sum_pairs(n_examples, 2, largest),
                          "every row has 2 numbers (the example's n_numbers): draw n_numbers integers per row"),
                  Mistake(_exclusive_upper_end, "the numbers never reach `largest`: NumPy's randint/integers "
                                                "exclude their upper end; draw from integers(1, largest + 1)"),
                  Mistake(lambda n_examples, n_numbers, largest: ref.random_sum_pairs(n_examples, n_numbers, 50),
                          "the numbers go up to 50 (the example's largest): draw them in [1, largest]")),
        hints=("X = [[randint(1, largest) for _ in range(n_numbers)] for _ in range(n_examples)]; "
               "y = [sum(x) for x in X]",),
    ),
    FunctionTask(
        name="to_padded_strings", weight=1,
        reference=ref.to_padded_strings,
        summary="(X, y, n_numbers, largest) -> right-aligned strings ' 7+12' and ' 19'",
        cases=_string_cases, check=partial(check_tuple, names=("X strings", "y strings")),
        mistakes=(Mistake(_left_aligned, "the strings are left-aligned; pad with spaces on the left (str.rjust)"),
                  Mistake(lambda X, y, n_numbers, largest: ref.to_padded_strings(X, y, 2, largest),
                          "the padded lengths assume 2 numbers (the example's n_numbers): compute them from the "
                          "n_numbers argument"),
                  Mistake(lambda X, y, n_numbers, largest: ref.to_padded_strings(X, y, n_numbers, 50),
                          "the padded lengths assume numbers up to 50 (the example's largest): compute them from "
                          "the largest argument")),
        hints=("Input length: n_numbers * ceil(log10(largest + 1)) + n_numbers - 1; output length: "
               "ceil(log10(n_numbers * (largest + 1))); then '+'.join(...).rjust(length).",),
    ),
    FunctionTask(
        name="integer_encode_strings", weight=1,
        reference=ref.integer_encode_strings,
        summary="strings -> (n, length) indices into the alphabet '0123456789+ '",
        cases=_integer_cases, check=partial(check_array, kind="integer"),
        mistakes=(Mistake(_global_alphabet_encode, IGNORED_ALPHABET),),
        hints=("char_to_int = {c: i for i, c in enumerate('0123456789+ ')}",),
    ),
    FunctionTask(
        name="one_hot_encode_sequences", weight=1,
        reference=ref.one_hot_encode_sequences,
        summary="(n, length) indices, n_chars -> (n, length, n_chars) one-hot",
        cases=_one_hot_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_width_from_data, "the one-hot width came from the data (largest index + 1, as "
                                            "to_categorical without num_classes); use n_chars columns"),),
        hints=("np.eye(n_chars)[encoded]",),
    ),
    FunctionTask(
        name="decode_sequences", weight=1, reference=ref.decode_sequences,
        summary="(n, length, n_chars) one-hot or probability rows -> strings (argmax per step)",
        cases=_decode_cases, check=check_array,
        mistakes=(Mistake(_global_alphabet_decode, IGNORED_ALPHABET),),
        hints=("''.join(alphabet[i] for i in row.argmax(axis=-1)) for each row",),
    ),
    architecture(
        "build_encoder_decoder", weight=2, reference=ref.encoder_decoder_architecture,
        cases=_builder_cases, check=_architecture,
        mistakes=(Mistake(lambda n_in, n_chars, n_out, units: ref.encoder_decoder_architecture(n_in, n_chars, 3, units),
                          "the answer always has 3 steps (the example's n_out): RepeatVector(n_out)"),
                  Mistake(lambda n_in, n_chars, n_out, units: ref.encoder_decoder_architecture(n_in, n_chars, n_out,
                                                                                              64),
                          "the LSTMs have 64 units (the example's): use the units argument"),
                  Mistake(lambda n_in, n_chars, n_out, units: ref.encoder_decoder_architecture(5, n_chars, n_out,
                                                                                              units),
                          "the input has 5 steps whatever n_in says (the example's): keras.Input((n_in, n_chars))"),
                  Mistake(lambda n_in, n_chars, n_out, units: ref.encoder_decoder_architecture(n_in, 12, n_out,
                                                                                              units),
                          "the model reads 12 characters per step whatever n_chars says (the example's): "
                          "keras.Input((n_in, n_chars)) and Dense(n_chars)")),
        summary="(n_in, n_chars, n_out, units) -> LSTM, RepeatVector, LSTM(return_sequences), "
                "TimeDistributed(Dense softmax)",
        hints=("keras.Sequential([keras.Input((n_in, n_chars)), LSTM(units), RepeatVector(n_out), "
               "LSTM(units, return_sequences=True), TimeDistributed(Dense(n_chars, activation='softmax'))])",),
    ),
    architecture(
        "build_attention_encoder_decoder", weight=2,
        reference=ref.attention_seq2seq_spec, cases=_builder_cases,
        check=check_attends_to_encoder,
        summary="(n_in, n_chars, n_out, units) -> a functional encoder-decoder whose decoder attends over the "
                "encoder's outputs (keras.layers.Attention), ending in a softmax over characters",
        hints=("enc_seq, h, c = LSTM(units, return_sequences=True, return_state=True)(inputs); dec_seq = "
               "LSTM(units, return_sequences=True)(RepeatVector(n_out)(h), initial_state=[h, c]); context = "
               "Attention()([dec_seq, enc_seq]); then Concatenate and TimeDistributed(Dense(n_chars, "
               "activation='softmax')).",),
    ),
    FunctionTask(
        name="attention", weight=2, reference=ref.scaled_dot_product_attention,
        forbidden=("keras.layers.Attention", "keras.layers.MultiHeadAttention", "keras.layers.AdditiveAttention",
                   "keras.ops", "keras.activations", "tensorflow.nn", "scipy.special.softmax"),
        summary="(Q, K, V) -> (softmax(Q K^T / sqrt(d)) V, the weights), batched over the first axis",
        cases=_attention_cases, check=partial(check_tuple, names=("outputs", "weights"), **TOL),
        mistakes=(Mistake(_unscaled_attention, "the scores are not divided by sqrt(d) (d = the key width)"),
                  Mistake(_attention_over_queries, "the softmax runs over the queries; each query's weights over "
                                                   "the keys must sum to 1 (axis=-1)")),
        hints=("scores = Q @ K.transpose(0, 2, 1) / np.sqrt(Q.shape[-1]); softmax over the last axis; "
               "return weights @ V, weights",),
    ),
    trained_model(
        "addition_model", weight=3,
        holdout=_addition_holdout, metric=check_exact_match, bands=ACCURACY_BANDS, alphabet=ref.ALPHABET, timeout=120,
        what="the notebook's trained encoder-decoder, scored by exact-match accuracy on held-out sums",
        hints=("Train build_encoder_decoder(5, 12, 3, 64) on 4000 one-hot pairs (numbers up to 50) with "
               "loss='categorical_crossentropy' for about 70 epochs.",),
    ),
)

SPEC = WeekSpec(week=13, version="13.5", tasks=TASKS, template="week13/lab13_seq2seq.ipynb", call_timeout=10.0,
                seed_keras=True)
