
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tidal-mcp' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tidal-mcp'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tidal-mcp' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the MCP server on stdio (what MCP clients start), or on streamable HTTP')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Run the state-owning agent in the foreground, or manage the running one')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored TIDAL session')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether you are logged in, as whom, and until when')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check config, permissions, vault, store, agent and disk')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration or the paths in use')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Manage the encrypted vault')
            [CompletionResult]::new('prefs', 'prefs', [CompletionResultType]::ParameterValue, 'Read or change your preferences (search limit, explicit filter, ...)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Inspect and verify the hash-chained audit log')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Export metrics')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the store and the vault into one encrypted archive, safely while servers run')
            [CompletionResult]::new('verify-backups', 'verify-backups', [CompletionResultType]::ParameterValue, 'Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit chain')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Replace the store and the vault with a backup''s')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Remove what is past retention or rotation')
            [CompletionResult]::new('export-user', 'export-user', [CompletionResultType]::ParameterValue, 'Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON')
            [CompletionResult]::new('delete-user', 'delete-user', [CompletionResultType]::ParameterValue, 'Erase a person everywhere (GDPR Art. 17) and compact the store')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the store')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;serve' {
            [CompletionResult]::new('--http', '--http', [CompletionResultType]::ParameterName, 'Serve streamable HTTP on this address instead of stdio (loopback recommended)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;agent' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--detached', '--detached', [CompletionResultType]::ParameterName, 'Started on demand by another tidal-mcp process (internal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the running agent: pid, version, uptime, clients')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the running agent after flushing everything')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;agent;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;agent;stop' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;agent;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the running agent: pid, version, uptime, clients')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the running agent after flushing everything')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;agent;help;status' {
            break
        }
        'tidal-mcp;agent;help;stop' {
            break
        }
        'tidal-mcp;agent;help;help' {
            break
        }
        'tidal-mcp;login' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Log in again even if a session exists, without asking')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not try to open a browser; for a browser login, also accept the address the browser ended on, pasted here (e.g. when the browser runs on another machine)')
            [CompletionResult]::new('--pkce', '--pkce', [CompletionResultType]::ParameterName, 'Log in in the browser (authorization code + PKCE): apps from developer.tidal.com')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Use the device flow (a code typed on TIDAL''s page): TIDAL''s own device clients')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout (the URL and code still go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;logout' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a message')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;health' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"status": "healthy|warning|critical", "checks": [...]}')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Also reach TIDAL and validate the session')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting with its value and where it came from (secrets masked)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file and data directories in use')
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;config;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;config;path' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;config;example' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting with its value and where it came from (secrets masked)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file and data directories in use')
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;config;help;show' {
            break
        }
        'tidal-mcp;config;help;path' {
            break
        }
        'tidal-mcp;config;help;example' {
            break
        }
        'tidal-mcp;config;help;help' {
            break
        }
        'tidal-mcp;vault' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Re-encrypt the vault (and its kept generations) to a new identity')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept a vault that was copied from another machine')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;vault;rotate-key' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;vault;accept' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;vault;help' {
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Re-encrypt the vault (and its kept generations) to a new identity')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept a vault that was copied from another machine')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;vault;help;rotate-key' {
            break
        }
        'tidal-mcp;vault;help;accept' {
            break
        }
        'tidal-mcp;vault;help;help' {
            break
        }
        'tidal-mcp;prefs' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print your preferences')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Go back to the default preferences')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;prefs;get' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;prefs;set' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;prefs;reset' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;prefs;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print your preferences')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Go back to the default preferences')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;prefs;help;get' {
            break
        }
        'tidal-mcp;prefs;help;set' {
            break
        }
        'tidal-mcp;prefs;help;reset' {
            break
        }
        'tidal-mcp;prefs;help;help' {
            break
        }
        'tidal-mcp;audit' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify the hash chain; exit 1 with the first bad index on failure')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print audit entries')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;audit;verify' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;audit;show' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries at or after this time (RFC 3339, or a duration like 2h, 7d)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many entries (newest)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify the hash chain; exit 1 with the first bad index on failure')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print audit entries')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;audit;help;verify' {
            break
        }
        'tidal-mcp;audit;help;show' {
            break
        }
        'tidal-mcp;audit;help;help' {
            break
        }
        'tidal-mcp;metrics' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print or write the metrics (Prometheus text format by default)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;metrics;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file atomically (for the node_exporter textfile collector)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'The same as --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;metrics;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print or write the metrics (Prometheus text format by default)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;metrics;help;export' {
            break
        }
        'tidal-mcp;metrics;help;help' {
            break
        }
        'tidal-mcp;backup' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The directory to write to (default: `backup.dir`, else the home''s `backups`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The directory to write to (default: `backup.dir`, else the home''s `backups`)')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the newest N backups in that directory (default: `backup.keep`)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Also encrypt to this age recipient (age1...), to restore on another machine; repeatable')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a message')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;verify-backups' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;restore' {
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The age identity file the backup was encrypted to (a backup from another machine)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Replace a home that holds data without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Replace a home that holds data without asking')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a message')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;cleanup' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be removed; remove nothing')
            [CompletionResult]::new('--deep', '--deep', [CompletionResultType]::ParameterName, 'Also compact the store now (the agent is stopped for that moment)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;export-user' {
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'The TIDAL user id (default: the logged-in user)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (created 0600) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (created 0600) instead of stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;delete-user' {
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'The TIDAL user id (default: the logged-in user)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;migrate' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'A legacy session file or YAML config to import (repeatable; default: the usual places)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('--keep-original', '--keep-original', [CompletionResultType]::ParameterName, 'Leave the plaintext as a 0600 `.migrated` file instead of shredding it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write every page into this directory (created if missing); without it, print the top-level page to stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tidal-mcp;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the MCP server on stdio (what MCP clients start), or on streamable HTTP')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Run the state-owning agent in the foreground, or manage the running one')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored TIDAL session')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether you are logged in, as whom, and until when')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check config, permissions, vault, store, agent and disk')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration or the paths in use')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Manage the encrypted vault')
            [CompletionResult]::new('prefs', 'prefs', [CompletionResultType]::ParameterValue, 'Read or change your preferences (search limit, explicit filter, ...)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Inspect and verify the hash-chained audit log')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Export metrics')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the store and the vault into one encrypted archive, safely while servers run')
            [CompletionResult]::new('verify-backups', 'verify-backups', [CompletionResultType]::ParameterValue, 'Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit chain')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Replace the store and the vault with a backup''s')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Remove what is past retention or rotation')
            [CompletionResult]::new('export-user', 'export-user', [CompletionResultType]::ParameterValue, 'Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON')
            [CompletionResult]::new('delete-user', 'delete-user', [CompletionResultType]::ParameterValue, 'Erase a person everywhere (GDPR Art. 17) and compact the store')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the store')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tidal-mcp;help;serve' {
            break
        }
        'tidal-mcp;help;agent' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the running agent: pid, version, uptime, clients')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the running agent after flushing everything')
            break
        }
        'tidal-mcp;help;agent;status' {
            break
        }
        'tidal-mcp;help;agent;stop' {
            break
        }
        'tidal-mcp;help;login' {
            break
        }
        'tidal-mcp;help;logout' {
            break
        }
        'tidal-mcp;help;status' {
            break
        }
        'tidal-mcp;help;health' {
            break
        }
        'tidal-mcp;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting with its value and where it came from (secrets masked)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file and data directories in use')
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Print a config file with every option, its default and what it does (works even when the current configuration is broken)')
            break
        }
        'tidal-mcp;help;config;show' {
            break
        }
        'tidal-mcp;help;config;path' {
            break
        }
        'tidal-mcp;help;config;example' {
            break
        }
        'tidal-mcp;help;vault' {
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Re-encrypt the vault (and its kept generations) to a new identity')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept a vault that was copied from another machine')
            break
        }
        'tidal-mcp;help;vault;rotate-key' {
            break
        }
        'tidal-mcp;help;vault;accept' {
            break
        }
        'tidal-mcp;help;prefs' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print your preferences')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Go back to the default preferences')
            break
        }
        'tidal-mcp;help;prefs;get' {
            break
        }
        'tidal-mcp;help;prefs;set' {
            break
        }
        'tidal-mcp;help;prefs;reset' {
            break
        }
        'tidal-mcp;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify the hash chain; exit 1 with the first bad index on failure')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print audit entries')
            break
        }
        'tidal-mcp;help;audit;verify' {
            break
        }
        'tidal-mcp;help;audit;show' {
            break
        }
        'tidal-mcp;help;metrics' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print or write the metrics (Prometheus text format by default)')
            break
        }
        'tidal-mcp;help;metrics;export' {
            break
        }
        'tidal-mcp;help;backup' {
            break
        }
        'tidal-mcp;help;verify-backups' {
            break
        }
        'tidal-mcp;help;restore' {
            break
        }
        'tidal-mcp;help;cleanup' {
            break
        }
        'tidal-mcp;help;export-user' {
            break
        }
        'tidal-mcp;help;delete-user' {
            break
        }
        'tidal-mcp;help;migrate' {
            break
        }
        'tidal-mcp;help;completions' {
            break
        }
        'tidal-mcp;help;man' {
            break
        }
        'tidal-mcp;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
