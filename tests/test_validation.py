"""The shared input checks: cleaned values back, one message template, hints."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from sre_lab import _validation as v


def test_check_real_returns_float_for_scalars_and_float_arrays_for_arrays():
    assert v.check_real("x", 3) == 3.0 and isinstance(v.check_real("x", 3), float)
    out = v.check_real("x", [1, 2])
    assert isinstance(out, np.ndarray) and out.dtype == float and list(out) == [1.0, 2.0]


def test_check_real_names_the_first_bad_element_of_an_array():
    with pytest.raises(ValueError) as info:
        v.check_real("burn_rate", np.array([1.0, -2.0, -3.0]), low=0)
    assert str(info.value) == "burn_rate must be a number >= 0; got -2.0 at index 1."


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda: v.check_real("x", True), TypeError, "x must be a finite number; got True. Booleans are not numbers here."),
        (lambda: v.check_real("x", "3"), TypeError, "x must be a finite number; got '3'."),
        (lambda: v.check_real("x", None), TypeError, "x must be a finite number; got None."),
        (lambda: v.check_real("x", float("nan")), ValueError, "x must be a finite number; got nan."),
        (lambda: v.check_real("x", 5, high=1), ValueError, "x must be a number <= 1; got 5."),
        (lambda: v.check_real("x", 1, low=1, low_open=True, high=2), ValueError, "x must be a number > 1 and <= 2; got 1."),
        (lambda: v.check_fraction("slo_target", 99.9), ValueError,
         "slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999."),
        (lambda: v.check_fraction("slo_target", 1.0), ValueError, "slo_target must be a fraction in (0, 1); got 1.0."),
        (lambda: v.check_fraction("share", 1.5, closed=True), ValueError,
         "share must be a fraction in [0, 1]; got 1.5. Write 1.5% as 0.015."),
        (lambda: v.check_fraction("slo_target", [0.99, 99.5]), ValueError,
         "slo_target must be a fraction in (0, 1); got 99.5 at index 1. Write 99.5% as 0.995."),
        (lambda: v.check_int("n", 3.0), TypeError, "n must be a whole number; got 3.0."),
        (lambda: v.check_int("n", False), TypeError, "n must be a whole number; got False."),
        (lambda: v.check_int("n", 0, low=1, high=5), ValueError, "n must be a whole number >= 1 and <= 5; got 0."),
        (lambda: v.check_choice("kind", 3, ["a", "b"]), TypeError, "kind must be one of 'a', 'b'; got 3."),
        (lambda: v.check_choice("kind", "zzz", ["a", "b"]), ValueError, "kind must be one of 'a', 'b'; got 'zzz'."),
        (lambda: v.check_columns("traffic", [1, 2], ["requests"]), TypeError,
         "traffic must be a DataFrame with the columns 'requests'; got 'list'."),
    ],
)
def test_messages(call, error, text):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == text


def test_numpy_scalars_are_accepted_and_reported_plainly():
    assert v.check_fraction("t", np.float64(0.5)) == 0.5
    with pytest.raises(ValueError) as info:
        v.check_fraction("t", np.float64(2.0))
    assert "got 2.0." in str(info.value) and "np.float64" not in str(info.value)


def test_check_columns_passes_a_complete_frame_through_unchanged():
    frame = pd.DataFrame({"requests": [1], "errors": [0]})
    assert v.check_columns("traffic", frame, ["requests", "errors"]) is frame


@given(st.floats(min_value=1e-9, max_value=1 - 1e-9))
def test_every_open_fraction_is_accepted_unchanged(x):
    assert v.check_fraction("t", x) == x


@given(st.one_of(st.floats(max_value=0), st.floats(min_value=1), st.just(float("nan"))))
def test_values_outside_the_open_unit_interval_raise_value_error(x):
    with pytest.raises(ValueError, match=r"^t must be a fraction in \(0, 1\); got "):
        v.check_fraction("t", x)
