//! New releases from the artists the user follows: their albums and EPs/singles (cached
//! catalogue reads, so a second look is quick) released in the last days, newest first. Works
//! the same on both APIs; the weekly digest prompt is built on it.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::Serialize;

use super::catalog::AlbumFilter;
use super::work::Work;
use super::{Service, ServiceError};
use crate::tidal::Favorites;
use crate::tidal::model::{Album, FavoriteKind};

/// Albums and singles read per artist and kind (TIDAL lists the newest first).
const PER_ARTIST: u64 = 20;

/// What the followed artists released lately.
#[derive(Serialize, JsonSchema)]
pub struct NewReleases {
    /// The first day counted (YYYY-MM-DD).
    pub since: String,
    /// How many followed artists were looked at (the most recently followed first).
    pub artists_checked: u64,
    /// Releases on or after `since`, newest first.
    pub releases: Vec<Album>,
}

impl Service {
    /// Releases of the last `days` days by the `max_artists` most recently followed artists.
    pub async fn new_releases(
        &self,
        work: &impl Work,
        days: u64,
        max_artists: u64,
    ) -> Result<NewReleases, ServiceError> {
        let today = chrono::DateTime::from_timestamp_millis(self.clock.now_ms())
            .unwrap_or_default()
            .date_naive();
        let since = (today - chrono::Days::new(days))
            .format("%Y-%m-%d")
            .to_string();
        let followed = self
            .tidal
            .backend()
            .favorites(FavoriteKind::Artists, 0, max_artists, "DATE", "DESC")
            .await?;
        let artists: Vec<String> = (followed.items.iter())
            .filter_map(|f| f["item"]["id"].as_str().map(str::to_string))
            .collect();
        let total = Some(artists.len() as u64);
        let (mut seen, mut releases) = (HashSet::new(), Vec::new());
        for (n, artist) in artists.iter().enumerate() {
            work.check()?;
            for filter in [AlbumFilter::Albums, AlbumFilter::EpSingles] {
                let page = self.artist_albums(artist, filter, 0, PER_ARTIST).await?;
                let page = page.decode()?;
                for album in page.items {
                    let recent = album.release_date.as_deref().is_some_and(|d| d >= &*since);
                    if recent && seen.insert(album.id.clone()) {
                        releases.push(album);
                    }
                }
            }
            work.progress(n as u64 + 1, total, "reading the artists' releases")
                .await;
        }
        releases.sort_by(|a, b| b.release_date.cmp(&a.release_date));
        Ok(NewReleases {
            since,
            artists_checked: artists.len() as u64,
            releases,
        })
    }
}
