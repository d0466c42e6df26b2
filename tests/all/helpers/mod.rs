//! Shared test helpers: clients with the middleware, raw TCP servers for malformed responses.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest_auth_explain::{AuthExplainMiddleware, AuthExplainMiddlewareBuilder};
use reqwest_middleware::ClientWithMiddleware;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A wiremock server that answers every request with `status`, `content_type` and `body`.
pub async fn respond(status: u16, content_type: &str, body: &str) -> wiremock::MockServer {
    respond_with(status, content_type, body, &[]).await
}

/// [`respond`] with extra response headers (`WWW-Authenticate`, `Retry-After`, a `Date`);
/// an empty `content_type` and `body` send no body at all.
pub async fn respond_with(
    status: u16,
    content_type: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    let mut template = wiremock::ResponseTemplate::new(status);
    for (name, value) in headers {
        template = template.insert_header(*name, *value);
    }
    if !content_type.is_empty() || !body.is_empty() {
        template = template.set_body_raw(body.to_owned(), content_type);
    }
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// Asserts that no output of the explanation (Display, Debug, JSON) holds any of `secrets`.
/// A JWT with these claims (the inside of a JSON object), an HS256 header and a signature that
/// carries the secret marker.
pub fn jwt(claims: &str) -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.FAKESECRETjwtSig9x",
        b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        b64(&format!("{{{claims}}}"))
    )
}

pub fn assert_hidden(e: &reqwest_auth_explain::Explanation, secrets: &[&str]) {
    let shown = format!("{e}\n{e:?}\n{}", e.to_json());
    for s in secrets {
        assert!(!shown.contains(s), "{s} shown in:\n{shown}");
    }
}

/// Sends `request` and returns the explanation attached to its response (panics without one).
pub async fn explained(
    request: reqwest_middleware::RequestBuilder,
) -> reqwest_auth_explain::Explanation {
    use reqwest_auth_explain::ResponseExt;
    let resp = request.send().await.expect("a response");
    resp.auth_explanation().expect("explained").clone()
}

/// Sends `request` and asserts that its response came back without an explanation: what the
/// middleware hands on as it came.
pub async fn handed_on(request: reqwest_middleware::RequestBuilder) {
    use reqwest_auth_explain::ResponseExt;
    let resp = request.send().await.expect("a response");
    assert!(
        resp.auth_explanation().is_none(),
        "explained: {:?}",
        resp.auth_explanation().map(|e| e.to_string())
    );
}

/// A client with the default middleware.
pub fn client() -> ClientWithMiddleware {
    client_with(AuthExplainMiddleware::builder())
}

/// A client with a configured middleware.
pub fn client_with(b: AuthExplainMiddlewareBuilder) -> ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(b.build())
        .build()
}

/// A client with a configured middleware that hands redirects to the caller unfollowed.
pub fn client_without_redirects(b: AuthExplainMiddlewareBuilder) -> ClientWithMiddleware {
    let inner = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    reqwest_middleware::ClientBuilder::new(inner)
        .with(b.build())
        .build()
}

/// A client that resolves `host` to `addr` (keeping the real host name in the URL).
pub fn client_resolving(
    host: &str,
    addr: SocketAddr,
    b: AuthExplainMiddlewareBuilder,
) -> ClientWithMiddleware {
    let inner = reqwest::Client::builder()
        .resolve(host, addr)
        .build()
        .expect("client");
    reqwest_middleware::ClientBuilder::new(inner)
        .with(b.build())
        .build()
}

/// One step of a raw server's reply.
pub enum Step {
    Send(Vec<u8>),
    Sleep(Duration),
    /// Close the connection with a reset (SO_LINGER 0).
    Reset,
}

/// A raw HTTP/1.1 server on loopback that answers every connection with `steps`.
/// Returns its address.
pub async fn raw_server(steps: Vec<Step>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let steps = std::sync::Arc::new(steps);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let steps = steps.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut seen = Vec::new();
                // read the request head
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                for step in steps.iter() {
                    match step {
                        Step::Send(b) => {
                            if sock.write_all(b).await.is_err() {
                                return;
                            }
                            let _ = sock.flush().await;
                        }
                        Step::Sleep(d) => tokio::time::sleep(*d).await,
                        Step::Reset => {
                            #[allow(deprecated)] // a reset is the point here
                            let _ = sock.set_linger(Some(Duration::ZERO));
                            drop(sock);
                            return;
                        }
                    }
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    addr
}

/// An HTTP/1.1 response head.
pub fn head(status: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut s = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s.into_bytes()
}

/// The crate's tracing events on this thread, as text, while the guard lives. Tests run on a
/// current-thread runtime, so the middleware's events land here.
pub struct Logs {
    buf: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    _guard: Scoped,
}

impl Logs {
    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buf.lock().unwrap()).into_owned()
    }

    /// Captured lines at `level` (`ERROR`, `WARN`, …).
    pub fn lines_at(&self, level: &str) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| l.split_whitespace().next() == Some(level))
            .map(str::to_owned)
            .collect()
    }
}

/// A subscriber set as this thread's default for as long as this lives.
///
/// Tests that install one run one at a time: tracing caches each callsite's interest and the
/// maximum level across the dispatchers alive, and a dispatcher registered or dropped on
/// another thread at the wrong moment can leave a callsite disabled here.
pub struct Scoped {
    _default: tracing::subscriber::DefaultGuard,
    _serial: std::sync::MutexGuard<'static, ()>,
}

/// Sets `subscriber` as this thread's default (see [`Scoped`]).
pub fn scoped(subscriber: impl tracing::Subscriber + Send + Sync + 'static) -> Scoped {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let default = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    Scoped {
        _default: default,
        _serial: serial,
    }
}

/// Starts capturing this crate's tracing events (every level) on this thread.
pub fn capture_logs() -> Logs {
    struct W(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for W {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "reqwest_auth_explain=trace",
        ))
        .with_ansi(false)
        .without_time()
        .with_writer(move || W(sink.clone()))
        .finish();
    Logs {
        buf,
        _guard: scoped(subscriber),
    }
}

/// `t` as ISO 8601 in UTC with milliseconds (`2026-12-06T09:47:18.940Z`), from its HTTP date.
pub fn iso8601(t: SystemTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // "Sun, 06 Dec 2026 09:47:18 GMT"
    let date = httpdate::fmt_http_date(t);
    let p: Vec<&str> = date.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let month = MONTHS.iter().position(|m| *m == p[2]).unwrap() + 1;
    let millis = t.duration_since(UNIX_EPOCH).unwrap().subsec_millis();
    format!("{}-{month:02}-{}T{}.{millis:03}Z", p[3], p[1], p[4])
}
