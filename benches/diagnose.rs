//! Diagnosis alone, on every recorded response of the corpus (`tests/fixtures/corpus/`):
//! pre-flight, credential discovery, evidence (challenges, body, headers) and the decision
//! tree, without the network. `cargo bench --bench diagnose`; the budget is 20 µs per response.

use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use reqwest::Request;
use reqwest_auth_explain::__fuzz::explain_recorded;
use serde_json::Value;

struct Case {
    request: Request,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            let req = &v["request"];
            let method =
                Method::from_bytes(req["method"].as_str().unwrap_or("GET").as_bytes()).unwrap();
            let mut request = Request::new(method, req["url"].as_str().unwrap().parse().unwrap());
            for (k, val) in req["headers"].as_object().into_iter().flatten() {
                request.headers_mut().append(
                    HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    HeaderValue::from_str(val.as_str().unwrap()).unwrap(),
                );
            }
            let resp = &v["response"];
            let mut headers = HeaderMap::new();
            for (k, val) in resp["headers"].as_object().into_iter().flatten() {
                headers.append(
                    HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    HeaderValue::from_str(val.as_str().unwrap()).unwrap(),
                );
            }
            Case {
                request,
                status: StatusCode::from_u16(resp["status"].as_u64().unwrap() as u16).unwrap(),
                headers,
                body: resp["body"].as_str().unwrap_or("").as_bytes().to_vec(),
            }
        })
        .collect()
}

fn diagnose(c: &mut Criterion) {
    let cases = cases();
    let mut i = 0usize;
    c.bench_function("diagnose/corpus_response", |b| {
        b.iter_batched_ref(
            || {
                i = (i + 1) % cases.len();
                let c = &cases[i];
                (c.request.try_clone().unwrap(), i)
            },
            |(req, i)| {
                let c = &cases[*i];
                explain_recorded(req, c.status, &c.headers, &c.body)
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, diagnose);
criterion_main!(benches);
