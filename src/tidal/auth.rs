//! OAuth against auth.tidal.com: the device flow (RFC 8628 polling with TIDAL's camelCase
//! fields) and the refresh grant (single flight, rotated refresh tokens kept, persisted before
//! use). Client credentials are the user's own; the secret goes as HTTP Basic auth.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{TidalClient, TidalError, Upstream};
use crate::vault::{ClientCredentials, SecretString, Session};

/// A started device login: what the user must do, and the code we poll with.
pub struct DeviceLogin {
    pub device_code: SecretString,
    pub user_code: String,
    /// With `https://` prepended (TIDAL sends it without a scheme).
    pub verification_uri: String,
    pub verification_uri_complete: String,
    pub expires_in: Duration,
    pub interval: Duration,
    /// Unix ms when the code expires.
    pub expires_at_ms: i64,
    /// The app this login is for; the session keeps it.
    pub client: ClientCredentials,
}

/// Tokens from a successful grant.
pub struct Grant {
    pub(super) access_token: SecretString,
    pub(super) refresh_token: Option<SecretString>,
    pub(super) expires_in: i64,
    pub(super) token_type: String,
    pub(super) user_id: Option<String>,
    pub(super) username: Option<String>,
    pub(super) country_code: Option<String>,
}

pub(super) enum TokenAnswer {
    Granted(Grant),
    Pending,
    SlowDown,
    Expired,
    Denied,
    /// The grant (refresh token, device code) is dead: the only answer that revokes a session.
    InvalidGrant,
    /// The app's credentials were refused (`invalid_client`, `unauthorized_client`).
    Refused(String),
    /// An error the token endpoint is not documented to give: a device login keeps polling
    /// through it (as TIDAL's SDK and tidalapi do); other grants fail with it.
    Unexpected(String),
}

fn with_scheme(u: &str) -> String {
    if u.starts_with("http://") || u.starts_with("https://") {
        u.to_string()
    } else {
        format!("https://{u}")
    }
}

impl TidalClient {
    /// The app credentials of this process's settings, if any.
    pub fn configured_client(&self) -> Option<ClientCredentials> {
        let id = self.settings.client_id.trim();
        (!id.is_empty()).then(|| ClientCredentials {
            client_id: id.to_string(),
            client_secret: (!self.settings.client_secret.is_empty())
                .then(|| SecretString::new(self.settings.client_secret.clone())),
        })
    }

    fn token_request(
        &self,
        url: String,
        form: Vec<(&str, String)>,
        client: &ClientCredentials,
    ) -> reqwest::RequestBuilder {
        // A confidential app's secret goes as a form field, as TIDAL's SDK (packages/auth)
        // and tidalapi send it.
        let mut form = form;
        if let Some(secret) = &client.client_secret {
            form.push(("client_secret", secret.expose_secret().to_string()));
        }
        self.http.post(url).form(&form)
    }

    /// Step 1 of the device flow, for the app `client`.
    pub async fn start_device_login(
        &self,
        client: ClientCredentials,
    ) -> Result<DeviceLogin, TidalError> {
        if client.client_id.trim().is_empty() {
            return Err(TidalError::NoCredentials);
        }
        let started = Instant::now();
        let resp = self
            .token_request(
                self.auth_url("/v1/oauth2/device_authorization"),
                vec![
                    ("client_id", client.client_id.clone()),
                    ("scope", self.settings.scope.clone()),
                ],
                &client,
            )
            .send()
            .await
            .map_err(|e| TidalError::Unavailable(super::failure_text(&e)))?;
        let status = resp.status();
        self.observe(
            Upstream::Auth,
            "/v1/oauth2/device_authorization",
            "POST",
            status.as_u16(),
            started,
        );
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if status.is_server_error() {
            return Err(TidalError::Unavailable(format!("HTTP {}", status.as_u16())));
        }
        if !status.is_success() {
            let msg = body["error_description"]
                .as_str()
                .or(body["userMessage"].as_str())
                .unwrap_or("device authorization refused");
            if msg.contains("Limited Input Device") {
                return Err(TidalError::NotDeviceClient(msg.to_string()));
            }
            return Err(TidalError::BadCredentials(msg.to_string()));
        }
        let num = |k: &str| body.get(k).and_then(|v| v.as_f64()).filter(|v| *v > 0.0);
        let device_code = body["deviceCode"]
            .as_str()
            .ok_or_else(|| TidalError::Protocol("no deviceCode".into()))?;
        let user_code = body["userCode"]
            .as_str()
            .ok_or_else(|| TidalError::Protocol("no userCode".into()))?
            .to_string();
        let uri = with_scheme(body["verificationUri"].as_str().unwrap_or("link.tidal.com"));
        let complete = body["verificationUriComplete"]
            .as_str()
            .map(with_scheme)
            .unwrap_or_else(|| format!("{uri}/{user_code}"));
        let expires_in = Duration::from_secs_f64(num("expiresIn").unwrap_or(300.0));
        Ok(DeviceLogin {
            device_code: SecretString::new(device_code.to_string()),
            user_code,
            verification_uri: uri,
            verification_uri_complete: complete,
            expires_at_ms: self.clock.now_ms() + expires_in.as_millis() as i64,
            expires_in,
            interval: Duration::from_secs_f64(num("interval").unwrap_or(5.0)),
            client,
        })
    }

    /// Step 2: polls until the user approves, the code expires, or the login is denied.
    /// `on_wait` hears the seconds left before each poll. Sleeps go through the injected clock.
    pub async fn finish_device_login(
        &self,
        login: &DeviceLogin,
        mut on_wait: impl FnMut(u64),
    ) -> Result<Session, TidalError> {
        let mut interval = login.interval;
        let mut failures = 0u32;
        loop {
            let left_ms = login.expires_at_ms - self.clock.now_ms();
            if left_ms <= 0 {
                return Err(TidalError::LoginExpired);
            }
            on_wait((left_ms / 1000) as u64);
            self.clock.sleep(interval).await;
            let form = vec![
                ("client_id", login.client.client_id.clone()),
                ("device_code", login.device_code.expose_secret().to_string()),
                (
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:device_code".to_string(),
                ),
                ("scope", self.settings.scope.clone()),
            ];
            match self
                .token_call(form, "/v1/oauth2/token", &login.client)
                .await
            {
                Ok(TokenAnswer::Granted(grant)) => {
                    return self.complete_login(grant, login.client.duplicate()).await;
                }
                Ok(TokenAnswer::Pending) => failures = 0,
                // Neither TIDAL's SDK nor tidalapi stops on an answer it does not know: poll on
                // until the code expires.
                Ok(TokenAnswer::Unexpected(why)) => {
                    tracing::debug!(%why, "unexpected answer while polling; polling on");
                    failures = 0;
                }
                Ok(TokenAnswer::SlowDown) => interval += Duration::from_secs(5),
                Ok(TokenAnswer::Expired) => return Err(TidalError::LoginExpired),
                Ok(TokenAnswer::Denied | TokenAnswer::InvalidGrant) => {
                    return Err(TidalError::LoginDenied);
                }
                Ok(TokenAnswer::Refused(m)) => return Err(TidalError::BadCredentials(m)),
                // Connection errors and 5xx: back off, keep polling until the code expires.
                Err(_) => {
                    failures += 1;
                    self.clock.sleep(interval * failures.min(4)).await;
                }
            }
        }
    }

    pub(super) async fn token_call(
        &self,
        form: Vec<(&str, String)>,
        endpoint: &'static str,
        client: &ClientCredentials,
    ) -> Result<TokenAnswer, TidalError> {
        let started = Instant::now();
        let resp = self
            .token_request(self.auth_url("/v1/oauth2/token"), form, client)
            .send()
            .await
            .map_err(|e| TidalError::Unavailable(super::failure_text(&e)))?;
        let status = resp.status();
        self.observe(Upstream::Auth, endpoint, "POST", status.as_u16(), started);
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if status.is_server_error() {
            return Err(TidalError::Unavailable(format!("HTTP {}", status.as_u16())));
        }
        if status.is_success() {
            let access = body["access_token"]
                .as_str()
                .ok_or_else(|| TidalError::Protocol("no access_token".into()))?;
            let user = &body["user"];
            return Ok(TokenAnswer::Granted(Grant {
                access_token: SecretString::new(access.to_string()),
                refresh_token: body["refresh_token"]
                    .as_str()
                    .map(|r| SecretString::new(r.to_string())),
                expires_in: body["expires_in"].as_i64().unwrap_or(3600),
                token_type: body["token_type"].as_str().unwrap_or("Bearer").to_string(),
                user_id: body
                    .get("user_id")
                    .and_then(super::model::id_of)
                    .or_else(|| user.get("userId").and_then(super::model::id_of)),
                username: user["username"].as_str().map(str::to_string),
                country_code: user["countryCode"].as_str().map(str::to_string),
            }));
        }
        Ok(match body["error"].as_str().unwrap_or("") {
            "authorization_pending" => TokenAnswer::Pending,
            "slow_down" => TokenAnswer::SlowDown,
            "expired_token" => TokenAnswer::Expired,
            "access_denied" => TokenAnswer::Denied,
            "invalid_grant" => TokenAnswer::InvalidGrant,
            "invalid_client" | "unauthorized_client" => TokenAnswer::Refused(
                body["error_description"]
                    .as_str()
                    .unwrap_or("client refused")
                    .to_string(),
            ),
            // TIDAL answers a pending device code with 400/1002 on some clients' evidence.
            _ if body["sub_status"].as_i64() == Some(1002) => TokenAnswer::Pending,
            other => TokenAnswer::Unexpected(format!(
                "HTTP {} {other}: {}",
                status.as_u16(),
                body["error_description"].as_str().unwrap_or("")
            )),
        })
    }

    /// Reads `/v1/sessions` with the new token and stores the session (persisted before use).
    async fn complete_login(
        &self,
        grant: Grant,
        client: ClientCredentials,
    ) -> Result<Session, TidalError> {
        let started = Instant::now();
        let resp = self
            .http
            .get(self.api("/v1/sessions"))
            .bearer_auth(grant.access_token.expose_secret())
            .send()
            .await
            .map_err(|e| TidalError::Unavailable(super::failure_text(&e)))?;
        self.observe(
            Upstream::V1,
            "/v1/sessions",
            "GET",
            resp.status().as_u16(),
            started,
        );
        if !resp.status().is_success() {
            return Err(TidalError::Protocol(format!(
                "GET /v1/sessions answered HTTP {}",
                resp.status().as_u16()
            )));
        }
        let body: Value = resp
            .json()
            .await
            .map_err(|_| TidalError::Protocol("sessions body".into()))?;
        let user_id = body
            .get("userId")
            .and_then(super::model::id_of)
            .or(grant.user_id)
            .ok_or_else(|| TidalError::Protocol("no userId in /v1/sessions".into()))?;
        let session = Session {
            country_code: body["countryCode"]
                .as_str()
                .map(str::to_string)
                .or(grant.country_code)
                .unwrap_or_else(|| "US".into()),
            username: grant.username,
            session_id: body["sessionId"].as_str().map(str::to_string),
            token_type: grant.token_type,
            expires_at: self.clock.now() + grant.expires_in,
            access_token: grant.access_token,
            refresh_token: grant.refresh_token,
            revoked: false,
            client: Some(client),
            user_id,
            api: crate::vault::Api::V1,
        };
        self.tokens()
            .save(session.duplicate())
            .map_err(TidalError::Storage)?;
        Ok(session)
    }

    /// Adopts a session another program kept (`tidal-mcp migrate`): `/v1/sessions` says whose
    /// it is (a file that names another user is refused); when TIDAL cannot answer, the file's
    /// own user id and country are used, if it has them. The session keeps this process's app
    /// credentials for its refreshes. The caller stores it.
    pub async fn adopt_session(
        &self,
        legacy: super::legacy::LegacySession,
    ) -> Result<Session, TidalError> {
        let started = Instant::now();
        let asked = self
            .http
            .get(self.api("/v1/sessions"))
            .bearer_auth(legacy.access_token.expose_secret())
            .send()
            .await;
        let answer: Option<Value> = match asked {
            Ok(resp) => {
                self.observe(
                    Upstream::V1,
                    "/v1/sessions",
                    "GET",
                    resp.status().as_u16(),
                    started,
                );
                if resp.status().is_success() {
                    resp.json().await.ok()
                } else {
                    None
                }
            }
            Err(_) => None,
        };
        let told = answer
            .as_ref()
            .and_then(|b| b.get("userId").and_then(super::model::id_of));
        let user_id = match (told, &legacy.user_id) {
            (Some(t), Some(f)) if &t != f => {
                return Err(TidalError::Protocol(format!(
                    "the file says user {f}, but TIDAL says its token belongs to user {t}"
                )));
            }
            (Some(t), _) => t,
            (None, Some(f)) => f.clone(),
            (None, None) => {
                return Err(TidalError::Protocol(
                    "the file does not say whose session it is, and TIDAL did not accept its \
                     access token (expired or revoked)"
                        .into(),
                ));
            }
        };
        let country_code = answer
            .as_ref()
            .and_then(|b| b["countryCode"].as_str().map(str::to_string))
            .or(legacy.country_code)
            .unwrap_or_else(|| "US".into());
        let session = Session {
            user_id,
            country_code,
            username: None,
            session_id: answer
                .as_ref()
                .and_then(|b| b["sessionId"].as_str().map(str::to_string))
                .or(legacy.session_id),
            token_type: legacy.token_type,
            access_token: legacy.access_token,
            refresh_token: legacy.refresh_token,
            // Unknown expiry: refresh before the first use.
            expires_at: legacy.expires_at.unwrap_or_else(|| self.clock.now()),
            revoked: false,
            client: self.configured_client(),
            api: crate::vault::Api::V1,
        };
        Ok(session)
    }

    /// The active session, refreshed first when it is within the margin of expiry.
    pub(crate) async fn fresh_session(&self) -> Result<Session, TidalError> {
        let s = self.tokens().current().ok_or(TidalError::NotLoggedIn)?;
        if s.revoked {
            return Err(TidalError::SessionExpired);
        }
        if s.expires_at - self.settings.refresh_margin_secs as i64 <= self.clock.now() {
            return self.refresh(s.access_token.expose_secret()).await;
        }
        Ok(s)
    }

    /// Refreshes the access token, once for all concurrent callers: whoever waited on the lock
    /// finds the token already replaced and uses it.
    pub(crate) async fn refresh(&self, stale_access: &str) -> Result<Session, TidalError> {
        let _one_at_a_time = self.refresh_lock.lock().await;
        let cur = self.tokens().current().ok_or(TidalError::NotLoggedIn)?;
        if cur.revoked {
            return Err(TidalError::SessionExpired);
        }
        let fresh_enough =
            cur.expires_at - self.settings.refresh_margin_secs as i64 > self.clock.now();
        if cur.access_token.expose_secret() != stale_access && fresh_enough {
            return Ok(cur);
        }
        let refresh = cur
            .refresh_token
            .as_ref()
            .ok_or(TidalError::SessionExpired)?;
        // The app the session was issued to; sessions from before it was kept use this
        // process's settings.
        let client = cur
            .client
            .as_ref()
            .map(ClientCredentials::duplicate)
            .or_else(|| self.configured_client())
            .ok_or_else(|| {
                TidalError::CannotRefresh("no app credentials are known for this session".into())
            })?;
        let form = vec![
            ("client_id", client.client_id.clone()),
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", refresh.expose_secret().to_string()),
            (
                "scope",
                match cur.api {
                    crate::vault::Api::V1 => self.settings.scope.clone(),
                    crate::vault::Api::Official => self.settings.pkce_scope.clone(),
                },
            ),
        ];
        match self.token_call(form, "/v1/oauth2/token", &client).await {
            Ok(TokenAnswer::Granted(g)) => {
                let session = Session {
                    access_token: g.access_token,
                    // TIDAL usually keeps the refresh token; when it rotates, keep the new one.
                    refresh_token: g
                        .refresh_token
                        .or_else(|| cur.refresh_token.as_ref().map(SecretString::duplicate)),
                    expires_at: self.clock.now() + g.expires_in,
                    ..cur
                };
                self.tokens()
                    .save(session.duplicate())
                    .map_err(TidalError::Storage)?;
                self.observe_refresh(true);
                Ok(session)
            }
            Ok(TokenAnswer::Pending | TokenAnswer::SlowDown) => {
                Err(TidalError::Protocol("unexpected refresh answer".into()))
            }
            Ok(TokenAnswer::InvalidGrant) => {
                self.tokens().mark_revoked(&cur.user_id);
                self.observe_refresh(false);
                Err(TidalError::SessionExpired)
            }
            // Anything else (a refused client, a denial) leaves the session as it is: the
            // refresh token may well be good with the right app credentials.
            Ok(TokenAnswer::Refused(why) | TokenAnswer::Unexpected(why)) => {
                self.observe_refresh(false);
                Err(TidalError::CannotRefresh(why))
            }
            Ok(TokenAnswer::Denied | TokenAnswer::Expired) => {
                self.observe_refresh(false);
                Err(TidalError::CannotRefresh("TIDAL denied the refresh".into()))
            }
            Err(e) => {
                self.observe_refresh(false);
                Err(e)
            }
        }
    }

    /// Best-effort server-side logout.
    pub async fn logout_remote(&self) {
        if let Some(s) = self.tokens().current() {
            let _ = self
                .http
                .post(self.api("/v1/logout"))
                .bearer_auth(s.access_token.expose_secret())
                .send()
                .await;
        }
    }
}
