"""Shared fixtures: the bundled sample, small generated workspaces, and a scratch folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import resources_dir, sample_path

OUT = Path(__file__).resolve().parents[1] / "out"


def pytest_configure(config: pytest.Config) -> None:
    """Make out/screenshots/ before any test runs: under pytest-xdist no test can count on another
    having made it first (some UI tests save a screenshot there without making the folder)."""
    (OUT / "screenshots").mkdir(parents=True, exist_ok=True)


@pytest.fixture
def sample_file() -> Path:
    return sample_path()


@pytest.fixture
def small_workspace() -> Workspace:
    """About 40 touchpoints and 2 segments: every kind of element and override is present."""
    return generate_workspace(40, 2, seed=7)


def bundled_files() -> list[Path]:
    return sorted(resources_dir().glob("*/*.journeymap"))
