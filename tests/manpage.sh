#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The manual page remit(1) renders without a warning from groff, carries
# the version, has a section for every command `remit --help` lists, and
# names in that section every option `remit help COMMAND` lists.
#   sh tests/manpage.sh REMIT BUILD_DIR/remit.1
set -u
remit=$1
page=$2
bad=0
if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -man -ww -z -Tutf8 "$page" 2>&1)
    [ -z "$warnings" ] || { echo "manpage: groff warns: $warnings"; bad=1; }
fi
version=$("$remit" --version | sed -n 's/^remit \([^ ]*\) .*/\1/p')
grep -q "^\.TH REMIT 1 .*\"remit $version\"" "$page" ||
    { echo "manpage: .TH does not carry version $version"; bad=1; }
for c in $("$remit" --help | sed -n 's/^  remit \([a-z][a-z]*\).*/\1/p' | sort -u); do
    [ "$c" = help ] && continue
    # The section of command c: from ".SS remit c" to the next .SS or .SH.
    section=$(awk -v c="$c" '
        /^\.S[SH] / { on = ($1 == ".SS" && $2 == "remit" && $3 == c) ; next }
        on' "$page" | sed 's/\\-/-/g')
    if [ -z "$section" ]; then
        echo "manpage: no section '.SS remit $c' in $page"
        bad=1
        continue
    fi
    # The options of its option lines and of its usage lines (as the bash
    # completion reads them).
    for o in $("$remit" help "$c" | sed -n \
            -e 's/^  \(-h, \)\{0,1\}\(--[a-z-]*\).*/\2/p' \
            -e '/^\(Usage: \|       \)remit /{s/[^-]*\(--[a-z][a-z-]*\)[^-]*/\1 /g;p}' |
            tr ' ' '\n' | grep -e '^--[a-z]' | sort -u); do
        [ "$o" = --help ] && continue
        printf '%s\n' "$section" | grep -q -e "$o\b" ||
            { echo "manpage: remit $c: option $o is not in its section (engine/cli/remit.1.in)"; bad=1; }
    done
done
[ "$bad" -eq 0 ] && echo "manpage: renders, version $version, every command and option"
exit "$bad"
