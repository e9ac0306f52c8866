//! Settings resolution: built-in defaults, then the TOML file, then `TIDAL_MCP_*` environment
//! variables, then command-line flags. Each leaf remembers where its value came from, so
//! `config show` can say so. Unknown keys and values of the wrong type are errors that name the
//! key and the file.

mod settings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use settings::*;
use toml::Value;

use crate::env_vars;
use crate::home::Home;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path} is not valid TOML: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("unknown config key `{key}` in {origin}")]
    UnknownKey { key: String, origin: String },
    #[error("config key `{key}` in {origin}: expected {expected}, found {found}")]
    WrongType {
        key: String,
        origin: String,
        expected: &'static str,
        found: String,
    },
    #[error("config key `{key}` in {origin}: {message}")]
    Invalid {
        key: String,
        origin: String,
        message: String,
    },
}

impl ConfigError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            ConfigError::Read { .. } => format!(
                "create the file, or point {} at an existing one",
                env_vars::CONFIG
            ),
            ConfigError::UnknownKey { .. } => {
                "see config/tidal-mcp.toml for every option, or run `tidal-mcp config show`".into()
            }
            _ => {
                "fix the value; `tidal-mcp config show` lists every option with its default".into()
            }
        })
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Default,
    File,
    Env,
    Flag,
}

/// Resolved settings plus where each leaf came from.
#[derive(Debug, Clone)]
pub struct Config {
    pub settings: Settings,
    pub home: Home,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
    /// Whether that file existed (a default path that is absent is fine).
    pub file_found: bool,
    pub sources: BTreeMap<String, Source>,
}

/// Overrides given on the command line.
#[derive(Debug, Default, Clone)]
pub struct FlagOverrides {
    pub config_file: Option<PathBuf>,
    pub values: Vec<(String, String)>,
}

/// The env name of an option: `tidal.api_url` -> `TIDAL_MCP_TIDAL__API_URL`.
pub fn env_name_for(key: &str) -> String {
    format!(
        "{}{}",
        env_vars::OPTION_PREFIX,
        key.replace('.', "__").to_uppercase()
    )
}

/// Documented short aliases (docs/design.md section 10) for some options.
const ALIASES: &[(&str, &str)] = &[
    ("tidal.api_url", env_vars::API_URL),
    ("tidal.auth_url", env_vars::AUTH_URL),
    ("tidal.client_id", env_vars::CLIENT_ID),
    ("tidal.client_secret", env_vars::CLIENT_SECRET),
];

/// Keys whose values are secrets and are masked when shown.
pub const SECRET_KEYS: &[&str] = &["tidal.client_secret"];

impl Config {
    /// Loads from the real process environment.
    pub fn load(flags: &FlagOverrides) -> Result<Config, anyhow::Error> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::load_with(flags, &env)
    }

    pub fn load_with(
        flags: &FlagOverrides,
        env: &BTreeMap<String, String>,
    ) -> Result<Config, anyhow::Error> {
        let mut home = Home::resolve(
            env.get(env_vars::HOME)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        )?;
        let explicit = flags.config_file.clone().or_else(|| {
            env.get(env_vars::CONFIG)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
        });
        let path = explicit
            .clone()
            .unwrap_or_else(|| home.default_config_file());

        let mut tree = Value::try_from(Settings::default())?;
        let mut sources = BTreeMap::new();
        leaves(&tree, "", &mut |k, _| {
            sources.insert(k.to_string(), Source::Default);
        });

        let file_found = path.exists();
        if file_found {
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
            let file: Value = toml::from_str(&text).map_err(|e| ConfigError::Parse {
                path: path.clone(),
                message: e.message().to_string(),
            })?;
            let origin = path.display().to_string();
            merge(&mut tree, &file, "", &origin, &mut sources, Source::File)?;
        } else if explicit.is_some() {
            return Err(ConfigError::Read {
                path: path.clone(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            }
            .into());
        }

        apply_env(&mut tree, env, &mut sources)?;
        for (key, raw) in &flags.values {
            set_leaf(
                &mut tree,
                key,
                raw,
                "the command line",
                &mut sources,
                Source::Flag,
            )?;
        }

        let settings: Settings =
            tree.try_into()
                .map_err(|e: toml::de::Error| ConfigError::Invalid {
                    key: "?".into(),
                    origin: path.display().to_string(),
                    message: e.message().to_string(),
                })?;
        validate(&settings, &path)?;
        if !settings.storage.base_dir.is_empty() && !env.contains_key(env_vars::HOME) {
            home = Home::under(PathBuf::from(&settings.storage.base_dir));
        }
        Ok(Config {
            settings,
            home,
            file: Some(path),
            file_found,
            sources,
        })
    }

    /// A digest of every setting the agent depends on, key by key (a short SHA-256 of each value,
    /// so no secret crosses the socket): a caller whose digest differs from the running
    /// agent's needs another agent. Left out are the caller's own settings: MCP visibility
    /// (per connection), the app credentials (per login, kept with the session) and how long
    /// the caller waits for an agent to start.
    pub fn agent_digest(&self) -> BTreeMap<String, String> {
        use sha2::Digest;
        const CALLER_KEYS: &[&str] = &[
            "tidal.client_id",
            "tidal.client_secret",
            "agent.start_timeout_secs",
        ];
        let tree = Value::try_from(&self.settings).expect("settings serialize");
        let mut out = BTreeMap::new();
        leaves(&tree, "", &mut |k, v| {
            if k.starts_with("mcp.") || CALLER_KEYS.contains(&k) {
                return;
            }
            let h = sha2::Sha256::digest(format!("{k}={v}").as_bytes());
            out.insert(k.to_string(), hex::encode(&h[..8]));
        });
        out
    }

    /// Every leaf as (key, value, source), secrets masked.
    pub fn entries(&self) -> Vec<(String, Value, Source)> {
        let tree = Value::try_from(&self.settings).expect("settings serialize");
        let mut out = Vec::new();
        leaves(&tree, "", &mut |k, v| {
            let masked = SECRET_KEYS.contains(&k) && !matches!(v, Value::String(s) if s.is_empty());
            let shown = if masked {
                Value::String("********".into())
            } else {
                v.clone()
            };
            let src = self.sources.get(k).cloned().unwrap_or(Source::Default);
            out.push((k.to_string(), shown, src));
        });
        out
    }
}

fn leaves(v: &Value, prefix: &str, f: &mut dyn FnMut(&str, &Value)) {
    match v {
        Value::Table(t) => {
            for (k, child) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(child, &key, f);
            }
        }
        other => f(prefix, other),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

/// Merges `over` into `base`, refusing keys `base` does not have and values of another type.
fn merge(
    base: &mut Value,
    over: &Value,
    prefix: &str,
    origin: &str,
    sources: &mut BTreeMap<String, Source>,
    source: Source,
) -> Result<(), ConfigError> {
    let (Value::Table(bt), Value::Table(ot)) = (&mut *base, over) else {
        unreachable!("merge is called on tables")
    };
    for (k, ov) in ot {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let Some(bv) = bt.get_mut(k) else {
            return Err(ConfigError::UnknownKey {
                key,
                origin: origin.into(),
            });
        };
        match (&*bv, ov) {
            (Value::Table(_), Value::Table(_)) => {
                merge(bv, ov, &key, origin, sources, source.clone())?
            }
            (b, o) if std::mem::discriminant(b) == std::mem::discriminant(o) => {
                if let (Value::Array(_), Value::Array(items)) = (b, o)
                    && let Some(bad) = items.iter().find(|i| !i.is_str())
                {
                    return Err(ConfigError::WrongType {
                        key,
                        origin: origin.into(),
                        expected: "a list of strings",
                        found: format!("a list holding {}", type_name(bad)),
                    });
                }
                *bv = ov.clone();
                sources.insert(key, source.clone());
            }
            (b, o) => {
                return Err(ConfigError::WrongType {
                    key,
                    origin: origin.into(),
                    expected: type_name(b),
                    found: type_name(o).into(),
                });
            }
        }
    }
    Ok(())
}

fn apply_env(
    tree: &mut Value,
    env: &BTreeMap<String, String>,
    sources: &mut BTreeMap<String, Source>,
) -> Result<(), ConfigError> {
    let mut keys = Vec::new();
    leaves(tree, "", &mut |k, _| keys.push(k.to_string()));
    for key in keys {
        let long = env_name_for(&key);
        let alias = ALIASES.iter().find(|(k, _)| *k == key).map(|(_, e)| *e);
        // The long form wins over the alias when both are set.
        let found = env
            .get(&long)
            .map(|v| (long.clone(), v))
            .or_else(|| alias.and_then(|a| env.get(a).map(|v| (a.to_string(), v))));
        if let Some((name, raw)) = found {
            set_leaf(
                tree,
                &key,
                raw,
                &format!("environment variable {name}"),
                sources,
                Source::Env,
            )?;
        }
    }
    Ok(())
}

/// Sets one leaf from text, parsed as the type the default has.
fn set_leaf(
    tree: &mut Value,
    key: &str,
    raw: &str,
    origin: &str,
    sources: &mut BTreeMap<String, Source>,
    source: Source,
) -> Result<(), ConfigError> {
    let mut cur = tree;
    for part in key.split('.') {
        cur = match cur {
            Value::Table(t) => t.get_mut(part),
            _ => None,
        }
        .ok_or_else(|| ConfigError::UnknownKey {
            key: key.into(),
            origin: origin.into(),
        })?;
    }
    let wrong = |expected| ConfigError::WrongType {
        key: key.into(),
        origin: origin.into(),
        expected,
        found: format!("`{raw}`"),
    };
    let new = match &*cur {
        Value::String(_) => Value::String(raw.to_string()),
        Value::Integer(_) => Value::Integer(raw.trim().parse().map_err(|_| wrong("an integer"))?),
        Value::Float(_) => Value::Float(raw.trim().parse().map_err(|_| wrong("a number"))?),
        Value::Boolean(_) => Value::Boolean(match raw.trim() {
            "true" | "1" | "yes" | "on" => true,
            "false" | "0" | "no" | "off" => false,
            _ => return Err(wrong("true or false")),
        }),
        Value::Array(_) => Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        ),
        _ => {
            return Err(ConfigError::UnknownKey {
                key: key.into(),
                origin: origin.into(),
            });
        }
    };
    *cur = new;
    sources.insert(key.to_string(), source);
    Ok(())
}

fn validate(s: &Settings, path: &Path) -> Result<(), ConfigError> {
    let origin = path.display().to_string();
    let invalid = |key: &str, message: &str| ConfigError::Invalid {
        key: key.into(),
        origin: origin.clone(),
        message: message.into(),
    };
    if !s.session.encryption {
        return Err(invalid(
            "session.encryption",
            "tokens are always encrypted; `false` is not supported",
        ));
    }
    for (key, url) in [
        ("tidal.api_url", &s.tidal.api_url),
        ("tidal.auth_url", &s.tidal.auth_url),
    ] {
        match url::Url::parse(url) {
            Ok(u) if u.scheme() == "https" || u.scheme() == "http" => {}
            _ => return Err(invalid(key, "must be an http(s) URL")),
        }
    }
    let positive = [
        (
            "tidal.upstream_per_second",
            s.tidal.upstream_per_second as u64,
        ),
        ("tidal.request_timeout_secs", s.tidal.request_timeout_secs),
        ("cache.l1.max_entries", s.cache.l1.max_entries as u64),
        (
            "rate_limits.escalation_factor",
            s.rate_limits.escalation_factor as u64,
        ),
        ("agent.start_timeout_secs", s.agent.start_timeout_secs),
    ];
    for (key, v) in positive {
        if v == 0 {
            return Err(invalid(key, "must be greater than 0"));
        }
    }
    if s.cache.invalidation != "tag" {
        return Err(invalid("cache.invalidation", "only `tag` is supported"));
    }
    const GROUPS: &[&str] = &[
        "auth",
        "catalog",
        "playlists",
        "favorites",
        "discovery",
        "preferences",
    ];
    if let Some(g) = s
        .mcp
        .hidden_groups
        .iter()
        .find(|g| !GROUPS.contains(&g.as_str()))
    {
        return Err(invalid(
            "mcp.hidden_groups",
            &format!("unknown group `{g}`; known: {}", GROUPS.join(", ")),
        ));
    }
    if s.http.bind.parse::<std::net::SocketAddr>().is_err() {
        return Err(invalid(
            "http.bind",
            "must be an address like 127.0.0.1:8765",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
