#!/bin/sh
# PyInstaller copies into the bundle the system libraries the bundled Qt plugins link, from the build
# machine. Qt's X11 platform plugin (and its GL integrations) link the xcb utility libraries, which a
# minimal Debian lacks: missing at build time, they would be missing from the bundle, the designer
# would open no window on a desktop without them, and build_deb.py would stop on an unknown library.
# Install them when we can (root with apt-get, as on CI); elsewhere say which to install.
set -eu
PY=${1:-.venv/bin/python}
PACKAGES="libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
libxcb-xkb1 libxkbcommon-x11-0"

plugins=$("$PY" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt", "plugins"))')
unresolved() {
    ldd "$plugins"/platforms/libqxcb.so "$plugins"/xcbglintegrations/*.so 2>/dev/null \
        | awk '/not found/ {print $1}' | sort -u | tr '\n' ' '
}
missing=$(unresolved)
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing the X11 libraries the bundle carries (apt-get): $missing"
    apt-get update -qq >/dev/null || true
    # shellcheck disable=SC2086 # one word a package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
    missing=$(unresolved)
fi
if [ -n "$missing" ]; then
    echo "setup: error: Qt's X11 plugin links $missing, not installed here; on Debian:" \
        "apt-get install $(echo $PACKAGES)" >&2
    exit 2
fi
