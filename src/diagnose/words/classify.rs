//! The reading of a body's messages as a whole: which cause they name, the subject that
//! stands beside it, and whether it names it outright.

use crate::explanation::Cause;

use super::super::normalize::{Msg, first_in, near};
use super::super::phrases::{
    CREDENTIAL, EXPIRED, GRANT, INVALID, JUDGE_THE_KEY, MALFORMED, MISSING, NO_VALID, NOT_FOR_THIS,
    REJECTED, RESTRICTED, REVOKED, RULES, SIGNATURE_PREDICATES, STRONG_MISSING, UNAUTHENTICATED,
};
use super::{
    Said, credential_lacks, disclaims, has_ipv4, lists_alternatives, no_credential, subject,
};

pub(crate) fn classify(messages: &[String], credential_present: bool) -> Option<Said> {
    // A message that lists possible reasons ("your key expired, was revoked, your IP is not
    // allowlisted, or your plan…") decides none of them: it is left out.
    let messages: Vec<Msg<'_>> = messages
        .iter()
        .map(|m| Msg::new(m))
        .filter(|m| !lists_alternatives(m) && !disclaims(m))
        .collect();
    let messages = &messages[..];
    // "Incorrect IP address: 198.51.100.45", even inside a signature error: an address named
    // as the thing that is wrong, and the address itself, name the caller's address.
    for n in messages {
        let named = near(
            n.text,
            &["ip", "ip address", "address"],
            &[
                "incorrect",
                "invalid",
                "a valid",
                "illegal",
                "wrong",
                "not allowed",
                "not whitelisted",
                "not allowlisted",
                "not permitted",
                "denied",
            ],
            2,
        );
        // "… but your ip is 203.0.113.57": an error that states the caller's address (in a
        // sentence: a block page's "Your IP: 198.51.100.23" label beside its own "Block reason"
        // states no reason).
        let stated = [
            "your ip is",
            "your ip address is",
            "client ip is",
            "source ip is",
            "caller ip is",
            "request ip is",
            "from ip",
        ]
        .iter()
        .find(|w| n.has(w))
        .or_else(|| {
            // The label form ("Your IP address: … has been banned") with a verdict beside it.
            ["your ip", "client ip", "source ip"]
                .iter()
                .find(|w| n.has(w))
                .filter(|_| {
                    ["banned", "blocked", "blacklisted", "denied", "not allowed"]
                        .iter()
                        .any(|v| n.has(v))
                })
        })
        .map(|w| ("ip", *w));
        // A stated address beside a verdict on the credential ("access_token expired, … from
        // ip: …") is a log detail of that verdict.
        let judged = first_in(n, CREDENTIAL).is_some()
            && [EXPIRED, REVOKED, INVALID]
                .iter()
                .any(|l| first_in(n, l).is_some());
        let stated = stated.filter(|_| !judged);
        if let (true, Some((_, p))) = (has_ipv4(n.text), named.or(stated)) {
            return Some(Said {
                cause: Cause::IpRestricted,
                phrase: format!("{p} … an IP address"),
                named: true,
                by_presence: false,
            });
        }
    }
    // "Invalid JWT audience", "Token issuer mismatch": a claim that names where the token
    // belongs, judged close to its name, whatever credential noun stands beside it: the token
    // was minted for another audience or by another issuer.
    for n in messages {
        if let Some((claim, verdict)) = near(
            n.text,
            &["audience", "aud", "issuer", "iss"],
            &[
                "invalid",
                "mismatch",
                "does not match",
                "not match",
                "wrong",
                "incorrect",
                "unexpected",
                "not allowed",
                "not valid",
            ],
            2,
        ) {
            return Some(Said {
                cause: Cause::WrongEnvironment,
                phrase: format!("{verdict} … {claim}"),
                named: true,
                by_presence: false,
            });
        }
    }
    // "The OTP password entered is not valid": a one-time code judged is that code refused (or
    // expired), not the policy that asks for one.
    for n in messages {
        let code = [
            "otp",
            "one time password",
            "one time code",
            "totp",
            "2fa code",
            "mfa code",
            "verification code",
        ];
        if let Some((_, verdict)) = near(n.text, &code, &["expired", "has expired"], 5) {
            return Some(Said {
                cause: Cause::ExpiredCredentials,
                phrase: format!("one-time code … {verdict}"),
                named: true,
                by_presence: false,
            });
        }
        if let Some((_, verdict)) = near(
            n.text,
            &code,
            &[
                "invalid",
                "not valid",
                "incorrect",
                "wrong",
                "does not match",
            ],
            5,
        ) {
            return Some(Said {
                cause: Cause::InvalidCredentials,
                phrase: format!("one-time code … {verdict}"),
                named: true,
                by_presence: false,
            });
        }
    }
    // "Signature for this request is not valid": a signature and its verdict, close together.
    for n in messages {
        let signature =
            // A body's hash is signed with the request (OAuth 1.0 `oauth_body_hash`).
            near(
                n.text,
                // Hawk's "Bad mac": the request's message authentication code
                &[
                    "signature",
                    "signatures",
                    // "Slack request signing verification failed" (not "signing in")
                    "request signing",
                    "hmac",
                    "mac",
                    "body hash",
                    "payload hash",
                    "hash",
                ],
                SIGNATURE_PREDICATES,
                5,
            )
            .or_else(|| {
                // A signed request's nonce refused ("Nonce must be incremented", "nonce too
                // small"): the replay guard of the signature.
                near(
                    n.text,
                    &["nonce"],
                    &[
                        "must be incremented",
                        "must be increasing",
                        "must be greater",
                        "must be larger",
                        "too small",
                        "too low",
                        "already used",
                        "been used",
                        "reused",
                        "duplicate",
                        "invalid",
                        "not valid",
                        "expired",
                    ],
                    4,
                )
            })
            .or_else(|| {
                // "Invalid KC-API-SIGN": the bare word needs a verdict right beside it
                near(
                    n.text,
                    &["sign"],
                    &[
                        "invalid",
                        "not valid",
                        "mismatch",
                        "incorrect",
                        "wrong",
                        "bad",
                        "not match",
                    ],
                    3,
                )
            });
        if let Some((subject, p)) = signature {
            let subject = if subject == "nonce" {
                "nonce"
            } else {
                "signature"
            };
            return Some(Said {
                cause: Cause::SignatureMismatch,
                phrase: format!("{subject} … {p}"),
                named: true,
                by_presence: false,
            });
        }
    }
    // "Incoming request with IP 203.0.113.77 is not allowed": an address beside a refusal of
    // what is allowed names the caller's address, whatever else the message mentions.
    for n in messages {
        let refusal = || {
            RESTRICTED
                .iter()
                .filter(|p| !JUDGE_THE_KEY.contains(p))
                .find(|p| n.has(p))
        };
        if let (true, Some(p)) = (has_ipv4(n.text), refusal()) {
            return Some(Said {
                cause: Cause::IpRestricted,
                phrase: format!("{p} … an IP address"),
                named: true,
                by_presence: false,
            });
        }
    }
    for rule in RULES {
        for n in messages {
            if let Some(p) = first_in(n, rule.predicates) {
                // "Invalid API-key, IP, or permissions": a bare "invalid" that also names a
                // credential lists alternatives; the credential rules below judge it.
                let listed = p == "invalid" && first_in(n, CREDENTIAL).is_some();
                // "Session terminated, re-login, please": "login" there is an action, and the
                // state belongs to the session, a credential.
                let login_only = rule.cause == Cause::AccountSuspended
                    && subject(n.text, rule.subjects) == Some("login")
                    && CREDENTIAL.iter().any(|w| *w != "login" && n.has(w));
                if !listed
                    && !login_only
                    && (rule.subjects.is_empty() || subject(n.text, rule.subjects).is_some())
                {
                    return Some(Said {
                        cause: rule.cause,
                        phrase: p.to_owned(),
                        named: true,
                        by_presence: false,
                    });
                }
            }
        }
    }
    // A message that lists several states ("expired, revoked, malformed, or invalid") decides
    // nothing between them: the credential was not accepted.
    for n in messages {
        let Some(subject) = first_in(n, CREDENTIAL) else {
            continue;
        };
        let states = [EXPIRED, REVOKED, MALFORMED, INVALID]
            .iter()
            .filter(|list| first_in(n, list).is_some())
            .count();
        if states >= 3 {
            return Some(said(
                Cause::InvalidCredentials,
                "several states listed",
                subject,
            ));
        }
    }
    // A key judged for this resource rather than in itself: valid, but not enabled here.
    for n in messages {
        if let (Some(p), Some(subject)) = (first_in(n, NOT_FOR_THIS), first_in(n, CREDENTIAL)) {
            let negative = ["invalid", "not", "cannot", "unable", "no access"]
                .iter()
                .any(|w| n.has(w));
            // "not authorized to use this endpoint" is a permission; "not able to query this
            // endpoint", "invalid key for this resource" say the key is not enabled there.
            // ("Access is denied for this API key": the key is known, its access refused)
            let permission = [
                "not authorized",
                "not authorised",
                "not permitted",
                "not allowed",
                "denied",
            ]
            .iter()
            .any(|w| n.has(w));
            if permission {
                return Some(said(Cause::InsufficientScope, p, subject));
            }
            if negative {
                return Some(said(Cause::EndpointNotEnabled, p, subject));
            }
        }
    }
    // "The authentication token is missing a user ID", "Invalid access token, does not
    // contain scopes: […]": the credential is there and lacks something; that is no missing
    // credential, and what it lacks outranks a verdict on the whole.
    for n in messages {
        if let Some(p) = credential_lacks(n.text) {
            return Some(Said {
                cause: Cause::InsufficientScope,
                phrase: p,
                named: true,
                by_presence: false,
            });
        }
    }
    // The credential's own state. "Invalid or expired" decides nothing between the two;
    // "expired or revoked" names expiry first. Access or a grant expires or is revoked; that
    // it is "blocked" says nothing of a credential.
    for n in messages {
        let (subject, grant_only) = match first_in(n, CREDENTIAL) {
            Some(s) => (s, false),
            None => match first_in(n, GRANT) {
                Some(s) => (s, true),
                None => continue,
            },
        };
        if grant_only
            && first_in(n, EXPIRED).is_none()
            && first_in(n, &["revoked", "has been revoked"]).is_none()
        {
            continue;
        }
        let invalid = first_in(n, INVALID).is_some();
        if let Some(p) = first_in(n, EXPIRED) {
            // A token that is "not active" has lived out its time (RFC 7662's `active: false`);
            // a key that is "not active" was switched off.
            let switched_off = p == "not active"
                && matches!(
                    subject,
                    "key" | "keys" | "apikey" | "api key" | "access key" | "secret"
                );
            if switched_off && !invalid {
                return Some(said(Cause::RevokedCredentials, p, subject));
            }
            if !invalid || expiry_after_verdict(n, p) {
                return Some(said(Cause::ExpiredCredentials, p, subject));
            }
        }
        // "Disabled API Key": the state said before the credential it is of.
        // So is the state right after it, with at most a word of its duration ("API Key -
        // Temporarily Disabled", a heading's style).
        let disabled_before = || {
            n.has("disabled")
                .then(|| {
                    CREDENTIAL.iter().any(|c| {
                        n.has(&format!("disabled {c}"))
                            || ["", "temporarily ", "permanently "]
                                .iter()
                                .any(|w| n.has(&format!("{c} {w}disabled")))
                    })
                })
                .filter(|b| *b)
                .map(|_| "disabled")
        };
        if let Some(p) = first_in(n, REVOKED).or_else(disabled_before) {
            // "Local authentication is disabled", "password login is disabled": a way of
            // signing in switched off, not a credential revoked.
            let method_off = matches!(
                subject,
                "auth" | "authentication" | "authorization" | "login"
            ) && matches!(p, "is disabled" | "been disabled" | "deactivated");
            // (after a verdict, a revocation may come later than the first phrase found:
            // "This API token became invalid on …: … was automatically invalidated")
            let revocation = if invalid {
                REVOKED
                    .iter()
                    .copied()
                    .find(|q| n.has(q) && revocation_after_verdict(n, q))
            } else {
                Some(p)
            };
            if let (false, None, Some(p)) = (method_off, first_in(n, EXPIRED), revocation) {
                return Some(said(Cause::RevokedCredentials, p, subject));
            }
        }
    }
    for n in messages {
        // "missing or malformed API Key" to a request that sent none: of a credential not
        // sent, only the first can be true.
        let missing_too = first_in(n, MISSING).is_some();
        // ("malformed or otherwise invalid": the form is one way among others to be invalid)
        if n.has("or otherwise") {
            continue;
        }
        if let (Some(p), Some(subject), false) = (
            first_in(n, MALFORMED),
            first_in(n, CREDENTIAL),
            missing_too && !credential_present,
        ) {
            return Some(Said {
                by_presence: missing_too,
                ..said(Cause::MalformedCredentials, p, subject)
            });
        }
        // "Bad HTTP authentication header format": a verdict on the format, a few words on.
        let format = near(
            n.text,
            &["format", "formatted"],
            &["bad", "invalid", "wrong", "incorrect", "unexpected"],
            5,
        );
        if let (Some((_, p)), Some(subject)) = (format, first_in(n, CREDENTIAL)) {
            return Some(said(Cause::MalformedCredentials, p, subject));
        }
    }
    for n in messages {
        // "authentication not found in headers", "failed to resolve the API key": the server
        // looked where it reads the credential and found none.
        // "missing authentication, or failed to authenticate" judges the one that was sent
        // "Please enter valid credentials", "A valid 'ApiSecret' header is required": `valid`
        // before the credential (within three words) asks for a good one as well as the
        // listed phrases do.
        let valid_before = || {
            [" valid ", " proper ", " correct "]
                .into_iter()
                .find_map(|a| {
                    memchr::memmem::find_iter(n.text.as_bytes(), a.as_bytes()).find_map(|i| {
                        let rest = &n.text[i + a.len()..];
                        let next: Vec<&str> = rest.split_whitespace().take(3).collect();
                        let next = format!(" {} ", next.join(" "));
                        CREDENTIAL
                            .iter()
                            .any(|c| next.contains(&format!(" {c} ")))
                            .then(|| a.trim())
                    })
                })
        };
        let strong_invalid = ["invalid", "incorrect", "wrong", "expired", "revoked"]
            .iter()
            .any(|w| n.has(w))
            || (credential_present && first_in(n, REJECTED).is_some())
            // "no valid credential was found in the Authorization header": one was, and it
            // was not valid
            || (credential_present && first_in(n, NO_VALID).is_some())
            // "a valid … header is required" to a request that sent one: it was not valid
            // (unless the message says it is missing: "Missing API key. Please use a valid …")
            || (credential_present && valid_before().is_some() && !n.has("missing"));
        if let (Some(p), Some(subject), false) = (
            first_in(n, STRONG_MISSING),
            first_in(n, CREDENTIAL),
            strong_invalid,
        ) {
            return Some(said(Cause::MissingCredentials, p, subject));
        }
        if let (Some(p), Some(subject)) = (
            first_in(n, NO_VALID).or_else(|| valid_before().filter(|_| !n.has("missing"))),
            first_in(n, CREDENTIAL),
        ) {
            let cause = if credential_present {
                Cause::InvalidCredentials
            } else {
                Cause::MissingCredentials
            };
            return Some(Said {
                by_presence: true,
                ..said(cause, p, subject)
            });
        }
        if let Some(p) = first_in(n, UNAUTHENTICATED) {
            let cause = if credential_present {
                Cause::InvalidCredentials
            } else {
                Cause::MissingCredentials
            };
            return Some(Said {
                cause,
                phrase: p.to_owned(),
                named: false,
                by_presence: true,
            });
        }
        // "Parameter integration_key not found": the parameter that carries the key was not
        // found in the request, whatever was sent under another name.
        if let (Some((_, p)), Some(subject)) = (
            near(
                n.text,
                &["parameter", "param", "header", "field"],
                &["not found", "not present", "not provided"],
                4,
            ),
            first_in(n, CREDENTIAL),
        ) {
            return Some(said(Cause::MissingCredentials, p, subject));
        }
        // "no such key", "key not found" judge a credential that was read
        if first_in(n, INVALID).is_some() || (credential_present && first_in(n, REJECTED).is_some())
        {
            continue;
        }
        if let Some(subject) = no_credential(n.text) {
            return Some(said(Cause::MissingCredentials, "no", subject));
        }
        if let (Some(p), Some(subject)) = (first_in(n, MISSING), first_in(n, CREDENTIAL)) {
            return Some(said(Cause::MissingCredentials, p, subject));
        }
    }
    for n in messages {
        if let Some(p) = first_in(n, REJECTED) {
            return Some(Said {
                cause: Cause::InvalidCredentials,
                phrase: p.to_owned(),
                named: false,
                by_presence: false,
            });
        }
        if let (Some(p), Some(subject)) = (first_in(n, INVALID), first_in(n, CREDENTIAL)) {
            return Some(said(Cause::InvalidCredentials, p, subject));
        }
    }
    None
}

fn said(cause: Cause, predicate: &str, subject: &str) -> Said {
    Said {
        cause,
        phrase: format!("{predicate} … {subject}"),
        named: true,
        by_presence: false,
    }
}

/// Where a message gives a verdict and then a reason of its own, the text between them:
/// the verdict's word (`INVALID`) before the reason's phrase, and no "or" that would make
/// them alternatives ("invalid or expired token").
fn after_verdict<'t>(n: &Msg<'t>, reason: &str) -> Option<&'t str> {
    if n.has("or") {
        return None;
    }
    let text = n.text;
    let verdict = INVALID
        .iter()
        .filter_map(|v| text.find(&format!(" {v} ")))
        .min()?;
    let at = text.rfind(&format!(" {reason} "))?;
    (verdict < at).then(|| &text[verdict..at])
}

/// Whether the reason after a verdict is the credential's expiry ("Invalid token: jwt
/// expired", "Token invalid - token has expired"): a second noun of a credential right
/// before the expiry ("invalid expired token" has none).
fn expiry_after_verdict(n: &Msg<'_>, expired: &str) -> bool {
    let Some(between) = after_verdict(n, expired) else {
        return false;
    };
    let words: Vec<&str> = between.split_whitespace().skip(1).collect();
    // (skipping "has", "is", "was" between the noun and its state)
    let noun = words
        .iter()
        .rev()
        .find(|w| !matches!(**w, "has" | "have" | "is" | "was" | "been" | "already"));
    noun.is_some_and(|w| CREDENTIAL.contains(w)) && credential_nouns_before(n, expired) >= 2
}

/// The credential nouns a message names before `phrase`.
fn credential_nouns_before(n: &Msg<'_>, phrase: &str) -> usize {
    let at = n.text.rfind(&format!(" {phrase} ")).unwrap_or(n.text.len());
    n.text[..at]
        .split_whitespace()
        .filter(|w| CREDENTIAL.contains(w))
        .count()
}

/// Whether the reason after a verdict is a revocation ("Invalid session [Invalidated session.
/// JWT … was already invalidated]", "Invalid token: token has been revoked"): a word of one,
/// with words between it and the verdict.
fn revocation_after_verdict(n: &Msg<'_>, revoked: &str) -> bool {
    matches!(
        revoked,
        "revoked"
            | "has been revoked"
            | "invalidated"
            | "blacklisted"
            | "denylisted"
            | "blocklisted"
    ) && after_verdict(n, revoked).is_some_and(|between| between.split_whitespace().count() >= 3)
}
