"""Pure check functions: (actual, expected, settings) -> CheckResult. They never print and never raise.

One module per kind of answer: arrays and scalars, frames, tuples, mappings, itemsets, figures, Keras
architectures (models), held-out metrics of trained models (metrics, scored in bands by bands.py),
sample distributions, policies, the classification split, generated data (properties)."""

from grader.checks.arrays import check_array, check_equal, check_shape
from grader.checks.bands import Band
from grader.checks.classification import check_split_scaled
from grader.checks.distributions import check_distribution
from grader.checks.figures import check_figure
from grader.checks.frames import check_frame
from grader.checks.itemsets import check_itemsets, check_rules
from grader.checks.mappings import check_dict
from grader.checks.metrics import (
    check_class_accuracy,
    check_exact_match,
    check_label_accuracy,
    check_mae,
    check_r2,
    check_sigmoid_accuracy,
    check_softmax_accuracy,
)
from grader.checks.models import check_architecture, check_attends_to_encoder
from grader.checks.policies import check_greedy_actions, check_policy_returns
from grader.checks.properties import check_sum_pairs
from grader.checks.structures import check_tuple

__all__ = [
    "Band", "check_architecture", "check_array", "check_attends_to_encoder", "check_class_accuracy", "check_dict",
    "check_distribution", "check_equal", "check_exact_match", "check_figure", "check_frame", "check_greedy_actions",
    "check_itemsets", "check_label_accuracy", "check_mae", "check_policy_returns", "check_r2", "check_rules",
    "check_shape", "check_sigmoid_accuracy", "check_softmax_accuracy", "check_split_scaled", "check_sum_pairs",
    "check_tuple",
]
