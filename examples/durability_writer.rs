//! Test helper for the kill -9 harness (tests/agent.rs): writes numbered keys into the store,
//! flushing each before printing `ack N`. The test kills it at random points and checks that
//! every acknowledged key survives.

use std::io::Write;

fn main() {
    let dir = std::env::args().nth(1).expect("store dir");
    let start: u64 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let store = tidal_mcp::store::Store::open(std::path::Path::new(&dir)).expect("store opens");
    let mut out = std::io::stdout().lock();
    for n in start.. {
        store
            .users()
            .insert(n.to_be_bytes(), vec![7u8; 64])
            .expect("insert");
        store.flush().expect("flush");
        writeln!(out, "ack {n}").expect("stdout");
        out.flush().expect("flush stdout");
    }
}
