"""Views: ``plot_*(result, *, ax=None) -> Axes`` draw results computed elsewhere.

Every function here draws something that a core module (``slo``, ``culture``,
...) has already computed; none of them computes a quantity the course teaches.
This package imports matplotlib, so ``import sre_lab`` does not load it: the
``sl.plot_*`` names resolve here on first use.

One module per course section, so a section's views are found in the same
place in every layer (``exercises/``, ``plotting/``, ``dashboards/``):

=================  ===========================================================
``_style``         the palette, ``use_course_style`` and shared axes helpers
``start``          ``00_start_here``
``intro``          ``01a_…``, ``01b_…`` (section 1)
``slos``           ``02_slos/`` (all parts)
``incidents``      ``03_incidents/`` (severity, response, analytics, game days)
``oncall``         ``03_incidents/2*`` (on-call load, triage)
``sampling``       ``04_cost/`` (telemetry volumes, head and tail sampling)
``cost``           ``04_cost/1*`` (bills, cost against downtime, retention)
``chargeback``     ``04_cost/2*`` (tiers, roll-ups, chargeback)
``cost_planning``  ``04_cost/3*`` (platform SLO, growth forecasts, governance)
``dora``           ``05_culture/`` (DORA's four keys, deployment log)
``toil``           ``05_culture/1*`` (toil, automation payback)
``teams``          ``05_culture/2*`` (team models, readiness reviews)
``business``       ``05_culture/3*`` (maturity scoring, the business case)
``instrumentation`` ``06_…/1*`` (spans and metrics of the instrumented checkout)
``release``        ``06_…/2*`` (synthetic checks, canary analysis, release gates)
``resilience``     ``06_…/3*`` and the chaos lab (SLI over virtual time, breakers)
``chaos``          ``06_…/3*`` (retry amplification, metastable failure, experiments)
``capstone``       ``07_capstone/`` (a quarter's incidents, plans compared, roadmap)
=================  ===========================================================

Contents
--------
=================================  ============================================
``use_course_style``               the course look: Okabe-Ito colours + line styles
``COURSE_COLORS``                  the colour-blind-safe palette (Okabe & Ito, 2008)
``COURSE_LINESTYLES``              dash patterns paired with the colours
``plot_traffic``                   00: counts over time (e.g. requests per hour), weekends shaded
``plot_maturity``                  00: self-assessment: practices met per maturity stage
``plot_sli``                       01: an SLI series against its SLO (and SLA) lines
``plot_budget_burndown``           01: remaining error budget across a window
``plot_budget_over_time``          02: budget left at every minute, rolling or calendar
``plot_indicators``                02: SLIs / traffic lines, levels, a hatched incident
``plot_slo_board``                 02: met / missed board, SLOs x periods
``plot_burn_rates``                02: burn rates (log axis), alert thresholds, incidents
``plot_sli_dimensions``            02: bad-event ratio per SLI dimension vs its budget
``plot_alert_timeline``            02: burn rates + when each alert rule fired + incidents
``plot_budget_forecast``           02: budget so far + forecast band + P(runs out)
``plot_traffic_forecast``          02: daily traffic, its forecast and interval, events
``plot_latency_vs_utilisation``    02: share of fast requests vs utilisation (M/M/c)
``plot_slo_rollup``                02: executive roll-up, budget consumed + status per service
``plot_forecast_backtest``         02: naive vs bootstrap intervals against what happened
``plot_release_quarter``           02: a quarter of release-gate decisions, frozen days shaded
``plot_response_timeline``         03: an incident's stages (detect, ack, mitigate) and budget
``plot_duration_distribution``     03: long-tailed durations, median / p90 / mean marked
``plot_time_to_declare``           03: status-page start minus real impact start
``plot_incident_trend``            03: incidents per month or quarter with Poisson intervals
``plot_incident_rates``            03: incidents per unit of exposure, with intervals
``plot_budget_pareto``             03: incidents ranked by error budget spent, cumulative share
``plot_start_time_profile``        03: incident starts by weekday and hour
``plot_game_day``                  03: a game day's scored timeline
``plot_oncall_load``               03: pages per person and shift against the limits
``plot_triage``                    03: the triage bot's ranked probable causes
``plot_telemetry_volumes``         04: telemetry volume per month, by signal or level
``plot_head_tail_tradeoff``        04: span bill vs share of incidents debuggable
``plot_sampled_error_rate``        04: error rate on kept traces, Wilson interval
``plot_bill``                      04: a bill as bars, by service, signal or component
``plot_downtime_cost``             04: revenue each incident lost vs a spend
``plot_storage_bill``              04: storage dollars per month, stacked by tier
``plot_cost_explorer``             04: the cost explorer's bill by signal
``plot_sampling_tradeoffs``        04: each sampling plan's cost vs debuggable share
``plot_rollup``                    04: error ratio per minute and its roll-up
``plot_allocation``                04: chargeback per team: usage, shared, idle
``plot_platform_ingest``           04: hub records per hour vs indexer capacity
``plot_cost_forecast``             04: monthly bills, forecast band, outline, budget
``plot_cardinality_budget``        04: active series per service vs budget
``plot_sprawl_audit``              04: costliest unused metrics, cumulative share
``plot_dora_trend``                05: one DORA key per period on a cluster's bands
``plot_toil_shares``               05: toil share per engineer against the 50 % cap
``plot_toil_sources``              05: hours of the top sources of toil
``plot_automation_payback``        05: hours gained by an automation, 10-90 % band
``plot_team_models``               05: response time vs SRE headcount per model
``plot_readiness``                 05: readiness score per service, passed/required
``plot_review_effect``             05: risk ratio reviewed / skipped, with intervals
``plot_maturity_scores``           05: maturity score per team by indicator
``plot_weight_sweep``              05: each team's score vs one indicator's weight
``plot_roi``                       05: simulated return on reliability investment
``plot_trace_waterfall``           06: one trace as a waterfall, a bar per span
``plot_checkout_metrics``          06: checkout requests per HTTP status code
``plot_memory_growth``             06: bytes each build keeps against orders handled
``plot_synthetic_checks``          06: failed synthetic runs per location, alerts, incidents
``plot_synthetic_rules``           06: false alarms vs incidents detected per alert rule
``plot_canary_latencies``          06: canary vs baseline latency ECDFs, median and p99
``plot_gate_power``                06: share of releases a gate blocks vs sample size
``plot_gate_quarter``              06: a quarter of gate decisions by outcome
``plot_checkout_sli``              06: checkout SLI per virtual minute, faults hatched
``plot_retry_amplification``       06: worst-case attempts vs retry layers
``plot_retry_arrivals``            06: when retries arrive, with and without jitter
``plot_breaker_states``            06: a breaker's state at every call
``plot_load_vs_capacity``          06: attempts per second vs capacity (metastable state)
``plot_availability_by_minute``    06: availability per virtual minute, several runs
``plot_chaos_verdicts``            06: experiments' probes against their tolerances
``plot_incident_timelines``        07: a quarter's incidents: detect, acknowledge, repair
``plot_plan_comparison``           07: plans side by side, medians and 10-90 % ranges
``plot_roadmap``                   07: a roadmap as a waterfall of the quarter's cost
=================================  ============================================

``format_percent`` and ``format_duration`` live in :mod:`sre_lab.formatting`
(no matplotlib); they are re-exported here only for old callers. Write
``sl.format_percent`` / ``sl.format_duration``.

Conventions
-----------
* ``ax=None`` draws on a new figure (``plt.subplots``); pass an ``Axes`` to
  draw inside a dashboard or a grid. The ``Axes`` is returned.
* Titles, axis labels with units, and a legend or direct labels: information is
  never carried by colour alone (lines differ by dash pattern too).
* The styling is explicit: nothing is changed on import. Call
  ``sl.use_course_style()`` once at the top of a notebook for the course look.
"""

from __future__ import annotations

from ..formatting import format_duration, format_percent
from ._style import COURSE_COLORS, COURSE_LINESTYLES, use_course_style
from . import (business, capstone, chaos, chargeback, cost, cost_planning, dora, incidents, instrumentation, intro,
               oncall, release, resilience, sampling, slos,
               start, teams, toil)
from .incidents import *  # noqa: F401,F403
from .intro import *  # noqa: F401,F403
from .oncall import *  # noqa: F401,F403
from .sampling import *  # noqa: F401,F403
from .cost import *  # noqa: F401,F403
from .chargeback import *  # noqa: F401,F403
from .cost_planning import *  # noqa: F401,F403
from .dora import *  # noqa: F401,F403
from .toil import *  # noqa: F401,F403
from .teams import *  # noqa: F401,F403
from .business import *  # noqa: F401,F403
from .instrumentation import *  # noqa: F401,F403
from .release import *  # noqa: F401,F403
from .resilience import *  # noqa: F401,F403
from .capstone import *  # noqa: F401,F403
from .chaos import *  # noqa: F401,F403
from .slos import *  # noqa: F401,F403
from .start import *  # noqa: F401,F403

# One list per section module; this package re-exports them all.
__all__ = ["COURSE_COLORS", "COURSE_LINESTYLES", "use_course_style", "format_percent",
           "format_duration", *start.__all__, *intro.__all__, *slos.__all__, *incidents.__all__,
           *oncall.__all__, *sampling.__all__, *cost.__all__, *chargeback.__all__, *cost_planning.__all__,
           *dora.__all__, *toil.__all__, *teams.__all__, *business.__all__,
           *instrumentation.__all__, *release.__all__, *resilience.__all__, *chaos.__all__, *capstone.__all__]
