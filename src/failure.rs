//! What kind of failure an error is, named once for every place that reports one: a command's
//! exit code (`error::ExitStatus`), the `kind` of an error on the agent's socket, and the kind
//! of a tool's `isError` result (its metrics label and the log notification it may raise).
//! Each layer's error type says which kind it is ([`Failure`]); nothing else spells the names.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// Bad arguments or settings from the caller (exit 2). (`usage` is its name from agents
    /// built before the kinds were one enum.)
    #[serde(alias = "usage")]
    InvalidArguments,
    /// Ctrl-C, or work replaced by newer work (exit 130).
    Interrupted,
    /// An MCP client gave up on the answer (exit 130).
    Cancelled,
    /// An agent could not start because another one holds the home (its starter uses that one).
    AlreadyRunning,
    // TIDAL's and the service's own kinds (exit 1); their variants in `tidal::TidalError` and
    // `service::ServiceError` say what each means.
    NotLoggedIn,
    SessionExpired,
    NoCredentials,
    BadCredentials,
    CannotRefresh,
    NotFound,
    RateLimited,
    PreconditionFailed,
    BadRequest,
    Unavailable,
    LoginExpired,
    LoginDenied,
    NotDeviceClient,
    LoginMismatch,
    CodeRejected,
    LoginFailed,
    NotOnOfficialApi,
    Protocol,
    Storage,
    /// Anything no other kind names (exit 1, like every kind but the first three), and a kind
    /// this build does not know (from a newer agent).
    #[serde(other)]
    Failed,
}

impl Failure {
    /// Its name on the wire, in tool results and in metrics labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::InvalidArguments => "invalid_arguments",
            Failure::Interrupted => "interrupted",
            Failure::Cancelled => "cancelled",
            Failure::AlreadyRunning => "already_running",
            Failure::Failed => "failed",
            Failure::NotLoggedIn => "not_logged_in",
            Failure::SessionExpired => "session_expired",
            Failure::NoCredentials => "no_credentials",
            Failure::BadCredentials => "bad_credentials",
            Failure::CannotRefresh => "cannot_refresh",
            Failure::NotFound => "not_found",
            Failure::RateLimited => "rate_limited",
            Failure::PreconditionFailed => "precondition_failed",
            Failure::BadRequest => "bad_request",
            Failure::Unavailable => "unavailable",
            Failure::LoginExpired => "login_expired",
            Failure::LoginDenied => "login_denied",
            Failure::NotDeviceClient => "not_device_client",
            Failure::LoginMismatch => "login_mismatch",
            Failure::CodeRejected => "code_rejected",
            Failure::LoginFailed => "login_failed",
            Failure::NotOnOfficialApi => "not_on_official_api",
            Failure::Protocol => "protocol",
            Failure::Storage => "storage",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Failure;

    /// The name a kind is written with is the name it is read back from.
    #[test]
    fn names_round_trip() {
        for name in [
            "invalid_arguments",
            "not_logged_in",
            "rate_limited",
            "already_running",
        ] {
            let f: Failure = serde_json::from_value(name.into()).unwrap();
            assert_eq!(f.as_str(), name);
            assert_eq!(serde_json::to_value(f).unwrap(), name);
        }
        // What an older or a newer agent of the same version may send.
        let old: Failure = serde_json::from_value("usage".into()).unwrap();
        assert_eq!(old, Failure::InvalidArguments);
        let new: Failure = serde_json::from_value("a_kind_from_later".into()).unwrap();
        assert_eq!(new, Failure::Failed);
    }
}
