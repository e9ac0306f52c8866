//! A fake TIDAL on loopback that behaves as docs/reference/tidal-api.md describes: device
//! flow with scripted outcomes, expiring tokens and refresh (optionally rotating, revoking a
//! reused refresh token), /v1/sessions, a small catalogue, search, playlists with real ETags and
//! 412s, favourites, mixes, lyrics, per-endpoint page caps (400/1001), missing countryCode
//! (400/1002), 404/2001, injectable 429 + Retry-After and 5xx, and a request log.

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
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: String,
    pub at: Instant,
    pub status: u16,
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

pub fn track_json(id: u64) -> Value {
    json!({
        "id": id, "title": format!("Track {id}"), "duration": 180 + id % 60, "explicit": id.is_multiple_of(7),
        "isrc": format!("TEST{:08}", id), "audioQuality": "LOSSLESS", "streamReady": !id.is_multiple_of(97), "allowStreaming": true,
        "artist": {"id": 9000 + id % 5, "name": format!("Artist {}", id % 5)},
        "artists": [{"id": 9000 + id % 5, "name": format!("Artist {}", id % 5), "type": "MAIN"}],
        "album": {"id": 5000 + id / 10, "title": format!("Album {}", id / 10)},
        "popularity": 50, "unknownNewField": {"x": 1}
    })
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
        self.counter += 1;
        let a = format!("fake-access-{}-{}", self.counter, rand_suffix());
        let r = format!("fake-refresh-{}-{}", self.counter, rand_suffix());
        self.access
            .insert(a.clone(), (USER_ID, now_s() + lifetime_s));
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
    });
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
            Json(json!({"scope": f.get("scope"), "user": user, "token_type": "Bearer", "access_token": a, "refresh_token": r, "expires_in": lifetime, "user_id": USER_ID})).into_response()
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
    let state = url_encode(&get("state"));
    let location = if st.deny_consent {
        format!("{redirect}?error=access_denied&state={state}")
    } else {
        st.counter += 1;
        let code = format!("authcode-{}-{}", st.counter, rand_suffix());
        st.auth_codes.insert(
            code.clone(),
            (get("code_challenge"), redirect.clone(), false),
        );
        format!("{redirect}?code={code}&state={state}")
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
           "duration": 0, "lastUpdated": "2020-09-19T16:48:19.032+0000", "created": "2020-09-19T16:48:19.032+0000", "type": "USER", "publicPlaylist": p.public, "url": format!("http://www.tidal.com/playlist/{uuid}")})
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
    let mut st = s.lock().unwrap();
    let mut entry = Logged {
        method: method.to_string(),
        path: path.clone(),
        query: uri.query().unwrap_or("").to_string(),
        at: Instant::now(),
        status: 200,
    };
    let resp = route(&mut st, &method, &path, &q, &h, &body);
    entry.status = resp.status().as_u16();
    st.log.push(entry);
    resp
}

fn route(
    st: &mut Fake,
    method: &Method,
    path: &str,
    q: &HashMap<String, String>,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    if st.fail_429 > 0 {
        st.fail_429 -= 1;
        let mut r = err(429, 0, "Too many requests");
        r.headers_mut()
            .insert("retry-after", st.retry_after_s.to_string().parse().unwrap());
        return r;
    }
    if st.fail_5xx > 0 {
        st.fail_5xx -= 1;
        return err(503, 0, "Service unavailable");
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
        return v2_route(st, method, path, q, h, body, bearer);
    }
    if path == "/v1/sessions" {
        return Json(json!({"sessionId": "2b8e2f0c", "userId": USER_ID, "countryCode": "DE", "channelId": 70, "partnerId": 1})).into_response();
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
            json!({"trackId": id, "lyricsProvider": "Fake", "lyrics": "la la la", "subtitles": "[00:01.00] la"}),
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
                _ => json!({"type": "ARTISTS", "value": {"id": 9001, "name": "Artist 1"}}),
            };
            let tracks = items_page(hits, q, 300).unwrap_or_default();
            let empty = json!({"limit": 10, "offset": 0, "totalNumberOfItems": 0, "items": []});
            ok(
                json!({"artists": {"limit": 10, "offset": 0, "totalNumberOfItems": 1, "items": [{"id": 9001, "name": "Artist 1"}]}, "albums": empty, "playlists": empty, "videos": empty, "tracks": tracks, "topHit": top_hit}),
            )
        }
        ("GET", ["v1", "albums", id]) => ok(
            json!({"id": id.parse::<u64>().unwrap_or(0), "title": format!("Album {id}"), "numberOfTracks": 10, "releaseDate": "2010-03-23", "type": "ALBUM", "artists": [{"id": 9001, "name": "Artist 1"}]}),
        ),
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
        ("GET", ["v1", "albums", _, "similar"]) => page(
            (0..5)
                .map(|i| json!({"id": 5100 + i, "title": format!("Similar {i}")}))
                .collect(),
            50,
        ),
        ("GET", ["v1", "artists", id]) => ok(
            json!({"id": id.parse::<u64>().unwrap_or(0), "name": format!("Artist {id}"), "popularity": 40}),
        ),
        ("GET", ["v1", "artists", _, "toptracks"]) => page((1..=30).map(track_json).collect(), 50),
        ("GET", ["v1", "artists", _, "albums"]) => page(
            (0..3)
                .map(|i| json!({"id": 5000 + i, "title": format!("Album {i}"), "type": "ALBUM"}))
                .collect(),
            50,
        ),
        ("GET", ["v1", "artists", _, "similar"]) => page(
            (0..4)
                .map(|i| json!({"id": 9100 + i, "name": format!("Similar {i}")}))
                .collect(),
            50,
        ),
        ("GET", ["v1", "pages", "my_collection_my_mixes"]) => ok(
            json!({"rows": [{"modules": [{"pagedList": {"items": [{"id": "mix001", "title": "My Mix 1", "subTitle": "A, B", "mixType": "DISCOVERY_MIX"}]}}]}]}),
        ),
        ("GET", ["v2", "favorites", "mixes"]) => {
            let items: Vec<Value> = st
                .favorites
                .get("mixes")
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|(id, _)| json!({"id": format!("mix{id:03}"), "title": format!("Mix {id}")}))
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
        ("GET", ["v1", "mixes", _, "items"]) => page(
            (1..=20)
                .map(|i| json!({"item": track_json(i), "type": "track"}))
                .collect(),
            100,
        ),
        ("GET", ["v1", "users", _, "playlists"])
        | ("GET", ["v1", "users", _, "playlistsAndFavoritePlaylists"]) => {
            let all: Vec<Value> = st
                .playlists
                .iter()
                .map(|(u, p)| playlist_json(u, p))
                .collect();
            page(all, 50)
        }
        ("POST", ["v1", "users", _, "playlists"]) => {
            st.counter += 1;
            let uuid = format!("00000000-0000-4000-8000-{:012}", st.counter);
            let title = f.get("title").cloned().unwrap_or_default();
            st.add_playlist(&uuid, &title, vec![]);
            st.playlists.get_mut(&uuid).unwrap().description =
                f.get("description").cloned().unwrap_or_default();
            let mut r = (
                StatusCode::CREATED,
                Json(playlist_json(&uuid, &st.playlists[&uuid])),
            )
                .into_response();
            r.headers_mut().insert("etag", "\"1\"".parse().unwrap());
            r
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
            let field = [
                "trackIds",
                "trackId",
                "albumIds",
                "albumId",
                "artistIds",
                "artistId",
                "uuids",
                "videoIds",
            ];
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
        let sent = h
            .get("if-none-match")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .trim_matches('"')
            .to_string();
        sent == st.playlists[uuid].etag.to_string()
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
    q: &HashMap<String, String>,
    h: &HeaderMap,
    body: &Bytes,
    bearer: &str,
) -> Response {
    let Some((tokens, since)) = st.v2_bucket else {
        return v2_answer(st, method, path, q, h, body, bearer);
    };
    let now = Instant::now();
    let tokens = (tokens + now.duration_since(since).as_secs_f64()).min(2.0);
    let (left, mut r) = if tokens >= 1.0 {
        (
            tokens - 1.0,
            v2_answer(st, method, path, q, h, body, bearer),
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

#[allow(clippy::too_many_arguments)]
fn v2_answer(
    st: &mut Fake,
    method: &Method,
    path: &str,
    q: &HashMap<String, String>,
    h: &HeaderMap,
    body: &Bytes,
    _bearer: &str,
) -> Response {
    let key = h
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(k) = &key
        && let Some((status, doc)) = st.idempotent.get(k)
    {
        return (StatusCode::from_u16(*status).unwrap(), Json(doc.clone())).into_response();
    }
    let doc: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    // Like the real API: one level of include (`items`, not `items.artists`).
    if q.get("include").is_some_and(|i| i.contains('.')) {
        return v2_err(400, "INVALID_INCLUDE", "Nested include is not supported");
    }
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let username = st.username.clone().unwrap_or("someone@example.com".into());
    // `/openapi/v2/...`: the official API's paths follow.
    let (status, out): (u16, Value) = match (method.as_str(), &seg[2..]) {
        ("GET", ["users", "me"]) => (
            200,
            json!({"data": {"id": USER_ID.to_string(), "type": "users", "attributes": {"username": username, "country": "DE", "email": username}}}),
        ),
        ("GET", ["searchResults"]) => {
            let query = q
                .get("filter[query]")
                .cloned()
                .unwrap_or_default()
                .to_lowercase();
            let hits: Vec<u64> = st
                .tracks
                .iter()
                .filter(|(_, t)| {
                    t["title"]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(&query)
                })
                .map(|(id, _)| *id)
                .take(20)
                .collect();
            let mut included: Vec<Value> = hits.iter().map(|id| v2_track(*id)).collect();
            included.push(v2_artist(9001));
            let top = hits
                .first()
                .map(|id| json!({"type": "tracks", "id": id.to_string()}));
            (
                200,
                json!({"data": {"id": query, "type": "searchResults", "attributes": {"trackingId": "t"},
                "relationships": {
                    "tracks": {"data": hits.iter().map(|id| json!({"type": "tracks", "id": id.to_string()})).collect::<Vec<_>>()},
                    "artists": {"data": [{"type": "artists", "id": "9001"}]},
                    "albums": {"data": []}, "playlists": {"data": []}, "videos": {"data": []},
                    "topHits": {"data": top.into_iter().collect::<Vec<_>>()}}},
                "included": included}),
            )
        }
        ("GET", ["tracks"]) => {
            let isrc = q.get("filter[isrc]").cloned().unwrap_or_default();
            let hits: Vec<u64> = st
                .tracks
                .iter()
                .filter(|(_, t)| t["isrc"] == isrc)
                .map(|(id, _)| *id)
                .collect();
            let included: Vec<Value> = hits
                .iter()
                .flat_map(|i| [v2_artist(9000 + i % 5), v2_album(5000 + i / 10)])
                .collect();
            (
                200,
                json!({"data": hits.iter().map(|i| v2_track(*i)).collect::<Vec<_>>(), "included": included}),
            )
        }
        ("GET", ["tracks", id]) => {
            match id.parse::<u64>().ok().filter(|i| st.tracks.contains_key(i)) {
                Some(i) => (
                    200,
                    json!({"data": v2_track(i), "included": [v2_artist(9000 + i % 5), v2_album(5000 + i / 10)]}),
                ),
                None => return v2_err(404, "NOT_FOUND", "Resource not found"),
            }
        }
        ("GET", ["albums", id]) => (
            200,
            json!({"data": v2_album(id.parse().unwrap_or(0)), "included": [v2_artist(9001)]}),
        ),
        ("GET", ["albums", id, "relationships", "items"]) => {
            let a: u64 = id.parse::<u64>().unwrap_or(0).saturating_sub(5000);
            let ids: Vec<u64> = (a * 10..a * 10 + 10)
                .filter(|i| st.tracks.contains_key(i))
                .collect();
            cursor_page(
                &format!("/albums/{id}/relationships/items"),
                ids.iter()
                    .map(|i| {
                        (
                            json!({"type": "tracks", "id": i.to_string()}),
                            Some(v2_track(*i)),
                        )
                    })
                    .collect(),
                q,
            )
        }
        ("GET", ["artists"]) | ("GET", ["albums"]) => {
            let ids: Vec<u64> = q
                .get("filter[id]")
                .map(|f| f.split(',').filter_map(|x| x.parse().ok()).collect())
                .unwrap_or_default();
            let data: Vec<Value> = ids
                .iter()
                .map(|i| {
                    if seg[2] == "artists" {
                        v2_artist(*i)
                    } else {
                        v2_album(*i)
                    }
                })
                .collect();
            (200, json!({"data": data}))
        }
        ("GET", ["artists", id]) => (200, json!({"data": v2_artist(id.parse().unwrap_or(0))})),
        ("GET", ["playlists"]) => {
            let data: Vec<Value> = st
                .playlists
                .iter()
                .map(|(u, p)| v2_playlist(u, p))
                .collect();
            (200, json!({"data": data}))
        }
        ("POST", ["playlists"]) => {
            let a = &doc["data"]["attributes"];
            st.counter += 1;
            let uuid = format!("00000000-0000-4000-8000-{:012}", st.counter);
            st.add_playlist(&uuid, a["name"].as_str().unwrap_or(""), vec![]);
            st.playlists.get_mut(&uuid).unwrap().description =
                a["description"].as_str().unwrap_or("").to_string();
            (
                201,
                json!({"data": v2_playlist(&uuid, &st.playlists[&uuid])}),
            )
        }
        ("GET", ["playlists", id]) => match st.playlists.get(*id) {
            Some(p) => (200, json!({"data": v2_playlist(id, p)})),
            None => return v2_err(404, "NOT_FOUND", "Resource not found"),
        },
        ("DELETE", ["playlists", id]) => match st.playlists.remove(*id) {
            Some(_) => (204, Value::Null),
            None => return v2_err(404, "NOT_FOUND", "Resource not found"),
        },
        ("GET", ["playlists", id, "relationships", "items"]) if !id.starts_with("mix") => {
            match st.playlists.get(*id) {
                Some(p) => {
                    let rows = item_ids(&p.items).into_iter().zip(&p.items).map(|(item, t)| (json!({"type": "tracks", "id": t.to_string(), "meta": {"itemId": item, "addedAt": "2026-01-01T00:00:00Z"}}), Some(v2_track(*t)))).collect();
                    cursor_page(&format!("/playlists/{id}/relationships/items"), rows, q)
                }
                None => return v2_err(404, "NOT_FOUND", "Resource not found"),
            }
        }
        ("POST", ["playlists", id, "relationships", "items"]) => {
            let items = doc["data"].as_array().cloned().unwrap_or_default();
            if items.is_empty() || items.len() > 50 {
                return v2_err(400, "INVALID_REQUEST_BODY", "data must hold 1 to 50 items");
            }
            let known: Vec<u64> = st.tracks.keys().copied().collect();
            let Some(p) = st.playlists.get_mut(*id) else {
                return v2_err(404, "NOT_FOUND", "Resource not found");
            };
            let mut skipped = Vec::new();
            let mut at = match doc["meta"]["positionBefore"].as_str() {
                Some(b) => match item_ids(&p.items).iter().position(|x| x == b) {
                    Some(n) => n,
                    None => {
                        return v2_err(400, "INVALID_REQUEST_BODY", "positionBefore names no item");
                    }
                },
                None => p.items.len(),
            };
            for i in &items {
                match i["id"]
                    .as_str()
                    .and_then(|x| x.parse::<u64>().ok())
                    .filter(|t| known.contains(t))
                {
                    Some(t) => {
                        p.items.insert(at, t);
                        at += 1;
                    }
                    None => skipped.push(json!({"type": "tracks", "id": i["id"]})),
                }
            }
            p.etag += 1;
            (200, json!({"meta": {"skipped": skipped}}))
        }
        (m @ ("DELETE" | "PATCH"), ["playlists", id, "relationships", "items"]) => {
            let named: Vec<String> = doc["data"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["meta"]["itemId"].as_str().map(str::to_string))
                .collect();
            let cap = if m == "PATCH" { 20 } else { 50 };
            if named.is_empty() || named.len() > cap {
                return v2_err(
                    400,
                    "INVALID_REQUEST_BODY",
                    &format!("data must hold 1 to {cap} items with meta.itemId"),
                );
            }
            let Some(p) = st.playlists.get_mut(*id) else {
                return v2_err(404, "NOT_FOUND", "Resource not found");
            };
            let ids = item_ids(&p.items);
            type Entries = Vec<(String, u64)>;
            let (moving, mut rest): (Entries, Entries) = ids
                .into_iter()
                .zip(p.items.iter().copied())
                .partition(|(i, _)| named.contains(i));
            if m == "PATCH" {
                let at = match doc["meta"]["positionBefore"].as_str() {
                    Some(b) => rest.iter().position(|(i, _)| i == b).unwrap_or(rest.len()),
                    None => rest.len(),
                };
                // In the order the request names them.
                let mut ordered = moving.clone();
                ordered.sort_by_key(|(i, _)| named.iter().position(|n| n == i));
                for (k, item) in ordered.into_iter().enumerate() {
                    rest.insert(at + k, item);
                }
            }
            p.items = rest.into_iter().map(|(_, t)| t).collect();
            p.etag += 1;
            (204, Value::Null)
        }
        ("PATCH", ["playlists", id]) => {
            let a = &doc["data"]["attributes"];
            let Some(p) = st.playlists.get_mut(*id) else {
                return v2_err(404, "NOT_FOUND", "Resource not found");
            };
            if let Some(n) = a["name"].as_str() {
                p.title = n.to_string();
            }
            if let Some(d) = a["description"].as_str() {
                p.description = d.to_string();
            }
            if let Some(t) = a["accessType"].as_str() {
                p.public = t == "PUBLIC";
            }
            (204, Value::Null)
        }
        ("GET", ["artists", id, "relationships", rel]) => {
            let base: u64 = id.parse::<u64>().unwrap_or(9001) % 9000;
            let rows: Vec<(Value, Option<Value>)> = match *rel {
                "tracks" => (base * 10 + 1..=base * 10 + 10)
                    .map(|t| {
                        (
                            json!({"type": "tracks", "id": t.to_string()}),
                            Some(v2_track(t)),
                        )
                    })
                    .collect(),
                "albums" => (5001..=5005)
                    .map(|a| {
                        (
                            json!({"type": "albums", "id": a.to_string()}),
                            Some(v2_album(a)),
                        )
                    })
                    .collect(),
                "similarArtists" => (9002..=9004)
                    .map(|a| {
                        (
                            json!({"type": "artists", "id": a.to_string()}),
                            Some(v2_artist(a)),
                        )
                    })
                    .collect(),
                "radio" => vec![(
                    json!({"type": "playlists", "id": format!("mixartist{id}")}),
                    None,
                )],
                _ => return v2_err(400, "INVALID_INCLUDE", "unknown relationship"),
            };
            cursor_page(&format!("/artists/{id}/relationships/{rel}"), rows, q)
        }
        ("GET", ["tracks", id, "relationships", "radio"]) => cursor_page(
            &format!("/tracks/{id}/relationships/radio"),
            vec![(
                json!({"type": "playlists", "id": format!("mixtrack{id}")}),
                None,
            )],
            q,
        ),
        ("GET", ["tracks", id, "relationships", "lyrics"]) => (
            200,
            json!({"data": [{"type": "lyrics", "id": format!("l{id}")}],
            "included": [{"type": "lyrics", "id": format!("l{id}"), "attributes": {"text": format!("Words of track {id}"), "lrcText": format!("[00:01.00] Words of track {id}"), "provider": {"name": "Musixmatch"}}}]}),
        ),
        ("GET", ["albums", id, "relationships", "similarAlbums"]) => cursor_page(
            &format!("/albums/{id}/relationships/similarAlbums"),
            (5010..=5013)
                .map(|a| {
                    (
                        json!({"type": "albums", "id": a.to_string()}),
                        Some(v2_album(a)),
                    )
                })
                .collect(),
            q,
        ),
        ("GET", ["userRecommendations", "me"]) => {
            let mix = |id: &str, name: &str| json!({"type": "playlists", "id": id, "attributes": {"name": name, "description": "made for you", "playlistType": "MIX"}});
            (
                200,
                json!({"data": {"type": "userRecommendations", "id": USER_ID.to_string(), "relationships": {
                "myMixes": {"data": [{"type": "playlists", "id": "mixmy1"}]},
                "discoveryMixes": {"data": [{"type": "playlists", "id": "mixdiscovery1"}]},
                "newArrivalMixes": {"data": [{"type": "playlists", "id": "mixnew1"}]}}},
                "included": [mix("mixmy1", "My Mix 1"), mix("mixdiscovery1", "My Daily Discovery"), mix("mixnew1", "My New Arrivals")]}),
            )
        }
        ("GET", ["playlists", id, "relationships", "items"]) if id.starts_with("mix") => {
            let base = id.bytes().map(u64::from).sum::<u64>() % 800;
            cursor_page(
                &format!("/playlists/{id}/relationships/items"),
                (base + 1..=base + 40)
                    .map(|t| {
                        (
                            json!({"type": "tracks", "id": t.to_string()}),
                            Some(v2_track(t)),
                        )
                    })
                    .collect(),
                q,
            )
        }
        (m @ ("GET" | "POST" | "DELETE"), [coll, "me", "relationships", "items"])
            if coll.starts_with("userCollection") =>
        {
            let kind = coll.trim_start_matches("userCollection").to_lowercase();
            if m == "GET" {
                let list = st.favorites.get(&kind).cloned().unwrap_or_default();
                let rows = list
                    .iter()
                    .map(|(i, added)| {
                        let res = if kind == "tracks" {
                            v2_track(*i)
                        } else if kind == "artists" {
                            v2_artist(*i)
                        } else {
                            v2_album(*i)
                        };
                        (
                            json!({"type": kind, "id": i.to_string(), "meta": {"addedAt": added}}),
                            Some(res),
                        )
                    })
                    .collect();
                cursor_page(&format!("/{coll}/me/relationships/items"), rows, q)
            } else {
                let ids: Vec<u64> = doc["data"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i["id"].as_str()?.parse().ok())
                    .collect();
                let list = st.favorites.entry(kind).or_default();
                for id in ids {
                    list.retain(|(x, _)| *x != id);
                    if m == "POST" {
                        list.insert(0, (id, "2026-01-01T00:00:00Z".into()));
                    }
                }
                (204, Value::Null)
            }
        }
        _ => return v2_err(404, "NOT_FOUND", &format!("No route for {method} {path}")),
    };
    if let Some(k) = key {
        st.idempotent.insert(k, (status, out.clone()));
        if st.drop_v2_write_answers > 0 {
            // The write is applied; its answer is lost on the way back.
            st.drop_v2_write_answers -= 1;
            return v2_err(503, "SERVICE_UNAVAILABLE", "upstream connection reset");
        }
    }
    if status == 204 {
        return StatusCode::NO_CONTENT.into_response();
    }
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/vnd.api+json")],
        Json(out),
    )
        .into_response()
}

/// Stable item ids for a playlist's entries: the track id and which occurrence of it.
fn item_ids(items: &[u64]) -> Vec<String> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    items
        .iter()
        .map(|t| {
            let k = seen.entry(*t).or_default();
            *k += 1;
            format!("{t}~{k}")
        })
        .collect()
}

/// One cursor page (20 rows) of a relationship, with the resources included and `links.next`
/// while there is more.
fn cursor_page(
    self_path: &str,
    rows: Vec<(Value, Option<Value>)>,
    q: &HashMap<String, String>,
) -> (u16, Value) {
    let from: usize = q
        .get("page[cursor]")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let to = (from + 20).min(rows.len());
    let page = &rows[from.min(rows.len())..to];
    let mut links = json!({"self": self_path});
    if to < rows.len() {
        links["next"] = json!(format!("{self_path}?page[cursor]={to}&include=items"));
    }
    (
        200,
        json!({
            "data": page.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>(),
            "included": page.iter().filter_map(|(_, r)| r.clone()).collect::<Vec<_>>(),
            "links": links,
        }),
    )
}

fn v2_track(id: u64) -> Value {
    json!({"id": id.to_string(), "type": "tracks", "attributes": {"title": format!("Track {id}"), "isrc": format!("TEST{id:08}"),
        "duration": format!("PT{}M{}S", (180 + id % 60) / 60, (180 + id % 60) % 60), "explicit": id.is_multiple_of(7), "popularity": 0.5,
        "mediaTags": ["LOSSLESS"], "newAttribute": {"x": 1}},
        "relationships": {"artists": {"data": [{"type": "artists", "id": (9000 + id % 5).to_string()}]},
                          "albums": {"data": [{"type": "albums", "id": (5000 + id / 10).to_string()}]},
                          "somethingNew": {"data": []}}})
}

fn v2_artist(id: u64) -> Value {
    json!({"id": id.to_string(), "type": "artists", "attributes": {"name": format!("Artist {}", id % 9000), "popularity": 0.5}})
}

fn v2_album(id: u64) -> Value {
    json!({"id": id.to_string(), "type": "albums", "attributes": {"title": format!("Album {}", id % 5000), "numberOfItems": 10,
        "releaseDate": "2010-03-23", "albumType": "ALBUM", "duration": "PT30M", "barcodeId": "00602537"},
        "relationships": {"artists": {"data": [{"type": "artists", "id": "9001"}]}}})
}

fn v2_playlist(uuid: &str, p: &PlaylistState) -> Value {
    json!({"id": uuid, "type": "playlists", "attributes": {"name": p.title, "description": p.description, "numberOfItems": p.items.len(),
        "accessType": if p.public { "PUBLIC" } else { "UNLISTED" }, "playlistType": "USER", "lastModifiedAt": "2026-01-01T00:00:00Z",
        "duration": "PT0S"}, "relationships": {"owners": {"data": [{"type": "users", "id": USER_ID.to_string()}]}}})
}

fn v2_err(status: u16, code: &str, detail: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/vnd.api+json")],
        Json(json!({"errors": [{"status": status.to_string(), "code": code, "detail": detail}]})),
    )
        .into_response()
}
