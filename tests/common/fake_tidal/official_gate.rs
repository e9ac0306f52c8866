//! In front of the fake's official API (`fake_official.rs`): the contract check of each request
//! and answer against TIDAL's OpenAPI document (`oas.rs`), the refusals TIDAL gives a request
//! that breaks it, the token bucket with its `x-ratelimit-*` headers, and lost write answers.

use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::super::{fake_official, oas};
use super::{Fake, Shared, bearer_of};

/// Holds an official-API request to TIDAL's OpenAPI document; what breaks it is recorded in
/// `violations`. Returns the operation's path template.
pub(super) fn check_request(
    st: &mut Fake,
    method: &Method,
    path: &str,
    query: &str,
    h: &HeaderMap,
    body: &Bytes,
) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let headers: Vec<(String, String)> = h
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let doc: Option<Value> =
        (!body.is_empty()).then(|| serde_json::from_slice(body).unwrap_or(Value::Null));
    let bearer = bearer_of(h);
    let granted = st.granted_scopes.get(bearer).cloned();
    let (op, found) = oas::contract().check_request(
        method.as_str(),
        path,
        &pairs,
        &headers,
        doc.as_ref(),
        granted.as_deref(),
    );
    st.refusal = refusal_for(&found);
    for v in found {
        st.violations
            .push(format!("{v} (request {method} {path}?{query})"));
    }
    op.map(|o| o.template.clone())
}

/// What TIDAL answers a request that breaks these rules: the document says parameters and
/// include paths it cannot honour are rejected with 400; an operation above the app's access
/// tier is refused (403); a path it does not have is 404. Other rules are the client's to keep
/// and are only recorded.
fn refusal_for(found: &[oas::Violation]) -> Option<(u16, Value)> {
    let v = found.iter().find(|v| {
        matches!(
            v.rule,
            "unknown-operation"
                | "access-tier"
                | "include-path"
                | "include-depth"
                | "include-count"
                | "parameter-value"
                | "missing-parameter"
        ) || v.rule == "undeclared-parameter"
            && (v.detail.contains("`filter[") || v.detail.contains("`sort`"))
    })?;
    let (status, code, detail) = match v.rule {
        "unknown-operation" => (404, "NOT_FOUND", v.detail.clone()),
        "access-tier" => (
            403,
            "FORBIDDEN",
            "Client does not have required access tier".to_string(),
        ),
        _ => (400, "INVALID_REQUEST", v.detail.clone()),
    };
    Some(fake_official::error(status, code, &detail))
}

/// Holds the fake's answer to the operation's response schema (recorded like a request's).
pub(super) async fn check_answer(
    s: &Shared,
    method: &Method,
    template: &str,
    resp: Response,
) -> Response {
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let doc: Value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    let c = oas::contract();
    if let Some(op) = c
        .operations
        .iter()
        .find(|o| o.method == method.as_str() && o.template == template)
    {
        let found = c.check_response(op, parts.status.as_u16(), &doc);
        let mut st = s.lock().unwrap();
        for v in found {
            st.violations.push(format!("{v} (answer)"));
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
/// The official API (JSON:API), as the OAS describes it: resources with `attributes` and
/// `relationships`, `included`, cursor pages of 20 with `links.next`, writes of 1-50 items,
/// `Idempotency-Key` replay (a repeated key answers what the first request got, applying
/// nothing again), 404 error documents.
pub(super) fn route(
    st: &mut Fake,
    method: &Method,
    path: &str,
    raw_query: &str,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    let Some((tokens, since)) = st.v2_bucket else {
        return answer(st, method, path, raw_query, h, body);
    };
    let now = Instant::now();
    let tokens = (tokens + now.duration_since(since).as_secs_f64()).min(2.0);
    let (left, mut r) = if tokens >= 1.0 {
        (tokens - 1.0, answer(st, method, path, raw_query, h, body))
    } else {
        st.v2_bucket_refusals += 1;
        (tokens, error(429, "RATE_LIMITED", "Rate limit exceeded"))
    };
    st.v2_bucket = Some((left, now));
    for (k, v) in [
        ("x-ratelimit-remaining", format!("{}", left.floor())),
        ("x-ratelimit-requested-tokens", "1".into()),
        ("x-ratelimit-burst-capacity", "2".into()),
        ("x-ratelimit-replenish-rate", "1".into()),
    ] {
        r.headers_mut().insert(k, v.parse().unwrap());
    }
    r
}

/// The official API's answer (`fake_official.rs`), unless the contract check refused the request
/// as TIDAL would (400 for a parameter or include it cannot honour, 403 for a tier above the
/// app's); a write whose answer `drop_v2_write_answers` loses is applied and answered 503.
fn answer(
    st: &mut Fake,
    method: &Method,
    path: &str,
    raw_query: &str,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    let (status, doc) = match st.refusal.take() {
        Some(refused) => refused,
        None => {
            let q: Vec<(String, String)> =
                serde_urlencoded::from_str(raw_query).unwrap_or_default();
            let key = h.get("idempotency-key").and_then(|v| v.to_str().ok());
            let rest = path.strip_prefix("/openapi/v2").unwrap_or(path);
            let out = fake_official::answer(st, method.as_str(), rest, &q, key, body);
            if key.is_some() && method != Method::GET && st.drop_v2_write_answers > 0 {
                // The write is applied; its answer is lost on the way back.
                st.drop_v2_write_answers -= 1;
                return error(503, "SERVICE_UNAVAILABLE", "upstream connection reset");
            }
            out
        }
    };
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/vnd.api+json")],
        Json(doc),
    )
        .into_response()
}

pub(super) fn error(status: u16, code: &str, detail: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/vnd.api+json")],
        Json(json!({"errors": [{"status": status.to_string(), "code": code, "detail": detail}]})),
    )
        .into_response()
}
