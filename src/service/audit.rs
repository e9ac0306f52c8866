//! The append-only, hash-chained audit log (docs/design.md section 8): entry n is stored under its
//! big-endian sequence number with `hash_n = SHA-256(hash_{n-1} || canonical entry_n)`. Subjects
//! are pseudonyms; details about a person are sealed with that person's key. Retention removes
//! the oldest entries and records a checkpoint (the last removed seq and hash) so the rest
//! still verifies.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::store::Store;

const CHECKPOINT_KEY: &[u8] = b"audit_checkpoint";
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub seq: u64,
    /// Unix ms.
    pub time: i64,
    pub event_type: String,
    pub action: String,
    /// Pseudonym of the user, or "system".
    pub subject: String,
    /// Plain JSON, or `{"sealed": "<base64>"}` when it concerns a person.
    pub details: Value,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Serialize, Deserialize)]
struct Checkpoint {
    seq: u64,
    hash: String,
}

fn digest(prev: &str, e: &Entry) -> String {
    let canonical = serde_json::json!([
        e.seq,
        e.time,
        e.event_type,
        e.action,
        e.subject,
        e.details,
        e.prev_hash
    ]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(canonical.to_string().as_bytes());
    hex::encode(h.finalize())
}

pub struct Audit {
    lock: std::sync::Mutex<()>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub ok: bool,
    pub entries: u64,
    /// Sequence number of the first entry that fails.
    pub first_bad: Option<u64>,
    pub reason: Option<String>,
}

impl Default for Audit {
    fn default() -> Self {
        Audit {
            lock: std::sync::Mutex::new(()),
        }
    }
}

impl Audit {
    /// Holds appends until dropped.
    pub fn hold(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends and flushes (an acknowledged operation is audited durably).
    pub fn append(
        &self,
        store: &Store,
        time: i64,
        event_type: &str,
        action: &str,
        subject: &str,
        details: Value,
    ) -> Result<Entry, crate::store::StoreError> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let last = store.audit().last().map_err(|e| store.err(e))?;
        let (seq, prev) = match last {
            Some((_, v)) => {
                let e: Entry = serde_json::from_slice(&v).unwrap_or_else(|_| Entry {
                    seq: 0,
                    time: 0,
                    event_type: String::new(),
                    action: String::new(),
                    subject: String::new(),
                    details: Value::Null,
                    prev_hash: String::new(),
                    hash: GENESIS.into(),
                });
                (e.seq + 1, e.hash)
            }
            None => match checkpoint(store) {
                Some(c) => (c.seq + 1, c.hash),
                None => (0, GENESIS.to_string()),
            },
        };
        let mut e = Entry {
            seq,
            time,
            event_type: event_type.into(),
            action: action.into(),
            subject: subject.into(),
            details,
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        e.hash = digest(&prev, &e);
        store
            .audit()
            .insert(
                seq.to_be_bytes(),
                serde_json::to_vec(&e).expect("entry serializes"),
            )
            .map_err(|e| store.err(e))?;
        store.flush()?;
        Ok(e)
    }

    /// Walks the chain from the checkpoint: a flipped bit, a missing or a reordered entry fails
    /// at its index.
    pub fn verify(store: &Store) -> Verdict {
        let (mut expect_seq, mut prev) = match checkpoint(store) {
            Some(c) => (c.seq + 1, c.hash),
            None => (0, GENESIS.to_string()),
        };
        let mut n = 0;
        for item in store.audit().iter() {
            let bad = |seq: u64, why: &str| Verdict {
                ok: false,
                entries: n,
                first_bad: Some(seq),
                reason: Some(why.into()),
            };
            let Ok((k, v)) = item else {
                return bad(expect_seq, "unreadable entry");
            };
            let key_seq = k
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .unwrap_or(u64::MAX);
            let Ok(e) = serde_json::from_slice::<Entry>(&v) else {
                return bad(key_seq, "entry does not parse");
            };
            if key_seq != expect_seq || e.seq != expect_seq {
                return bad(expect_seq, "entry missing or out of order");
            }
            if e.prev_hash != prev {
                return bad(e.seq, "chain link broken");
            }
            if digest(&prev, &e) != e.hash {
                return bad(e.seq, "entry altered");
            }
            prev = e.hash;
            expect_seq += 1;
            n += 1;
        }
        Verdict {
            ok: true,
            entries: n,
            first_bad: None,
            reason: None,
        }
    }

    /// Removes entries older than `cutoff_ms` (and the oldest beyond `max_bytes`), keeping a
    /// checkpoint of the last removed one.
    pub fn purge(
        &self,
        store: &Store,
        cutoff_ms: i64,
        max_bytes: u64,
        dry_run: bool,
    ) -> Result<u64, crate::store::StoreError> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut total: u64 = store
            .audit()
            .iter()
            .flatten()
            .map(|(_, v)| v.len() as u64)
            .sum();
        let mut removed = 0;
        let mut last: Option<Entry> = None;
        for (k, v) in store.audit().iter().flatten() {
            let Ok(e) = serde_json::from_slice::<Entry>(&v) else {
                break;
            };
            if e.time >= cutoff_ms && total <= max_bytes {
                break;
            }
            total -= v.len() as u64;
            if !dry_run {
                store.audit().remove(k).map_err(|e| store.err(e))?;
            }
            removed += 1;
            last = Some(e);
        }
        if dry_run {
            return Ok(removed);
        }
        if let Some(e) = last {
            let cp = Checkpoint {
                seq: e.seq,
                hash: e.hash,
            };
            store
                .meta()
                .insert(CHECKPOINT_KEY, serde_json::to_vec(&cp).expect("serializes"))
                .map_err(|e| store.err(e))?;
        }
        store.flush()?;
        Ok(removed)
    }

    pub fn entries(store: &Store, since_ms: i64, limit: usize) -> Vec<Entry> {
        let mut v: Vec<Entry> = store
            .audit()
            .iter()
            .rev()
            .flatten()
            .filter_map(|(_, v)| serde_json::from_slice::<Entry>(&v).ok())
            .take_while(|e| e.time >= since_ms)
            .take(limit)
            .collect();
        v.reverse();
        v
    }
}

fn checkpoint(store: &Store) -> Option<Checkpoint> {
    store
        .meta()
        .get(CHECKPOINT_KEY)
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_slice(&v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filled() -> (tempfile::TempDir, Store) {
        let t = tempfile::tempdir().unwrap();
        let s = Store::open(&t.path().join("s")).unwrap();
        let a = Audit::default();
        for i in 0..6 {
            a.append(
                &s,
                i * 1000,
                "API_CALL",
                "create_playlist",
                "abc",
                json!({"n": i}),
            )
            .unwrap();
        }
        (t, s)
    }

    #[test]
    fn verify_catches_flip_delete_swap_at_the_right_index() {
        let (_t, s) = filled();
        assert!(Audit::verify(&s).ok);
        // flipped bit in entry 3
        let raw = s.audit().get(3u64.to_be_bytes()).unwrap().unwrap();
        let mut bad = raw.to_vec();
        let pos = bad.iter().position(|b| *b == b'3').unwrap();
        bad[pos] ^= 0x01;
        s.audit().insert(3u64.to_be_bytes(), bad).unwrap();
        assert_eq!(Audit::verify(&s).first_bad, Some(3));
        s.audit().insert(3u64.to_be_bytes(), raw).unwrap();
        // deleted entry 2
        let two = s.audit().remove(2u64.to_be_bytes()).unwrap().unwrap();
        assert_eq!(Audit::verify(&s).first_bad, Some(2));
        s.audit().insert(2u64.to_be_bytes(), two).unwrap();
        // swapped 4 and 5
        let (a, b) = (
            s.audit().get(4u64.to_be_bytes()).unwrap().unwrap(),
            s.audit().get(5u64.to_be_bytes()).unwrap().unwrap(),
        );
        s.audit().insert(4u64.to_be_bytes(), b.clone()).unwrap();
        s.audit().insert(5u64.to_be_bytes(), a.clone()).unwrap();
        assert_eq!(Audit::verify(&s).first_bad, Some(4));
    }

    #[test]
    fn purge_keeps_a_verifiable_rest() {
        let (_t, s) = filled();
        let a = Audit::default();
        assert_eq!(a.purge(&s, 3000, u64::MAX, false).unwrap(), 3);
        assert!(Audit::verify(&s).ok);
        a.append(&s, 9000, "API_CALL", "x", "abc", json!({}))
            .unwrap();
        let v = Audit::verify(&s);
        assert!(v.ok && v.entries == 4, "{v:?}");
    }
}
