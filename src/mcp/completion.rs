//! `completion/complete`: values for prompt arguments and resource-template parameters, from
//! the user's own library through the service's cached reads (playlists by title or id, mixes,
//! favourite albums and artists) and from closed sets (favourite kinds). Anything unknown, and
//! anything while logged out, completes to an empty list rather than an error.

use rmcp::model::{CompleteRequestParams, CompleteResult, CompletionInfo, Reference};
use serde_json::Value;

use crate::service::Service;
use crate::service::favorites::{Direction, FavoriteOrder};
use crate::tidal::model::FavoriteKind;

/// A candidate: what is inserted, and the name a prefix may also match.
struct Candidate {
    value: String,
    name: String,
}

pub async fn complete(svc: &Service, req: &CompleteRequestParams) -> CompleteResult {
    let arg = req.argument.name.as_str();
    let prefix = req.argument.value.trim().to_lowercase();
    let candidates = match (&req.r#ref, arg) {
        (Reference::Prompt(p), "playlist") if p.name == "clean_up_playlist" => {
            playlists(svc, false).await
        }
        (Reference::Prompt(p), "artist") if p.name == "discover_similar" => {
            favorites(svc, FavoriteKind::Artists, "name", false).await
        }
        (Reference::Prompt(p), "length")
            if matches!(p.name.as_str(), "build_playlist" | "mood_tempo_playlist") =>
        {
            fixed(&["10", "25", "50", "100"])
        }
        (Reference::Prompt(p), "days") if p.name == "weekly_digest" => fixed(&["7", "14", "30"]),
        (Reference::Resource(r), "id") => match r.uri.as_str() {
            "tidal://playlist/{id}" => playlists(svc, true).await,
            "tidal://mix/{id}" => mixes(svc).await,
            "tidal://album/{id}" => favorites(svc, FavoriteKind::Albums, "title", true).await,
            "tidal://artist/{id}" => favorites(svc, FavoriteKind::Artists, "name", true).await,
            _ => Vec::new(),
        },
        (Reference::Resource(r), "type") if r.uri == "tidal://favorites/{type}" => {
            fixed(&FavoriteKind::ALL.map(FavoriteKind::path))
        }
        _ => Vec::new(),
    };
    let mut values: Vec<String> = candidates
        .into_iter()
        .filter(|c| {
            c.value.to_lowercase().starts_with(&prefix)
                || c.name.to_lowercase().starts_with(&prefix)
        })
        .map(|c| c.value)
        .collect();
    values.dedup();
    let total = values.len();
    values.truncate(CompletionInfo::MAX_VALUES);
    let shown = values.len();
    let info = CompletionInfo::with_pagination(values, Some(total as u32), total > shown)
        .unwrap_or_default();
    CompleteResult::new(info)
}

/// Your playlists and the ones you follow: their ids (`by_id`) or titles, matched by title or
/// id.
async fn playlists(svc: &Service, by_id: bool) -> Vec<Candidate> {
    let Ok(page) = svc.playlists(true, 0, 50).await else {
        return Vec::new();
    };
    items(&page.0["items"], |p| {
        candidate(p, if by_id { "id" } else { "title" }, "title")
    })
}

async fn mixes(svc: &Service) -> Vec<Candidate> {
    let Ok(mixes) = svc.mixes().await else {
        return Vec::new();
    };
    items(&mixes.0, |m| candidate(m, "id", "title"))
}

/// The newest 200 favourite albums or artists: their ids (`by_id`) or names.
async fn favorites(svc: &Service, kind: FavoriteKind, name: &str, by_id: bool) -> Vec<Candidate> {
    let (order, newest) = (FavoriteOrder::Date, Direction::Desc);
    let Ok(page) = svc.favorites(kind, 0, 200, order, newest).await else {
        return Vec::new();
    };
    items(&page.0["items"], |f| {
        candidate(&f["item"], if by_id { "id" } else { name }, name)
    })
}

fn items(list: &Value, f: impl Fn(&Value) -> Option<Candidate>) -> Vec<Candidate> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(f)
        .collect()
}

fn candidate(v: &Value, value: &str, name: &str) -> Option<Candidate> {
    Some(Candidate {
        value: v.get(value)?.as_str()?.to_string(),
        name: v
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    })
}

/// Candidates from a fixed list (named as they are completed).
fn fixed(values: &[&str]) -> Vec<Candidate> {
    values
        .iter()
        .map(|n| Candidate {
            value: n.to_string(),
            name: n.to_string(),
        })
        .collect()
}
