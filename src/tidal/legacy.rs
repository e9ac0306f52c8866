//! Sessions other programs left in plaintext, read for `tidal-mcp migrate`: the old
//! tidal-mcp's `~/.tidal-mcp/session.json` (access_token, refresh_token, session_id, user_id,
//! country_code, expires_at as ISO 8601) and tidalapi's session files (token_type, session_id,
//! access_token, refresh_token, is_pkce, optionally expiry_time; each value plain or wrapped as
//! `{"data": ...}`, as tidalapi writes them). Unknown fields are ignored.

use serde_json::Value;

use crate::vault::SecretString;

/// Which program wrote the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    TidalMcpSession,
    TidalapiSession,
}

/// What such a file holds. Debug never shows a token.
pub struct LegacySession {
    pub format: Format,
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub token_type: String,
    pub session_id: Option<String>,
    pub user_id: Option<String>,
    pub country_code: Option<String>,
    /// Unix seconds.
    pub expires_at: Option<i64>,
    pub is_pkce: bool,
}

impl std::fmt::Debug for LegacySession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LegacySession")
            .field("format", &self.format)
            .field("user_id", &self.user_id)
            .field("country_code", &self.country_code)
            .field("expires_at", &self.expires_at)
            .field("is_pkce", &self.is_pkce)
            .finish_non_exhaustive()
    }
}

/// A field's value, unwrapping tidalapi's `{"data": ...}`.
fn field<'a>(doc: &'a Value, name: &str) -> Option<&'a Value> {
    let v = doc.get(name)?;
    let v = match v.get("data") {
        Some(inner) if v.as_object().is_some_and(|o| o.len() == 1) => inner,
        _ => v,
    };
    (!v.is_null()).then_some(v)
}

fn text(doc: &Value, name: &str) -> Option<String> {
    match field(doc, name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// ISO 8601 / RFC 3339 (with or without a zone; none means UTC), or Unix seconds.
fn time(v: &Value) -> Option<i64> {
    if let Some(n) = v.as_i64() {
        return Some(n);
    }
    let s = v.as_str()?.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    None
}

/// Reads a legacy session file's bytes, or says why it is not one.
pub fn parse(bytes: &[u8]) -> Result<LegacySession, String> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not a JSON session file ({e})"))?;
    if !doc.is_object() {
        return Err("not a JSON session file (expected an object)".into());
    }
    let access = text(&doc, "access_token").ok_or("it holds no access_token")?;
    let format = if doc.get("is_pkce").is_some()
        || doc
            .get("token_type")
            .is_some_and(|t| t.get("data").is_some())
    {
        Format::TidalapiSession
    } else {
        Format::TidalMcpSession
    };
    let expires_at = match field(&doc, "expires_at").or_else(|| field(&doc, "expiry_time")) {
        None => None,
        Some(v) => Some(time(v).ok_or_else(|| format!("cannot read its expiry time {v}"))?),
    };
    Ok(LegacySession {
        format,
        access_token: SecretString::new(access),
        refresh_token: text(&doc, "refresh_token").map(SecretString::new),
        token_type: text(&doc, "token_type").unwrap_or_else(|| "Bearer".into()),
        session_id: text(&doc, "session_id"),
        user_id: text(&doc, "user_id"),
        country_code: text(&doc, "country_code"),
        expires_at,
        is_pkce: field(&doc, "is_pkce")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_tidal_mcp_session_file() {
        let s = parse(br#"{"access_token":"a1","refresh_token":"r1","session_id":"s1","user_id":12345,"country_code":"NO","expires_at":"2026-11-30T10:00:00"}"#).unwrap();
        assert_eq!(s.format, Format::TidalMcpSession);
        assert_eq!(s.user_id.as_deref(), Some("12345"));
        assert_eq!(s.expires_at, Some(1_796_032_800));
        assert_eq!(s.access_token.expose_secret(), "a1");
        assert!(!format!("{s:?}").contains("a1"), "Debug shows no token");
    }

    #[test]
    fn tidalapi_files_wrapped_or_plain() {
        let s = parse(br#"{"token_type":{"data":"Bearer"},"session_id":{"data":"s2"},"access_token":{"data":"a2"},"refresh_token":{"data":"r2"},"is_pkce":{"data":true},"expiry_time":{"data":"2026-11-30 10:00:00.123456"}}"#).unwrap();
        assert_eq!(s.format, Format::TidalapiSession);
        assert!(s.is_pkce);
        assert_eq!(s.user_id, None);
        assert_eq!(s.expires_at, Some(1_796_032_800));
        let s = parse(br#"{"token_type":"Bearer","session_id":"s3","access_token":"a3","refresh_token":"r3","is_pkce":false}"#).unwrap();
        assert_eq!(s.refresh_token.unwrap().expose_secret(), "r3");
        assert!(parse(b"{}").unwrap_err().contains("access_token"));
        assert!(parse(b"[1]").is_err());
        assert!(parse(br#"{"access_token":"a","expires_at":"soon"}"#).is_err());
    }
}
