//! The JSON-RPC line framing of one socket MCP session (stdio clients through the `serve`
//! bridge), in front of rmcp: each line becomes a message for rmcp, or an error answer that
//! JSON-RPC 2.0 asks for and rmcp would not give (it drops what it cannot parse): a line that
//! is not JSON gets -32700 with `id: null`; a request with malformed params keeps its id and gets
//! -32602 (-32601 for a method nobody serves); anything else that is not a request gets -32600.
//! Notifications and responses that cannot be read are dropped, as JSON-RPC says (no answer to a
//! notification; an answer to our error would only echo it back).

use std::io;
use std::pin::Pin;
use std::sync::Arc;

use futures::{Sink, Stream};
use rmcp::model::{
    CallToolRequestParams, ClientJsonRpcMessage, ClientRequest, CompleteRequestParams,
    GetPromptRequestParams, InitializeRequestParams, JsonRpcMessage, JsonRpcRequest,
    ReadResourceRequestParams, ServerJsonRpcMessage, SubscribeRequestParams,
    UnsubscribeRequestParams,
};
use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::Mutex;

/// The largest message a client may send on one line (rmcp's own limit for stdio).
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;

type Writer = Arc<Mutex<OwnedWriteHalf>>;
pub type MessageSink = Pin<Box<dyn Sink<ServerJsonRpcMessage, Error = io::Error> + Send>>;
pub type MessageStream = Pin<Box<dyn Stream<Item = ClientJsonRpcMessage> + Send>>;

/// The (sink, stream) pair rmcp serves a session on.
pub fn transport(
    reader: tokio::io::BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
) -> (MessageSink, MessageStream) {
    let writer: Writer = Arc::new(Mutex::new(writer));
    let sink = futures::sink::unfold(
        writer.clone(),
        |w: Writer, msg: ServerJsonRpcMessage| async move {
            let mut line = serde_json::to_vec(&msg).map_err(io::Error::other)?;
            line.push(b'\n');
            w.lock().await.write_all(&line).await?;
            Ok::<_, io::Error>(w)
        },
    );
    let stream = futures::stream::unfold(
        (reader, writer, Vec::new()),
        |(mut reader, writer, mut buf)| async move {
            loop {
                buf.clear();
                match next_line(&mut reader, &mut buf).await {
                    Ok(Line::Eof) | Err(_) => return None,
                    Ok(Line::Oversized) => {
                        let answer = error(
                            Value::Null,
                            -32600,
                            format!("Invalid Request: a message longer than {MAX_MESSAGE} bytes"),
                        );
                        if send_raw(&writer, &answer).await.is_err() {
                            return None;
                        }
                    }
                    Ok(Line::Complete) => match classify(&buf) {
                        Verdict::Message(msg) => return Some((*msg, (reader, writer, buf))),
                        Verdict::Answer(answer) => {
                            if send_raw(&writer, &answer).await.is_err() {
                                return None;
                            }
                        }
                        Verdict::Ignore => {}
                    },
                }
            }
        },
    );
    (Box::pin(sink), Box::pin(stream))
}

async fn send_raw(writer: &Writer, answer: &Value) -> io::Result<()> {
    let mut line = serde_json::to_vec(answer).map_err(io::Error::other)?;
    line.push(b'\n');
    writer.lock().await.write_all(&line).await
}

enum Line {
    Complete,
    Oversized,
    Eof,
}

/// Reads one line into `buf` (without its newline), refusing to hold more than [`MAX_MESSAGE`]
/// bytes: the rest of a longer line is read and dropped. A last line without a newline counts.
async fn next_line<R: AsyncBufRead + Unpin>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<Line> {
    let mut oversized = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(match (oversized, buf.is_empty()) {
                (true, _) => Line::Oversized,
                (false, true) => Line::Eof,
                (false, false) => Line::Complete,
            });
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], i + 1),
            None => (available, available.len()),
        };
        let complete = done > chunk.len();
        if !oversized && buf.len() + chunk.len() <= MAX_MESSAGE {
            buf.extend_from_slice(chunk);
        } else {
            oversized = true;
            buf.clear();
        }
        reader.consume(done);
        if complete {
            return Ok(if oversized {
                Line::Oversized
            } else {
                Line::Complete
            });
        }
    }
}

#[derive(Debug)]
enum Verdict {
    Message(Box<ClientJsonRpcMessage>),
    Answer(Value),
    Ignore,
}

fn classify(line: &[u8]) -> Verdict {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Verdict::Ignore;
    }
    let shape_error = match serde_json::from_slice::<ClientJsonRpcMessage>(line) {
        // rmcp reads a served method with params it cannot read as a custom request, and would
        // answer "method not found".
        Ok(JsonRpcMessage::Request(JsonRpcRequest {
            id,
            request: ClientRequest::CustomRequest(custom),
            ..
        })) if is_served(&custom.method) => {
            let id = serde_json::to_value(&id).unwrap_or(Value::Null);
            let detail = params_error(&custom.method, custom.params.unwrap_or(Value::Null));
            return Verdict::Answer(error(
                id,
                -32602,
                format!("Invalid params for `{}`: {detail}", custom.method),
            ));
        }
        Ok(msg) => return Verdict::Message(Box::new(msg)),
        Err(e) => e,
    };
    let value: Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            return Verdict::Answer(error(
                Value::Null,
                -32700,
                format!("Parse error: not JSON ({e})"),
            ));
        }
    };
    let Some(object) = value.as_object() else {
        return Verdict::Answer(error(
            Value::Null,
            -32600,
            "Invalid Request: expected one JSON-RPC object per line (MCP has no batches)".into(),
        ));
    };
    let method = object.get("method").and_then(Value::as_str);
    let id = object.get("id");
    let id_ok = matches!(id, Some(Value::String(_)))
        || id
            .and_then(Value::as_number)
            .is_some_and(|n| n.is_i64() || n.is_u64());
    match (method, id) {
        // An unreadable response or notification: JSON-RPC answers neither.
        (None, _) if object.contains_key("result") || object.contains_key("error") => {
            tracing::debug!("dropping an unreadable response from the client: {shape_error}");
            Verdict::Ignore
        }
        (Some(_), None) => {
            tracing::debug!("dropping an unreadable notification: {shape_error}");
            Verdict::Ignore
        }
        (Some(method), Some(id)) if id_ok => {
            let id = id.clone();
            if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
                Verdict::Answer(error(
                    id,
                    -32600,
                    "Invalid Request: `jsonrpc` must be \"2.0\"".into(),
                ))
            } else if is_served(method) {
                Verdict::Answer(error(
                    id,
                    -32602,
                    format!("Invalid params for `{method}`: {shape_error}"),
                ))
            } else {
                Verdict::Answer(error(id, -32601, format!("Method not found: `{method}`")))
            }
        }
        _ => Verdict::Answer(error(
            Value::Null,
            -32600,
            "Invalid Request: a request needs `jsonrpc: \"2.0\"`, a string `method` and a string \
             or integer `id`"
                .into(),
        )),
    }
}

/// Why `params` do not fit `method`, in serde's words.
#[allow(deprecated)] // logging/setLevel: still served, deprecated in the SDK by SEP-2577
fn params_error(method: &str, params: Value) -> String {
    fn check<T: serde::de::DeserializeOwned>(params: Value) -> Option<String> {
        serde_json::from_value::<T>(params)
            .err()
            .map(|e| e.to_string())
    }
    let detail = match method {
        "initialize" => check::<InitializeRequestParams>(params),
        "tools/call" => check::<CallToolRequestParams>(params),
        "resources/read" => check::<ReadResourceRequestParams>(params),
        "resources/subscribe" => check::<SubscribeRequestParams>(params),
        "resources/unsubscribe" => check::<UnsubscribeRequestParams>(params),
        "prompts/get" => check::<GetPromptRequestParams>(params),
        "completion/complete" => check::<CompleteRequestParams>(params),
        "logging/setLevel" => check::<rmcp::model::SetLevelRequestParams>(params),
        _ => None,
    };
    detail.unwrap_or_else(|| "they do not match the method's parameters".into())
}

/// The request methods a client may send to this server.
fn is_served(method: &str) -> bool {
    matches!(
        method,
        "initialize"
            | "ping"
            | "tools/list"
            | "tools/call"
            | "resources/list"
            | "resources/read"
            | "resources/templates/list"
            | "resources/subscribe"
            | "resources/unsubscribe"
            | "prompts/list"
            | "prompts/get"
            | "completion/complete"
            | "logging/setLevel"
    )
}

fn error(id: Value, code: i64, message: String) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(line: &str) -> Value {
        match classify(line.as_bytes()) {
            Verdict::Answer(v) => v,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn each_kind_of_bad_line_gets_its_json_rpc_code() {
        let v = answer("{not json");
        assert_eq!(
            (v["id"].clone(), v["error"]["code"].clone()),
            (Value::Null, json!(-32700))
        );
        let v = answer(r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":123}}"#);
        assert_eq!(
            (v["id"].clone(), v["error"]["code"].clone()),
            (json!(7), json!(-32602))
        );
        let v = answer(r#"{"jsonrpc":"2.0","id":"a","method":"tools/call","params":"x"}"#);
        assert_eq!(
            (v["id"].clone(), v["error"]["code"].clone()),
            (json!("a"), json!(-32602))
        );
        let v = answer(r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#);
        assert_eq!(v["error"]["code"], -32600);
        let v = answer(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}"#);
        assert_eq!(
            (v["id"].clone(), v["error"]["code"].clone()),
            (Value::Null, json!(-32600))
        );
        let v = answer(r#"{"jsonrpc":"1.0","id":3,"method":"ping"}"#);
        assert_eq!(
            (v["id"].clone(), v["error"]["code"].clone()),
            (json!(3), json!(-32600))
        );
    }

    #[test]
    fn good_lines_pass_and_unanswerable_ones_are_dropped() {
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#),
            Verdict::Message(_)
        ));
        assert!(matches!(
            classify(b"\xEF\xBB\xBF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r"),
            Verdict::Message(_)
        ));
        assert!(matches!(classify(b"  "), Verdict::Ignore));
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":7}"#),
            Verdict::Ignore
        ));
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700}}"#),
            Verdict::Ignore
        ));
    }

    #[tokio::test]
    async fn an_oversized_line_is_dropped_whole_and_the_next_one_read() {
        let mut input = vec![b'x'; MAX_MESSAGE + 10];
        input.extend_from_slice(b"\n{}\n");
        let mut reader = tokio::io::BufReader::new(&input[..]);
        let mut buf = Vec::new();
        assert!(matches!(
            next_line(&mut reader, &mut buf).await.unwrap(),
            Line::Oversized
        ));
        buf.clear();
        assert!(matches!(
            next_line(&mut reader, &mut buf).await.unwrap(),
            Line::Complete
        ));
        assert_eq!(buf, b"{}");
        buf.clear();
        assert!(matches!(
            next_line(&mut reader, &mut buf).await.unwrap(),
            Line::Eof
        ));
    }
}
