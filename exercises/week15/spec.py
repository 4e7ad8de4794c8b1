"""Week 15 grading specification: a GAN that learns a 1-D Gaussian mixture.

The losses are checked against `reference.gan` (pinned equal to keras.losses.BinaryCrossentropy
in tests/reference) on fixed and hidden discriminator outputs; the swapped labels, the averaged
terms and the saturating minimax generator loss are named. The optimal discriminator against a
Gaussian generator, D*(x) = p_data / (p_data + p_g), is checked against the reference. The
generator and discriminator builders are checked by architecture. The generator the notebook
trained is run on noise the grader draws (the case input); its samples are compared with a
sample of the target mixture that never leaves the grader, by the Wasserstein distance, with bands.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.authoring import architecture, trained_model
from grader.checks import check_array
from grader.checks.bands import Band
from grader.checks.distributions import check_distribution
from grader.checks.models import check_architecture
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import gan as ref

TOL = {"rtol": 1e-5, "atol": 1e-6}
N_SAMPLES = 4000
DISTANCE_BANDS = (Band(0.45, 1.0), Band(0.9, 0.5))
# The template's recipe (reference/recipes.py week15_generator) over 10 training seeds x 10 draws of 4000
# (benchmarks/measure_bands.py week15-generator): distance 0.120-0.254, seed means 0.147-0.235.
DISTANCE_MARGIN = 0.10  # the least the recipe must stay below the full edge by (tests/test_band_margins.py)
REAL = [[0.9], [0.8], [0.7], [0.95]]
FAKE = [[0.1], [0.3], [0.2], [0.4]]


# -- hidden inputs -----------------------------------------------------------------------
def _scores(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(0.02, 0.98, size=(n, 1))


def _certain(rng: np.random.Generator, n: int, value: float) -> np.ndarray:
    """Scores with one exact `value` (0 or 1) at a random place: the clipping the statement names matters."""
    scores = _scores(rng, n)
    scores[int(rng.integers(n))] = value
    return scores


def _discriminator_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((np.array(REAL), np.array(FAKE)), label="real scores 0.9, 0.8, 0.7, 0.95 and fake scores 0.1, 0.3, "
                  "0.2, 0.4", public=True)]
    for i in range(2):
        n = int(rng.integers(5, 65))
        cases.append(Case((_scores(rng, n), _scores(rng, n)), label=f"hidden scores {i + 1} (batch of {n})"))
    n = int(rng.integers(5, 65))
    # a real score of exactly 0 (not a fake one of exactly 1: Keras computes in float32, where 1 - 1e-7
    # rounds, so its loss there differs from the float64 clip by more than the tolerance)
    cases.append(Case((_certain(rng, n, 0.0), _scores(rng, n)),
                      label=f"hidden scores 3 (batch of {n}, a real score of exactly 0)"))
    return cases


def _generator_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((np.array(FAKE),), label="fake scores 0.1, 0.3, 0.2, 0.4", public=True)]
    for i in range(2):
        n = int(rng.integers(5, 65))
        cases.append(Case((_scores(rng, n),), label=f"hidden scores {i + 1} (batch of {n})"))
    n = int(rng.integers(5, 65))
    cases.append(Case((_certain(rng, n, 0.0),), label=f"hidden scores 3 (batch of {n}, one score of exactly 0)"))
    return cases


def _optimal_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([-2.0, 0.0, 2.0], 0.0, 1.0), label="x = [-2, 0, 2] against a generator N(0, 1)", public=True)]
    for i in range(2):
        n, mean, std = int(rng.integers(5, 40)), float(rng.uniform(-2, 2)), float(rng.uniform(0.3, 2.5))
        x = np.sort(rng.uniform(-4, 4, size=n))
        cases.append(Case((x, mean, std), label=f"hidden points {i + 1} ({n} values, generator N({mean:.2f}, "
                                                f"{std:.2f}^2))"))
    return cases


def _generator_builder_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((ref.LATENT_DIM, 32), label=f"latent_dim={ref.LATENT_DIM}, units=32", public=True)]
    for i in range(2):
        # never the public latent_dim or units: an ignored argument shows on every draw
        args = (int(rng.choice([d for d in range(1, 9) if d != ref.LATENT_DIM])),
                int(rng.choice([*range(8, 32), *range(33, 65)])))
        cases.append(Case(args, label=f"hidden size {i + 1} (latent_dim={args[0]}, units={args[1]})"))
    return cases


def _discriminator_builder_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((32,), label="units=32", public=True)]
    for i in range(2):
        units = int(rng.choice([*range(8, 32), *range(33, 65)]))  # never the public 32
        cases.append(Case((units,), label=f"hidden size {i + 1} (units={units})"))
    return cases


def _samples(rng: np.random.Generator) -> list[Case]:
    noise = rng.normal(size=(N_SAMPLES, ref.LATENT_DIM)).astype("float32")
    return [Case((noise,), label=f"{N_SAMPLES} rows of hidden standard-normal noise",
                 expected=ref.sample_mixture(N_SAMPLES, rng=rng).reshape(-1))]


# -- known mistakes ----------------------------------------------------------------------
def _unclipped_bce(labels, probabilities) -> float:
    p = np.asarray(probabilities, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(-(labels * np.log(p) + (1 - labels) * np.log(1 - p))))


def _unclipped_discriminator(real_output, fake_output):
    return _unclipped_bce(1.0, real_output) + _unclipped_bce(0.0, fake_output)


def _unclipped_generator(fake_output):
    return _unclipped_bce(1.0, fake_output)


UNCLIPPED = ("a score of exactly 0 or 1 makes your loss infinite: clip the probabilities to [1e-7, 1 - 1e-7] "
             "first, as keras.losses.BinaryCrossentropy does")


def _swapped_labels(real_output, fake_output):
    return ref.binary_crossentropy(0.0, real_output) + ref.binary_crossentropy(1.0, fake_output)


def _averaged_terms(real_output, fake_output):
    return ref.discriminator_loss(real_output, fake_output) / 2


def _real_term_only(real_output, fake_output):
    return ref.binary_crossentropy(1.0, real_output)


def _minimax(fake_output):
    return float(np.mean(np.log(1 - np.asarray(fake_output, dtype=float))))


def _fakes_labelled_fake(fake_output):
    return ref.binary_crossentropy(0.0, fake_output)


def _swapped_densities(x, mean, std):
    return 1 - ref.optimal_discriminator(x, mean, std)


def _std_as_variance(x, mean, std):
    return ref.optimal_discriminator(x, mean, np.sqrt(std))


def _unweighted_mixture(x, mean, std):
    p_data = 2 * ref.mixture_density(x)
    return p_data / (p_data + ref.gaussian_density(x, mean, std))


_architecture = partial(check_architecture, hints={
    "activation": "hidden layers use activation='relu'; the generator's output is linear (Dense(1)), the "
                  "discriminator's a probability (Dense(1, activation='sigmoid'))",
    "units": "both hidden layers have `units` units; the output layer has 1",
})


LOSS_HINT = ("Binary cross-entropy of probabilities p against labels y: -mean(y * log(p) + (1 - y) * log(1 - p)); "
             "clip p to [1e-7, 1 - 1e-7] as Keras does.")
TASKS = (
    FunctionTask(
        name="discriminator_loss", weight=1,
        forbidden=("keras.losses", "keras.metrics", "keras.ops", "tensorflow.nn", "sklearn.metrics"),
        reference=ref.discriminator_loss,
        summary="(real_output, fake_output) discriminator probabilities -> BCE(1, real) + BCE(0, fake), a float",
        cases=_discriminator_cases, check=partial(check_array, **TOL, kind="float"),
        mistakes=(
            Mistake(_swapped_labels, "the labels are swapped: real samples are labelled 1, generated ones 0"),
            Mistake(_averaged_terms, "you averaged the two terms; the loss is their sum, "
                                     "BCE(1, real) + BCE(0, fake), as in the TensorFlow DCGAN tutorial"),
            Mistake(_real_term_only, "only the real samples count in your loss; add BCE(0, fake_output)"),
            Mistake(_unclipped_discriminator, UNCLIPPED),
        ),
        hints=(LOSS_HINT, "keras.losses.BinaryCrossentropy()(np.ones_like(real), real) gives the same number for "
                          "the first term; return a Python float."),
    ),
    FunctionTask(
        name="generator_loss", weight=1, reference=ref.generator_loss,
        forbidden=("keras.losses", "keras.metrics", "keras.ops", "tensorflow.nn", "sklearn.metrics"),
        summary="(fake_output) -> the non-saturating generator loss BCE(1, fake), a float",
        cases=_generator_cases, check=partial(check_array, **TOL, kind="float"),
        mistakes=(
            Mistake(_minimax, "that is the original minimax loss mean(log(1 - D(G(z)))), which saturates when the "
                              "discriminator wins; use -mean(log(D(G(z)))) = BCE(1, fake_output)"),
            Mistake(_fakes_labelled_fake, "you labelled the fakes 0: the generator wants the discriminator to call "
                                          "them real (label 1)"),
            Mistake(_unclipped_generator, UNCLIPPED),
        ),
        hints=(LOSS_HINT, "The generator wins when D(G(z)) is 1: the loss is BCE(ones, fake_output)."),
    ),
    FunctionTask(
        name="optimal_discriminator", weight=1,
        reference=ref.optimal_discriminator,
        summary="(x, mean, std) -> D*(x) = p_data(x) / (p_data(x) + p_g(x)) for the target mixture against a "
                "generator whose samples follow N(mean, std^2), one value per point",
        cases=_optimal_cases, check=partial(check_array, **TOL),
        mistakes=(
            Mistake(_swapped_densities, "you divided the generator's density by the sum; D*(x) is the share of the "
                                        "data's density: p_data / (p_data + p_g)"),
            Mistake(_std_as_variance, "you used std as the variance: N(x; mean, std^2) has "
                                      "exp(-((x - mean) / std)^2 / 2) / (std * sqrt(2 pi))"),
            Mistake(_unweighted_mixture, "the mixture's two Gaussians each weigh 0.5: p_data(x) = "
                                         "0.5 N(x; -2, 0.5^2) + 0.5 N(x; 2, 0.5^2)"),
        ),
        hints=("Write gaussian(x, m, s) = np.exp(-0.5 * ((x - m) / s) ** 2) / (s * np.sqrt(2 * np.pi)); "
               "p_data = 0.5 * gaussian(x, -2, 0.5) + 0.5 * gaussian(x, 2, 0.5); p_g = gaussian(x, mean, std).",
               "Where p_data is much larger than p_g, D*(x) is close to 1: a point there is almost surely real."),
    ),
    architecture(
        "build_generator", weight=1, reference=ref.generator_architecture,
        cases=_generator_builder_cases, check=_architecture,
        mistakes=(Mistake(lambda latent_dim, units: ref.generator_architecture(ref.LATENT_DIM, units),
                          f"the input has {ref.LATENT_DIM} values (the example's latent_dim): "
                          "keras.Input((latent_dim,))"),
                  Mistake(lambda latent_dim, units: ref.generator_architecture(latent_dim, 32),
                          "the Dense layers have 32 units (the example's): use the units argument")),
        summary="(latent_dim, units) -> Input((latent_dim,)), Dense(units, relu), Dense(units, relu), Dense(1)",
        hints=("keras.Sequential([keras.Input((latent_dim,)), keras.layers.Dense(units, activation='relu'), "
               "keras.layers.Dense(units, activation='relu'), keras.layers.Dense(1)])",),
    ),
    architecture(
        "build_discriminator", weight=1, reference=ref.discriminator_architecture, cases=_discriminator_builder_cases,
        check=_architecture,
        mistakes=(Mistake(lambda units: ref.discriminator_architecture(32),
                          "the Dense layers have 32 units (the example's): use the units argument"),),
        summary="(units) -> Input((1,)), Dense(units, relu), Dense(units, relu), Dense(1, sigmoid)",
        hints=("keras.Sequential([keras.Input((1,)), keras.layers.Dense(units, activation='relu'), "
               "keras.layers.Dense(units, activation='relu'), keras.layers.Dense(1, activation='sigmoid')])",),
    ),
    trained_model(
        "generator", weight=3, holdout=_samples, metric=check_distribution, bands=DISTANCE_BANDS, timeout=60,
        what="the notebook's trained generator, run on the grader's noise; its samples are scored by the "
             "Wasserstein distance to the target mixture",
        hints=("Alternate one discriminator step and one generator step per batch of 128 real samples, each with "
               "its own Adam(1e-3, beta_1=0.5), for about 2000 steps (tf.GradientTape).",
               "Against mode collapse: add instance noise (0.5 * tf.random.normal) to the real and generated samples "
               "before the discriminator, and keep the generator weights with the smallest distance, measured every "
               "250 steps."),
    ),
)

SPEC = WeekSpec(week=15, version="15.3", tasks=TASKS, template="week15/lab15_gan.ipynb", call_timeout=10.0,
                seed_keras=True)
