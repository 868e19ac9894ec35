"""A real git repository holding the sample map and its history, built with Debian's ``git``.

The app reads history through dulwich; the tests build it with the real ``git``, so what is read is
what a team's repository holds. Every edit is made through the model's commands, as the app makes it.
Git runs without the user's or the system's configuration, with fixed names and dates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path

RENAMED = ("tp-acq-pricing-page", "Compares plans on the pricing page", "Reads the pricing page")
ADDED = ("tp-acq-webinar", "Joins a product webinar")
DELETED = ("tp-acq-trial-checklist", "In-trial checklist and nudges")
MESSAGES = (
    "Sample map as bundled",
    "Rename the pricing page card",
    "Add a webinar card",
    "Delete the trial checklist",
)


def git(repo: Path, *args: str, date: int = 0) -> str:
    """Run git in ``repo`` with no configuration but ours; its output."""
    stamp = f"{1_700_000_000 + date * 86_400} +0100"
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Lead",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana Lead",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@dataclass
class MapHistory:
    repo: Path
    file: Path
    ids: list[str]  # the commits that touched the file, oldest first


def build_history(root: Path) -> MapHistory:
    """A repository with a README commit, then the sample and three edits to it, one commit each."""
    repo = root / "team-maps"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("Our journey maps\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "Start the team's repository")
    file = repo / "customer.journeymap"
    shutil.copyfile(sample_path(), file)
    ids = [_commit(repo, file, MESSAGES[0], 1)]
    document = Document.open(file)
    document.push(UpdateElement("touchpoint", RENAMED[0], {"title": RENAMED[2]}))
    document.save()
    ids.append(_commit(repo, file, MESSAGES[1], 2))
    template = document.workspace.core.touchpoints[RENAMED[0]]
    card = template.model_copy(update={"id": ADDED[0], "title": ADDED[1], "order": 9})
    document.push(AddElement("touchpoint", card))
    document.save()
    ids.append(_commit(repo, file, MESSAGES[2], 3))
    document.push(RemoveElement("touchpoint", DELETED[0]))
    document.save()
    ids.append(_commit(repo, file, f"{MESSAGES[3]}\n\nNobody reads it.", 4))
    return MapHistory(repo, file, ids)


def _commit(repo: Path, file: Path, message: str, day: int) -> str:
    git(repo, "add", file.name)
    git(repo, "commit", "-q", "-m", message, date=day)
    return git(repo, "rev-parse", "HEAD")
