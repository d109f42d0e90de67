"""Exercises and quizzes of the 02_slos beginner tier: keys "slo1a", "slo1b", "slo1c".

===========================================  =====  ==========================================
notebook                                     key    asks
===========================================  =====  ==========================================
``02_slos/1a_slis_and_user_journeys``        slo1a  critical steps of the checkout journey,
                                                    an SLI for the confirmation e-mail,
                                                    good SLIs among Sam's candidates
``02_slos/1b_targets_and_error_budgets``     slo1b  share of 28-day windows meeting 99.9 %,
                                                    checkout's latency budget
``02_slos/1c_slo_tuner_and_document``        slo1c  how long a 99.95 % budget lasts, the
                                                    share of budget Sam's spike spent
===========================================  =====  ==========================================

Reference answers and misconceptions call the same core functions the
notebooks call (``sl.availability_sli``, ``sl.error_budget``, ``sl.slo_status``,
``sl.time_to_exhaustion``, ``sl.incident_budget_share``); nothing is typed in.
The choices of the set and choice questions are data (below): the notebooks
show their keys and descriptions, the verdicts are the answers.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

NB_1A = "02_slos/1a_slis_and_user_journeys"
NB_1B = "02_slos/1b_targets_and_error_budgets"
NB_1C = "02_slos/1c_slo_tuner_and_document"

# --------------------------------------------------------------------------- data of the questions

#: Steps of MicroCorp's "buy a product" journey: key -> (step, served by, critical?, why).
#: A step is critical when the user cannot finish buying if it fails.
JOURNEY_STEPS = {
    "search": ("find the product with the shop's search", "search", True,
               "no product found, nothing bought: every purchase starts here"),
    "recommendations": ('see "customers also bought" suggestions on the product page',
                        "search", False,
                        "the page works without them; the user can still buy"),
    "cart": ("put the product in the cart and open the checkout page", "checkout", True,
             "without a cart there is no order"),
    "pay": ("pay: checkout calls payment", "checkout, payment", True,
            "the money step: a failure here loses the sale"),
    "confirmation_email": ("receive the order confirmation e-mail", "notifications", False,
                           "the order is already placed when the e-mail is sent; it matters "
                           "for trust, so it gets its own, looser SLO"),
    "review": ("write a review after delivery", "checkout", False,
               "a different journey, days later"),
}

#: Candidate SLIs for the confirmation e-mail: key -> (what it measures, right?, why).
EMAIL_SLIS = {
    "send_call_succeeds": ("share of calls to the e-mail service's send API that return "
                           "success", False,
                           "the call only puts the e-mail in a queue: a stuck queue or a "
                           "bounced e-mail still counts as good"),
    "send_call_fast": ("share of send API calls answered within 500 ms", False,
                       "nobody waits for that call: the shopper is already on the 'thank "
                       "you' page"),
    "delivered_within_10_min": ("share of orders whose confirmation e-mail reached the "
                                "mail provider within 10 minutes of payment", True,
                                "end to end, as the shopper sees it: a freshness SLI, good "
                                "events / valid events"),
    "emails_per_day": ("number of e-mails sent per day", False,
                       "volume, not quality, and not a ratio: it stays normal while the "
                       "e-mails arrive hours late"),
}

#: Candidate metrics for checkout's SLIs: key -> (what it measures, good SLI?, why).
SLI_CANDIDATES = {
    "requests_served": ("checkout requests served per day", False,
                        "volume, not quality: it stayed normal through INC-006 while "
                        "users waited"),
    "cpu": ("CPU utilisation of the checkout hosts", False,
            "a cause to investigate, not what users feel: busy CPUs with fast answers "
            "hurt nobody"),
    "success_ratio": ("successful checkout requests / all checkout requests", True,
                      "availability: good events / valid events, as users see them"),
    "fast_ratio": ("successful requests answered within 500 ms / successful requests", True,
                   "latency against a threshold users notice"),
    "pod_uptime": ("share of time the checkout processes were running", False,
                   "a process can be up and still fail or crawl"),
    "good_minutes": ("share of minutes in which at least 99 % of requests succeeded", True,
                     "a time-slice SLI: good minutes / all minutes"),
    "mean_latency": ("average response time of all requests", False,
                     "not a good/valid ratio, and a mean hides the slow tail users "
                     "complain about"),
}


# --------------------------------------------------------------------------- reference helpers
# Called lazily (on the first check), so importing the registry loads no data.

def _checkout():
    from ..datasets import load_requests

    return load_requests(service="checkout")


def _daily_availability(service: str):
    """Availability of each day of the year of history (``sl.availability_sli`` per day)."""
    import pandas as pd

    from ..datasets import load_daily_history
    from ..slo import availability_sli

    daily = load_daily_history(service).set_index("date")[["requests", "errors"]]
    return pd.Series([availability_sli(daily.iloc[i:i + 1]) for i in range(len(daily))],
                     index=daily.index)


def _windows_met(service: str, slo_target: float, *, days: int = 28) -> list[bool]:
    """Met or not, for every full window of ``days`` consecutive days of the history."""
    from ..datasets import load_daily_history
    from ..slo import availability_sli

    daily = load_daily_history(service).set_index("date")[["requests", "errors"]]
    return [availability_sli(daily.iloc[i - days:i]) >= slo_target
            for i in range(days, len(daily) + 1)]


def _share_of_windows_met(service: str, slo_target: float) -> float:
    met = _windows_met(service, slo_target)
    return sum(met) / len(met)


def _share_with_partial_windows(service: str, slo_target: float) -> float:
    """The slip: dividing by every day of the year, the first 27 (no full window) as misses."""
    met = _windows_met(service, slo_target)
    return sum(met) / (len(met) + 27)


def _share_of_days_met(service: str, slo_target: float) -> float:
    return float((_daily_availability(service) >= slo_target).mean())


def _share_of_averaged_windows_met(service: str, slo_target: float) -> float:
    """The slip: a window's SLI as the mean of its daily ratios (not summed events)."""
    mean_of_ratios = _daily_availability(service).rolling(28).mean().dropna()
    return float((mean_of_ratios >= slo_target).mean())


def _latency_budget(slo_target: float, *, valid: str) -> float:
    """Latency budget of checkout's 28 days: (1 - target) of the successful (or all) requests."""
    from ..slo import error_budget, sli_events

    traffic = _checkout()
    if valid == "successful":
        events = sli_events(traffic, sli="latency", threshold_ms=500)["valid"].sum()
    else:
        events = traffic["requests"].sum()
    return float(error_budget(slo_target, events))


def _slow_requests() -> float:
    from ..slo import sli_events

    events = sli_events(_checkout(), sli="latency", threshold_ms=500)
    return float((events["valid"] - events["good"]).sum())


def _lasts(slo_target: float, *, window_days: float, burn: str = "window"):
    """How long a whole budget lasts at checkout's burn rate (28-day window or last 24 h)."""
    from ..slo import slo_status, time_to_exhaustion

    status = slo_status(_checkout(), slo_target=slo_target, window_days=28, service="checkout")
    if burn == "current":
        return status.time_to_exhaustion
    return time_to_exhaustion(status.window_burn_rate, window_days=window_days)


def _spike_incident(since: str = "2026-10-26") -> str:
    """The checkout incident running in the worst hour (highest error ratio) since ``since``."""
    import pandas as pd

    from ..datasets import load_incidents

    hourly = _checkout().loc[since:, ["requests", "errors"]].resample("1h").sum()
    worst = (hourly["errors"] / hourly["requests"]).idxmax()
    incidents = load_incidents()
    running = incidents[(incidents["service"] == "checkout")
                        & (incidents["started"] < worst + pd.Timedelta(hours=1))
                        & (incidents["mitigated"] > worst)]
    return str(running["id"].iloc[0])


def _during(incident_id: str, *, until: str = "mitigated", whole_day: bool = False):
    """Checkout's minutes from an incident's start (inclusive) to ``until`` (exclusive)."""
    from ..datasets import load_incidents

    incident = load_incidents().set_index("id").loc[incident_id]
    traffic = _checkout()
    if whole_day:
        return traffic.loc[incident["started"].strftime("%Y-%m-%d")]
    return traffic[(traffic.index >= incident["started"]) & (traffic.index < incident[until])]


def _incident_share(incident_id: str | None = None, *, whole_day: bool = False) -> float:
    """Share of checkout's 28-day 99.9 % budget spent by an incident's failed requests."""
    from ..policy import incident_budget_share

    during = _during(incident_id or _spike_incident(), whole_day=whole_day)
    return float(incident_budget_share(during["errors"].sum(), slo_target=0.999,
                                       window_valid_events=_checkout()["requests"].sum()))


def _incident_error_ratio() -> float:
    during = _during(_spike_incident())
    return float(during["errors"].sum() / during["requests"].sum())


def _errors_over_all_requests() -> float:
    return float(_during(_spike_incident())["errors"].sum() / _checkout()["requests"].sum())


# --------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------ 02_slos/1a_slis_and_user_journeys (key "slo1a")
    Exercise(
        id="slo1a.critical_steps",
        notebook=NB_1A,
        prompt="Which steps of MicroCorp's 'buy a product' journey are critical: if the step "
               "fails, the user cannot finish buying? Answer with the set of their keys.",
        kind="set",
        reference=lambda: {k for k, (_, _, critical, _) in JOURNEY_STEPS.items() if critical},
        hint="Walk the journey as a shopper: for each step ask 'if this fails right now, can I "
             "still place my order?' A step that happens after the order, or that the page "
             "can do without, is not critical.",
        solution_code=(
            "# the steps without which no order is placed:\n"
            "answer = {\"search\", \"cart\", \"pay\"}\n"
        ),
    ),
    Exercise(
        id="slo1a.email_sli",
        notebook=NB_1A,
        prompt="Which candidate SLI fits the order confirmation e-mail best? Answer with its "
               "key.",
        kind="choice", choices=tuple(EMAIL_SLIS),
        reference=lambda: next(k for k, (_, right, _) in EMAIL_SLIS.items() if right),
        misconceptions=[(f"you measured the {what}, but {why}", lambda k=k: k)
                        for k, (what, right, why) in EMAIL_SLIS.items() if not right],
        hint="Nobody waits on a request here: the e-mail is sent in the background. Measure "
             "what the shopper experiences end to end, as good events / valid events.",
        solution_code=(
            "# end to end, as the shopper sees it (a freshness SLI):\n"
            "answer = \"delivered_within_10_min\"\n"
        ),
    ),
    Exercise(
        id="slo1a.good_slis",
        notebook=NB_1A,
        prompt="Which of Sam's seven candidate metrics are good SLIs for checkout? Answer "
               "with the set of their keys.",
        kind="set",
        reference=lambda: {k for k, (_, good, _) in SLI_CANDIDATES.items() if good},
        hint="A good SLI is a ratio of good events to valid events that users feel: it must "
             "drop when users are hurt (INC-006!) and stay high when they are not.",
        solution_code=(
            "# ratios of good to valid events, seen from the user's side:\n"
            "answer = {\"success_ratio\", \"fast_ratio\", \"good_minutes\"}\n"
        ),
    ),
    # ------------------------------------------ 02_slos/1b_targets_and_error_budgets (key "slo1b")
    Exercise(
        id="slo1b.realistic_share",
        notebook=NB_1B,
        prompt="In what share of last year's 28-day windows did checkout's availability meet "
               "99.9 %? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=lambda: _share_of_windows_met("checkout", 0.999),
        misconceptions=[
            ("you judged single days instead of 28-day windows",
             lambda: _share_of_days_met("checkout", 0.999)),
            ("you also counted the first 27 days, where no full 28-day window exists yet, "
             "as misses (drop them with .dropna())",
             lambda: _share_with_partial_windows("checkout", 0.999)),
            ("you averaged the daily availabilities over each window instead of adding up "
             "its requests and errors",
             lambda: _share_of_averaged_windows_met("checkout", 0.999)),
        ],
        hint="Use window_sli, one availability per full 28-day window: compare it with 0.999 "
             "(True where met) and take the mean of those True/False values.",
        solution_code=(
            "daily = sl.load_daily_history(\"checkout\").set_index(\"date\")\n"
            "windows = daily[[\"requests\", \"errors\"]].rolling(28).sum().dropna()\n"
            "window_sli = 1 - windows[\"errors\"] / windows[\"requests\"]\n"
            "answer = (window_sli >= 0.999).mean()\n"
        ),
    ),
    Exercise(
        id="slo1b.latency_budget",
        notebook=NB_1B,
        prompt="Checkout's latency SLO: 99 % of successful requests within 500 ms, over the "
               "28 days of data. How many slow requests does its error budget allow?",
        kind="number", unit="slow requests", rel_tol=0.0, abs_tol=50,
        reference=lambda: _latency_budget(0.99, valid="successful"),
        misconceptions=[
            ("you took 1 % of all requests; the valid events of a latency SLI are the "
             "successful requests (a failed request never reaches the latency histogram)",
             lambda: _latency_budget(0.99, valid="all")),
            ("you kept the availability target 99.9 %; the latency SLO's target is 99 %",
             lambda: _latency_budget(0.999, valid="successful")),
            ("you counted the slow requests the 28 days actually had, not the ones the "
             "budget allows",
             _slow_requests),
        ],
        hint="The valid events of a latency SLI are the successful requests (requests - "
             "errors), not all requests; the budget is (1 - target) of them: "
             "sl.error_budget(0.99, successful).",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "successful = (checkout[\"requests\"] - checkout[\"errors\"]).sum()\n"
            "answer = sl.error_budget(0.99, successful)\n"
        ),
    ),
    # ------------------------------------------ 02_slos/1c_slo_tuner_and_document (key "slo1c")
    Exercise(
        id="slo1c.exhaustion_9995",
        notebook=NB_1C,
        prompt="At 99.95 % over the 28-day window, how long would a whole 28-day budget last "
               "at the burn rate of those 28 days? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.01,
        reference=lambda: _lasts(0.9995, window_days=28),
        misconceptions=[
            ("you used the current burn rate (the last 24 hours, which the tuner's 'at the "
             "current burn' reads) instead of the burn rate of the 28 days",
             lambda: _lasts(0.9995, window_days=28, burn="current")),
            ("you took a 30-day window; the SLO's window here is 28 days",
             lambda: _lasts(0.9995, window_days=30)),
            ("you kept the 99.99 % of the worked example",
             lambda: _lasts(0.9999, window_days=28)),
        ],
        hint="A budget lasts window / burn rate: take the 28-day burn rate at 99.95 % "
             "(sl.slo_status(...).window_burn_rate) and call "
             "sl.time_to_exhaustion(burn, window_days=28).",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "status = sl.slo_status(checkout, slo_target=0.9995, window_days=28)\n"
            "answer = sl.time_to_exhaustion(status.window_burn_rate, window_days=28)\n"
        ),
    ),
    Exercise(
        id="slo1c.spike_budget_share",
        notebook=NB_1C,
        prompt="Sam's spike: what share of checkout's 28-day 99.9 % error budget did the "
               "failed requests of the incident running in the worst hour of the last week "
               "spend? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=lambda: _incident_share(),
        misconceptions=[
            ("you kept INC-004, the worked example's incident; change it to the checkout "
             "incident running in the worst hour",
             lambda: _incident_share("INC-004")),
            ("you took INC-014, the other checkout incident of that week; the worst hour is "
             "11:00 on Thursday 29 October",
             lambda: _incident_share("INC-014")),
            ("you took payment's INC-012; Sam's budget is checkout's, and checkout's worst "
             "hour is on Thursday 29 October",
             lambda: _incident_share("INC-012")),
            ("you counted the failed requests of the whole day, not only the incident's",
             lambda: _incident_share(whole_day=True)),
            ("you divided by the requests during the incident (its error ratio), not by the "
             "budget",
             _incident_error_ratio),
            ("you divided by all requests of the 28 days instead of by the budget "
             "(0.1 % of them)",
             _errors_over_all_requests),
        ],
        hint="First put the id of the checkout incident running in the worst hour (started "
             "before the hour ends, mitigated after it begins) in place of INC-004; then "
             "divide its failed requests, during[\"errors\"].sum(), by the 28-day budget, "
             "as in the worked example.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "incidents = sl.load_incidents().set_index(\"id\")\n"
            "spike = incidents.loc[\"INC-010\"]     # running at 11:00 on Thursday 29 October\n"
            "during = checkout[(checkout.index >= spike[\"started\"])\n"
            "                  & (checkout.index < spike[\"mitigated\"])]\n"
            "budget = sl.error_budget(0.999, checkout[\"requests\"].sum())\n"
            "answer = during[\"errors\"].sum() / budget\n"
        ),
    ),
]

# --------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="slo1a.where_measured",
        notebook=NB_1A,
        question="Checkout's SLIs are counted by the checkout service from the requests it "
                 "receives. For 20 minutes a DNS fault stops many shoppers' browsers from "
                 "reaching MicroCorp at all. What does checkout's availability SLI show for "
                 "those 20 minutes?",
        options=[
            ("It drops sharply: those shoppers' requests all failed.",
             "Their requests never reached checkout, so checkout counted them neither as "
             "good nor as valid events: nothing was there to fail."),
            ("It stays high: requests that never arrive are not counted at all.",
             "Right: an SLI only sees what reaches the place where it is measured. The Art "
             "of SLOs asks you to walk the journey for such gaps and write down the risk, "
             "or measure closer to the user (a prober, or the browser itself)."),
            ("It drops by exactly the share of shoppers whose DNS failed.",
             "That would need those shoppers' requests in the count; checkout never saw "
             "them."),
            ("The latency SLI catches it instead, because those shoppers wait forever.",
             "The latency SLI counts successful requests that arrived; a request that never "
             "arrives is in neither SLI."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo1b.budget_from_events",
        notebook=NB_1B,
        question="A forecast said checkout would get 1,000,000 requests next month; "
                 "1,300,000 arrive. How many failed requests does a 99.9 % SLO allow that "
                 "month?",
        options=[
            ("1,000: the budget was set from the forecast.",
             "A budget fixed in advance would be wrong whenever traffic differs from the "
             "forecast; the SLO is a share of the events that actually arrive."),
            ("1,300: 0.1 % of the requests that actually arrived.",
             "Right: the budget is (1 - target) of the window's real valid events, which is "
             "what sl.error_budget computes."),
            ("1,300,000 × 99.9 % = 1,298,700.",
             "That is the number of requests that must succeed, not the failures allowed."),
            ("It cannot be known until the month is over, so the team cannot use it.",
             "The budget grows with traffic during the month, but at any moment it is 0.1 % "
             "of the requests so far: the tuner shows it (and projects it) as you go."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo1c.too_many_slos",
        notebook=NB_1C,
        question="Sam's five SLOs put something red on the board every week. What is the "
                 "main cost of too many SLOs?",
        options=[
            ("More SLOs make the service less reliable.",
             "Measuring changes nothing in the service. What grows is the chance that some "
             "objective is red in a given week: 1 - pⁿ for n objectives."),
            ("The monitoring system gets too expensive to run.",
             "Five ratios of counters cost almost nothing to compute; the cost is people's "
             "attention."),
            ("Red stops meaning 'users were hurt', so the team learns to ignore it.",
             "Right: an objective that is red for no user-visible reason, or several reds "
             "for one cause, teaches people to look away."),
            ("Each SLO needs its own error budget policy.",
             "One policy can cover several SLOs; the trouble is the noise on the board."),
        ],
        answer=2,
    ),
]
