//! Authorization code + PKCE (RFC 7636, S256) for developer apps: the authorize URL with a fresh
//! verifier's challenge and a random `state`, reading what the browser brings back (the
//! redirect URL or its query), and the code exchange. Sessions from it are for TIDAL's official
//! API.

use std::time::Duration;

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::auth::{Grant, TokenAnswer};
use super::{TidalClient, TidalError};
use crate::vault::{Api, ClientCredentials, SecretString, Session};

/// How long a started browser login waits for the user.
pub const LOGIN_LIFETIME: Duration = Duration::from_secs(600);

/// A started browser login.
pub struct PkceLogin {
    /// What the user opens.
    pub authorize_url: String,
    pub redirect_uri: String,
    state: String,
    verifier: SecretString,
    pub client: ClientCredentials,
    /// Unix ms.
    pub expires_at_ms: i64,
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn random(n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    b
}

/// The S256 challenge of a verifier.
pub fn challenge(verifier: &str) -> String {
    b64url(&Sha256::digest(verifier.as_bytes()))
}

impl PkceLogin {
    /// The authorization code the browser brought back, from the redirect URL (or just its
    /// query), after checking that it answers this login.
    pub fn code_from(&self, redirected: &str) -> Result<String, TidalError> {
        let text = redirected.trim();
        let query = match text.split_once('?') {
            Some((_, q)) => q,
            None => text,
        };
        let query = query.split('#').next().unwrap_or("");
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        // Neither TIDAL's SDK nor tidalapi sends `state`, and no source says TIDAL echoes it:
        // an answer without it is taken (the code is bound to this login's verifier, which the
        // exchange proves), one with another login's state is refused.
        if get("state").is_some_and(|s| s != self.state) {
            return Err(TidalError::LoginMismatch);
        }
        if let Some(err) = get("error") {
            return Err(match err.as_str() {
                "access_denied" => TidalError::LoginDenied,
                _ => TidalError::LoginFailed(get("error_description").unwrap_or(err)),
            });
        }
        match get("code") {
            Some(code) if !code.is_empty() => Ok(code),
            _ => Err(TidalError::LoginFailed(
                "the answer holds no authorization code".into(),
            )),
        }
    }
}

impl TidalClient {
    /// Step 1: the authorize URL for the app `client` (no network).
    pub fn start_pkce_login(&self, client: ClientCredentials) -> Result<PkceLogin, TidalError> {
        if client.client_id.trim().is_empty() {
            return Err(TidalError::NoCredentials);
        }
        let verifier = b64url(&random(48));
        let state = hex::encode(random(16));
        let base = format!(
            "{}/authorize",
            self.settings.login_url.trim_end_matches('/')
        );
        let mut url = url::Url::parse(&base)
            .map_err(|e| TidalError::LoginFailed(format!("bad tidal.login_url: {e}")))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &client.client_id)
            .append_pair("redirect_uri", &self.settings.redirect_uri)
            .append_pair("scope", &self.settings.pkce_scope)
            .append_pair("code_challenge", &challenge(&verifier))
            .append_pair("code_challenge_method", "S256")
            .append_pair("state", &state);
        Ok(PkceLogin {
            authorize_url: url.to_string(),
            redirect_uri: self.settings.redirect_uri.clone(),
            state,
            verifier: SecretString::new(verifier),
            client,
            expires_at_ms: self.clock.now_ms() + LOGIN_LIFETIME.as_millis() as i64,
        })
    }

    /// Step 2: exchanges the code (with the verifier) for tokens and stores the session.
    pub async fn finish_pkce_login(
        &self,
        login: &PkceLogin,
        code: &str,
    ) -> Result<Session, TidalError> {
        if self.clock.now_ms() > login.expires_at_ms {
            return Err(TidalError::LoginExpired);
        }
        let form = vec![
            ("grant_type", "authorization_code".to_string()),
            ("client_id", login.client.client_id.clone()),
            ("code", code.to_string()),
            ("code_verifier", login.verifier.expose_secret().to_string()),
            ("redirect_uri", login.redirect_uri.clone()),
            ("scope", self.settings.pkce_scope.clone()),
        ];
        match self
            .token_call(form, "/v1/oauth2/token", &login.client)
            .await?
        {
            TokenAnswer::Granted(grant) => {
                self.complete_official_login(grant, login.client.duplicate())
                    .await
            }
            TokenAnswer::InvalidGrant => Err(TidalError::CodeRejected(
                "invalid_grant (expired, used already, or not issued for this login)".into(),
            )),
            TokenAnswer::Denied => Err(TidalError::LoginDenied),
            TokenAnswer::Refused(why) | TokenAnswer::Unexpected(why)
                if why.contains("redirect") =>
            {
                Err(TidalError::LoginFailed(why))
            }
            TokenAnswer::Unexpected(why) => Err(TidalError::LoginFailed(why)),
            TokenAnswer::Refused(why) => Err(TidalError::BadCredentials(why)),
            TokenAnswer::Expired => Err(TidalError::LoginExpired),
            TokenAnswer::Pending | TokenAnswer::SlowDown => Err(TidalError::Protocol(
                "unexpected answer to a code exchange".into(),
            )),
        }
    }

    /// Whose the tokens are (the token answer, else `GET /users/me` on the official API);
    /// the session is saved before this returns.
    async fn complete_official_login(
        &self,
        grant: Grant,
        client: ClientCredentials,
    ) -> Result<Session, TidalError> {
        let (mut user_id, mut country, mut username) = (
            grant.user_id.clone(),
            grant.country_code.clone(),
            grant.username.clone(),
        );
        if user_id.is_none() || country.is_none() {
            let me = self
                .http
                .get(self.openapi("/users/me"))
                .bearer_auth(grant.access_token.expose_secret())
                .header("accept", "application/vnd.api+json")
                .send()
                .await
                .map_err(|e| TidalError::Unavailable(super::failure_text(&e)))?;
            let status = me.status();
            let body: Value = me.json().await.unwrap_or(Value::Null);
            if !status.is_success() {
                return Err(TidalError::LoginFailed(format!(
                    "TIDAL did not say whose the new tokens are (GET /users/me answered {}: {})",
                    status.as_u16(),
                    super::user_message(&body).unwrap_or_default()
                )));
            }
            let data = &body["data"];
            user_id = user_id.or_else(|| data.get("id").and_then(super::model::id_of));
            country =
                country.or_else(|| data["attributes"]["country"].as_str().map(str::to_string));
            username =
                username.or_else(|| data["attributes"]["username"].as_str().map(str::to_string));
        }
        let session = Session {
            user_id: user_id
                .ok_or_else(|| TidalError::Protocol("no user id for the new session".into()))?,
            // A catalogue read in the wrong country would answer wrongly: no guess.
            country_code: country.ok_or_else(|| {
                TidalError::LoginFailed("TIDAL did not say which country the account is in".into())
            })?,
            username,
            session_id: None,
            token_type: grant.token_type,
            expires_at: self.clock.now() + grant.expires_in,
            access_token: grant.access_token,
            refresh_token: grant.refresh_token,
            revoked: false,
            client: Some(client),
            api: Api::Official,
        };
        self.tokens()
            .save(session.duplicate())
            .map_err(TidalError::Storage)?;
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(state: &str) -> PkceLogin {
        PkceLogin {
            authorize_url: String::new(),
            redirect_uri: "http://localhost:8912/callback".into(),
            state: state.into(),
            verifier: SecretString::new("v".into()),
            client: ClientCredentials {
                client_id: "c".into(),
                client_secret: None,
            },
            expires_at_ms: i64::MAX,
        }
    }

    #[test]
    fn the_redirect_is_read_whole_or_as_a_query_and_checked() {
        let l = login("s1");
        assert_eq!(
            l.code_from("http://localhost:8912/callback?code=abc&state=s1")
                .unwrap(),
            "abc"
        );
        assert_eq!(l.code_from("code=abc&state=s1\n").unwrap(), "abc");
        assert!(matches!(
            l.code_from("http://localhost:8912/callback?code=abc&state=evil"),
            Err(TidalError::LoginMismatch)
        ));
        // No state in the answer: taken, the exchange's verifier binds the code.
        assert_eq!(l.code_from("code=abc").unwrap(), "abc");
        assert!(matches!(
            l.code_from("?error=access_denied&state=evil"),
            Err(TidalError::LoginMismatch)
        ));
        assert!(matches!(
            l.code_from("?error=access_denied"),
            Err(TidalError::LoginDenied)
        ));
        assert!(matches!(
            l.code_from("?error=access_denied&state=s1"),
            Err(TidalError::LoginDenied)
        ));
        assert!(matches!(
            l.code_from("?error=invalid_request&error_description=redirect_uri+not+allowed&state=s1"),
            Err(TidalError::LoginFailed(m)) if m.contains("redirect_uri")
        ));
    }

    #[test]
    fn the_challenge_is_s256_of_the_verifier() {
        // RFC 7636 appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
