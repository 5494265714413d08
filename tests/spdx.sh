#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every source file carries an SPDX-License-Identifier line in its first
# lines: C and headers, CMake files and templates, shell (with .ci/run and
# the bash completion), Python, the rule files (rules/, the benchmark's),
# the page's JavaScript, CSS and HTML, the manual page.  Not checked: JSON
# (no comments), Markdown, test inputs and expected outputs (tests/bad,
# tests/data, tests/lint, tests/golden, tests/fuzz corpora, whose bytes or
# line numbers are the test), and tests/sources (public texts under the
# OGL, see rules/README.md).
#   sh tests/spdx.sh REPO
set -u
repo=$1
cd "$repo" || exit 2
if [ -d .git ] || [ -f .git ]; then
    files=$(git ls-files 2>/dev/null)
else
    files=$(find . -path './build*' -prune -o -type f -print | sed 's|^\./||')
fi
missing=0
checked=0
for f in $files; do
    case $f in
    build*/* | tests/bad/* | tests/data/* | tests/lint/* | tests/golden/* | \
    tests/sources/* | tests/fuzz/regressions/* | tests/fuzz/corpus/*) continue ;;
    *.c | *.h | *.py | *.sh | *.bash | *.cmake | *.js | *.css | *.html | \
    *.in | */CMakeLists.txt | CMakeLists.txt | .ci/run) ;;
    rules/*.yaml | rules/tests/*.yaml | tests/bench/*.yaml) ;;
    *)
        # Any other script: by its #! line.
        [ -f "$f" ] && head -c 2 "$f" 2>/dev/null | grep -q '^#!' || continue ;;
    esac
    [ -f "$f" ] || continue
    checked=$((checked + 1))
    if ! head -n 5 "$f" | grep -q 'SPDX-License-Identifier: '; then
        echo "spdx: $f has no 'SPDX-License-Identifier: Apache-2.0' line in its first 5 lines"
        missing=$((missing + 1))
    fi
done
if [ "$missing" -gt 0 ]; then
    echo "spdx: $missing of $checked source files without an SPDX line"
    exit 1
fi
echo "spdx: all $checked source files carry an SPDX-License-Identifier line"
