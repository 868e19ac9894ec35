#!/bin/sh
# Create the project's virtual environment on a fresh machine that has only Python 3.11+ and make.
# Debian's python3 ships venv without ensurepip (package python3.X-venv): install it when we can,
# otherwise fall back to a venv without pip seeded by the system pip, otherwise say what to do.
set -eu
PY=${1:-python3}
VENV=${2:-.venv}

die() { echo "bootstrap: error: $*" >&2; exit 2; }

command -v "$PY" >/dev/null 2>&1 || die "$PY not found: install Python 3.11 or newer"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || die "Python 3.11 or newer is needed; $PY is $("$PY" --version 2>&1)"

if "$PY" -m venv "$VENV" >/dev/null 2>&1; then exit 0; fi
rm -rf "$VENV"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    minor=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "bootstrap: installing python$minor-venv with apt-get (Debian ships venv without ensurepip)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$minor-venv" >/dev/null \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null || true
    if "$PY" -m venv "$VENV" >/dev/null 2>&1; then exit 0; fi
    rm -rf "$VENV"
fi

if "$PY" -m pip --version >/dev/null 2>&1 && "$PY" -m venv --without-pip "$VENV" >/dev/null 2>&1; then
    "$PY" -m pip --python "$VENV/bin/python" install -q pip && exit 0
    rm -rf "$VENV"
fi
die "cannot create a virtual environment: install the venv module (Debian: apt-get install python3-venv)"
