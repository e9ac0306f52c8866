//! Counters and histograms in memory, rendered as Prometheus text format 0.0.4 (`tidal_mcp_`
//! prefix, base units, `_total` counters, one HELP/TYPE per family, no user ids in labels) or
//! JSON, plus the standard process metrics read from /proc. Snapshots are kept in the `metrics`
//! tree as time buckets, pruned by retention.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use serde_json::{Value, json};

/// Histogram bucket bounds in seconds.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

type Labels = Vec<(&'static str, String)>;

#[derive(Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

struct Family {
    help: &'static str,
    kind: &'static str,
    counters: BTreeMap<Labels, f64>,
    histograms: BTreeMap<Labels, Histogram>,
}

pub struct Metrics {
    enabled: bool,
    families: Mutex<BTreeMap<&'static str, Family>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new(true)
    }
}

impl Metrics {
    /// A disabled registry records nothing (`metrics.enabled = false`).
    pub fn new(enabled: bool) -> Metrics {
        Metrics {
            enabled,
            families: Mutex::new(BTreeMap::new()),
        }
    }

    /// Runs `f` on the family `name`, creating it with `help` and `kind` on first use.
    fn with_family(
        &self,
        name: &'static str,
        help: &'static str,
        kind: &'static str,
        f: impl FnOnce(&mut Family),
    ) {
        if !self.enabled {
            return;
        }
        let mut families = self.families.lock().unwrap_or_else(|p| p.into_inner());
        let fam = families.entry(name).or_insert_with(|| Family {
            help,
            kind,
            counters: BTreeMap::new(),
            histograms: BTreeMap::new(),
        });
        f(fam);
    }

    pub fn inc(&self, name: &'static str, help: &'static str, labels: Labels, by: f64) {
        self.with_family(name, help, "counter", |fam| {
            *fam.counters.entry(labels).or_insert(0.0) += by
        });
    }

    pub fn set(&self, name: &'static str, help: &'static str, labels: Labels, v: f64) {
        self.with_family(name, help, "gauge", |fam| {
            fam.counters.insert(labels, v);
        });
    }

    /// Sets a counter from a running total kept elsewhere (it only grows).
    pub fn set_counter(&self, name: &'static str, help: &'static str, labels: Labels, v: f64) {
        self.with_family(name, help, "counter", |fam| {
            fam.counters.insert(labels, v);
        });
    }

    pub fn observe(&self, name: &'static str, help: &'static str, labels: Labels, seconds: f64) {
        self.with_family(name, help, "histogram", |fam| {
            let h = fam.histograms.entry(labels).or_insert_with(|| Histogram {
                counts: vec![0; BUCKETS.len()],
                ..Default::default()
            });
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    h.counts[i] += 1;
                }
            }
            h.sum += seconds;
            h.count += 1;
        });
    }

    pub fn prometheus(&self, extra: &[(&'static str, &'static str, &'static str, f64)]) -> String {
        let mut out = String::new();
        let f = self.families.lock().unwrap_or_else(|p| p.into_inner());
        for (name, fam) in f.iter() {
            let _ = writeln!(out, "# HELP {name} {}", fam.help);
            let _ = writeln!(out, "# TYPE {name} {}", fam.kind);
            for (labels, v) in &fam.counters {
                let _ = writeln!(out, "{name}{} {}", render_labels(labels, None), num(*v));
            }
            for (labels, h) in &fam.histograms {
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "{name}_bucket{} {}",
                        render_labels(labels, Some(&num(*b))),
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "{name}_bucket{} {}",
                    render_labels(labels, Some("+Inf")),
                    h.count
                );
                let _ = writeln!(
                    out,
                    "{name}_sum{} {}",
                    render_labels(labels, None),
                    num(h.sum)
                );
                let _ = writeln!(
                    out,
                    "{name}_count{} {}",
                    render_labels(labels, None),
                    h.count
                );
            }
        }
        for (name, kind, help, v) in extra {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            let _ = writeln!(out, "{name} {}", num(*v));
        }
        out
    }

    pub fn json(&self) -> Value {
        let f = self.families.lock().unwrap_or_else(|p| p.into_inner());
        let mut m = serde_json::Map::new();
        for (name, fam) in f.iter() {
            let series: Vec<Value> = fam
                .counters
                .iter()
                .map(|(l, v)| json!({"labels": labels_json(l), "value": v}))
                .chain(fam.histograms.iter().map(
                    |(l, h)| json!({"labels": labels_json(l), "count": h.count, "sum": h.sum}),
                ))
                .collect();
            m.insert(
                name.to_string(),
                json!({"type": fam.kind, "help": fam.help, "series": series}),
            );
        }
        Value::Object(m)
    }
}

fn labels_json(l: &Labels) -> Value {
    Value::Object(
        l.iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.clone())))
            .collect(),
    )
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn render_labels(l: &Labels, le: Option<&str>) -> String {
    let mut parts: Vec<String> = l
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
        .collect();
    if let Some(le) = le {
        parts.push(format!("le=\"{le}\""));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", parts.join(","))
    }
}

/// Process metrics from /proc: (cpu seconds, resident bytes, open fds, start time unix s).
pub fn process_metrics() -> [(&'static str, &'static str, &'static str, f64); 4] {
    let ticks = 100.0;
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let f = |i: usize| {
        fields
            .get(i)
            .and_then(|x| x.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let cpu = (f(11) + f(12)) / ticks;
    let rss_pages = f(21);
    let page = 4096.0;
    let fds = std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count() as f64)
        .unwrap_or(0.0);
    let boot = std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("btime"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|x| x.parse::<f64>().ok())
        })
        .unwrap_or(0.0);
    let start = boot + f(19) / ticks;
    [
        (
            "process_cpu_seconds_total",
            "counter",
            "Total user and system CPU time spent in seconds.",
            cpu,
        ),
        (
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
            rss_pages * page,
        ),
        (
            "process_open_fds",
            "gauge",
            "Number of open file descriptors.",
            fds,
        ),
        (
            "process_start_time_seconds",
            "gauge",
            "Start time of the process since unix epoch in seconds.",
            start,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_inf_equals_count_and_one_help_per_family() {
        let m = Metrics::default();
        m.inc(
            "tidal_mcp_tool_calls_total",
            "Tool calls.",
            vec![("tool", "search".into()), ("outcome", "ok".into())],
            1.0,
        );
        m.inc(
            "tidal_mcp_tool_calls_total",
            "Tool calls.",
            vec![("tool", "get_track".into()), ("outcome", "ok".into())],
            1.0,
        );
        m.observe(
            "tidal_mcp_tool_duration_seconds",
            "Tool latency.",
            vec![("tool", "search".into())],
            0.003,
        );
        m.observe(
            "tidal_mcp_tool_duration_seconds",
            "Tool latency.",
            vec![("tool", "search".into())],
            20.0,
        );
        let text = m.prometheus(&[]);
        assert_eq!(text.matches("# HELP tidal_mcp_tool_calls_total").count(), 1);
        assert!(
            text.contains("tidal_mcp_tool_duration_seconds_bucket{tool=\"search\",le=\"+Inf\"} 2")
        );
        assert!(text.contains("tidal_mcp_tool_duration_seconds_count{tool=\"search\"} 2"));
        assert!(text.contains("le=\"0.005\"} 1"));
    }
}
