"""Section 6: observability-driven development and chaos engineering, a module per topic.

===================  ========================================================
``callgraph``        request-level simulation of MicroCorp's call graph in
                     virtual time: latency, timeouts, retries with backoff and
                     jitter, circuit breakers, bulkheads, fallbacks, caches,
                     faults per service
``instrumentation``  a checkout handler to instrument with OpenTelemetry and
                     test with the SDK's in-memory exporters (shift left)
``synthetics``       scripted user journeys on a schedule: detection time and
                     false alarms against the real-user SLI
``release``          canary analysis with a stated test and its false-positive
                     rate; the CI performance gate
``chaos``            chaos experiments on the simulated MicroCorp, exported
                     for (and checked by) Chaos Toolkit
===================  ========================================================

Notebooks: ``notebooks/06_observability_driven_dev/``. OpenTelemetry and Chaos
Toolkit are imported only when a function needs them, so ``import sre_lab``
stays fast.
"""

from . import callgraph, chaos, instrumentation, release, synthetics
from .callgraph import *  # noqa: F401,F403
from .chaos import *  # noqa: F401,F403
from .instrumentation import *  # noqa: F401,F403
from .release import *  # noqa: F401,F403
from .synthetics import *  # noqa: F401,F403

__all__ = [*callgraph.__all__, *instrumentation.__all__, *synthetics.__all__,
           *release.__all__, *chaos.__all__]
