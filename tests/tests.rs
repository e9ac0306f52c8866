//! Integration tests, one binary: each test gets its own TIDAL_MCP_HOME and fake TIDAL server.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

#[path = "suite/agent.rs"]
mod agent;
#[path = "suite/artists.rs"]
mod artists;
#[path = "suite/auth.rs"]
mod auth;
#[path = "suite/catalog_more.rs"]
mod catalog_more;
#[path = "suite/cli.rs"]
mod cli;
#[path = "suite/clients.rs"]
mod clients;
#[path = "suite/crashes.rs"]
mod crashes;
#[path = "suite/first_use.rs"]
mod first_use;
#[path = "suite/footprint.rs"]
mod footprint;
#[path = "suite/hostile.rs"]
mod hostile;
#[path = "suite/import.rs"]
mod import;
#[path = "suite/inprocess.rs"]
mod inprocess;
#[path = "suite/layers.rs"]
mod layers;
#[path = "suite/library.rs"]
mod library;
#[path = "suite/login.rs"]
mod login;
#[path = "suite/mcp.rs"]
mod mcp;
#[path = "suite/official.rs"]
mod official;
#[path = "suite/operations.rs"]
mod operations;
#[path = "suite/pkce.rs"]
mod pkce;
#[path = "suite/protocol.rs"]
mod protocol;
#[path = "suite/releases.rs"]
mod releases;
#[path = "suite/service.rs"]
mod service;
#[path = "suite/tasks.rs"]
mod tasks;
#[path = "suite/tidalapi_oracle.rs"]
mod tidalapi_oracle;
#[path = "suite/tool_results.rs"]
mod tool_results;
#[path = "suite/toolsets.rs"]
mod toolsets;
#[path = "suite/whole.rs"]
mod whole;
