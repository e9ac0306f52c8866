//! The earlier (Python) design's YAML storage configuration, converted into `config.toml` for
//! `tidal-mcp migrate` (docs/reference/legacy-design.md lists its options). Each option is
//! matched by its section and name, with the old spellings (`caching`, `*_seconds`,
//! `encryption_enabled`, `tag_based`, ...) mapped to ours; whatever has no counterpart is named,
//! not guessed. The result is checked by reading it as our settings.

use serde_json::Value;

use super::Settings;

#[derive(Debug)]
pub struct Conversion {
    /// The new file's text.
    pub toml: String,
    /// (legacy option, our option) for every option carried over.
    pub mapped: Vec<(String, String)>,
    /// Legacy options with no counterpart.
    pub unmapped: Vec<String>,
}

/// Section names that changed.
const SECTIONS: &[(&str, &str)] = &[("caching", "cache"), ("rate_limiting", "rate_limits")];

/// Option names that changed, by their last segment.
const NAMES: &[(&str, &str)] = &[
    ("encryption_enabled", "encryption"),
    ("ttl", "ttl_secs"),
    ("ttl_seconds", "ttl_secs"),
    ("invalidation_strategy", "invalidation"),
    ("cleanup_interval", "cleanup_interval_secs"),
    ("cleanup_interval_seconds", "cleanup_interval_secs"),
    ("penalty_max", "penalty_max_secs"),
    ("penalty_max_seconds", "penalty_max_secs"),
    ("max_log_size_mb", "max_size_mb"),
    ("gdpr_compliance", "gdpr"),
    ("collection_interval", "collection_interval_secs"),
    ("collection_interval_seconds", "collection_interval_secs"),
    ("aggregation_interval", "aggregation_interval_secs"),
    ("aggregation_interval_seconds", "aggregation_interval_secs"),
    ("prometheus_export", "prometheus"),
    ("migration_support", "migrations"),
    ("base_path", "base_dir"),
    ("base_directory", "base_dir"),
    ("daily_cleanup", "daily"),
    ("retention", "retention_days"),
];

/// Options that moved to another section.
const MOVED: &[(&str, &str)] = &[
    ("cleanup.storage_size_alert_mb", "storage.size_alert_mb"),
    ("cleanup.size_alert_mb", "storage.size_alert_mb"),
    ("session.key_rotation", "session.key_rotation_days"),
];

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for (k, inner) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, inner, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

/// Our dotted option names, from the defaults.
fn known_keys() -> Vec<String> {
    let v = serde_json::to_value(Settings::default()).expect("settings serialize");
    let mut out = Vec::new();
    flatten("", &v, &mut out);
    out.into_iter().map(|(k, _)| k).collect()
}

fn ours(legacy: &str, known: &[String]) -> Option<String> {
    if let Some((_, to)) = MOVED.iter().find(|(from, _)| *from == legacy) {
        return Some(to.to_string());
    }
    let mut parts: Vec<String> = legacy.split('.').map(str::to_string).collect();
    if let Some(first) = parts.first_mut()
        && let Some((_, to)) = SECTIONS.iter().find(|(from, _)| from == first)
    {
        *first = to.to_string();
    }
    let candidate = parts.join(".");
    if known.contains(&candidate) {
        return Some(candidate);
    }
    let last = parts.last_mut()?;
    let (_, renamed) = NAMES.iter().find(|(from, _)| from == last)?;
    *last = renamed.to_string();
    let candidate = parts.join(".");
    known.contains(&candidate).then_some(candidate)
}

fn value_for(key: &str, v: Value) -> Value {
    match (key, v) {
        ("cache.invalidation", Value::String(s)) if s.starts_with("tag") => "tag".into(),
        ("storage.base_dir", Value::String(s)) => {
            match (s.strip_prefix("~/"), std::env::var("HOME")) {
                (Some(rest), Ok(home)) => Value::String(format!("{home}/{rest}")),
                _ => Value::String(s),
            }
        }
        (_, v) => v,
    }
}

/// Converts the YAML text; an error says what is wrong with it.
pub fn convert(yaml: &str, source: &str) -> Result<Conversion, String> {
    let doc: Value =
        serde_yaml_ng::from_str(yaml).map_err(|e| format!("not readable YAML: {e}"))?;
    if !doc.is_object() {
        return Err("expected a mapping of sections at the top".into());
    }
    let mut flat = Vec::new();
    flatten("", &doc, &mut flat);
    let known = known_keys();
    let mut table = toml::Table::new();
    let mut mapped = Vec::new();
    let mut unmapped = Vec::new();
    for (legacy, v) in flat {
        let Some(key) = ours(&legacy, &known) else {
            unmapped.push(legacy);
            continue;
        };
        let v = value_for(&key, v);
        let tv: toml::Value = match serde_json::from_value(v.clone()) {
            Ok(tv) => tv,
            Err(_) => {
                unmapped.push(format!("{legacy} (value {v} has no TOML form)"));
                continue;
            }
        };
        let mut at = &mut table;
        let segments: Vec<&str> = key.split('.').collect();
        for seg in &segments[..segments.len() - 1] {
            at = at
                .entry(seg.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                .as_table_mut()
                .expect("sections are tables");
        }
        at.insert(segments[segments.len() - 1].to_string(), tv);
        mapped.push((legacy, key));
    }
    let body = toml::to_string(&table).map_err(|e| e.to_string())?;
    toml::from_str::<Settings>(&body)
        .map_err(|e| format!("a converted value is out of range: {e}"))?;
    let mut text = format!(
        "# Converted by `tidal-mcp migrate` from {source}.\n# Every other option keeps its default: `tidal-mcp config example` lists them all.\n"
    );
    if !unmapped.is_empty() {
        text.push_str("# Not converted (no counterpart): ");
        text.push_str(&unmapped.join(", "));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&body);
    Ok(Conversion {
        toml: text,
        mapped,
        unmapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_legacy_option_maps_and_the_rest_is_named() {
        let yaml = r#"
session:
  encryption_enabled: true
  key_rotation_days: 30
  backup_enabled: true
  backup_retention_days: 14
  max_backups: 3
caching:
  l1: {enabled: true, max_entries: 2000, ttl_seconds: 120}
  l2: {enabled: true, max_size_mb: 250, ttl: 7200, compression: false}
  invalidation_strategy: tag_based
  cleanup_interval: 600
rate_limits:
  api_calls: {per_minute: 50, per_hour: 500, burst: 10}
  auth_attempts: {per_15_minutes: 3, burst: 0}
  penalty_max: 1800
  escalation_factor: 3
audit: {enabled: true, retention_days: 30, max_log_size_mb: 50, gdpr_compliance: true}
metrics: {collection_interval: 30, prometheus_export: true}
preferences: {migration_support: true, strict_schema: false}
cleanup: {daily_cleanup: true, weekly_deep_clean: false, storage_size_alert_mb: 2000}
monitoring: {sentry_dsn: "x"}
"#;
        let c = convert(yaml, "config.yaml").unwrap();
        let s: Settings = toml::from_str(&c.toml).unwrap();
        assert_eq!(s.session.key_rotation_days, 30);
        assert_eq!(s.cache.l1.max_entries, 2000);
        assert_eq!(s.cache.l1.ttl_secs, 120);
        assert_eq!(s.cache.l2.ttl_secs, 7200);
        assert!(!s.cache.l2.compression);
        assert_eq!(s.cache.invalidation, "tag");
        assert_eq!(s.cache.cleanup_interval_secs, 600);
        assert_eq!(s.rate_limits.api_calls.per_minute, 50);
        assert_eq!(s.rate_limits.penalty_max_secs, 1800);
        assert_eq!(s.audit.max_size_mb, 50);
        assert_eq!(s.metrics.collection_interval_secs, 30);
        assert!(!s.preferences.strict_schema);
        assert!(!s.cleanup.weekly_deep_clean);
        assert_eq!(s.storage.size_alert_mb, 2000);
        assert_eq!(c.unmapped, vec!["monitoring.sentry_dsn".to_string()]);
        assert!(
            c.toml
                .contains("Not converted (no counterpart): monitoring.sentry_dsn")
        );
    }

    #[test]
    fn bad_yaml_and_bad_values_are_refused() {
        assert!(convert("session: [", "x").is_err());
        assert!(convert("- a\n- b\n", "x").is_err());
        assert!(
            convert("caching:\n  l1:\n    max_entries: lots\n", "x")
                .unwrap_err()
                .contains("out of range")
        );
    }
}
