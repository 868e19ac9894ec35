"""Format migrations: each turns a schema n document (raw JSON data) into a schema n + 1 document.

Add one entry to :data:`MIGRATIONS` per format change and bump ``SCHEMA_VERSION``; files are migrated
when read, and ``journeymap fmt`` rewrites old files in place. A migration never drops what the user
wrote: where schema 4 added numbers beside texts (a stage's duration in days, a task's due day), the
text stays as it was and the number is filled in only where the text says it unambiguously.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .days import due_days, duration_days

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _schema_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 added customer answers (``feedback``) and a map's opt-ins for what customers see
    (``customer_fields``); both default to empty, so a schema 1 map needs nothing more than its number."""
    return data


def _schema_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 added the conflicts a three-way merge leaves for people to settle (``merge_conflicts``);
    a schema 2 map has none, so it needs nothing more than its number."""
    return data


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _task_lists(data: dict[str, Any]) -> Iterator[Any]:
    """Every list of tasks: the core's and segments' playbooks, and segments' overrides of a playbook's
    tasks (value and base alike, so an override made against the core still matches the core)."""
    core = data.get("core")
    playbook_lists = [core.get("playbooks")] if isinstance(core, dict) else []
    for segment in _dicts(data.get("segments")):
        added = segment.get("added")
        if isinstance(added, dict):
            playbook_lists.append(added.get("playbooks"))
        changed = segment.get("changed")
        overrides = changed.get("playbooks") if isinstance(changed, dict) else None
        for per_field in overrides.values() if isinstance(overrides, dict) else ():
            override = per_field.get("tasks") if isinstance(per_field, dict) else None
            if isinstance(override, dict):
                yield override.get("value")
                yield override.get("base")
    for playbooks in playbook_lists:
        for playbook in _dicts(playbooks):
            yield playbook.get("tasks")


def _schema_3_to_4(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 4 added targets and a stuck rule to milestones, days beside a stage's duration and a task's
    due, emails to playbooks and playbooks on activities. All default to none;
    a stage's ``duration_days`` and a task's ``due_days`` are read from their texts where these are
    plain ("2-6 weeks", "Day 5"), in segments' overrides of a task list too."""
    core = data.get("core")
    if isinstance(core, dict):
        for stage in _dicts(core.get("stages")):
            text = stage.get("typical_duration")
            if isinstance(text, str) and "duration_days" not in stage:
                days = duration_days(text)
                if days is not None:
                    stage["duration_days"] = days
    for tasks in _task_lists(data):
        for task in _dicts(tasks):
            text = task.get("due")
            if isinstance(text, str) and "due_days" not in task:
                days = due_days(text)
                if days is not None:
                    task["due_days"] = days
    return data


MIGRATIONS: dict[int, Migration] = {1: _schema_1_to_2, 2: _schema_2_to_3, 3: _schema_3_to_4}
