//! The fake TIDAL's official API (`/openapi/v2/...`), answering as TIDAL's OpenAPI document
//! says (`oas.rs` checks every exchange): resources with `attributes`, `relationships` only for
//! what `include` names (nested paths relative to the request's root, also on relationship
//! endpoints), cursor pages of 20 whose `links.next` carries only the cursor (resend `include`
//! and filters with `page[cursor]=links.meta.nextCursor`), search as a collection of exactly one
//! `searchResults` resource, writes of 1-50 items (moves 20) naming playlist entries by item id,
//! and `Idempotency-Key` replay (a key still being processed answers 409).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::fake_tidal::{Fake, USER_ID};
use super::oas;

/// Items on one cursor page.
const PAGE: usize = 20;

/// Query pairs as sent (a name may come more than once).
pub type Query = [(String, String)];

fn get<'a>(q: &'a Query, k: &str) -> Option<&'a str> {
    q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

/// The `include` paths, each split into its segments.
fn includes(q: &Query) -> Vec<Vec<String>> {
    q.iter()
        .filter(|(k, _)| k == "include")
        .flat_map(|(_, v)| v.split(','))
        .filter(|p| !p.is_empty())
        .map(|p| p.split('.').map(str::to_string).collect())
        .collect()
}

pub fn error(status: u16, code: &str, detail: &str) -> (u16, Value) {
    (
        status,
        json!({"errors": [{"status": status.to_string(), "code": code, "detail": detail}]}),
    )
}

fn not_found() -> (u16, Value) {
    error(404, "NOT_FOUND", "Resource not found")
}

fn ident(kind: &str, id: impl ToString) -> Value {
    json!({"type": kind, "id": id.to_string()})
}

/// Opaque cursors: the offset, base64url-encoded with padding (so a client must encode it).
fn cursor(offset: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE.encode(format!("o{offset}"))
}

fn offset_of(c: &str) -> Option<usize> {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE.decode(c).ok()?;
    String::from_utf8(raw).ok()?.strip_prefix('o')?.parse().ok()
}

fn iso(seconds: u64) -> String {
    format!("PT{}M{}S", seconds / 60, seconds % 60)
}

/// A search's id: the query, hex-encoded (ids are opaque).
fn search_id(query: &str) -> String {
    hex::encode(query)
}

/// Queries to suggest: the catalogue's words that start with the query, and for a query that
/// starts none ("trak 1"), the word it misspells ("did you mean").
fn suggestions(query: &str) -> Vec<String> {
    let q = query.to_lowercase();
    let words = ["track", "artist", "album"];
    match words
        .iter()
        .find(|w| w.starts_with(q.split(' ').next().unwrap_or("")))
    {
        Some(w) if q.len() <= w.len() => vec![format!("{w} 1"), format!("{w} 2")],
        _ => {
            let first = q.chars().next().unwrap_or(' ');
            let rest: String = q
                .split_once(' ')
                .map(|(_, r)| format!(" {r}"))
                .unwrap_or_default();
            words
                .iter()
                .filter(|w| w.starts_with(first))
                .map(|w| format!("{w}{rest}"))
                .collect()
        }
    }
}

// ---- The catalogue and the user's data as resources ----

fn track(st: &Fake, id: u64) -> Option<Value> {
    let t = st.tracks.get(&id)?;
    let tags = if id.is_multiple_of(3) {
        json!(["HIRES_LOSSLESS", "LOSSLESS"])
    } else {
        json!(["LOSSLESS"])
    };
    Some(
        json!({"id": id.to_string(), "type": "tracks", "attributes": {
        "title": t["title"], "isrc": t["isrc"], "duration": iso(180 + id % 60),
        "explicit": id.is_multiple_of(7), "popularity": 0.5, "mediaTags": tags,
        "key": "C", "keyScale": "MAJOR", "bpm": 90 + (id % 60) as i64,
        "toneTags": if id.is_multiple_of(2) { json!(["Happy", "Energetic"]) } else { json!(["Calm"]) },
        "newAttribute": {"x": 1}}}),
    )
}

fn album_type(id: u64) -> &'static str {
    ["ALBUM", "EP", "SINGLE"][(id % 3) as usize]
}

fn album(id: u64) -> Option<Value> {
    (5000..5100).contains(&id).then(|| {
        json!({"id": id.to_string(), "type": "albums", "attributes": {
            "title": format!("Album {}", id - 5000), "albumType": album_type(id),
            "barcodeId": format!("00602537{id:05}"), "duration": "PT30M", "explicit": false,
            "mediaTags": ["LOSSLESS"], "numberOfItems": 10, "numberOfVolumes": 1,
            "popularity": 0.4, "releaseDate": super::fake_tidal::release_date(id)}})
    })
}

/// Square image files at 80, 320 and 1280 pixels (the sizes an artwork lists are its own).
fn artwork(id: &str) -> Value {
    let files: Vec<Value> = [80, 320, 1280]
        .iter()
        .map(|s| {
            json!({"href": format!("https://resources.tidal.com/images/{id}/{s}x{s}.jpg"),
            "meta": {"width": s, "height": s}})
        })
        .collect();
    json!({"id": id, "type": "artworks", "attributes": {"mediaType": "IMAGE", "files": files}})
}

fn artist(id: u64) -> Option<Value> {
    (9000..9005).contains(&id).then(|| {
        json!({"id": id.to_string(), "type": "artists",
            "attributes": {"name": format!("Artist {}", id - 9000), "popularity": 0.5}})
    })
}

fn video(id: u64) -> Option<Value> {
    (1..=100).contains(&id).then(|| {
        json!({"id": id.to_string(), "type": "videos", "attributes": {
            "title": format!("Video {id}"), "duration": iso(200 + id), "explicit": false,
            "isrc": format!("VID{id:09}"), "popularity": 0.3}})
    })
}

/// The user's mixes: playlists of type MIX, 40 tracks each.
const MIXES: [(&str, &str, &str); 3] = [
    ("userDailyMixes", "mixmy1", "My Mix 1"),
    ("userDiscoveryMixes", "mixdiscovery1", "My Daily Discovery"),
    ("userNewReleaseMixes", "mixnew1", "My New Arrivals"),
];

fn is_mix(id: &str) -> bool {
    id.starts_with("mix")
}

fn mix_tracks(id: &str) -> Vec<u64> {
    let base = id.bytes().map(u64::from).sum::<u64>() % 800;
    (base + 1..=base + 40).collect()
}

fn playlist(st: &Fake, id: &str) -> Option<Value> {
    let (name, description, n, access, kind) = if is_mix(id) {
        let name = MIXES
            .iter()
            .find(|m| m.1 == id)
            .map_or(format!("Radio {id}"), |m| m.2.to_string());
        (name, "made for you".to_string(), 40, "UNLISTED", "MIX")
    } else {
        let p = st.playlists.get(id)?;
        let access = if p.public { "PUBLIC" } else { "UNLISTED" };
        (
            p.title.clone(),
            p.description.clone(),
            p.items.len(),
            access,
            "USER",
        )
    };
    Some(json!({"id": id, "type": "playlists", "attributes": {
        "name": name, "description": description, "numberOfItems": n, "accessType": access,
        "playlistType": kind, "bounded": true, "createdAt": "2026-01-01T00:00:00Z",
        "lastModifiedAt": "2026-01-02T00:00:00Z", "externalLinks": [], "numberOfFollowers": 0,
        "duration": "PT0S"}}))
}

fn user(st: &Fake) -> Value {
    let name = st.username.clone().unwrap_or("someone@example.com".into());
    json!({"id": USER_ID.to_string(), "type": "users", "attributes": {"username": name,
        "email": name, "country": "DE", "developerAccessTier": "THIRD_PARTY"}})
}

/// The resource `kind`/`id`, without relationships.
fn resource(st: &Fake, kind: &str, id: &str) -> Option<Value> {
    let n = id.parse::<u64>().ok();
    match kind {
        "tracks" => track(st, n?),
        "albums" => album(n?),
        "artists" => artist(n?),
        "artistBiographies" => artist(n?).map(|_| {
            json!({"id": id, "type": "artistBiographies", "attributes": {"editable": false,
                "source": "TiVo", "text": format!("Artist {} grew up with \
                [wimpLink artistId=\"9001\"]Artist 1[/wimpLink].", n.unwrap_or(0) % 9000)}})
        }),
        "videos" => video(n?),
        "artworks" => Some(artwork(id)),
        "playlists" => playlist(st, id),
        "users" if id == "me" || id == USER_ID.to_string() => Some(user(st)),
        // As v1's `streamReady`: every 97th track cannot be streamed here.
        "usageRules" => {
            let track: u64 = id.strip_suffix("-DE")?.parse().ok()?;
            let uses = if track.is_multiple_of(97) {
                json!([])
            } else {
                json!(["STREAM"])
            };
            Some(json!({"id": id, "type": "usageRules",
                "attributes": {"countryCode": "DE", "subscription": uses}}))
        }
        "searchSuggestions" => {
            let q = String::from_utf8(hex::decode(id).ok()?).ok()?;
            Some(
                json!({"id": id, "type": "searchSuggestions", "attributes": {"query": q,
                "trackingId": "2f0e7c41-7f0e-4d1a-9e4b-3f1c2a5b6d7f",
                "suggestions": suggestions(&q).into_iter().map(|s| json!({"query": s})).collect::<Vec<_>>()}}),
            )
        }
        "searchResults" => {
            let q = String::from_utf8(hex::decode(id).ok()?).ok()?;
            Some(json!({"id": id, "type": "searchResults",
                "attributes": {"query": q, "trackingId": "2f0e7c41-7f0e-4d1a-9e4b-3f1c2a5b6d7e"}}))
        }
        k if (k.starts_with("userCollection") || k.ends_with("Mixes")) && id == "me" => {
            Some(json!({"id": USER_ID.to_string(), "type": k, "attributes": {}}))
        }
        _ => None,
    }
}

fn favorites(st: &Fake, kind: &str) -> Vec<(u64, String)> {
    st.favorites.get(kind).cloned().unwrap_or_default()
}

/// Stable item ids for a playlist's entries: the track id and which occurrence of it.
pub fn item_ids(items: &[u64]) -> Vec<String> {
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

/// The identifiers a relationship holds, in order, with their `meta`.
fn relation(st: &Fake, kind: &str, id: &str, rel: &str) -> Vec<Value> {
    let n = id.parse::<u64>().unwrap_or(0);
    let ids = |kind: &str, ids: Vec<u64>| ids.into_iter().map(|i| ident(kind, i)).collect();
    match (kind, rel) {
        ("tracks", "artists") => ids("artists", vec![9000 + n % 5]),
        ("tracks", "albums") => ids("albums", vec![5000 + n / 10]),
        ("tracks", "radio") => vec![ident("playlists", format!("mixtrack{id}"))],
        ("albums" | "playlists", "coverArt") | ("artists", "profileArt") => {
            vec![ident("artworks", format!("{kind}-{id}"))]
        }
        ("tracks", "similarTracks") => ids("tracks", (n + 1..=n + 5).collect()),
        ("tracks", "usageRules") => vec![ident("usageRules", format!("{id}-DE"))],
        ("videos", "artists") => ids("artists", vec![9000 + n % 5]),
        ("albums", "artists") => ids("artists", vec![9000 + n % 5]),
        ("albums", "items") => (0..10)
            .map(|k| (n - 5000) * 10 + k)
            .filter(|t| st.tracks.contains_key(t))
            .enumerate()
            .map(|(k, t)| {
                json!({"type": "tracks", "id": t.to_string(),
                "meta": {"trackNumber": k + 1, "volumeNumber": 1}})
            })
            .collect(),
        ("albums", "similarAlbums") => ids("albums", (5010..=5013).collect()),
        ("artists", "tracks") => ids(
            "tracks",
            (1..=1000u64).filter(|t| t % 5 == n % 5).take(30).collect(),
        ),
        ("artists", "albums") => ids("albums", (5000..5100).filter(|a| a % 5 == n % 5).collect()),
        ("artists", "similarArtists") => ids("artists", (9000..9005).filter(|a| *a != n).collect()),
        ("artists", "videos") => ids("videos", (1..=100).filter(|v| v % 5 == n % 5).collect()),
        ("artists", "radio") => vec![ident("playlists", format!("mixartist{id}"))],
        ("artists", "biography") => vec![ident("artistBiographies", id)],
        ("playlists", "items") if is_mix(id) => ids("tracks", mix_tracks(id)),
        ("playlists", "items") => st.playlists.get(id).map_or(Vec::new(), |p| {
            item_ids(&p.items)
                .into_iter()
                .zip(&p.items)
                .map(|(item, t)| {
                    json!({"type": "tracks", "id": t.to_string(),
                    "meta": {"itemId": item, "addedAt": super::fake_tidal::added_day(*t, "Z")}})
                })
                .collect()
        }),
        ("playlists", "owners") if !is_mix(id) => vec![ident("users", USER_ID)],
        ("userDailyMixes" | "userDiscoveryMixes" | "userNewReleaseMixes", "items") => MIXES
            .iter()
            .filter(|m| m.0 == kind)
            .map(|m| ident("playlists", m.1))
            .collect(),
        (c, "items") if c.starts_with("userCollection") => {
            let of = c.trim_start_matches("userCollection").to_lowercase();
            let rows: Vec<(String, String)> = if of == "playlists" {
                st.favorite_playlists.clone()
            } else {
                favorites(st, &of)
                    .into_iter()
                    .map(|(i, added)| (i.to_string(), added))
                    .collect()
            };
            rows.into_iter()
                .map(|(id, added)| json!({"type": of, "id": id, "meta": {"addedAt": added}}))
                .collect()
        }
        (c, "owners") if c.starts_with("userCollection") => vec![ident("users", USER_ID)],
        ("searchResults", rel) => search(st, id, rel),
        ("searchSuggestions", "directHits") => direct_hits(st, id),
        _ => Vec::new(),
    }
}

/// What a query being typed already names: the first three tracks whose title starts with it,
/// and the artists whose name does.
fn direct_hits(st: &Fake, id: &str) -> Vec<Value> {
    let q = resource(st, "searchSuggestions", id)
        .and_then(|r| r["attributes"]["query"].as_str().map(str::to_lowercase))
        .unwrap_or_default();
    let starts = |s: &str| s.to_lowercase().starts_with(&q);
    let tracks = (st.tracks.iter()).filter(|(_, t)| starts(t["title"].as_str().unwrap_or("")));
    let mut hits: Vec<Value> = tracks.take(3).map(|(i, _)| ident("tracks", i)).collect();
    hits.extend(
        (9000..9005u64)
            .filter(|a| starts(&format!("Artist {}", a - 9000)))
            .map(|a| ident("artists", a)),
    );
    hits
}

/// What a search finds, per relationship: tracks, albums, artists and playlists whose title
/// or name holds the query, and the top hits (the first track, then the first album).
fn search(st: &Fake, id: &str, rel: &str) -> Vec<Value> {
    let q = resource(st, "searchResults", id)
        .and_then(|r| r["attributes"]["query"].as_str().map(str::to_lowercase))
        .unwrap_or_default();
    let hit = |s: &str| s.to_lowercase().contains(&q);
    let tracks = || {
        st.tracks
            .iter()
            .filter(|(_, t)| hit(t["title"].as_str().unwrap_or("")))
            .map(|(i, _)| ident("tracks", i))
    };
    let albums = || (5000..5100u64).filter(|a| hit(&format!("Album {}", a - 5000)));
    match rel {
        "tracks" => tracks().collect(),
        "albums" => albums().map(|a| ident("albums", a)).collect(),
        "artists" => (9000..9005u64)
            .filter(|a| hit(&format!("Artist {}", a - 9000)))
            .map(|a| ident("artists", a))
            .collect(),
        "playlists" => st
            .playlists
            .iter()
            .filter(|(_, p)| hit(&p.title))
            .map(|(u, _)| ident("playlists", u))
            .collect(),
        "topHits" => tracks()
            .take(1)
            .chain(albums().take(1).map(|a| ident("albums", a)))
            .collect(),
        _ => Vec::new(),
    }
}

// ---- Documents ----

/// A relationship object: the first page of identifiers (or the one, for a to-one), and its
/// links.
fn relationship_object(kind: &str, id: &str, rel: &str, all: &[Value]) -> Value {
    if oas::contract().is_to_one(kind, rel) {
        let one = all.first().cloned().unwrap_or(Value::Null);
        return json!({"data": one, "links": {"self": format!("/{kind}/{id}/relationships/{rel}")}});
    }
    let page: Vec<Value> = all.iter().take(PAGE).cloned().collect();
    let mut links = json!({"self": format!("/{kind}/{id}/relationships/{rel}")});
    if all.len() > PAGE {
        let c = cursor(PAGE);
        links["next"] = json!(format!(
            "/{kind}/{id}/relationships/{rel}?page[cursor]={}",
            urlencode(&c)
        ));
        links["meta"] = json!({"nextCursor": c});
    }
    json!({"data": page, "links": links})
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Builds `included` while relationships are attached as the include paths ask.
#[derive(Default)]
struct Included {
    list: Vec<Value>,
    at: HashMap<(String, String), usize>,
}

impl Included {
    /// Attaches to `res` the relationships named first in `paths` (a segment `type:member`
    /// applies to resources of that type only) and includes what they hold, recursively.
    fn decorate(&mut self, st: &Fake, res: &mut Value, paths: &[Vec<String>]) {
        let kind = res["type"].as_str().unwrap_or("").to_string();
        let id = res["id"].as_str().unwrap_or("").to_string();
        let mut members: Vec<(String, Vec<Vec<String>>)> = Vec::new();
        for p in paths.iter().filter(|p| !p.is_empty()) {
            let member = match p[0].split_once(':') {
                Some((q, m)) if q == kind => m,
                Some(_) => continue,
                None => p[0].as_str(),
            };
            let rest = p[1..].to_vec();
            match members.iter_mut().find(|(m, _)| m == member) {
                Some((_, r)) => r.push(rest),
                None => members.push((member.to_string(), vec![rest])),
            }
        }
        for (member, rest) in members {
            if !oas::contract().relationships_of(&kind).contains(&member) {
                continue;
            }
            let all = relation(st, &kind, &id, &member);
            res["relationships"][&member] = relationship_object(&kind, &id, &member, &all);
            for i in all.iter().take(PAGE) {
                self.include(st, i, &rest);
            }
        }
    }

    fn include(&mut self, st: &Fake, ident: &Value, paths: &[Vec<String>]) {
        let (Some(kind), Some(id)) = (ident["type"].as_str(), ident["id"].as_str()) else {
            return;
        };
        let Some(mut r) = resource(st, kind, id) else {
            return;
        };
        self.decorate(st, &mut r, paths);
        let key = (kind.to_string(), id.to_string());
        match self.at.get(&key) {
            // Reached twice: one resource, with the relationships of both paths.
            Some(&n) => {
                if let Some(rels) = r["relationships"].as_object() {
                    for (k, v) in rels {
                        self.list[n]["relationships"][k] = v.clone();
                    }
                }
            }
            None => {
                self.at.insert(key, self.list.len());
                self.list.push(r);
            }
        }
    }

    fn into_doc(self, data: Value, self_link: String, extra_links: Value) -> Value {
        let mut links = json!({"self": self_link});
        if let Some(m) = extra_links.as_object() {
            for (k, v) in m {
                links[k] = v.clone();
            }
        }
        let mut doc = json!({"data": data, "links": links});
        if !self.list.is_empty() {
            doc["included"] = Value::Array(self.list);
        }
        doc
    }
}

/// One resource with what `include` asks.
fn single(st: &Fake, kind: &str, id: &str, q: &Query, self_link: &str) -> (u16, Value) {
    let Some(mut r) = resource(st, kind, id) else {
        return not_found();
    };
    let mut inc = Included::default();
    inc.decorate(st, &mut r, &includes(q));
    (200, inc.into_doc(r, self_link.to_string(), Value::Null))
}

/// One cursor page of `rows` (from `page[cursor]`): the slice and the links to the next page.
fn page_of<'a>(
    rows: &'a [Value],
    q: &Query,
    self_path: &str,
) -> Result<(&'a [Value], Value), (u16, Value)> {
    let from = match get(q, "page[cursor]") {
        Some(c) => offset_of(c).ok_or_else(|| error(400, "INVALID_CURSOR", "unreadable cursor"))?,
        None => 0,
    };
    let to = (from + PAGE).min(rows.len());
    let mut links = json!({});
    if to < rows.len() {
        let c = cursor(to);
        links["next"] = json!(format!("{self_path}?page[cursor]={}", urlencode(&c)));
        links["meta"] = json!({"nextCursor": c});
    }
    Ok((&rows[from.min(rows.len())..to], links))
}

/// A collection of resources (`/tracks?filter[...]`), one page, each with what `include` asks.
fn collection(st: &Fake, rows: Vec<Value>, q: &Query, self_path: &str) -> (u16, Value) {
    let (page, links) = match page_of(&rows, q, self_path) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let mut inc = Included::default();
    let paths = includes(q);
    let data: Vec<Value> = page
        .iter()
        .filter_map(|i| {
            let mut r = resource(st, i["type"].as_str()?, i["id"].as_str()?)?;
            inc.decorate(st, &mut r, &paths);
            Some(r)
        })
        .collect();
    (
        200,
        inc.into_doc(Value::Array(data), self_path.to_string(), links),
    )
}

/// A relationship endpoint: one page of identifiers; `include` paths are relative to the root,
/// so those that start with the relationship include its resources (and what follows).
fn relationship(st: &Fake, kind: &str, id: &str, rel: &str, q: &Query) -> (u16, Value) {
    if resource(st, kind, id).is_none() {
        return not_found();
    }
    let mut rows = relation(st, kind, id, rel);
    if kind.starts_with("userCollection") {
        // Sorting applies to the whole collection, before paging.
        rows = sorted(st, rows, q);
    }
    let self_path = format!("/{kind}/{id}/relationships/{rel}");
    let (page, links) = match page_of(&rows, q, &self_path) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let rest: Vec<Vec<String>> = includes(q)
        .into_iter()
        .filter(|p| p[0] == rel)
        .map(|p| p[1..].to_vec())
        .collect();
    let mut inc = Included::default();
    if !rest.is_empty() {
        for i in page {
            inc.include(st, i, &rest);
        }
    }
    // A to-one relationship's data is the one identifier (or null), not a list.
    let data = if oas::contract().is_to_one(kind, rel) {
        page.first().cloned().unwrap_or(Value::Null)
    } else {
        Value::Array(page.to_vec())
    };
    (200, inc.into_doc(data, self_path, links))
}

// ---- Reads ----

fn filtered(st: &Fake, kind: &str, q: &Query) -> Vec<Value> {
    let list = |k: &str| -> Vec<String> {
        get(q, k)
            .map(|v| v.split(',').map(str::to_string).collect())
            .unwrap_or_default()
    };
    if let Some(isrc) = get(q, "filter[isrc]") {
        return st
            .tracks
            .iter()
            .filter(|(_, t)| t["isrc"] == isrc)
            .map(|(i, _)| ident("tracks", i))
            .collect();
    }
    if let Some(upc) = get(q, "filter[barcodeId]") {
        return (5000..5100u64)
            .filter(|a| format!("00602537{a:05}") == upc)
            .map(|a| ident("albums", a))
            .collect();
    }
    if kind == "playlists" && get(q, "filter[owners.id]") == Some("me") {
        return st.playlists.keys().map(|u| ident("playlists", u)).collect();
    }
    list("filter[id]")
        .into_iter()
        .filter(|i| resource(st, kind, i).is_some())
        .map(|i| ident(kind, i))
        .collect()
}

/// Favourites in the order `sort` asks (`-addedAt`, newest first, by default).
fn sorted(st: &Fake, mut rows: Vec<Value>, q: &Query) -> Vec<Value> {
    let sort = get(q, "sort").unwrap_or("-addedAt");
    let (desc, key) = match sort.strip_prefix('-') {
        Some(k) => (true, k),
        None => (false, sort),
    };
    let value = |r: &Value| -> String {
        let res = resource(
            st,
            r["type"].as_str().unwrap_or(""),
            r["id"].as_str().unwrap_or(""),
        );
        let attr = |k: &str| {
            res.as_ref()
                .map(|x| x["attributes"][k].to_string())
                .unwrap_or_default()
        };
        match key {
            "addedAt" => r["meta"]["addedAt"].as_str().unwrap_or("").to_string(),
            "artists.name" => {
                let id: u64 = r["id"].as_str().unwrap_or("0").parse().unwrap_or(0);
                format!("Artist {}", id % 5)
            }
            k => attr(k),
        }
    };
    rows.sort_by_cached_key(|r| value(r));
    if desc {
        rows.reverse();
    }
    rows
}

pub fn read(st: &Fake, seg: &[&str], q: &Query) -> (u16, Value) {
    match seg {
        ["searchSuggestions"] => {
            let Some(query) = get(q, "filter[query]") else {
                return error(400, "MISSING_FILTER", "filter[query] is required");
            };
            let id = search_id(query);
            collection(
                st,
                vec![ident("searchSuggestions", &id)],
                q,
                "/searchSuggestions",
            )
        }
        ["searchResults"] => {
            let Some(query) = get(q, "filter[query]") else {
                return error(400, "MISSING_FILTER", "filter[query] is required");
            };
            let id = search_id(query);
            collection(st, vec![ident("searchResults", &id)], q, "/searchResults")
        }
        [kind @ ("tracks" | "albums" | "artists" | "playlists" | "videos")] => {
            let rows = filtered(st, kind, q);
            collection(st, rows, q, &format!("/{kind}"))
        }
        [kind, id] => single(st, kind, id, q, &format!("/{kind}/{id}")),
        [kind, id, "relationships", rel] => relationship(st, kind, id, rel, q),
        _ => error(404, "NOT_FOUND", "no such endpoint"),
    }
}

// ---- Writes ----

fn data_items(doc: &Value) -> Vec<Value> {
    doc["data"].as_array().cloned().unwrap_or_default()
}

fn mutation(self_link: &str) -> (u16, Value) {
    (200, json!({"links": {"self": self_link}}))
}

fn create_playlist(st: &mut Fake, doc: &Value) -> (u16, Value) {
    let a = &doc["data"]["attributes"];
    st.counter += 1;
    let uuid = format!("00000000-0000-4000-8000-{:012}", st.counter);
    st.add_playlist(&uuid, a["name"].as_str().unwrap_or(""), vec![]);
    let p = st.playlists.get_mut(&uuid).unwrap();
    p.description = a["description"].as_str().unwrap_or("").to_string();
    p.public = a["accessType"] == "PUBLIC";
    let r = playlist(st, &uuid).unwrap();
    (
        201,
        json!({"data": r, "links": {"self": format!("/playlists/{uuid}")}}),
    )
}

fn update_playlist(st: &mut Fake, id: &str, doc: &Value) -> (u16, Value) {
    let a = &doc["data"]["attributes"];
    let Some(p) = st.playlists.get_mut(id) else {
        return not_found();
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
    p.etag += 1;
    let r = playlist(st, id).unwrap();
    (
        200,
        json!({"data": r, "links": {"self": format!("/playlists/{id}")}}),
    )
}

fn add_items(st: &mut Fake, id: &str, doc: &Value) -> (u16, Value) {
    let known: Vec<u64> = st.tracks.keys().copied().collect();
    let Some(p) = st.playlists.get_mut(id) else {
        return not_found();
    };
    let mut at = match doc["meta"]["positionBefore"].as_str() {
        Some(b) => match item_ids(&p.items).iter().position(|x| x == b) {
            Some(n) => n,
            None => return error(400, "INVALID_REQUEST_BODY", "positionBefore names no item"),
        },
        None => p.items.len(),
    };
    let (mut added, mut skipped) = (Vec::new(), Vec::new());
    for i in data_items(doc) {
        match i["id"]
            .as_str()
            .and_then(|x| x.parse::<u64>().ok())
            .filter(|t| known.contains(t))
        {
            Some(t) => {
                p.items.insert(at, t);
                at += 1;
                added.push(ident("tracks", t));
            }
            None => skipped.push(json!({"type": "tracks", "id": i["id"], "reason": "NOT_FOUND"})),
        }
    }
    p.etag += 1;
    (
        200,
        json!({"data": added, "meta": {"skipped": skipped},
        "links": {"self": format!("/playlists/{id}/relationships/items")}}),
    )
}

/// Removes (DELETE) or moves (PATCH, before `meta.positionBefore`) the entries named by item id.
fn change_items(st: &mut Fake, id: &str, doc: &Value, moving: bool) -> (u16, Value) {
    let named: Vec<String> = data_items(doc)
        .iter()
        .filter_map(|i| i["meta"]["itemId"].as_str().map(str::to_string))
        .collect();
    let Some(p) = st.playlists.get_mut(id) else {
        return not_found();
    };
    let ids = item_ids(&p.items);
    if let Some(unknown) = named.iter().find(|n| !ids.contains(n)) {
        return error(400, "INVALID_REQUEST_BODY", &format!("no item {unknown}"));
    }
    type Entries = Vec<(String, u64)>;
    let (chosen, mut rest): (Entries, Entries) = ids
        .into_iter()
        .zip(p.items.iter().copied())
        .partition(|(i, _)| named.contains(i));
    if moving {
        let at = match doc["meta"]["positionBefore"].as_str() {
            Some(b) => match rest.iter().position(|(i, _)| i == b) {
                Some(n) => n,
                None => return error(400, "INVALID_REQUEST_BODY", "positionBefore names no item"),
            },
            None => rest.len(),
        };
        // In the order the request names them.
        let mut ordered = chosen;
        ordered.sort_by_key(|(i, _)| named.iter().position(|n| n == i));
        for (k, item) in ordered.into_iter().enumerate() {
            rest.insert(at + k, item);
        }
    }
    p.items = rest.into_iter().map(|(_, t)| t).collect();
    p.etag += 1;
    mutation(&format!("/playlists/{id}/relationships/items"))
}

fn change_collection(st: &mut Fake, coll: &str, doc: &Value, add: bool) -> (u16, Value) {
    let of = coll.trim_start_matches("userCollection").to_lowercase();
    let ids: Vec<String> = data_items(doc)
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    // Later additions carry later times, as TIDAL's would.
    st.counter += 1;
    let added = format!(
        "2026-01-01T{:02}:{:02}:00Z",
        st.counter / 60 % 24,
        st.counter % 60
    );
    if of == "playlists" {
        let list = &mut st.favorite_playlists;
        for id in &ids {
            list.retain(|(x, _)| x != id);
            if add {
                list.insert(0, (id.clone(), added.clone()));
            }
        }
    } else {
        let list = st.favorites.entry(of.clone()).or_default();
        for id in ids.iter().filter_map(|i| i.parse::<u64>().ok()) {
            list.retain(|(x, _)| *x != id);
            if add {
                list.insert(0, (id, added.clone()));
            }
        }
    }
    let self_link = format!("/{coll}/me/relationships/items");
    if add {
        let data: Vec<Value> = ids.iter().map(|i| ident(&of, i)).collect();
        (200, json!({"data": data, "links": {"self": self_link}}))
    } else {
        mutation(&self_link)
    }
}

fn write(st: &mut Fake, method: &str, seg: &[&str], doc: &Value) -> (u16, Value) {
    match (method, seg) {
        ("POST", ["playlists"]) => create_playlist(st, doc),
        ("PATCH", ["playlists", id]) => update_playlist(st, id, doc),
        ("DELETE", ["playlists", id]) => match st.playlists.remove(*id) {
            Some(_) => mutation(&format!("/playlists/{id}")),
            None => not_found(),
        },
        ("POST", ["playlists", id, "relationships", "items"]) => add_items(st, id, doc),
        ("DELETE", ["playlists", id, "relationships", "items"]) => change_items(st, id, doc, false),
        ("PATCH", ["playlists", id, "relationships", "items"]) => change_items(st, id, doc, true),
        (m @ ("POST" | "DELETE"), [coll, "me", "relationships", "items"])
            if coll.starts_with("userCollection") =>
        {
            change_collection(st, coll, doc, m == "POST")
        }
        _ => error(405, "METHOD_NOT_ALLOWED", "no such operation"),
    }
}

/// Answers one official-API request (`path` relative to the API's base). A mutation with an
/// `Idempotency-Key` seen before replays its answer without applying anything again, or, while
/// `in_progress_answers` lasts, is refused with 409 as TIDAL does for a key still processing.
pub fn answer(
    st: &mut Fake,
    method: &str,
    path: &str,
    q: &Query,
    key: Option<&str>,
    body: &[u8],
) -> (u16, Value) {
    if let Some(k) = key
        && let Some(replay) = st.idempotent.get(k).cloned()
    {
        if st.in_progress_answers > 0 {
            st.in_progress_answers -= 1;
            return error(
                409,
                "IDEMPOTENT_REQUEST_IN_PROGRESS",
                "Request already in progress for this idempotency key",
            );
        }
        return replay;
    }
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if st.users_me_down && seg == ["users", "me"] {
        return error(503, "SERVICE_UNAVAILABLE", "Service unavailable");
    }
    if method == "GET" {
        return read(st, &seg, q);
    }
    let doc: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let out = write(st, method, &seg, &doc);
    if let Some(k) = key {
        st.idempotent.insert(k.to_string(), out.clone());
    }
    out
}
