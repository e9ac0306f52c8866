//! Per-user preferences (docs/design.md section 8): a versioned, validated schema, sealed with the
//! user's key in the `preferences` tree, each change a new revision with the previous ones kept
//! (`preferences.max_backups`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Service, ServiceError};

pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    /// Schema version of this record.
    pub schema: u32,
    /// Results per type when a search gives no limit (1-50).
    pub search_limit: u64,
    /// Leave explicit tracks and albums out of searches and recommendations.
    pub explicit_filter: bool,
    /// New playlists are public unless the call says otherwise.
    pub playlist_public: bool,
    /// Preferred audio quality (LOW, HIGH, LOSSLESS, HI_RES_LOSSLESS): the build_playlist
    /// prompt asks for tracks of that quality or better.
    pub audio_quality: String,
    /// Language the prompts ask the assistant to answer in (BCP 47, e.g. en, de).
    pub language: String,
    /// List items in tool answers carry every field (ISRC, popularity, audio quality, track
    /// number, link); by default they leave those out (`mcp::detail`).
    pub list_details: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            schema: SCHEMA,
            search_limit: 20,
            explicit_filter: false,
            playlist_public: false,
            audio_quality: "LOSSLESS".into(),
            language: "en".into(),
            list_details: false,
        }
    }
}

impl Preferences {
    fn validate(&self) -> Result<(), String> {
        if !(1..=50).contains(&self.search_limit) {
            return Err("search_limit must be between 1 and 50".into());
        }
        if !["LOW", "HIGH", "LOSSLESS", "HI_RES_LOSSLESS"].contains(&self.audio_quality.as_str()) {
            return Err("audio_quality must be LOW, HIGH, LOSSLESS or HI_RES_LOSSLESS".into());
        }
        if self.language.is_empty()
            || self.language.len() > 35
            || !self
                .language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err("language must be a language tag such as en or pt-BR".into());
        }
        Ok(())
    }
}

/// A revision's key in the `preferences` tree: pseudonym, 0, revision (big-endian).
fn rev_key(pseudonym: &str, rev: u32) -> Vec<u8> {
    let mut k = pseudonym.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(&rev.to_be_bytes());
    k
}

/// Preferences are kept per user in the store's `preferences` tree, sealed with the user's key.
impl Service {
    fn latest_preferences(&self, user: &str) -> Option<(u32, Preferences)> {
        let p = self.keys.pseudonym(user);
        let mut prefix = p.as_bytes().to_vec();
        prefix.push(0);
        let (k, v) = self.store.preferences().scan_prefix(&prefix).last()?.ok()?;
        let rev = u32::from_be_bytes(k[prefix.len()..].try_into().ok()?);
        let plain = self.keys.open_for(user, &v)?;
        // A record of an older schema is read leniently and filled with defaults (migration).
        let mut value: Value = serde_json::from_slice(&plain).ok()?;
        if let Some(o) = value.as_object_mut() {
            o.insert("schema".into(), Value::from(SCHEMA));
            let known = serde_json::to_value(Preferences::default()).ok()?;
            o.retain(|k, _| known.get(k).is_some());
        }
        Some((rev, serde_json::from_value(value).ok()?))
    }

    pub fn preferences(&self, user: &str) -> Preferences {
        if !self.settings.preferences.enabled {
            return Preferences::default();
        }
        self.latest_preferences(user)
            .map(|(_, p)| p)
            .unwrap_or_default()
    }

    /// The active user's change from an assistant (`set_preferences`): audited as a local
    /// change first, then applied.
    pub fn change_preferences(
        &self,
        changes: &Map<String, Value>,
    ) -> Result<Preferences, ServiceError> {
        let user = self.active_user()?;
        if changes.is_empty() {
            return Err(ServiceError::Invalid(
                "changes is empty: name at least one preference to change".into(),
            ));
        }
        let keys: Vec<&String> = changes.keys().collect();
        self.audit_local("set_preferences", serde_json::json!({"keys": keys}))?;
        self.set_preferences(&user, changes)
    }

    /// Applies `changes` (validated as a whole) and stores a new revision.
    pub fn set_preferences(
        &self,
        user: &str,
        changes: &Map<String, Value>,
    ) -> Result<Preferences, ServiceError> {
        let _one_at_a_time = self.prefs_lock.lock().unwrap_or_else(|p| p.into_inner());
        let (rev, cur) = self
            .latest_preferences(user)
            .unwrap_or((0, Preferences::default()));
        let mut v = serde_json::to_value(&cur).map_err(|e| ServiceError::Storage(e.to_string()))?;
        let strict = self.settings.preferences.strict_schema;
        for (k, val) in changes {
            if !strict && (k == "schema" || v.get(k).is_none()) {
                tracing::warn!(
                    "ignoring unknown preference `{k}` (preferences.strict_schema = false)"
                );
                continue;
            }
            if k == "schema" || v.get(k).is_none() {
                let known: Vec<String> = v
                    .as_object()
                    .map(|o| o.keys().filter(|k| *k != "schema").cloned().collect())
                    .unwrap_or_default();
                return Err(ServiceError::Invalid(format!(
                    "unknown preference `{k}`; known: {}",
                    known.join(", ")
                )));
            }
            // Closed sets are matched in any case (`lossless` is LOSSLESS).
            v[k] = match (k.as_str(), val) {
                ("audio_quality", Value::String(q)) => Value::String(q.trim().to_ascii_uppercase()),
                _ => val.clone(),
            };
        }
        let next: Preferences = serde_json::from_value(v)
            .map_err(|e| ServiceError::Invalid(format!("bad preference value: {e}")))?;
        next.validate().map_err(ServiceError::Invalid)?;
        self.write_preferences(user, rev + 1, &next)?;
        Ok(next)
    }

    /// Stores the defaults as the first revision when the user has none; whether it did.
    pub fn ensure_preferences(&self, user: &str) -> Result<bool, ServiceError> {
        let _one_at_a_time = self.prefs_lock.lock().unwrap_or_else(|p| p.into_inner());
        if self.latest_preferences(user).is_some() {
            return Ok(false);
        }
        self.write_preferences(user, 1, &Preferences::default())?;
        Ok(true)
    }

    pub fn reset_preferences(&self, user: &str) -> Result<Preferences, ServiceError> {
        let _one_at_a_time = self.prefs_lock.lock().unwrap_or_else(|p| p.into_inner());
        let rev = self.latest_preferences(user).map(|(r, _)| r).unwrap_or(0);
        let d = Preferences::default();
        self.write_preferences(user, rev + 1, &d)?;
        Ok(d)
    }

    fn write_preferences(&self, user: &str, rev: u32, p: &Preferences) -> Result<(), ServiceError> {
        let pseudo = self.keys.pseudonym(user);
        let plain = serde_json::to_vec(p).map_err(|e| ServiceError::Storage(e.to_string()))?;
        let sealed = self.keys.seal_for(user, &plain);
        let tree = &self.store.preferences();
        tree.insert(rev_key(&pseudo, rev), sealed)
            .map_err(|e| self.store.err(e))?;
        let keep = self.settings.preferences.max_backups + 1;
        if rev > keep {
            for old in 1..=(rev - keep) {
                let _ = tree.remove(rev_key(&pseudo, old));
            }
        }
        Ok(self.store.flush()?)
    }
}
