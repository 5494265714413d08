#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The bash completion (engine/cli/remit.bash) completes commands, each
# command's options (every one `remit help CMD` lists), the values of
# every option that takes a word from a fixed set (WHEN, FORMAT), and
# files by kind; '--' leaves only files.
#   bash tests/completion.sh REMIT REPO
set -u
remit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$2
# shellcheck source=/dev/null
source "$repo/engine/cli/remit.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
touch a.json b.yaml c.jsonl d.csv e.txt -- -x.json
mkdir sub
bad=0
comp() { # words...: the completions of the last word, one a line, sorted
    COMP_WORDS=("$remit" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _remit
    printf '%s\n' "${COMPREPLY[@]}" | sort
}
expect() { # description expected actual
    if [ "$2" != "$3" ]; then
        echo "completion: $1: expected [$2], got [$3]" | tr '\n' ' '
        echo
        bad=1
    fi
}
has() { # description word list
    if ! printf '%s\n' "$3" | grep -qxF -- "$2"; then
        echo "completion: $1: '$2' not offered"
        bad=1
    fi
}
nl=$'\n'
expect "commands from ch" "check" "$(comp ch)"
expect "help's commands" "schema" "$(comp help sch)"
for c in $("$remit" --help | sed -n 's/^  remit \([a-z][a-z]*\).*/\1/p' | grep -v '^help$' | sort -u); do
    has "commands" "$c" "$(comp '')"
    [ -n "$(_remit_help_options "$remit" "$c")" ] ||
        { echo "completion: no options read from remit help $c"; bad=1; }
    opts=$(comp "$c" --)
    for o in $(_remit_help_options "$remit" "$c"); do
        has "remit $c options" "$o" "$opts"
    done
    # Every option whose value is a word from a fixed set has its values.
    for o in $("$remit" help "$c" | sed -n 's/^  \(--[a-z-]*\) \(WHEN\|FORMAT\) .*/\1/p'); do
        vals=$(comp "$c" "$o" '')
        [ -n "$vals" ] || { echo "completion: remit $c $o: no values"; bad=1; }
        for v in $vals; do
            "$remit" help "$c" | grep -A1 -e "$o" | grep -qw -e "$v" ||
                { echo "completion: remit $c $o: '$v' is not in its help"; bad=1; }
        done
    done
done
expect "--color" "always${nl}auto${nl}never" "$(comp check --color '')"
expect "lint --format" "json${nl}text" "$(comp lint --format '')"
expect "batch --format" "csv${nl}jsonl" "$(comp batch --format '')"
expect "batch --input-format" "csv${nl}json${nl}jsonl" "$(comp batch --input-format '')"
has "schema's options" "--csv" "$(comp schema --)"
has "schema's options" "--heads" "$(comp schema --)"
expect "check's files" "a.json${nl}sub/" "$(comp check '')"
expect "batch's files" "a.json${nl}c.jsonl${nl}d.csv${nl}sub/" "$(comp batch '')"
expect "lint's files" "b.yaml${nl}sub/" "$(comp lint '')"
expect "--rules" "b.yaml${nl}sub/" "$(comp check --rules '')"
expect "after --, a file" "-x.json" "$(comp check -- -)"
expect "before --, options" "--help" "$(comp check --he)"
[ "$bad" -eq 0 ] && echo "completion: commands, options, values and files all offered"
exit "$bad"
