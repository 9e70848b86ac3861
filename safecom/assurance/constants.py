"""Plain values the assurance app shares between its modules."""

from __future__ import annotations

# Stages in which a service is being delivered: these are monitored, returned and checked.
DELIVERY_STAGES = ("live", "decommissioning")
# "In the last 12 months" for risk and summaries.
RECENT_MONTHS = 12
