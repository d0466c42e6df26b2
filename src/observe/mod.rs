//! Turning a response into [`Evidence`]: challenges, body, headers, redirect; and reading
//! what that evidence says about time ([`clock`]) and scopes ([`scopes`]).

pub(crate) mod body;
pub(crate) mod challenge;
pub(crate) mod clock;
pub(crate) mod early;
pub(crate) mod gate;
pub(crate) mod grpc;
pub(crate) mod headers;
pub(crate) mod scopes;
pub(crate) mod validation;

use http::{HeaderMap, StatusCode};

pub(crate) use body::Body;
pub(crate) use challenge::Challenge;
pub(crate) use headers::Headers;

/// Everything read from one response, before any judgement.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    pub(crate) status: StatusCode,
    /// Challenges from `WWW-Authenticate` (or `Proxy-Authenticate` on a 407).
    pub(crate) challenges: Vec<Challenge>,
    /// Why the strict challenge parser rejected a header, when it did.
    pub(crate) challenge_notes: Vec<String>,
    pub(crate) body: Body,
    pub(crate) headers: Headers,
    /// The response came from another origin than the request was sent to.
    pub(crate) redirected_from: Option<(String, String)>,
    /// The time the request's own timestamp header states (epoch seconds), if it has one.
    pub(crate) request_time: Option<i64>,
    /// The request had a body this middleware does not read (XML, multipart, a stream), or
    /// one it kept but found no credential in by name: a credential may have travelled there.
    pub(crate) request_body_unread: bool,
    /// The request's body was kept and plainly holds no credential (see
    /// `credential::body::SentBody::is_plain`).
    pub(crate) request_body_plain: bool,
    /// The request's body was kept and is JSON, not a form.
    pub(crate) request_body_json: bool,
    /// The request's kept body names a `client_id`: an OAuth client identified itself (a
    /// public client needs nothing more, RFC 6749 §2.1).
    pub(crate) request_client_id: bool,
    /// The field names of the request's kept body (a form's or a JSON object's), lowercased.
    pub(crate) request_fields: Vec<String>,
    /// The `scope` a token request's form body asked for (RFC 6749 §3.3).
    pub(crate) request_scope: Option<String>,
    /// Whether a kept XML request body carries a WS-Security header (`<wsse:Security>`):
    /// `None` when no XML body was kept.
    pub(crate) request_ws_security: Option<bool>,
    /// The request was a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`).
    pub(crate) request_preflight: bool,
    /// The `name` of the password field of an HTML form in the response (a sign-in page).
    pub(crate) form_password_fields: Vec<String>,
    /// For an auth failure that arrived with another status (a token endpoint's 400, a Slack
    /// or GraphQL 200): the status on the wire, the gate it passed and why it counts. `status`
    /// then holds the status the failure stands for.
    pub(crate) gated: Option<(StatusCode, gate::Gate, String)>,
}

/// Gateways put their verdict in headers (`X-Error-Detail-Header: Account Inactive`,
/// `X-Mashery-Error-Code: ERR_403_DEVELOPER_INACTIVE`, `x-amzn-ErrorType`, FreeIPA's
/// `X-IPA-Rejection-Reason: password-expired`): the values of headers named with "error",
/// "rejection" or ending in "-reason" count as codes, after the body's own (at most 8, each
/// short).
fn error_headers(headers: &HeaderMap, body: &mut Body) {
    // gRPC's own message (percent-encoded, gRPC over HTTP/2 §Responses)
    if let Some(m) = headers.get("grpc-message").and_then(|v| v.to_str().ok()) {
        let m = crate::credential::decode(m);
        if !m.trim().is_empty() && m.len() <= 500 {
            body.messages.push(m.trim().to_owned());
        }
    }
    let mut taken = 0;
    for (name, value) in headers {
        let n = name.as_str();
        if taken == 8 || !(n.contains("error") || n.contains("rejection") || n.ends_with("-reason"))
        {
            continue;
        }
        let Ok(v) = value.to_str() else { continue };
        let v = v.trim();
        if !v.is_empty() && v.len() <= 200 && !body.codes.iter().any(|c| c == v) {
            body.codes.push(v.to_owned());
            taken += 1;
        }
    }
}

impl Evidence {
    /// Reads everything from a response's head and (captured) body.
    pub(crate) fn read(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        body_complete: bool,
    ) -> Evidence {
        // (gRPC-Web's trailers travel in the body: read as the head's own)
        let headers = &*grpc::with_web_trailers(headers, body);
        let (challenges, challenge_notes) = challenge::read(status, headers);
        let mut body = Body::read(headers, body, body_complete);
        error_headers(headers, &mut body);
        Evidence {
            status,
            challenges,
            challenge_notes,
            body,
            headers: Headers::read(headers),
            redirected_from: None,
            request_time: None,
            request_body_unread: false,
            request_body_plain: false,
            request_client_id: false,
            request_fields: Vec::new(),
            request_scope: None,
            request_ws_security: None,
            request_body_json: false,
            request_preflight: false,
            form_password_fields: Vec::new(),
            gated: None,
        }
    }

    /// The first challenge parameter `name` (lowercase) across challenges, preferring `Bearer`
    /// and `DPoP` ones (RFC 6750 §3, RFC 9449 §7.1).
    pub(crate) fn bearer_param(&self, name: &str) -> Option<&str> {
        self.challenges
            .iter()
            .filter(|c| {
                c.scheme.eq_ignore_ascii_case("bearer") || c.scheme.eq_ignore_ascii_case("dpop")
            })
            .find_map(|c| c.param(name))
    }
}
