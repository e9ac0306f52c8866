//! Secret newtypes: they derive nothing (no Debug, Serialize or Clone), redact themselves when
//! formatted, zeroize on drop, and give their contents only through `expose_secret()`.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

/// A secret string such as an access or refresh token.
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    pub fn new(s: String) -> Self {
        SecretString(Zeroizing::new(s))
    }
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
    /// An explicit copy; secrets are not `Clone` so every copy is visible in the code.
    pub fn duplicate(&self) -> Self {
        SecretString::new(self.0.to_string())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([REDACTED])")
    }
}

/// 32 bytes of key material (per-user data keys, the pseudonym key).
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn random() -> Self {
        let mut k = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut k);
        SecretKey(k)
    }
    pub fn from_bytes(b: [u8; 32]) -> Self {
        SecretKey(b)
    }
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.0
    }
    pub fn duplicate(&self) -> Self {
        SecretKey(self.0)
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts() {
        let s = SecretString::new("tok-very-secret".into());
        let k = SecretKey::from_bytes([7u8; 32]);
        let shown = format!("{s:?} {k:?} {:#?}", (&s, &k));
        assert!(!shown.contains("tok-very-secret"));
        assert!(!shown.contains("7, 7"));
        assert!(shown.contains("REDACTED"));
    }
}
