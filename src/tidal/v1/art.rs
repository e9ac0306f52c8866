//! Artwork on the v1 API, as tidalapi 0.8.11 builds its image URLs: an image id (a UUID) on the
//! object (`cover` of an album, and of a track's album; `picture` of an artist; `squareImage`,
//! else the wide `image`, of a playlist) turned into `resources.tidal.com` URLs at the sizes
//! tidalapi lists for each kind; a mix's own image URLs from its page.

use serde_json::Value;

use crate::tidal::backend::V1;
use crate::tidal::model::{ArtKind, Image, resource_image};
use crate::tidal::{Call, TidalError};

const ALBUM_SIZES: &[u32] = &[80, 160, 320, 640, 1280];
const ARTIST_SIZES: &[u32] = &[160, 320, 480, 750];
const PLAYLIST_SIZES: &[u32] = &[160, 320, 480, 640, 750, 1080];
const WIDE_SIZES: &[(u32, u32)] = &[(160, 107), (480, 320), (750, 500), (1080, 720)];
/// tidalapi's `Mix.image`: SMALL, MEDIUM and LARGE are 320, 640 and 1500 pixels square.
const MIX_SIZES: &[(&str, u32)] = &[("SMALL", 320), ("MEDIUM", 640), ("LARGE", 1500)];

fn uuid(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.is_empty())
}

fn square(id: &str, sizes: &[u32]) -> Vec<Image> {
    sizes.iter().map(|s| resource_image(id, *s, *s)).collect()
}

impl V1<'_> {
    pub(super) async fn v1_images(
        &self,
        kind: ArtKind,
        id: &str,
    ) -> Result<Vec<Image>, TidalError> {
        let get = |path: String, endpoint: &'static str| async move {
            Ok::<Value, TidalError>(self.send(&self.get(path, endpoint)).await?.body)
        };
        Ok(match kind {
            ArtKind::Album => {
                let a = get(format!("/v1/albums/{id}"), "/v1/albums/{id}").await?;
                uuid(&a["cover"]).map_or_else(Vec::new, |c| square(c, ALBUM_SIZES))
            }
            ArtKind::Track => {
                let t = get(format!("/v1/tracks/{id}"), "/v1/tracks/{id}").await?;
                uuid(&t["album"]["cover"]).map_or_else(Vec::new, |c| square(c, ALBUM_SIZES))
            }
            ArtKind::Artist => {
                let a = get(format!("/v1/artists/{id}"), "/v1/artists/{id}").await?;
                uuid(&a["picture"]).map_or_else(Vec::new, |p| square(p, ARTIST_SIZES))
            }
            ArtKind::Playlist => {
                let p = get(format!("/v1/playlists/{id}"), "/v1/playlists/{id}").await?;
                match (uuid(&p["squareImage"]), uuid(&p["image"])) {
                    (Some(sq), _) => square(sq, PLAYLIST_SIZES),
                    (None, Some(wide)) => (WIDE_SIZES.iter())
                        .map(|(w, h)| resource_image(wide, *w, *h))
                        .collect(),
                    (None, None) => Vec::new(),
                }
            }
            ArtKind::Mix => {
                let call = Call::get(self.api("/v1/pages/mix"), "/v1/pages/mix")
                    .q("mixId", id)
                    .q("deviceType", "BROWSER");
                let b = self.send(&call).await?.body;
                let header = (b["rows"].as_array().into_iter().flatten())
                    .flat_map(|r| r["modules"].as_array().into_iter().flatten())
                    .find(|m| m["type"] == "MIX_HEADER");
                let images = header.map(|m| &m["mix"]["images"]);
                MIX_SIZES
                    .iter()
                    .filter_map(|(name, size)| {
                        let url = images?[name]["url"].as_str()?.to_string();
                        Some(Image {
                            href: url,
                            width: *size,
                            height: *size,
                        })
                    })
                    .collect()
            }
        })
    }
}
