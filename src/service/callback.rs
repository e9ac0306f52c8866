//! The one-shot loopback listener a browser login comes back to: it binds the redirect URI's
//! host and port, reads one HTTP request line at the redirect path (anything else gets a 404),
//! and answers the browser with a short page once the login has an outcome. Plain HTTP on
//! loopback, headers bounded, a slow or silent connection dropped.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::tidal::TidalError;

/// The longest request head read from the browser.
const MAX_HEAD: usize = 16 * 1024;
/// How long a connected browser has to send its request line.
const READ_DEADLINE: Duration = Duration::from_secs(10);

pub struct Listener {
    /// IPv4, and for `localhost` also IPv6 (browsers try `::1` first on some systems).
    inner: Vec<TcpListener>,
    path: String,
}

/// A browser waiting for the page that ends the login.
pub struct Browser {
    stream: BufReader<TcpStream>,
}

impl Listener {
    /// Binds the redirect URI's host and port (`localhost` is 127.0.0.1).
    pub async fn bind(redirect_uri: &str) -> Result<Listener, TidalError> {
        let url = url::Url::parse(redirect_uri)
            .map_err(|e| TidalError::LoginFailed(format!("bad tidal.redirect_uri: {e}")))?;
        let localhost = matches!(url.host_str(), Some("localhost") | None);
        let host = match url.host_str() {
            Some("localhost") | None => "127.0.0.1",
            Some(h) => h.trim_start_matches('[').trim_end_matches(']'),
        };
        let port = url.port_or_known_default().unwrap_or(80);
        // A login this one replaces lets go of the port a moment after it is cancelled.
        let mut tries = 0;
        let first = loop {
            match TcpListener::bind((host, port)).await {
                Ok(l) => break l,
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && tries < 20 => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => {
                    return Err(TidalError::LoginFailed(format!(
                        "cannot listen on {redirect_uri} for the browser's answer ({e}); set \
                         tidal.redirect_uri to a free port and register the same URI in your app"
                    )));
                }
            }
        };
        let mut inner = vec![first];
        if localhost && let Ok(v6) = TcpListener::bind(("::1", port)).await {
            inner.push(v6);
        }
        Ok(Listener {
            inner,
            path: url.path().to_string(),
        })
    }

    /// The next request for the redirect path: its target (path and query) and the browser
    /// to answer.
    pub async fn next(&self) -> (String, Browser) {
        loop {
            let accepts = self.inner.iter().map(|l| Box::pin(l.accept()));
            let (accepted, _, _) = futures::future::select_all(accepts).await;
            let Ok((stream, _)) = accepted else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let mut stream = BufReader::new(stream);
            let Ok(Ok(Some(target))) =
                tokio::time::timeout(READ_DEADLINE, request_target(&mut stream)).await
            else {
                continue;
            };
            let path = target.split('?').next().unwrap_or("");
            if path != self.path {
                let mut b = Browser { stream };
                b.send(404, "Not found", "This is tidal-mcp's login listener.")
                    .await;
                continue;
            }
            return (target, Browser { stream });
        }
    }
}

/// Reads the request line and the headers (bounded); returns the target of a GET.
async fn request_target(stream: &mut BufReader<TcpStream>) -> std::io::Result<Option<String>> {
    let mut line = String::new();
    let mut read = 0;
    stream.read_line(&mut line).await?;
    let target = {
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next()) {
            (Some("GET"), Some(t)) => Some(t.to_string()),
            _ => None,
        }
    };
    loop {
        let mut header = String::new();
        let n = stream.read_line(&mut header).await?;
        read += n;
        if n == 0 || header == "\r\n" || header == "\n" || read > MAX_HEAD {
            break;
        }
    }
    Ok(target)
}

impl Browser {
    /// The page that ends the login in the browser.
    pub async fn reply(mut self, outcome: &Result<(), TidalError>) {
        match outcome {
            Ok(()) => {
                self.send(
                    200,
                    "Logged in",
                    "tidal-mcp is logged in to TIDAL. You can close this tab.",
                )
                .await
            }
            Err(e) => {
                let hint = e.hint().map(|h| format!(" ({h})")).unwrap_or_default();
                self.send(400, "Login failed", &format!("{e}{hint}")).await
            }
        }
    }

    async fn send(&mut self, status: u16, title: &str, text: &str) {
        let escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let body = format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>tidal-mcp: {t}</title></head>\
             <body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\"><h1>{t}</h1><p>{x}</p></body></html>",
            t = escape(title),
            x = escape(text)
        );
        let reason = if status == 200 {
            "OK"
        } else if status == 404 {
            "Not Found"
        } else {
            "Bad Request"
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
             cache-control: no-store\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let s = self.stream.get_mut();
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.write_all(body.as_bytes()).await;
        let _ = s.shutdown().await;
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// `localhost` is answered on IPv4 and, where the machine has it, on IPv6: browsers try
    /// `::1` first on some systems. Other paths get a 404 and the listener keeps waiting.
    #[tokio::test]
    async fn localhost_is_heard_on_both_families_and_other_paths_are_refused() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let listener = Listener::bind(&format!("http://localhost:{port}/callback"))
            .await
            .unwrap();
        let v6 = listener.inner.len() == 2;
        let client = tokio::spawn(async move {
            let mut other = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            other
                .write_all(b"GET /favicon.ico HTTP/1.1\r\n\r\n")
                .await
                .unwrap();
            let mut answer = String::new();
            other.read_to_string(&mut answer).await.unwrap();
            assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
            let host = if v6 { "::1" } else { "127.0.0.1" };
            let mut s = TcpStream::connect((host, port)).await.unwrap();
            s.write_all(b"GET /callback?code=c&state=s HTTP/1.1\r\nHost: x\r\n\r\n")
                .await
                .unwrap();
            let mut page = String::new();
            s.read_to_string(&mut page).await.unwrap();
            page
        });
        let (target, browser) = listener.next().await;
        assert_eq!(target, "/callback?code=c&state=s");
        browser.reply(&Ok(())).await;
        let page = client.await.unwrap();
        assert!(
            page.starts_with("HTTP/1.1 200") && page.contains("close this tab"),
            "{page}"
        );
    }
}
