#!/bin/sh
# Rewrites the expected output of every golden test from the current build.
# usage: tests/golden/regen.sh [BUILD_DIR]   (default: build)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-"$repo/build"}
exec sh "$here/run.sh" "$build/remit" "$repo" --regen
