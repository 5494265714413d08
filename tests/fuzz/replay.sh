#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Replays the fuzz targets without libFuzzer (ctest "fuzz_replay"): builds
# the seed corpora (seeds.sh) and passes every input once to each target,
# built with replay.c.  A crash, a leak (under ASan or valgrind) or a failed
# check of fuzz_common.h fails the test.
#
#   sh tests/fuzz/replay.sh BUILD_DIR REPO
set -eu
build=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$repo/tests/fuzz/seeds.sh" "$repo" "$tmp" >/dev/null
for t in evaluate load expr stream serve; do
    printf '%s: ' "$t"
    "$build/replay_$t" "$tmp/$t"
done
