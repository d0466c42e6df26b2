//! The HTTP status an error envelope states of itself: a JSON body's own `code` or `status`
//! (401 in a 200), or a gRPC status quoted in grpc-go's words.

use http::StatusCode;

/// An auth status (401, 403, 407, 429) an envelope names in its `code` or `status`.
pub(super) fn envelope_status(json: Option<&serde_json::Value>) -> Option<StatusCode> {
    status_within(json?, 0)
}

/// The HTTP status an envelope states at its top or in its wrappers (`message`, `header`,
/// `meta`, …), three levels deep at most (Musixmatch's
/// `{"message": {"header": {"status_code": 401}}}`).
fn status_within(j: &serde_json::Value, depth: usize) -> Option<StatusCode> {
    // Below the top, only a name that says HTTP status: an error object's `code` is the
    // API's own numbering (Wargaming's `"code": 407` is an invalid application id). A 407
    // is a proxy's, on the wire: never one an origin's envelope states.
    let keys: &[&str] = if depth == 0 {
        &[
            "code",
            "status",
            "http",
            "statusCode",
            "status_code",
            "responseStatus",
            "response_status",
        ]
    } else {
        &[
            "statusCode",
            "status_code",
            "http_code",
            "httpCode",
            "httpStatus",
            "http_status",
        ]
    };
    // (in any case: .NET's PascalCase envelopes write `"Code": "401"`, `"StatusCode": 403`)
    let obj = j.as_object()?;
    let own = obj
        .iter()
        .take(64)
        .filter(|(k, _)| keys.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .map(|(_, v)| v)
        .find_map(|v| {
            let n = v.as_u64().or_else(|| v.as_str()?.parse().ok())?;
            matches!(n, 401 | 402 | 403 | 429).then(|| StatusCode::from_u16(n as u16).ok())?
        });
    if own.is_some() || depth >= 2 {
        return own;
    }
    // An error object's own `code` of 401 (`{"error": {"code": 401, "message": "Authorization
    // failed"}}`), as Google-style envelopes state the HTTP status there: a number an API's own
    // numbering rarely takes for something else. (Not 403: Janus's `"code": 403` "wrong or
    // missing secret" is its own numbering, whatever the request lacked.)
    if depth == 0 {
        let error_code = obj
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("error"))
            .and_then(|(_, v)| v.get("code"))
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()));
        if error_code == Some(401) {
            return Some(StatusCode::UNAUTHORIZED);
        }
    }
    // Only the envelope's own wrappers: a status inside the data (a monitor's last check) is
    // the data's.
    const WRAPPERS: &[&str] = &[
        "message",
        "header",
        "head",
        "meta",
        "response",
        "error",
        "result",
        "status",
        "exception",
    ];
    j.as_object()?
        .iter()
        .filter(|(k, v)| v.is_object() && WRAPPERS.iter().any(|w| k.eq_ignore_ascii_case(w)))
        .take(8)
        .find_map(|(_, v)| status_within(v, depth + 1))
}

/// The gRPC status a message quotes in grpc-go's own form (`rpc error: code = Unauthenticated
/// desc = …`, as gateways and Connect servers pass a backend's error on, whatever HTTP status
/// they answer with): `Unauthenticated` (16) stands for a 401, `PermissionDenied` (7) for a 403,
/// as the `grpc-status` header's codes do.
pub(super) fn grpc_text_status(messages: &[String]) -> Option<StatusCode> {
    messages.iter().take(16).find_map(|m| {
        let (_, rest) = m.split_once("rpc error: code = ")?;
        let code = rest.split_whitespace().next()?;
        match code {
            "Unauthenticated" => Some(StatusCode::UNAUTHORIZED),
            "PermissionDenied" => Some(StatusCode::FORBIDDEN),
            _ => None,
        }
    })
}
