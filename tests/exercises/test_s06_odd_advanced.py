"""Exercises and quizzes of 06_observability_driven_dev advanced (odd3a, odd3b, odd3c), worked by hand.

Every answer below is worked out on paper from the exercise's setting and the
published defaults (resilience4j: 3 attempts, a 100-call window with a minimum
of 100 calls and a 50 % threshold; Polly v8: 3 retries; SRE book ch. 21: a
10 % retry budget), not from the registry's helpers. Then ``sl.check`` must
accept it, the reference must agree, and the slips a learner makes (worked
out by hand too) must be rejected with their own words. The per-misconception
loops are in tests/test_registry.py.
"""

from __future__ import annotations

import pytest

import sre_lab as sl


def _assert_correct(exercise_id, value, *, rel=1e-9, abs_=0.0):
    result = sl.check(exercise_id, value)
    assert result.correct, (exercise_id, value, result.message)
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=rel, abs=abs_)


def _assert_named(exercise_id, wrong, words):
    result = sl.check(exercise_id, wrong)
    assert result.status == "incorrect", (exercise_id, wrong)
    assert words in result.message, result.message


# ------------------------------------------------------------------ 3a

def test_expected_attempts_with_pollys_three_retries():
    # Polly v8: 3 retries after the first attempt = 4 attempts. p = 0.4:
    # 1 + 0.4 + 0.16 + 0.064 = 1.624 attempts per call.
    assert sl.RETRY_DEFAULTS["polly"].max_attempts == 4
    _assert_correct("odd3a.expected_attempts", 1.624)
    _assert_named("odd3a.expected_attempts", 4, "every call makes all its attempts")
    _assert_named("odd3a.expected_attempts", 1 + 0.4 * 3, "every retry the probability p")   # 2.2
    _assert_named("odd3a.expected_attempts", 1 / 0.6, "for ever")                            # 1.667
    _assert_named("odd3a.expected_attempts", 1 + 0.4 + 0.16, "3 retries as 3 attempts")      # 1.56


def test_amplification_over_four_retrying_layers():
    # resilience4j: 3 attempts per layer; 4 layers: 3 * 3 * 3 * 3 = 81 at payment.
    _assert_correct("odd3a.layer_amplification", 81)
    _assert_named("odd3a.layer_amplification", 12, "added the layers' attempts")            # 3 x 4
    _assert_named("odd3a.layer_amplification", 9, "only the retries")                       # 1 + 2 x 4
    _assert_named("odd3a.layer_amplification", 243, "5 layers")
    _assert_named("odd3a.layer_amplification", 27, "left out a layer")                     # 3**3


def test_resilience4j_breaker_lets_sixty_failing_calls_through():
    # Calls 1-40 succeed, 41-200 fail. Below 100 recorded calls resilience4j computes no
    # failure rate. After call 100 the window holds calls 1-100: 60 failures, 60 % >= 50 %:
    # it opens then, after calls 41-100 = 60 failing calls. Without the minimum it would
    # open once failures reach half of all calls: n - 40 >= n / 2 at n = 80, after 40
    # failing calls. pybreaker: 5 consecutive failures (calls 41-45).
    _assert_correct("odd3a.breaker_failures", 60)
    _assert_named("odd3a.breaker_failures", 40, "minimumNumberOfCalls")
    _assert_named("odd3a.breaker_failures", 50, "50 failed calls")
    _assert_named("odd3a.breaker_failures", 5, "pybreaker")
    _assert_named("odd3a.breaker_failures", 59, "left out the call")
    _assert_named("odd3a.breaker_failures", 100, "number of the call")


def test_breaker_replay_by_hand():
    # Open after call 100 (index 99), 60 s open: half-open at t = 159, 10 probes
    # (payment still down) fail, open again after t = 168, half-open at 228, 10 good
    # probes, closed after t = 237.
    import numpy as np

    failed = np.r_[np.zeros(40, bool), np.ones(160, bool), np.zeros(100, bool)]
    states = sl.breaker_states(failed, breaker=sl.BREAKER_DEFAULTS["resilience4j"])
    after = states["state_after"].to_numpy()
    changes = [0, *(np.flatnonzero(after[1:] != after[:-1]) + 1)]
    assert [(int(i), after[i]) for i in changes] == [
        (0, "closed"), (99, "open"), (159, "half_open"), (168, "open"), (228, "half_open"),
        (237, "closed")]


# ------------------------------------------------------------------ 3b

def test_bad_state_load_with_pollys_retries():
    # Every attempt times out: 4 attempts per call; normal load is 1 / 2.5 of capacity.
    _assert_correct("odd3b.bad_state_load", 4 / 2.5)                     # 1.6
    _assert_named("odd3b.bad_state_load", 3 / 2.5, "3 retries as 3 attempts")
    _assert_named("odd3b.bad_state_load", 2.5 / 4, "divided capacity by load")
    _assert_named("odd3b.bad_state_load", 1 / 2.5, "normal times")
    _assert_named("odd3b.bad_state_load", 4, "divide by the headroom")


def test_retry_budget_caps_the_bad_state():
    # Retries <= 10 % of first attempts: at most 1.1 attempts per call, over 2.5.
    _assert_correct("odd3b.budget_load", 1.1 / 2.5)                      # 0.44
    _assert_named("odd3b.budget_load", 4 / 2.5, "ignored the budget")
    _assert_named("odd3b.budget_load", 0.1 / 2.5, "only the retries")
    _assert_named("odd3b.budget_load", (1 + 0.1 * 3) / 2.5, "each call's 3 retries")
    _assert_named("odd3b.budget_load", 1.1, "divide by the headroom")


# ------------------------------------------------------------------ 3c

def test_partial_search_outage_budget_by_hand():
    # 420 a minute x 10 minutes x 30 % = 1,260 search calls; a call fails when all 3
    # attempts hit a bad instance: 0.5**3 = 1/8, so 157.5 bad requests. Budget: 0.1 % of
    # 420 x 1,440 x 30 = 18,144,000 requests = 18,144. Share: 157.5 / 18,144 = 0.00868.
    _assert_correct("odd3c.partial_budget", 157.5 / 18_144)
    _assert_named("odd3c.partial_budget", 630 / 18_144, "ignored the retries")              # x 0.5
    _assert_named("odd3c.partial_budget", 1260 / 18_144, "ignored the blast radius")
    _assert_named("odd3c.partial_budget", 525 / 18_144, "every checkout request")           # 4,200 / 8
    _assert_named("odd3c.partial_budget", 157.5 / 18_144_000, "all the month's requests")
    _assert_named("odd3c.partial_budget", 0.868, "percentage")


# ------------------------------------------------------------------ quizzes

@pytest.mark.parametrize("quiz_id, letter", [
    ("odd3a.quiet_breakers", "b"),
    ("odd3b.what_sustains", "c"),
    ("odd3b.fallback_hides", "d"),
    ("odd3c.naive_snippet", "b"),
    ("odd3c.recap_telemetry_tests", "a"),
    ("odd3c.recap_release_gates", "c"),
    ("odd3c.recap_resilience", "b"),
])
def test_quiz_letters(quiz_id, letter):
    assert sl.quiz(quiz_id, letter).correct
