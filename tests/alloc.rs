//! Allocations made by the middleware on the success path, counted with a global allocator.
//!
//! The same requests go through a client with a no-op middleware and through one with
//! `AuthExplainMiddleware`; only allocations on the client's thread are counted (the server runs
//! on its own thread), and the difference is what the middleware itself allocates.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{Read, Write};
use std::net::TcpListener;

use reqwest_auth_explain::AuthExplainMiddleware;

struct Counting;

thread_local! {
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: delegates to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    COUNT.with(Cell::get)
}

/// A keep-alive server on its own thread that answers every request with 200.
fn server() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for sock in listener.incoming() {
            let Ok(mut sock) = sock else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let mut pending = Vec::new();
                loop {
                    let n = match sock.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        if sock.write_all(ok).is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    addr
}

struct Noop;

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

/// Average allocations per request on this thread, after a warm-up.
fn per_request(
    client: &reqwest_middleware::ClientWithMiddleware,
    url: &str,
    headers: &[(&str, &str)],
) -> f64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let send = || async {
            let mut b = client.get(url);
            for (k, v) in headers {
                b = b.header(*k, *v);
            }
            let r = b.send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.bytes().await.unwrap();
        };
        for _ in 0..50 {
            send().await;
        }
        const N: u64 = 500;
        let before = allocations();
        for _ in 0..N {
            send().await;
        }
        (allocations() - before) as f64 / N as f64
    })
}

/// The allocations the middleware adds per request, min over interleaved rounds.
fn added_allocations(url: &str, headers: &[(&str, &str)]) -> (f64, Vec<f64>) {
    let noop = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(Noop)
        .build();
    let ours = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(AuthExplainMiddleware::default())
        .build();
    // Interleave to share any drift between the two.
    let mut diffs = Vec::new();
    for _ in 0..3 {
        let a = per_request(&noop, url, headers);
        let b = per_request(&ours, url, headers);
        diffs.push(b - a);
    }
    let min = diffs.iter().cloned().fold(f64::INFINITY, f64::min);
    (min, diffs)
}

#[test]
fn the_success_path_allocates_nothing_of_its_own_for_a_well_formed_bearer_token() {
    let addr = server();
    let url = format!("http://{addr}/v1/items?limit=10");
    let token = "Bearer ghp_FAKESECRETabcdefghijklmnopqrstuvwx0123";
    let (min, diffs) = added_allocations(&url, &[("authorization", token)]);
    eprintln!("allocations per request, middleware minus no-op: {diffs:?}");
    assert!(
        min < 0.5,
        "the middleware allocates {min:.2} times per request: {diffs:?}"
    );
}

#[test]
fn the_success_path_allocates_nothing_of_its_own_for_signing_headers() {
    let addr = server();
    let url = format!("http://{addr}/api/v5/account/balance?ccy=BTC");
    let headers = [
        ("OK-ACCESS-KEY", "FAKESECRETokxKey0123abcd"),
        ("OK-ACCESS-SIGN", "FAKESECRETsign9Zx0cBase64Sig="),
        ("OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z"),
        ("OK-ACCESS-PASSPHRASE", "FAKESECRETpassphrase"),
    ];
    let (min, diffs) = added_allocations(&url, &headers);
    eprintln!("allocations per request, middleware minus no-op: {diffs:?}");
    assert!(
        min < 0.5,
        "the middleware allocates {min:.2} times per request: {diffs:?}"
    );
}
