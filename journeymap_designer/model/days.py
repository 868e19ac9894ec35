"""Days written as text: a stage's typical duration ("2-6 weeks") and a task's due ("Day 5", "T-30 days").

Schema 4 keeps a number of days beside these texts, for the funnel's time frames and the task plan that
customer-success platforms import. The number is read from the text only where the text says it
plainly; anything else ("Months 2-9", "Ongoing") keeps its text and has no number.
"""

from __future__ import annotations

import re

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# "3 days", "2-6 weeks", "30–90 days" (the upper end of a range: how long it typically may take).
_DURATION = re.compile(r"^\s*(?:\d+\s*[-–]\s*)?(\d{1,4})\s*(day|week|month)s?\s*$", re.IGNORECASE)
# "Day 5", "day 10", "+3 days", "3 days": a due day counted from the start; "T-90 days": before it.
_DUE = re.compile(
    r"^\s*(?:day\s+(\d{1,4})|\+?(\d{1,4})\s*days?|t\s*-\s*(\d{1,4})\s*days?)\s*$", re.IGNORECASE
)


def duration_days(text: str) -> int | None:
    """A stage's typical duration in days, when its text says it plainly ("2-6 weeks": 42)."""
    found = _DURATION.match(text)
    return int(found.group(1)) * _UNIT_DAYS[found.group(2).lower()] if found else None


def due_days(text: str) -> int | None:
    """A task's due day from the start, when its text says it plainly ("Day 5": 5, "T-90 days": -90)."""
    found = _DUE.match(text)
    if not found:
        return None
    if found.group(3):
        return -int(found.group(3))
    return int(found.group(1) or found.group(2))


def due_text(days: int) -> str:
    """How a task's due day reads when only the number is known (the inverse of :func:`due_days`)."""
    return f"Day {days}" if days >= 0 else f"T{days} days"
