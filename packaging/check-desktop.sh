#!/usr/bin/env bash
# Install the .deb on this machine for real (dpkg -i), show the desktop sees it, then purge it and
# show nothing is left. Root only; it changes the system while it runs and puts it back afterwards.
#
#   sudo packaging/check-desktop.sh [DEB] [OUT_DIR]     (default: the newest dist/*.deb, out/desktop-check)
#
# Shown: the files installed (dpkg -L), both commands on the PATH, the file type of the sample and a
# renamed copy (xdg-mime as GNOME asks gio; gio info), the default application for it, the sample
# opened with `gio open` (what a file manager's double-click does) under Xvfb: the designer's window
# listed by the X server, its WM_CLASS and icon (_NET_WM_ICON, saved as a PNG), a screenshot. Then
# dpkg --purge: every path dpkg -L listed is gone, the MIME cache no longer knows the type, and the
# packages this script installed (the .deb's missing dependencies, the tools) are removed again.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEB="${1:-$(ls -t "$ROOT"/dist/journeymap-designer_*.deb 2>/dev/null | head -1)}"
OUT="${2:-$ROOT/out/desktop-check}"
PKG=journeymap-designer
APP_ID=io.github.journeymap.Designer

[ "$(id -u)" = 0 ] || { echo "check-desktop: run as root (it installs the package)" >&2; exit 2; }
[ -f "$DEB" ] || { echo "check-desktop: no package: run make deb first" >&2; exit 2; }
if dpkg -s "$PKG" >/dev/null 2>&1; then
    echo "check-desktop: $PKG is already installed; remove it first (dpkg --purge $PKG)" >&2
    exit 2
fi
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/journeymap-desktop-check.XXXXXX)"
step() { printf '\n== %s\n' "$*"; }
watched=(/opt /usr/bin /usr/share/applications /usr/share/mime /usr/share/icons/hicolor /usr/share/metainfo
    /usr/share/doc)
snapshot() { find "${watched[@]}" -xdev 2>/dev/null | sort; }

# Whatever happens below, the package goes and the packages installed for the check with it.
put_back() {
    if dpkg -s "$PKG" >/dev/null 2>&1; then dpkg --purge "$PKG" >/dev/null; fi
    dpkg-query -W -f '${binary:Package}\n' | sort >"$WORK/packages-after"
    added=$(comm -13 "$WORK/packages-before" "$WORK/packages-after" | tr '\n' ' ')
    if [ -n "$added" ]; then
        echo "removing what this check installed: $added"
        # shellcheck disable=SC2086 # one word a package
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $added >/dev/null
    fi
    snapshot >"$WORK/files-after"
    echo "paths under ${watched[*]}: $(wc -l <"$WORK/files-before") before, $(wc -l <"$WORK/files-after") after"
    diff "$WORK/files-before" "$WORK/files-after" && echo "no difference" || true
    rm -rf "$WORK"
}

step "Before: packages and files"
dpkg-query -W -f '${binary:Package}\n' | sort >"$WORK/packages-before"
snapshot >"$WORK/files-before"
echo "$(wc -l <"$WORK/packages-before") packages; $(wc -l <"$WORK/files-before") paths under ${watched[*]}"
trap put_back EXIT
sh "$ROOT/packaging/ensure-desktop-tools.sh" --desktop

step "The package's missing dependencies, from Debian (apt-get), then dpkg -i $DEB"
deps=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | grep -v '^$')
missing=()
for dep in $deps; do dpkg -s "$dep" >/dev/null 2>&1 || missing+=("$dep"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dpkg -i "$DEB"
dpkg -L "$PKG" >"$WORK/dpkg-L"
grep -v "^/opt/$PKG/_internal/" "$WORK/dpkg-L" | tee "$OUT/dpkg-L.txt"
echo "... and $(grep -c "^/opt/$PKG/_internal/" "$WORK/dpkg-L") paths under /opt/$PKG/_internal"

step "The commands on the PATH"
command -v journeymap journeymap-designer
journeymap --version
journeymap-designer --version
cp "$ROOT/resources/samples/b2b-saas.journeymap" "$WORK/"
cp "$WORK/b2b-saas.journeymap" "$WORK/renamed-map"
journeymap validate "$WORK/b2b-saas.journeymap" | tail -1

step "The file type and the application for it"
echo "xdg-mime query filetype b2b-saas.journeymap: $(XDG_CURRENT_DESKTOP=GNOME xdg-mime query filetype "$WORK/b2b-saas.journeymap")"
echo "xdg-mime query filetype renamed-map (by content): $(XDG_CURRENT_DESKTOP=GNOME xdg-mime query filetype "$WORK/renamed-map")"
gio info -a standard::content-type,standard::icon "$WORK/b2b-saas.journeymap" | sed -n '2,$p'
echo "xdg-mime query default application/x-journeymap: $(xdg-mime query default application/x-journeymap)"
gio mime application/x-journeymap | sed -n '1,3p' 
grep -h "x-journeymap" /usr/share/mime/globs2 /usr/share/applications/mimeinfo.cache || true

step "Double-click: gio open b2b-saas.journeymap under Xvfb"
cat >"$WORK/session.sh" <<'SESSION'
#!/usr/bin/env bash
# Inside xvfb-run: open the map as a file manager does, wait for the window, take the evidence, close it.
set -euo pipefail
work=$1 out=$2
wm=""
if command -v openbox >/dev/null 2>&1; then  # title bars, with the window's icon in them
    HOME="$work/home" openbox >/dev/null 2>&1 &
    wm=$!
    sleep 1
fi
HOME="$work/home" gio open "$work/b2b-saas.journeymap" &
win=""
for _ in $(seq 1 150); do
    win=$(xwininfo -root -tree | awk '/"b2b-saas.journeymap/ && /Journey Map Designer/ && !/has no name/ {print $1; exit}')
    [ -n "$win" ] && break
    sleep 0.2
done
[ -n "$win" ] || { echo "no designer window appeared"; xwininfo -root -tree | head -20; exit 1; }
sleep 3  # let it paint
xwininfo -id "$win" | sed -n '2p;/Width/p;/Height/p'
xprop -id "$win" WM_CLASS WM_NAME _NET_WM_PID _GTK_APPLICATION_ID _KDE_NET_WM_DESKTOP_FILE 2>/dev/null || true
xprop -id "$win" -notype 32c _NET_WM_ICON >"$work/net-wm-icon.txt" || true
import -window root "$out/installed-app.png"
pid=$(xprop -id "$win" _NET_WM_PID | awk '{print $3}')
kill "$pid"  # the designer gio started, by its own id
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if [ -n "$wm" ]; then kill "$wm"; fi
SESSION
xvfb-run -a -s "-screen 0 1280x800x24" bash "$WORK/session.sh" "$WORK" "$OUT"
python3 - "$WORK/net-wm-icon.txt" "$OUT/window-icon" <<'PY'
# _NET_WM_ICON is width, height, then ARGB pixels, for each size: write each as a PNG (stdlib only).
import re, struct, sys, zlib
numbers = [int(n) for n in re.findall(r"\d+", open(sys.argv[1]).read().split("=", 1)[-1])]
sizes = []
while len(numbers) >= 2:
    w, h = numbers[:2]
    pixels, numbers = numbers[2 : 2 + w * h], numbers[2 + w * h :]
    rows = b"".join(
        b"\0" + b"".join(struct.pack(">I", ((p & 0xFFFFFF) << 8) | (p >> 24)) for p in pixels[y * w : (y + 1) * w])
        for y in range(h)
    )
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    open(f"{sys.argv[2]}-{w}.png", "wb").write(png)
    sizes.append(w)
print(f"_NET_WM_ICON (the icon task bars show): sizes {sizes}, saved as {sys.argv[2]}-N.png")
PY

step "dpkg --purge $PKG"
dpkg --purge "$PKG"
left=0
while read -r path; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        # a folder that was there before, or that other packages install into too, stays
        if [ -d "$path" ] && { grep -Fxq "$path" "$WORK/files-before" || dpkg -S "$path" >/dev/null 2>&1 \
            || [ "$path" = /. ]; }; then continue; fi
        echo "LEFT: $path"
        left=1
    fi
done <"$WORK/dpkg-L"
echo "every one of the $(wc -l <"$WORK/dpkg-L") paths dpkg -L listed is gone or a shared folder: $([ $left = 0 ] && echo yes || echo NO)"
echo "x-journeymap in the MIME database: $(grep -c x-journeymap /usr/share/mime/globs2 || true) globs," \
    "$(ls /usr/share/mime/application/x-journeymap.xml 2>/dev/null | wc -l) type files;" \
    "in mimeinfo.cache: $(grep -c x-journeymap /usr/share/applications/mimeinfo.cache 2>/dev/null || true)"
echo "file type of the sample now: $(XDG_CURRENT_DESKTOP=GNOME xdg-mime query filetype "$WORK/b2b-saas.journeymap")"

step "Putting back the packages this check installed"
[ $left = 0 ]  # put_back runs on the way out
