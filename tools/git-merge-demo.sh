#!/usr/bin/env bash
# Replay issue 12's git scenario by hand: two leads edit the sample map on two branches, git merges them
# by element and field, then two leads rename the same card differently and the conflict waits in the
# file for the app to settle it. Usage: tools/git-merge-demo.sh [FOLDER] (default: a new temporary one).
# Run `make run` or `make test` once first: it uses the project's .venv.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/.venv/bin"
REPO="${1:-$(mktemp -d /tmp/journeymap-git-demo.XXXXXX)}"
MAP=map.journeymap
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

g() { git -C "$REPO" -c init.defaultBranch=main -c commit.gpgsign=false -c user.name=Demo -c user.email=demo@example.com "$@"; }
jm() { "$BIN/journeymap" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Rename a card the way the app does (the model's rename intention, one undoable command).
rename() {
    "$BIN/python" - "$REPO/$MAP" "$1" "$2" <<'PY'
import sys
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.intents import rename
path, card, title = sys.argv[1:]
workspace = load_workspace(path)
for command in rename("touchpoint", card, title, None).steps():
    command.apply(workspace)
save_workspace(workspace, path)
PY
}

step "A repository holding the sample map, set up with journeymap git-setup"
mkdir -p "$REPO"
g init -q
jm git-setup "$REPO"
cp "$ROOT/resources/samples/"*.journeymap "$REPO/$MAP"
g add .gitattributes "$MAP"
g commit -q -m "The sample map"

step "Branch 'sam': renames the Data connection card and adds a persona"
g checkout -q -b sam
rename tp-onb-data-connection "Connects the warehouse"
jm persona add "$REPO/$MAP" "Procurement lead"
g commit -q -am "Sam's edits"

step "Branch 'main': renames the Kickoff call card, in the same stage"
g checkout -q main
rename tp-onb-kickoff-call "Kickoff meeting"
g commit -q -am "Ana's edit"

step "git merge sam: merged by element and field, no conflict"
g merge --no-edit sam
g log -1 -p --format='%s' -m --first-parent -- "$MAP" | head -20
jm validate "$REPO/$MAP" || true

step "Two branches rename the same card differently"
g checkout -q -b lee
rename tp-onb-kickoff-call "Welcome call"
g commit -q -am "Lee's rename"
g checkout -q main
rename tp-onb-kickoff-call "Kickoff workshop"
g commit -q -am "Ana's rename"
if g merge --no-edit lee; then echo "unexpected: merged cleanly"; exit 1; fi

step "The conflicted file still loads; validate names the conflict (exit 1)"
jm info "$REPO/$MAP" | head -5
jm validate "$REPO/$MAP" || echo "(validate exit code $?)"
echo
echo "Open it in the app to settle it (Differences panel > Merge conflicts > Take ours / Take theirs / Edit...):"
echo "  $BIN/journeymap-designer $REPO/$MAP"
echo "then: git -C $REPO commit -am 'Settled'"
