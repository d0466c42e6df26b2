//! Memory of the middleware under a long run: `cargo bench --bench memory`.
//!
//! One million requests (`MEMORY_REQUESTS` to change it) over 10,000 distinct credentials
//! through one middleware, every tenth answered 401, against a loopback keep-alive server on
//! its own thread. A counting allocator tracks the live heap of the whole process; after a
//! warm-up the growth must stay under the documented ceiling: the key history is bounded (1,024
//! entries by default) and captured bodies are dropped with their responses.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicIsize, Ordering};

use reqwest_auth_explain::AuthExplainMiddleware;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: delegates to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The documented ceiling for the middleware's own growth after warm-up.
const CEILING_BYTES: isize = 1024 * 1024;

fn server() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for sock in listener.incoming() {
            let Ok(mut sock) = sock else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let mut pending = Vec::with_capacity(8192);
                let mut n_req = 0u64;
                loop {
                    let n = match sock.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        n_req += 1;
                        let reply: &[u8] = if n_req % 10 == 0 {
                            b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer error=\"invalid_token\"\r\ncontent-type: application/json\r\ncontent-length: 27\r\n\r\n{\"error\":\"invalid_token\"}\n\n"
                        } else {
                            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
                        };
                        if sock.write_all(reply).is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    addr
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benchmarks; there is nothing to list here
    }
    let total: usize = std::env::var("MEMORY_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let addr = server();
    let url = format!("http://{addr}/v1/items");
    let tokens: Vec<String> = (0..10_000)
        .map(|i| format!("Bearer tok_{i:05}_abcdefghijklmnopqrstuv"))
        .collect();
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(AuthExplainMiddleware::default())
        .build();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let warm_up = 20_000.min(total / 2);
    let start = std::time::Instant::now();
    let (base, peak, end) = rt.block_on(async {
        let mut base = 0isize;
        let mut peak = 0isize;
        for i in 0..total {
            let r = client
                .get(&url)
                .header("authorization", &tokens[i % tokens.len()])
                .send()
                .await
                .unwrap();
            r.bytes().await.unwrap();
            if i + 1 == warm_up {
                base = LIVE.load(Ordering::Relaxed);
            }
            if i >= warm_up && i % 1000 == 0 {
                peak = peak.max(LIVE.load(Ordering::Relaxed) - base);
            }
        }
        (base, peak, LIVE.load(Ordering::Relaxed) - base)
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "memory: {total} requests over {} credentials in {secs:.1} s; live heap after warm-up {:.1} KiB, \
         growth peak {:.1} KiB, at end {:.1} KiB (ceiling {} KiB)",
        tokens.len(),
        base as f64 / 1024.0,
        peak as f64 / 1024.0,
        end as f64 / 1024.0,
        CEILING_BYTES / 1024
    );
    assert!(
        peak < CEILING_BYTES,
        "the middleware grew by {peak} bytes, over the ceiling of {CEILING_BYTES}"
    );
}
