//! The tool catalogue: every tool's name, group, annotations and schemas, and the dispatch from
//! a call to its handler. Handlers return JSON that matches the declared output schema; failures
//! become `isError` results with a message and a hint (DESIGN section 9).

mod catalog;
mod library;
pub mod params;
mod playlists;
mod tidy;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rmcp::model::{JsonObject, ProgressNotificationParam, ProgressToken, Tool, ToolAnnotations};
use rmcp::{Peer, RoleServer};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::agent::state::AgentState;
use crate::tidal::TidalError;
use params::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Auth,
    Catalog,
    Playlists,
    Favorites,
    Discovery,
    Preferences,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::Auth => "auth",
            Group::Catalog => "catalog",
            Group::Playlists => "playlists",
            Group::Favorites => "favorites",
            Group::Discovery => "discovery",
            Group::Preferences => "preferences",
        }
    }
}

/// What a tool does to the account, for annotations and read-only mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Read,
    /// Changes the account; `destructive` when it removes or overwrites, `idempotent` when
    /// repeating it changes nothing more.
    Write {
        destructive: bool,
        idempotent: bool,
    },
    /// Changes only local state (login, preferences).
    Local,
}

pub struct ToolDef {
    pub tool: Tool,
    pub group: Group,
    pub effect: Effect,
}

fn def<P: JsonSchema + 'static, O: JsonSchema + 'static>(
    name: &'static str,
    title: &str,
    group: Group,
    effect: Effect,
    description: &'static str,
) -> ToolDef {
    let annotations = match effect {
        Effect::Read => ToolAnnotations::with_title(title)
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(true),
        Effect::Write {
            destructive,
            idempotent,
        } => ToolAnnotations::with_title(title)
            .read_only(false)
            .destructive(destructive)
            .idempotent(idempotent)
            .open_world(true),
        Effect::Local => ToolAnnotations::with_title(title)
            .read_only(false)
            .destructive(false)
            .idempotent(false)
            .open_world(false),
    };
    let tool = Tool::new(
        name,
        description,
        rmcp::handler::server::common::schema_for_type::<P>(),
    )
    .with_title(title)
    .with_raw_output_schema(rmcp::handler::server::common::schema_for_output::<O>())
    .with_annotations(annotations);
    ToolDef {
        tool,
        group,
        effect,
    }
}

/// Every tool tidal-mcp has, before config hides any.
pub fn all() -> Vec<ToolDef> {
    use Effect::*;
    use Group::*;
    use catalog::out as c;
    use library::out as l;
    use playlists::out as p;
    let w = |destructive, idempotent| Write {
        destructive,
        idempotent,
    };
    vec![
        def::<NoParams, l::AuthStatus>(
            "auth_status",
            "Login status",
            Auth,
            Read,
            "Whether you are logged in to TIDAL, as whom, in which country and until when; completes a login started with auth_login. Never returns a token.",
        ),
        def::<NoParams, l::LoginStarted>(
            "auth_login",
            "Start TIDAL login",
            Auth,
            Local,
            "Starts a TIDAL device login without blocking: returns a URL and a code for the user to enter there. Call auth_status afterwards to see it complete.",
        ),
        def::<SearchParams, c::SearchOut>(
            "search",
            "Search TIDAL",
            Catalog,
            Read,
            "Searches TIDAL's catalogue for tracks, albums, artists, playlists and videos.",
        ),
        def::<TrackParams, c::TrackOut>(
            "get_track",
            "Get track",
            Catalog,
            Read,
            "One track by id or URL.",
        ),
        def::<IsrcParams, c::TracksOut>(
            "get_track_by_isrc",
            "Find track by ISRC",
            Catalog,
            Read,
            "The tracks that carry an ISRC.",
        ),
        def::<AlbumParams, c::AlbumOut>(
            "get_album",
            "Get album",
            Catalog,
            Read,
            "One album by id or URL, optionally with its tracks.",
        ),
        def::<ArtistParams, c::ArtistOut>(
            "get_artist",
            "Get artist",
            Catalog,
            Read,
            "One artist by id or URL.",
        ),
        def::<ArtistParams, c::TrackPage>(
            "get_artist_top_tracks",
            "Artist top tracks",
            Catalog,
            Read,
            "An artist's most popular tracks.",
        ),
        def::<ArtistParams, c::AlbumPage>(
            "get_artist_albums",
            "Artist albums",
            Catalog,
            Read,
            "An artist's albums; filter: albums, ep_singles or other.",
        ),
        def::<ArtistParams, c::ArtistPage>(
            "get_similar_artists",
            "Similar artists",
            Catalog,
            Read,
            "Artists similar to one.",
        ),
        def::<ArtistParams, c::TrackPage>(
            "get_artist_radio",
            "Artist radio",
            Catalog,
            Read,
            "A radio of tracks based on an artist.",
        ),
        def::<AlbumParams, c::AlbumPage>(
            "get_similar_albums",
            "Similar albums",
            Catalog,
            Read,
            "Albums similar to one.",
        ),
        def::<TrackParams, c::TrackPage>(
            "get_track_radio",
            "Track radio",
            Catalog,
            Read,
            "A radio of tracks based on a track (the seed first).",
        ),
        def::<TrackParams, c::LyricsOut>(
            "get_lyrics",
            "Lyrics",
            Catalog,
            Read,
            "A track's lyrics, with timed lines when TIDAL has them.",
        ),
        def::<ListPlaylistsParams, p::PlaylistPage>(
            "list_playlists",
            "Your playlists",
            Playlists,
            Read,
            "Your playlists, optionally with the ones you follow.",
        ),
        def::<GetPlaylistParams, p::PlaylistOut>(
            "get_playlist",
            "Get playlist",
            Playlists,
            Read,
            "A playlist and its items (each with its 0-based index); all=true reads every item.",
        ),
        def::<CreatePlaylistParams, p::CreatedOut>(
            "create_playlist",
            "Create playlist",
            Playlists,
            w(false, false),
            "Creates a playlist, optionally with tracks.",
        ),
        def::<UpdatePlaylistParams, p::PlaylistInfoOut>(
            "update_playlist",
            "Edit playlist",
            Playlists,
            w(true, true),
            "Changes a playlist's title, description or visibility.",
        ),
        def::<PlaylistIdParams, p::DeletedOut>(
            "delete_playlist",
            "Delete playlist",
            Playlists,
            w(true, true),
            "Deletes one of your playlists. This cannot be undone.",
        ),
        def::<AddToPlaylistParams, p::AddedOut>(
            "add_to_playlist",
            "Add to playlist",
            Playlists,
            w(false, false),
            "Adds tracks to a playlist at a position (default: the end); duplicates are skipped unless allow_duplicates.",
        ),
        def::<RemoveFromPlaylistParams, p::RemovedOut>(
            "remove_from_playlist",
            "Remove from playlist",
            Playlists,
            w(true, false),
            "Removes items by index, or every occurrence of given tracks.",
        ),
        def::<MoveInPlaylistParams, p::MovedOut>(
            "move_in_playlist",
            "Reorder playlist",
            Playlists,
            w(false, false),
            "Moves items to another position.",
        ),
        def::<DedupeParams, p::DedupeOut>(
            "dedupe_playlist",
            "Find duplicates",
            Playlists,
            w(true, false),
            "Finds duplicate and unavailable tracks in a playlist; with dry_run=false removes them (keeping the first of each).",
        ),
        def::<ExportParams, p::ExportOut>(
            "export_playlist",
            "Export playlist",
            Playlists,
            Read,
            "A playlist as json, csv or m3u text.",
        ),
        def::<GetFavoritesParams, l::FavoritesPage>(
            "get_favorites",
            "Your favourites",
            Favorites,
            Read,
            "Your favourite tracks, albums, artists, playlists, videos or mixes.",
        ),
        def::<FavoritesChangeParams, l::FavoritesChanged>(
            "add_favorites",
            "Add favourites",
            Favorites,
            w(false, true),
            "Adds items to your favourites.",
        ),
        def::<FavoritesChangeParams, l::FavoritesChanged>(
            "remove_favorites",
            "Remove favourites",
            Favorites,
            w(true, true),
            "Removes items from your favourites.",
        ),
        def::<NoParams, l::MixesOut>(
            "get_mixes",
            "Your mixes",
            Discovery,
            Read,
            "The mixes TIDAL made for you.",
        ),
        def::<MixParams, c::TrackPage>(
            "get_mix_items",
            "Mix tracks",
            Discovery,
            Read,
            "The tracks of a mix.",
        ),
        def::<RecommendParams, l::RecommendOut>(
            "recommend_tracks",
            "Recommend tracks",
            Discovery,
            Read,
            "Recommendations from seed tracks, artists or your favourites: radio fan-out, deduplicated, rate-limit aware.",
        ),
        def::<NoParams, l::PreferencesOut>(
            "get_preferences",
            "Your preferences",
            Preferences,
            Read,
            "Your tidal-mcp preferences (search limit, explicit filter, default playlist visibility, ...).",
        ),
        def::<SetPreferencesParams, l::PreferencesOut>(
            "set_preferences",
            "Change preferences",
            Preferences,
            Local,
            "Changes tidal-mcp preferences; unknown keys and bad values are refused.",
        ),
    ]
}

/// A failure the model can act on.
#[derive(Debug)]
pub struct ToolError {
    pub kind: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl ToolError {
    pub fn cancelled() -> Self {
        ToolError {
            kind: "cancelled",
            message: "cancelled by the client".into(),
            hint: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ToolError {
            kind: "invalid_arguments",
            message: message.into(),
            hint: None,
        }
    }
    pub fn text(&self) -> String {
        match &self.hint {
            Some(h) => format!("{}\nhint: {h}", self.message),
            None => self.message.clone(),
        }
    }
}

impl From<TidalError> for ToolError {
    fn from(e: TidalError) -> Self {
        ToolError {
            kind: e.kind(),
            message: e.to_string(),
            hint: e.hint(),
        }
    }
}

pub type ToolResult = Result<Value, ToolError>;

/// What a handler gets besides its parameters.
pub struct Ctx {
    pub state: Arc<AgentState>,
    pub progress: Option<(Peer<RoleServer>, ProgressToken)>,
    pub ct: CancellationToken,
    last_progress: AtomicU64,
}

impl Ctx {
    pub fn new(
        state: Arc<AgentState>,
        progress: Option<(Peer<RoleServer>, ProgressToken)>,
        ct: CancellationToken,
    ) -> Ctx {
        Ctx {
            state,
            progress,
            ct,
            last_progress: AtomicU64::new(0),
        }
    }

    /// Sends a progress notification when the client asked for them; progress only increases.
    pub async fn progress(&self, done: u64, total: Option<u64>, message: &str) {
        let Some((peer, token)) = &self.progress else {
            return;
        };
        if self.last_progress.fetch_max(done, Ordering::SeqCst) >= done && done != 0 {
            return;
        }
        let mut p = ProgressNotificationParam::new(token.clone(), done as f64);
        if let Some(t) = total {
            p = p.with_total(t as f64);
        }
        p.message = Some(message.to_string());
        let _ = peer.notify_progress(p).await;
    }

    pub fn cancelled(&self) -> Result<(), ToolError> {
        if self.ct.is_cancelled() {
            return Err(ToolError::cancelled());
        }
        Ok(())
    }
}

fn parse<P: DeserializeOwned>(args: JsonObject) -> Result<P, ToolError> {
    serde_json::from_value(Value::Object(args))
        .map_err(|e| ToolError::invalid(format!("bad arguments: {e}")))
}

/// Runs a tool by name.
pub async fn call(name: &str, args: JsonObject, ctx: &Ctx) -> ToolResult {
    match name {
        "auth_status" => library::auth_status(ctx).await,
        "auth_login" => library::auth_login(ctx).await,
        "search" => catalog::search(ctx, parse(args)?).await,
        "get_track" => catalog::get_track(ctx, parse(args)?).await,
        "get_track_by_isrc" => catalog::get_track_by_isrc(ctx, parse(args)?).await,
        "get_album" => catalog::get_album(ctx, parse(args)?).await,
        "get_artist" => catalog::get_artist(ctx, parse(args)?).await,
        "get_artist_top_tracks" => catalog::artist_top_tracks(ctx, parse(args)?).await,
        "get_artist_albums" => catalog::artist_albums(ctx, parse(args)?).await,
        "get_similar_artists" => catalog::similar_artists(ctx, parse(args)?).await,
        "get_artist_radio" => catalog::artist_radio(ctx, parse(args)?).await,
        "get_similar_albums" => catalog::similar_albums(ctx, parse(args)?).await,
        "get_track_radio" => catalog::track_radio(ctx, parse(args)?).await,
        "get_lyrics" => catalog::lyrics(ctx, parse(args)?).await,
        "list_playlists" => playlists::list(ctx, parse(args)?).await,
        "get_playlist" => playlists::get(ctx, parse(args)?).await,
        "create_playlist" => playlists::create(ctx, parse(args)?).await,
        "update_playlist" => playlists::update(ctx, parse(args)?).await,
        "delete_playlist" => playlists::delete(ctx, parse(args)?).await,
        "add_to_playlist" => playlists::add(ctx, parse(args)?).await,
        "remove_from_playlist" => playlists::remove(ctx, parse(args)?).await,
        "move_in_playlist" => playlists::move_items(ctx, parse(args)?).await,
        "dedupe_playlist" => tidy::dedupe(ctx, parse(args)?).await,
        "export_playlist" => tidy::export(ctx, parse(args)?).await,
        "get_favorites" => library::get_favorites(ctx, parse(args)?).await,
        "add_favorites" => library::change_favorites(ctx, parse(args)?, true).await,
        "remove_favorites" => library::change_favorites(ctx, parse(args)?, false).await,
        "get_mixes" => library::mixes(ctx).await,
        "get_mix_items" => library::mix_items(ctx, parse(args)?).await,
        "recommend_tracks" => library::recommend(ctx, parse(args)?).await,
        "get_preferences" => library::get_preferences(ctx).await,
        "set_preferences" => library::set_preferences(ctx, parse(args)?).await,
        other => Err(ToolError::invalid(format!("unknown tool `{other}`"))),
    }
}

/// Parses an id or URL of `kind`, as a tool error on failure.
pub fn id(input: &str, kind: &str) -> Result<String, ToolError> {
    crate::tidal::model::parse_id(input, kind).map_err(ToolError::invalid)
}

pub fn ids(inputs: &[String], kind: &str) -> Result<Vec<String>, ToolError> {
    inputs.iter().map(|i| id(i, kind)).collect()
}

/// A page size within 1..=max, defaulting to `default`.
pub fn limit(v: Option<u64>, default: u64, max: u64) -> Result<u64, ToolError> {
    match v {
        None => Ok(default.clamp(1, max)),
        Some(0) => Err(ToolError::invalid("limit must be at least 1")),
        Some(n) if n > max => Err(ToolError::invalid(format!("limit must be at most {max}"))),
        Some(n) => Ok(n),
    }
}
