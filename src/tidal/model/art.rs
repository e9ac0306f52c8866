//! Artwork: the image files TIDAL has for a track (its album's cover), an album, an artist, a
//! playlist or a mix, each size with its URL.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What the artwork is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ArtKind {
    Track,
    Album,
    Artist,
    Playlist,
    Mix,
}

impl ArtKind {
    /// The id kind a person names it by (`parse_id`).
    pub fn id_kind(self) -> &'static str {
        match self {
            ArtKind::Track => "track",
            ArtKind::Album => "album",
            ArtKind::Artist => "artist",
            ArtKind::Playlist => "playlist",
            ArtKind::Mix => "mix",
        }
    }
}

/// One image file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Image {
    /// Its address (named `href`, not `url`: list details leave `url` out).
    pub href: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The artwork of one object: the size asked for (the smallest at least that wide, else the
/// largest) and every size TIDAL has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Artwork {
    /// What it is of.
    #[serde(rename = "type")]
    pub kind: ArtKind,
    /// Its id.
    pub id: String,
    /// The image at the size asked for; absent when TIDAL has no artwork for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Every size TIDAL has, smallest first.
    pub sizes: Vec<Image>,
}

impl Artwork {
    /// Chooses from `sizes` the smallest image at least `width` wide, else the largest.
    pub fn choose(kind: ArtKind, id: &str, mut sizes: Vec<Image>, width: u32) -> Artwork {
        sizes.sort_by_key(|i| (i.width, i.height));
        let image = (sizes.iter().find(|i| i.width >= width))
            .or(sizes.last())
            .cloned();
        Artwork {
            kind,
            id: id.to_string(),
            image,
            sizes,
        }
    }
}

/// TIDAL's image URL for an image id (a UUID) at one size, as tidalapi builds it.
pub fn resource_image(uuid: &str, width: u32, height: u32) -> Image {
    Image {
        href: format!(
            "https://resources.tidal.com/images/{}/{width}x{height}.jpg",
            uuid.replace('-', "/")
        ),
        width,
        height,
    }
}
