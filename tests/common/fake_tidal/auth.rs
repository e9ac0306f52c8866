//! The fake's auth server: the device flow with scripted outcomes, the PKCE authorize page and
//! code exchange, expiring tokens and refresh, optionally rotating and revoking a reused refresh
//! token; clients known by id and secret (form field or HTTP Basic), developer apps by id alone.

use std::collections::HashMap;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{
    CLIENT_ID, CLIENT_SECRET, DEV_CLIENT_ID, Fake, Logged, Poll, Shared, USER_ID, form, now_s,
    rand_suffix,
};

type Form = HashMap<String, String>;

fn oauth_err(status: u16, error: &str, sub: i64, desc: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(
            json!({"status": status, "error": error, "sub_status": sub, "error_description": desc}),
        ),
    )
        .into_response()
}

fn client_ok(h: &HeaderMap, f: &HashMap<String, String>) -> bool {
    // A developer app is a public client: its id alone.
    if f.get("client_id").map(String::as_str) == Some(DEV_CLIENT_ID) {
        return true;
    }
    if f.get("client_id").map(String::as_str) != Some(CLIENT_ID) {
        return false;
    }
    let form_secret = f.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET);
    let basic = h
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .map(|b| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(b)
                .ok()
                .and_then(|d| String::from_utf8(d).ok())
                == Some(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
        });
    form_secret || basic == Some(true)
}

pub(super) async fn device_authorization(
    State(s): State<Shared>,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let f = form(&body);
    let mut st = s.lock().unwrap();
    st.log.push(Logged {
        method: "POST".into(),
        path: "/v1/oauth2/device_authorization".into(),
        query: String::new(),
        at: Instant::now(),
        status: 200,
        form: String::new(),
    });
    if !client_ok(&h, &f) || f.get("client_id").map(String::as_str) == Some(DEV_CLIENT_ID) {
        return oauth_err(
            400,
            "invalid_request",
            1002,
            "Client is not a Limited Input Device client",
        );
    }
    st.counter += 1;
    let code = format!("device-{}", st.counter);
    st.device_codes.insert(code.clone(), 0);
    Json(json!({"deviceCode": code, "userCode": "ABCDE", "verificationUri": "link.tidal.com", "verificationUriComplete": "link.tidal.com/ABCDE", "expiresIn": 300, "interval": 1})).into_response()
}

pub(super) async fn token(State(s): State<Shared>, h: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    let mut st = s.lock().unwrap();
    let grant = f.get("grant_type").cloned().unwrap_or_default();
    st.log.push(Logged {
        method: "POST".into(),
        path: format!("/v1/oauth2/token#{grant}"),
        query: String::new(),
        at: Instant::now(),
        status: 200,
        form: String::new(),
    });
    if h.get("authorization").is_some() {
        st.basic_secrets += 1;
    }
    if !client_ok(&h, &f) || st.refuse_clients {
        return oauth_err(401, "invalid_client", 0, "bad client");
    }
    match grant.as_str() {
        "urn:ietf:params:oauth:grant-type:device_code" => device_code(&mut st, &f),
        "authorization_code" => authorization_code(&mut st, &f),
        "refresh_token" => refresh(&mut st, &f),
        _ => oauth_err(400, "unsupported_grant_type", 0, "?"),
    }
}

/// The user the token endpoint reports.
fn user(st: &Fake) -> Value {
    let username = st.username.clone().unwrap_or("someone@example.com".into());
    json!({"userId": USER_ID, "countryCode": "DE", "username": username, "birthday": 12345})
}

/// A device code's next poll, as `poll_script` says (granted once the script runs out).
fn device_code(st: &mut Fake, f: &Form) -> Response {
    let code = f.get("device_code").cloned().unwrap_or_default();
    let Some(n) = st.device_codes.get(&code).copied() else {
        return oauth_err(400, "invalid_grant", 0, "unknown device code");
    };
    st.device_codes.insert(code, n + 1);
    match st.poll_script.get(n).copied().unwrap_or(Poll::Grant) {
        Poll::Pending => oauth_err(
            400,
            "authorization_pending",
            1002,
            "Device Authorization code is not authorized yet",
        ),
        Poll::SlowDown => oauth_err(400, "slow_down", 1002, "slow down"),
        Poll::Denied => oauth_err(400, "access_denied", 0, "denied"),
        Poll::Expired => oauth_err(400, "expired_token", 0, "expired"),
        Poll::Odd => oauth_err(400, "temporarily_confused", 0, "try again"),
        Poll::Grant => {
            let lifetime = st.token_lifetime_s;
            let (a, r) = st.issue(lifetime);
            Json(json!({"scope": "r_usr w_usr w_sub", "user": user(st), "token_type": "Bearer", "access_token": a, "refresh_token": r, "expires_in": lifetime, "user_id": USER_ID})).into_response()
        }
    }
}

/// The PKCE code exchange: a one-time code, its verifier and the same redirect URI; the tokens
/// are a developer app's, with the scopes asked for.
fn authorization_code(st: &mut Fake, f: &Form) -> Response {
    let code = f.get("code").cloned().unwrap_or_default();
    let Some((challenge, redirect, used)) = st.auth_codes.get(&code).cloned() else {
        return oauth_err(400, "invalid_grant", 0, "Authorization code is invalid");
    };
    if used {
        return oauth_err(
            400,
            "invalid_grant",
            0,
            "Authorization code was already used",
        );
    }
    st.auth_codes
        .insert(code, (challenge.clone(), redirect.clone(), true));
    let verifier = f.get("code_verifier").cloned().unwrap_or_default();
    if s256(&verifier) != challenge {
        return oauth_err(400, "invalid_grant", 0, "PKCE verification failed");
    }
    if f.get("redirect_uri") != Some(&redirect) {
        return oauth_err(400, "invalid_grant", 0, "redirect_uri does not match");
    }
    let lifetime = st.token_lifetime_s;
    let (a, r) = st.issue(lifetime);
    st.third_party.insert(a.clone());
    st.third_party.insert(r.clone());
    let scopes: Vec<String> = f
        .get("scope")
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    st.granted_scopes.insert(a.clone(), scopes.clone());
    st.granted_scopes.insert(r.clone(), scopes);
    let answer = if st.token_without_user {
        json!({"scope": f.get("scope"), "token_type": "Bearer", "access_token": a, "refresh_token": r, "expires_in": lifetime})
    } else {
        json!({"scope": f.get("scope"), "user": user(st), "token_type": "Bearer", "access_token": a, "refresh_token": r, "expires_in": lifetime, "user_id": USER_ID})
    };
    Json(answer).into_response()
}

/// A refresh: a new access token (a developer app's when the refresh token is), and with
/// `rotate_refresh` a new refresh token; reusing a rotated one revokes the grant.
fn refresh(st: &mut Fake, f: &Form) -> Response {
    let r = f.get("refresh_token").cloned().unwrap_or_default();
    if !st.refresh.contains(&r) || st.used_refresh.contains(&r) && st.rotate_refresh {
        st.refresh.clear();
        return oauth_err(400, "invalid_grant", 11101, "Refresh token is invalid");
    }
    let lifetime = st.token_lifetime_s;
    st.counter += 1;
    let a = format!("fake-access-{}-{}", st.counter, rand_suffix());
    st.access.insert(a.clone(), (USER_ID, now_s() + lifetime));
    inherit(st, &r, &a);
    let mut body = json!({"access_token": a, "token_type": "Bearer", "expires_in": lifetime, "user": user(st)});
    if st.rotate_refresh {
        st.used_refresh.insert(r.clone());
        st.refresh.remove(&r);
        st.counter += 1;
        let nr = format!("fake-refresh-{}-{}", st.counter, rand_suffix());
        st.refresh.insert(nr.clone());
        inherit(st, &r, &nr);
        body["refresh_token"] = json!(nr);
    }
    Json(body).into_response()
}

/// A token issued for `from` is a developer app's and has its scopes when `from`'s was.
fn inherit(st: &mut Fake, from: &str, to: &str) {
    if st.third_party.contains(from) {
        st.third_party.insert(to.to_string());
    }
    if let Some(scopes) = st.granted_scopes.get(from).cloned() {
        st.granted_scopes.insert(to.to_string(), scopes);
    }
}

fn s256(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}

/// TIDAL's login page, with the user's consent given at once: redirects to the app's
/// `redirect_uri` with a one-time code bound to the PKCE challenge (or `error=access_denied`).
pub(super) async fn authorize(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut st = s.lock().unwrap();
    st.log.push(Logged {
        method: "GET".into(),
        path: "/authorize".into(),
        query: String::new(),
        at: Instant::now(),
        status: 302,
        form: String::new(),
    });
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let redirect = get("redirect_uri");
    let known = [CLIENT_ID, DEV_CLIENT_ID].contains(&get("client_id").as_str());
    if !known
        || get("response_type") != "code"
        || get("code_challenge_method") != "S256"
        || !redirect.starts_with("http://127.0.0.1:") && !redirect.starts_with("http://localhost:")
    {
        return (StatusCode::BAD_REQUEST, "invalid authorization request").into_response();
    }
    let state = if st.omit_state {
        String::new()
    } else {
        format!("&state={}", url_encode(&get("state")))
    };
    let location = if st.deny_consent {
        format!("{redirect}?error=access_denied{state}")
    } else {
        st.counter += 1;
        let code = format!("authcode-{}-{}", st.counter, rand_suffix());
        st.auth_codes.insert(
            code.clone(),
            (get("code_challenge"), redirect.clone(), false),
        );
        format!("{redirect}?code={code}{state}")
    };
    (StatusCode::FOUND, [("location", location)]).into_response()
}

fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_string()
}
