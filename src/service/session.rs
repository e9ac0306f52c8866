//! Sessions: the vault-backed token store the TIDAL client uses, and device logins in progress
//! (started by `tidal-mcp login` or the `auth_login` tool, finished in the background so no
//! caller blocks).

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::ServiceError;
use crate::config::AuthFlow;
use crate::tidal::auth::DeviceLogin;
use crate::tidal::pkce::PkceLogin;
use crate::tidal::{TidalClient, TidalError, TokenStore};
use crate::vault::{ClientCredentials, Session, Vault};

/// How a login goes: the device flow (a code typed on TIDAL's page) or authorization code +
/// PKCE in the browser (developer apps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LoginFlow {
    Device,
    Pkce,
}

/// A login just started: what the user opens (and, for the device flow, types).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginInfo {
    pub flow: LoginFlow,
    /// The page to open: the device page with the code filled in, or TIDAL's login page.
    pub url: String,
    /// Device flow: the page to type the code on, and the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_code: Option<String>,
    /// PKCE: where the browser comes back (tidal-mcp listens there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    pub expires_in_s: u64,
    /// Why the flow is not the one asked for (`auto` went on to the browser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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
        info: LoginInfo,
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
    /// A browser login in progress takes redirected URLs pasted by the user here.
    pasted: Mutex<Option<tokio::sync::mpsc::Sender<String>>>,
    /// Bumped when a login is cancelled or replaced: a waiter for an older one stops.
    generation: std::sync::atomic::AtomicU64,
}

impl Default for Logins {
    fn default() -> Self {
        Logins {
            state: Mutex::new(LoginState::Idle),
            task: Mutex::new(None),
            done: tokio::sync::Notify::new(),
            pasted: Mutex::new(None),
            generation: Default::default(),
        }
    }
}

impl Logins {
    fn set(&self, s: LoginState) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = s;
    }

    /// Starts a login for the app `client` by `flow` (`auto`: the device flow, or the browser
    /// when TIDAL says the app is not a device client), replacing any in progress, and
    /// finishes it in the background.
    pub async fn start(
        self: &Arc<Self>,
        tidal: Arc<TidalClient>,
        client: ClientCredentials,
        flow: Option<LoginFlow>,
        on_done: impl FnOnce(&Result<Session, TidalError>) + Send + 'static,
    ) -> Result<LoginInfo, TidalError> {
        self.cancel();
        let flow = flow.or(match tidal.settings().auth_flow {
            AuthFlow::Device => Some(LoginFlow::Device),
            AuthFlow::Pkce => Some(LoginFlow::Pkce),
            AuthFlow::Auto => None,
        });
        if flow == Some(LoginFlow::Pkce) {
            return self.start_pkce(tidal, client, None, on_done).await;
        }
        let login = match tidal.start_device_login(client.duplicate()).await {
            Ok(login) => login,
            Err(TidalError::NotDeviceClient(why)) if flow.is_none() => {
                let note = format!(
                    "this app is not a device client ({why}); logging in in the browser instead"
                );
                return self.start_pkce(tidal, client, Some(note), on_done).await;
            }
            Err(e) => return Err(e),
        };
        Ok(self.start_device(tidal, login, on_done))
    }

    fn start_device(
        self: &Arc<Self>,
        tidal: Arc<TidalClient>,
        login: DeviceLogin,
        on_done: impl FnOnce(&Result<Session, TidalError>) + Send + 'static,
    ) -> LoginInfo {
        let info = LoginInfo {
            flow: LoginFlow::Device,
            url: login.verification_uri_complete.clone(),
            verification_uri: Some(login.verification_uri.clone()),
            user_code: Some(login.user_code.clone()),
            redirect_uri: None,
            expires_in_s: login.expires_in.as_secs(),
            note: None,
        };
        self.set(LoginState::Pending {
            info: info.clone(),
            expires_at_ms: login.expires_at_ms,
        });
        let me = self.clone();
        let handle = tokio::spawn(async move {
            let result = tidal.finish_device_login(&login, |_| {}).await;
            me.finish(result, on_done);
        });
        *self.task.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
        info
    }

    /// A browser login: the authorize URL, and a one-shot listener at the redirect URI (also
    /// fed by redirected URLs the user pastes) that exchanges the code.
    async fn start_pkce(
        self: &Arc<Self>,
        tidal: Arc<TidalClient>,
        client: ClientCredentials,
        note: Option<String>,
        on_done: impl FnOnce(&Result<Session, TidalError>) + Send + 'static,
    ) -> Result<LoginInfo, TidalError> {
        let login = tidal.start_pkce_login(client)?;
        let listener = super::callback::Listener::bind(&login.redirect_uri).await?;
        let info = LoginInfo {
            flow: LoginFlow::Pkce,
            url: login.authorize_url.clone(),
            verification_uri: None,
            user_code: None,
            redirect_uri: Some(login.redirect_uri.clone()),
            expires_in_s: ((login.expires_at_ms - tidal.clock().now_ms()).max(0) / 1000) as u64,
            note,
        };
        self.set(LoginState::Pending {
            info: info.clone(),
            expires_at_ms: login.expires_at_ms,
        });
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        *self.pasted.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
        let me = self.clone();
        let handle = tokio::spawn(async move {
            let result = finish_pkce(&tidal, &login, listener, rx).await;
            me.finish(result, on_done);
        });
        *self.task.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
        Ok(info)
    }

    /// Hands a redirected URL the user pasted to the browser login in progress.
    pub async fn paste_redirect(&self, url: String) -> Result<(), ServiceError> {
        let tx = self
            .pasted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                ServiceError::Invalid(
                    "no browser login is in progress; run `tidal-mcp login`".into(),
                )
            })?;
        tx.send(url)
            .await
            .map_err(|_| ServiceError::Invalid("the browser login already ended".into()))
    }

    fn finish(
        &self,
        result: Result<Session, TidalError>,
        on_done: impl FnOnce(&Result<Session, TidalError>),
    ) {
        on_done(&result);
        self.pasted.lock().unwrap_or_else(|p| p.into_inner()).take();
        self.set(match result {
            Ok(s) => LoginState::Done {
                user_id: s.user_id.clone(),
                country_code: s.country_code.clone(),
            },
            Err(e) => LoginState::Failed(e),
        });
        self.done.notify_waiters();
    }

    /// Stops a login in progress; nothing is stored.
    pub fn cancel(&self) {
        if let Some(t) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            t.abort();
        }
        self.pasted.lock().unwrap_or_else(|p| p.into_inner()).take();
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if matches!(*s, LoginState::Pending { .. }) {
                *s = LoginState::Idle;
            }
        }
        self.done.notify_waiters();
    }

    /// Waits for the login in progress to end; `tick` hears the seconds left now and then. A
    /// login cancelled or replaced meanwhile ends the wait as interrupted.
    pub async fn wait(
        &self,
        clock: &dyn crate::clock::Clock,
        mut tick: impl FnMut(u64),
    ) -> Result<(String, String), ServiceError> {
        let mine = self.generation.load(std::sync::atomic::Ordering::SeqCst);
        loop {
            let notified = self.done.notified();
            if self.generation.load(std::sync::atomic::Ordering::SeqCst) != mine {
                return Err(ServiceError::Interrupted(
                    "the login was cancelled or replaced by a newer one".into(),
                ));
            }
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
            LoginState::Pending { info, .. } => Some(json!({
                "state": "pending", "flow": info.flow, "url": info.url,
                "user_code": info.user_code, "verification_uri": info.verification_uri,
            })),
            LoginState::Failed(e) => {
                Some(json!({"state": "failed", "error": e.to_string(), "hint": e.hint()}))
            }
            _ => None,
        }
    }
}

/// Waits for the browser (or a pasted URL) to bring the code back, then exchanges it. The
/// first answer decides: a wrong `state`, a denial or a refused code ends the login with nothing
/// stored.
async fn finish_pkce(
    tidal: &TidalClient,
    login: &PkceLogin,
    listener: super::callback::Listener,
    mut pasted: tokio::sync::mpsc::Receiver<String>,
) -> Result<Session, TidalError> {
    let left = (login.expires_at_ms - tidal.clock().now_ms()).max(0) as u64;
    let (answer, browser) = tokio::select! {
        (target, browser) = listener.next() => (login.code_from(&target), Some(browser)),
        Some(url) = pasted.recv() => (login.code_from(&url), None),
        _ = tidal.clock().sleep(std::time::Duration::from_millis(left)) => {
            (Err(TidalError::LoginExpired), None)
        }
    };
    let result = match answer {
        Ok(code) => tidal.finish_pkce_login(login, &code).await,
        Err(e) => Err(e),
    };
    if let Some(b) = browser {
        b.reply(&result.as_ref().map(|_| ()).map_err(Clone::clone))
            .await;
    }
    result
}
