"""Section 5: reliability culture with numbers, a module per topic.

=================  ==========================================================
``maturity``       the maturity self-assessment (four stages) and maturity
                   scoring with normalised indicators and visible weights
``toil``           toil from MicroCorp's work log: classification, share per
                   engineer against the 50 % cap, top sources
``automation``     automation payback: break-even with uncertainty
``dora``           DORA's four keys from a deployment log, benchmark bands
``teams``          SRE team models (embedded, central, consulting)
``readiness``      production readiness reviews: checklist, scores, effect
``business``       the business case: downtime cost, churn, return on
                   reliability investment
=================  ==========================================================

Notebooks: ``notebooks/05_culture/`` (the self-assessment also in
``00_start_here`` and ``01a``).
"""

from . import automation, business, dora, maturity, readiness, teams, toil
from .automation import *  # noqa: F401,F403
from .business import *  # noqa: F401,F403
from .dora import *  # noqa: F401,F403
from .maturity import *  # noqa: F401,F403
from .readiness import *  # noqa: F401,F403
from .teams import *  # noqa: F401,F403
from .toil import *  # noqa: F401,F403

__all__ = [*maturity.__all__, *toil.__all__, *automation.__all__, *dora.__all__,
           *teams.__all__, *readiness.__all__, *business.__all__]
