#!/bin/sh
# Golden-file tests of the remit CLI.
#
# usage: tests/golden/run.sh REMIT REPO [--regen]
#
# Each directory tests/golden/<case>/ holds:
#   args    the command-line arguments (shell words, paths relative to REPO)
#   stdin   optional: fed to standard input (otherwise /dev/null)
#   stdout, stderr, status   the expected output and exit status
# The command runs in REPO with a fixed environment, and its output is
# compared byte for byte.  With --regen the expected files are rewritten
# (tests/golden/regen.sh); CI fails if that changes anything.
set -u
remit=$1
repo=$2
mode=${3:-check}
here=$(cd "$(dirname "$0")" && pwd)
cd "$repo" || exit 2
unset REMIT_RULES COLUMNS
export NO_COLOR=1 LC_ALL=C
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for dir in "$here"/*/; do
    name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    in=/dev/null
    [ -f "$dir/stdin" ] && in="$dir/stdin"
    eval "set -- $(cat "$dir/args")"
    "$remit" "$@" <"$in" >"$tmp/stdout" 2>"$tmp/stderr"
    echo $? >"$tmp/status"
    if [ "$mode" = "--regen" ]; then
        cp "$tmp/stdout" "$tmp/stderr" "$tmp/status" "$dir"
        continue
    fi
    ok=1
    for f in stdout stderr status; do
        if ! cmp -s "$dir/$f" "$tmp/$f"; then
            ok=0
            echo "FAIL $name: $f differs"
            diff -u "$dir/$f" "$tmp/$f" | head -40
        fi
    done
    if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
[ "$mode" = "--regen" ] && { echo "golden files rewritten"; exit 0; }
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
