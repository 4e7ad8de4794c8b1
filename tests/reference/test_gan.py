"""The week-15 references: the GAN losses pinned to keras.losses.BinaryCrossentropy, the optimal
discriminator and the distance against scipy, the target sampler, and the builders against their
architectures."""

import numpy as np
import pytest

from reference import gan as ref


def test_losses_by_hand():
    real, fake = np.array([[0.9], [0.8]]), np.array([[0.1], [0.4]])
    want_d = -(np.log(0.9) + np.log(0.8)) / 2 - (np.log(0.9) + np.log(0.6)) / 2
    assert ref.discriminator_loss(real, fake) == pytest.approx(want_d)
    assert ref.generator_loss(fake) == pytest.approx(-(np.log(0.1) + np.log(0.4)) / 2)


def test_a_perfectly_fooled_discriminator_is_clipped_not_infinite():
    assert np.isfinite(ref.generator_loss(np.zeros((3, 1))))


def test_optimal_discriminator_against_scipy_densities():
    stats = pytest.importorskip("scipy.stats")
    x = np.linspace(-4, 4, 17)
    p_data = 0.5 * stats.norm.pdf(x, -2, 0.5) + 0.5 * stats.norm.pdf(x, 2, 0.5)
    p_g = stats.norm.pdf(x, 0.3, 1.2)
    np.testing.assert_allclose(ref.optimal_discriminator(x, 0.3, 1.2), p_data / (p_data + p_g), rtol=1e-12)


def test_optimal_discriminator_is_one_half_where_the_densities_agree():
    # a generator equal to one of the two modes: there p_g = 2 p_data - (the other mode's share, ~0)
    d = ref.optimal_discriminator(np.array([2.0, -2.0]), 2.0, 0.5)
    assert d[0] == pytest.approx(1 / 3, abs=1e-6) and d[1] == pytest.approx(1.0, abs=1e-6)


def test_distance_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(0)
    for _ in range(5):
        n = int(rng.integers(5, 300))
        a, b = rng.normal(size=n), rng.normal(loc=1.0, scale=2.0, size=n)
        assert ref.wasserstein_1d(a, b[:, None]) == pytest.approx(stats.wasserstein_distance(a, b))


def test_the_mixture_has_two_modes_of_the_stated_spread():
    x = ref.sample_mixture(20000, seed=0).ravel()
    assert x.dtype == np.float32
    left, right = x[x < 0], x[x > 0]
    assert abs(len(left) / len(x) - 0.5) < 0.02
    assert left.mean() == pytest.approx(-2.0, abs=0.02) and right.std() == pytest.approx(0.5, abs=0.02)


def test_distance_baselines_the_bands_are_set_against():
    rng = np.random.default_rng(3)
    target = ref.sample_mixture(4000, rng=rng)
    assert ref.wasserstein_1d(ref.sample_mixture(4000, rng=rng), target) < 0.1
    assert 0.45 < ref.wasserstein_1d(rng.normal(scale=2.06, size=4000), target) < 0.9  # one Gaussian: half
    assert ref.wasserstein_1d(2.0 + 0.5 * rng.normal(size=4000), target) > 1.8  # mode collapse: nothing


@pytest.mark.slow
def test_losses_match_keras_binary_crossentropy():
    keras = pytest.importorskip("keras")
    bce = keras.losses.BinaryCrossentropy()
    rng = np.random.default_rng(1)
    for _ in range(5):
        n = int(rng.integers(2, 50))
        real, fake = (rng.uniform(0.0, 1.0, size=(n, 1)).astype("float32") for _ in range(2))
        want = float(bce(np.ones_like(real), real)) + float(bce(np.zeros_like(fake), fake))
        assert ref.discriminator_loss(real, fake) == pytest.approx(want, rel=1e-4)
        assert ref.generator_loss(fake) == pytest.approx(float(bce(np.ones_like(fake), fake)), rel=1e-4)


@pytest.mark.slow
def test_builders_match_their_architectures():
    pytest.importorskip("keras")
    from grader.checks.models import check_architecture
    from grader.sandbox.describe import describe_model

    for latent, units in [(4, 32), (1, 8)]:
        assert check_architecture(describe_model(ref.build_generator(latent, units)),
                                  ref.generator_architecture(latent, units)).ok
        assert check_architecture(describe_model(ref.build_discriminator(units)),
                                  ref.discriminator_architecture(units)).ok
