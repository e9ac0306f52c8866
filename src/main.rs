fn main() -> std::process::ExitCode {
    tidal_mcp::main_entry()
}
