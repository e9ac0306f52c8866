//! Resource subscriptions (issue 23): the service's change feed (every write of every client,
//! the CLI and cron goes through the one agent, and so does every login and logout) turned into
//! `notifications/resources/updated` for the URIs a client subscribed to, and
//! `notifications/resources/list_changed` when playlists appear or go. In the handshake era a
//! connection subscribes URI by URI (`resources/subscribe`, one listener per connection); in
//! the 2026-07-28 era a client opens `subscriptions/listen` streams, each with its own filter.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rmcp::model::{ResourceUpdatedNotificationParam, SubscriptionFilter};
use rmcp::service::SubscriptionContext;
use rmcp::{Peer, RoleServer};
use tokio::sync::broadcast::error::RecvError;

use super::resources;
use crate::service::playlists::CAME_OR_WENT;
use crate::service::{ACCOUNT_CHANGED, Service};
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

/// Of the `subscribed` URIs, those a change touches: all of them when the account changed (or
/// when changes were missed, which is told the same way).
fn touched(tag: &str, subscribed: &HashSet<String>) -> Vec<String> {
    if tag == ACCOUNT_CHANGED {
        return subscribed.iter().cloned().collect();
    }
    (uris_of(tag).into_iter())
        .filter(|u| subscribed.contains(u))
        .collect()
}

/// Whether a change is of which playlists there are.
fn list_changed(tag: &str) -> bool {
    tag == CAME_OR_WENT || tag == ACCOUNT_CHANGED
}

/// The next change, `ACCOUNT_CHANGED` for changes missed; `None` once the service is gone.
async fn next(changes: &mut tokio::sync::broadcast::Receiver<String>) -> Option<String> {
    match changes.recv().await {
        Ok(tag) => Some(tag),
        Err(RecvError::Lagged(_)) => Some(ACCOUNT_CHANGED.into()),
        Err(RecvError::Closed) => None,
    }
}

/// What of a `subscriptions/listen` filter is served: the connection's tool list (which grows
/// when the model turns a toolset on), the resource list, and the resources that can change
/// (others are left out of the acknowledged filter).
pub fn accepted(requested: &SubscriptionFilter) -> SubscriptionFilter {
    let mut served = SubscriptionFilter::new();
    served.tools_list_changed = requested.tools_list_changed;
    served.resources_list_changed = requested.resources_list_changed;
    served.resource_subscriptions = (requested.resource_subscriptions.as_ref()).map(|uris| {
        uris.iter()
            .filter(|u| resources::subscribable(u))
            .cloned()
            .collect()
    });
    served
}

/// Serves one `subscriptions/listen` stream until the client ends it; `tools` changes when
/// the connection's tool list grows.
pub async fn stream(
    service: &Service,
    mut tools: tokio::sync::watch::Receiver<()>,
    context: SubscriptionContext,
) {
    let accepted = context.accepted();
    let subscribed: HashSet<String> = (accepted.resource_subscriptions.iter().flatten())
        .cloned()
        .collect();
    let lists = accepted.resources_list_changed == Some(true);
    let tool_list = accepted.tools_list_changed == Some(true);
    let mut changes = service.changes();
    loop {
        let tag = tokio::select! {
            _ = context.cancelled() => return,
            Ok(()) = tools.changed(), if tool_list => {
                if context.sink().notify_tool_list_changed().await.is_err() {
                    return;
                }
                continue;
            }
            tag = next(&mut changes) => match tag {
                Some(tag) => tag,
                None => return,
            },
        };
        for uri in touched(&tag, &subscribed) {
            if context.sink().notify_resource_updated(uri).await.is_err() {
                return;
            }
        }
        if lists
            && list_changed(&tag)
            && context.sink().notify_resource_list_changed().await.is_err()
        {
            return;
        }
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
}

/// Notifies the connection of every change to what it subscribed to, until it is gone.
async fn listen(
    subs: Subscriptions,
    mut changes: tokio::sync::broadcast::Receiver<String>,
    peer: Peer<RoleServer>,
) {
    while let Some(tag) = next(&mut changes).await {
        let subscribed = subs.uris.lock().unwrap_or_else(|p| p.into_inner()).clone();
        for uri in touched(&tag, &subscribed) {
            let note = ResourceUpdatedNotificationParam::new(uri);
            if peer.notify_resource_updated(note).await.is_err() {
                return;
            }
        }
        if list_changed(&tag) && peer.notify_resource_list_changed().await.is_err() {
            return;
        }
    }
}
