//! Settings resolution: built-in defaults, then the TOML file, then `TIDAL_MCP_*` environment
//! variables, then command-line flags. Each leaf remembers where its value came from, so
//! `config show` can say so. Unknown keys (in the file or as `TIDAL_MCP_*` variables) and values
//! of the wrong type or out of range are errors that name the key, where the value came from (the
//! file with line and column, the variable, or `--set`), and what is allowed.

pub mod legacy;
mod settings;
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;

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
    #[error("config file {path} is not valid TOML at line {line}, column {column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unknown config key `{key}` in {origin}")]
    UnknownKey {
        key: String,
        origin: String,
        /// The closest known key, when one is close.
        suggestion: Option<String>,
    },
    #[error("unknown environment variable {name}")]
    UnknownVariable {
        name: String,
        suggestion: Option<String>,
    },
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
        const EXAMPLE: &str =
            "`tidal-mcp config example` prints every option with its default and meaning";
        Some(match self {
            ConfigError::Read { .. } => format!(
                "create the file, or point {} at an existing one",
                env_vars::CONFIG
            ),
            ConfigError::UnknownKey {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`? {EXAMPLE}"),
            ConfigError::UnknownVariable {
                suggestion: Some(s),
                ..
            } => format!("did you mean {s}? {EXAMPLE}"),
            ConfigError::UnknownVariable { .. } => format!(
                "options are set as TIDAL_MCP_<SECTION>__<KEY>, e.g. TIDAL_MCP_CACHE__L1__MAX_ENTRIES; {EXAMPLE}"
            ),
            ConfigError::Parse { .. } => format!("fix the TOML syntax there; {EXAMPLE}"),
            _ => format!("fix the value; {EXAMPLE}"),
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

/// Where each leaf's value came from: the kind (for `config show`) and the place, in words.
#[derive(Default)]
struct Provenance {
    sources: BTreeMap<String, Source>,
    origins: BTreeMap<String, String>,
}

impl Provenance {
    fn set(&mut self, key: &str, source: Source, origin: &str) {
        self.sources.insert(key.to_string(), source);
        self.origins.insert(key.to_string(), origin.to_string());
    }

    fn origin_of(&self, key: &str) -> String {
        self.origins
            .get(key)
            .cloned()
            .unwrap_or_else(|| "the built-in defaults".into())
    }
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
    /// The `--set key=value` pairs as given, for an agent this process starts: it must read
    /// the same settings, and takes them as the environment variables they stand for.
    pub flags: Vec<(String, String)>,
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
    ("tidal.login_url", env_vars::LOGIN_URL),
    ("tidal.openapi_url", env_vars::OPENAPI_URL),
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

        let defaults = Value::try_from(Settings::default())?;
        let mut tree = defaults.clone();
        let mut prov = Provenance::default();
        leaves(&tree, "", &mut |k, _| {
            prov.sources.insert(k.to_string(), Source::Default);
        });

        let file_found = path.exists();
        if file_found {
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
            let file: Value = toml::from_str(&text).map_err(|e| {
                let (line, column) = line_col(&text, e.span().map(|s| s.start).unwrap_or(0));
                ConfigError::Parse {
                    path: path.clone(),
                    line,
                    column,
                    message: e.message().trim().to_string(),
                }
            })?;
            let places = key_places(&text);
            let origin = |key: &str| match places.get(key) {
                Some((l, c)) => format!("{} line {l}, column {c}", path.display()),
                None => path.display().to_string(),
            };
            merge(&mut tree, &file, "", &origin, &mut prov)?;
        } else if explicit.is_some() {
            return Err(ConfigError::Read {
                path: path.clone(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            }
            .into());
        }

        apply_env(&mut tree, env, &mut prov)?;
        for (key, raw) in &flags.values {
            let origin = format!("--set {key}={raw}");
            set_leaf(&mut tree, key, raw, &origin, &mut prov, Source::Flag)?;
        }

        let settings: Settings = match tree.clone().try_into() {
            Ok(s) => s,
            Err(e) => return Err(culprit(&defaults, &tree, &prov, &e).into()),
        };
        validate::validate(&settings, &prov)?;
        if !settings.storage.base_dir.is_empty() && !env.contains_key(env_vars::HOME) {
            home = Home::under(PathBuf::from(&settings.storage.base_dir));
        }
        Ok(Config {
            settings,
            home,
            file: Some(path),
            file_found,
            sources: prov.sources,
            flags: flags.values.clone(),
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
    origin: &dyn Fn(&str) -> String,
    prov: &mut Provenance,
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
            let known: Vec<String> = bt
                .keys()
                .map(|n| {
                    if prefix.is_empty() {
                        n.clone()
                    } else {
                        format!("{prefix}.{n}")
                    }
                })
                .collect();
            return Err(ConfigError::UnknownKey {
                suggestion: closest(&key, known.iter().map(String::as_str)),
                origin: origin(&key),
                key,
            });
        };
        match (&*bv, ov) {
            (Value::Table(_), Value::Table(_)) => merge(bv, ov, &key, origin, prov)?,
            (b, o) if std::mem::discriminant(b) == std::mem::discriminant(o) => {
                if let (Value::Array(_), Value::Array(items)) = (b, o)
                    && let Some(bad) = items.iter().find(|i| !i.is_str())
                {
                    return Err(ConfigError::WrongType {
                        origin: origin(&key),
                        key,
                        expected: "a list of strings",
                        found: format!("a list holding {}", type_name(bad)),
                    });
                }
                *bv = ov.clone();
                prov.set(&key, Source::File, &origin(&key));
            }
            (b, o) => {
                return Err(ConfigError::WrongType {
                    origin: origin(&key),
                    key,
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
    prov: &mut Provenance,
) -> Result<(), ConfigError> {
    let mut keys = Vec::new();
    leaves(tree, "", &mut |k, _| keys.push(k.to_string()));
    // A TIDAL_MCP_ variable that names no option and is not one of ours is a typo.
    let mut known: Vec<String> = keys.iter().map(|k| env_name_for(k)).collect();
    known.extend(env_vars::ALL.iter().map(|s| s.to_string()));
    known.extend(ALIASES.iter().map(|(_, e)| e.to_string()));
    if let Some(name) = env
        .keys()
        .find(|n| n.starts_with(env_vars::OPTION_PREFIX) && !known.contains(n))
    {
        return Err(ConfigError::UnknownVariable {
            suggestion: closest(name, known.iter().map(String::as_str)),
            name: name.clone(),
        });
    }
    for key in keys {
        let long = env_name_for(&key);
        let alias = ALIASES.iter().find(|(k, _)| *k == key).map(|(_, e)| *e);
        // The long form wins over the alias when both are set.
        let found = env
            .get(&long)
            .map(|v| (long.clone(), v))
            .or_else(|| alias.and_then(|a| env.get(a).map(|v| (a.to_string(), v))));
        if let Some((name, raw)) = found {
            let origin = format!("environment variable {name}");
            set_leaf(tree, &key, raw, &origin, prov, Source::Env)?;
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
    prov: &mut Provenance,
    source: Source,
) -> Result<(), ConfigError> {
    let mut all = Vec::new();
    leaves(tree, "", &mut |k, _| all.push(k.to_string()));
    let unknown = || ConfigError::UnknownKey {
        key: key.into(),
        origin: origin.into(),
        suggestion: closest(key, all.iter().map(String::as_str)),
    };
    let mut cur = tree;
    for part in key.split('.') {
        cur = match cur {
            Value::Table(t) => t.get_mut(part),
            _ => None,
        }
        .ok_or_else(unknown)?;
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
        _ => return Err(unknown()),
    };
    *cur = new;
    prov.set(key, source, origin);
    Ok(())
}

/// The closest of `known` to `given`, when it is close enough to be a likely typo.
fn closest<'a>(given: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    known
        .map(|k| (strsim::levenshtein(given, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.to_string())
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    (line, column)
}

/// Line and column of every key in a TOML text, by dotted key.
fn key_places(text: &str) -> BTreeMap<String, (usize, usize)> {
    fn walk(
        t: &toml::de::DeTable<'_>,
        prefix: &str,
        text: &str,
        out: &mut BTreeMap<String, (usize, usize)>,
    ) {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            out.entry(key.clone())
                .or_insert_with(|| line_col(text, k.span().start));
            if let toml::de::DeValue::Table(inner) = v.get_ref() {
                walk(inner, &key, text, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Ok(t) = toml::de::DeTable::parse(text) {
        walk(t.get_ref(), "", text, &mut out);
    }
    out
}

/// The leaf whose value the settings type refuses (a negative count, a number too large),
/// found by trying each value that is not a default on its own, in words.
fn culprit(
    defaults: &Value,
    tree: &Value,
    prov: &Provenance,
    err: &toml::de::Error,
) -> ConfigError {
    let mut changed = Vec::new();
    leaves(tree, "", &mut |k, v| {
        changed.push((k.to_string(), v.clone()))
    });
    for (key, value) in changed {
        if prov.sources.get(&key) == Some(&Source::Default) {
            continue;
        }
        let mut probe = defaults.clone();
        let mut cur = &mut probe;
        for part in key.split('.') {
            cur = match cur {
                Value::Table(t) => t.get_mut(part).expect("a key of the defaults"),
                _ => unreachable!("leaves are under tables"),
            };
        }
        *cur = value.clone();
        if let Err(e) = probe.try_into::<Settings>() {
            return ConfigError::Invalid {
                origin: prov.origin_of(&key),
                message: in_words(e.message(), &value),
                key,
            };
        }
    }
    ConfigError::Invalid {
        key: "(settings)".into(),
        origin: "the configuration".into(),
        message: err.message().to_string(),
    }
}

/// serde's "invalid value: integer `-5`, expected u32" as a person would say it.
fn in_words(message: &str, value: &Value) -> String {
    let range = [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number, 0 or more"),
        ("usize", "a whole number, 0 or more"),
        ("i32", "a whole number from -2147483648 to 2147483647"),
        ("i64", "a whole number"),
        ("f64", "a number"),
    ];
    match range
        .iter()
        .find(|(t, _)| message.trim_end().ends_with(&format!("expected {t}")))
    {
        Some((_, words)) => format!("expected {words}, found {value}"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests;
