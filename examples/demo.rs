//! `demo`: an embedded API that fails in every way the middleware explains.
//!
//! ```text
//! cargo run --example demo
//! ```
//!
//! Two loopback servers (wiremock) play an API at `api.example.test` and a file host at
//! `files.example.test`; the client resolves those names to 127.0.0.1, so nothing leaves the
//! machine. Each scenario sends one request the way a real program gets it wrong and prints the
//! request, the status and the explanation the middleware attached to the response. Every key
//! is fake, and none of them appears in the output: only kinds, locations and fingerprints do.

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::{Method, Url};
use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One way to get auth wrong.
struct Scenario {
    /// The cause code the middleware should find.
    expect: &'static str,
    /// What the scenario reproduces, in words.
    title: &'static str,
    method: Method,
    host: &'static str,
    /// Path and query.
    target: &'static str,
    headers: Vec<(&'static str, String)>,
    /// What the server answers (mounted on the API server unless the scenario redirects).
    reply: ResponseTemplate,
}

/// Headers whose values are never shown.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "cookie",
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match run().await {
        // `cargo run --example demo | head` is fine.
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = io::stdout().lock();
    let api = MockServer::start().await;
    let files = MockServer::start().await;
    let files_port = files.address().port();
    let api_port = api.address().port();

    let client = reqwest_middleware::ClientBuilder::new(
        reqwest::Client::builder()
            .no_proxy()
            .resolve("api.example.test", *api.address())
            .resolve("storage.example.test", *api.address())
            .resolve("maps.example.test", *api.address())
            .resolve("files.example.test", *files.address())
            .build()?,
    )
    .with(AuthExplainMiddleware::default())
    .build();

    // The file host wants its own token, which the client drops on the way there.
    Mock::given(method("GET"))
        .and(path("/exports/2024-06.csv"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", r#"Bearer realm="files.example.test""#),
        )
        .mount(&files)
        .await;

    let scenarios = scenarios(files_port);
    let total = scenarios.len();
    let mut explained: Vec<&'static str> = Vec::new();
    let mut unexpected = Vec::new();
    writeln!(
        out,
        "demo: {total} requests to an API on 127.0.0.1:{api_port} (api.example.test) that reject them in {total} ways\n"
    )?;
    for (i, s) in scenarios.into_iter().enumerate() {
        let path_only = s.target.split('?').next().unwrap_or(s.target);
        Mock::given(method(s.method.as_str()))
            .and(path(path_only))
            .respond_with(s.reply.clone())
            .mount(&api)
            .await;

        let url = Url::parse(&format!("http://{}:{api_port}{}", s.host, s.target))?;
        writeln!(out, "── {}/{total} · {}", i + 1, s.title)?;
        writeln!(
            out,
            "> {} {}",
            s.method,
            reqwest_auth_explain::redact_url(&url, &[])
        )?;
        let mut req = client.request(s.method.clone(), url);
        for (name, value) in &s.headers {
            writeln!(out, "> {name}: {}", shown(name, value))?;
            req = req.header(*name, value);
        }
        let resp = req.send().await?;
        let status = resp.status();
        let reason = status.canonical_reason().unwrap_or("");
        if resp.url().port() != Some(api_port) {
            let final_url = reqwest_auth_explain::redact_url(resp.url(), &[]);
            writeln!(
                out,
                "< {} {reason} (after a redirect to {final_url})",
                status.as_u16()
            )?;
        } else {
            writeln!(out, "< {} {reason}", status.as_u16())?;
        }
        match resp.auth_explanation() {
            Some(why) => {
                writeln!(out, "{why}")?;
                let code = why.cause().map_or("auth", |c| c.code());
                if !explained.contains(&code) {
                    explained.push(code);
                }
                if code != s.expect {
                    unexpected.push((s.expect, code));
                }
            }
            None => writeln!(out, "(no explanation)\n")?,
        }
    }

    // Key history: the same key worked a moment ago, so a bare 401 now means it was revoked or
    // rotated, not mistyped.
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            r#"Bearer realm="api.example.test", error="invalid_token""#,
        ))
        .with_priority(2)
        .mount(&api)
        .await;
    let url = Url::parse(&format!("http://api.example.test:{api_port}/v1/account"))?;
    let token = "Bearer live_2kQ9wZr7TxLm4VbN8sHd";
    writeln!(
        out,
        "── key history · the same key, before and after it was rotated on the server"
    )?;
    for attempt in ["first", "second"] {
        writeln!(out, "> GET {url}   ({attempt} call)")?;
        let resp = client
            .get(url.clone())
            .header("authorization", token)
            .send()
            .await?;
        writeln!(out, "< {}", resp.status())?;
        if let Some(why) = resp.auth_explanation() {
            writeln!(out, "{why}")?;
            let code = why.cause().map_or("auth", |c| c.code());
            if !explained.contains(&code) {
                explained.push(code);
            }
            if code != "revoked_credentials" {
                unexpected.push(("revoked_credentials", code));
            }
        }
    }

    writeln!(
        out,
        "{} causes explained: {}",
        explained.len(),
        explained.join(", ")
    )?;
    if !unexpected.is_empty() {
        let list: Vec<String> = unexpected
            .iter()
            .map(|(want, got)| format!("{want} (explained as {got})"))
            .collect();
        writeln!(
            out,
            "not reproduced by this build's checks: {}",
            list.join(", ")
        )?;
    }
    Ok(())
}

/// A header value as the demo prints it: the scheme of a credential, never its secret part.
fn shown(name: &str, value: &str) -> String {
    if !SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return value.to_owned();
    }
    match value.split_once(' ') {
        Some((scheme, _)) if scheme.len() <= 24 => format!("{scheme} ‹redacted›"),
        _ => "‹redacted›".to_owned(),
    }
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

fn xml(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>"
        ),
        "application/xml",
    )
}

fn bearer(token: &str) -> (&'static str, String) {
    ("Authorization", format!("Bearer {token}"))
}

/// A JWT whose `exp` passed an hour ago (unsigned: only its shape and claims matter here).
fn expired_jwt() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(format!(
        r#"{{"sub":"demo-user","iat":{},"exp":{}}}"#,
        now - 7200,
        now - 3600
    ));
    format!("{header}.{claims}.q7Zr9Mb8sK2nV5qW1xT4")
}

/// An AWS Signature Version 4 header with a fake key id and signature.
fn sigv4() -> (&'static str, String) {
    (
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAQ7ZR9MB5LW2T0HJX/20240601/eu-west-1/s3/aws4_request, \
         SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924aq7zr9mb"
            .to_owned(),
    )
}

fn scenarios(files_port: u16) -> Vec<Scenario> {
    let token = "tok_q7Zr9Mb2f9c41d8a6b3e5";
    let challenge = |v: &str| ResponseTemplate::new(401).insert_header("www-authenticate", v);
    let get = Method::GET;
    vec![
        Scenario {
            expect: "missing_credentials",
            title: "no credential at all (the variable that holds it was empty)",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/me",
            headers: vec![],
            reply: challenge(r#"Bearer realm="api.example.test""#),
        },
        Scenario {
            expect: "placeholder_credentials",
            title: "the placeholder from the docs sent instead of a key",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/projects",
            headers: vec![bearer("YOUR_API_KEY")],
            reply: challenge(r#"Bearer realm="api.example.test", error="invalid_token""#),
        },
        Scenario {
            expect: "malformed_credentials",
            title: "a token without its scheme (`Authorization: <token>`)",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/repos",
            headers: vec![("Authorization", token.to_owned())],
            reply: challenge(r#"Bearer realm="api.example.test""#)
                .set_body_raw(r#"{"message":"Bad credentials"}"#, "application/json"),
        },
        Scenario {
            expect: "wrong_scheme",
            title: "a Bearer token sent to an endpoint that asks for Basic",
            method: get.clone(),
            host: "api.example.test",
            target: "/legacy/invoices",
            headers: vec![bearer(token)],
            reply: challenge(r#"Basic realm="billing", charset="UTF-8""#),
        },
        Scenario {
            expect: "invalid_credentials",
            title: "a key the server does not know (RFC 6750 invalid_token)",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/customers",
            headers: vec![bearer(token)],
            reply: challenge(
                r#"Bearer realm="api.example.test", error="invalid_token", error_description="The access token is invalid""#,
            )
            .insert_header("x-request-id", "req_01J9Z7K2M4"),
        },
        Scenario {
            expect: "expired_credentials",
            title: "an access token the server says has expired",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/invoices",
            headers: vec![bearer(token)],
            reply: challenge(
                r#"Bearer realm="api.example.test", error="invalid_token", error_description="The access token expired""#,
            ),
        },
        Scenario {
            expect: "expired_credentials",
            title: "a JWT whose exp claim passed an hour ago (the server says nothing)",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/session",
            headers: vec![bearer(&expired_jwt())],
            reply: challenge(r#"Bearer realm="api.example.test""#),
        },
        Scenario {
            expect: "revoked_credentials",
            title: "a token that was revoked after a rotation",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/webhooks",
            headers: vec![bearer(token)],
            reply: challenge(
                r#"Bearer error="invalid_token", error_description="The token has been revoked""#,
            ),
        },
        Scenario {
            expect: "credentials_dropped_on_redirect",
            title: "a redirect to another host, where the token no longer goes",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/exports/latest",
            headers: vec![bearer(token)],
            reply: ResponseTemplate::new(307).insert_header(
                "location",
                format!("http://files.example.test:{files_port}/exports/2024-06.csv").as_str(),
            ),
        },
        Scenario {
            expect: "wrong_environment",
            title: "a test-mode key used against live data",
            method: Method::POST,
            host: "api.example.test",
            target: "/v1/charges",
            headers: vec![bearer("sk_test_q7Zr9Mb51Hc2kLmN0pQxT")],
            reply: json(
                401,
                r#"{"error":{"type":"invalid_request_error","message":"This key is a test mode key, but the charge exists in live mode."}}"#,
            ),
        },
        Scenario {
            expect: "clock_skew",
            title: "a signed request from a machine whose clock is 20 minutes off",
            method: get.clone(),
            host: "storage.example.test",
            target: "/reports/q2.pdf",
            headers: vec![sigv4(), ("x-amz-date", amz_date(std::time::SystemTime::now()))],
            // the server's clock (its Date header) is 20 minutes ahead of this machine's
            reply: xml(
                403,
                "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large.",
            )
            .insert_header(
                "date",
                httpdate::fmt_http_date(
                    std::time::SystemTime::now() + std::time::Duration::from_secs(20 * 60),
                ),
            ),
        },
        Scenario {
            expect: "signature_mismatch",
            title: "a request signed with the wrong secret",
            method: Method::PUT,
            host: "storage.example.test",
            target: "/reports/q3.pdf",
            headers: vec![sigv4(), ("x-amz-date", amz_date(std::time::SystemTime::now()))],
            reply: xml(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            ),
        },
        Scenario {
            expect: "insufficient_scope",
            title: "a read-only token used to create an order",
            method: Method::POST,
            host: "api.example.test",
            target: "/v1/orders",
            headers: vec![bearer(token)],
            reply: ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer realm="api.example.test", error="insufficient_scope", scope="orders:write""#,
                )
                .insert_header("x-request-id", "req_7Hq2k9"),
        },
        Scenario {
            expect: "ip_restricted",
            title: "a key restricted to the office's IP addresses, used from home",
            method: get.clone(),
            host: "maps.example.test",
            target: "/v1/geocode?address=Paris&key=AIzaq7Zr9Mb-4vB9sT2wQ",
            headers: vec![],
            reply: json(
                403,
                r#"{"error":{"code":403,"message":"Requests from this IP address (203.0.113.7) are not allowed for this API key.","status":"PERMISSION_DENIED"}}"#,
            ),
        },
        Scenario {
            expect: "origin_restricted",
            title: "a browser key (referrer-restricted) used from a server",
            method: get.clone(),
            host: "maps.example.test",
            target: "/v1/tiles/12/2048/1361?key=AIzaq7Zr9Mb-8nR3fL6zP",
            headers: vec![],
            reply: json(
                403,
                r#"{"error":{"code":403,"message":"Requests from referer <empty> are blocked.","status":"PERMISSION_DENIED"}}"#,
            ),
        },
        Scenario {
            expect: "endpoint_not_enabled",
            title: "an API the project never switched on",
            method: get.clone(),
            host: "api.example.test",
            target: "/v2/reports",
            headers: vec![("X-Api-Key", "key_q7Zr9Mb93ad0f".to_owned())],
            reply: json(
                403,
                r#"{"error":{"message":"The Reports API is not enabled for this project.","status":"PERMISSION_DENIED"}}"#,
            ),
        },
        Scenario {
            expect: "plan_restricted",
            title: "a feature the account's plan does not include",
            method: Method::POST,
            host: "api.example.test",
            target: "/v1/exports",
            headers: vec![bearer(token)],
            reply: ResponseTemplate::new(403).set_body_raw(
                r#"{"type":"https://api.example.test/problems/plan","title":"Not available on your plan","detail":"CSV exports need the Business plan.","status":403}"#,
                "application/problem+json",
            ),
        },
        Scenario {
            expect: "account_suspended",
            title: "an account suspended for an unpaid invoice",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/balance",
            headers: vec![bearer(token)],
            reply: json(
                403,
                r#"{"message":"This account has been suspended. Contact support to restore access."}"#,
            ),
        },
        Scenario {
            expect: "organization_policy",
            title: "a personal token not yet authorized for the organization's SSO",
            method: get.clone(),
            host: "api.example.test",
            target: "/orgs/acme/members",
            headers: vec![bearer(token)],
            reply: json(
                403,
                r#"{"message":"Resource protected by organization SAML enforcement. You must grant your personal token access to this organization."}"#,
            ),
        },
        Scenario {
            expect: "rate_limited",
            title: "a burst of requests answered with 429 and Retry-After",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/search",
            headers: vec![bearer(token)],
            reply: json(429, r#"{"message":"Too many requests, slow down."}"#)
                .insert_header("retry-after", "30"),
        },
        Scenario {
            expect: "rate_limited",
            title: "a 403 that is really an exhausted rate limit (x-ratelimit-remaining: 0)",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/events",
            headers: vec![bearer(token)],
            reply: json(403, r#"{"message":"API rate limit exceeded for this token."}"#)
                .insert_header("x-ratelimit-limit", "5000")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "600"),
        },
        Scenario {
            expect: "proxy_auth_required",
            title: "a corporate proxy that wants its own credentials",
            method: get.clone(),
            host: "api.example.test",
            target: "/v1/status",
            headers: vec![bearer(token)],
            reply: ResponseTemplate::new(407)
                .insert_header("proxy-authenticate", r#"Basic realm="corp-proxy""#)
                .set_body_raw(
                    "<html><h1>407 Proxy Authentication Required</h1></html>",
                    "text/html",
                ),
        },
        Scenario {
            expect: "unknown_unauthorized",
            title: "a bare 401 to a request with only a session cookie: no challenge, no body",
            method: get.clone(),
            host: "api.example.test",
            target: "/internal/metrics",
            headers: vec![("cookie", "session=d41d8cd98f00b204e980".to_owned())],
            reply: ResponseTemplate::new(401),
        },
        Scenario {
            expect: "unknown_forbidden",
            title: "a bare 403 page from a gateway",
            method: Method::DELETE,
            host: "api.example.test",
            target: "/v1/projects/42",
            headers: vec![bearer(token)],
            reply: ResponseTemplate::new(403)
                .set_body_raw("<html><body><h1>Forbidden</h1></body></html>", "text/html"),
        },
    ]
}

/// `t` as SigV4 writes it: `YYYYMMDDTHHMMSSZ` (UTC).
fn amz_date(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
