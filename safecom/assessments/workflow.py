"""Moderation of an answer, and cycle-to-cycle change. Plain Python.

An answer is `pending` once its return is submitted. The QA officer accepts it or challenges
it with a comment; the provider responds (and may revise the rating); the officer then
accepts, challenges again or closes the challenge. Accepted and closed answers are settled:
they count as moderated and can be carried into the next cycle.
"""

from __future__ import annotations

PENDING = "pending"
ACCEPTED = "accepted"
CHALLENGED = "challenged"
RESPONDED = "responded"
CLOSED = "closed"
SETTLED = frozenset({ACCEPTED, CLOSED})

MODERATION_LABELS = {
    "": "Not submitted",
    PENDING: "Awaiting moderation",
    ACCEPTED: "Accepted",
    CHALLENGED: "Challenged",
    RESPONDED: "Provider responded",
    CLOSED: "Challenge closed",
}

# decision -> (states it may follow, state it leads to, who makes it)
DECISIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "accept": (frozenset({PENDING, RESPONDED}), ACCEPTED, "moderator"),
    "challenge": (frozenset({PENDING, RESPONDED}), CHALLENGED, "moderator"),
    "close": (frozenset({CHALLENGED, RESPONDED}), CLOSED, "moderator"),
    "respond": (frozenset({CHALLENGED}), RESPONDED, "provider"),
}
EVENT_FOR_DECISION = {
    "accept": "accepted",
    "challenge": "challenged",
    "close": "closed",
    "respond": "responded",
}
COMMENT_NEEDED = frozenset({"challenge", "respond"})


def decision_problem(current: str, decision: str) -> str | None:
    """Why a moderation step cannot be taken now, in words; None when it can."""
    if decision not in DECISIONS:
        return "Choose accept, challenge or close."
    allowed, _, _ = DECISIONS[decision]
    if current in allowed:
        return None
    label = MODERATION_LABELS.get(current, current).lower()
    if not current:
        return "This answer has not been submitted yet, so it cannot be moderated."
    if decision == "respond":
        return f"There is no open challenge to respond to: the answer is {label}."
    return f"The answer is {label}, so it cannot be {EVENT_FOR_DECISION[decision]} now."


def next_state(decision: str) -> str:
    return DECISIONS[decision][1]


RATING_ORDER = {"not_met": 0, "partly_met": 1, "met": 2}
CYCLE_CHANGES = ("improved", "worse", "same", "changed", "new", "unanswered")


def cycle_change(previous: str | None, current: str | None) -> str:
    """How a rating moved since the last cycle: improved, worse, same, new or not comparable."""
    if not current:
        return "unanswered"
    if not previous:
        return "new"
    if previous not in RATING_ORDER or current not in RATING_ORDER:
        return "same" if previous == current else "changed"
    delta = RATING_ORDER[current] - RATING_ORDER[previous]
    return "improved" if delta > 0 else "worse" if delta < 0 else "same"
