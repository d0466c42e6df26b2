//! Assembling the [`Explanation`] from the winning [`Diagnosis`]: evidence lines, remedies,
//! scopes, request id and the credential, every string scrubbed.

use crate::explanation::{Cause, Confidence, CredentialInfo, Explanation, Outcome};
use crate::observe::scopes;
use crate::preflight::Finding;
use crate::redact;

use super::{Context, Diagnosis};

pub(super) fn assemble(ctx: &Context<'_>, d: Diagnosis) -> Explanation {
    // Every string stored below goes through the scrubber: server text may echo a secret.
    let mut scrubber =
        redact::Scrubber::for_credentials(ctx.credentials, ctx.sensitive_params).with_url(ctx.url);
    // Without a redirect the final URL is the same one: its secrets are known already.
    if ctx.final_url != ctx.url {
        scrubber = scrubber.with_url(ctx.final_url);
    }
    let scrub = |s: &str| scrubber.scrub(s);
    let ev = ctx.evidence;
    let headers = &ev.headers;
    let mut lines: Vec<String> = Vec::with_capacity(d.evidence.len() + 2);
    if let Some((wire, _, why)) = &ev.gated {
        if !why.is_empty() {
            lines.push(format!(
                "{why}: an auth failure in a {} response",
                wire.as_u16()
            ));
        }
    }
    lines.extend(d.evidence.iter().cloned());
    lines.extend(ev.challenges.iter().map(challenge_line));
    let mut evidence: Vec<String> = Vec::with_capacity(lines.len() + 4);
    let mut push = |line: String| {
        if !evidence.contains(&line) {
            evidence.push(line);
        }
    };
    for l in &lines {
        push(redact::evidence_line(l, &scrubber));
    }
    for n in ev.challenge_notes.iter().chain(ev.body.note.iter()) {
        push(scrub(n));
    }
    if d.cause == Cause::SignatureMismatch {
        if let Some(line) = super::time::stale_signed_time(ctx) {
            push(line);
        }
    }
    if let Some((from, to)) = &ev.redirected_from {
        push(scrub(&format!("redirected from {from} to {to}")));
    }
    let required = required_scopes(ctx, &d);
    let granted = granted_scopes(ctx, &d);
    if d.cause == Cause::InsufficientScope
        && !required.is_empty()
        && !granted.is_empty()
        && !required.iter().any(|r| granted.contains(r))
    {
        push(scrub(&format!(
            "scope diff: the credential has {}; the endpoint requires {}",
            granted.join(" "),
            required.join(" ")
        )));
    }
    let generic: &[&str] = match d.cause.remedies() {
        _ if d.only_specific_remedies && !d.remedies.is_empty() => &[],
        // No generic remedy after its specific twin.
        [_, rest @ ..] if !d.remedies.is_empty() && d.cause.first_remedy_is_generic_twin() => rest,
        all => all,
    };
    // Remedies built from server text are scrubbed; the crate's own sentences are kept as they
    // are (a word they share with a secret, "session", is no echo).
    let mut remedies: Vec<String> = Vec::new();
    let specific = d.remedies.iter().map(|r| own_or_scrubbed(r, &scrub));
    for r in specific.chain(generic.iter().map(|r| (*r).to_owned())) {
        if !remedies.contains(&r) {
            remedies.push(r);
        }
    }
    // Retry-After takes precedence over reset times (draft-ietf-httpapi-ratelimit-headers
    // §7), then what the rule read from provider headers or the body.
    let retry_after_s = headers
        .retry_after_s
        .or(d.retry_after_s)
        .or(if d.cause == Cause::RateLimited {
            headers.rate_limit_reset_s
        } else {
            None
        })
        // "Please wait 5 minutes before trying again" beside a temporary block.
        .or_else(|| super::rules::text_wait_s(ctx));
    // A known wait is the remedy itself, in place of the generic "wait before retrying".
    if let (Cause::RateLimited, Some(wait), true) = (d.cause, retry_after_s, d.remedies.is_empty())
    {
        let generic = Cause::RateLimited.remedies();
        remedies.retain(|r| r != generic[0]);
        remedies.insert(
            0,
            format!(
                "wait {wait} s before retrying, as the server says; then back off exponentially"
            ),
        );
    }
    let request_id = d
        .request_id
        .clone()
        .or_else(|| headers.request_id.as_ref().map(|(_, v)| v.clone()))
        .or_else(|| {
            BODY_REQUEST_ID_KEYS
                .iter()
                // (a problem's `instance` that is only the request's own path names no
                // occurrence: `"instance": "/v1/documents"`)
                .find_map(|k| {
                    ev.body
                        .field(k)
                        .filter(|v| *k != "instance" || !is_the_request_path(ctx.url, v))
                })
                .filter(|v| v.len() <= 200)
                .map(str::to_owned)
        })
        // Names of the same family under a provider's prefix (`fbtrace_id`, `operation_id`).
        .or_else(|| {
            ev.body
                .fields
                .iter()
                .find(|(k, v)| {
                    let k = k.to_ascii_lowercase().replace(['-', '_'], "");
                    // FedEx's `transactionId`: the id of this exchange with the API.
                    // NiceHash's `error_id`, Todoist's `event_id`: the occurrence to quote
                    // to support.
                    ([
                        "traceid",
                        "requestid",
                        "operationid",
                        "correlationid",
                        "transactionid",
                        "errorid",
                        "eventid",
                        "incidentid",
                        "supportid",
                        // MicroStrategy's `ticketId`: the occurrence to quote to support
                        "ticketid",
                        // Gigya's `callId`, Conjure-style `apiResponseID`, Betfair's
                        // `requestUUID`, a `txid`: this call's own id
                        "callid",
                        "responseid",
                        "requestuuid",
                        "txid",
                        // Yodlee's `referenceCode`, `exVeErrorRef`: the reference to quote
                        "referencecode",
                        "errorref",
                    ]
                    .iter()
                    .any(|e| k.ends_with(e))
                        // (a `trace` that is one identifier, not a stack trace)
                        || k == "trace")
                        && is_identifier(v)
                })
                .map(|(_, v)| v.clone())
        })
        // A UUID under a name that says whose it is (`"uuid"` of the error, `"request"`).
        .or_else(|| {
            ev.body
                .fields
                .iter()
                .find(|(k, v)| {
                    ["uuid", "request", "requestuuid", "erroruuid"]
                        .iter()
                        .any(|n| k.replace(['-', '_'], "").eq_ignore_ascii_case(n))
                        && crate::credential::is_uuid(v)
                })
                .map(|(_, v)| v.clone())
        })
        .or_else(|| ev.body.messages.iter().find_map(|m| request_id_in_text(m)))
        // A "message" that is nothing but a UUID (App Center) is the occurrence's id.
        .or_else(|| {
            ev.body
                .messages
                .iter()
                .map(|m| m.trim())
                .find(|m| crate::credential::is_uuid(m))
                .map(str::to_owned)
        })
        // An error's `id` that reads as an identifier (digits, no spaces) names its
        // occurrence; a word there is a code (`"id": "unauthorized"`).
        .or_else(|| {
            let json = ev.body.json.as_ref()?;
            // At the top, on the first of JSON:API-style `errors`, or on an `error` object.
            // Or on the `request` the body reports (`"request": {"id": "req_…"}`).
            let id = json
                .get("id")
                .or_else(|| json.get("errors")?.get(0)?.get("id"))
                .or_else(|| json.get("error")?.get("id"))
                .or_else(|| json.get("request")?.get("id"))?
                .as_str()?;
            is_identifier(id).then(|| id.to_owned())
        })
        .map(|v| scrub(&v));
    let summary = match &d.summary {
        Some(s) => own_or_scrubbed(s, &scrub),
        None => d.cause.summary().to_owned(),
    };
    Explanation {
        outcome: Outcome::Explained,
        // The status on the wire; a gated failure's rules read the status it stands for.
        status: Some(
            ev.gated
                .as_ref()
                .map_or(ctx.status(), |(wire, _, _)| *wire)
                .as_u16(),
        ),
        cause: Some(d.cause),
        confidence: Some(
            if matches!(
                d.cause,
                Cause::UnknownUnauthorized | Cause::UnknownForbidden
            ) {
                Confidence::Low
            } else {
                d.confidence
            },
        ),
        summary,
        evidence,
        remedies,
        method: ctx.method.to_string(),
        url: scrubber.scrub_url(redact::redact_url(ctx.url, ctx.sensitive_params)),
        credential: ctx.primary().map(CredentialInfo::from),
        findings: ctx
            .findings
            .iter()
            .map(|f| Finding {
                message: scrub(&f.message),
                ..f.clone()
            })
            .collect(),
        required_scopes: required.iter().map(|s| scrub(s)).collect(),
        granted_scopes: granted.iter().map(|s| scrub(s)).collect(),
        retry_after_s,
        request_id,
        server_message: ev.body.primary_message().map(scrub),
        provider: d.provider.or_else(|| ctx.provider()).map(str::to_owned),
        docs_url: docs_url(ev).map(scrub),
    }
}

/// Body fields in which servers link the documentation of an error.
const DOCS_URL_KEYS: &[&str] = &[
    "documentation_url",
    "documentationUrl",
    "doc_url",
    "docs_url",
    "docUrl",
    "more_info",
    "moreInfo",
    "help_url",
    "helpUrl",
    "documentation",
    "doc",
    "docs",
];

/// The documentation link of the error: an `https` URL of bounded length in a field named for
/// it.
fn docs_url(ev: &crate::observe::Evidence) -> Option<&str> {
    DOCS_URL_KEYS.iter().find_map(|k| {
        ev.body.field(k).filter(|v| {
            v.len() <= 300 && v.starts_with("https://") && !v.contains(char::is_whitespace)
        })
    })
}

/// Whether a value reads as an identifier: 8 to 200 characters with a digit, no spaces.
fn is_identifier(id: &str) -> bool {
    id.len() >= 8
        && id.len() <= 200
        && id.bytes().any(|b| b.is_ascii_digit())
        && !id.contains(char::is_whitespace)
}

/// A request id written in a text body (`request_id: "69ee…"`, `RequestId=ABC123`).
fn request_id_in_text(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = [
        "request_id",
        "requestid",
        "request-id",
        "request id",
        "reqid",
        "trace id",
        "correlation id",
        "error id",
        "incident id",
        // Azure's "TrackingId:5c3e…_G12" and "ActivityId: …" inside a fault's text
        "trackingid",
        "tracking id",
        "activityid",
        "activity id",
    ]
    .iter()
    .find_map(|k| lower.find(k).map(|i| i + k.len()))?;
    let rest = text[at..].trim_start_matches(['"', '\'', ':', '=', ' ']);
    let id: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(100)
        .collect();
    (id.len() >= 6 && id.chars().any(|c| c.is_ascii_digit())).then_some(id)
}

/// Whether a problem's `instance` is the request's own path or URL (RFC 9457 §3.1.5 lets it
/// be any URI reference; some servers put the request's path there).
fn is_the_request_path(url: &url::Url, v: &str) -> bool {
    let v = v.split(['?', '#']).next().unwrap_or(v);
    let v = v
        .strip_prefix(url.origin().ascii_serialization().as_str())
        .unwrap_or(v);
    v.trim_end_matches('/') == url.path().trim_end_matches('/')
}

/// Body fields that carry the request id when no header does.
const BODY_REQUEST_ID_KEYS: &[&str] = &[
    "request_id",
    "req_id",
    "clientRequestId",
    "client_request_id",
    "requestId",
    "RequestId",
    "correlationId",
    "errorId",
    "traceId",
    "trace_id",
    "log_id",
    "logId",
    "refId",
    "ref_id",
    // Tuya and others: the trace id of the call
    "tid",
    // Conjure's error format (Palantir): the id of this occurrence of the error
    "errorInstanceId",
    // RFC 9457 §3.1.5: the occurrence of the problem.
    "instance",
];

/// Scopes the endpoint requires: the rule's, else the RFC 6750 `scope` challenge parameter (on
/// scope and missing-credential causes), else what the server's messages name.
fn required_scopes(ctx: &Context<'_>, d: &Diagnosis) -> Vec<String> {
    if !d.required_scopes.is_empty() {
        return d.required_scopes.clone();
    }
    // RFC 6750 §3: a challenge's `scope` is the scope the resource requires, whatever the
    // cause (a wrong scheme, a missing token).
    if let Some(s) = ctx.evidence.bearer_param("scope") {
        return s.split_whitespace().take(64).map(str::to_owned).collect();
    }
    if !matches!(
        d.cause,
        Cause::InsufficientScope | Cause::MissingCredentials | Cause::OrganizationPolicy
    ) {
        return Vec::new();
    }
    // GitHub's `X-Accepted-OAuth-Scopes`: what the endpoint accepts, whatever else refused.
    if let Some(a) = ctx
        .evidence
        .headers
        .accepted_scopes
        .as_ref()
        .filter(|a| !a.is_empty())
    {
        return a.clone();
    }
    if d.cause != Cause::InsufficientScope {
        return Vec::new();
    }
    let listed = named_required_scopes(ctx);
    if !listed.is_empty() {
        return listed;
    }
    let listed = body_scopes(ctx, REQUIRED_SCOPE_FIELDS);
    if !listed.is_empty() {
        return listed;
    }
    // RFC 6750's error in a JSON body: `"error": "insufficient_scope"` beside `"scope"`, as the
    // challenge would carry it.
    if let Some(j) = ctx.evidence.body.json.as_ref() {
        if j.get("error").and_then(|e| e.as_str()) == Some("insufficient_scope") {
            if let Some(s) = j.get("scope").and_then(|s| s.as_str()) {
                return s.split_whitespace().take(64).map(str::to_owned).collect();
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for m in &ctx.evidence.body.messages {
        for s in scopes::required_from_message(m) {
            if !out.contains(&s) && out.len() < 64 {
                out.push(s);
            }
        }
    }
    out
}

/// Scopes the credential has: the rule's, else `X-OAuth-Scopes`, else the JWT's `scope`/`scp`,
/// else what the server's messages say.
fn granted_scopes(ctx: &Context<'_>, d: &Diagnosis) -> Vec<String> {
    if !d.granted_scopes.is_empty() {
        return d.granted_scopes.clone();
    }
    if let Some(g) = ctx
        .evidence
        .headers
        .granted_scopes
        .as_ref()
        .filter(|g| !g.is_empty())
    {
        return g.clone();
    }
    if let Some(c) = ctx.jwt().filter(|c| !c.scopes.is_empty()) {
        return c.scopes.into_iter().take(64).collect();
    }
    if d.cause == Cause::InsufficientScope {
        let listed = body_scopes(ctx, GRANTED_SCOPE_FIELDS);
        if !listed.is_empty() {
            return listed;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for s in ctx
        .evidence
        .body
        .messages
        .iter()
        .flat_map(|m| scopes::granted_from_message(m))
    {
        if out.len() < 64 && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Body fields that list the scopes an endpoint requires by a name of one word (Slack's
/// `needed`); longer names are read by [`names_required_scopes`].
const REQUIRED_SCOPE_FIELDS: &[&str] = &["needed", "required"];

/// Whether a body field's name says it lists what an endpoint requires: a word of a scope or
/// a permission beside a word of need, in either order and any case convention
/// (`required_scopes`, `requiredGranularScopes`, `missingScopes`, `permission_required`).
fn names_required_scopes(name: &str) -> bool {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in name.chars().take(64) {
        if c.is_ascii_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    words.push(word);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    has(&["scope", "scopes", "permission", "permissions"])
        && has(&["required", "missing", "needed", "expected"])
}

/// The scopes listed under a field whose name alone says it lists required scopes
/// (`required_scopes`, not a bare `required` or `needed`).
pub(super) fn named_required_scopes(ctx: &Context<'_>) -> Vec<String> {
    scopes_under(ctx, names_required_scopes)
}

/// The scopes listed under the body's fields whose name `named` accepts: array items, or one
/// string split on commas and spaces.
fn scopes_under(ctx: &Context<'_>, named: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, v) in ctx.evidence.body.fields.iter().filter(|(k, _)| named(k)) {
        for s in v.split([',', ' ']).filter(|s| !s.is_empty()) {
            if out.len() < 64 && !out.iter().any(|o| o == s) {
                out.push(s.to_owned());
            }
        }
    }
    out
}

/// Body fields that list the scopes the credential has (Slack's `provided`).
const GRANTED_SCOPE_FIELDS: &[&str] = &[
    "granted_scopes",
    "grantedScopes",
    "provided",
    "granted",
    "current_scopes",
    "token_scopes",
    // beside `required`, what the caller has (moleculer-web's `INSUFFICIENT_ROLE`:
    // `{"required": "admin", "actual": "viewer"}`)
    "actual",
];

/// The scopes the body lists under the first of `fields` it has: array items, or one string
/// split on commas and spaces.
fn body_scopes(ctx: &Context<'_>, fields: &[&str]) -> Vec<String> {
    for f in fields {
        let mut out: Vec<String> = Vec::new();
        for v in ctx.evidence.body.fields_named(f) {
            for s in v.split([',', ' ']).filter(|s| !s.is_empty()) {
                if out.len() < 64 && !out.iter().any(|o| o == s) {
                    out.push(s.to_owned());
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

fn challenge_line(c: &crate::observe::Challenge) -> String {
    let name = if c.proxy {
        "Proxy-Authenticate"
    } else {
        "WWW-Authenticate"
    };
    let mut s = format!("{name}: {}", c.scheme);
    if let Some(t) = &c.token68 {
        s.push(' ');
        s.push_str(t);
    }
    for (i, (k, v)) in c.params.iter().enumerate() {
        s.push_str(if i == 0 { " " } else { ", " });
        s.push_str(&format!("{k}=\"{}\"", v.replace('"', "\\\"")));
    }
    s
}

/// A sentence of this crate's own (borrowed: written in the source) as it is; one built from
/// anything else (owned: it may quote the server or the request) scrubbed.
#[allow(clippy::ptr_arg)] // whether it is borrowed is the point
fn own_or_scrubbed(s: &std::borrow::Cow<'static, str>, scrub: &impl Fn(&str) -> String) -> String {
    match s {
        std::borrow::Cow::Borrowed(own) => (*own).to_owned(),
        std::borrow::Cow::Owned(built) => scrub(built),
    }
}
