//! Issue 9: data flows one way (commands -> agent -> mcp/admin -> service -> tidal/store/vault).
//! Every `crate::<module>` reference in src/ must point to a module in a lower layer than the
//! module it is written in, so no import circle can come back. A new top-level module has to be
//! placed in `LAYERS` before it can be used. Run it alone with `cargo test --test tests layers`.

use std::collections::BTreeSet;
use std::path::Path;

/// Top-level modules, highest layer first; a module may only use modules of later rows.
const LAYERS: &[&[&str]] = &[
    &["commands"],
    &["cli", "output", "init_logging"],
    &["agent"],
    &["error", "mcp"],
    &["service"],
    &["tidal", "store"],
    &["vault", "config", "clock"],
    &["home"],
    &["fault"],
    &["env_vars"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|row| row.contains(&module))
}

/// The top-level module a source file belongs to (`src/agent/client.rs` -> `agent`).
fn owner(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every (from, to) pair of top-level modules that `crate::` paths in src/ join, comments
/// left out.
fn edges() -> BTreeSet<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        let from = owner(&src, &f);
        if from == "lib" || from == "main" {
            continue;
        }
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let to: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !to.is_empty() && to != from {
                    out.insert((from.clone(), to));
                }
            }
        }
    }
    out
}

#[test]
fn issue9_imports_only_go_down_the_layers() {
    let edges = edges();
    assert!(edges.len() > 10, "the scan found the code: {edges:?}");
    let mut wrong = Vec::new();
    for (from, to) in &edges {
        match (layer(from), layer(to)) {
            (Some(a), Some(b)) if a < b => {}
            (None, _) => wrong.push(format!("{from} is in no layer (add it to LAYERS)")),
            (_, None) => wrong.push(format!("{to} (used by {from}) is in no layer")),
            _ => wrong.push(format!("{from} uses {to}, which is not below it")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
