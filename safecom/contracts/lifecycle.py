"""A contract's lifecycle: which stage may follow which. Plain Python.

planning → tender → awarded → mobilising → live → decommissioning → ended.
A stage may step back one (a tender re-run, an award withdrawn) and a contract that never
went live may be ended (cancelled) from any earlier stage; a live contract ends only
through decommissioning, because the standards ask for a safe exit.
"""

from __future__ import annotations

STAGES: tuple[str, ...] = (
    "planning",
    "tender",
    "awarded",
    "mobilising",
    "live",
    "decommissioning",
    "ended",
)
STAGE_LABELS = {
    "planning": "Planning",
    "tender": "Tender",
    "awarded": "Awarded",
    "mobilising": "Mobilising",
    "live": "Live",
    "decommissioning": "Decommissioning",
    "ended": "Ended",
}
PRE_LIVE = frozenset({"planning", "tender", "awarded", "mobilising"})


def allowed_next(stage: str) -> list[str]:
    if stage not in STAGES or stage == "ended":
        return []
    i = STAGES.index(stage)
    out = [STAGES[i + 1]]
    if 0 < i < STAGES.index("live"):
        out.append(STAGES[i - 1])
    if stage in PRE_LIVE and "ended" not in out:
        out.append("ended")
    return out


def transition_problem(current: str, target: str) -> str | None:
    """Why a move is not allowed, in words for the person trying it; None when it is."""
    if target not in STAGES:
        return f"'{target}' is not a stage. Stages are: {', '.join(STAGES)}."
    if target == current:
        return f"The contract is already at {STAGE_LABELS[current].lower()}."
    if target not in allowed_next(current):
        options = ", ".join(STAGE_LABELS[s].lower() for s in allowed_next(current)) or "none"
        return (
            f"A contract at {STAGE_LABELS[current].lower()} cannot move to "
            f"{STAGE_LABELS[target].lower()}. It can move to: {options}."
        )
    return None


def needs_reason(current: str, target: str) -> bool:
    """Stepping back or cancelling must say why."""
    if target == "ended" and current in PRE_LIVE:
        return True
    return STAGES.index(target) < STAGES.index(current)
