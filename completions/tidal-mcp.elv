
use builtin;
use str;

set edit:completion:arg-completer[tidal-mcp] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tidal-mcp'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tidal-mcp'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the MCP server on stdio (what MCP clients start), or on streamable HTTP'
            cand agent 'Run the state-owning agent in the foreground, or manage the running one'
            cand login 'Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault'
            cand logout 'Forget the stored TIDAL session'
            cand status 'Show whether you are logged in, as whom, and until when'
            cand health 'Check config, permissions, vault, store, agent and disk'
            cand config 'Show the effective configuration or the paths in use'
            cand vault 'Manage the encrypted vault'
            cand prefs 'Read or change your preferences (search limit, explicit filter, ...)'
            cand audit 'Inspect and verify the hash-chained audit log'
            cand metrics 'Export metrics'
            cand backup 'Copy the store and the vault into one encrypted archive, safely while servers run'
            cand verify-backups 'Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit chain'
            cand restore 'Replace the store and the vault with a backup''s'
            cand cleanup 'Remove what is past retention or rotation'
            cand export-user 'Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON'
            cand delete-user 'Erase a person everywhere (GDPR Art. 17) and compact the store'
            cand migrate 'Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the store'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page, or write one per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;serve'= {
            cand --http 'Serve streamable HTTP on this address instead of stdio (loopback recommended)'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;agent'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --detached 'Started on demand by another tidal-mcp process (internal)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show the running agent: pid, version, uptime, clients'
            cand stop 'Stop the running agent after flushing everything'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;agent;status'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;agent;stop'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;agent;help'= {
            cand status 'Show the running agent: pid, version, uptime, clients'
            cand stop 'Stop the running agent after flushing everything'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;agent;help;status'= {
        }
        &'tidal-mcp;agent;help;stop'= {
        }
        &'tidal-mcp;agent;help;help'= {
        }
        &'tidal-mcp;login'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --force 'Log in again even if a session exists, without asking'
            cand --no-browser 'Do not try to open a browser; for a browser login, also accept the address the browser ended on, pasted here (e.g. when the browser runs on another machine)'
            cand --pkce 'Log in in the browser (authorization code + PKCE): apps from developer.tidal.com'
            cand --device 'Use the device flow (a code typed on TIDAL''s page): TIDAL''s own device clients'
            cand --json 'Print the result as JSON on stdout (the URL and code still go to stderr)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;logout'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a message'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;status'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;health'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON: {"status": "healthy|warning|critical", "checks": [...]}'
            cand --online 'Also reach TIDAL and validate the session'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;config'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print every setting with its value and where it came from (secrets masked)'
            cand path 'Print the config file and data directories in use'
            cand example 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;config;show'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;config;path'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;config;example'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;config;help'= {
            cand show 'Print every setting with its value and where it came from (secrets masked)'
            cand path 'Print the config file and data directories in use'
            cand example 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;config;help;show'= {
        }
        &'tidal-mcp;config;help;path'= {
        }
        &'tidal-mcp;config;help;example'= {
        }
        &'tidal-mcp;config;help;help'= {
        }
        &'tidal-mcp;vault'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand rotate-key 'Re-encrypt the vault (and its kept generations) to a new identity'
            cand accept 'Accept a vault that was copied from another machine'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;vault;rotate-key'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;vault;accept'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;vault;help'= {
            cand rotate-key 'Re-encrypt the vault (and its kept generations) to a new identity'
            cand accept 'Accept a vault that was copied from another machine'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;vault;help;rotate-key'= {
        }
        &'tidal-mcp;vault;help;accept'= {
        }
        &'tidal-mcp;vault;help;help'= {
        }
        &'tidal-mcp;prefs'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print your preferences'
            cand set 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`'
            cand reset 'Go back to the default preferences'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;prefs;get'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;prefs;set'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;prefs;reset'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;prefs;help'= {
            cand get 'Print your preferences'
            cand set 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`'
            cand reset 'Go back to the default preferences'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;prefs;help;get'= {
        }
        &'tidal-mcp;prefs;help;set'= {
        }
        &'tidal-mcp;prefs;help;reset'= {
        }
        &'tidal-mcp;prefs;help;help'= {
        }
        &'tidal-mcp;audit'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Verify the hash chain; exit 1 with the first bad index on failure'
            cand show 'Print audit entries'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;audit;verify'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;audit;show'= {
            cand --since 'Only entries at or after this time (RFC 3339, or a duration like 2h, 7d)'
            cand --limit 'At most this many entries (newest)'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;audit;help'= {
            cand verify 'Verify the hash chain; exit 1 with the first bad index on failure'
            cand show 'Print audit entries'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;audit;help;verify'= {
        }
        &'tidal-mcp;audit;help;show'= {
        }
        &'tidal-mcp;audit;help;help'= {
        }
        &'tidal-mcp;metrics'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Print or write the metrics (Prometheus text format by default)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;metrics;export'= {
            cand --format 'Output format'
            cand --output 'Write to this file atomically (for the node_exporter textfile collector)'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'The same as --format json'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;metrics;help'= {
            cand export 'Print or write the metrics (Prometheus text format by default)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;metrics;help;export'= {
        }
        &'tidal-mcp;metrics;help;help'= {
        }
        &'tidal-mcp;backup'= {
            cand -o 'The directory to write to (default: `backup.dir`, else the home''s `backups`)'
            cand --output 'The directory to write to (default: `backup.dir`, else the home''s `backups`)'
            cand --keep 'Keep the newest N backups in that directory (default: `backup.keep`)'
            cand --recipient 'Also encrypt to this age recipient (age1...), to restore on another machine; repeatable'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a message'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;verify-backups'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;restore'= {
            cand --identity 'The age identity file the backup was encrypted to (a backup from another machine)'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -y 'Replace a home that holds data without asking'
            cand --yes 'Replace a home that holds data without asking'
            cand --json 'Print JSON instead of a message'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;cleanup'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --dry-run 'Say what would be removed; remove nothing'
            cand --deep 'Also compact the store now (the agent is stopped for that moment)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;export-user'= {
            cand --user-id 'The TIDAL user id (default: the logged-in user)'
            cand -o 'Write to this file (created 0600) instead of stdout'
            cand --output 'Write to this file (created 0600) instead of stdout'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;delete-user'= {
            cand --user-id 'The TIDAL user id (default: the logged-in user)'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;migrate'= {
            cand --from 'A legacy session file or YAML config to import (repeatable; default: the usual places)'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand --dry-run 'Print the plan; change nothing'
            cand --keep-original 'Leave the plaintext as a 0600 `.migrated` file instead of shredding it'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;completions'= {
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;man'= {
            cand --out-dir 'Write every page into this directory (created if missing); without it, print the top-level page to stdout'
            cand --config 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)'
            cand --set 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)'
            cand -q 'Print no progress or spinners'
            cand --quiet 'Print no progress or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tidal-mcp;help'= {
            cand serve 'Run the MCP server on stdio (what MCP clients start), or on streamable HTTP'
            cand agent 'Run the state-owning agent in the foreground, or manage the running one'
            cand login 'Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault'
            cand logout 'Forget the stored TIDAL session'
            cand status 'Show whether you are logged in, as whom, and until when'
            cand health 'Check config, permissions, vault, store, agent and disk'
            cand config 'Show the effective configuration or the paths in use'
            cand vault 'Manage the encrypted vault'
            cand prefs 'Read or change your preferences (search limit, explicit filter, ...)'
            cand audit 'Inspect and verify the hash-chained audit log'
            cand metrics 'Export metrics'
            cand backup 'Copy the store and the vault into one encrypted archive, safely while servers run'
            cand verify-backups 'Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit chain'
            cand restore 'Replace the store and the vault with a backup''s'
            cand cleanup 'Remove what is past retention or rotation'
            cand export-user 'Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON'
            cand delete-user 'Erase a person everywhere (GDPR Art. 17) and compact the store'
            cand migrate 'Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the store'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page, or write one per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tidal-mcp;help;serve'= {
        }
        &'tidal-mcp;help;agent'= {
            cand status 'Show the running agent: pid, version, uptime, clients'
            cand stop 'Stop the running agent after flushing everything'
        }
        &'tidal-mcp;help;agent;status'= {
        }
        &'tidal-mcp;help;agent;stop'= {
        }
        &'tidal-mcp;help;login'= {
        }
        &'tidal-mcp;help;logout'= {
        }
        &'tidal-mcp;help;status'= {
        }
        &'tidal-mcp;help;health'= {
        }
        &'tidal-mcp;help;config'= {
            cand show 'Print every setting with its value and where it came from (secrets masked)'
            cand path 'Print the config file and data directories in use'
            cand example 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)'
        }
        &'tidal-mcp;help;config;show'= {
        }
        &'tidal-mcp;help;config;path'= {
        }
        &'tidal-mcp;help;config;example'= {
        }
        &'tidal-mcp;help;vault'= {
            cand rotate-key 'Re-encrypt the vault (and its kept generations) to a new identity'
            cand accept 'Accept a vault that was copied from another machine'
        }
        &'tidal-mcp;help;vault;rotate-key'= {
        }
        &'tidal-mcp;help;vault;accept'= {
        }
        &'tidal-mcp;help;prefs'= {
            cand get 'Print your preferences'
            cand set 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`'
            cand reset 'Go back to the default preferences'
        }
        &'tidal-mcp;help;prefs;get'= {
        }
        &'tidal-mcp;help;prefs;set'= {
        }
        &'tidal-mcp;help;prefs;reset'= {
        }
        &'tidal-mcp;help;audit'= {
            cand verify 'Verify the hash chain; exit 1 with the first bad index on failure'
            cand show 'Print audit entries'
        }
        &'tidal-mcp;help;audit;verify'= {
        }
        &'tidal-mcp;help;audit;show'= {
        }
        &'tidal-mcp;help;metrics'= {
            cand export 'Print or write the metrics (Prometheus text format by default)'
        }
        &'tidal-mcp;help;metrics;export'= {
        }
        &'tidal-mcp;help;backup'= {
        }
        &'tidal-mcp;help;verify-backups'= {
        }
        &'tidal-mcp;help;restore'= {
        }
        &'tidal-mcp;help;cleanup'= {
        }
        &'tidal-mcp;help;export-user'= {
        }
        &'tidal-mcp;help;delete-user'= {
        }
        &'tidal-mcp;help;migrate'= {
        }
        &'tidal-mcp;help;completions'= {
        }
        &'tidal-mcp;help;man'= {
        }
        &'tidal-mcp;help;help'= {
        }
    ]
    $completions[$command]
}
