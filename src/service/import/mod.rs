//! Importing a list of tracks into a playlist (an existing one or a new one) or the favourite
//! tracks: the counterpart of the export. Each entry of the list (`parse.rs`) is matched by its
//! ISRC first, then by a TIDAL id, then by title and artist (and duration, within 3 s) through
//! search; what does not match is reported with the reason. A dry run plans the additions
//! exactly as the real run does (the same `plan_additions`, against the playlist as TIDAL has
//! it now), so its report is what then happens. Lookups go through the cache, so a second run
//! costs TIDAL nothing for what the first looked up; a lookup refused by a rate limit waits for
//! it (up to `MAX_LIMIT_WAIT_S` in all) and the whole import is cancelled with its caller.

pub mod parse;

use std::time::Duration;

use schemars::JsonSchema;
use serde::Serialize;

use super::playlists::{Added, plan_additions};
use super::work::Work;
use super::{Service, ServiceError};
use crate::tidal::TidalError;
use crate::tidal::model::{FavoriteKind, Playlist, SearchResult, SearchType, Track};
use parse::{ImportFormat, Wanted};

/// The longest list an import takes.
pub const MAX_ENTRIES: usize = 5000;
/// How long an import waits for rate limits, in all, before it stops.
const MAX_LIMIT_WAIT_S: u64 = 300;
/// Search answers looked through per query.
const SEARCH_PAGE: u64 = 10;
/// How far a duration may be off and still match.
const DURATION_SLACK_S: u64 = 3;

/// Where the matched tracks go.
pub enum ImportTarget {
    Playlist(String),
    NewPlaylist(String),
    Favorites,
}

/// How an entry was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// Its ISRC.
    Isrc,
    /// Its TIDAL track id or link.
    TrackId,
    /// Its title and artist (and duration) through search.
    Search,
}

/// An entry matched to a TIDAL track.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Matched {
    /// Its line in the input (for an ISRC list, its place).
    pub line: u64,
    /// The TIDAL track.
    pub track_id: String,
    /// How it was matched.
    pub by: MatchedBy,
}

/// An entry that did not match, and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Unmatched {
    /// Its line in the input (for an ISRC list, its place).
    pub line: u64,
    /// The entry as written.
    pub input: String,
    /// Why it did not match.
    pub reason: String,
}

/// What an import matched, and what it added (or, on a dry run, would add).
pub struct Imported {
    pub entries: u64,
    pub matched: Vec<Matched>,
    pub unmatched: Vec<Unmatched>,
    pub added: Added,
    /// The new playlist, when the import made one.
    pub playlist: Option<Playlist>,
}

impl Service {
    pub async fn import_tracks(
        &self,
        work: &impl Work,
        text: &str,
        format: Option<ImportFormat>,
        target: ImportTarget,
        dry_run: bool,
    ) -> Result<Imported, ServiceError> {
        let format = format.unwrap_or_else(|| parse::detect(text));
        let wanted = parse::parse(text, format)?;
        if wanted.is_empty() {
            return Err(ServiceError::Invalid(
                "the list is empty: give ISRCs, a CSV with a header row, or an M3U".into(),
            ));
        }
        if wanted.len() > MAX_ENTRIES {
            return Err(ServiceError::Invalid(format!(
                "the list has {} entries; import at most {MAX_ENTRIES} at a time",
                wanted.len()
            )));
        }
        if let ImportTarget::NewPlaylist(title) = &target
            && title.trim().is_empty()
        {
            return Err(ServiceError::Invalid("new_playlist_title is empty".into()));
        }
        let (matched, unmatched) = self.match_all(work, &wanted).await?;
        let ids: Vec<String> = matched.iter().map(|m| m.track_id.clone()).collect();
        let nothing =
            || ServiceError::Invalid("no entry matched a TIDAL track; nothing was changed".into());
        let (added, playlist) = match target {
            ImportTarget::Playlist(pid) if dry_run => {
                let now = self.fresh_playlist(&pid).await?;
                (planned(&now.track_ids(), &ids), None)
            }
            ImportTarget::Playlist(pid) => {
                if ids.is_empty() {
                    return Err(nothing());
                }
                (
                    self.add_to_playlist(work, &pid, &ids, None, false).await?,
                    None,
                )
            }
            ImportTarget::NewPlaylist(_) if dry_run => (planned(&[], &ids), None),
            ImportTarget::NewPlaylist(title) => {
                if ids.is_empty() {
                    return Err(nothing());
                }
                let created = self.create_playlist(work, &title, None, None, &ids).await?;
                (created.added, Some(created.playlist))
            }
            ImportTarget::Favorites => {
                let plan = planned(&[], &ids);
                if !dry_run {
                    if plan.added_ids.is_empty() {
                        return Err(nothing());
                    }
                    self.add_favorites(FavoriteKind::Tracks, &plan.added_ids)
                        .await?;
                }
                (plan, None)
            }
        };
        Ok(Imported {
            entries: wanted.len() as u64,
            matched,
            unmatched,
            added,
            playlist,
        })
    }

    /// Matches every entry, with progress; a rate limit is waited for, a cancellation stops it.
    async fn match_all(
        &self,
        work: &impl Work,
        wanted: &[Wanted],
    ) -> Result<(Vec<Matched>, Vec<Unmatched>), ServiceError> {
        let (mut matched, mut unmatched) = (Vec::new(), Vec::new());
        let total = Some(wanted.len() as u64);
        let mut waited_s = 0;
        for (n, w) in wanted.iter().enumerate() {
            let found = loop {
                work.check()?;
                match self.match_one(w).await {
                    Err(e) => {
                        let Some(wait_s) = limited_for(&e) else {
                            return Err(e);
                        };
                        if waited_s + wait_s > MAX_LIMIT_WAIT_S {
                            return Err(e);
                        }
                        let note = format!("waiting {wait_s} s for the rate limit");
                        work.progress(n as u64, total, &note).await;
                        tokio::select! {
                            _ = self.clock.sleep(Duration::from_secs(wait_s)) => {}
                            _ = work.cancellation().cancelled() => return Err(ServiceError::Cancelled),
                        }
                        waited_s += wait_s;
                    }
                    Ok(found) => break found,
                }
            };
            match found {
                Ok((track_id, by)) => matched.push(Matched {
                    line: w.line,
                    track_id,
                    by,
                }),
                Err(reason) => unmatched.push(Unmatched {
                    line: w.line,
                    input: w.input.clone(),
                    reason,
                }),
            }
            work.progress(n as u64 + 1, total, "matching tracks").await;
        }
        Ok((matched, unmatched))
    }

    /// The track an entry wants and how it was found, or why none was.
    async fn match_one(
        &self,
        w: &Wanted,
    ) -> Result<Result<(String, MatchedBy), String>, ServiceError> {
        if let Some(problem) = &w.problem {
            return Ok(Err(problem.clone()));
        }
        let mut why = None;
        if let Some(code) = &w.isrc {
            let tracks: Vec<Track> = decode(self.tracks_by_isrc(code).await)?;
            // One recording can be on several releases: a streamable one first.
            let best = tracks.iter().find(|t| t.available).or(tracks.first());
            if let Some(t) = best {
                return Ok(Ok((t.id.clone(), MatchedBy::Isrc)));
            }
            why = Some(format!("no TIDAL track has the ISRC {code}"));
        }
        if let Some(id) = &w.track_id {
            match self.track(id).await {
                Ok(_) => return Ok(Ok((id.clone(), MatchedBy::TrackId))),
                Err(ServiceError::Tidal(TidalError::NotFound(_))) => {
                    why = Some(format!("TIDAL has no track {id} (in your country)"));
                }
                Err(e) => return Err(e),
            }
        }
        if let Some(title) = &w.title {
            return Ok(self
                .by_search(title, w.artist.as_deref(), w.duration_s)
                .await?
                .map(|id| (id, MatchedBy::Search)));
        }
        Ok(Err(why.unwrap_or_else(|| "nothing to look up".into())))
    }

    /// A track with this title (and artist, and duration) among the search answers: first
    /// for title and artist together, then for the title alone.
    async fn by_search(
        &self,
        title: &str,
        artist: Option<&str>,
        duration_s: Option<u64>,
    ) -> Result<Result<String, String>, ServiceError> {
        let want = norm(title);
        let mut queries = Vec::new();
        if let Some(a) = artist.and_then(|a| artists(a).into_iter().next()) {
            queries.push(format!("{title} {a}"));
        }
        queries.push(title.to_string());
        let mut near: Option<String> = None;
        for q in queries {
            let found: SearchResult = decode(
                self.search_all(q.trim(), &[SearchType::Tracks], SEARCH_PAGE, 0)
                    .await,
            )?;
            for t in found.tracks.items {
                if norm(&t.title) != want || want.is_empty() {
                    continue;
                }
                if let Some(a) = artist
                    && !artist_matches(a, &t)
                {
                    near.get_or_insert_with(|| {
                        format!("found \"{}\" only by {}", t.title, t.artist_names(", "))
                    });
                    continue;
                }
                if let Some(d) = duration_s
                    && t.duration_s.abs_diff(d) > DURATION_SLACK_S
                {
                    near = Some(format!(
                        "found \"{}\" by {}, but it lasts {}, not {}",
                        t.title,
                        t.artist_names(", "),
                        clock(t.duration_s),
                        clock(d)
                    ));
                    continue;
                }
                return Ok(Ok(t.id));
            }
        }
        Ok(Err(near.unwrap_or_else(|| {
            format!("no TIDAL track is titled \"{title}\"")
        })))
    }
}

/// The additions a run would make with no failure on TIDAL's side.
fn planned(existing: &[&str], ids: &[String]) -> Added {
    let (added_ids, skipped) = plan_additions(existing, ids, false);
    Added {
        added_ids,
        skipped,
        error: None,
    }
}

fn decode<T: serde::de::DeserializeOwned>(
    r: Result<super::Cached<T>, ServiceError>,
) -> Result<T, ServiceError> {
    r?.decode()
}

/// How long a rate limit asks to wait, if `e` is one.
fn limited_for(e: &ServiceError) -> Option<u64> {
    match e {
        ServiceError::RateLimited { wait_s, .. }
        | ServiceError::Tidal(TidalError::RateLimited { wait_s }) => Some((*wait_s).max(1)),
        _ => None,
    }
}

/// A title or name as compared: lower case, without what stands in brackets or after " - "
/// (versions, remasters, features), letters and digits only.
fn norm(s: &str) -> String {
    let s = s.split(" - ").next().unwrap_or(s).to_lowercase();
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.push(c),
            c if depth == 0 && c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// The artist names in an entry's artist field ("A; B", "A, B", "A & B").
fn artists(field: &str) -> Vec<String> {
    field
        .split([';', ',', '&', '/'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether one of the entry's artists is one of the track's.
fn artist_matches(field: &str, t: &Track) -> bool {
    let theirs: Vec<String> = t.artists.iter().map(|a| norm(&a.name)).collect();
    artists(field).iter().any(|a| theirs.contains(&norm(a)))
}

fn clock(s: u64) -> String {
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_without_versions() {
        assert_eq!(norm("Hey Jude - Remastered 2015"), "hey jude");
        assert_eq!(norm("Hey Jude (Remastered 2015)"), "hey jude");
        assert_eq!(norm("  Don't  Stop [Live] "), "dont stop");
        assert_eq!(artists("A; B & C"), ["A", "B", "C"]);
        assert_eq!(clock(225), "3:45");
    }
}
