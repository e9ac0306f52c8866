//! What can go wrong in the service layer, each kind with a hint. MCP turns these into tool
//! results; the admin side into wire errors (`crate::error::classify`).

use crate::failure::Failure;
use crate::store::StoreError;
use crate::tidal::TidalError;
use crate::vault::VaultError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not logged in to TIDAL")]
    NotLoggedIn,
    #[error("rate limit `{category}` reached: wait {wait_s} seconds")]
    RateLimited { category: &'static str, wait_s: u64 },
    #[error(transparent)]
    Tidal(#[from] TidalError),
    /// Bad input from the caller: the message says what is allowed.
    #[error("{0}")]
    Invalid(String),
    #[error("storage failed: {0}")]
    Storage(String),
    /// The store failed; its own hint (a damaged store, a lock) is kept.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The vault failed; its own hint (a corrupt file, a missing identity) is kept.
    #[error("{0}")]
    Vault(#[from] VaultError),
    /// The work was stopped by its caller or replaced (a newer login).
    #[error("{0}")]
    Interrupted(String),
    /// The caller gave up on the answer (an MCP cancellation) before the work was done.
    #[error("cancelled by the client")]
    Cancelled,
}

impl ServiceError {
    /// What kind of failure this is (`crate::failure`).
    pub fn kind(&self) -> Failure {
        match self {
            ServiceError::NotLoggedIn => Failure::NotLoggedIn,
            ServiceError::RateLimited { .. } => Failure::RateLimited,
            ServiceError::Tidal(e) => e.kind(),
            ServiceError::Invalid(_) => Failure::InvalidArguments,
            ServiceError::Storage(_) | ServiceError::Store(_) | ServiceError::Vault(_) => {
                Failure::Storage
            }
            ServiceError::Interrupted(_) => Failure::Interrupted,
            ServiceError::Cancelled => Failure::Cancelled,
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            ServiceError::NotLoggedIn => TidalError::NotLoggedIn.hint(),
            ServiceError::RateLimited { wait_s, .. } => Some(format!(
                "retry after {wait_s} s; cached answers are still served"
            )),
            ServiceError::Tidal(e) => e.hint(),
            ServiceError::Storage(_) => Some(DISK_HINT.into()),
            ServiceError::Store(e) => e.hint().or_else(|| Some(DISK_HINT.into())),
            ServiceError::Vault(e) => e.hint().or_else(|| Some(DISK_HINT.into())),
            ServiceError::Invalid(_) | ServiceError::Interrupted(_) | ServiceError::Cancelled => {
                None
            }
        }
    }
}

/// What to check when a write to the disk failed for no reason of its own.
const DISK_HINT: &str = "check free disk space and `tidal-mcp health`";

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 21, item 4: a lower layer's error keeps its own hint on the way up.
    #[test]
    fn store_and_vault_errors_keep_their_hints() {
        let corrupt = ServiceError::from(VaultError::Corrupt {
            path: "/h/data/vault/vault.age".into(),
        });
        assert!(
            corrupt
                .hint()
                .unwrap()
                .contains("copy a previous generation"),
            "{:?}",
            corrupt.hint()
        );
        assert_eq!(corrupt.kind(), Failure::Storage);
        let io = ServiceError::from(VaultError::Io {
            path: "/h/data/vault/vault.age".into(),
            source: std::io::Error::other("disk full"),
        });
        assert_eq!(io.hint().as_deref(), Some(DISK_HINT));
    }
}
