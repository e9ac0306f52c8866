//! The user's account on TIDAL as the assistant reads it: the profile, and the listening
//! history (v1: the history mixes, monthly, yearly and all-time, each with its tracks; the
//! official API has none). Both are personal reads (library kind, per user).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::cache::{Cached, Kind};
use super::{Service, ServiceError};
use crate::tidal::model::{Mix, Page, Profile, Track};
use crate::tidal::{Capability, Catalog, Library};

/// One history mix and its tracks, most played first as TIDAL orders them.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct HistoryMix {
    /// The mix (its title names the period, e.g. "My Most Listened: 2025").
    pub mix: Mix,
    /// Its tracks.
    pub tracks: Page<Track>,
}

/// What the user listened to: TIDAL's history mixes.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct ListeningHistory {
    /// The history mixes TIDAL has for the account (none for a new account).
    pub mixes: Vec<HistoryMix>,
}

impl Service {
    /// The logged-in user's TIDAL profile.
    pub async fn profile(&self) -> Result<Cached<Profile>, ServiceError> {
        self.read(Kind::Library, "profile", json!(null), &[], || async {
            Ok(self.tidal.backend().profile().await?)
        })
        .await
    }

    /// The history mixes with up to `per_mix` tracks each.
    pub async fn listening_history(
        &self,
        per_mix: u64,
    ) -> Result<Cached<ListeningHistory>, ServiceError> {
        self.tidal.backend().require(Capability::History)?;
        self.read(Kind::Library, "history", json!(per_mix), &[], || async {
            let api = self.tidal.backend();
            let mut mixes = Vec::new();
            for mix in api.history_mixes().await? {
                let tracks = api.mix_items(&mix.id, per_mix).await?;
                mixes.push(HistoryMix { mix, tracks });
            }
            Ok(ListeningHistory { mixes })
        })
        .await
    }
}
