"""``journeymap persona``, ``journeymap channel`` and ``journeymap properties``: the shared vocabularies
and the map's own name and description, edited from the command line.

The same intentions as the app's Personas/Channels dialogs and File > Properties
(``model.intents``), so the rules are the same: a persona or channel still in use is not deleted, and
the refusal names who uses it. Every change is saved atomically; a refusal changes nothing and is one
line on stderr with exit code 2 (raised here as ``CommandError``, reported by ``cli.main``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any

from .model.audience import OPT_IN
from .model.commands import UpdateElement
from .model.document import Document
from .model.edits import Command, CommandError
from .model.elements import Channel, Persona
from .model.fileformat import load_workspace
from .model.intents import add_vocabulary, delete_vocabulary, users_of
from .model.segment_commands import UpdateSegment, UpdateWorkspace
from .model.vocabulary import CHANNEL_ICONS, ICON_VALUES, find_entry
from .model.workspace import Segment, Workspace
from .terminal import terminal_safe


def _apply(workspace: Workspace, commands: Iterable[Command]) -> None:
    for command in commands:
        command.apply(workspace)


def _segment(workspace: Workspace, ref: str) -> Segment:
    segment = workspace.segment_by_name(ref)
    if segment is None:
        known = ", ".join(repr(s.name) for s in workspace.segments.values()) or "none"
        raise CommandError(f"no segment named {ref!r} (segments: {known})")
    return segment


def _fields(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    """The fields given on the command line, as the element's field names."""
    fields: dict[str, Any] = {}
    if getattr(args, "name", None) is not None:
        fields["name"] = args.name.strip()
    if kind == "persona":
        for option in ("role", "description"):
            if getattr(args, option) is not None:
                fields[option] = getattr(args, option).strip()
        if args.goal is not None:  # as the dialog does: trimmed, blank goals dropped (--goal '' clears)
            fields["goals"] = tuple(goal.strip() for goal in args.goal if goal.strip())
    elif args.icon is not None:
        fields["icon"] = args.icon
    return fields


def cmd_list(args: argparse.Namespace) -> int:
    workspace = load_workspace(args.file)
    entries: list[Channel | Persona] = (
        list(workspace.personas.values()) if args.kind == "persona" else list(workspace.channels.values())
    )
    if not entries:
        print(terminal_safe(f"{args.file}: no {args.kind}s"))
        return 0
    for entry in sorted(entries, key=lambda e: e.name.casefold()):
        detail = getattr(entry, "role", "") or getattr(entry, "icon", "")
        users = users_of(workspace, args.kind, entry.id)
        used = f"used by {len(users)} {'segment' if args.kind == 'persona' else 'card'}" + (
            "s" if len(users) != 1 else ""
        )
        line = f"\u201c{entry.name}\u201d ({entry.id})" + (f": {detail}" if detail else "") + f"; {used}"
        print(terminal_safe(line))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    document = Document.open(args.file)  # a save refuses if the file changes meanwhile
    workspace = document.workspace
    name = args.name.strip()
    if not name:
        raise CommandError(f"a {args.kind} needs a name")
    intent = add_vocabulary(workspace, args.kind, name)
    _apply(workspace, intent.steps())
    assert intent.result is not None
    extra = {k: v for k, v in _fields(args, args.kind).items() if k != "name"}
    if extra:
        UpdateElement(args.kind, intent.result, extra).apply(workspace)
    document.save()
    print(terminal_safe(f"added {args.kind} \u201c{name}\u201d ({intent.result}) to {args.file}"))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    document = Document.open(args.file)  # a save refuses if the file changes meanwhile
    workspace = document.workspace
    entry = find_entry(workspace, args.kind, args.entry)
    fields = _fields(args, args.kind)
    if not fields:
        raise CommandError("nothing to change: give --name or another field")
    if "name" in fields and not str(fields["name"]).strip():
        raise CommandError(f"a {args.kind} needs a name")
    UpdateElement(args.kind, entry.id, fields).apply(workspace)
    document.save()
    name = workspace.collection(args.kind)[entry.id].name
    print(terminal_safe(f"changed {args.kind} \u201c{name}\u201d ({entry.id})"))
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    document = Document.open(args.file)  # a save refuses if the file changes meanwhile
    workspace = document.workspace
    entry = find_entry(workspace, args.kind, args.entry)
    _apply(workspace, delete_vocabulary(workspace, args.kind, entry.id).steps())
    document.save()
    print(terminal_safe(f"deleted {args.kind} \u201c{entry.name}\u201d ({entry.id}) from {args.file}"))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    """Give a segment a persona (``assign``) or take it off (``unassign``)."""
    document = Document.open(args.file)  # a save refuses if the file changes meanwhile
    workspace = document.workspace
    persona = find_entry(workspace, "persona", args.entry)
    segment = _segment(workspace, args.segment)
    ids = list(segment.persona_ids)
    if args.action == "assign" and persona.id not in ids:
        ids.append(persona.id)
    elif args.action == "unassign" and persona.id in ids:
        ids.remove(persona.id)
    else:
        state = "already has" if args.action == "assign" else "does not have"
        said = (
            f"segment \u201c{segment.name}\u201d {state} persona \u201c{persona.name}\u201d: nothing changed"
        )
        print(terminal_safe(said))
        return 0
    UpdateSegment(segment.id, persona_ids=tuple(ids)).apply(workspace)
    document.save()
    verb = "now has" if args.action == "assign" else "no longer has"
    print(terminal_safe(f"segment \u201c{segment.name}\u201d {verb} persona \u201c{persona.name}\u201d"))
    return 0


def cmd_properties(args: argparse.Namespace) -> int:
    document = Document.open(args.file)  # a save refuses if the file changes meanwhile
    workspace = document.workspace
    changes: dict[str, Any] = {
        k: v.strip() for k, v in (("name", args.name), ("description", args.description)) if v is not None
    }
    shown = set(workspace.customer_fields)
    for name in [*args.show_customers, *args.hide_from_customers]:
        if name not in OPT_IN:
            raise CommandError(f"{name!r} cannot be shown to customers; choose from: {', '.join(OPT_IN)}")
    if args.show_customers or args.hide_from_customers:
        changes["customer_fields"] = tuple(
            sorted((shown | set(args.show_customers)) - set(args.hide_from_customers))
        )
    if changes:
        UpdateWorkspace(**changes).apply(workspace)
        document.save()
    print(terminal_safe(f"name:        {workspace.name}"))
    print(terminal_safe(f"description: {workspace.description or '(none)'}"))
    also = ", ".join(workspace.customer_fields) or "nothing beyond the allow-list"
    print(f"customers also see: {also}")
    return 0


def add_parsers(sub: Any) -> None:
    """Register ``persona``, ``channel`` and ``properties`` on the ``journeymap`` subparsers."""
    for kind in ("persona", "channel"):
        group = sub.add_parser(kind, help=f"list, add, edit or delete the workspace's {kind}s")
        actions = group.add_subparsers(dest="action", required=True, parser_class=type(group))

        p = actions.add_parser("list", help=f"the {kind}s and how many use each")
        p.add_argument("file", metavar="FILE")
        p.set_defaults(run=cmd_list, kind=kind)

        p = actions.add_parser("add", help=f"add a {kind}")
        p.add_argument("file", metavar="FILE")
        p.add_argument("name", metavar="NAME")
        _field_options(p, kind, renaming=False)
        p.set_defaults(run=cmd_add, kind=kind)

        p = actions.add_parser("edit", help=f"rename or describe a {kind}")
        p.add_argument("file", metavar="FILE")
        p.add_argument("entry", metavar=kind.upper(), help="its name or id")
        _field_options(p, kind, renaming=True)
        p.set_defaults(run=cmd_edit, kind=kind)

        p = actions.add_parser("delete", help=f"delete a {kind} nothing uses")
        p.add_argument("file", metavar="FILE")
        p.add_argument("entry", metavar=kind.upper(), help="its name or id")
        p.set_defaults(run=cmd_delete, kind=kind)

        if kind == "persona":
            for action in ("assign", "unassign"):
                p = actions.add_parser(action, help=f"{action} a persona to a segment")
                p.add_argument("file", metavar="FILE")
                p.add_argument("entry", metavar="PERSONA", help="its name or id")
                p.add_argument("--segment", required=True, help="the segment (name or id)")
                p.set_defaults(run=cmd_assign, action=action)

    p = sub.add_parser(
        "properties", help="show or change the map's name, description and what customers also see"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--name", help="the map's new name")
    p.add_argument("--description", help="the map's new description")
    p.add_argument(
        "--show-customers",
        action="append",
        default=[],
        metavar="FIELD",
        help=f"also show customers this field (repeatable): {', '.join(OPT_IN)}",
    )
    p.add_argument(
        "--hide-from-customers", action="append", default=[], metavar="FIELD", help="stop showing it"
    )
    p.set_defaults(run=cmd_properties)


def _field_options(parser: argparse.ArgumentParser, kind: str, renaming: bool) -> None:
    if renaming:
        parser.add_argument("--name", help="its new name")
    if kind == "persona":
        parser.add_argument("--role", help="the persona's role, e.g. 'VP Customer Success'")
        parser.add_argument("--description", help="who they are")
        parser.add_argument(
            "--goal", action="append", help="one of their goals (repeat for several; replaces them all)"
        )
    else:
        icons = ", ".join(v for v in ICON_VALUES if v)
        parser.add_argument(
            "--icon",
            choices=ICON_VALUES,
            metavar="ICON",
            help=f"one of: {icons}; '' for none ({', '.join(label for _v, label in CHANNEL_ICONS[1:4])}...)",
        )
