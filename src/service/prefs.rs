//! Per-user preferences (DESIGN section 8): a versioned, validated schema, sealed with the
//! user's key in the `preferences` tree, each change a new revision with the previous ones kept
//! (`preferences.max_backups`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::agent::state::AgentState;

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
    /// Preferred audio quality to mention in answers (LOW, HIGH, LOSSLESS, HI_RES_LOSSLESS).
    pub audio_quality: String,
    /// Language for prompts and messages (BCP 47, e.g. en, de).
    pub language: String,
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

#[derive(Default)]
pub struct Prefs;

fn rev_key(pseudonym: &str, rev: u32) -> Vec<u8> {
    let mut k = pseudonym.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(&rev.to_be_bytes());
    k
}

impl Prefs {
    fn latest(&self, state: &AgentState, user: &str) -> Option<(u32, Preferences)> {
        let p = state.service.pseudonym(state, user);
        let mut prefix = p.as_bytes().to_vec();
        prefix.push(0);
        let (k, v) = state.store.preferences.scan_prefix(&prefix).last()?.ok()?;
        let rev = u32::from_be_bytes(k[prefix.len()..].try_into().ok()?);
        let plain = state.service.open_for(state, user, &v)?;
        // A record of an older schema is read leniently and filled with defaults (migration).
        let mut value: Value = serde_json::from_slice(&plain).ok()?;
        if let Some(o) = value.as_object_mut() {
            o.insert("schema".into(), Value::from(SCHEMA));
            let known = serde_json::to_value(Preferences::default()).ok()?;
            o.retain(|k, _| known.get(k).is_some());
        }
        Some((rev, serde_json::from_value(value).ok()?))
    }

    pub fn get(&self, state: &AgentState, user: &str) -> Preferences {
        if !state.config.settings.preferences.enabled {
            return Preferences::default();
        }
        self.latest(state, user).map(|(_, p)| p).unwrap_or_default()
    }

    /// Applies `changes` (validated as a whole) and stores a new revision.
    pub fn set(
        &self,
        state: &AgentState,
        user: &str,
        changes: &Map<String, Value>,
    ) -> Result<Preferences, String> {
        let (rev, cur) = self
            .latest(state, user)
            .unwrap_or((0, Preferences::default()));
        let mut v = serde_json::to_value(&cur).map_err(|e| e.to_string())?;
        let strict = state.config.settings.preferences.strict_schema;
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
                return Err(format!(
                    "unknown preference `{k}`; known: {}",
                    known.join(", ")
                ));
            }
            v[k] = val.clone();
        }
        let next: Preferences =
            serde_json::from_value(v).map_err(|e| format!("bad preference value: {e}"))?;
        next.validate()?;
        self.write(state, user, rev + 1, &next)?;
        Ok(next)
    }

    pub fn reset(&self, state: &AgentState, user: &str) -> Result<Preferences, String> {
        let rev = self.latest(state, user).map(|(r, _)| r).unwrap_or(0);
        let d = Preferences::default();
        self.write(state, user, rev + 1, &d)?;
        Ok(d)
    }

    fn write(
        &self,
        state: &AgentState,
        user: &str,
        rev: u32,
        p: &Preferences,
    ) -> Result<(), String> {
        let pseudo = state.service.pseudonym(state, user);
        let sealed = state.service.seal_for(
            state,
            user,
            &serde_json::to_vec(p).map_err(|e| e.to_string())?,
        );
        let tree = &state.store.preferences;
        tree.insert(rev_key(&pseudo, rev), sealed)
            .map_err(|e| e.to_string())?;
        let keep = state.config.settings.preferences.max_backups + 1;
        if rev > keep {
            for old in 1..=(rev - keep) {
                let _ = tree.remove(rev_key(&pseudo, old));
            }
        }
        state.store.flush().map_err(|e| e.to_string())
    }
}
