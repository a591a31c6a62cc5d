function __xsconvert_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __xsconvert_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __xsconvert_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __xsconvert_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __xsconvert_parse_tokens -S
    set -l unparsed_tokens (__xsconvert_tokens -pc)
    switch $unparsed_tokens[1]
    case 'xsconvert'
        __xsconvert_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'convert'
            __xsconvert_parse_subcommand 1 'o/output=' 'to=' 'target=' 'from=' 'from-dialect=' 'strict' 'max-path-length=' 'max-value-size=' 'max-record-size=' 'max-expansion=' 'max-nodes=' 'byte-order=' 'stream-version=' 'dialect=' 'pretty' 'daemon=' 'gzip' 'level=' 'socket-fd=' 'create-parents' 'allow-loss' 'q/quiet' 'progress' 'no-progress' 'version' 'h/help'
        case 'inspect'
            __xsconvert_parse_subcommand 1 'from=' 'from-dialect=' 'strict' 'max-path-length=' 'max-value-size=' 'max-record-size=' 'max-expansion=' 'max-nodes=' 'tree' 'q/quiet' 'version' 'h/help'
        case 'validate'
            __xsconvert_parse_subcommand 1 'target=' 'from=' 'from-dialect=' 'strict' 'max-path-length=' 'max-value-size=' 'max-record-size=' 'max-expansion=' 'max-nodes=' 'q/quiet' 'version' 'h/help'
        case 'diff'
            __xsconvert_parse_subcommand 2 'from=' 'from-dialect=' 'strict' 'max-path-length=' 'max-value-size=' 'max-record-size=' 'max-expansion=' 'max-nodes=' 'json' 'q/quiet' 'version' 'h/help'
        case 'formats'
            __xsconvert_parse_subcommand 0 'version' 'h/help'
        case 'live-switch'
            __xsconvert_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'setup'
                __xsconvert_parse_subcommand 0 'to=' 'from=' 'daemon=' 'option=+' 'env=+' 'original=' 'source-dump=' 'target-dump=' 'socket=' 'status-file=' 'o/output=' 'version' 'h/help'
            case 'check'
                __xsconvert_parse_subcommand 0 'config=' 'timeout=' 'version' 'h/help'
            case 'wait'
                __xsconvert_parse_subcommand 0 'config=' 'socket=' 'pid=' 'timeout=' 'version' 'h/help'
            case 'successor'
                __xsconvert_parse_subcommand -r 1 'config=' 'original=' 'version' 'h/help'
            end
        case 'help'
            __xsconvert_parse_subcommand -r 1 'version'
        end
    end
end

function __xsconvert_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __xsconvert_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __xsconvert_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __xsconvert_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__xsconvert_tokens -p)
    if test -z "$(__xsconvert_tokens -t)"
        set -l index (count (__xsconvert_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'xsconvert' -f
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'convert' -d 'Convert a snapshot from one format to another.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'inspect' -d 'Describe a snapshot: format, version, byte order, records, connections, nodes.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'validate' -d 'Find every fault in a snapshot, optionally for the daemon that is to load it.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'diff' -d 'Compare two snapshots, in any formats: nodes, connections, watches, quotas.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'formats' -d 'List the formats xsconvert reads and writes, and the daemons it writes for (--target).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'live-switch' -d 'Switch a running host between oxenstored and C xenstored in place (same process).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert convert" -eq 1' -F
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" o output' -l 'output' -s 'o' -d 'Where to write, or - for standard output.' -rF
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" to' -l 'to' -d 'The output format (default: the input\'s; implied by --target).' -rfka 'binary oxenstored json xenstore-ls'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" target' -l 'target' -d 'Write exactly what this daemon restores (profiles: \'xsconvert validate --help\').' -rfka 'xenstored-4.17 xenstored-4.21 xenstored-4.22 oxenstored oxenstored-xapi'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" from' -l 'from' -d 'The input format (default: detected from its first bytes).' -rfka 'binary oxenstored oxenstored-legacy json'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" from-dialect' -l 'from-dialect' -d 'A binary input\'s layout: standard (C xenstored\'s) or seed (the seed patch\'s) (default: detected from its records).' -rfka 'standard seed'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" strict' -l 'strict' -d 'Refuse input the real daemon would only skip with a warning.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" max-path-length' -l 'max-path-length' -d 'The longest node or watch path to accept, in bytes (default 3072, xenstore\'s own limit; at most 65534).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" max-value-size' -l 'max-value-size' -d 'The largest node value, watch token or quota name to accept, in bytes (default 4096, one xenstore message; at most 65535).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" max-record-size' -l 'max-record-size' -d 'The most one record may carry: a node\'s path, value and permissions, a connection\'s pending data, a record of unknown type (default 4194304).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" max-expansion' -l 'max-expansion' -d 'How many times its compressed size a gzip input may expand to, plus one record (default 256).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" max-nodes' -l 'max-nodes' -d 'The most nodes to remember, 8 to 16 bytes each, to find a node given twice or before its parent (default 10000000).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" byte-order' -l 'byte-order' -d 'Binary output: the byte order of its records, little or big.' -rfka 'little big'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" stream-version' -l 'stream-version' -d 'Binary output: the stream version, 1 or 2.' -rfka '1 2'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" dialect' -l 'dialect' -d 'Binary output: its layout, standard (C xenstored\'s) or seed (the seed patch\'s); oxenstored output: xen (the in-tree daemon\'s, the default) or xapi (the xapi fork\'s, with watch depths).' -rfka 'standard seed xen xapi'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" pretty' -l 'pretty' -d 'JSON output: indented for people (the default is compact).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" daemon' -l 'daemon' -d 'xenstore-ls output: list as C xenstored (c) or oxenstored would (default: as the input\'s daemon).' -rfka 'c oxenstored'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" gzip' -l 'gzip' -d 'Compress the output with gzip (implied by an output name ending in .gz).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" level' -l 'level' -d 'gzip output: the compression level, 1 (fastest) to 9 (smallest); default 6.' -rfka '1 2 3 4 5 6 7 8 9'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" socket-fd' -l 'socket-fd' -d 'With --target: the fd at which the restored daemon inherits its listening socket, written in place of the input\'s (which a seed dump does not record).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" create-parents' -l 'create-parents' -d 'Where an order is made (--target, or a JSON document without a source): create missing parents, inheriting the nearest ancestor\'s permissions, instead of failing.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" allow-loss' -l 'allow-loss' -d 'Write even if the output format cannot hold everything; report what was dropped.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" q quiet' -l 'quiet' -s 'q' -d 'Do not print warnings (dropped or synthesized data are still reported).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" progress' -l 'progress' -d 'Show how far a long conversion is, when standard error is a terminal (never in a pipe or file).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" no-progress' -l 'no-progress' -d 'Show how far a long conversion is, when standard error is a terminal (never in a pipe or file).'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert convert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert inspect" -eq 1' -F
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" from' -l 'from' -d 'The input format (default: detected from its first bytes).' -rfka 'binary oxenstored oxenstored-legacy json'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" from-dialect' -l 'from-dialect' -d 'A binary input\'s layout: standard (C xenstored\'s) or seed (the seed patch\'s) (default: detected from its records).' -rfka 'standard seed'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" strict' -l 'strict' -d 'Refuse input the real daemon would only skip with a warning.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" max-path-length' -l 'max-path-length' -d 'The longest node or watch path to accept, in bytes (default 3072, xenstore\'s own limit; at most 65534).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" max-value-size' -l 'max-value-size' -d 'The largest node value, watch token or quota name to accept, in bytes (default 4096, one xenstore message; at most 65535).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" max-record-size' -l 'max-record-size' -d 'The most one record may carry: a node\'s path, value and permissions, a connection\'s pending data, a record of unknown type (default 4194304).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" max-expansion' -l 'max-expansion' -d 'How many times its compressed size a gzip input may expand to, plus one record (default 256).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" max-nodes' -l 'max-nodes' -d 'The most nodes to remember, 8 to 16 bytes each, to find a node given twice or before its parent (default 10000000).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" tree' -l 'tree' -d 'Also show the store as an indented tree, and how many nodes each domain owns.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" q quiet' -l 'quiet' -s 'q' -d 'Do not print warnings.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert validate" -eq 1' -F
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" target' -l 'target' -d 'The daemon that is to load it.' -rfka 'xenstored-4.17 xenstored-4.21 xenstored-4.22 oxenstored oxenstored-xapi'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" from' -l 'from' -d 'The input format (default: detected from its first bytes).' -rfka 'binary oxenstored oxenstored-legacy json'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" from-dialect' -l 'from-dialect' -d 'A binary input\'s layout: standard (C xenstored\'s) or seed (the seed patch\'s) (default: detected from its records).' -rfka 'standard seed'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" strict' -l 'strict' -d 'Refuse input the real daemon would only skip with a warning.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" max-path-length' -l 'max-path-length' -d 'The longest node or watch path to accept, in bytes (default 3072, xenstore\'s own limit; at most 65534).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" max-value-size' -l 'max-value-size' -d 'The largest node value, watch token or quota name to accept, in bytes (default 4096, one xenstore message; at most 65535).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" max-record-size' -l 'max-record-size' -d 'The most one record may carry: a node\'s path, value and permissions, a connection\'s pending data, a record of unknown type (default 4194304).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" max-expansion' -l 'max-expansion' -d 'How many times its compressed size a gzip input may expand to, plus one record (default 256).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" max-nodes' -l 'max-nodes' -d 'The most nodes to remember, 8 to 16 bytes each, to find a node given twice or before its parent (default 10000000).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" q quiet' -l 'quiet' -s 'q' -d 'Print only errors.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert validate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert diff" -eq 1' -F
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert diff" -eq 2' -F
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" from' -l 'from' -d 'The input format (default: detected from its first bytes).' -rfka 'binary oxenstored oxenstored-legacy json'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" from-dialect' -l 'from-dialect' -d 'A binary input\'s layout: standard (C xenstored\'s) or seed (the seed patch\'s) (default: detected from its records).' -rfka 'standard seed'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" strict' -l 'strict' -d 'Refuse input the real daemon would only skip with a warning.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" max-path-length' -l 'max-path-length' -d 'The longest node or watch path to accept, in bytes (default 3072, xenstore\'s own limit; at most 65534).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" max-value-size' -l 'max-value-size' -d 'The largest node value, watch token or quota name to accept, in bytes (default 4096, one xenstore message; at most 65535).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" max-record-size' -l 'max-record-size' -d 'The most one record may carry: a node\'s path, value and permissions, a connection\'s pending data, a record of unknown type (default 4194304).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" max-expansion' -l 'max-expansion' -d 'How many times its compressed size a gzip input may expand to, plus one record (default 256).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" max-nodes' -l 'max-nodes' -d 'The most nodes to remember, 8 to 16 bytes each, to find a node given twice or before its parent (default 10000000).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" json' -l 'json' -d 'Print the differences as JSON.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" q quiet' -l 'quiet' -s 'q' -d 'Do not print warnings about the inputs.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert formats" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert formats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert live-switch" -eq 1' -fa 'setup' -d 'Write a live-update successor that switches the running daemon to another.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert live-switch" -eq 1' -fa 'check' -d 'Before a switch: list every reason it would be refused, without starting a live update.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert live-switch" -eq 1' -fa 'wait' -d 'Wait until the same process answers as the daemon a switch turns it into.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_positional "xsconvert live-switch" -eq 1' -fa 'successor' -d 'Run by a daemon\'s live update, through the script \'live-switch setup\' writes.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" to' -l 'to' -d 'The daemon to switch to.' -rfka 'xenstored-4.17 xenstored-4.21 xenstored-4.22 oxenstored oxenstored-xapi'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" from' -l 'from' -d 'The daemon running now: c, oxenstored or oxenstored-xapi (default: the other one than --to\'s; give it for --to oxenstored-xapi, which either may run, and when the xapi fork runs now).' -rfka 'c oxenstored oxenstored-xapi'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" daemon' -l 'daemon' -d 'Its executable (absolute path).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup"' -l 'option' -d 'One of its options, as you run it (repeat for more; the successor adds -U or --live --restart).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup"' -l 'env' -d 'An environment setting for it, added to the running daemon\'s (repeat for more).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" original' -l 'original' -d 'The executable of the daemon running now (absolute path; restarted if a switch cannot be made).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" source-dump' -l 'source-dump' -d 'Where the running daemon writes its dump.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" target-dump' -l 'target-dump' -d 'Where the new daemon reads its dump.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" socket' -l 'socket' -d 'The daemons\' socket (for \'live-switch wait\').' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" status-file' -l 'status-file' -d 'Where each switch records how it went.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" o output' -l 'output' -s 'o' -d 'The successor to write (its configuration goes to OUTPUT.conf).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch setup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch check" config' -l 'config' -d 'The configuration \'live-switch setup\' wrote.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch check" timeout' -l 'timeout' -d 'How long to wait for each answer, in seconds.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch check" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch wait" config' -l 'config' -d 'The configuration \'live-switch setup\' wrote.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch wait" socket' -l 'socket' -d 'The daemons\' socket (default: the configuration\'s).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch wait" pid' -l 'pid' -d 'The daemon\'s pid before the switch (default: whichever process listens).' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch wait" timeout' -l 'timeout' -d 'How long to wait, in seconds.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch wait" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch wait" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch successor" config' -l 'config' -d 'The configuration \'live-switch setup\' wrote.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch successor" original' -l 'original' -d 'The running daemon\'s executable, restarted if the switch cannot be made.' -rfka ''
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch successor" version' -l 'version' -d 'Show the version.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert live-switch successor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'xsconvert' -n '__xsconvert_should_offer_completions_for_flags_or_options "xsconvert help" version' -l 'version' -d 'Show the version.'