//! The checks a resolved set of settings must pass beyond its types: values from closed sets,
//! addresses and URIs that parse, bounds that depend on each other. Each failure names the key,
//! where its value came from and what is allowed.

use super::{ConfigError, Provenance, Settings};

pub(super) fn validate(s: &Settings, prov: &Provenance) -> Result<(), ConfigError> {
    let invalid = |key: &str, message: &str| ConfigError::Invalid {
        key: key.into(),
        origin: prov.origin_of(key),
        message: message.into(),
    };
    if !s.session.encryption {
        return Err(invalid(
            "session.encryption",
            "tokens are always encrypted; `false` is not supported",
        ));
    }
    match url::Url::parse(&s.tidal.redirect_uri) {
        Ok(u)
            if u.scheme() == "http"
                && matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))
                && u.port_or_known_default().is_some() => {}
        _ => {
            return Err(invalid(
                "tidal.redirect_uri",
                "must be an http://localhost:PORT/... (or 127.0.0.1) URI: tidal-mcp listens there for the browser",
            ));
        }
    }
    for (key, url) in [
        ("tidal.api_url", &s.tidal.api_url),
        ("tidal.auth_url", &s.tidal.auth_url),
        ("tidal.login_url", &s.tidal.login_url),
        ("tidal.openapi_url", &s.tidal.openapi_url),
    ] {
        match url::Url::parse(url) {
            Ok(u) if u.scheme() == "https" || u.scheme() == "http" => {}
            _ => return Err(invalid(key, "must be an http(s) URL")),
        }
    }
    let positive = [
        (
            "tidal.upstream_per_second",
            s.tidal.upstream_per_second as u64,
        ),
        ("tidal.request_timeout_secs", s.tidal.request_timeout_secs),
        ("cache.l1.max_entries", s.cache.l1.max_entries as u64),
        (
            "rate_limits.escalation_factor",
            s.rate_limits.escalation_factor as u64,
        ),
        ("agent.start_timeout_secs", s.agent.start_timeout_secs),
    ];
    for (key, v) in positive {
        if v == 0 {
            return Err(invalid(key, "must be greater than 0"));
        }
    }
    if s.cache.invalidation != "tag" {
        return Err(invalid("cache.invalidation", "only `tag` is supported"));
    }
    if s.http.bind.parse::<std::net::SocketAddr>().is_err() {
        return Err(invalid(
            "http.bind",
            "must be an address like 127.0.0.1:8765",
        ));
    }
    Ok(())
}
