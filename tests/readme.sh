#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The README's examples work: the complaint shown under "The complaint" is
# accepted with --strict, and the tour's command gives the verdict shown.
set -eu
remit=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^```json$/ {on=1; next} /^```$/ {on=0} on' "$repo/README.md" >"$tmp/complaint.json"
[ -s "$tmp/complaint.json" ] || { echo "no JSON example in the README"; exit 1; }
"$remit" check --strict --today 2026-11-22 "$tmp/complaint.json" >/dev/null
out=$("$remit" check --today 2026-11-22 "$repo/examples/complaints/england-partly-in-scope.json")
first=$(echo "$out" | head -n 1)
grep -qxF "$first" "$repo/README.md" || { echo "README tour is out of date: $first"; exit 1; }
echo "README examples ok"
