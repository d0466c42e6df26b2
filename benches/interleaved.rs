//! The overhead ratios the README reports, measured interleaved: every round sends a batch of
//! requests through each client in turn (rotating the order), so a change in machine load hits
//! all of them alike; each round gives a paired ratio to the no-op middleware, and the table
//! shows medians over rounds.
//!
//! `cargo bench --bench interleaved` (about a minute). `ROUNDS` and `BATCH` in the environment
//! change the number of rounds (default 150) and requests per client per round (default 200).
//!
//! Clients: a plain `reqwest::Client`; `reqwest_middleware` with an empty chain; with a no-op
//! middleware (the floor for any middleware); with `AuthExplainMiddleware::default()`; with
//! reqwest-tracing's `TracingMiddleware`. Scenarios: `200` with a small JSON body, with one key
//! and with a different key on every request; `401` with a
//! challenge and a JSON body, read to the end, then the same 401 when the caller also reads the
//! explanation, and the same 401 with a tracing subscriber that records WARN events (the
//! middleware then diagnoses every failure as it happens, to log it).

mod common;

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
use reqwest_middleware::ClientWithMiddleware;

const TOKEN: &str = "Bearer ghp_FAKESECRET0123456789abcdefghijklmnop";

type Send<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// One way of sending the benchmark's request and reading the response to the end.
struct Contender {
    label: &'static str,
    send: Box<dyn Fn() -> Send<'static>>,
}

/// A different key on every request (a service calling an API for many tenants), or always
/// the same one.
fn token(fresh: bool) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    if fresh {
        format!("{TOKEN}{:08}", N.fetch_add(1, Ordering::Relaxed))
    } else {
        TOKEN.to_owned()
    }
}

fn through(
    client: ClientWithMiddleware,
    url: String,
    read_explanation: bool,
    fresh: bool,
) -> impl Fn() -> Send<'static> {
    move || {
        let (client, url) = (client.clone(), url.clone());
        Box::pin(async move {
            let r = client
                .get(&url)
                .header("authorization", token(fresh))
                .send()
                .await
                .expect("response");
            if read_explanation {
                std::hint::black_box(r.auth_explanation());
            }
            std::hint::black_box(r.bytes().await.expect("body"));
        })
    }
}

fn contenders(url: &str, read_explanation: bool, fresh: bool) -> Vec<Contender> {
    let plain = reqwest::Client::new();
    let chain = |f: fn(reqwest_middleware::ClientBuilder) -> reqwest_middleware::ClientBuilder| {
        f(reqwest_middleware::ClientBuilder::new(
            reqwest::Client::new(),
        ))
        .build()
    };
    let url_plain = url.to_owned();
    vec![
        Contender {
            label: "reqwest",
            send: Box::new(move || {
                let (c, u) = (plain.clone(), url_plain.clone());
                Box::pin(async move {
                    let r = c
                        .get(&u)
                        .header("authorization", token(fresh))
                        .send()
                        .await
                        .expect("response");
                    std::hint::black_box(r.bytes().await.expect("body"));
                })
            }),
        },
        Contender {
            label: "empty chain",
            send: Box::new(through(chain(|b| b), url.to_owned(), false, fresh)),
        },
        Contender {
            label: "no-op middleware",
            send: Box::new(through(
                chain(|b| b.with(common::Noop)),
                url.to_owned(),
                false,
                fresh,
            )),
        },
        Contender {
            label: "auth-explain",
            send: Box::new(through(
                chain(|b| b.with(AuthExplainMiddleware::default())),
                url.to_owned(),
                read_explanation,
                fresh,
            )),
        },
        Contender {
            label: "reqwest-tracing",
            send: Box::new(through(
                chain(|b| b.with(reqwest_tracing::TracingMiddleware::default())),
                url.to_owned(),
                false,
                fresh,
            )),
        },
    ]
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn quartiles(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 4], v[v.len() * 3 / 4])
}

fn run(rt: &tokio::runtime::Runtime, title: &str, cs: &[Contender]) {
    let (rounds, batch) = (env("ROUNDS", 150), env("BATCH", 200));
    // Warm-up: connections open, caches and the middleware's memory of clean keys filled.
    for c in cs {
        for _ in 0..batch {
            rt.block_on((c.send)());
        }
    }
    let mut per_request: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); cs.len()];
    for round in 0..rounds {
        for k in 0..cs.len() {
            let i = (k + round) % cs.len();
            let t = Instant::now();
            rt.block_on(async {
                for _ in 0..batch {
                    (cs[i].send)().await;
                }
            });
            per_request[i].push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
    }
    let noop = cs
        .iter()
        .position(|c| c.label == "no-op middleware")
        .expect("a no-op contender");
    println!("\n{title} ({rounds} rounds x {batch} requests per client, interleaved)");
    println!(
        "{:<18} {:>10} {:>14} {:>22}",
        "client", "median µs", "vs no-op", "ratio quartiles"
    );
    for (i, c) in cs.iter().enumerate() {
        let mut ratios: Vec<f64> = per_request[i]
            .iter()
            .zip(&per_request[noop])
            .map(|(a, b)| a / b)
            .collect();
        let (q1, q3) = quartiles(&mut ratios);
        let r = median(&mut ratios);
        let us = median(&mut per_request[i].clone());
        println!(
            "{:<18} {:>10.2} {:>13.3}x {:>10.3}x - {:.3}x",
            c.label, us, r, q1, q3
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters scenarios by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let ok = rt.block_on(common::serve(common::OK));
    let denied = rt.block_on(common::serve(common::UNAUTHORIZED));
    let ok_url = format!("http://{ok}/v1/items");
    let denied_url = format!("http://{denied}/v1/items");

    if wanted("success_200") {
        run(&rt, "success_200", &contenders(&ok_url, false, false));
    }
    if wanted("success_200_new_keys") {
        run(
            &rt,
            "success_200_new_keys (a different key on every request)",
            &contenders(&ok_url, false, true),
        );
    }
    if wanted("failure_401") {
        run(&rt, "failure_401", &contenders(&denied_url, false, false));
    }
    if wanted("failure_401_read") {
        run(
            &rt,
            "failure_401_read (auth-explain's caller reads the explanation)",
            &contenders(&denied_url, true, false),
        );
    }
    if wanted("failure_401_logged") {
        // A subscriber that takes WARN events from this crate and writes them nowhere.
        use tracing_subscriber::layer::SubscriberExt;
        let subscriber = tracing_subscriber::registry()
            .with(tracing_subscriber::fmt::layer().with_writer(std::io::sink))
            .with(tracing_subscriber::filter::LevelFilter::WARN);
        tracing::subscriber::with_default(subscriber, || {
            run(
                &rt,
                "failure_401_logged (a subscriber records WARN events)",
                &contenders(&denied_url, false, false),
            );
        });
    }
}
