//! TIDAL's official API (`openapi.tidal.com/v2`, JSON:API) for sessions from a browser (PKCE)
//! login, as TIDAL's OpenAPI document describes it (a copy is in `tests/reference/tidal-oas/`,
//! and the test suite holds every request and answer to it): related resources only through
//! `include`, with nested paths relative to the request's root (`items.artists`, at most 3
//! levels and 10 resources); cursor pages, each next page asked with the first request's
//! `include` and filters plus `page[cursor]`; `countryCode` only where an operation declares
//! it; writes as JSON:API documents of at most 50 items (moves 20) with an `Idempotency-Key`
//! each, so a write sent again after a lost answer lands once. `catalog` and `library` hold the
//! endpoints, `document` the reading of answers. What the official API does not offer a
//! developer app says so ([`TidalError::NotOnOfficialApi`]).

mod catalog;
mod document;
mod library;

use serde_json::Value;

use document::Included;

use super::{Call, TidalClient, TidalError};
use crate::vault::Api;

/// Most items a list write carries, and a move (the document's bounds).
const WRITE_CHUNK: usize = 50;
const MOVE_CHUNK: usize = 20;

/// The path segment for an id TIDAL gave us (ids are opaque: it may need escaping).
fn seg(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// The same request for the page at `cursor`: TIDAL's next link carries only the cursor, so
/// the first request's `include` and filters are sent again with it.
fn page_call(first: &Call, cursor: &str) -> Call {
    let mut call = Call::get(first.url.clone(), first.endpoint).jsonapi();
    call.country = first.country;
    call.query = first
        .query
        .iter()
        .filter(|(k, _)| k != "page[cursor]")
        .cloned()
        .collect();
    call.query.push(("page[cursor]".into(), cursor.into()));
    call
}

impl TidalClient {
    /// Whether the active session is for the official API.
    pub(crate) fn official(&self) -> bool {
        self.session().is_some_and(|s| s.api == Api::Official)
    }

    /// A GET of the official API (add `.country()` where the operation declares `countryCode`).
    fn v2(&self, path: &str, endpoint: &'static str) -> Call {
        Call::get(self.openapi(path), endpoint).jsonapi()
    }

    async fn v2_doc(&self, call: &Call) -> Result<Value, TidalError> {
        Ok(self.send(call).await?.body)
    }

    /// Follows the cursor from `first`, collecting the primary data and everything included
    /// until `max` resources that `keep` accepts were seen (or the last page). `on_page` gets
    /// the count so far.
    async fn v2_pages(
        &self,
        first: Call,
        max: u64,
        keep: impl Fn(&Value, &Included) -> bool,
        mut on_page: impl FnMut(u64),
    ) -> Result<(Vec<Value>, Included), TidalError> {
        let mut data = Vec::new();
        let mut inc = Included::default();
        let mut kept = 0u64;
        let mut call = first;
        loop {
            let doc = self.v2_doc(&call).await?;
            inc.add(&doc);
            let page: Vec<Value> = match &doc["data"] {
                Value::Array(a) => a.clone(),
                v @ Value::Object(_) => vec![v.clone()],
                _ => Vec::new(),
            };
            for d in page {
                if kept >= max {
                    break;
                }
                if keep(&d, &inc) {
                    kept += 1;
                    data.push(d);
                }
            }
            on_page(kept);
            if kept >= max {
                break;
            }
            match document::next_cursor(&doc["links"]) {
                Some(c) => call = page_call(&call, &c),
                None => break,
            }
        }
        Ok((data, inc))
    }

    pub(crate) async fn v2_validate(&self) -> Result<Value, TidalError> {
        self.v2_doc(&self.v2("/users/me", "/v2/users/me")).await
    }
}
