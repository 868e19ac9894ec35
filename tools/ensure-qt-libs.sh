#!/bin/sh
# Qt's wheels need a few system libraries (EGL/GL, fontconfig, xkbcommon, glib, dbus) that a minimal
# Debian lacks. Offscreen tests need no X server, but they do need these. Install them when we can.
set -eu
PY=${1:-.venv/bin/python}

if "$PY" -c 'import PySide6.QtWidgets' >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing the system libraries Qt needs (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libegl1 libgl1 libopengl0 libfontconfig1 \
        libfreetype6 libx11-6 libx11-xcb1 libxkbcommon0 libglib2.0-0 libdbus-1-3 >/dev/null
fi
"$PY" -c 'import PySide6.QtWidgets' || {
    echo "setup: error: Qt cannot load. On Debian/Ubuntu: apt-get install libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3" >&2
    exit 2
}
