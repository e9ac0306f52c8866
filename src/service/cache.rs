//! Two-level cache (docs/design.md section 8): L1 an in-memory LRU, L2 the sled `cache` tree. Keys are
//! SHA-256 of (operation, parameters, scope), where scope is the country for catalogue data and
//! the user pseudonym for library data. Library values in L2 are sealed with the user's key.
//! Entries carry tags in `cache_tags` so a write drops exactly what it changed. A damaged entry
//! is a miss, never an error.

use std::io::{Read, Write};
use std::marker::PhantomData;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use lru::LruCache;
use schemars::JsonSchema;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::config::CacheSettings;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Catalogue data: same for every user of a country, long TTL.
    Catalog,
    /// Search results: medium TTL.
    Search,
    /// The user's library: short TTL, personal.
    Library,
}

pub type Key = [u8; 32];

/// The shape of the values under a key: raised when an operation's answer changes shape, so an
/// entry written by an older tidal-mcp is never served as the new one (it expires unread).
const FORMAT: u8 = 2;

/// An answer that comes from the cache as JSON already: it is served as it is, without a copy,
/// and its schema is `T`'s, the type that was serialized into the cache.
pub struct Cached<T>(pub Value, PhantomData<T>);

impl<T> Cached<T> {
    pub fn new(v: Value) -> Self {
        Cached(v, PhantomData)
    }

    /// This answer as the field `name` of an output type `U` (moved, not copied). `U`'s schema
    /// must say so: every tool's output is checked against its schema in the tests.
    pub fn within<U>(self, name: &str) -> Cached<U> {
        let mut m = serde_json::Map::new();
        m.insert(name.to_string(), self.0);
        Cached::new(Value::Object(m))
    }

    /// The typed value, for work that reads the answer instead of passing it on (an entry
    /// that does not read back as `T` is a storage failure).
    pub fn decode(self) -> Result<T, super::ServiceError>
    where
        T: serde::de::DeserializeOwned,
    {
        serde_json::from_value(self.0).map_err(|e| {
            super::ServiceError::Storage(format!("a cached answer did not read back: {e}"))
        })
    }
}

impl<T: JsonSchema> JsonSchema for Cached<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// Expiry (unix ms) and the value as JSON bytes.
type L1Entry = (i64, Arc<[u8]>);

/// Encrypts a personal value with its owner's key before it reaches the disk.
pub type Sealer<'a> = &'a dyn Fn(&[u8]) -> Vec<u8>;

/// How a value is stored: its kind (TTL), tags, the time, and the sealer for personal data.
pub struct Put<'a> {
    pub kind: Kind,
    pub tags: &'a [&'a str],
    pub now_ms: i64,
    pub seal: Option<Sealer<'a>>,
}

pub struct Cache {
    settings: CacheSettings,
    /// Expiry and the value as compact JSON bytes (a parsed tree takes several times more memory).
    l1: Mutex<LruCache<Key, L1Entry>>,
    pub hits_l1: AtomicU64,
    pub hits_l2: AtomicU64,
    pub misses: AtomicU64,
}

const FLAG_GZIP: u8 = 1;
const FLAG_SEALED: u8 = 2;

/// Reads a stored L2 record: its expiry (unix ms) and value; `open` unseals a sealed one.
pub fn decode(raw: &[u8], open: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Option<(i64, Value)> {
    if raw.len() < 9 {
        return None;
    }
    let exp = i64::from_be_bytes(raw[..8].try_into().ok()?);
    let flags = raw[8];
    let mut body = raw[9..].to_vec();
    if flags & FLAG_SEALED != 0 {
        body = open(&body)?;
    }
    if flags & FLAG_GZIP != 0 {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    }
    Some((exp, serde_json::from_slice(&body).ok()?))
}

pub fn key(kind: Kind, op: &str, params: &Value, scope: &str) -> Key {
    let mut h = Sha256::new();
    h.update([FORMAT, kind as u8]);
    h.update(op.as_bytes());
    h.update([0]);
    h.update(scope.as_bytes());
    h.update([0]);
    h.update(params.to_string().as_bytes());
    h.finalize().into()
}

impl Cache {
    pub fn new(settings: CacheSettings) -> Cache {
        let cap = NonZeroUsize::new(settings.l1.max_entries as usize).unwrap_or(NonZeroUsize::MIN);
        Cache {
            settings,
            l1: Mutex::new(LruCache::new(cap)),
            hits_l1: AtomicU64::new(0),
            hits_l2: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn ttl(&self, kind: Kind) -> u64 {
        let t = &self.settings.ttl;
        match kind {
            Kind::Catalog => t.catalog_secs,
            Kind::Search => t.search_secs,
            Kind::Library => t.library_secs,
        }
    }

    /// Looks in L1, then L2 (promoting to L1). `open` unseals a sealed L2 value.
    pub fn get(
        &self,
        store: &Store,
        k: &Key,
        now_ms: i64,
        open: impl Fn(&[u8]) -> Option<Vec<u8>>,
    ) -> Option<Value> {
        if self.settings.l1.enabled {
            let mut l1 = self.l1.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((exp, bytes)) = l1.get(k) {
                if *exp > now_ms {
                    let bytes = bytes.clone();
                    drop(l1);
                    if let Ok(v) = serde_json::from_slice(&bytes) {
                        self.hits_l1.fetch_add(1, Ordering::Relaxed);
                        return Some(v);
                    }
                    self.l1.lock().unwrap_or_else(|p| p.into_inner()).pop(k);
                    self.misses.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
                l1.pop(k);
            }
        }
        if self.settings.l2.enabled
            && let Some(v) = self.get_l2(store, k, now_ms, open)
        {
            self.hits_l2.fetch_add(1, Ordering::Relaxed);
            if self.settings.l1.enabled {
                let exp = now_ms + self.settings.l1.ttl_secs as i64 * 1000;
                self.l1
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .put(*k, (exp, compact(&v)));
            }
            return Some(v);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        None
    }

    fn get_l2(
        &self,
        store: &Store,
        k: &Key,
        now_ms: i64,
        open: impl Fn(&[u8]) -> Option<Vec<u8>>,
    ) -> Option<Value> {
        let raw = store.cache().get(k).ok()??;
        let exp = i64::from_be_bytes(raw.get(..8)?.try_into().ok()?);
        if exp <= now_ms {
            let _ = store.cache().remove(k);
            return None;
        }
        decode(&raw, open).map(|(_, v)| v)
    }

    /// Forgets every L1 entry (an erasure cannot pick a person's entries out of it).
    pub fn clear_l1(&self) {
        self.l1.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Stores a value in both layers with the kind's TTL.
    pub fn put(&self, store: &Store, k: &Key, v: &Value, how: Put<'_>) {
        let Put {
            kind,
            tags,
            now_ms,
            seal,
        } = how;
        let ttl = self.ttl(kind);
        if self.settings.l1.enabled {
            let exp = now_ms + ttl.min(self.settings.l1.ttl_secs) as i64 * 1000;
            self.l1
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .put(*k, (exp, compact(v)));
        }
        if !self.settings.l2.enabled {
            return;
        }
        let mut body = serde_json::to_vec(v).expect("json serializes");
        let mut flags = 0u8;
        if self.settings.l2.compression && body.len() > 1024 {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            if enc.write_all(&body).is_ok()
                && let Ok(z) = enc.finish()
            {
                body = z;
                flags |= FLAG_GZIP;
            }
        }
        if let Some(seal) = seal {
            body = seal(&body);
            flags |= FLAG_SEALED;
        }
        let exp = now_ms + ttl.min(self.settings.l2.ttl_secs) as i64 * 1000;
        let mut raw = Vec::with_capacity(9 + body.len());
        raw.extend_from_slice(&exp.to_be_bytes());
        raw.push(flags);
        raw.extend_from_slice(&body);
        // Cache writes may be lazy (docs/design.md section 5): no flush here.
        let _ = store.cache().insert(k, raw);
        for t in tags {
            let _ = store.cache_tags().insert(tag_key(t, k), &[]);
        }
    }

    /// Drops every entry carrying `tag`, from both layers.
    pub fn invalidate(&self, store: &Store, tag: &str) -> usize {
        let mut prefix = tag.as_bytes().to_vec();
        prefix.push(0);
        let mut n = 0;
        let mut l1 = self.l1.lock().unwrap_or_else(|p| p.into_inner());
        for item in store.cache_tags().scan_prefix(&prefix) {
            let Ok((tk, _)) = item else { continue };
            if let Ok(k) = <Key>::try_from(&tk[prefix.len()..]) {
                let _ = store.cache().remove(k);
                l1.pop(&k);
                n += 1;
            }
            let _ = store.cache_tags().remove(tk);
        }
        n
    }

    /// Removes expired L2 entries and, past the size bound, the soonest-expiring ones; with
    /// `dry_run` only counts them.
    pub fn cleanup(&self, store: &Store, now_ms: i64, dry_run: bool) -> (usize, usize) {
        let mut expired = 0;
        let mut live: Vec<(i64, sled::IVec, usize)> = Vec::new();
        for (k, v) in store.cache().iter().flatten() {
            let exp = v
                .get(..8)
                .and_then(|b| b.try_into().ok())
                .map(i64::from_be_bytes)
                .unwrap_or(0);
            if exp <= now_ms {
                if !dry_run {
                    let _ = store.cache().remove(&k);
                }
                expired += 1;
            } else {
                live.push((exp, k, v.len()));
            }
        }
        let max = self.settings.l2.max_size_mb as usize * 1024 * 1024;
        let mut size: usize = live.iter().map(|(_, _, s)| s).sum();
        let mut evicted = 0;
        if size > max {
            live.sort_by_key(|(exp, _, _)| *exp);
            for (_, k, s) in live {
                if size <= max {
                    break;
                }
                if !dry_run {
                    let _ = store.cache().remove(&k);
                }
                size -= s;
                evicted += 1;
            }
        }
        (expired, evicted)
    }

    pub fn l1_len(&self) -> usize {
        self.l1.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn hit_ratio(&self) -> Option<f64> {
        let h = self.hits_l1.load(Ordering::Relaxed) + self.hits_l2.load(Ordering::Relaxed);
        let total = h + self.misses.load(Ordering::Relaxed);
        (total > 0).then(|| h as f64 / total as f64)
    }
}

fn compact(v: &Value) -> Arc<[u8]> {
    Arc::from(serde_json::to_vec(v).expect("json serializes"))
}

fn tag_key(tag: &str, k: &Key) -> Vec<u8> {
    let mut v = tag.as_bytes().to_vec();
    v.push(0);
    v.extend_from_slice(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layers_ttl_tags_and_damage() {
        let t = tempfile::tempdir().unwrap();
        let store = Store::open(&t.path().join("s")).unwrap();
        let c = Cache::new(CacheSettings::default());
        let k = key(Kind::Catalog, "track", &json!("1"), "DE");
        let big = json!({"x": "y".repeat(5000)});
        c.put(
            &store,
            &k,
            &big,
            Put {
                kind: Kind::Catalog,
                tags: &["playlist:1"],
                now_ms: 0,
                seal: None,
            },
        );
        assert_eq!(c.get(&store, &k, 1, |_| None), Some(big.clone()));
        // L1 expires after its own TTL (300 s), L2 still answers until 3600 s.
        assert_eq!(c.get(&store, &k, 301_000, |_| None), Some(big.clone()));
        assert_eq!(c.hits_l2.load(Ordering::Relaxed), 1);
        assert_eq!(c.get(&store, &k, 3_601_000, |_| None), None);
        c.put(
            &store,
            &k,
            &big,
            Put {
                kind: Kind::Catalog,
                tags: &["playlist:1"],
                now_ms: 0,
                seal: None,
            },
        );
        assert_eq!(c.invalidate(&store, "playlist:1"), 1);
        assert_eq!(c.get(&store, &k, 1, |_| None), None);
        // A damaged L2 entry is a miss.
        store
            .cache()
            .insert(k, &b"\x7f\xff\xff\xff\xff\xff\xff\xff\x00{not json"[..])
            .unwrap();
        assert_eq!(c.get(&store, &k, 1, |_| None), None);
    }
}
