"""Shared fixtures: the bundled sample, small generated workspaces, and a scratch folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import resources_dir, sample_path


@pytest.fixture
def sample_file() -> Path:
    return sample_path()


@pytest.fixture
def small_workspace() -> Workspace:
    """About 40 touchpoints and 2 segments: every kind of element and override is present."""
    return generate_workspace(40, 2, seed=7)


def bundled_files() -> list[Path]:
    return sorted(resources_dir().glob("*/*.journeymap"))
