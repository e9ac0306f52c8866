//! Per-user sealing of personal values (crypto-shredding, docs/design.md section 5) and keyed
//! pseudonyms for user ids. A value sealed with a user's key is unreadable, in the store and in
//! every backup, once `delete-user` destroys that key in the vault.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::vault::SecretKey;

/// Encrypts `plain` with `key`: 24-byte random nonce ++ ciphertext ++ tag.
pub fn seal(key: &SecretKey, plain: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose_secret().into());
    let mut nonce = [0u8; 24];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
    let ct = cipher
        .encrypt(XNonce::from_slice(&nonce), plain)
        .expect("xchacha20 encryption");
    let mut out = Vec::with_capacity(24 + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

/// `None` when the value was not sealed with `key` or was damaged.
pub fn open(key: &SecretKey, sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < 24 + 16 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(key.expose_secret().into());
    cipher
        .decrypt(XNonce::from_slice(&sealed[..24]), &sealed[24..])
        .ok()
}

/// A stable pseudonym for a user id: HMAC-SHA256 under the vault's pseudonym key, 32 hex chars.
pub fn pseudonym(key: &SecretKey, user_id: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.expose_secret()).expect("any key size");
    mac.update(b"tidal-mcp user\0");
    mac.update(user_id.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trip_and_wrong_key() {
        let k = SecretKey::random();
        let s = seal(&k, b"hello");
        assert_eq!(open(&k, &s).unwrap(), b"hello");
        assert!(open(&SecretKey::random(), &s).is_none());
        let mut bad = s.clone();
        bad[30] ^= 1;
        assert!(open(&k, &bad).is_none());
    }

    #[test]
    fn pseudonyms_are_stable_and_keyed() {
        let k = SecretKey::from_bytes([1; 32]);
        assert_eq!(pseudonym(&k, "123"), pseudonym(&k, "123"));
        assert_ne!(
            pseudonym(&k, "123"),
            pseudonym(&SecretKey::from_bytes([2; 32]), "123")
        );
        assert!(!pseudonym(&k, "123").contains("123"));
    }
}
