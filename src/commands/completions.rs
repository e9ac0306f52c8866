//! `tidal-mcp completions <shell>`: a completion script on stdout.

use crate::cli::CompletionsArgs;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: CompletionsArgs, printer: Printer) -> anyhow::Result<ExitStatus> {
    printer.data(&script(args.shell));
    Ok(ExitStatus::Success)
}

pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "tidal-mcp", &mut buf);
    String::from_utf8(buf).expect("completion scripts are UTF-8")
}
