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
    &["env_vars", "failure"],
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

/// Issue 21: inside each top-level module, the files (`src/agent/admin.rs` is `agent::admin`)
/// import one another without a circle: every `super::x` and `crate::<module>::x` path is an
/// edge, and the graph has no cycle.
#[test]
fn issue21_no_module_imports_itself_round_a_circle() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        if parts.len() != 2 {
            continue;
        }
        let (top, me) = (&parts[0], &parts[1]);
        if me == "mod" || me == "tests" {
            continue;
        }
        let node = format!("{top}::{me}");
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let code = line.split("//").next().unwrap_or("");
            let own = format!("crate::{top}::");
            for prefix in ["super::", own.as_str()] {
                for (i, _) in code.match_indices(prefix) {
                    let to: String = code[i + prefix.len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let sibling = src.join(top).join(format!("{to}.rs"));
                    let folder = src.join(top).join(&to).join("mod.rs");
                    if !to.is_empty() && to != *me && (sibling.exists() || folder.exists()) {
                        graph
                            .entry(node.clone())
                            .or_default()
                            .insert(format!("{top}::{to}"));
                    }
                }
            }
        }
    }
    assert!(graph.len() > 10, "the scan found the code: {graph:?}");
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut c = path[at..].to_vec();
            c.push(n.to_string());
            cycles.push(c.join(" -> "));
            return;
        }
        if !done.insert(n.to_string()) {
            return;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            visit(m, graph, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        visit(n, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "{cycles:#?}");
}

/// Issue 21: small modules: no source file over 600 lines.
#[test]
fn issue21_no_source_file_is_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 600).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these: {long:#?}");
}

/// The functions in `text` (rustfmt's layout: a `fn` line and its closing brace at the same
/// indentation), with their first line and length.
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let head = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("async ")
            .starts_with("fn ");
        if !head || line.ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            let name = trimmed.split('(').next().unwrap_or(trimmed).to_string();
            out.push((name, i + 1, end + 1));
        }
    }
    out
}

/// Issue 21: the fake TIDAL is small handlers: no function in it (or in the contract check in
/// front of it) over 80 lines.
#[test]
fn issue21_the_fakes_functions_are_under_80_lines() {
    let common = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common");
    let mut files = vec![common.join("fake_official.rs"), common.join("oas.rs")];
    rust_files(&common.join("fake_tidal"), &mut files);
    let mut long = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (name, line, n) in function_lengths(&text) {
            if n >= 80 {
                long.push(format!("{}:{line} {name} ({n} lines)", f.display()));
            }
        }
    }
    assert!(files.len() >= 6, "the fake's files moved: {files:?}");
    assert!(long.is_empty(), "split these: {long:#?}");
}
