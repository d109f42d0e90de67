"""Section 3: incident management, a module per topic.

=================  ==========================================================
``timelines``      status-page updates -> one timeline per incident;
                   ``duration_summary`` (median, p90, bootstrap interval)
``analytics``      incident analytics: time to declare, rates per exposure,
                   trends with uncertainty, Pareto of budget spent
``severity``       a published severity scale as data; classify from impact
``response``       a MicroCorp incident's response timeline: detect,
                   acknowledge, mitigate, resolve, and the budget at each stage
``postmortem``     blameless postmortem documents (Markdown)
``oncall``         on-call rotation simulation in virtual time, load vs limits
``playbooks``      symptom-based runbooks as data; ``triage`` ranks probable causes
``gameday``        Wheel-of-Misfortune game days in virtual time
=================  ==========================================================

Notebooks: ``notebooks/03_incidents/``.
"""

from . import analytics, gameday, oncall, playbooks, postmortem, response, severity, timelines
from .analytics import *  # noqa: F401,F403
from .gameday import *  # noqa: F401,F403
from .oncall import *  # noqa: F401,F403
from .postmortem import *  # noqa: F401,F403
from .response import *  # noqa: F401,F403
from .severity import *  # noqa: F401,F403
from .timelines import *  # noqa: F401,F403
from .playbooks import *  # noqa: F401,F403

__all__ = [*timelines.__all__, *analytics.__all__, *severity.__all__, *response.__all__,
           *postmortem.__all__, *oncall.__all__, *playbooks.__all__, *gameday.__all__]
