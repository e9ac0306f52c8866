//! The agent: the one process per data home that owns all state (docs/design.md section 2). `server`
//! runs it, `client` connects to it (starting it on demand), `protocol` is the framing between
//! them, `admin` routes the CLI's requests, `lock` keeps it single, `state` is what it owns.

pub mod admin;
pub mod backup;
pub mod client;
pub mod erasure;
mod gdpr;
pub mod health;
mod import;
mod listen;
pub mod lock;
mod login;
mod maintenance;
mod metrics;
pub mod offline;
pub mod protocol;
pub mod recovery;
pub mod server;
pub mod set_aside;
pub mod state;
