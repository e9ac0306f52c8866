//! What a TIDAL backend can do: one trait, [`Backend`], implemented once per API, the v1 API
//! (`v1/`, as tidalapi speaks it, for device-flow sessions) and the official API (`official/`,
//! JSON:API, for browser-login sessions). [`TidalClient::backend`] chooses one per call from
//! the session, the only place that asks which API a session uses; [`Chosen`] is that choice and
//! answers every method by handing it to the chosen backend. Both sit on the shared transport
//! of `tidal/mod.rs` (`send`: quota, Retry-After, refresh), reached through `Deref`.
//!
//! A new endpoint is a method here, then one in each implementation and one line in [`Chosen`]'s:
//! the compiler refuses the build until every backend has it with the same signature. A backend
//! that cannot do something says so in its body with `TidalError::NotOnOfficialApi` (or the v1
//! equivalent) and declares it in [`Capability`], which tools and resources ask first.

use serde_json::Value;

use super::model::{self, Album, Artist, Lyrics, Mix, Page, Playlist, PlaylistItem, Track};
use super::model::{FavoriteKind, Folder, FolderContents, Profile, SearchResult};
use super::{TidalClient, TidalError};

/// The v1 API backend.
pub struct V1<'a>(pub(super) &'a TidalClient);
/// The official API backend.
pub struct Official<'a>(pub(super) &'a TidalClient);

impl std::ops::Deref for V1<'_> {
    type Target = TidalClient;
    fn deref(&self) -> &TidalClient {
        self.0
    }
}

impl std::ops::Deref for Official<'_> {
    type Target = TidalClient;
    fn deref(&self) -> &TidalClient {
        self.0
    }
}

/// The backend of the session a call runs for.
pub enum Chosen<'a> {
    V1(V1<'a>),
    Official(Official<'a>),
}

impl TidalClient {
    /// The backend for the current session: the official API for a browser login, the v1 API
    /// otherwise (and when nobody is logged in, so that the error is the v1 one).
    pub fn backend(&self) -> Chosen<'_> {
        if self.official() {
            Chosen::Official(Official(self))
        } else {
            Chosen::V1(V1(self))
        }
    }
}

/// What a backend may not offer: declared here once, with TIDAL's reason, asked by tools and
/// resources before a call that needs it, and returned by the backend that lacks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Song lyrics: tier INTERNAL in TIDAL's OpenAPI document, refused to developer apps.
    Lyrics,
    /// Favourite mixes: the official API has no collection of mixes.
    FavoriteMixes,
    /// Playlist folders: `userCollectionFolders` is tier INTERNAL.
    Folders,
    /// Editorial pages (home, explore, genres, moods): `dynamicPages` and `genres` are tier
    /// INTERNAL.
    Pages,
    /// Album reviews: the document has no review of an album.
    AlbumReview,
    /// Listening history: the document has no history (its mixes are daily, discovery and
    /// new-release ones).
    History,
}

/// What the official API does not offer a developer app.
const OFFICIAL_LACKS: &[Capability] = &[
    Capability::Lyrics,
    Capability::FavoriteMixes,
    Capability::Folders,
    Capability::History,
    Capability::AlbumReview,
    Capability::Pages,
];

impl Capability {
    /// The error a backend without it answers (and a tool says before calling).
    pub fn unsupported(self) -> TidalError {
        TidalError::NotOnOfficialApi(
            match self {
                Capability::Lyrics => "lyrics (TIDAL keeps them for its own apps)",
                Capability::FavoriteMixes => "favourite mixes",
                Capability::Pages => {
                    "TIDAL's pages, genres and moods (TIDAL keeps them for its own apps; log in \
                     with a device client to browse them)"
                }
                Capability::AlbumReview => "album reviews (TIDAL's document has none)",
                Capability::History => {
                    "listening history (TIDAL's document has no history; log in with a device \
                     client to use it)"
                }
                Capability::Folders => {
                    "playlist folders (TIDAL keeps them for its own apps; log in with a device \
                     client to use them)"
                }
            }
            .into(),
        )
    }
}

impl Chosen<'_> {
    /// Whether the chosen backend offers `what`.
    pub fn supports(&self, what: Capability) -> bool {
        match self {
            Chosen::V1(_) => true,
            Chosen::Official(_) => !OFFICIAL_LACKS.contains(&what),
        }
    }

    /// `Ok` when the chosen backend offers `what`, else the error that says it does not.
    pub fn require(&self, what: Capability) -> Result<(), TidalError> {
        if self.supports(what) {
            Ok(())
        } else {
            Err(what.unsupported())
        }
    }
}

/// Search, the catalogue (tracks, albums, artists, radio, lyrics), mixes, and the session check.
#[allow(async_fn_in_trait)]
pub trait Catalog {
    async fn search(
        &self,
        query: &str,
        types: &[model::SearchType],
        limit: u64,
        offset: u64,
    ) -> Result<SearchResult, TidalError>;

    async fn track(&self, id: &str) -> Result<Track, TidalError>;

    /// Tracks with this ISRC, from the official API (which takes device-flow tokens too).
    async fn tracks_by_isrc(&self, isrc: &str) -> Result<Vec<Track>, TidalError>;

    async fn album(&self, id: &str) -> Result<Album, TidalError>;

    async fn album_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError>;

    async fn similar_albums(&self, id: &str, max: u64) -> Result<Page<Album>, TidalError>;

    async fn artist(&self, id: &str) -> Result<Artist, TidalError>;

    async fn artist_top_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError>;

    /// `filter`: None (albums), `EPSANDSINGLES` or `COMPILATIONS`.
    async fn artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError>;

    async fn similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError>;

    async fn artist_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError>;

    async fn track_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError>;

    async fn lyrics(&self, id: &str) -> Result<Lyrics, TidalError>;

    async fn artist_bio(&self, id: &str) -> Result<model::ArtistBio, TidalError>;

    async fn album_review(&self, id: &str) -> Result<model::AlbumReview, TidalError>;

    /// Every size of an object's artwork (a track's is its album's cover); empty when TIDAL
    /// has none.
    async fn images(&self, kind: model::ArtKind, id: &str)
    -> Result<Vec<model::Image>, TidalError>;

    /// Albums with this UPC, from the official API (as tidalapi asks it, device tokens too).
    async fn albums_by_upc(&self, upc: &str) -> Result<Vec<Album>, TidalError>;

    /// Tracks like this one, from the official API's `similarTracks` (v1 has no such list).
    async fn similar_tracks(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError>;

    async fn artist_videos(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError>;

    /// The user's mixes, from the `my_collection_my_mixes` page.
    async fn mixes(&self) -> Result<Vec<Mix>, TidalError>;

    /// Suggested queries and direct hits for a query, from the official API (v1 has none that
    /// a source documents; device tokens are taken there as for ISRC lookups).
    async fn suggestions(&self, query: &str) -> Result<model::Suggestions, TidalError>;

    /// An editorial page by its path (`pages/explore`, `pages/genre_pop`, ...).
    async fn page(&self, path: &str) -> Result<model::PageView, TidalError>;

    /// The user's history mixes (what they listened to most, by month, year and ever).
    async fn history_mixes(&self) -> Result<Vec<Mix>, TidalError>;

    async fn mix_items(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError>;

    /// Validates the session against TIDAL (`health --online`).
    async fn validate(&self) -> Result<Value, TidalError>;
}

/// The user's playlists: listing, reading with the version a write needs, and every change.
#[allow(async_fn_in_trait)]
pub trait Playlists {
    async fn user_playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        max: u64,
    ) -> Result<Page<Playlist>, TidalError>;

    /// The playlist and its current ETag.
    async fn playlist(&self, id: &str) -> Result<(Playlist, Option<String>), TidalError>;

    /// Items from `offset`, up to `max`, each with its index. `progress(done, total)`.
    async fn playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError>;

    async fn create_playlist(&self, title: &str, description: &str)
    -> Result<Playlist, TidalError>;

    async fn set_playlist_public(&self, id: &str, public: bool) -> Result<(), TidalError>;

    async fn delete_playlist(&self, id: &str) -> Result<(), TidalError>;

    async fn edit_playlist(
        &self,
        id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), TidalError>;

    /// Adds tracks at `position` (None: append). Returns the ids TIDAL reports as added.
    async fn add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
        allow_duplicates: bool,
    ) -> Result<Vec<String>, TidalError>;

    /// Removes items by 0-based index. Highest indices go first so the rest stay valid.
    async fn remove_indices(&self, id: &str, indices: &[u64]) -> Result<(), TidalError>;

    async fn move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError>;
}

/// The user's favourites of each kind: listing, adding, removing.
#[allow(async_fn_in_trait)]
pub trait Favorites {
    async fn favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError>;

    async fn add_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError>;

    async fn remove_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError>;
}

/// The user's playlist folders and profile.
#[allow(async_fn_in_trait)]
pub trait Library {
    /// The folders and playlists in a folder (`root` for the top), every page.
    async fn folder_contents(&self, folder: &str) -> Result<FolderContents, TidalError>;

    async fn create_folder(&self, name: &str, parent: &str) -> Result<Folder, TidalError>;

    async fn rename_folder(&self, id: &str, name: &str) -> Result<(), TidalError>;

    /// Removes the folder itself (the service moves its playlists out first).
    async fn delete_folder(&self, id: &str) -> Result<(), TidalError>;

    /// Moves playlists into a folder (`root` for the top).
    async fn move_playlists(&self, playlist_ids: &[String], folder: &str)
    -> Result<(), TidalError>;

    /// The logged-in user's profile.
    async fn profile(&self) -> Result<Profile, TidalError>;
}

/// Everything a backend does; each API implements every part (the compiler holds both to
/// the same signatures).
pub trait Backend: Catalog + Playlists + Favorites + Library {}
impl<T: Catalog + Playlists + Favorites + Library> Backend for T {}

/// Hands one call to the chosen backend.
macro_rules! each {
    ($api:expr, $method:ident($($arg:expr),*)) => {
        match $api {
            Chosen::V1(b) => b.$method($($arg),*).await,
            Chosen::Official(b) => b.$method($($arg),*).await,
        }
    };
}

impl Catalog for Chosen<'_> {
    async fn search(
        &self,
        query: &str,
        types: &[model::SearchType],
        limit: u64,
        offset: u64,
    ) -> Result<SearchResult, TidalError> {
        each!(self, search(query, types, limit, offset))
    }

    async fn track(&self, id: &str) -> Result<Track, TidalError> {
        each!(self, track(id))
    }

    async fn tracks_by_isrc(&self, isrc: &str) -> Result<Vec<Track>, TidalError> {
        each!(self, tracks_by_isrc(isrc))
    }

    async fn album(&self, id: &str) -> Result<Album, TidalError> {
        each!(self, album(id))
    }

    async fn album_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        each!(self, album_tracks(id, offset, max))
    }

    async fn similar_albums(&self, id: &str, max: u64) -> Result<Page<Album>, TidalError> {
        each!(self, similar_albums(id, max))
    }

    async fn artist(&self, id: &str) -> Result<Artist, TidalError> {
        each!(self, artist(id))
    }

    async fn artist_top_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        each!(self, artist_top_tracks(id, offset, max))
    }

    async fn artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        each!(self, artist_albums(id, filter, offset, max))
    }

    async fn similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError> {
        each!(self, similar_artists(id, offset, max))
    }

    async fn artist_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        each!(self, artist_radio(id, max))
    }

    async fn track_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        each!(self, track_radio(id, max))
    }

    async fn lyrics(&self, id: &str) -> Result<Lyrics, TidalError> {
        each!(self, lyrics(id))
    }

    async fn artist_bio(&self, id: &str) -> Result<model::ArtistBio, TidalError> {
        each!(self, artist_bio(id))
    }

    async fn album_review(&self, id: &str) -> Result<model::AlbumReview, TidalError> {
        each!(self, album_review(id))
    }

    async fn images(
        &self,
        kind: model::ArtKind,
        id: &str,
    ) -> Result<Vec<model::Image>, TidalError> {
        each!(self, images(kind, id))
    }

    async fn albums_by_upc(&self, upc: &str) -> Result<Vec<Album>, TidalError> {
        each!(self, albums_by_upc(upc))
    }

    async fn similar_tracks(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        each!(self, similar_tracks(id, max))
    }

    async fn artist_videos(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        each!(self, artist_videos(id, offset, max))
    }

    async fn mixes(&self) -> Result<Vec<Mix>, TidalError> {
        each!(self, mixes())
    }

    async fn history_mixes(&self) -> Result<Vec<Mix>, TidalError> {
        each!(self, history_mixes())
    }

    async fn page(&self, path: &str) -> Result<model::PageView, TidalError> {
        each!(self, page(path))
    }

    async fn suggestions(&self, query: &str) -> Result<model::Suggestions, TidalError> {
        each!(self, suggestions(query))
    }

    async fn mix_items(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        each!(self, mix_items(id, max))
    }

    async fn validate(&self) -> Result<Value, TidalError> {
        each!(self, validate())
    }
}

impl Playlists for Chosen<'_> {
    async fn user_playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        max: u64,
    ) -> Result<Page<Playlist>, TidalError> {
        each!(self, user_playlists(include_favorited, offset, max))
    }

    async fn playlist(&self, id: &str) -> Result<(Playlist, Option<String>), TidalError> {
        each!(self, playlist(id))
    }

    async fn playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError> {
        each!(self, playlist_items(id, offset, max, progress))
    }

    async fn create_playlist(
        &self,
        title: &str,
        description: &str,
    ) -> Result<Playlist, TidalError> {
        each!(self, create_playlist(title, description))
    }

    async fn set_playlist_public(&self, id: &str, public: bool) -> Result<(), TidalError> {
        each!(self, set_playlist_public(id, public))
    }

    async fn delete_playlist(&self, id: &str) -> Result<(), TidalError> {
        each!(self, delete_playlist(id))
    }

    async fn edit_playlist(
        &self,
        id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), TidalError> {
        each!(self, edit_playlist(id, title, description))
    }

    async fn add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
        allow_duplicates: bool,
    ) -> Result<Vec<String>, TidalError> {
        each!(self, add_tracks(id, track_ids, position, allow_duplicates))
    }

    async fn remove_indices(&self, id: &str, indices: &[u64]) -> Result<(), TidalError> {
        each!(self, remove_indices(id, indices))
    }

    async fn move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError> {
        each!(self, move_indices(id, indices, to_index))
    }
}

impl Favorites for Chosen<'_> {
    async fn favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError> {
        each!(self, favorites(kind, offset, max, order, direction))
    }

    async fn add_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError> {
        each!(self, add_favorites(kind, ids))
    }

    async fn remove_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError> {
        each!(self, remove_favorites(kind, ids))
    }
}

impl Library for Chosen<'_> {
    async fn folder_contents(&self, folder: &str) -> Result<FolderContents, TidalError> {
        each!(self, folder_contents(folder))
    }

    async fn create_folder(&self, name: &str, parent: &str) -> Result<Folder, TidalError> {
        each!(self, create_folder(name, parent))
    }

    async fn rename_folder(&self, id: &str, name: &str) -> Result<(), TidalError> {
        each!(self, rename_folder(id, name))
    }

    async fn delete_folder(&self, id: &str) -> Result<(), TidalError> {
        each!(self, delete_folder(id))
    }

    async fn move_playlists(
        &self,
        playlist_ids: &[String],
        folder: &str,
    ) -> Result<(), TidalError> {
        each!(self, move_playlists(playlist_ids, folder))
    }

    async fn profile(&self) -> Result<Profile, TidalError> {
        each!(self, profile())
    }
}
