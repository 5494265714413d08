# SPDX-License-Identifier: Apache-2.0
# bash completion for remit: commands, options, option values, files.
# Installed as share/bash-completion/completions/remit.  The commands and
# each command's options are read from `remit --help` and `remit help CMD`,
# so they cannot drift from the tool; option values and file kinds are here
# (tests/completion.sh checks them against the help texts).

# The long options `remit help CMD` lists: its option lines ("  --opt")
# and its usage lines ("Usage: remit CMD [--opt]").
_remit_help_options()
{
    "$1" help "$2" 2>/dev/null | sed -n \
        -e 's/^  \(-h, \)\{0,1\}\(--[a-z-]*\).*/\2/p' \
        -e '/^\(Usage: \|       \)remit /{s/[^-]*\(--[a-z][a-z-]*\)[^-]*/\1 /g;p}' |
        tr ' ' '\n' | grep -e '^--[a-z]' | sort -u
}

# The long options of `remit help CMD`, cached per command.
_remit_options()
{
    local prog=$1 cmd=$2 var
    var="_remit_opts_${cmd//[^a-z]/_}"
    if [[ -z ${!var-} ]]; then
        printf -v "$var" '%s' "$(_remit_help_options "$prog" "$cmd" | tr '\n' ' ')"
    fi
    printf '%s\n' "${!var}"
}

# The commands of `remit --help` ("  remit CMD ...").
_remit_commands()
{
    "$1" --help 2>/dev/null | sed -n 's/^  remit \([a-z][a-z]*\).*/\1/p' | sort -u
}

# Files whose names end in one of the extensions (a regex), and directories;
# a name that starts with '-' only after '--' ($3 = 1).
_remit_files()
{
    local cur=$1 exts=$2 ended=${3:-0} f
    local IFS=$'\n'
    for f in $(compgen -f -- "$cur"); do
        if [[ $f == -* ]] && ((!ended)); then
            continue
        elif [[ -d $f ]]; then
            COMPREPLY+=("$f/")
        elif [[ $f =~ \.($exts)$ ]]; then
            COMPREPLY+=("$f")
        fi
    done
    compopt -o nospace -o filenames 2>/dev/null
}

_remit()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD-1]}
    local prog=${COMP_WORDS[0]}
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$(_remit_commands "$prog") --help --version" -- "$cur"))
        return
    fi
    local cmd=${COMP_WORDS[1]} i
    if [[ $cmd == help ]]; then
        ((COMP_CWORD == 2)) &&
            COMPREPLY=($(compgen -W "$(_remit_commands "$prog")" -- "$cur"))
        return
    fi
    # After '--', only files.
    local ended=0
    for ((i = 2; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && ended=1
    done
    if ((!ended)); then
        case $prev in
        --rules) _remit_files "$cur" 'yaml|yml'; return ;;
        --tests) _remit_files "$cur" 'yaml|yml'; return ;;
        --save) _remit_files "$cur" 'json'; return ;;
        --today) COMPREPLY=($(compgen -W "$(date +%F)" -- "$cur")); return ;;
        --color | --progress)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --format)
            case $cmd in
            lint) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
            *) COMPREPLY=($(compgen -W "jsonl csv" -- "$cur")) ;;
            esac
            return ;;
        --input-format)
            COMPREPLY=($(compgen -W "jsonl csv json" -- "$cur")); return ;;
        --width | --jobs | --min-coverage | --heads | --threads | --listen | \
            --allow-origin | --max-body | --max-batch | --max-connections | \
            --timeout) return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$(_remit_options "$prog" "$cmd") --" -- "$cur"))
            return
        fi
    fi
    case $cmd in
    check | ask | migrate) _remit_files "$cur" 'json' "$ended" ;;
    batch) _remit_files "$cur" 'jsonl|json|ndjson|csv' "$ended" ;;
    lint | test) _remit_files "$cur" 'yaml|yml' "$ended" ;;
    *) ;;
    esac
}
complete -F _remit remit
