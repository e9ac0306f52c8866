//! What can go wrong in the service layer, each kind with a hint. MCP turns these into tool
//! results; the admin side into wire errors (`crate::error::classify`).

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
    /// The work was stopped by its caller or replaced (a newer login).
    #[error("{0}")]
    Interrupted(String),
}

impl ServiceError {
    /// A short machine-readable kind, for tool results and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            ServiceError::NotLoggedIn => "not_logged_in",
            ServiceError::RateLimited { .. } => "rate_limited",
            ServiceError::Tidal(e) => e.kind(),
            ServiceError::Invalid(_) => "invalid_arguments",
            ServiceError::Storage(_) => "storage",
            ServiceError::Interrupted(_) => "interrupted",
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            ServiceError::NotLoggedIn => TidalError::NotLoggedIn.hint(),
            ServiceError::RateLimited { wait_s, .. } => Some(format!(
                "retry after {wait_s} s; cached answers are still served"
            )),
            ServiceError::Tidal(e) => e.hint(),
            ServiceError::Storage(_) => Some("check free disk space and `tidal-mcp health`".into()),
            ServiceError::Invalid(_) | ServiceError::Interrupted(_) => None,
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::Storage(e.to_string())
    }
}

impl From<VaultError> for ServiceError {
    fn from(e: VaultError) -> Self {
        ServiceError::Storage(e.to_string())
    }
}
