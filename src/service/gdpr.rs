//! What the store and the vault hold about one person, for their GDPR requests: a whole export
//! (Art. 15 and 20: every tree, sealed values opened, never a token) and an erasure (Art. 17:
//! their session and data key in every vault generation, their profile, preferences, limits and
//! cache entries; audit entries stay, pseudonymous, their sealed details unreadable without the
//! key). Compacting the store afterwards, so removed values leave the disk, is the caller's part.

use base64::Engine;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Service, ServiceError, audit::Entry, cache};

/// Version of the export document's layout.
pub const EXPORT_SCHEMA: u32 = 1;

/// What an erasure removed, by place.
#[derive(Debug, Default, Clone, Serialize, serde::Deserialize)]
pub struct Erased {
    pub pseudonym: String,
    pub vault_session: bool,
    pub data_key: bool,
    pub profile: u64,
    pub preference_revisions: u64,
    pub limit_records: u64,
    pub cache_entries: u64,
    /// Audit entries about the person that stay (pseudonymous; sealed details unreadable).
    pub audit_entries_kept: u64,
    /// When they were erased, if that was before this request (Unix ms): nothing was held
    /// about them any more, and this request only finishes what the earlier one left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_erased_at: Option<i64>,
}

impl Erased {
    /// The answer about someone erased before (at `erased_at`, Unix ms).
    pub fn already(pseudonym: String, erased_at: i64) -> Erased {
        Erased {
            pseudonym,
            already_erased_at: Some(erased_at),
            ..Erased::default()
        }
    }
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn prefixed(pseudonym: &str) -> Vec<u8> {
    let mut p = pseudonym.as_bytes().to_vec();
    p.push(0);
    p
}

impl Service {
    /// Everything held about `user`, as the versioned export document.
    pub fn export_user(&self, user: &str) -> Result<Value, ServiceError> {
        let pseudo = self.keys.pseudonym(user);
        let s = &self.settings;
        let store = &self.store;
        let open = |b: &[u8]| self.keys.open_for(user, b);
        let unseal = |b: &[u8]| -> Value {
            match open(b) {
                Some(plain) => serde_json::from_slice(&plain)
                    .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&plain).into())),
                None => json!({"unreadable": "sealed with a key that no longer exists"}),
            }
        };
        let profile = store
            .users()
            .get(&pseudo)
            .map_err(|e| store.err(e))?
            .map(|v| unseal(&v));
        let mut revisions = Vec::new();
        for item in store.preferences().scan_prefix(prefixed(&pseudo)) {
            let (k, v) = item.map_err(|e| store.err(e))?;
            let rev = k[pseudo.len() + 1..]
                .try_into()
                .map(u32::from_be_bytes)
                .unwrap_or(0);
            revisions.push(json!({"revision": rev, "preferences": unseal(&v)}));
        }
        let mut limits = Vec::new();
        for item in store.limits().scan_prefix(prefixed(&pseudo)) {
            let (k, v) = item.map_err(|e| store.err(e))?;
            let category = String::from_utf8_lossy(&k[pseudo.len() + 1..]).to_string();
            let state: Value = serde_json::from_slice(&v).unwrap_or(Value::Null);
            limits.push(json!({"category": category, "state": state}));
        }
        let mut audit = Vec::new();
        for item in store.audit().iter() {
            let (_, v) = item.map_err(|e| store.err(e))?;
            let Ok(mut e) = serde_json::from_slice::<Entry>(&v) else {
                continue;
            };
            if e.subject != pseudo {
                continue;
            }
            if let Some(sealed) = e.details.get("sealed").and_then(Value::as_str)
                && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(sealed)
            {
                e.details = unseal(&bytes);
            }
            audit.push(json!({
                "seq": e.seq,
                "time": iso(e.time),
                "event_type": e.event_type,
                "action": e.action,
                "details": e.details,
            }));
        }
        let mut cache_entries = Vec::new();
        for (tag, key) in self.user_cache_keys(&pseudo)? {
            let Some(raw) = store.cache().get(key).map_err(|e| store.err(e))? else {
                continue;
            };
            if let Some((expires, value)) = cache::decode(&raw, open) {
                cache_entries.push(json!({
                    "tag": tag,
                    "expires": iso(expires),
                    "value": value,
                }));
            }
        }
        let days = |d: u32| format!("{d} days");
        Ok(json!({
            "meta": {
                "schema_version": EXPORT_SCHEMA,
                "exported_at": iso(self.clock.now_ms()),
                "source": format!("tidal-mcp {} on this machine (store {})", env!("CARGO_PKG_VERSION"), store.path().display()),
                "subject": {"user_id": user, "pseudonym": pseudo},
                "purposes": [
                    "acting on your TIDAL account on your request from an AI assistant (search, library, playlists)",
                    "keeping you logged in (the session in the encrypted vault)",
                    "answering faster and within TIDAL's limits (cache, rate limits)",
                    "accountability for changes made on your behalf (audit log)",
                    "your settings (preferences)"
                ],
                "categories": [
                    "account identifiers (user id, username, country)",
                    "session metadata (expiry, app client id; tokens are held but never exported)",
                    "preferences",
                    "library data copied from TIDAL (cache)",
                    "a log of actions taken (audit)",
                    "rate-limit state"
                ],
                "recipients": ["TIDAL (the service your account is with); nobody else: tidal-mcp runs on this machine only"],
                "retention": {
                    "session": "until logout or delete-user",
                    "profile": "until delete-user",
                    "preferences": format!("until delete-user; the last {} previous revisions are kept", s.preferences.max_backups),
                    "cache": format!("library entries up to {} s; catalogue up to {} s", s.cache.ttl.library_secs, s.cache.ttl.catalog_secs),
                    "audit": days(s.audit.retention_days),
                    "metrics": format!("{}; aggregates only, nothing per person", days(s.metrics.retention_days)),
                    "rate_limits": "while a penalty lasts",
                    "backups": format!("the newest {} backups (encrypted); an erasure is re-applied when an older backup is restored", s.backup.keep),
                },
            },
            "data": {
                "vault": self.keys.metadata(user),
                "profile": profile,
                "preferences": {
                    "current": self.preferences(user),
                    "revisions": revisions,
                },
                "audit": audit,
                "cache": cache_entries,
                "rate_limits": limits,
                "metrics": [],
            }
        }))
    }

    /// The cache keys tagged with the person's pseudonym, with their tag.
    fn user_cache_keys(&self, pseudo: &str) -> Result<Vec<(String, cache::Key)>, ServiceError> {
        let prefix = format!("{pseudo}:");
        let mut out = Vec::new();
        for item in self.store.cache_tags().scan_prefix(prefix.as_bytes()) {
            let (k, _) = item.map_err(|e| self.store.err(e))?;
            if k.len() < 33 {
                continue;
            }
            let (tag, key) = k.split_at(k.len() - 32);
            let tag = String::from_utf8_lossy(&tag[prefix.len()..tag.len() - 1]).to_string();
            if let Ok(key) = cache::Key::try_from(key) {
                out.push((tag, key));
            }
        }
        Ok(out)
    }

    /// Erases the person everywhere this process can reach, then records a pseudonymous
    /// `user_deleted` audit entry. The vault goes first: once their key is gone, nothing sealed
    /// for them can be read, whatever else fails.
    pub fn erase_user(&self, user: &str) -> Result<Erased, ServiceError> {
        let pseudo = self.keys.pseudonym(user);
        let store = &self.store;
        let meta = self.keys.metadata(user);
        let mut erased = Erased {
            pseudonym: pseudo.clone(),
            vault_session: !meta["session"].is_null(),
            data_key: meta["data_key_present"] == true,
            ..Erased::default()
        };
        self.keys.erase(user)?;
        let _paused = self.pause_writes();
        let err = |e| ServiceError::from(store.err(e));
        if store.users().remove(&pseudo).map_err(err)?.is_some() {
            erased.profile = 1;
        }
        for (tree, n) in [
            (&store.preferences(), &mut erased.preference_revisions),
            (&store.limits(), &mut erased.limit_records),
        ] {
            for item in tree.scan_prefix(prefixed(&pseudo)) {
                let (k, _) = item.map_err(err)?;
                tree.remove(k).map_err(err)?;
                *n += 1;
            }
        }
        for (_, key) in self.user_cache_keys(&pseudo)? {
            if store.cache().remove(key).map_err(err)?.is_some() {
                erased.cache_entries += 1;
            }
        }
        for item in store
            .cache_tags()
            .scan_prefix(format!("{pseudo}:").as_bytes())
        {
            let (k, _) = item.map_err(err)?;
            store.cache_tags().remove(k).map_err(err)?;
        }
        self.cache.clear_l1();
        erased.audit_entries_kept = store
            .audit()
            .iter()
            .flatten()
            .filter(|(_, v)| serde_json::from_slice::<Entry>(v).is_ok_and(|e| e.subject == pseudo))
            .count() as u64;
        store.flush()?;
        drop(_paused);
        self.audit
            .append(
                store,
                self.clock.now_ms(),
                "GDPR",
                "user_deleted",
                &pseudo,
                serde_json::to_value(&erased).unwrap_or(Value::Null),
            )
            .map_err(|e| {
                ServiceError::Storage(format!("the audit entry could not be stored: {e}"))
            })?;
        Ok(erased)
    }

    /// The pseudonym `user` is known by in audit entries and the erasure ledger.
    pub fn pseudonym(&self, user: &str) -> String {
        self.keys.pseudonym(user)
    }

    /// Records, under the pseudonym, that an erasure a crash had interrupted was finished.
    pub fn audit_erasure_finished(
        &self,
        pseudonym: &str,
        details: Value,
    ) -> Result<(), ServiceError> {
        self.audit
            .append(
                &self.store,
                self.clock.now_ms(),
                "GDPR",
                "erasure_finished",
                pseudonym,
                details,
            )
            .map(|_| ())
            .map_err(|e| ServiceError::Storage(format!("the audit entry could not be stored: {e}")))
    }

    /// Whether the store or the vault holds anything about `user`.
    pub fn knows_user(&self, user: &str) -> bool {
        let pseudo = self.keys.pseudonym(user);
        self.keys.knows(user)
            || self.store.users().contains_key(&pseudo).unwrap_or(false)
            || self
                .store
                .preferences()
                .scan_prefix(prefixed(&pseudo))
                .next()
                .is_some()
    }
}
