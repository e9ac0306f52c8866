# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tidal_mcp_global_optspecs
    string join \n config= set= q/quiet h/help V/version
end

function __fish_tidal_mcp_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tidal_mcp_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tidal_mcp_using_subcommand
    set -l cmd (__fish_tidal_mcp_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "serve" -d 'Run the MCP server on stdio (what MCP clients start), or on streamable HTTP'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "agent" -d 'Run the state-owning agent in the foreground, or manage the running one'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "login" -d 'Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "logout" -d 'Forget the stored TIDAL session'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "status" -d 'Show whether you are logged in, as whom, and until when'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "health" -d 'Check config, permissions, vault, store, agent and disk'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "config" -d 'Show the effective configuration or the paths in use'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "vault" -d 'Manage the encrypted vault'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "prefs" -d 'Read or change your preferences (search limit, explicit filter, ...)'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "audit" -d 'Inspect and verify the hash-chained audit log'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "metrics" -d 'Export metrics'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "backup" -d 'Copy the store and the vault into one encrypted archive, safely while servers run'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "verify-backups" -d 'Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit chain'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "restore" -d 'Replace the store and the vault with a backup\'s'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "cleanup" -d 'Remove what is past retention or rotation'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "export-user" -d 'Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "delete-user" -d 'Erase a person everywhere (GDPR Art. 17) and compact the store'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "migrate" -d 'Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the store'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "man" -d 'Print the man page, or write one per subcommand into a directory'
complete -c tidal-mcp -n "__fish_tidal_mcp_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand serve" -l http -d 'Serve streamable HTTP on this address instead of stdio (loopback recommended)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand serve" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand serve" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand serve" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand serve" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -l detached -d 'Started on demand by another tidal-mcp process (internal)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -f -a "status" -d 'Show the running agent: pid, version, uptime, clients'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -f -a "stop" -d 'Stop the running agent after flushing everything'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and not __fish_seen_subcommand_from status stop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from status" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from status" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from status" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from stop" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from stop" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from stop" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the running agent: pid, version, uptime, clients'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the running agent after flushing everything'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l force -d 'Log in again even if a session exists, without asking'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l no-browser -d 'Do not try to open a browser; for a browser login, also accept the address the browser ended on, pasted here (e.g. when the browser runs on another machine)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l pkce -d 'Log in in the browser (authorization code + PKCE): apps from developer.tidal.com'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l device -d 'Use the device flow (a code typed on TIDAL\'s page): TIDAL\'s own device clients'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -l json -d 'Print the result as JSON on stdout (the URL and code still go to stderr)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand login" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand logout" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand logout" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand logout" -l json -d 'Print JSON instead of a message'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand logout" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand logout" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand status" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand status" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand status" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand status" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand status" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -l json -d 'Print JSON: {"status": "healthy|warning|critical", "checks": [...]}'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -l online -d 'Also reach TIDAL and validate the session'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand health" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -f -a "show" -d 'Print every setting with its value and where it came from (secrets masked)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -f -a "path" -d 'Print the config file and data directories in use'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -f -a "example" -d 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and not __fish_seen_subcommand_from show path example help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from show" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from path" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from example" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from example" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from example" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from example" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from example" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every setting with its value and where it came from (secrets masked)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file and data directories in use'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "example" -d 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -f -a "rotate-key" -d 'Re-encrypt the vault (and its kept generations) to a new identity'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -f -a "accept" -d 'Accept a vault that was copied from another machine'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and not __fish_seen_subcommand_from rotate-key accept help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from rotate-key" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from rotate-key" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from rotate-key" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from rotate-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from rotate-key" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from accept" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from accept" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from accept" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from accept" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from accept" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "rotate-key" -d 'Re-encrypt the vault (and its kept generations) to a new identity'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "accept" -d 'Accept a vault that was copied from another machine'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -f -a "get" -d 'Print your preferences'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -f -a "set" -d 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -f -a "reset" -d 'Go back to the default preferences'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and not __fish_seen_subcommand_from get set reset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from get" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from get" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from get" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from set" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from set" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from set" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from reset" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from reset" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from reset" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print your preferences'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Go back to the default preferences'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand prefs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -f -a "verify" -d 'Verify the hash chain; exit 1 with the first bad index on failure'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -f -a "show" -d 'Print audit entries'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and not __fish_seen_subcommand_from verify show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from verify" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -l since -d 'Only entries at or after this time (RFC 3339, or a duration like 2h, 7d)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -l limit -d 'At most this many entries (newest)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify the hash chain; exit 1 with the first bad index on failure'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print audit entries'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -f -a "export" -d 'Print or write the metrics (Prometheus text format by default)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and not __fish_seen_subcommand_from export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -l format -d 'Output format' -r -f -a "prometheus\t''
json\t''"
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -l output -d 'Write to this file atomically (for the node_exporter textfile collector)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -l json -d 'The same as --format json'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print or write the metrics (Prometheus text format by default)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand metrics; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -s o -l output -d 'The directory to write to (default: `backup.dir`, else the home\'s `backups`)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -l keep -d 'Keep the newest N backups in that directory (default: `backup.keep`)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -l recipient -d 'Also encrypt to this age recipient (age1...), to restore on another machine; repeatable' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -l json -d 'Print JSON instead of a message'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand backup" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand verify-backups" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand verify-backups" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand verify-backups" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand verify-backups" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand verify-backups" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand verify-backups" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -l identity -d 'The age identity file the backup was encrypted to (a backup from another machine)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -s y -l yes -d 'Replace a home that holds data without asking'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -l json -d 'Print JSON instead of a message'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand restore" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -l dry-run -d 'Say what would be removed; remove nothing'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -l deep -d 'Also compact the store now (the agent is stopped for that moment)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand cleanup" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -l user-id -d 'The TIDAL user id (default: the logged-in user)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -s o -l output -d 'Write to this file (created 0600) instead of stdout' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand export-user" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -l user-id -d 'The TIDAL user id (default: the logged-in user)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand delete-user" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -l from -d 'A legacy session file or YAML config to import (repeatable; default: the usual places)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -l dry-run -d 'Print the plan; change nothing'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -l keep-original -d 'Leave the plaintext as a 0600 `.migrated` file instead of shredding it'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -l json -d 'Print JSON instead of a table'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand completions" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand completions" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand completions" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand completions" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand man" -l out-dir -d 'Write every page into this directory (created if missing); without it, print the top-level page to stdout' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand man" -l config -d 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)' -r -F
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand man" -l set -d 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)' -r
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand man" -s q -l quiet -d 'Print no progress or spinners'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand man" -s V -l version -d 'Print version'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "serve" -d 'Run the MCP server on stdio (what MCP clients start), or on streamable HTTP'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "agent" -d 'Run the state-owning agent in the foreground, or manage the running one'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "login" -d 'Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "logout" -d 'Forget the stored TIDAL session'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "status" -d 'Show whether you are logged in, as whom, and until when'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "health" -d 'Check config, permissions, vault, store, agent and disk'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "config" -d 'Show the effective configuration or the paths in use'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "vault" -d 'Manage the encrypted vault'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "prefs" -d 'Read or change your preferences (search limit, explicit filter, ...)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "audit" -d 'Inspect and verify the hash-chained audit log'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "metrics" -d 'Export metrics'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "backup" -d 'Copy the store and the vault into one encrypted archive, safely while servers run'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "verify-backups" -d 'Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit chain'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "restore" -d 'Replace the store and the vault with a backup\'s'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "cleanup" -d 'Remove what is past retention or rotation'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "export-user" -d 'Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "delete-user" -d 'Erase a person everywhere (GDPR Art. 17) and compact the store'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "migrate" -d 'Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the store'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "man" -d 'Print the man page, or write one per subcommand into a directory'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and not __fish_seen_subcommand_from serve agent login logout status health config vault prefs audit metrics backup verify-backups restore cleanup export-user delete-user migrate completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "status" -d 'Show the running agent: pid, version, uptime, clients'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "stop" -d 'Stop the running agent after flushing everything'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every setting with its value and where it came from (secrets masked)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file and data directories in use'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "example" -d 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "rotate-key" -d 'Re-encrypt the vault (and its kept generations) to a new identity'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "accept" -d 'Accept a vault that was copied from another machine'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from prefs" -f -a "get" -d 'Print your preferences'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from prefs" -f -a "set" -d 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from prefs" -f -a "reset" -d 'Go back to the default preferences'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Verify the hash chain; exit 1 with the first bad index on failure'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "show" -d 'Print audit entries'
complete -c tidal-mcp -n "__fish_tidal_mcp_using_subcommand help; and __fish_seen_subcommand_from metrics" -f -a "export" -d 'Print or write the metrics (Prometheus text format by default)'
