//! Key history as evidence: what this process saw the same credential do before, at the same
//! endpoint (origin, method and path template).

use std::time::SystemTime;

use crate::explanation::{Cause, Confidence};
use crate::observe::clock;

use super::{Context, Diagnosis};

/// When `t` was, as `12:00:00 UTC (10 min ago)`.
fn when(t: SystemTime, now: SystemTime) -> String {
    let ago = now.duration_since(t).map(|d| d.as_secs()).unwrap_or(0);
    format!(
        "{} ({} ago)",
        clock::utc(clock::epoch(t)),
        clock::human_duration(ago)
    )
}

/// A 401 for a credential that succeeded earlier at this very endpoint means it was revoked or
/// rotated; a 401 while the one other credential used at this endpoint succeeded more recently
/// means this code path still sends an old key. Both are inferences (medium confidence), and
/// only a generic verdict gives way to them: a server that names a reason keeps it. Other
/// causes gain the history as evidence.
pub(super) fn with_history(ctx: &Context<'_>, mut d: Diagnosis) -> Diagnosis {
    let Some(r) = ctx.history.filter(|r| !r.is_empty()) else {
        return d;
    };
    let status = ctx.status().as_u16();
    let fp = ctx
        .primary()
        .map(|c| c.fingerprint().to_string())
        .unwrap_or_default();
    // The path as the explanation shows it (redacted: a path may hold a token).
    let path = url::Url::parse(&crate::redact::redact_url(ctx.url, ctx.sensitive_params))
        .map(|u| u.path().to_owned())
        .unwrap_or_default();
    let endpoint = format!("{} {path}", ctx.method);
    let worked = r.last_success.map(|t| when(t, ctx.now));
    let newer = r.newer_key.map(|(f, t)| (f.to_string(), when(t, ctx.now)));
    if let Some(at) = &worked {
        d = d.evidence(format!(
            "key history: this credential (fingerprint {fp}) got a success from {endpoint} at {at}"
        ));
    }
    if let Some((f, at)) = &newer {
        d = d.evidence(format!(
            "key history: the one other credential used at {endpoint} (fingerprint {f}) got a success there at {at}"
        ));
    }
    if status != 401 {
        return d;
    }
    let replaceable = matches!(
        d.cause,
        Cause::InvalidCredentials | Cause::UnknownUnauthorized | Cause::RevokedCredentials
    );
    if !replaceable {
        return d;
    }
    match (&worked, &newer) {
        (Some(at), newer) => {
            let mut s = format!(
                "this credential got a success from {endpoint} at {at} and is rejected there now: it was probably revoked or rotated"
            );
            if let Some((f, t)) = newer {
                s.push_str(&format!(
                    "; the one other key used there (fingerprint {f}) succeeded at {t}, so this process may still send the old key"
                ));
            }
            d.cause = Cause::RevokedCredentials;
            d.confidence = Confidence::Medium;
            d.summary = Some(s.into());
            d.remedies.insert(
                0,
                "load the current key and restart or reload whatever cached the old one (clients built at start-up, connection pools, sidecars)".into(),
            );
        }
        (None, Some((f, t))) => {
            d.summary = Some(format!(
                "the server rejects this credential, while the one other key used at {endpoint} (fingerprint {f}) succeeded there at {t}: part of this process probably still sends an old or wrong key"
            ).into());
            d.remedies.insert(
                0,
                format!(
                    "find where this key (fingerprint {fp}) comes from and load the one that works at {endpoint} (fingerprint {f}) there too"
                ).into(),
            );
        }
        (None, None) => {}
    }
    d
}
