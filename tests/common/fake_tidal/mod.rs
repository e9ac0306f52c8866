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

mod auth;
mod official_gate;
mod v1;
mod v1_folders;
mod v1_pages;
mod v1_playlists;

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
    /// Playlist folders (v1), by id.
    pub folders: BTreeMap<String, v1_folders::FolderState>,
    /// The folder each moved playlist is in (the others are at the top).
    pub playlist_folder: HashMap<String, String>,
    /// How long each API request waits before it is handled: a slow TIDAL, so that long work
    /// is still running when a test stops it.
    pub latency: Duration,
}

pub struct PlaylistState {
    pub title: String,
    pub description: String,
    pub items: Vec<u64>,
    pub etag: u64,
    pub public: bool,
}

pub type Shared = Arc<Mutex<Fake>>;

pub(crate) fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Keys the fake's v1 tracks are in, by id.
const KEYS: [&str; 3] = ["C", "FSharp", "Bb"];

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
        "popularity": 50, "bpm": 90 + id % 60, "key": KEYS[(id % 3) as usize],
        "keyScale": if id.is_multiple_of(2) { "MAJOR" } else { "MINOR" }, "unknownNewField": {"x": 1}
    })
}

pub fn artist_json(id: u64) -> Value {
    // Artists 9000-9004 have a picture, the others none.
    let picture = (9000..9005)
        .contains(&id)
        .then(|| format!("0a1b2c3d-0000-4000-8000-00000000{id:04}"));
    json!({"id": id, "name": format!("Artist {}", id % 9000), "type": "MAIN", "picture": picture, "popularity": 40})
}

/// When the fake says a track was added to a playlist: a day of January 2026 that depends on
/// the track (so a sort by date added has work to do), with the API's own offset notation.
pub fn added_day(track: u64, offset: &str) -> String {
    format!("2026-01-{:02}T00:00:00{offset}", 1 + (track * 7) % 28)
}

/// When an album came out: 5090-5099 are new (5090 three days ago, each next one three days
/// before), the rest in 2010.
pub fn release_date(album: u64) -> String {
    if (5090..5100).contains(&album) {
        let ago = chrono::Days::new((album - 5089) * 3);
        (chrono::Utc::now().date_naive() - ago)
            .format("%Y-%m-%d")
            .to_string()
    } else {
        "2010-03-23".into()
    }
}

/// A v1 album with every field tidalapi reads.
pub fn album_json(id: u64) -> Value {
    json!({"id": id, "title": format!("Album {}", id % 5000), "cover": "0a1b2c3d-0000-4000-8000-000000000001", "videoCover": null,
        "duration": 1800, "streamReady": true, "allowStreaming": true, "numberOfTracks": 10, "numberOfVideos": 0, "numberOfVolumes": 1,
        "releaseDate": release_date(id), "type": "ALBUM", "upc": format!("00602537{id:05}"), "explicit": false, "popularity": 40,
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

pub(crate) fn form_text(h: &HeaderMap, body: &Bytes) -> String {
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

pub(crate) fn rand_suffix() -> String {
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

pub(crate) fn err(status: u16, sub: i64, msg: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({"status": status, "subStatus": sub, "userMessage": msg})),
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
                    post(auth::device_authorization),
                )
                .route("/v1/oauth2/token", post(auth::token))
                .route("/authorize", axum::routing::get(auth::authorize))
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

pub(crate) fn form(body: &Bytes) -> HashMap<String, String> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// The v1 envelope for one page, or the 400/1001 answer for a page above the endpoint's cap.
pub(crate) fn items_page(
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

pub(crate) fn playlist_json(uuid: &str, p: &PlaylistState) -> Value {
    json!({"uuid": uuid, "title": p.title, "description": p.description, "numberOfTracks": p.items.len(), "numberOfVideos": 0, "creator": {"id": USER_ID},
           "duration": 0, "lastUpdated": "2020-09-19T16:48:19.032+0000", "created": "2020-09-19T16:48:19.032+0000", "type": "USER", "publicPlaylist": p.public,
           "url": format!("http://www.tidal.com/playlist/{uuid}"), "image": "0a1b2c3d-0000-4000-8000-0000000000aa", "squareImage": null, "promotedArtists": [], "popularity": 0})
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
    let latency = s.lock().unwrap().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
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
            official_gate::check_request(&mut st, &method, rest, &entry.query, &h, &body)
        });
        let resp = v1::route(&mut st, &method, &path, &entry.query, &q, &h, &body);
        st.refusal = None;
        entry.status = resp.status().as_u16();
        st.log.push(entry);
        (resp, checked)
    };
    match checked {
        Some(template) => official_gate::check_answer(&s, &method, &template, resp).await,
        None => resp,
    }
}

pub(crate) fn bearer_of(h: &HeaderMap) -> &str {
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
