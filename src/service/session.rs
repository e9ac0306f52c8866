//! Sessions: the vault-backed token store the TIDAL client uses, and device logins in progress
//! (started by `tidal-mcp login` or the `auth_login` tool, finished in the background so no
//! caller blocks).

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::ServiceError;
use crate::tidal::auth::DeviceLogin;
use crate::tidal::{TidalClient, TidalError, TokenStore};
use crate::vault::{ClientCredentials, Session, Vault};

/// A device login just started: what the user opens and types.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginInfo {
    pub verification_uri: String,
    pub verification_uri_complete: String,
    pub user_code: String,
    pub expires_in_s: u64,
}

/// Sessions live in the vault; a save is on disk before it returns.
pub struct VaultTokens {
    pub vault: Arc<Mutex<Vault>>,
}

impl VaultTokens {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vault> {
        self.vault.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl TokenStore for VaultTokens {
    fn current(&self) -> Option<Session> {
        self.lock().data().active_session().map(Session::duplicate)
    }

    fn save(&self, session: Session) -> Result<(), String> {
        let mut v = self.lock();
        let uid = session.user_id.clone();
        v.data_mut().user_key(&uid);
        v.data_mut().sessions.insert(uid.clone(), session);
        v.data_mut().active_user = Some(uid);
        v.save().map_err(|e| e.to_string())
    }

    fn mark_revoked(&self, user_id: &str) {
        let mut v = self.lock();
        if let Some(s) = v.data_mut().sessions.get_mut(user_id) {
            s.revoked = true;
        }
        if let Err(e) = v.save() {
            tracing::error!("could not persist the revoked session: {e}");
        }
    }
}

/// The state of the latest device login.
#[derive(Default)]
pub enum LoginState {
    #[default]
    Idle,
    Pending {
        user_code: String,
        verification_uri: String,
        verification_uri_complete: String,
        expires_at_ms: i64,
    },
    Done {
        user_id: String,
        country_code: String,
    },
    Failed(TidalError),
}

pub struct Logins {
    state: Mutex<LoginState>,
    task: Mutex<Option<tokio::task::JoinHandle<()>>>,
    done: tokio::sync::Notify,
}

impl Default for Logins {
    fn default() -> Self {
        Logins {
            state: Mutex::new(LoginState::Idle),
            task: Mutex::new(None),
            done: tokio::sync::Notify::new(),
        }
    }
}

impl Logins {
    fn set(&self, s: LoginState) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = s;
    }

    /// Starts a device login for the app `client` (replacing any in progress) and finishes it
    /// in the background.
    pub async fn start(
        self: &Arc<Self>,
        tidal: Arc<TidalClient>,
        client: ClientCredentials,
        on_done: impl FnOnce(&Result<Session, TidalError>) + Send + 'static,
    ) -> Result<LoginInfo, TidalError> {
        self.cancel();
        let login: DeviceLogin = tidal.start_device_login(client).await?;
        let info = LoginInfo {
            verification_uri: login.verification_uri.clone(),
            verification_uri_complete: login.verification_uri_complete.clone(),
            user_code: login.user_code.clone(),
            expires_in_s: login.expires_in.as_secs(),
        };
        self.set(LoginState::Pending {
            user_code: login.user_code.clone(),
            verification_uri: login.verification_uri.clone(),
            verification_uri_complete: login.verification_uri_complete.clone(),
            expires_at_ms: login.expires_at_ms,
        });
        let me = self.clone();
        let handle = tokio::spawn(async move {
            let result = tidal.finish_device_login(&login, |_| {}).await;
            on_done(&result);
            me.set(match result {
                Ok(s) => LoginState::Done {
                    user_id: s.user_id.clone(),
                    country_code: s.country_code.clone(),
                },
                Err(e) => LoginState::Failed(e),
            });
            me.done.notify_waiters();
        });
        *self.task.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
        Ok(info)
    }

    /// Stops a login in progress; nothing is stored.
    pub fn cancel(&self) {
        if let Some(t) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            t.abort();
        }
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if matches!(*s, LoginState::Pending { .. }) {
            *s = LoginState::Idle;
        }
    }

    /// Waits for the login in progress to end; `tick` hears the seconds left now and then. A
    /// login cancelled or replaced meanwhile ends the wait as interrupted.
    pub async fn wait(
        &self,
        clock: &dyn crate::clock::Clock,
        mut tick: impl FnMut(u64),
    ) -> Result<(String, String), ServiceError> {
        loop {
            let notified = self.done.notified();
            match &*self.state.lock().unwrap_or_else(|p| p.into_inner()) {
                LoginState::Done {
                    user_id,
                    country_code,
                } => return Ok((user_id.clone(), country_code.clone())),
                LoginState::Failed(e) => return Err(e.clone().into()),
                LoginState::Idle => {
                    return Err(ServiceError::Interrupted(
                        "the login was cancelled before it finished".into(),
                    ));
                }
                LoginState::Pending { expires_at_ms, .. } => {
                    tick(((expires_at_ms - clock.now_ms()).max(0) / 1000) as u64)
                }
            }
            let _ = tokio::time::timeout(std::time::Duration::from_secs(1), notified).await;
        }
    }

    /// What `auth_status` reports about a login in progress.
    pub fn describe(&self) -> Option<Value> {
        match &*self.state.lock().unwrap_or_else(|p| p.into_inner()) {
            LoginState::Pending {
                user_code,
                verification_uri,
                verification_uri_complete,
                ..
            } => Some(json!({
                "state": "pending", "user_code": user_code, "verification_uri": verification_uri,
                "verification_uri_complete": verification_uri_complete,
            })),
            LoginState::Failed(e) => {
                Some(json!({"state": "failed", "error": e.to_string(), "hint": e.hint()}))
            }
            _ => None,
        }
    }
}
