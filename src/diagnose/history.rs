//! Key history as evidence: what this process saw the same credential do before.

use crate::explanation::Cause;
use crate::observe::clock;

use super::{Context, Diagnosis};

/// A 401 for a credential that worked earlier at this origin means it was revoked or rotated;
/// a 401 while another credential worked here more recently means this code path still sends
/// an old key. Other causes keep their verdict and gain the history as evidence.
pub(super) fn with_history(ctx: &Context<'_>, mut d: Diagnosis) -> Diagnosis {
    let Some(r) = ctx.history.filter(|r| !r.is_empty()) else {
        return d;
    };
    let status = ctx.status().as_u16();
    let fp = ctx
        .primary()
        .map(|c| c.fingerprint().to_string())
        .unwrap_or_default();
    let worked = r.last_success.map(|t| clock::utc(clock::epoch(t)));
    let newer = r
        .newer_key
        .map(|(f, t)| (f.to_string(), clock::utc(clock::epoch(t))));
    if let Some(at) = &worked {
        d = d.evidence(format!(
            "key history: this credential (fingerprint {fp}) succeeded at this origin at {at}"
        ));
    }
    if let Some((f, at)) = &newer {
        d = d.evidence(format!(
            "key history: another credential (fingerprint {f}) succeeded at this origin at {at}"
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
                "this credential worked at {at} and is rejected now: it was revoked or rotated"
            );
            if let Some((f, t)) = newer {
                s.push_str(&format!(
                    "; a different key (fingerprint {f}) succeeded here at {t}, so this process still sends the old key"
                ));
            }
            d.cause = Cause::RevokedCredentials;
            d.summary = Some(s);
            d.remedies.insert(
                0,
                "load the current key and restart or reload whatever cached the old one (clients built at start-up, connection pools, sidecars)".to_owned(),
            );
        }
        (None, Some((f, t))) => {
            d.summary = Some(format!(
                "the server rejects this credential, while a different key (fingerprint {f}) succeeded at this origin at {t}: part of this process still sends an old or wrong key"
            ));
            d.remedies.insert(
                0,
                format!(
                    "find where this key (fingerprint {fp}) comes from and load the one that works (fingerprint {f}) there too"
                ),
            );
        }
        (None, None) => {}
    }
    d
}
