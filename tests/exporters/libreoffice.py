"""LibreOffice, headless, for the tests that prove an export opens in a real office suite."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(source: Path, kind: str, folder: Path, timeout: float = 240) -> Path:
    """``source`` converted by LibreOffice (``kind`` as --convert-to takes it), with a private profile."""
    assert SOFFICE is not None
    profile = Path("/tmp") / f"jm-lo-{uuid.uuid4().hex}"
    try:
        done = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    suffix = kind.split(":")[0]
    target = folder / f"{source.stem}.{suffix}"
    made = target.is_file() or any(folder.glob(f"{source.stem}-*.{suffix}"))
    assert done.returncode == 0 and made, done.stdout + done.stderr
    return target


def page_count(pdf: Path) -> int:
    info = shutil.which("pdfinfo")
    if info is not None:
        out = subprocess.run([info, str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        assert found is not None, out
        return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
