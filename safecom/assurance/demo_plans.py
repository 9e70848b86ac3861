"""What the assurance demo records: allegations, incidents and reviews, and briefings.

Each names the commissioner (by slug) and which of its contracts in delivery (by position).
Dates are fixed so every run makes the same records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date

ALLEGATIONS: list[tuple[str, int, dict[str, Any]]] = [
    # Reported late: made the Friday before the spring bank holiday, the LADO told on
    # the Wednesday; the deadline was the Tuesday (Monday 25 May did not count).
    (
        "riverside-council",
        0,
        {
            "made_on": D(2026, 5, 22),
            "lado_informed_on": D(2026, 5, 27),
            "category": "physical",
            "subject_role": "employee",
            "outcome": "unsubstantiated",
            "concluded_on": D(2026, 7, 14),
            "notes": "Restraint during an incident in the evening; CCTV reviewed.",
        },
    ),
    # In time over Easter: made Thursday 2 April, told Tuesday 7 April.
    (
        "riverside-council",
        2,
        {
            "made_on": D(2026, 4, 2),
            "lado_informed_on": D(2026, 4, 7),
            "category": "conduct",
            "subject_role": "volunteer",
            "outcome": "unfounded",
            "concluded_on": D(2026, 5, 1),
        },
    ),
    (
        "riverside-council",
        0,
        {
            "made_on": D(2026, 10, 12),
            "lado_informed_on": D(2026, 10, 12),
            "category": "online",
            "subject_role": "agency",
            "notes": "Messages to a young person on social media; agency worker removed.",
        },
    ),
    (
        "east-riverside-icb",
        0,
        {
            "made_on": D(2026, 9, 8),
            "lado_informed_on": D(2026, 9, 9),
            "designated_informed_on": D(2026, 9, 9),
            "category": "emotional",
            "subject_role": "employee",
        },
    ),
    (
        "downland-council",
        1,
        {
            "made_on": D(2026, 3, 3),
            "lado_informed_on": D(2026, 3, 3),
            "category": "sexual",
            "subject_role": "contractor",
            "outcome": "substantiated",
            "concluded_on": D(2026, 6, 30),
        },
    ),
]

REVIEWS: list[tuple[str, int, dict[str, Any], list[tuple[str, str, dt.date, str]]]] = [
    (
        "riverside-council",
        0,
        {
            "kind": "serious_incident",
            "reference": "SI-2026-014",
            "notified_on": D(2026, 6, 18),
            "kept_updated": "Head of quality assurance",
            "safeguarding_considered": True,
            "notes": "Young person left the service unaccompanied; found safe the same day.",
        },
        [
            (
                "Review the sign-out procedure for young people at risk of going missing",
                "Service manager",
                D(2026, 8, 31),
                "complete",
            ),
        ],
    ),
    (
        "riverside-council",
        1,
        {
            "kind": "cspr",
            "reference": "CSPR-2025-03",
            "notified_on": D(2025, 12, 4),
            "kept_updated": "Designated nurse for safeguarding children",
            "notes": "Partnership review of a child known to several services.",
        },
        [
            (
                "Train all practitioners in the partnership's escalation policy",
                "Provider DSL",
                D(2026, 3, 31),
                "complete",
            ),
            (
                "Audit case recording of the child's voice in assessments",
                "Service manager",
                D(2026, 9, 30),
                "in_progress",
            ),
            (
                "Share information with health visiting at every transfer",
                "Provider DSL",
                D(2027, 1, 31),
                "not_started",
            ),
        ],
    ),
    (
        "east-riverside-icb",
        0,
        {
            "kind": "sar",
            "reference": "SAR-2026-01",
            "notified_on": D(2026, 2, 20),
            "kept_updated": "",
        },
        [
            (
                "Introduce a mental capacity assessment audit",
                "Named nurse",
                D(2026, 12, 31),
                "in_progress",
            ),
        ],
    ),
]

BRIEFINGS = (
    (
        "riverside-scp",
        "briefing",
        "Things You Should Know: learning from CSPR-2025-03",
        "The review found that a child's voice was lost between services. Every practitioner "
        "should record the child's own words and share them at each transfer.",
        D(2026, 9, 15),
        D(2026, 10, 15),
    ),
    (
        "riverside-scp",
        "training",
        "Safer recruitment training: places for contractors",
        "Free half-day safer recruitment course for managers who sit on interview panels. "
        "Dates in November and January.",
        D(2026, 10, 20),
        None,
    ),
    (
        "downland-sp",
        "update",
        "Updated managing allegations procedure",
        "The partnership's managing allegations procedure has changed: the LADO referral form "
        "is now online. Please update your policy and tell your staff.",
        D(2026, 7, 1),
        D(2026, 8, 1),
    ),
)
