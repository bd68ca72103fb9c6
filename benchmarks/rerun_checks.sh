#!/usr/bin/env bash
# Reproducibility checks that need whole reruns, each in a fresh clone of HEAD:
#   1. `make -j2` (notebooks in a different order, two at a time) leaves every
#      committed output byte-identical;
#   2. a `make` killed in the middle of a notebook, followed by `make`, finishes
#      and leaves the same bytes as an uninterrupted run.
# Usage: benchmarks/rerun_checks.sh [seconds-before-kill]   (default 25)
#        CHECKS=interrupted benchmarks/rerun_checks.sh 30      (one check only)
set -euo pipefail
root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
kill_after=${1:-25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

clone() { git clone -q "$root" "$work/$1"; }
clean_or_fail() {
  if [ -n "$(git -C "$work/$1" status --porcelain)" ]; then
    echo "FAIL ($2): outputs differ from the committed ones:"; git -C "$work/$1" status --short
    exit 1
  fi
  echo "ok: $2 leaves git status clean"
}

checks=${CHECKS:-parallel interrupted}

if [[ " $checks " == *" parallel "* ]]; then
  clone parallel
  make -C "$work/parallel" -j2 >/dev/null 2>&1
  clean_or_fail parallel "make -j2"
fi
[[ " $checks " == *" interrupted "* ]] || exit 0

clone interrupted
# the environment first, so the kill lands inside a notebook run
make -C "$work/interrupted" env >/dev/null 2>&1
setsid make -C "$work/interrupted" >/dev/null 2>&1 & pid=$!  # its own process group
sleep "$kill_after"
# SIGTERM, not SIGINT: a background job of a non-interactive shell ignores SIGINT.
kill -TERM -- -"$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null && status=0 || status=$?
stamps=$(ls "$work/interrupted/build" 2>/dev/null | grep -c '\.run$' || true)
echo "make killed after ${kill_after}s (exit status $status); notebooks stamped before the kill: $stamps of 6"
if [ "$status" -eq 0 ]; then echo "FAIL: make finished before the kill; use a shorter delay"; exit 1; fi
leftovers=$(find "$work/interrupted" -name '.*.tmp' -not -path '*/.venv/*' | wc -l)
echo "temporary files left behind: $leftovers"
make -C "$work/interrupted" >/dev/null 2>&1
clean_or_fail interrupted "interrupted make, then make"
