//! The vault's on-disk form: a JSON document (format version 1) sealed with age to the x25519
//! identity. Secrets pass through plain DTOs only while (de)serializing; the buffers are zeroized.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{ClientCredentials, SecretKey, SecretString, Session, VaultData};

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct DiskVault {
    format: u32,
    created_at: i64,
    rotated_at: i64,
    fingerprint: String,
    #[serde(default)]
    accepted_fingerprints: Vec<String>,
    active_user: Option<String>,
    sessions: BTreeMap<String, DiskSession>,
    user_keys: BTreeMap<String, String>,
    pseudonym_key: String,
}

#[derive(Serialize, Deserialize)]
struct DiskSession {
    user_id: String,
    country_code: String,
    username: Option<String>,
    session_id: Option<String>,
    token_type: String,
    access_token: String,
    refresh_token: Option<String>,
    expires_at: i64,
    revoked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
    #[serde(default)]
    api: super::Api,
}

impl Drop for DiskSession {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.access_token.zeroize();
        for s in [self.refresh_token.as_mut(), self.client_secret.as_mut()]
            .into_iter()
            .flatten()
        {
            s.zeroize();
        }
    }
}

impl Drop for DiskVault {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.pseudonym_key.zeroize();
        for v in self.user_keys.values_mut() {
            v.zeroize();
        }
    }
}

fn key_to_text(k: &SecretKey) -> String {
    B64.encode(k.expose_secret())
}

fn key_from_text(s: &str) -> Option<SecretKey> {
    let bytes = Zeroizing::new(B64.decode(s).ok()?);
    let arr: [u8; 32] = bytes.as_slice().try_into().ok()?;
    Some(SecretKey::from_bytes(arr))
}

pub(super) fn serialize(data: &VaultData) -> Zeroizing<Vec<u8>> {
    let disk = DiskVault {
        format: FORMAT,
        created_at: data.created_at,
        rotated_at: data.rotated_at,
        fingerprint: data.fingerprint.clone(),
        accepted_fingerprints: data.accepted_fingerprints.clone(),
        active_user: data.active_user.clone(),
        sessions: data
            .sessions
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    DiskSession {
                        user_id: s.user_id.clone(),
                        country_code: s.country_code.clone(),
                        username: s.username.clone(),
                        session_id: s.session_id.clone(),
                        token_type: s.token_type.clone(),
                        access_token: s.access_token.expose_secret().to_string(),
                        refresh_token: s
                            .refresh_token
                            .as_ref()
                            .map(|r| r.expose_secret().to_string()),
                        expires_at: s.expires_at,
                        revoked: s.revoked,
                        client_id: s.client.as_ref().map(|c| c.client_id.clone()),
                        client_secret: s
                            .client
                            .as_ref()
                            .and_then(|c| c.client_secret.as_ref())
                            .map(|x| x.expose_secret().to_string()),
                        api: s.api,
                    },
                )
            })
            .collect(),
        user_keys: data
            .user_keys
            .iter()
            .map(|(k, v)| (k.clone(), key_to_text(v)))
            .collect(),
        pseudonym_key: key_to_text(&data.pseudonym_key),
    };
    Zeroizing::new(serde_json::to_vec(&disk).expect("vault serializes"))
}

fn deserialize(bytes: &[u8]) -> Option<VaultData> {
    let mut disk: DiskVault = serde_json::from_slice(bytes).ok()?;
    if disk.format != FORMAT {
        return None;
    }
    let mut user_keys = BTreeMap::new();
    for (k, v) in &disk.user_keys {
        user_keys.insert(k.clone(), key_from_text(v)?);
    }
    let sessions = std::mem::take(&mut disk.sessions)
        .into_iter()
        .map(|(k, mut s)| {
            let session = Session {
                user_id: std::mem::take(&mut s.user_id),
                country_code: std::mem::take(&mut s.country_code),
                username: s.username.take(),
                session_id: s.session_id.take(),
                token_type: std::mem::take(&mut s.token_type),
                access_token: SecretString::new(std::mem::take(&mut s.access_token)),
                refresh_token: s.refresh_token.take().map(SecretString::new),
                expires_at: s.expires_at,
                revoked: s.revoked,
                client: s.client_id.take().map(|client_id| ClientCredentials {
                    client_id,
                    client_secret: s.client_secret.take().map(SecretString::new),
                }),
                api: s.api,
            };
            (k, session)
        })
        .collect();
    Some(VaultData {
        created_at: disk.created_at,
        rotated_at: disk.rotated_at,
        fingerprint: disk.fingerprint.clone(),
        accepted_fingerprints: disk.accepted_fingerprints.clone(),
        active_user: disk.active_user.clone(),
        sessions,
        user_keys,
        pseudonym_key: key_from_text(&disk.pseudonym_key)?,
    })
}

pub(super) fn encrypt(to: &age::x25519::Recipient, plain: &[u8]) -> Vec<u8> {
    age::encrypt(to, plain).expect("age encryption to an x25519 recipient cannot fail")
}

/// `None` for anything that does not decrypt and parse: a flipped bit, a truncation, a wrong key.
pub(super) fn decrypt(id: &age::x25519::Identity, sealed: &[u8]) -> Option<VaultData> {
    let plain = Zeroizing::new(age::decrypt(id, sealed).ok()?);
    deserialize(&plain)
}

pub(super) fn reencrypt(
    from: &age::x25519::Identity,
    to: &age::x25519::Recipient,
    sealed: &[u8],
) -> Option<Vec<u8>> {
    let plain = Zeroizing::new(age::decrypt(from, sealed).ok()?);
    Some(encrypt(to, &plain))
}
