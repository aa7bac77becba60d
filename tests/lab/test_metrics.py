import math

import pytest

from kidsafe.lab.metrics import binary_metrics, f_beta


def test_counting_measures_at_the_threshold() -> None:
    m = binary_metrics([1, 1, 0, 0, 1], [0.9, 0.4, 0.6, 0.1, 0.8], threshold=0.5, bootstrap=0)
    assert (m.n, m.positives) == (5, 3)
    assert m.precision == pytest.approx(2 / 3, abs=1e-4)
    assert m.recall == pytest.approx(2 / 3, abs=1e-4)
    assert m.f1 == pytest.approx(2 / 3, abs=1e-4)
    assert m.false_positive_rate == 0.5
    # 6 positive/negative pairs, the 0.4 positive loses to the 0.6 negative only
    assert m.roc_auc == pytest.approx(5 / 6, abs=1e-4)


def test_undefined_measures_are_none_not_errors() -> None:
    m = binary_metrics([0, 0, 0], [0.1, 0.7, 0.2], threshold=0.5)
    assert m.roc_auc is None and m.average_precision is None and m.f1 is None and m.recall is None
    assert m.false_positive_rate == pytest.approx(1 / 3, abs=1e-4)
    empty = binary_metrics([], [], threshold=0.5)
    assert empty.n == 0 and empty.precision is None


def test_bootstrap_interval_contains_the_estimate_and_is_reproducible() -> None:
    y = [1, 0] * 50
    s = [0.6 if i % 3 else 0.4 for i in range(100)]
    a = binary_metrics(y, s, 0.5, bootstrap=100, seed=3)
    b = binary_metrics(y, s, 0.5, bootstrap=100, seed=3)
    assert a.roc_auc_ci95 == b.roc_auc_ci95
    lo, hi = a.roc_auc_ci95
    assert lo <= a.roc_auc <= hi


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        binary_metrics([1, 0], [0.5], 0.5)
    with pytest.raises(ValueError, match="0 or 1"):
        binary_metrics([2, 0], [0.5, 0.1], 0.5)


def test_f_beta_weighs_precision_for_beta_below_one() -> None:
    assert f_beta(1.0, 0.5, 0.5) > f_beta(0.5, 1.0, 0.5)
    assert math.isclose(f_beta(0.5, 0.5, 1.0), 0.5)
    assert f_beta(0.0, 0.0, 1.0) == 0.0
