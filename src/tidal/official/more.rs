//! Catalogue reads of the official API added for issue 22: albums by UPC (`filter[barcodeId]`,
//! as tidalapi asks it with device tokens too), a track's similar tracks and an artist's videos
//! (THIRD_PARTY relationships, with their resources included).

use super::document;
use super::{TidalClient, TidalError, seg};
use crate::tidal::model::{Album, Page, Track};

impl TidalClient {
    /// Albums with this UPC (barcode).
    pub(crate) async fn official_albums_by_upc(&self, upc: &str) -> Result<Vec<Album>, TidalError> {
        let call = self
            .official_get("/albums", "/albums")
            .country()
            .q("filter[barcodeId]", upc)
            .q("include", "artists");
        let (data, inc) = self.official_pages(call, 100, |_, _| true, |_| {}).await?;
        Ok(data
            .iter()
            .filter_map(|r| document::album(r, &inc))
            .collect())
    }

    pub(crate) async fn official_similar_tracks(
        &self,
        id: &str,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .official_get(
                &format!("/tracks/{}/relationships/similarTracks", seg(id)),
                "/tracks/{id}/relationships/similarTracks",
            )
            .country()
            .q(
                "include",
                "similarTracks,similarTracks.artists,similarTracks.albums",
            );
        self.official_related(
            call,
            0,
            max,
            |_, _| true,
            |_, r, inc| document::track(r, inc),
        )
        .await
    }

    pub(crate) async fn official_artist_videos(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .official_get(
                &format!("/artists/{}/relationships/videos", seg(id)),
                "/artists/{id}/relationships/videos",
            )
            .country()
            .q("include", "videos,videos.artists");
        self.official_related(
            call,
            offset,
            max,
            |_, _| true,
            |_, r, inc| document::video(r, inc),
        )
        .await
    }
}
