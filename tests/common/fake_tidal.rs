//! A fake TIDAL on loopback: the auth server (device flow with scripted outcomes, the PKCE
//! authorize page and code exchange, expiring tokens and refresh, optionally rotating and
//! revoking a reused refresh token), the v1 API as tidalapi 0.8.11 reads it (/v1/sessions, a
//! small catalogue, search, pages, playlists with real ETags and 412s, favourites and the v2
//! collection calls, per-endpoint page caps 400/1001, missing countryCode 400/1002, 404/2001),
//! and in front of the official API (`fake_official.rs`) the contract check against TIDAL's
//! OpenAPI document (`oas.rs`). Injectable 429 + Retry-After and 5xx, a request log with marks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::{fake_official, oas};

pub const CLIENT_ID: &str = "test-client-id";
/// An app from developer.tidal.com: no secret, not a device client, logs in with PKCE, and its
/// tokens are for the official API only.
pub const DEV_CLIENT_ID: &str = "dev-app-client-id";
pub const CLIENT_SECRET: &str = "test-client-secret-value";
pub const USER_ID: u64 = 424242;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Poll {
    Pending,
    SlowDown,
    Denied,
    Expired,
    Grant,
    /// A 400 the token endpoint is not documented to give.
    Odd,
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: String,
    pub at: Instant,
    pub status: u16,
    /// A form-encoded body as sent (empty otherwise).
    pub form: String,
}

#[derive(Default)]
pub struct Fake {
    pub log: Vec<Logged>,
    pub poll_script: Vec<Poll>,
    pub device_codes: HashMap<String, usize>,
    pub access: HashMap<String, (u64, i64)>,
    pub refresh: HashSet<String>,
    pub used_refresh: HashSet<String>,
    pub rotate_refresh: bool,
    pub token_lifetime_s: i64,
    pub counter: u64,
    pub tracks: BTreeMap<u64, Value>,
    pub playlists: BTreeMap<String, PlaylistState>,
    pub favorites: BTreeMap<String, Vec<(u64, String)>>,
    pub fail_429: u32,
    pub retry_after_s: u64,
    pub fail_5xx: u32,
    pub fail_412: u32,
    /// Refuse every client at the token endpoint (`invalid_client`), as TIDAL does for an app
    /// that was deleted or a wrong secret.
    pub refuse_clients: bool,
    /// When non-zero, the nth (1-based) POST of playlist items from now on fails with 503.
    pub fail_nth_item_post: u32,
    /// Items dropped from each page after the first of a favourites listing (short pages).
    pub short_page_drop: usize,
    /// The username the token endpoint reports (default `someone@example.com`).
    pub username: Option<String>,
    /// Authorization codes issued by /authorize: code -> (challenge, redirect_uri, used).
    pub auth_codes: HashMap<String, (String, String, bool)>,
    /// Access and refresh tokens of developer apps (refused on /v1).
    pub third_party: HashSet<String>,
    /// /authorize answers `error=access_denied`.
    pub deny_consent: bool,
    /// Official API writes by Idempotency-Key: the answer given.
    pub idempotent: HashMap<String, (u16, Value)>,
    /// This many official API writes are applied but answered 503 (a lost answer).
    pub drop_v2_write_answers: u32,
    /// The official API's token bucket (tokens left, refilled one a second), when set: each
    /// request takes one; empty, it answers 429 with `x-ratelimit-*` headers and no Retry-After.
    pub v2_bucket: Option<(f64, Instant)>,
    /// Requests the official API refused for an empty bucket.
    pub v2_bucket_refusals: u32,
    /// Scopes each developer-app token was issued with (from the token request).
    pub granted_scopes: HashMap<String, Vec<String>>,
    /// Official-API exchanges that broke TIDAL's OpenAPI document (`oas.rs`), each naming its
    /// rule; a test that leaves any fails (`assert_contract`).
    pub violations: Vec<String>,
    /// The answer TIDAL gives the request being handled, when the contract check refused it.
    pub refusal: Option<(u16, Value)>,
    /// Playlists the user favourited (official API): uuid and when.
    pub favorite_playlists: Vec<(String, String)>,
    /// This many resends of a write whose key is known are answered 409 (still processing).
    pub in_progress_answers: u32,
    /// /authorize redirects without `state` (no source says TIDAL echoes it).
    pub omit_state: bool,
    /// The code exchange answers without `user` (so the client asks /users/me).
    pub token_without_user: bool,
    /// /users/me answers 503.
    pub users_me_down: bool,
    /// Token requests that carried the client secret as HTTP Basic instead of a form field.
    pub basic_secrets: u32,
}

pub struct PlaylistState {
    pub title: String,
    pub description: String,
    pub items: Vec<u64>,
    pub etag: u64,
    pub public: bool,
}

pub type Shared = Arc<Mutex<Fake>>;

fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A v1 track with every field tidalapi 0.8.11 reads.
pub fn track_json(id: u64) -> Value {
    json!({
        "id": id, "title": format!("Track {id}"), "duration": 180 + id % 60, "explicit": id.is_multiple_of(7),
        "isrc": format!("TEST{:08}", id), "audioQuality": "LOSSLESS", "streamReady": !id.is_multiple_of(97), "allowStreaming": true,
        "stemReady": false, "djReady": true, "adSupportedStreamReady": true, "trackNumber": id % 10 + 1, "volumeNumber": 1,
        "streamStartDate": "2010-03-23T00:00:00.000+0000", "version": null, "copyright": "(P) Fake", "audioModes": ["STEREO"],
        "mediaMetadata": {"tags": ["LOSSLESS"]}, "url": format!("http://www.tidal.com/track/{id}"), "type": null,
        "artist": artist_json(9000 + id % 5),
        "artists": [artist_json(9000 + id % 5)],
        "album": {"id": 5000 + id / 10, "title": format!("Album {}", id / 10), "cover": "0a1b2c3d-0000-4000-8000-000000000001", "videoCover": null},
        "popularity": 50, "unknownNewField": {"x": 1}
    })
}

pub fn artist_json(id: u64) -> Value {
    json!({"id": id, "name": format!("Artist {}", id % 9000), "type": "MAIN", "picture": null, "popularity": 40})
}

/// A v1 album with every field tidalapi reads.
pub fn album_json(id: u64) -> Value {
    json!({"id": id, "title": format!("Album {}", id % 5000), "cover": "0a1b2c3d-0000-4000-8000-000000000001", "videoCover": null,
        "duration": 1800, "streamReady": true, "allowStreaming": true, "numberOfTracks": 10, "numberOfVideos": 0, "numberOfVolumes": 1,
        "releaseDate": "2010-03-23", "type": "ALBUM", "upc": format!("00602537{id:05}"), "explicit": false, "popularity": 40,
        "audioQuality": "LOSSLESS", "artist": artist_json(9001), "artists": [artist_json(9001)]})
}

/// A v1 mix as pages list it.
pub fn mix_json(id: &str, title: &str, kind: &str) -> Value {
    let image = json!({"url": "https://images.example/mix.jpg", "width": 320, "height": 320});
    json!({"id": id, "title": title, "subTitle": "A, B", "shortSubtitle": "A, B", "mixType": kind, "contentBehavior": "UNRESTRICTED",
        "sharingImages": null, "images": {"SMALL": image, "MEDIUM": image, "LARGE": image}})
}

impl Fake {
    pub fn new() -> Fake {
        let mut f = Fake {
            token_lifetime_s: 3600,
            retry_after_s: 1,
            ..Default::default()
        };
        for id in 1..=1000 {
            f.tracks.insert(id, track_json(id));
        }
        f
    }

    /// A valid access token for the test user (as if logged in), with its refresh token.
    pub fn issue(&mut self, lifetime_s: i64) -> (String, String) {
        self.issue_for(USER_ID, lifetime_s)
    }

    /// Tokens of another TIDAL user.
    pub fn issue_for(&mut self, user: u64, lifetime_s: i64) -> (String, String) {
        self.counter += 1;
        let a = format!("fake-access-{}-{}", self.counter, rand_suffix());
        let r = format!("fake-refresh-{}-{}", self.counter, rand_suffix());
        self.access.insert(a.clone(), (user, now_s() + lifetime_s));
        self.refresh.insert(r.clone());
        (a, r)
    }

    pub fn count(&self, method: &str, path_prefix: &str) -> usize {
        self.log
            .iter()
            .filter(|l| l.method == method && l.path.starts_with(path_prefix))
            .count()
    }

    pub fn add_playlist(&mut self, uuid: &str, title: &str, items: Vec<u64>) {
        self.playlists.insert(
            uuid.into(),
            PlaylistState {
                title: title.into(),
                description: String::new(),
                items,
                etag: 1,
                public: false,
            },
        );
    }
}

impl Fake {
    /// Starts a named stretch of the request log (`requests_in`).
    pub fn mark(&mut self, name: &str) {
        self.log.push(Logged {
            method: "MARK".into(),
            path: name.into(),
            query: String::new(),
            at: Instant::now(),
            status: 0,
            form: String::new(),
        });
    }

    /// The requests logged between the mark `name` and the next mark.
    pub fn requests_in(&self, name: &str) -> Vec<Logged> {
        self.log
            .iter()
            .skip_while(|l| !(l.method == "MARK" && l.path == name))
            .skip(1)
            .take_while(|l| l.method != "MARK")
            .cloned()
            .collect()
    }
}

fn form_text(h: &HeaderMap, body: &Bytes) -> String {
    let form = h
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if form {
        String::from_utf8_lossy(body).into_owned()
    } else {
        String::new()
    }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{:x}{:x}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn err(status: u16, sub: i64, msg: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({"status": status, "subStatus": sub, "userMessage": msg})),
    )
        .into_response()
}

fn oauth_err(status: u16, error: &str, sub: i64, desc: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(
            json!({"status": status, "error": error, "sub_status": sub, "error_description": desc}),
        ),
    )
        .into_response()
}

/// Starts the fake on 127.0.0.1 in its own runtime thread; returns its base URL.
pub fn start(shared: Shared) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = Router::new()
                .route(
                    "/v1/oauth2/device_authorization",
                    post(device_authorization),
                )
                .route("/v1/oauth2/token", post(token))
                .route("/authorize", axum::routing::get(authorize))
                .fallback(any(api))
                .with_state(shared);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr: SocketAddr = listener.local_addr().unwrap();
            tx.send(format!("http://{addr}")).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

fn form(body: &Bytes) -> HashMap<String, String> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
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

async fn device_authorization(State(s): State<Shared>, h: HeaderMap, body: Bytes) -> Response {
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

async fn token(State(s): State<Shared>, h: HeaderMap, body: Bytes) -> Response {
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
    let lifetime = st.token_lifetime_s;
    let username = st.username.clone().unwrap_or("someone@example.com".into());
    let user =
        json!({"userId": USER_ID, "countryCode": "DE", "username": username, "birthday": 12345});
    match grant.as_str() {
        "urn:ietf:params:oauth:grant-type:device_code" => {
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
                    let (a, r) = st.issue(lifetime);
                    Json(json!({"scope": "r_usr w_usr w_sub", "user": user, "token_type": "Bearer", "access_token": a, "refresh_token": r, "expires_in": lifetime, "user_id": USER_ID})).into_response()
                }
            }
        }
        "authorization_code" => {
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
            let (a, r) = st.issue(lifetime);
            st.third_party.insert(a.clone());
            st.third_party.insert(r.clone());
            let scopes: Vec<String> = f
                .get("scope")
                .map(|s| s.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default();
            st.granted_scopes.insert(a.clone(), scopes.clone());
            st.granted_scopes.insert(r.clone(), scopes);
            let mut answer = json!({"scope": f.get("scope"), "user": user, "token_type": "Bearer", "access_token": a, "refresh_token": r, "expires_in": lifetime, "user_id": USER_ID});
            if st.token_without_user {
                answer = json!({"scope": f.get("scope"), "token_type": "Bearer", "access_token": answer["access_token"], "refresh_token": answer["refresh_token"], "expires_in": lifetime});
            }
            Json(answer).into_response()
        }
        "refresh_token" => {
            let r = f.get("refresh_token").cloned().unwrap_or_default();
            if !st.refresh.contains(&r) || st.used_refresh.contains(&r) && st.rotate_refresh {
                // Reusing a rotated refresh token revokes the grant.
                st.refresh.clear();
                return oauth_err(400, "invalid_grant", 11101, "Refresh token is invalid");
            }
            st.counter += 1;
            let a = format!("fake-access-{}-{}", st.counter, rand_suffix());
            st.access.insert(a.clone(), (USER_ID, now_s() + lifetime));
            if st.third_party.contains(&r) {
                st.third_party.insert(a.clone());
            }
            if let Some(scopes) = st.granted_scopes.get(&r).cloned() {
                st.granted_scopes.insert(a.clone(), scopes);
            }
            let mut body = json!({"access_token": a, "token_type": "Bearer", "expires_in": lifetime, "user": user});
            if st.rotate_refresh {
                st.used_refresh.insert(r.clone());
                st.refresh.remove(&r);
                st.counter += 1;
                let nr = format!("fake-refresh-{}-{}", st.counter, rand_suffix());
                st.refresh.insert(nr.clone());
                if st.third_party.contains(&r) {
                    st.third_party.insert(nr.clone());
                }
                if let Some(scopes) = st.granted_scopes.get(&r).cloned() {
                    st.granted_scopes.insert(nr.clone(), scopes);
                }
                body["refresh_token"] = json!(nr);
            }
            Json(body).into_response()
        }
        _ => oauth_err(400, "unsupported_grant_type", 0, "?"),
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
async fn authorize(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
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

/// The v1 envelope for one page, or the 400/1001 answer for a page above the endpoint's cap.
fn items_page(
    all: Vec<Value>,
    q: &HashMap<String, String>,
    cap: usize,
) -> Result<Value, Box<Response>> {
    let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
    if limit > cap {
        return Err(Box::new(err(
            400,
            1001,
            &format!("Too big page, max page size is [{cap}]"),
        )));
    }
    let offset: usize = q.get("offset").and_then(|l| l.parse().ok()).unwrap_or(0);
    let total = all.len();
    let items: Vec<Value> = all.into_iter().skip(offset).take(limit).collect();
    Ok(json!({"limit": limit, "offset": offset, "totalNumberOfItems": total, "items": items}))
}

fn playlist_json(uuid: &str, p: &PlaylistState) -> Value {
    json!({"uuid": uuid, "title": p.title, "description": p.description, "numberOfTracks": p.items.len(), "numberOfVideos": 0, "creator": {"id": USER_ID},
           "duration": 0, "lastUpdated": "2020-09-19T16:48:19.032+0000", "created": "2020-09-19T16:48:19.032+0000", "type": "USER", "publicPlaylist": p.public,
           "url": format!("http://www.tidal.com/playlist/{uuid}"), "image": null, "squareImage": null, "promotedArtists": [], "popularity": 0})
}

async fn api(
    State(s): State<Shared>,
    method: Method,
    uri: Uri,
    Query(q): Query<HashMap<String, String>>,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let (resp, checked) = {
        let mut st = s.lock().unwrap();
        let mut entry = Logged {
            method: method.to_string(),
            path: path.clone(),
            query: uri.query().unwrap_or("").to_string(),
            at: Instant::now(),
            status: 200,
            form: form_text(&h, &body),
        };
        if let Some(name) = path.strip_prefix("/__mark/") {
            st.mark(name);
            return StatusCode::NO_CONTENT.into_response();
        }
        let checked = path.strip_prefix("/openapi/v2").and_then(|rest| {
            check_official_request(&mut st, &method, rest, &entry.query, &h, &body)
        });
        let resp = route(&mut st, &method, &path, &entry.query, &q, &h, &body);
        st.refusal = None;
        entry.status = resp.status().as_u16();
        st.log.push(entry);
        (resp, checked)
    };
    match checked {
        Some(template) => check_official_answer(&s, &method, &template, resp).await,
        None => resp,
    }
}

/// Holds an official-API request to TIDAL's OpenAPI document; what breaks it is recorded in
/// `violations`. Returns the operation's path template.
fn check_official_request(
    st: &mut Fake,
    method: &Method,
    path: &str,
    query: &str,
    h: &HeaderMap,
    body: &Bytes,
) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let headers: Vec<(String, String)> = h
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let doc: Option<Value> =
        (!body.is_empty()).then(|| serde_json::from_slice(body).unwrap_or(Value::Null));
    let bearer = bearer_of(h);
    let granted = st.granted_scopes.get(bearer).cloned();
    let (op, found) = oas::contract().check_request(
        method.as_str(),
        path,
        &pairs,
        &headers,
        doc.as_ref(),
        granted.as_deref(),
    );
    st.refusal = refusal_for(&found);
    for v in found {
        st.violations
            .push(format!("{v} (request {method} {path}?{query})"));
    }
    op.map(|o| o.template.clone())
}

/// What TIDAL answers a request that breaks these rules: the document says parameters and
/// include paths it cannot honour are rejected with 400; an operation above the app's access
/// tier is refused (403); a path it does not have is 404. Other rules are the client's to keep
/// and are only recorded.
fn refusal_for(found: &[oas::Violation]) -> Option<(u16, Value)> {
    let v = found.iter().find(|v| {
        matches!(
            v.rule,
            "unknown-operation"
                | "access-tier"
                | "include-path"
                | "include-depth"
                | "include-count"
                | "parameter-value"
                | "missing-parameter"
        ) || v.rule == "undeclared-parameter"
            && (v.detail.contains("`filter[") || v.detail.contains("`sort`"))
    })?;
    let (status, code, detail) = match v.rule {
        "unknown-operation" => (404, "NOT_FOUND", v.detail.clone()),
        "access-tier" => (
            403,
            "FORBIDDEN",
            "Client does not have required access tier".to_string(),
        ),
        _ => (400, "INVALID_REQUEST", v.detail.clone()),
    };
    Some(fake_official::error(status, code, &detail))
}

/// Holds the fake's answer to the operation's response schema (recorded like a request's).
async fn check_official_answer(
    s: &Shared,
    method: &Method,
    template: &str,
    resp: Response,
) -> Response {
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let doc: Value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    let c = oas::contract();
    if let Some(op) = c
        .operations
        .iter()
        .find(|o| o.method == method.as_str() && o.template == template)
    {
        let found = c.check_response(op, parts.status.as_u16(), &doc);
        let mut st = s.lock().unwrap();
        for v in found {
            st.violations.push(format!("{v} (answer)"));
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

fn bearer_of(h: &HeaderMap) -> &str {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
}

/// Fails the calling test when the official API was used against TIDAL's OpenAPI document.
pub fn assert_contract(fake: &Shared) {
    if std::thread::panicking() {
        return;
    }
    let v = std::mem::take(&mut fake.lock().unwrap().violations);
    assert!(
        v.is_empty(),
        "{} violation(s) of TIDAL's OpenAPI document:\n{}",
        v.len(),
        v.join("\n")
    );
}

fn route(
    st: &mut Fake,
    method: &Method,
    path: &str,
    raw_query: &str,
    q: &HashMap<String, String>,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    let official = path.starts_with("/openapi/v2/");
    if st.fail_429 > 0 {
        st.fail_429 -= 1;
        let mut r = if official {
            v2_err(429, "RATE_LIMITED", "Too many requests")
        } else {
            err(429, 0, "Too many requests")
        };
        r.headers_mut()
            .insert("retry-after", st.retry_after_s.to_string().parse().unwrap());
        return r;
    }
    if st.fail_5xx > 0 {
        st.fail_5xx -= 1;
        return if official {
            v2_err(503, "SERVICE_UNAVAILABLE", "Service unavailable")
        } else {
            err(503, 0, "Service unavailable")
        };
    }
    if st.fail_nth_item_post > 0 && method == Method::POST && path.ends_with("/items") {
        st.fail_nth_item_post -= 1;
        if st.fail_nth_item_post == 0 {
            return err(503, 0, "Service unavailable");
        }
    }
    let bearer = h
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    match st.access.get(bearer) {
        None => return err(401, 11002, "Token has invalid payload"),
        Some((_, exp)) if *exp <= now_s() => {
            return err(401, 11003, "The token has expired. (Expired on time)");
        }
        _ => {}
    }
    if st.third_party.contains(bearer) && path.starts_with("/v1/") {
        return err(
            403,
            0,
            "Third-party apps use the TIDAL API at openapi.tidal.com",
        );
    }
    if path.starts_with("/openapi/v2/") {
        return v2_route(st, method, path, raw_query, h, body);
    }
    if path == "/v1/sessions" {
        // Whose the token is.
        let user = st.access.get(bearer).map_or(USER_ID, |(u, _)| *u);
        return Json(json!({"sessionId": "2b8e2f0c", "userId": user, "countryCode": "DE", "channelId": 70, "partnerId": 1})).into_response();
    }
    if path == "/v1/logout" {
        st.access.remove(bearer);
        return StatusCode::NO_CONTENT.into_response();
    }
    if q.get("countryCode").is_none_or(|c| c.is_empty()) {
        return err(400, 1002, "countryCode parameter missing");
    }
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let f = form(body);
    let not_found = || err(404, 2001, "Not found");
    let ok = |v: Value| Json(v).into_response();
    let page = |all: Vec<Value>, cap| match items_page(all, q, cap) {
        Ok(v) => Json(v).into_response(),
        Err(r) => *r,
    };
    match (method.as_str(), seg.as_slice()) {
        ("GET", ["v1", "tracks", id]) => id
            .parse::<u64>()
            .ok()
            .and_then(|i| st.tracks.get(&i).cloned())
            .map(ok)
            .unwrap_or_else(not_found),
        ("GET", ["v1", "tracks", id, "radio"]) | ("GET", ["v1", "artists", id, "radio"]) => {
            let base: u64 = id.parse().unwrap_or(1) % 900;
            page((base + 1..base + 41).map(track_json).collect(), 100)
        }
        ("GET", ["v1", "tracks", id, "lyrics"]) => ok(
            json!({"trackId": id.parse::<u64>().unwrap_or(0), "lyricsProvider": "Fake", "providerCommontrackId": "1", "providerLyricsId": "2",
                "lyrics": "la la la", "subtitles": "[00:01.00] la", "isRightToLeft": false}),
        ),
        ("GET", ["v1", "search"]) => {
            let query = q.get("query").cloned().unwrap_or_default().to_lowercase();
            let hits: Vec<Value> = st
                .tracks
                .values()
                .filter(|t| {
                    t["title"]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(&query)
                })
                .cloned()
                .collect();
            // A query that names a track gets that track as its top hit, others an artist.
            let top_hit = match hits.first() {
                Some(t) if query.starts_with("track") => json!({"type": "TRACKS", "value": t}),
                _ => json!({"type": "ARTISTS", "value": artist_json(9001)}),
            };
            let tracks = items_page(hits, q, 300).unwrap_or_default();
            let empty = json!({"limit": 10, "offset": 0, "totalNumberOfItems": 0, "items": []});
            ok(
                json!({"artists": {"limit": 10, "offset": 0, "totalNumberOfItems": 1, "items": [artist_json(9001)]}, "albums": empty, "playlists": empty, "videos": empty, "tracks": tracks, "topHit": top_hit}),
            )
        }
        ("GET", ["v1", "albums", id]) => ok(album_json(id.parse().unwrap_or(0))),
        ("GET", ["v1", "albums", id, "tracks"]) => {
            let a: u64 = id.parse::<u64>().unwrap_or(0).saturating_sub(5000);
            page(
                (a * 10..a * 10 + 10)
                    .filter(|i| *i > 0)
                    .map(track_json)
                    .collect(),
                50,
            )
        }
        ("GET", ["v1", "albums", _, "similar"]) => {
            page((0..5).map(|i| album_json(5050 + i)).collect(), 50)
        }
        ("GET", ["v1", "artists", id]) => ok(artist_json(id.parse().unwrap_or(0))),
        ("GET", ["v1", "users", id]) if id.parse::<u64>() == Ok(USER_ID) => {
            let name = st.username.clone().unwrap_or("someone@example.com".into());
            ok(
                json!({"id": USER_ID, "username": name, "email": name, "firstName": "Some", "lastName": "One", "countryCode": "DE", "picture": null}),
            )
        }
        ("GET", ["v1", "artists", _, "toptracks"]) => page((1..=30).map(track_json).collect(), 50),
        ("GET", ["v1", "artists", _, "albums"]) => {
            page((0..3).map(|i| album_json(5000 + i)).collect(), 50)
        }
        ("GET", ["v1", "artists", _, "similar"]) => page(
            (0..4)
                .map(|i| json!({"id": 9100 + i, "name": format!("Similar {i}")}))
                .collect(),
            50,
        ),
        ("GET", ["v1", "pages", "my_collection_my_mixes"]) => ok(
            json!({"title": "My Mixes", "rows": [{"modules": [{"type": "MIX_LIST", "title": "My Mixes",
                "pagedList": {"limit": 50, "offset": 0, "totalNumberOfItems": 1, "items": [mix_json("mix001", "My Mix 1", "DISCOVERY_MIX")]}}]}]}),
        ),
        // A mix's page: its header, then its tracks (how tidalapi reads a mix).
        ("GET", ["v1", "pages", "mix"]) => {
            let id = q.get("mixId").cloned().unwrap_or_default();
            let tracks: Vec<Value> = (1..=20).map(track_json).collect();
            ok(json!({"title": "Mix", "rows": [
                {"modules": [{"type": "MIX_HEADER", "title": "", "mix": mix_json(&id, &format!("Mix {id}"), "DISCOVERY_MIX")}]},
                {"modules": [{"type": "TRACK_LIST", "title": "Tracks", "pagedList": {"limit": 100, "offset": 0, "totalNumberOfItems": 20, "items": tracks}}]}]}))
        }
        // Playlists in the collection's folders (tidalapi's create and favourite calls).
        (
            "PUT",
            [
                "v2",
                "my-collection",
                "playlists",
                "folders",
                "create-playlist",
            ],
        ) => {
            st.counter += 1;
            let uuid = format!("00000000-0000-4000-8000-{:012}", st.counter);
            st.add_playlist(&uuid, q.get("name").map_or("", String::as_str), vec![]);
            st.playlists.get_mut(&uuid).unwrap().description =
                q.get("description").cloned().unwrap_or_default();
            ok(
                json!({"trn": format!("trn:playlist:{uuid}"), "itemType": "PLAYLIST", "addedAt": "2026-01-01T00:00:00.000+0000",
                "data": playlist_json(&uuid, &st.playlists[&uuid])}),
            )
        }
        (
            "PUT",
            [
                "v2",
                "my-collection",
                "playlists",
                "folders",
                action @ ("add-favorites" | "remove"),
            ],
        ) => {
            let ids: Vec<String> = q
                .get(if *action == "remove" { "trns" } else { "uuids" })
                .map(|v| {
                    v.split(',')
                        .map(|x| x.trim_start_matches("trn:playlist:").to_string())
                        .collect()
                })
                .unwrap_or_default();
            for id in ids {
                st.favorite_playlists.retain(|(x, _)| *x != id);
                if *action == "add-favorites" {
                    st.favorite_playlists
                        .insert(0, (id, "2026-01-01T00:00:00.000+0000".into()));
                }
            }
            ok(json!({}))
        }
        ("GET", ["v2", "favorites", "mixes"]) => {
            let items: Vec<Value> = st
                .favorites
                .get("mixes")
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|(id, _)| {
                    let image = json!({"url": "https://images.example/mix.jpg"});
                    let images = json!({"SMALL": image, "MEDIUM": image, "LARGE": image});
                    let text = json!({"text": format!("Mix {id}"), "color": "#FFFFFF"});
                    json!({"id": format!("mix{id:03}"), "title": format!("Mix {id}"), "subTitle": "A, B", "mixType": "ARTIST_MIX",
                        "images": images, "detailImages": images, "master": false, "titleTextInfo": text, "subTitleTextInfo": text,
                        "dateAdded": "2026-01-01T00:00:00.000+0000", "updated": "2026-01-01T00:00:00.000+0000"})
                })
                .collect();
            ok(json!({"items": items, "cursor": null}))
        }
        ("PUT", ["v2", "favorites", "mixes", action]) => {
            let ids: Vec<u64> = q
                .get("mixIds")
                .map(|v| {
                    v.split(',')
                        .filter_map(|x| x.trim_start_matches("mix").parse().ok())
                        .collect()
                })
                .unwrap_or_default();
            let list = st.favorites.entry("mixes".into()).or_default();
            for id in ids {
                list.retain(|(i, _)| *i != id);
                if *action == "add" {
                    list.push((id, "2026-01-01T00:00:00.000+0000".into()));
                }
            }
            ok(json!({}))
        }
        ("GET", ["v1", "users", _, "playlists"])
        | ("GET", ["v1", "users", _, "playlistsAndFavoritePlaylists"]) => {
            let all: Vec<Value> = st
                .playlists
                .iter()
                .map(|(u, p)| playlist_json(u, p))
                .collect();
            page(all, 50)
        }
        ("PUT", ["v2", "playlists", uuid, action]) => match st.playlists.get_mut(*uuid) {
            Some(p) => {
                p.public = *action == "set-public";
                ok(json!({}))
            }
            None => not_found(),
        },
        (m, ["v1", "playlists", uuid, rest @ ..]) => playlist_route(st, m, uuid, rest, q, h, &f),
        ("GET", ["v1", "users", _, "favorites", kind]) => {
            let list = st.favorites.get(*kind).cloned().unwrap_or_default();
            let drop = st.short_page_drop;
            let offset: usize = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
            let items: Vec<Value> = list.iter().map(|(id, created)| json!({"created": created, "item": if *kind == "tracks" { track_json(*id) } else { json!({"id": id, "title": format!("{kind} {id}"), "name": format!("{kind} {id}")}) }})).collect();
            match items_page(items, q, 50) {
                Ok(mut v) => {
                    // A short page: items unavailable in the country are left out.
                    if drop > 0 && offset > 0 {
                        let arr = v["items"].as_array_mut().unwrap();
                        let keep = arr.len().saturating_sub(drop);
                        arr.truncate(keep);
                    }
                    ok(v)
                }
                Err(r) => *r,
            }
        }
        ("POST", ["v1", "users", _, "favorites", kind]) => {
            // The names tidalapi sends (comma-joined ids); playlists go through the v2 folders.
            let field = ["trackId", "albumId", "artistId", "videoIds"];
            let ids: Vec<u64> = field
                .iter()
                .filter_map(|k| f.get(*k))
                .flat_map(|v| {
                    v.split(',')
                        .filter_map(|x| x.parse().ok())
                        .collect::<Vec<_>>()
                })
                .collect();
            let list = st.favorites.entry(kind.to_string()).or_default();
            for id in ids {
                if !list.iter().any(|(i, _)| *i == id) {
                    list.insert(0, (id, "2026-01-01T00:00:00.000+0000".into()));
                }
            }
            ok(json!({}))
        }
        ("DELETE", ["v1", "users", _, "favorites", kind, id]) => {
            if let (Some(list), Ok(id)) = (st.favorites.get_mut(*kind), id.parse::<u64>()) {
                list.retain(|(i, _)| *i != id);
            }
            ok(json!({}))
        }
        _ => not_found(),
    }
}

fn playlist_route(
    st: &mut Fake,
    m: &str,
    uuid: &str,
    rest: &[&str],
    q: &HashMap<String, String>,
    h: &HeaderMap,
    f: &HashMap<String, String>,
) -> Response {
    let Some(p) = st.playlists.get(uuid) else {
        return err(404, 2001, "Playlist not found");
    };
    let etag_ok = |st: &mut Fake| -> bool {
        if st.fail_412 > 0 {
            st.fail_412 -= 1;
            return false;
        }
        // A write without If-None-Match is taken (tidalapi renames without one, and works);
        // a stale ETag is refused.
        match h.get("if-none-match").and_then(|v| v.to_str().ok()) {
            Some(sent) => sent.trim_matches('"') == st.playlists[uuid].etag.to_string(),
            None => true,
        }
    };
    let with_etag = |v: Value, etag: u64| {
        let mut r = Json(v).into_response();
        r.headers_mut()
            .insert("etag", format!("\"{etag}\"").parse().unwrap());
        r
    };
    let precondition = || {
        err(
            412,
            7002,
            "You must send the correct Etag value in the If-None-Match header to modify a playlist",
        )
    };
    match (m, rest) {
        ("GET", []) => with_etag(playlist_json(uuid, p), p.etag),
        ("GET", ["items"]) => {
            // Only the page asked for is built (a long playlist is read page by page).
            let offset: usize = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
            let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
            let page: Vec<Value> = p
                .items
                .iter()
                .skip(offset)
                .take(limit)
                .map(|i| json!({"item": track_json(*i), "type": "track", "cut": null}))
                .collect();
            if limit > 100 {
                return err(400, 1001, "Too big page, max page size is [100]");
            }
            let v = json!({"limit": limit, "offset": offset, "totalNumberOfItems": p.items.len(), "items": page});
            with_etag(v, p.etag)
        }
        ("POST", []) => {
            if !etag_ok(st) {
                return precondition();
            }
            let p = st.playlists.get_mut(uuid).unwrap();
            if let Some(t) = f.get("title") {
                p.title = t.clone();
            }
            if let Some(d) = f.get("description") {
                p.description = d.clone();
            }
            p.etag += 1;
            with_etag(json!({}), p.etag)
        }
        ("DELETE", []) => {
            st.playlists.remove(uuid);
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", ["items"]) => {
            if !etag_ok(st) {
                return precondition();
            }
            let ids: Vec<u64> = f
                .get("trackIds")
                .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
                .unwrap_or_default();
            let skip_dupes = f.get("onDupes").map(String::as_str) == Some("SKIP");
            // Unknown tracks: skipped with onArtifactNotFound=SKIP, refused otherwise.
            let (ids, unknown): (Vec<u64>, Vec<u64>) =
                ids.into_iter().partition(|i| st.tracks.contains_key(i));
            if !unknown.is_empty()
                && f.get("onArtifactNotFound").map(String::as_str) != Some("SKIP")
            {
                return err(404, 2001, &format!("Track [{}] not found", unknown[0]));
            }
            let p = st.playlists.get_mut(uuid).unwrap();
            let mut at = f
                .get("toIndex")
                .and_then(|x| x.parse::<usize>().ok())
                .unwrap_or(p.items.len())
                .min(p.items.len());
            let mut added = Vec::new();
            for id in ids {
                if skip_dupes && p.items.contains(&id) {
                    continue;
                }
                p.items.insert(at, id);
                at += 1;
                added.push(id);
            }
            p.etag += 1;
            with_etag(json!({"lastUpdated": 1, "addedItemIds": added}), p.etag)
        }
        ("DELETE", ["items", list]) => {
            if !etag_ok(st) {
                return precondition();
            }
            let mut idx: Vec<usize> = list.split(',').filter_map(|x| x.parse().ok()).collect();
            idx.sort_unstable_by(|a, b| b.cmp(a));
            let p = st.playlists.get_mut(uuid).unwrap();
            for i in idx {
                if i < p.items.len() {
                    p.items.remove(i);
                }
            }
            p.etag += 1;
            with_etag(json!({}), p.etag)
        }
        ("POST", ["items", list]) => {
            if !etag_ok(st) {
                return precondition();
            }
            let idx: Vec<usize> = list.split(',').filter_map(|x| x.parse().ok()).collect();
            let to: usize = f.get("toIndex").and_then(|x| x.parse().ok()).unwrap_or(0);
            let p = st.playlists.get_mut(uuid).unwrap();
            let moving: Vec<u64> = idx
                .iter()
                .filter_map(|i| p.items.get(*i).copied())
                .collect();
            let before = p.items.get(to).copied();
            let mut sorted = idx.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            for i in sorted {
                if i < p.items.len() {
                    p.items.remove(i);
                }
            }
            let pos = before
                .and_then(|b| p.items.iter().position(|x| *x == b))
                .unwrap_or(p.items.len());
            for (k, id) in moving.into_iter().enumerate() {
                p.items.insert(pos + k, id);
            }
            p.etag += 1;
            with_etag(json!({}), p.etag)
        }
        _ => err(404, 2001, "Not found"),
    }
}

/// The official API (JSON:API), as the OAS describes it: resources with `attributes` and
/// `relationships`, `included`, cursor pages of 20 with `links.next`, writes of 1-50 items,
/// `Idempotency-Key` replay (a repeated key answers what the first request got, applying
/// nothing again), 404 error documents.
fn v2_route(
    st: &mut Fake,
    method: &Method,
    path: &str,
    raw_query: &str,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    let Some((tokens, since)) = st.v2_bucket else {
        return v2_answer(st, method, path, raw_query, h, body);
    };
    let now = Instant::now();
    let tokens = (tokens + now.duration_since(since).as_secs_f64()).min(2.0);
    let (left, mut r) = if tokens >= 1.0 {
        (
            tokens - 1.0,
            v2_answer(st, method, path, raw_query, h, body),
        )
    } else {
        st.v2_bucket_refusals += 1;
        (tokens, v2_err(429, "RATE_LIMITED", "Rate limit exceeded"))
    };
    st.v2_bucket = Some((left, now));
    for (k, v) in [
        ("x-ratelimit-remaining", format!("{}", left.floor())),
        ("x-ratelimit-requested-tokens", "1".into()),
        ("x-ratelimit-burst-capacity", "2".into()),
        ("x-ratelimit-replenish-rate", "1".into()),
    ] {
        r.headers_mut().insert(k, v.parse().unwrap());
    }
    r
}

/// The official API's answer (`fake_official.rs`), unless the contract check refused the request
/// as TIDAL would (400 for a parameter or include it cannot honour, 403 for a tier above the
/// app's); a write whose answer `drop_v2_write_answers` loses is applied and answered 503.
fn v2_answer(
    st: &mut Fake,
    method: &Method,
    path: &str,
    raw_query: &str,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    let (status, doc) = match st.refusal.take() {
        Some(refused) => refused,
        None => {
            let q: Vec<(String, String)> =
                serde_urlencoded::from_str(raw_query).unwrap_or_default();
            let key = h.get("idempotency-key").and_then(|v| v.to_str().ok());
            let rest = path.strip_prefix("/openapi/v2").unwrap_or(path);
            let out = fake_official::answer(st, method.as_str(), rest, &q, key, body);
            if key.is_some() && method != Method::GET && st.drop_v2_write_answers > 0 {
                // The write is applied; its answer is lost on the way back.
                st.drop_v2_write_answers -= 1;
                return v2_err(503, "SERVICE_UNAVAILABLE", "upstream connection reset");
            }
            out
        }
    };
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/vnd.api+json")],
        Json(doc),
    )
        .into_response()
}

fn v2_err(status: u16, code: &str, detail: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/vnd.api+json")],
        Json(json!({"errors": [{"status": status.to_string(), "code": code, "detail": detail}]})),
    )
        .into_response()
}
