#!/bin/bash

__xsconvert_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__xsconvert_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__xsconvert_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__xsconvert_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_xsconvert() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}; trap - RETURN" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __xsconvert_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    convert|inspect|validate|diff|formats|live-switch|help)
        # Offer subcommand argument completions
        "_xsconvert_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'convert inspect validate diff formats live-switch help' -- "${cur}"))
        ;;
    esac
}

_xsconvert_convert() {
    repeating_flags=()
    non_repeating_flags=(--strict --pretty --gzip --create-parents --allow-loss --quiet -q --progress --no-progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --to --target --from --from-dialect --max-path-length --max-value-size --max-record-size --max-expansion --max-nodes --byte-order --stream-version --dialect --daemon --level --socket-fd)
    __xsconvert_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        __xsconvert_add_completions -f
        return
        ;;
    '--to')
        __xsconvert_add_completions -W 'binary'$'\n''oxenstored'$'\n''json'$'\n''xenstore-ls'
        return
        ;;
    '--target')
        __xsconvert_add_completions -W 'xenstored-4.17'$'\n''xenstored-4.21'$'\n''xenstored-4.22'$'\n''oxenstored'$'\n''oxenstored-xapi'
        return
        ;;
    '--from')
        __xsconvert_add_completions -W 'binary'$'\n''oxenstored'$'\n''oxenstored-legacy'$'\n''json'
        return
        ;;
    '--from-dialect')
        __xsconvert_add_completions -W 'standard'$'\n''seed'
        return
        ;;
    '--max-path-length')
        return
        ;;
    '--max-value-size')
        return
        ;;
    '--max-record-size')
        return
        ;;
    '--max-expansion')
        return
        ;;
    '--max-nodes')
        return
        ;;
    '--byte-order')
        __xsconvert_add_completions -W 'little'$'\n''big'
        return
        ;;
    '--stream-version')
        __xsconvert_add_completions -W '1'$'\n''2'
        return
        ;;
    '--dialect')
        __xsconvert_add_completions -W 'standard'$'\n''seed'$'\n''xen'$'\n''xapi'
        return
        ;;
    '--daemon')
        __xsconvert_add_completions -W 'c'$'\n''oxenstored'
        return
        ;;
    '--level')
        __xsconvert_add_completions -W '1'$'\n''2'$'\n''3'$'\n''4'$'\n''5'$'\n''6'$'\n''7'$'\n''8'$'\n''9'
        return
        ;;
    '--socket-fd')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __xsconvert_add_completions -f
        return
        ;;
    esac
}

_xsconvert_inspect() {
    repeating_flags=()
    non_repeating_flags=(--strict --tree --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--from --from-dialect --max-path-length --max-value-size --max-record-size --max-expansion --max-nodes)
    __xsconvert_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--from')
        __xsconvert_add_completions -W 'binary'$'\n''oxenstored'$'\n''oxenstored-legacy'$'\n''json'
        return
        ;;
    '--from-dialect')
        __xsconvert_add_completions -W 'standard'$'\n''seed'
        return
        ;;
    '--max-path-length')
        return
        ;;
    '--max-value-size')
        return
        ;;
    '--max-record-size')
        return
        ;;
    '--max-expansion')
        return
        ;;
    '--max-nodes')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __xsconvert_add_completions -f
        return
        ;;
    esac
}

_xsconvert_validate() {
    repeating_flags=()
    non_repeating_flags=(--strict --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--target --from --from-dialect --max-path-length --max-value-size --max-record-size --max-expansion --max-nodes)
    __xsconvert_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--target')
        __xsconvert_add_completions -W 'xenstored-4.17'$'\n''xenstored-4.21'$'\n''xenstored-4.22'$'\n''oxenstored'$'\n''oxenstored-xapi'
        return
        ;;
    '--from')
        __xsconvert_add_completions -W 'binary'$'\n''oxenstored'$'\n''oxenstored-legacy'$'\n''json'
        return
        ;;
    '--from-dialect')
        __xsconvert_add_completions -W 'standard'$'\n''seed'
        return
        ;;
    '--max-path-length')
        return
        ;;
    '--max-value-size')
        return
        ;;
    '--max-record-size')
        return
        ;;
    '--max-expansion')
        return
        ;;
    '--max-nodes')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __xsconvert_add_completions -f
        return
        ;;
    esac
}

_xsconvert_diff() {
    repeating_flags=()
    non_repeating_flags=(--strict --json --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--from --from-dialect --max-path-length --max-value-size --max-record-size --max-expansion --max-nodes)
    __xsconvert_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--from')
        __xsconvert_add_completions -W 'binary'$'\n''oxenstored'$'\n''oxenstored-legacy'$'\n''json'
        return
        ;;
    '--from-dialect')
        __xsconvert_add_completions -W 'standard'$'\n''seed'
        return
        ;;
    '--max-path-length')
        return
        ;;
    '--max-value-size')
        return
        ;;
    '--max-record-size')
        return
        ;;
    '--max-expansion')
        return
        ;;
    '--max-nodes')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __xsconvert_add_completions -f
        return
        ;;
    2)
        __xsconvert_add_completions -f
        return
        ;;
    esac
}

_xsconvert_formats() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __xsconvert_offer_flags_options 0
}

_xsconvert_live-switch() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __xsconvert_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    setup|check|wait|successor)
        # Offer subcommand argument completions
        "_xsconvert_live-switch_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'setup check wait successor' -- "${cur}"))
        ;;
    esac
}

_xsconvert_live-switch_setup() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--option --env)
    non_repeating_options=(--to --from --daemon --original --source-dump --target-dump --socket --status-file --output -o)
    __xsconvert_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--to')
        __xsconvert_add_completions -W 'xenstored-4.17'$'\n''xenstored-4.21'$'\n''xenstored-4.22'$'\n''oxenstored'$'\n''oxenstored-xapi'
        return
        ;;
    '--from')
        __xsconvert_add_completions -W 'c'$'\n''oxenstored'$'\n''oxenstored-xapi'
        return
        ;;
    '--daemon')
        return
        ;;
    '--option')
        return
        ;;
    '--env')
        return
        ;;
    '--original')
        return
        ;;
    '--source-dump')
        return
        ;;
    '--target-dump')
        return
        ;;
    '--socket')
        return
        ;;
    '--status-file')
        return
        ;;
    '--output'|'-o')
        return
        ;;
    esac
}

_xsconvert_live-switch_check() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config --timeout)
    __xsconvert_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_xsconvert_live-switch_wait() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config --socket --pid --timeout)
    __xsconvert_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--socket')
        return
        ;;
    '--pid')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_xsconvert_live-switch_successor() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config --original)
    __xsconvert_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--original')
        return
        ;;
    esac
}

_xsconvert_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __xsconvert_offer_flags_options -1
}

complete -o filenames -o bashdefault -o default -F _xsconvert xsconvert