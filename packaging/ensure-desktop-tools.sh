#!/bin/sh
# Building the Debian package needs dpkg-deb, objdump (binutils: the libraries the bundle links),
# desktop-file-validate (desktop-file-utils) and appstreamcli (appstream); its smoke test (--smoke)
# also Xvfb, update-mime-database (shared-mime-info) and gio (libglib2.0-bin); the check of the
# installed package (--desktop) also xdg-mime (xdg-utils), xwininfo (x11-utils), import
# (imagemagick) and a window manager that draws the window's icon in its title bar (openbox).
# Install the missing ones when we can (root with apt-get, as on CI); elsewhere say which to install. Usage: ensure-desktop-tools.sh [--smoke | --desktop]
set -eu
need="dpkg-deb:dpkg objdump:binutils desktop-file-validate:desktop-file-utils appstreamcli:appstream"
case "${1:-}" in
    --smoke | --desktop)
        need="$need xvfb-run:xvfb update-mime-database:shared-mime-info gio:libglib2.0-bin"
        ;;
esac
if [ "${1:-}" = --desktop ]; then
    need="$need xdg-mime:xdg-utils xwininfo:x11-utils import:imagemagick openbox:openbox"
fi
missing=""
for pair in $need; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing$missing for the package checks (apt-get)"
    apt-get update -qq >/dev/null || true
    # shellcheck disable=SC2086 # one word a package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "setup: error: the package checks need:$missing (Debian: apt-get install$missing)" >&2
    exit 2
fi
