#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The whole ctest suite under valgrind memcheck: zero errors, zero leaks.
#
#   sh tests/valgrind.sh BUILD_DIR [ctest arguments...]
#
# BUILD_DIR is a plain build (no sanitizers; -DCMAKE_BUILD_TYPE=Debug reads
# best).  Every program of the build - remit, embed_example, each test_* and
# replay_* - is replaced by a script that runs it under valgrind, so the
# shell and Python test drivers, which run `remit` many times, check each
# run too.  Check runs its tests in the same process (CK_FORK=no, set by the
# tests), so a leak is reported where it happens.  Each process writes its
# own log; valgrind -q writes nothing when all is well, so any log with
# something in it fails the run, as does any failed test.  Tests that
# measure remit's memory skip that (REMIT_VALGRIND is set).  The `install`
# test is left out: it installs the build, wrappers and all.  The programs
# are put back afterwards.  tests/valgrind.supp holds the suppressions, each
# with why it is sound.
set -u
build=$(cd "$1" && pwd)
shift
supp="$(cd "$(dirname "$0")" && pwd)/valgrind.supp"
logs="$build/valgrind-logs"
rm -rf "$logs"
mkdir -p "$logs"
progs=$(cd "$build" && ls remit embed_example tests/test_* tests/replay_* 2>/dev/null |
        grep -v '\.real$')
restore() {
    for p in $progs; do
        [ -f "$build/$p.real" ] && mv -f "$build/$p.real" "$build/$p"
    done
}
trap restore EXIT INT TERM
for p in $progs; do
    mv -f "$build/$p" "$build/$p.real"
    cat >"$build/$p" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
    --suppressions="$supp" \\
    --show-leak-kinds=definite,indirect,possible \\
    --errors-for-leak-kinds=definite,indirect,possible \\
    --log-file="$logs/$(basename "$p").%p.log" "$build/$p.real" "\$@"
WRAP
    chmod +x "$build/$p"
done
# REMIT_VALGRIND: tests that measure remit's memory skip it (tests/batch).
(cd "$build" && CK_FORK=no REMIT_VALGRIND=1 ctest --output-on-failure \
    -E '^install$' "$@")
status=$?
bad=0
for f in "$logs"/*.log; do
    [ -s "$f" ] || continue
    bad=$((bad + 1))
    echo "valgrind: $(basename "$f"):"
    head -n 40 "$f"
done
runs=$(ls "$logs" | wc -l)
echo "valgrind: $runs program runs checked, $bad with errors or leaks"
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ]
