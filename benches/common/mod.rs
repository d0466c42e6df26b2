//! A minimal keep-alive HTTP/1.1 server on loopback for benchmarks: every request gets the
//! same canned response, so what differs between runs is the client side.

#![allow(dead_code)]

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Starts a server answering every request with `response` (a full HTTP/1.1 message).
pub async fn serve(response: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let _ = sock.set_nodelay(true);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut pending = 0usize;
                loop {
                    match sock.read(&mut buf[pending..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending += n,
                    }
                    // Answer each complete request head (GET, no body) in the buffer.
                    while let Some(end) = buf[..pending].windows(4).position(|w| w == b"\r\n\r\n") {
                        if sock.write_all(response).await.is_err() {
                            return;
                        }
                        buf.copy_within(end + 4..pending, 0);
                        pending -= end + 4;
                    }
                    if pending == buf.len() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

/// `200 OK` with a small body.
pub const OK: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"ok\":true}";

/// `401` with a challenge and a JSON error body.
pub const UNAUTHORIZED: &[u8] = b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"\r\ncontent-type: application/json\r\ncontent-length: 86\r\n\r\n{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\",\"id\":\"x12345\"}";

/// A middleware that does nothing: the floor for any middleware.
pub struct Noop;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Noop {
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        next.run(req, extensions).await
    }
}
