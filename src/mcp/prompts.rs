//! MCP prompts: build a playlist from a mood or seed, discover artists similar to one, clean up
//! a playlist. Each spells out which tools to use in which order, and follows the user's
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
