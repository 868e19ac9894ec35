"""The workspace's shared vocabularies (personas and channels): finding entries by name, channel icons.

Qt-free, so the app's Personas/Channels dialogs and the ``journeymap persona`` / ``channel`` commands
agree on the icons a channel may have and on how a user names an entry (by its name or its id).
"""

from __future__ import annotations

from .edits import CommandError
from .elements import Channel, Persona
from .workspace import Workspace

CHANNEL_ICONS: tuple[tuple[str, str], ...] = (
    ("", "No icon"),
    ("email", "Email"),
    ("call", "Phone or video call"),
    ("meeting", "Meeting"),
    ("in-app", "In the product"),
    ("web", "Website"),
    ("social", "Social media"),
    ("community", "Community"),
    ("sms", "Text message"),
    ("webinar", "Webinar"),
    ("business-review", "Business review"),
)
ICON_VALUES = tuple(value for value, _label in CHANNEL_ICONS)


def find_entry(workspace: Workspace, kind: str, ref: str) -> Channel | Persona:
    """The persona or channel whose id is ``ref``, or whose name is ``ref`` (ignoring case).

    Raises CommandError, listing what there is, when none or more than one entry matches.
    """
    entries: list[Channel | Persona] = [
        *(workspace.personas if kind == "persona" else workspace.channels).values()
    ]
    by_id = {e.id: e for e in entries}
    if ref in by_id:
        return by_id[ref]
    wanted = ref.strip().casefold()
    matches = [e for e in entries if e.name.strip().casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(e.id for e in matches)
        raise CommandError(f"{len(matches)} {kind}s are named {ref!r} ({ids}): give the id instead")
    known = ", ".join(f"{e.name!r}" for e in sorted(entries, key=lambda e: e.name)) or "none"
    raise CommandError(f"no {kind} named {ref!r} ({kind}s: {known})")
