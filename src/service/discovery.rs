//! Discovery: the mixes TIDAL made for the user and their tracks (library kind, per user), and
//! recommendations fanned out from seed radios: the seeds' radios interleaved so every seed is
//! heard, without the seeds themselves, repeats, explicit tracks when the user filters them,
//! and (when asked) the user's favourite tracks.

use std::collections::HashSet;

use serde_json::json;

use super::cache::{Cached, Kind};
use super::work::Work;
use super::{Service, ServiceError};
use crate::tidal::model::{FavoriteKind, Mix, Page, Track};
use crate::tidal::{Catalog, Favorites, TidalError};

/// A seed of a recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seed {
    Track(String),
    Artist(String),
}

impl std::fmt::Display for Seed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seed::Track(id) => write!(f, "track:{id}"),
            Seed::Artist(id) => write!(f, "artist:{id}"),
        }
    }
}

/// How the user's favourite tracks take part in a recommendation.
#[derive(Debug, Clone, Copy, Default)]
pub struct FromFavorites {
    /// The five most recent are seeds.
    pub seed: bool,
    /// None of them is recommended.
    pub exclude: bool,
}

/// Recommended tracks and what became of each seed.
pub struct Recommended {
    pub tracks: Vec<Track>,
    /// Seeds whose radio was read.
    pub seeds_used: Vec<String>,
    /// Seeds that could not be used, each with the reason.
    pub seeds_skipped: Vec<String>,
}

/// How many favourite tracks are read to seed or to exclude.
const FAVORITES_READ: u64 = 200;
/// How many of them seed a recommendation.
const FAVORITE_SEEDS: usize = 5;

impl Service {
    pub async fn mixes(&self) -> Result<Cached<Vec<Mix>>, ServiceError> {
        self.read(Kind::Library, "mixes", json!(null), &[], || async {
            Ok(self.tidal.backend().mixes().await?)
        })
        .await
    }

    pub async fn mix_items(
        &self,
        id: &str,
        limit: u64,
    ) -> Result<Cached<Page<Track>>, ServiceError> {
        self.read(
            Kind::Library,
            "mix_items",
            json!([id, limit]),
            &[],
            || async { Ok(self.tidal.backend().mix_items(id, limit).await?) },
        )
        .await
    }

    /// Up to `limit` tracks from the radios of `seeds` (and of favourites, as `favorites`
    /// says). A seed TIDAL does not know is skipped with the reason; a rate limit ends the
    /// fan-out with what was read so far.
    pub async fn recommend(
        &self,
        work: &impl Work,
        mut seeds: Vec<Seed>,
        favorites: FromFavorites,
        limit: u64,
    ) -> Result<Recommended, ServiceError> {
        let api = self.tidal.backend();
        let mut exclude: HashSet<String> = HashSet::new();
        if favorites.seed || favorites.exclude {
            let favs = api
                .favorites(FavoriteKind::Tracks, 0, FAVORITES_READ, "DATE", "DESC")
                .await?;
            let fav_ids = favs
                .items
                .iter()
                .filter_map(|f| f["item"]["id"].as_str().map(str::to_string));
            let fav_ids: Vec<String> = fav_ids.collect();
            if favorites.seed {
                let newest = fav_ids.iter().take(FAVORITE_SEEDS);
                seeds.extend(newest.map(|t| Seed::Track(t.clone())));
            }
            if favorites.exclude {
                exclude.extend(fav_ids);
            }
        }
        if seeds.is_empty() {
            return Err(ServiceError::Invalid(
                "give seed_track_ids, seed_artist_ids or from_favorites=true".into(),
            ));
        }
        exclude.extend(seeds.iter().filter_map(|s| match s {
            Seed::Track(id) => Some(id.clone()),
            Seed::Artist(_) => None,
        }));
        let per_seed = (limit / seeds.len() as u64 + 5).min(100);
        let mut pools: Vec<Vec<Track>> = Vec::new();
        let (mut used, mut skipped) = (Vec::new(), Vec::new());
        for (n, seed) in seeds.iter().enumerate() {
            work.check()?;
            let radio = match seed {
                Seed::Track(id) => api.track_radio(id, per_seed).await,
                Seed::Artist(id) => api.artist_radio(id, per_seed).await,
            };
            match radio {
                Ok(page) => {
                    used.push(seed.to_string());
                    pools.push(page.items);
                }
                Err(TidalError::RateLimited { wait_s }) => {
                    skipped.push(format!("{seed} (rate limited, retry in {wait_s}s)"));
                    break;
                }
                Err(TidalError::NotFound(m)) => skipped.push(format!("{seed} ({m})")),
                Err(e) => return Err(e.into()),
            }
            let total = Some(seeds.len() as u64);
            work.progress(n as u64 + 1, total, "reading radios").await;
        }
        let explicit_filter = self.prefs_for_active().explicit_filter;
        Ok(Recommended {
            tracks: interleave(pools, exclude, explicit_filter, limit),
            seeds_used: used,
            seeds_skipped: skipped,
        })
    }
}

/// Takes the pools' first tracks in turn, then their second, ..., so every seed is heard,
/// skipping `seen` ones and (with the filter) explicit ones, up to `limit`.
fn interleave(
    pools: Vec<Vec<Track>>,
    mut seen: HashSet<String>,
    explicit_filter: bool,
    limit: u64,
) -> Vec<Track> {
    let mut picked: Vec<Track> = Vec::new();
    let longest = pools.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for pool in &pools {
            let Some(t) = pool.get(i) else { continue };
            if (explicit_filter && t.explicit) || !seen.insert(t.id.clone()) {
                continue;
            }
            picked.push(t.clone());
            if picked.len() as u64 >= limit {
                return picked;
            }
        }
    }
    picked
}
