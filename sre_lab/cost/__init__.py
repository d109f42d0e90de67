"""Section 4: observability cost, a module per topic.

=================  ==========================================================
``telemetry``      MicroCorp's telemetry volumes (logs, spans, metric series)
                   per service and day; its traces
``prices``         a price model as data, each price with its source and date;
                   the monthly bill
``sampling``       head sampling exactly as OpenTelemetry decides, tail
                   sampling policies, estimates from sampled data
``benefit``        observability spend against the cost of downtime
``retention``      retention tiers per signal and the storage bill over a year
``aggregation``    compression and roll-ups (logs -> metrics, raw -> hourly)
``tiering``        observability tiers by service criticality
``chargeback``     cost allocation to teams with idle and shared costs
``growth``         cost forecasts with growth, seasonality and uncertainty
``governance``     cardinality budgets, log-level policy, sprawl audits
``platform``       observability as an internal service with its own SLO
=================  ==========================================================

Notebooks: ``notebooks/04_cost/``.
"""

from . import (aggregation, benefit, chargeback, governance, growth, platform, prices, retention,
               sampling, telemetry, tiering)
from .aggregation import *  # noqa: F401,F403
from .benefit import *  # noqa: F401,F403
from .chargeback import *  # noqa: F401,F403
from .governance import *  # noqa: F401,F403
from .growth import *  # noqa: F401,F403
from .platform import *  # noqa: F401,F403
from .prices import *  # noqa: F401,F403
from .retention import *  # noqa: F401,F403
from .sampling import *  # noqa: F401,F403
from .telemetry import *  # noqa: F401,F403
from .tiering import *  # noqa: F401,F403

__all__ = [*telemetry.__all__, *prices.__all__, *sampling.__all__, *benefit.__all__,
           *retention.__all__, *aggregation.__all__, *tiering.__all__, *chargeback.__all__,
           *growth.__all__, *governance.__all__, *platform.__all__]
