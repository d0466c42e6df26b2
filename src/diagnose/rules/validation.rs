//! A schema validator's error that names a credential's field: the server checked the
//! credential's presence or form before any verdict on its value.

use crate::credential::{self, Credential, Location};
use crate::explanation::Cause;
use crate::observe::validation::{FieldError, Verdict, field_errors};

use super::super::{Context, Diagnosis, with_server_said};

/// How a refused field relates to the request's credentials.
enum Place {
    /// The request sent a credential under that name.
    Sent,
    /// No credential went under that name, and the name is a credential's.
    Expected,
}

/// The field's relation to the request's credentials, if it is a credential's field:
/// compared without case and with `-` and `_` alike (`x_api_key` is `X-Api-Key`).
fn place_of(field: &str, credentials: &[Credential]) -> Option<Place> {
    let same = |a: &str, b: &str| {
        a.len() == b.len()
            && a.bytes().zip(b.bytes()).all(|(x, y)| {
                let fold = |c: u8| {
                    if c == b'_' {
                        b'-'
                    } else {
                        c.to_ascii_lowercase()
                    }
                };
                fold(x) == fold(y)
            })
    };
    let sent = credentials.iter().any(|c| match &c.location {
        Location::Header(h) => same(h.as_str(), field),
        Location::Query(n) | Location::Body(n) | Location::Cookie(n) => same(n, field),
        _ => false,
    });
    if sent {
        return Some(Place::Sent);
    }
    let named_for_one = field == "authorization"
        || http::HeaderName::from_bytes(field.replace('_', "-").as_bytes())
            .is_ok_and(|h| credential::is_word_header(&h))
        || credential::is_word_param(field);
    named_for_one.then_some(Place::Expected)
}

/// The refused fields of the response that are a credential's.
pub(crate) fn credential_field_errors(
    json: &serde_json::Value,
    credentials: &[Credential],
) -> Vec<(FieldError, bool)> {
    field_errors(json)
        .into_iter()
        .filter_map(|e| {
            let sent = matches!(place_of(&e.field, credentials)?, Place::Sent);
            Some((e, sent))
        })
        .collect()
}

/// A validation error that refuses a credential's field: absent when the request did not send
/// it (`missing_credentials`), malformed when it did and the rule broken is one of form (a
/// pattern, a length).
pub(in crate::diagnose) fn credential_field_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    let json = ctx.evidence.body.json.as_ref()?;
    let credentials: Vec<Credential> = ctx.origin_credentials().cloned().collect();
    // A request that authenticates in a header (`Authorization`, a key header) may carry
    // other keys as its payload (a connector's `api_key` to store, a `key` parameter of a
    // config API): a validation error on a field of its query or body is the payload's.
    let header_credential = credentials
        .iter()
        .any(|c| matches!(&c.location, Location::Header(h) if *h != http::header::COOKIE));
    let in_header = |field: &str| {
        credentials.iter().any(|c| {
            matches!(&c.location, Location::Header(h)
                if h.as_str().eq_ignore_ascii_case(&field.replace('_', "-")))
        })
    };
    let (error, _) = credential_field_errors(json, &credentials)
        .into_iter()
        .find(|(e, sent)| match e.verdict {
            Verdict::Missing => !sent && !header_credential,
            Verdict::Malformed => *sent && (!header_credential || in_header(&e.field)),
        })?;
    let field = &error.field;
    let d = match error.verdict {
        Verdict::Missing => Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server's validation reports `{field}` missing: the request did not send the credential there"
            ))
            .evidence(format!("a validation error locates `{field}` and names the rule of a required field"))
            .remedy(format!("send the credential as `{field}`, where the API's schema expects it")),
        Verdict::Malformed => {
            Diagnosis::new(Cause::MalformedCredentials)
                .summary(format!(
                    "the server's validation refuses the form of `{field}`, the credential this request sent: its pattern or length is not the one the API expects"
                ))
                .evidence(format!("a validation error locates `{field}`, which carried the request's credential, and names a rule of form (a pattern, a length)"))
                .remedy("check the credential's value is whole and of the right kind: copied entirely, without a prefix or quotes, and the key this API issues")
        }
    };
    Some(with_server_said(d, ctx))
}
