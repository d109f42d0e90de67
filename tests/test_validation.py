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


# --- issue 14, items 13 and 14: huge integers and complex numbers -----------------------------
HUGE_HINT = "It is too large to compute with (floats end near 1.8e308)."
COMPLEX_HINT = "Complex numbers are not allowed here; pass the real part if that is what you mean."


@pytest.mark.parametrize("huge", [10**400, -(10**400), 10**5000], ids=["1e400", "-1e400", "1e5000"])
def test_an_integer_beyond_the_float_range_is_a_value_error_not_an_overflow_error(huge):
    # float(10**400) raises OverflowError; the check must turn it into the course's message.
    digits = 401 if abs(huge) == 10**400 else None
    with pytest.raises(ValueError) as info:
        v.check_real("window_days", huge, low=0, low_open=True)
    text = str(info.value)
    assert text.startswith("window_days must be a number > 0; got ")
    assert text.endswith(HUGE_HINT)
    if digits:  # 10**400 has 401 digits: 1 followed by 400 zeros
        assert "integer with 401 digits" in text
    else:  # too many digits for str(): the count is estimated
        assert "integer with about 5001 digits" in text


def test_a_huge_integer_inside_a_list_is_named_by_its_index():
    with pytest.raises(ValueError) as info:
        v.check_fraction("slo_target", [0.99, 10**400])
    assert str(info.value) == (
        "slo_target must be a fraction in (0, 1); got an integer with 401 digits at index 1. " + HUGE_HINT)


def test_check_int_refuses_integers_outside_64_bits_even_without_an_upper_bound():
    assert v.check_int("n_paths", 2**63 - 1, low=1) == 2**63 - 1
    with pytest.raises(ValueError, match=r"^n_paths must be a whole number >= 1; got 9223372036854775808\. "):
        v.check_int("n_paths", 2**63, low=1)
    with pytest.raises(ValueError, match="integer with 401 digits"):
        v.check_int("n_paths", 10**400)


@pytest.mark.parametrize("value", [2 + 3j, 0.999 + 0j, np.complex128(0.5), np.array([0.99 + 0j]), [0.99, 1j]])
def test_complex_numbers_are_a_type_error_even_with_a_zero_imaginary_part(value):
    with pytest.raises(TypeError) as info:
        v.check_fraction("slo_target", value)
    assert str(info.value).startswith("slo_target must be a fraction in (0, 1); got ")
    assert str(info.value).endswith(COMPLEX_HINT)


def test_public_functions_refuse_complex_and_huge_numbers_without_warnings():
    import warnings

    import sre_lab as sl

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the old path emitted ComplexWarning and returned 0.002
        with pytest.raises(TypeError, match=r"^total_events must be .*; got \(2\+3j\)\. Complex"):
            sl.error_budget(0.999, 2 + 3j)
        with pytest.raises(ValueError, match=r"^total_events must be .*integer with 401 digits"):
            sl.error_budget(0.999, 10**400)
        with pytest.raises(ValueError, match=r"^window_days must be .*integer with 401 digits"):
            sl.allowed_downtime(0.999, window_days=10**400)
        with pytest.raises(ValueError, match=r"^slo_target must be a fraction in \(0, 1\); got an integer"):
            sl.burn_rate(0.01, 10**400)


@pytest.mark.parametrize("value", [[0.99, 0.999], (0.99,), np.array([0.99]), pd.Series([0.99]), np.array([[0.9]])])
def test_scalar_checks_say_single_number_not_array(value):
    with pytest.raises(TypeError, match=r"^slo_target must be a single number, not an array; got [\[(]0\.9"):
        v.check_fraction("slo_target", value, scalar=True)
    with pytest.raises(TypeError, match=r"^window_days must be a single number, not an array; got "):
        v.check_real("window_days", value, low=0, scalar=True)


def test_scalar_checks_accept_single_numbers_including_0d_arrays_and_numpy_scalars():
    assert v.check_fraction("slo_target", np.array(0.999), scalar=True) == 0.999
    assert v.check_real("window_days", np.int64(30), low=0, scalar=True) == 30.0
    assert isinstance(v.check_real("window_days", np.array(30), scalar=True), float)
    with pytest.raises(ValueError, match=r"^slo_target must be a fraction in \(0, 1\); got 99\.9\. Write"):
        v.check_fraction("slo_target", np.array(99.9), scalar=True)
    with pytest.raises(TypeError, match=r"^n must be a finite number; got 'x'\.$"):
        v.check_real("n", "x", scalar=True)


def test_long_arrays_are_described_briefly_in_scalar_messages():
    with pytest.raises(TypeError) as info:
        v.check_real("window_days", np.arange(100.0), scalar=True)
    assert str(info.value) == "window_days must be a single number, not an array; got an array of 100 values."


def test_message_describes_integers_too_large_to_print():
    # Python refuses str() of integers over 4,300 digits; message() must not raise.
    assert "got an integer with about 10001 digits." in v.message("n", "a whole number", 10**10000)
    assert v.message("n", "a whole number", 10**20) == "n must be a whole number; got 100000000000000000000."


def test_messages_stay_short_and_never_fail_to_print_the_value():
    text = v.message("availabilities", "a list of fractions", list(range(10_000)))
    assert len(text) < 400 and text.startswith("availabilities must be a list of fractions; got [0, 1, 2")
    with pytest.raises(TypeError, match=r"^x must be a finite number; got a list\.$"):
        v.check_real("x", ["a", 10**5000])
