//! Cost of the middleware per request on loopback, side by side with a plain client, an empty
//! middleware chain, a no-op middleware (the floor for any middleware) and reqwest-tracing.
//!
//! `cargo bench --bench overhead`. Each group sends the same request to the same keep-alive
//! server; compare the medians within one run (ratios), not across runs.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use reqwest_auth_explain::AuthExplainMiddleware;
use reqwest_middleware::ClientWithMiddleware;

const TOKEN: &str = "Bearer ghp_FAKESECRET0123456789abcdefghijklmnop";

fn chain(
    m: Option<
        Box<dyn FnOnce(reqwest_middleware::ClientBuilder) -> reqwest_middleware::ClientBuilder>,
    >,
) -> ClientWithMiddleware {
    let b = reqwest_middleware::ClientBuilder::new(reqwest::Client::new());
    match m {
        Some(f) => f(b).build(),
        None => b.build(),
    }
}

fn bench(c: &mut Criterion, name: &str, response: &'static [u8]) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let addr = rt.block_on(common::serve(response));
    let url = format!("http://{addr}/v1/items");
    let plain = reqwest::Client::new();
    let empty = chain(None);
    let noop = chain(Some(Box::new(|b| b.with(common::Noop))));
    let ours = chain(Some(Box::new(|b| b.with(AuthExplainMiddleware::default()))));
    let tracing_mw = chain(Some(Box::new(|b| {
        b.with(reqwest_tracing::TracingMiddleware::default())
    })));

    let mut g = c.benchmark_group(name);
    g.bench_function("reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let r = plain
                .get(&url)
                .header("authorization", TOKEN)
                .send()
                .await
                .unwrap();
            r.bytes().await.unwrap()
        })
    });
    for (label, client) in [
        ("empty_chain", &empty),
        ("noop_middleware", &noop),
        ("auth_explain", &ours),
        ("reqwest_tracing", &tracing_mw),
    ] {
        g.bench_function(label, |b| {
            b.to_async(&rt).iter(|| async {
                let r = client
                    .get(&url)
                    .header("authorization", TOKEN)
                    .send()
                    .await
                    .unwrap();
                r.bytes().await.unwrap()
            })
        });
    }
    g.finish();
}

fn success(c: &mut Criterion) {
    bench(c, "success_200", common::OK);
}

fn failure(c: &mut Criterion) {
    bench(c, "failure_401", common::UNAUTHORIZED);
}

criterion_group!(benches, success, failure);
criterion_main!(benches);
