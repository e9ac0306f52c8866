//! Account tools: login status, favourites, mixes, recommendations and preferences.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::params::*;
use super::{Ctx, ToolError, ToolResult, id, ids, limit};
use crate::service::cache::Kind;
use crate::service::limits::Category;
use crate::tidal::TidalError;
use crate::tidal::api::FavoriteKind;
use crate::tidal::model::Track;

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;
    use serde_json::Value;

    use crate::tidal::model::{Mix, Page, Track};

    #[derive(Serialize, JsonSchema)]
    pub struct AuthStatus {
        pub logged_in: bool,
        pub user_id: Option<String>,
        pub country_code: Option<String>,
        /// Unix seconds.
        pub expires_at: Option<i64>,
        /// A device login in progress or failed, if any.
        pub login: Option<Value>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct LoginStarted {
        pub verification_uri: String,
        pub verification_uri_complete: String,
        pub user_code: String,
        pub expires_in_s: u64,
        pub message: String,
    }
    pub type FavoritesPage = Page<Value>;
    #[derive(Serialize, JsonSchema)]
    pub struct FavoritesChanged {
        #[serde(rename = "type")]
        pub kind: String,
        pub ids: Vec<String>,
        pub added: bool,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct MixesOut {
        pub mixes: Vec<Mix>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct RecommendOut {
        pub tracks: Vec<Track>,
        pub seeds_used: Vec<String>,
        /// Seeds that could not be used (not found, no radio), with the reason.
        pub seeds_skipped: Vec<String>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct PreferencesOut {
        pub preferences: crate::service::prefs::Preferences,
    }
}

pub async fn auth_status(ctx: &Ctx) -> ToolResult {
    let s = ctx.state.tidal.session();
    let logged_in = s.as_ref().is_some_and(|s| !s.revoked);
    Ok(serde_json::to_value(out::AuthStatus {
        logged_in,
        user_id: s.as_ref().map(|s| s.user_id.clone()),
        country_code: s.as_ref().map(|s| s.country_code.clone()),
        expires_at: s.as_ref().map(|s| s.expires_at),
        login: ctx.state.logins.describe(),
    })
    .expect("serializes"))
}

pub async fn auth_login(ctx: &Ctx) -> ToolResult {
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::AuthAttempts)?;
    let state = ctx.state.clone();
    let info = ctx
        .state
        .logins
        .start(ctx.state.tidal.clone(), move |r| {
            state.service.audit_login(&state, r)
        })
        .await?;
    let message = format!(
        "Open {} and enter the code {} (or open {}). Then call auth_status.",
        info["verification_uri"].as_str().unwrap_or(""),
        info["user_code"].as_str().unwrap_or(""),
        info["verification_uri_complete"].as_str().unwrap_or("")
    );
    let mut v = info;
    v["message"] = Value::String(message);
    Ok(v)
}

fn kind(s: &str) -> Result<FavoriteKind, ToolError> {
    FavoriteKind::parse(s).ok_or_else(|| {
        ToolError::invalid(format!(
            "unknown type `{s}`; use tracks, albums, artists, playlists, videos or mixes"
        ))
    })
}

const FAV_TAG: &str = "favorites";

pub async fn get_favorites(ctx: &Ctx, p: GetFavoritesParams) -> ToolResult {
    let k = kind(&p.kind)?;
    let (lim, off) = (limit(p.limit, 50, 1000)?, p.offset.unwrap_or(0));
    let order = p.order.as_deref().unwrap_or("DATE").to_ascii_uppercase();
    if !["DATE", "NAME", "ARTIST", "ALBUM", "LENGTH", "RELEASE_DATE"].contains(&order.as_str()) {
        return Err(ToolError::invalid(format!("unknown order `{order}`")));
    }
    let dir = p
        .direction
        .as_deref()
        .unwrap_or("DESC")
        .to_ascii_uppercase();
    if dir != "ASC" && dir != "DESC" {
        return Err(ToolError::invalid("direction must be ASC or DESC"));
    }
    ctx.state
        .service
        .cached(
            &ctx.state,
            Kind::Library,
            "favorites",
            &json!([k.path(), lim, off, order, dir]),
            &[FAV_TAG],
            || async {
                Ok(serde_json::to_value(
                    ctx.state.tidal.favorites(k, off, lim, &order, &dir).await?,
                )
                .expect("serializes"))
            },
        )
        .await
}

pub async fn change_favorites(ctx: &Ctx, p: FavoritesChangeParams, add: bool) -> ToolResult {
    let k = kind(&p.kind)?;
    if p.ids.is_empty() {
        return Err(ToolError::invalid("ids is empty"));
    }
    let list = ids(&p.ids, k.url_kind())?;
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::ApiCalls)?;
    if add {
        ctx.state.tidal.add_favorites(k, &list).await?;
    } else {
        ctx.state.tidal.remove_favorites(k, &list).await?;
    }
    ctx.state.service.invalidate(&ctx.state, &[FAV_TAG]);
    let action = if add {
        "add_favorites"
    } else {
        "remove_favorites"
    };
    ctx.state.service.audit_write(
        &ctx.state,
        action,
        json!({"type": k.path(), "count": list.len()}),
    );
    Ok(json!({"type": k.path(), "ids": list, "added": add}))
}

pub async fn mixes(ctx: &Ctx) -> ToolResult {
    ctx.state
        .service
        .cached(
            &ctx.state,
            Kind::Library,
            "mixes",
            &json!(null),
            &[],
            || async { Ok(json!({"mixes": ctx.state.tidal.mixes().await?})) },
        )
        .await
}

pub async fn mix_items(ctx: &Ctx, p: MixParams) -> ToolResult {
    let mid = id(&p.mix_id, "mix")?;
    let lim = limit(p.limit, 50, 200)?;
    ctx.state
        .service
        .cached(
            &ctx.state,
            Kind::Library,
            "mix_items",
            &json!([mid, lim]),
            &[],
            || async {
                Ok(
                    serde_json::to_value(ctx.state.tidal.mix_items(&mid, lim).await?)
                        .expect("serializes"),
                )
            },
        )
        .await
}

/// Radio fan-out: each seed's radio in turn, deduplicated, until `limit` tracks. A rate limit
/// or a missing seed ends that seed, not the whole call.
pub async fn recommend(ctx: &Ctx, p: RecommendParams) -> ToolResult {
    let lim = limit(p.limit, 20, 100)?;
    let mut seeds: Vec<(String, String)> = Vec::new();
    for t in ids(p.seed_track_ids.as_deref().unwrap_or_default(), "track")? {
        seeds.push(("track".into(), t));
    }
    for a in ids(p.seed_artist_ids.as_deref().unwrap_or_default(), "artist")? {
        seeds.push(("artist".into(), a));
    }
    let tidal = &ctx.state.tidal;
    let mut exclude: HashSet<String> = HashSet::new();
    if p.from_favorites.unwrap_or(false) || p.exclude_favorites.unwrap_or(false) {
        let favs = tidal
            .favorites(FavoriteKind::Tracks, 0, 200, "DATE", "DESC")
            .await?;
        let fav_ids: Vec<String> = favs
            .items
            .iter()
            .filter_map(|f| f["item"]["id"].as_str().map(str::to_string))
            .collect();
        if p.from_favorites.unwrap_or(false) {
            seeds.extend(
                fav_ids
                    .iter()
                    .take(5)
                    .map(|t| ("track".to_string(), t.clone())),
            );
        }
        if p.exclude_favorites.unwrap_or(false) {
            exclude.extend(fav_ids);
        }
    }
    if seeds.is_empty() {
        return Err(ToolError::invalid(
            "give seed_track_ids, seed_artist_ids or from_favorites=true",
        ));
    }
    exclude.extend(
        seeds
            .iter()
            .filter(|(k, _)| k == "track")
            .map(|(_, id)| id.clone()),
    );
    let per_seed = (lim / seeds.len() as u64 + 5).min(100);
    let mut pools: Vec<Vec<Track>> = Vec::new();
    let (mut used, mut skipped) = (Vec::new(), Vec::new());
    for (n, (k, sid)) in seeds.iter().enumerate() {
        ctx.cancelled()?;
        let r = if k == "track" {
            tidal.track_radio(sid, per_seed).await
        } else {
            tidal.artist_radio(sid, per_seed).await
        };
        match r {
            Ok(page) => {
                used.push(format!("{k}:{sid}"));
                pools.push(page.items);
            }
            Err(TidalError::RateLimited { wait_s }) => {
                skipped.push(format!("{k}:{sid} (rate limited, retry in {wait_s}s)"));
                break;
            }
            Err(TidalError::NotFound(m)) => skipped.push(format!("{k}:{sid} ({m})")),
            Err(e) => return Err(e.into()),
        }
        ctx.progress(n as u64 + 1, Some(seeds.len() as u64), "reading radios")
            .await;
    }
    // Interleave the seeds' radios so every seed is represented.
    let mut out: Vec<Track> = Vec::new();
    let mut seen = exclude;
    let explicit_filter = ctx
        .state
        .service
        .prefs_for_active(&ctx.state)
        .explicit_filter;
    let longest = pools.iter().map(Vec::len).max().unwrap_or(0);
    'fill: for i in 0..longest {
        for pool in &pools {
            if let Some(t) = pool.get(i) {
                if (explicit_filter && t.explicit) || !seen.insert(t.id.clone()) {
                    continue;
                }
                out.push(t.clone());
                if out.len() as u64 >= lim {
                    break 'fill;
                }
            }
        }
    }
    Ok(json!({"tracks": out, "seeds_used": used, "seeds_skipped": skipped}))
}

pub async fn get_preferences(ctx: &Ctx) -> ToolResult {
    let user = ctx
        .state
        .tidal
        .session()
        .ok_or(TidalError::NotLoggedIn)?
        .user_id;
    Ok(json!({"preferences": ctx.state.service.prefs.get(&ctx.state, &user)}))
}

pub async fn set_preferences(ctx: &Ctx, p: SetPreferencesParams) -> ToolResult {
    let user = ctx
        .state
        .tidal
        .session()
        .ok_or(TidalError::NotLoggedIn)?
        .user_id;
    let prefs = ctx
        .state
        .service
        .prefs
        .set(&ctx.state, &user, &p.changes)
        .map_err(ToolError::invalid)?;
    ctx.state.service.audit_local(
        &ctx.state,
        "set_preferences",
        json!({"keys": p.changes.keys().collect::<Vec<_>>()}),
    );
    Ok(json!({"preferences": prefs}))
}
