//! The per-user keys the service layer needs from the vault: pseudonyms (HMAC of a user id with
//! the vault's pseudonym key) and sealing with a user's data key. A handle, so the service never
//! holds the vault itself.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::store::seal;
use crate::vault::Vault;

#[derive(Clone)]
pub struct Keys {
    vault: Arc<Mutex<Vault>>,
}

impl Keys {
    pub fn new(vault: Arc<Mutex<Vault>>) -> Keys {
        Keys { vault }
    }

    fn lock(&self) -> MutexGuard<'_, Vault> {
        self.vault.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn pseudonym(&self, user: &str) -> String {
        seal::pseudonym(&self.lock().data().pseudonym_key, user)
    }

    /// The active user's pseudonym, or `anonymous`.
    pub fn active_subject(&self) -> String {
        let v = self.lock();
        match v.data().active_user.as_deref() {
            Some(u) => seal::pseudonym(&v.data().pseudonym_key, u),
            None => "anonymous".into(),
        }
    }

    /// Seals with the user's data key, creating (and persisting) the key on first use.
    pub fn seal_for(&self, user: &str, plain: &[u8]) -> Vec<u8> {
        let mut v = self.lock();
        let existed = v.data().user_keys.contains_key(user);
        let sealed = seal::seal(v.data_mut().user_key(user), plain);
        if !existed && let Err(e) = v.save() {
            tracing::error!("could not persist a new user key: {e}");
        }
        sealed
    }

    /// Opens what `seal_for` sealed; `None` when the key is gone (the user was erased) or the
    /// bytes are damaged.
    pub fn open_for(&self, user: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let v = self.lock();
        seal::open(v.data().user_keys.get(user)?, sealed)
    }

    /// What the vault holds about a user apart from secrets: their session's metadata (never a
    /// token or the app's secret) and whether a data key exists.
    pub fn metadata(&self, user: &str) -> serde_json::Value {
        let v = self.lock();
        let d = v.data();
        let session = d.sessions.get(user).map(|s| {
            serde_json::json!({
                "user_id": s.user_id,
                "country_code": s.country_code,
                "username": s.username,
                "session_id_present": s.session_id.is_some(),
                "token_type": s.token_type,
                "expires_at": s.expires_at,
                "revoked": s.revoked,
                "client_id": s.client.as_ref().map(|c| c.client_id.clone()),
                "active": d.active_user.as_deref() == Some(user),
            })
        });
        serde_json::json!({
            "session": session,
            "data_key_present": d.user_keys.contains_key(user),
        })
    }

    /// Whether the vault knows this user (a session or a data key).
    pub fn knows(&self, user: &str) -> bool {
        let v = self.lock();
        v.data().sessions.contains_key(user) || v.data().user_keys.contains_key(user)
    }

    /// Destroys the user's session and data key in the vault and every kept generation.
    pub fn erase(&self, user: &str) -> Result<(), crate::vault::VaultError> {
        self.lock().forget_user_everywhere(user)
    }
}
