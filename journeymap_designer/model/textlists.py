"""A plain-text, one-item-per-line syntax for the list fields of elements and playbooks.

Lists (pain points, objectives...) are typed one item per line; structured lists use a small syntax
that reads like a note, so a whole playbook can be typed keyboard-first in a workshop:

    KPI thresholds    Weekly active users >= 60 %          (name >= minimum unit)
    key milestones    risk: Champion leaves | description  (risk: or celebration:, then title | description)
    roles             CSM: runs the QBR | owns the plan    (Role: responsibility | responsibility)
    tasks             Send the plan | CSM | Day 45         (title | owner role | due | description;
                                                            "Day 45" or "T-30 days" is also the due in days)

"|" separates, because prose is full of ";" and "," but almost never holds a "|"; a "|" (or a ":"
after a role) inside a value is written as "\\|" ("\\:"). So each ``parse`` reads back exactly what its
``format`` writes (items are stripped, one line each). Parsers raise ValueError with a one-line message
naming the line at fault. Qt-free, so the CLI and importers can use the same syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .commands import new_id
from .days import due_days, due_text
from .elements import KeyMilestone, KpiThreshold, MarkerKind, RoleResponsibility, Task

__all__ = ["HINTS", "SYNTAXES", "format_kpis", "lines_of", "parse_kpis", "parse_tasks"]


def escape(value: str, separators: str = "|") -> str:
    """A value as written in a line: backslashes and separators get a backslash before them."""
    value = value.replace("\\", "\\\\")
    for separator in separators:
        value = value.replace(separator, "\\" + separator)
    return value


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def split(text: str, separator: str, maxsplit: int = -1) -> list[str]:
    """Split on separators without a backslash before them; the parts keep their escapes."""
    parts: list[str] = []
    start = index = 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == separator and (maxsplit < 0 or len(parts) < maxsplit):
            parts.append(text[start:index])
            start = index + 1
        index += 1
    parts.append(text[start:])
    return parts


def lines_of(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def format_kpis(kpis: Iterable[KpiThreshold]) -> str:
    return "\n".join(
        f"{k.name} >= {format_number(k.minimum)}" + (f" {k.unit}" if k.unit else "") for k in kpis
    )


_KPI_VALUE = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$")


def parse_kpis(text: str) -> tuple[KpiThreshold, ...]:
    kpis = []
    for number, line in enumerate(lines_of(text), 1):
        name, sep, rest = line.replace("\u2265", ">=").rpartition(">=")
        match = _KPI_VALUE.match(rest) if sep else None
        if match is None or not name.strip():
            raise ValueError(
                f"KPI line {number}: write \u201cname >= minimum unit\u201d, e.g. \u201cUsers >= 60 %\u201d"
            )
        kpis.append(KpiThreshold(name=name.strip(), minimum=float(match[1]), unit=match[2].strip()))
    return tuple(kpis)


def format_milestones(items: Iterable[KeyMilestone]) -> str:
    return "\n".join(
        f"{m.kind}: {escape(m.title)}" + (f" | {escape(m.description)}" if m.description else "")
        for m in items
    )


def parse_milestones(text: str) -> tuple[KeyMilestone, ...]:
    items = []
    for number, line in enumerate(lines_of(text), 1):
        kind, _sep, rest = line.partition(":")
        title, description = [*split(rest, "|", 1), ""][:2]
        if kind.strip().lower() not in tuple(MarkerKind) or not unescape(title):
            raise ValueError(
                f"Key milestone line {number}: start it with \u201crisk:\u201d or \u201ccelebration:\u201d"
            )
        kind_value = MarkerKind(kind.strip().lower())
        items.append(KeyMilestone(kind=kind_value, title=unescape(title), description=unescape(description)))
    return tuple(items)


def format_roles(roles: Iterable[RoleResponsibility]) -> str:
    rows = []
    for r in roles:
        duties = " | ".join(escape(d) for d in r.responsibilities)
        rows.append(f"{escape(r.role, '|:')}: {duties}" if duties else escape(r.role, "|:"))
    return "\n".join(rows)


def parse_roles(text: str) -> tuple[RoleResponsibility, ...]:
    roles = []
    for number, line in enumerate(lines_of(text), 1):
        role, rest = [*split(line, ":", 1), ""][:2]
        if not unescape(role):
            raise ValueError(
                f"Role line {number}: start it with the role, e.g. \u201cCSM: runs the QBR\u201d"
            )
        duties = tuple(unescape(d) for d in split(rest, "|") if unescape(d))
        roles.append(RoleResponsibility(role=unescape(role), responsibilities=duties))
    return tuple(roles)


def format_tasks(tasks: Iterable[Task]) -> str:
    rows = []
    for task in tasks:
        due = task.due or (due_text(task.due_days) if task.due_days is not None else "")
        columns = [escape(task.title), escape(task.owner), escape(due), escape(task.description)]
        while columns and not columns[-1]:
            columns.pop()  # empty trailing columns are left out
        rows.append(" | ".join(columns))
    return "\n".join(rows)


def parse_tasks(text: str, existing: Iterable[Task] = ()) -> tuple[Task, ...]:
    """Tasks from lines, with stable ids: a task keeps its id when its title, or else its place, matches.

    Exports and segment overrides refer to tasks by id, so retyping the list must not renumber it.
    """
    old = list(existing)
    rows = []
    for number, line in enumerate(lines_of(text), 1):
        columns = [unescape(c) for c in split(line, "|")] + ["", "", ""]
        if len(columns) > 7:
            raise ValueError(f"Task line {number}: at most 4 columns, title | owner | due | description")
        if not columns[0]:
            raise ValueError(f"Task line {number}: put the title before the first \u201c|\u201d")
        rows.append(columns[:4])
    ids: list[str] = [""] * len(rows)
    used: set[str] = set()
    for index, row in enumerate(rows):  # the same title keeps its id, wherever it moved
        match = next((t for t in old if t.id not in used and t.title == row[0]), None)
        if match is not None:
            ids[index] = match.id
            used.add(match.id)
    for index in range(len(rows)):  # a new title in an old task's place is that task, renamed
        if not ids[index] and index < len(old) and old[index].id not in used:
            ids[index] = old[index].id
            used.add(old[index].id)
    taken = {t.id for t in old}
    for index, task_id in enumerate(ids):
        if not task_id:
            ids[index] = new_id("task", taken)
            taken.add(ids[index])
    return tuple(
        Task(id=task_id, title=r[0], owner=r[1], due=r[2], description=r[3], due_days=due_days(r[2]))
        for task_id, r in zip(ids, rows, strict=True)
    )


Format = Callable[[Any], str]
Parse = Callable[[str, Any], Any]  # (text, current value) -> new value

# Syntax name -> (format a field value as text, parse text back given the current value).
SYNTAXES: dict[str, tuple[Format, Parse]] = {
    "text": (str, lambda text, _current: text),
    "list": ("\n".join, lambda text, _current: tuple(lines_of(text))),
    "kpis": (format_kpis, lambda text, _current: parse_kpis(text)),
    "key_milestones": (format_milestones, lambda text, _current: parse_milestones(text)),
    "roles": (format_roles, lambda text, _current: parse_roles(text)),
    "tasks": (format_tasks, parse_tasks),
}

HINTS = {
    "list": "One per line",
    "kpis": "One per line: KPI name >= minimum unit",
    "key_milestones": "One per line: risk: title | description, or celebration: title",
    "roles": "One per line: Role: responsibility | responsibility",
    "tasks": "One per line: Title | owner | due | description",
}
