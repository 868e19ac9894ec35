#!/usr/bin/env bash
# Install the .deb on a clean Debian 12: a minimal root made by debootstrap, where apt-get brings only
# the package's Depends. Then both commands, exports, rendering, and the designer's window (offscreen,
# and on X11 through an Xvfb running outside the root), and dpkg --purge. Root only; the scratch root,
# the Xvfb and debootstrap (when this script installed it) are removed at the end.
#
#   sudo packaging/check-clean-root.sh [DEB] [MIRROR]     (default: the newest dist/*.deb, deb.debian.org)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEB="${1:-$(ls -t "$ROOT"/dist/journeymap-designer_*.deb 2>/dev/null | head -1)}"
MIRROR="${2:-http://deb.debian.org/debian}"
[ "$(id -u)" = 0 ] || { echo "check-clean-root: run as root" >&2; exit 2; }
[ -f "$DEB" ] || { echo "check-clean-root: no package: run make deb first" >&2; exit 2; }

WORK="$(mktemp -d /tmp/journeymap-clean-root.XXXXXX)"
TARGET="$WORK/root"
xvfb_pid=""
installed_debootstrap=0
step() { printf '\n== %s\n' "$*"; }
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    for mounted in "$TARGET/tmp/.X11-unix" "$TARGET/proc" "$TARGET/dev"; do
        mountpoint -q "$mounted" 2>/dev/null && umount -l "$mounted"
    done
    rm -rf "$WORK"
    if [ $installed_debootstrap = 1 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq debootstrap >/dev/null
    fi
}
trap cleanup EXIT
inside() { chroot "$TARGET" env -i PATH=/usr/bin:/bin HOME=/tmp/home LANG=C.UTF-8 "$@"; }

step "debootstrap --variant=minbase bookworm (a clean Debian 12)"
if ! command -v debootstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    installed_debootstrap=1
fi
start=$(date +%s)
debootstrap --variant=minbase bookworm "$TARGET" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; exit 1; }
echo "made in $(( $(date +%s) - start )) s: $(chroot "$TARGET" dpkg-query -W | wc -l) packages," \
    "$(du -sh "$TARGET" | cut -f1)"
mount -t proc proc "$TARGET/proc"
mount --bind /dev "$TARGET/dev"

step "apt-get install ./$(basename "$DEB") (the package and its Depends, nothing else)"
cp "$DEB" "$TARGET/tmp/"
inside apt-get update -qq
before=$(chroot "$TARGET" dpkg-query -W -f '${binary:Package}\n' | sort)
inside env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/tmp/$(basename "$DEB")" >"$WORK/apt.log" 2>&1 || { tail -20 "$WORK/apt.log"; exit 1; }
after=$(chroot "$TARGET" dpkg-query -W -f '${binary:Package}\n' | sort)
echo "installed: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"

step "From the PATH, in the clean root"
mkdir -p "$TARGET/tmp/home" "$TARGET/tmp/maps"
cp "$ROOT/resources/samples/b2b-saas.journeymap" "$TARGET/tmp/maps/"
inside journeymap --version
inside journeymap-designer --version
inside journeymap validate /tmp/maps/b2b-saas.journeymap | tail -1
inside journeymap export /tmp/maps/b2b-saas.journeymap --xlsx /tmp/maps/playbook.xlsx
inside journeymap export /tmp/maps/b2b-saas.journeymap --pptx /tmp/maps/playbook.pptx
inside journeymap render /tmp/maps/b2b-saas.journeymap /tmp/maps/map.png
inside journeymap render /tmp/maps/b2b-saas.journeymap /tmp/maps/map.pdf
python3 -c "import sys, zipfile; [print(p, 'zip test:', zipfile.ZipFile(p).testzip() or 'ok') for p in sys.argv[1:]]" \
    "$TARGET/tmp/maps/playbook.xlsx" "$TARGET/tmp/maps/playbook.pptx"
file "$TARGET/tmp/maps/map.png" "$TARGET/tmp/maps/map.pdf" | sed "s|$TARGET||"
inside env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/home journeymap-designer --smoke-test \
    /tmp/maps/b2b-saas.journeymap 2>/dev/null

step "The designer on X11 (Xvfb outside the root, its socket bound in)"
if command -v Xvfb >/dev/null 2>&1; then
    display=:$(( 90 + RANDOM % 9 ))
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
    mkdir -p "$TARGET/tmp/.X11-unix"
    mount --bind /tmp/.X11-unix "$TARGET/tmp/.X11-unix"
    inside env DISPLAY="$display" QT_QPA_PLATFORM=xcb XDG_RUNTIME_DIR=/tmp/home journeymap-designer \
        --smoke-test /tmp/maps/b2b-saas.journeymap 2>/dev/null
else
    echo "skipped: Xvfb is not installed here (apt-get install xvfb)"
fi

step "dpkg --purge journeymap-designer in the clean root"
chroot "$TARGET" dpkg -L journeymap-designer >"$WORK/dpkg-L"
chroot "$TARGET" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg --purge journeymap-designer
left=$(while read -r path; do
    if [ -e "$TARGET$path" ] && [ ! -d "$TARGET$path" ]; then echo "$path"; fi
    if [ -d "$TARGET$path" ] && ! chroot "$TARGET" dpkg -S "$path" >/dev/null 2>&1 \
        && [ "$path" != /. ] && [ "$path" != /opt ]; then echo "$path"; fi
done <"$WORK/dpkg-L")
echo "left of the $(wc -l <"$WORK/dpkg-L") paths dpkg -L listed: ${left:-nothing}"
[ -z "$left" ]
