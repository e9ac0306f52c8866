//! MCP prompts: build a playlist from a mood or seed, a mood or tempo playlist from the tracks'
//! BPM, key and tone tags, discover artists similar to one, clean up a playlist, a digest of
//! the followed artists' new releases. Each spells out which tools to use in which order, and follows the user's
//! preferences: the language to answer in, and the audio quality to prefer.

use rmcp::ErrorData as McpError;
use rmcp::model::*;
use serde_json::{Map, Value};

use crate::service::prefs::Preferences;

pub fn list() -> ListPromptsResult {
    let arg = |n: &str, d: &str, req: bool| {
        PromptArgument::new(n)
            .with_description(d)
            .with_required(req)
    };
    ListPromptsResult::with_all_items(vec![
        Prompt::new(
            "build_playlist",
            Some("Build a TIDAL playlist from a mood, a genre or seed tracks"),
            Some(vec![
                arg(
                    "mood",
                    "A mood, genre or occasion, e.g. 'rainy sunday jazz'",
                    true,
                ),
                arg(
                    "seed",
                    "Optional seed track or artist (name, id or URL)",
                    false,
                ),
                arg("length", "How many tracks (default 25)", false),
            ]),
        ),
        Prompt::new(
            "mood_tempo_playlist",
            Some("Build a playlist for a mood or tempo from the tracks' BPM, key and tone tags"),
            Some(vec![
                arg(
                    "mood",
                    "The mood or activity, e.g. 'running', 'calm evening'",
                    true,
                ),
                arg(
                    "bpm",
                    "Tempo range in BPM, e.g. '120-130' (optional)",
                    false,
                ),
                arg(
                    "key",
                    "Key or scale, e.g. 'minor' or 'A minor' (optional)",
                    false,
                ),
                arg("length", "How many tracks (default 30)", false),
            ]),
        ),
        Prompt::new(
            "weekly_digest",
            Some("What the artists you follow released lately"),
            Some(vec![arg("days", "How many days back (default 7)", false)]),
        ),
        Prompt::new(
            "discover_similar",
            Some("Discover artists similar to one you like"),
            Some(vec![arg("artist", "An artist name, id or URL", true)]),
        ),
        Prompt::new(
            "clean_up_playlist",
            Some("Find and remove duplicates and unavailable tracks in a playlist"),
            Some(vec![arg("playlist", "A playlist name, id or URL", true)]),
        ),
    ])
}

fn arg(args: &Map<String, Value>, k: &str) -> Option<String> {
    args.get(k)
        .and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| (!v.is_null()).then(|| v.to_string()))
        })
        .filter(|s| !s.trim().is_empty())
}

pub fn get(
    name: &str,
    args: Map<String, Value>,
    prefs: &Preferences,
) -> Result<GetPromptResult, McpError> {
    let need = |k: &str| {
        arg(&args, k)
            .ok_or_else(|| McpError::invalid_params(format!("missing argument `{k}`"), None))
    };
    let text = match name {
        "build_playlist" => {
            let mood = need("mood")?;
            let length = arg(&args, "length").unwrap_or_else(|| "25".into());
            let seed = arg(&args, "seed").map(|s| format!(" Start from the seed {s}: resolve it with search if it is a name, then use get_track_radio or get_artist_radio.")).unwrap_or_default();
            format!(
                "Build a TIDAL playlist of about {length} tracks for: {mood}.{seed} Use search and recommend_tracks to gather candidates, \
                 pick tracks that fit the mood with some variety of artists, preferring tracks whose audio_quality is {} or better, \
                 then create_playlist with a fitting title and the track_ids. Finally show the playlist's title, link and track list.",
                prefs.audio_quality
            )
        }
        "mood_tempo_playlist" => {
            let mood = need("mood")?;
            let length = arg(&args, "length").unwrap_or_else(|| "30".into());
            let bpm = arg(&args, "bpm")
                .map(|b| format!(" Keep tracks whose bpm is within {b}."))
                .unwrap_or_default();
            let key = arg(&args, "key")
                .map(|k| format!(" Prefer tracks in {k} (their key and key_scale fields)."))
                .unwrap_or_default();
            format!(
                "Build a TIDAL playlist of about {length} tracks for: {mood}.{bpm}{key} Gather candidates with recommend_tracks \
                 (from_favorites=true, and seeds that fit the mood found with search), and get_new_releases for fresh ones. Every track \
                 carries bpm, key and key_scale where TIDAL knows them, and tone_tags (moods such as Happy or Calm) on the official API: \
                 choose by those fields, not by guessing from titles; leave out tracks without a bpm when a tempo was asked for. \
                 Create the playlist with create_playlist, then reorder_playlist with order=bpm so the tempo builds. Show the title, \
                 link and each track with its bpm and key."
            )
        }
        "weekly_digest" => {
            let days = arg(&args, "days").unwrap_or_else(|| "7".into());
            format!(
                "Give me a digest of what the artists I follow released in the last {days} days. Call get_new_releases with \
                 days={days}, group the releases by artist, and for each give the title, type (album, EP, single), release date and \
                 link. If there is nothing new, say so and name the artists checked. Then offer to put the new tracks in a playlist \
                 (add_album_to_playlist for each release) and only do it after I say yes."
            )
        }
        "discover_similar" => {
            let artist = need("artist")?;
            format!(
                "Help me discover artists similar to {artist}. Resolve the artist with search if needed, call get_similar_artists, \
                 then for the three most interesting ones get_artist_top_tracks. Present each artist with one sentence and two tracks to try."
            )
        }
        "clean_up_playlist" => {
            let playlist = need("playlist")?;
            format!(
                "Clean up my playlist {playlist}. If it is a name, find it with list_playlists. Call dedupe_playlist with dry_run=true, \
                 show what would be removed, and only after I confirm call it again with dry_run=false."
            )
        }
        other => {
            return Err(McpError::invalid_params(
                format!("unknown prompt `{other}`"),
                None,
            ));
        }
    };
    let text = if prefs.language == "en" {
        text
    } else {
        format!(
            "{text} Answer in the language with the BCP 47 tag `{}`.",
            prefs.language
        )
    };
    Ok(GetPromptResult::new(vec![PromptMessage::new_text(
        Role::User,
        text,
    )]))
}
