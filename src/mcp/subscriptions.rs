//! Resource subscriptions (`resources/subscribe`, issue 23): a connection's subscribed URIs,
//! and one task per subscribing connection that turns the service's change feed (every write
//! of every client, the CLI and cron goes through the one agent) into
//! `notifications/resources/updated` for the URIs it subscribed to, and
//! `notifications/resources/list_changed` when playlists appear or go.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rmcp::model::ResourceUpdatedNotificationParam;
use rmcp::{Peer, RoleServer};
use tokio::sync::broadcast::error::RecvError;

use crate::service::Service;
use crate::tidal::model::FavoriteKind;

/// The URIs a change tag touches.
fn uris_of(tag: &str) -> Vec<String> {
    if let Some(pid) = tag.strip_prefix("playlist:") {
        return vec![format!("tidal://playlist/{pid}")];
    }
    match tag {
        "playlists" | "folders" => vec!["tidal://playlists".into()],
        "favorites" => (FavoriteKind::ALL.iter())
            .map(|k| format!("tidal://favorites/{}", k.path()))
            .collect(),
        _ => Vec::new(),
    }
}

/// One connection's subscriptions.
#[derive(Clone, Default)]
pub struct Subscriptions {
    uris: Arc<Mutex<HashSet<String>>>,
    listening: Arc<std::sync::atomic::AtomicBool>,
}

impl Subscriptions {
    /// Subscribes to `uri`; the first subscription starts the connection's listener.
    pub fn add(&self, uri: &str, service: &Arc<Service>, peer: Peer<RoleServer>) {
        self.uris
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(uri.to_string());
        if !self
            .listening
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            tokio::spawn(listen(self.clone(), service.changes(), peer));
        }
    }

    pub fn remove(&self, uri: &str) {
        self.uris
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(uri);
    }

    fn subscribed(&self, uri: &str) -> bool {
        (self.uris.lock().unwrap_or_else(|p| p.into_inner())).contains(uri)
    }
}

/// Notifies the connection of every change to what it subscribed to, until it is gone.
async fn listen(
    subs: Subscriptions,
    mut changes: tokio::sync::broadcast::Receiver<String>,
    peer: Peer<RoleServer>,
) {
    loop {
        let tag = match changes.recv().await {
            Ok(tag) => tag,
            // Missed some: say that everything subscribed may have changed.
            Err(RecvError::Lagged(_)) => "*".into(),
            Err(RecvError::Closed) => return,
        };
        let uris: Vec<String> = if tag == "*" {
            (subs.uris.lock().unwrap_or_else(|p| p.into_inner()))
                .iter()
                .cloned()
                .collect()
        } else {
            uris_of(&tag)
        };
        for uri in uris.into_iter().filter(|u| subs.subscribed(u)) {
            let note = ResourceUpdatedNotificationParam::new(uri);
            if peer.notify_resource_updated(note).await.is_err() {
                return;
            }
        }
        if tag == "playlists" && peer.notify_resource_list_changed().await.is_err() {
            return;
        }
    }
}
