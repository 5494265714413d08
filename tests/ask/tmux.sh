#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The interview in a real terminal: tmux runs `remit ask`, send-keys types
# the answers, capture-pane reads the screen.  Checks that a bad date is
# re-asked with its reason, that `why` explains, that `back` changes the
# previous answer, and that the interview ends with the verdict and saves
# JSON that `remit check` gives the same verdict for.  Then that a "don't
# know" leaving nothing to ask is listed and, on y, asked again.
#
# usage: tests/ask/tmux.sh REMIT REPO    (exit 77: tmux not installed)
set -u
remit=$1
repo=$2
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
save="$tmp/saved.json"
tmux -S "$sock" new-session -d -x 100 -y 50 -s ask \
    "NO_COLOR=1 '$remit' ask --today 2026-11-22 --rules '$repo/rules' --save '$save'; echo EXIT=\$?; sleep 30"

# screen_has TEXT: waits up to 5 s for TEXT on the screen.
screen_has() {
    i=0
    while [ $i -lt 50 ]; do
        if tmux -S "$sock" capture-pane -p -t ask -S -200 | grep -qF -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "not on the screen after 5 s: $1"
    tmux -S "$sock" capture-pane -p -t ask -S -200
    exit 1
}
say() { tmux -S "$sock" send-keys -t ask -l -- "$1"; tmux -S "$sock" send-keys -t ask Enter; }

# which: the pointer of the last question on the screen (the screen shows
# the question, never where its answer goes: tests/ask/replay.py --which
# finds it from the question's text).
which() {
    tmux -S "$sock" capture-pane -p -t ask -S -60 |
        python3 "$repo/tests/ask/replay.py" --which "$remit" "$repo"
}
hint() { tmux -S "$sock" capture-pane -p -t ask -S -8 | grep -F 'Answer with' | tail -n 1; }

screen_has "How many separate things"
say 1
screen_has "in one sentence, what went wrong?"
say back
screen_has "Going back to the previous question."
say 1
sleep 0.3
say "The council did not tell Ms Y why child Z was on a plan."
screen_has "Question 1"
[ "$(which)" = /nation ] || { echo "first question is not the nation: $(which)"; exit 1; }
say back
screen_has "Going back to the previous question."
screen_has "Type the description"
say "The council did not tell Ms Y why child Z was on a plan."
screen_has "Question 1"
say 1
screen_has "Question 2"
[ "$(which)" = /complainant ] || { echo "second question: $(which)"; exit 1; }
say 3
# Answer until the date question; every other question gets a plain answer.
n=0
while [ $n -lt 40 ]; do
    sleep 0.3
    p=$(which)
    case "$p" in
        */first_aware_date) break ;;
        /local_stage) say 8 ;;
        /heads/0/raised_with_council) say y ;;
        /heads/0/council_final_answer) say y ;;
        *)
            case "$(hint)" in
                *"y or n"*) say n ;;
                *"a number"*) say 1 ;;
                *"numbers separated"*) say none ;;
                *) say "?" ;;
            esac ;;
    esac
    n=$((n + 1))
done
say "31/02/2026"
screen_has "31/02/2026 is not a date"
say why
screen_has "Rules that hang on it:"
screen_has "could make it:"
say "14/03/2026"
sleep 0.5
say back
screen_has "Going back to the previous question."
say "2026-03-14"
# Finish: answer the remaining questions the same way, until the verdict.
n=0
while [ $n -lt 40 ]; do
    if tmux -S "$sock" capture-pane -p -t ask -S -200 | grep -q '^EXIT='; then break; fi
    if tmux -S "$sock" capture-pane -p -t ask -S -8 | grep -qF 'press Enter to confirm'; then
        say ""   # confirm the presumption
        sleep 0.3
        n=$((n + 1))
        continue
    fi
    case "$(hint)" in
        *"y or n"*) say y ;;
        *"a number"*) say 1 ;;
        *"numbers separated"*) say none ;;
        *) say "" ;;
    esac
    sleep 0.3
    n=$((n + 1))
done
screen_has "EXIT="
if tmux -S "$sock" capture-pane -p -t ask -S -400 | grep -qE '\[/|/heads/'; then
    echo "a JSON pointer is on the screen"; exit 1
fi
screen_has "Verdict: "
[ -s "$save" ] || { echo "no saved complaint"; exit 1; }
# The last verdict shown is in words: the label remit check gives the saved
# answers (its first 30 characters, which never wrap).
want=$(tmux -S "$sock" capture-pane -p -t ask -S -300 | grep '^Verdict: ' | tail -n 1 | cut -c10-39)
got=$("$remit" check --json --today 2026-11-22 --rules "$repo/rules" "$save" | grep -o '"verdict_label":"[^"]*"' | head -n 1 | cut -d'"' -f4 | cut -c1-30)
[ -n "$want" ] && [ "$want" = "$got" ] || { echo "interview said '$want', check on the saved file says '$got'"; exit 1; }
grep -q '"first_aware_date":[[:space:]]*"2026-03-14"' "$save" || { echo "the date answer was not saved"; cat "$save"; exit 1; }

# A "don't know" that leaves nothing to ask: in a terminal the interview
# lists what the verdict still needs and offers to ask it again.
tmux -S "$sock" new-session -d -x 100 -y 50 -s again \
    "NO_COLOR=1 '$remit' ask --today 2026-11-22 --rules '$repo/rules'; echo EXIT=\$?; sleep 30"
at() { tmux -S "$sock" capture-pane -p -t again -S -200; }
tell() { tmux -S "$sock" send-keys -t again -l -- "$1"; tmux -S "$sock" send-keys -t again Enter; sleep 0.3; }
wait_for() {
    i=0
    while [ $i -lt 50 ]; do at | grep -qF -- "$1" && return 0; sleep 0.1; i=$((i + 1)); done
    echo "not on the screen after 5 s: $1"; at; exit 1
}
wait_for "How many separate things"
tell 1
tell "The council did not tell Ms Y why child Z was on a plan."
wait_for "Question 1"
tell "?"
wait_for "Nothing more can be asked, and the verdict still needs"
at | grep -qF -- "- Is the council the person is complaining about in England or in Wales?" ||
    { echo "the unknown answer is not listed"; at; exit 1; }
tell y
wait_for "Question 2"
at | awk '/^Question 2/ { q = "" } { q = q "\n" $0 } END { print q }' | grep -qF "England or in Wales?" || { echo "y did not ask the question again"; at; exit 1; }
tell q
wait_for "Save the answers so far?"
tell ""
wait_for "EXIT=1"
echo "tmux interview ok: $want; a blocking don't-know is offered again"
