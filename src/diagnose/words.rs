//! What servers say in words: phrases matched on whole words, each of which must name its
//! subject (a key, a token, an account, a scope, …) in the same message.
//!
//! Every message and code of the body (and the RFC 6750 `error_description`) is normalized
//! once: lowercased, camelCase and snake_case split into words (`InvalidSignatureException` →
//! `invalid signature exception`, `token_expired` → `token expired`), `n't` spelled out, and
//! every other character turned into a single space. A rule then needs one of its predicates
//! (`expired`, `revoked`, `not provided`, …) as a run of whole words and, unless the predicate
//! names its subject itself (`bad credentials`, `insufficient scope`), one of its subjects as
//! a whole word in the same message. So "Invalid request" says nothing about the credential,
//! "Invalid API key" does, and "ipsum" never reads as "ip".
//!
//! HTML bodies speak only through their title and headings (see
//! [`Body`](crate::observe::Body)): navigation, footers and a stock page's boilerplate carry no
//! weight.

use crate::explanation::Cause;

use super::Context;

/// Words that name a credential.
const CREDENTIAL: &[&str] = &[
    "key",
    "keys",
    "apikey",
    "api key",
    "access key",
    "token",
    "tokens",
    "jwt",
    "password",
    "passphrase",
    "credential",
    "credentials",
    "secret",
    "auth",
    "authentication",
    "authorization",
    "session",
    "cookie",
    "bearer",
    "username",
    "user name",
    "login",
];

/// Words that name an account or its holder.
const ACCOUNT: &[&str] = &[
    "account",
    "accounts",
    "user",
    "organization",
    "organisation",
    "org",
    "team",
    "workspace",
    "tenant",
    "customer",
    "member",
    "developer",
    "login",
    // the word in Spanish, Portuguese, French, German
    "cuenta",
    "conta",
    "compte",
    "konto",
    "project",
    "subscriber",
    "app",
    "application",
];

/// Words that name an API, a service or a feature.
const SERVICE: &[&str] = &[
    "api",
    "apis",
    "service",
    "endpoint",
    "feature",
    "product",
    "method",
    "integration",
    "module",
];

/// Predicates that say something is not allowed from somewhere.
const RESTRICTED: &[&str] = &[
    "unauthorized",
    "unauthorised",
    "not allowed",
    "not allow",
    "does not allow",
    "disallowed",
    "not permitted",
    "blocked",
    "denied",
    "restricted",
    "restriction",
    "restrictions",
    "not in",
    "not whitelisted",
    "not allowlisted",
    "not authorized",
    "forbidden",
    "whitelist",
    "allowlist",
    "allow list",
    "white list",
    "access list",
    "rejected",
    "mismatch",
    "does not match",
    "not match",
    "invalid",
];

/// One rule: a cause, the predicates that say it, and the subjects one of which must stand in
/// the same message (empty: the predicate names its subject itself).
struct Rule {
    cause: Cause,
    predicates: &'static [&'static str],
    subjects: &'static [&'static str],
}

/// The rules, most specific first: a state of the account or plan before a judgement on the
/// credential, and "invalid" last of all.
const RULES: &[Rule] = &[
    Rule {
        cause: Cause::SignatureMismatch,
        predicates: &[
            "signature does not match",
            "signature mismatch",
            "signatures do not match",
            "invalid signature",
            "signature is invalid",
            "signature invalid",
            "signature is not valid",
            "signature not valid",
            "incorrect signature",
            "wrong signature",
            "bad signature",
            "signature verification failed",
            "signature verification failure",
            "could not verify signature",
            "could not verify the signature",
            "incomplete signature",
            "invalid sign",
            "sign error",
            "sign invalid",
            "invalid hmac",
            "hmac mismatch",
            "signature does not conform",
            "computed signature",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::PlanRestricted,
        predicates: &[
            "upgrade your plan",
            "upgrade your account",
            "upgrade your subscription",
            "please upgrade",
            "paid plan",
            "paid plans",
            "paid account",
            "paid subscription",
            "paid feature",
            "paid tier",
            "your plan",
            "current plan",
            "your current subscription",
            "not available on the free",
            "free plan",
            "free tier",
            "premium",
            "enterprise plan",
            "business plan",
            "pro plan",
            "requires a subscription",
            "subscription required",
            "subscription is required",
            "needs a subscription",
            "no active subscription",
            "active subscription",
            "subscription has expired",
            "subscription expired",
            "subscription is not active",
            "trial has expired",
            "trial expired",
            "trial has ended",
            "trial ended",
            "billing",
            "payment required",
            "insufficient quota",
            "exceeded your current quota",
            "credit balance",
            "insufficient credits",
            "insufficient credit",
            "insufficient balance",
            "out of credits",
            "not enough credits",
            "no credits",
            "not subscribed",
            "no subscription",
            "unpaid",
            "free account",
            "not available with free",
            "unpurchased",
            "not purchased",
            "purchase required",
            "not eligible",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::PlanRestricted,
        predicates: &[
            "requires",
            "required",
            "need",
            "needs",
            "upgrade",
            "not included",
            "not available",
            "only available",
            "does not include",
            "exceeded",
            "insufficient",
            "expired",
            "has ended",
            "not active",
            "inactive",
        ],
        subjects: &[
            "plan",
            "plans",
            "subscription",
            "tier",
            "billing",
            "quota",
            "credits",
            "payment",
            "pricing",
        ],
    },
    Rule {
        cause: Cause::OrganizationPolicy,
        predicates: &[
            "sso",
            "saml",
            "single sign on",
            "two factor",
            "2fa",
            "mfa",
            "otp",
            "multi factor",
            "second factor",
            "one time password",
            "conditional access",
            "organization policy",
            "organisation policy",
            "org policy",
            "enforced by your organization",
            "oauth app access restrictions",
            "service control policy",
            "blocked by admin",
            "blocked by your admin",
            "blocked by an administrator",
            "administrator has restricted",
            "admin has restricted",
            "org login required",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::IpRestricted,
        predicates: &[
            "unsupported country",
            "country region or territory",
            "not available in your country",
            "not available in your region",
            "ip address blocked",
            "from location",
            "from this location",
            "from your location",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::IpRestricted,
        predicates: RESTRICTED,
        subjects: &[
            "ip",
            "ips",
            "ip address",
            "ip addresses",
            "ipv4",
            "ipv6",
            "cidr",
            "acl",
            "country",
        ],
    },
    Rule {
        cause: Cause::EndpointNotEnabled,
        predicates: &[
            "has not been used in project",
            "service disabled",
            "access not configured",
            "not been enabled",
            "not enabled",
            "is not enabled",
            "not enabled for",
            "not activated",
            "opt in required",
            "is disabled",
            "been disabled",
        ],
        subjects: SERVICE,
    },
    Rule {
        cause: Cause::AccountSuspended,
        predicates: &[
            "suspended",
            "suspendida",
            "suspendido",
            "suspensa",
            "suspenso",
            "suspendu",
            "suspendue",
            "gesperrt",
            "deactivated",
            "disabled",
            "locked",
            "locked out",
            "banned",
            "inactive",
            "not active",
            "blocked",
            "terminated",
            "closed",
            "frozen",
            "deleted",
        ],
        subjects: ACCOUNT,
    },
    Rule {
        cause: Cause::OriginRestricted,
        predicates: RESTRICTED,
        subjects: &[
            "referer",
            "referrer",
            "referers",
            "referrers",
            "origin",
            "android client",
            "ios client",
            "bundle id",
            "package name",
        ],
    },
    Rule {
        cause: Cause::WrongEnvironment,
        predicates: &[
            "test mode",
            "live mode",
            "livemode",
            "wrong region",
            "different region",
            "another region",
            "incorrect region",
            "regional endpoint",
            "wrong tenant",
            "different tenant",
            "wrong environment",
            "different environment",
            "wrong endpoint",
            "incorrect endpoint",
            "wrong host",
            "wrong domain",
            "wrong server",
            "wrong base url",
            "wrong api url",
            "wrong issuer",
            "invalid audience",
            "wrong audience",
            "sandbox key",
            "production key",
            "sandbox credentials",
            "production credentials",
            "test credentials",
            "live credentials",
            "bad audience",
            "audience mismatch",
            "invalid issuer",
            "issuer mismatch",
            "should match organization",
            "should match project",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::WrongEnvironment,
        predicates: &[
            "does not match",
            "not match",
            "mismatch",
            "not valid for",
            "not intended for",
            "cannot be used",
            "can only be used",
            "only be used",
            "wrong",
            "incorrect",
        ],
        subjects: &[
            "audience",
            "aud",
            "issuer",
            "environment",
            "sandbox",
            "production",
            "testnet",
            "mainnet",
            "region",
            "tenant",
        ],
    },
    Rule {
        cause: Cause::InsufficientScope,
        predicates: &[
            "insufficient scope",
            "insufficient scopes",
            "missing scope",
            "missing scopes",
            "missing required scope",
            "required scope",
            "required scopes",
            "requires scope",
            "requires the scope",
            "scope required",
            "scopes required",
            "insufficient permission",
            "insufficient permissions",
            "insufficient privilege",
            "insufficient privileges",
            "insufficient access",
            "insufficient rights",
            "sufficient permission",
            "sufficient permissions",
            "sufficient privileges",
            "not have permission",
            "not enough permission",
            "not enough permissions",
            "not enough privileges",
            "not enough rights",
            "not enough scope",
            "not enough scopes",
            "not have the permission",
            "not have the required permission",
            "not have permissions",
            "no permission",
            "no permissions",
            "permission denied",
            "permissions denied",
            "no scope",
            "no scopes",
            "missing permission",
            "missing permissions",
            "lacks permission",
            "lacks the permission",
            "lack permission",
            "required permission",
            "required permissions",
            "requires permission",
            "not authorized to perform",
            "not authorized to access",
            "not authorised to perform",
            "not authorised to access",
            "not have access",
            "no access to",
            "not allowed to access",
            "not permitted to",
            "not accessible by",
            "authorization permission mismatch",
            "not consented",
            "has not consented",
            "consent required",
            "consent is required",
            "not granted",
            "been granted",
            "is granted by",
            "unauthorized for user",
            "is unauthorized for",
            "not a server admin",
            "not an admin",
            "not an administrator",
            "not admin",
            "not a superuser",
            "not the owner",
            "admin only",
            "admins only",
            "admin required",
            "requires admin",
            "must be an admin",
            "must be admin",
            "administrator privileges",
            "admin privileges",
            "not management user",
            "not a management user",
            "permission error",
            "scope requirement",
            "not have authorization",
            "cannot list",
            "cannot get",
            "cannot create",
            "cannot delete",
            "cannot update",
            "cannot watch",
            "cannot patch",
            "cannot read",
            "cannot write",
            "restricted api key",
            "restricted key",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::InsufficientScope,
        predicates: &[
            "not allowed with",
            "not allowed for this",
            "not permitted with",
            "not allowed to use",
            "restricted to only",
            "is restricted to",
            "only has access",
            "only have access",
            "read only",
        ],
        subjects: CREDENTIAL,
    },
    Rule {
        cause: Cause::InsufficientScope,
        predicates: &[
            "requires",
            "required",
            "missing",
            "lacks",
            "lack",
            "needs",
            "need",
            "must have",
            "insufficient",
            "invalid",
            "mismatch",
            "outside",
        ],
        subjects: &[
            "scope",
            "scopes",
            "oauth scope",
            "permission",
            "permissions",
            "privilege",
            "privileges",
            "role",
            "roles",
            "rights",
        ],
    },
    Rule {
        cause: Cause::WrongScheme,
        predicates: &[
            "are not supported",
            "is not supported",
            "not supported by this api",
            "expected oauth",
            "expected oauth2",
        ],
        subjects: CREDENTIAL,
    },
    Rule {
        cause: Cause::RateLimited,
        predicates: &[
            "rate limit",
            "rate limited",
            "rate limits",
            "ratelimit",
            "ratelimited",
            "rate exceeded",
            "too many requests",
            "too many",
            "throttled",
            "throttling",
            "slow down",
            "request limit",
            "requests per",
            "attempts exceeded",
            "number of attempts",
            "try again later",
        ],
        subjects: &[],
    },
];

/// What may expire or be revoked besides a credential: the access or consent it stands for.
const GRANT: &[&str] = &["access", "grant", "consent", "authorization", "requisition"];

/// Phrases that say a credential is valid but not for this resource or endpoint.
const NOT_FOR_THIS: &[&str] = &[
    "for given resource",
    "for the given resource",
    "for this resource",
    "this endpoint",
    "for this api",
    "for this product",
    "for this service",
    "to access this url",
    "for this url",
];

/// Predicates of a credential's state; each needs a credential word in the same message.
const EXPIRED: &[&str] = &[
    "expired",
    "has expired",
    "is expired",
    "expiry",
    "expires",
    // OAuth introspection's `active: false` (RFC 7662 §2.2): expired, revoked or never valid
    "not active",
];
const REVOKED: &[&str] = &[
    "revoked",
    "no longer active",
    "no longer valid",
    "inactive",
    "banned",
    "suspended",
    "blocked",
    "has been revoked",
    "invalidated",
    "rotated",
    "been deleted",
    "was deleted",
    "deactivated",
    "been disabled",
    "is disabled",
];
const MALFORMED: &[&str] = &[
    "malformed",
    "badly formatted",
    "bad format",
    "wrong format",
    "invalid format",
    "incorrectly formatted",
    "could not parse",
    "cannot parse",
    "unable to parse",
    "not well formed",
    "must be in the format",
    "invalid length",
    "invalid character",
    "invalid characters",
    "not a valid jwt",
    "invalid jwt format",
    "expected format",
    "should not contain",
    "must not contain",
    "invalid token header",
    "invalid basic header",
    "invalid authorization header",
    "invalid auth header",
    "invalid header",
    "header is invalid",
    "header is malformed",
    "header malformed",
];
/// "Not found where the server looks": the credential is absent, or where it is not read.
const MISSING: &[&str] = &[
    "missing",
    "not provided",
    "not present",
    "not supplied",
    "not sent",
    "not set",
    "not included",
    "is required",
    "are required",
    "required",
    "must be provided",
    "must provide",
    "must be supplied",
    "please provide",
    "did not provide",
    "absent",
    "empty",
    "without",
    "failed to resolve",
    "could not resolve",
    "unable to resolve",
    "not found in the request",
    "not found in request",
];
/// Phrases that say the request is not authenticated, subject included.
const UNAUTHENTICATED: &[&str] = &[
    "authentication required",
    "requires authentication",
    "authentication is required",
    "login required",
    "must be logged in",
    "must be authenticated",
    "need to be authenticated",
    "not logged in",
    "not authenticated",
    "not authed",
    "unauthenticated",
    "sign in required",
    "please log in",
    "please sign in",
    "please login",
];
const INVALID: &[&str] = &[
    "invalid",
    "incorrect",
    "bad",
    "wrong",
    "unrecognized",
    "unrecognised",
    "not recognized",
    "unknown",
    "not valid",
    "does not exist",
    "do not exist",
    "not found",
    "could not be found",
    "rejected",
    "not accepted",
    "validation failed",
    "validation failure",
    "check failed",
    "lookup failed",
    "failed validation",
    "could not verify",
    "unable to verify",
    "could not validate",
    "unable to validate",
    "could not be validated",
    "verification failed",
    "no such",
    "verify your",
    "check your",
    "deprecated",
    "no longer supported",
    "not supported",
    "mismatch",
    "not match",
    "does not match",
];
/// Phrases that say the credential is not accepted, subject included.
const REJECTED: &[&str] = &[
    "bad credentials",
    "authentication failed",
    "authentication failure",
    "auth failed",
    "could not authenticate",
    "unable to authenticate",
    "failed to authenticate",
    "cannot authenticate",
    "authentication error",
    "invalid authentication",
    "invalid auth",
];

/// A word rule's conclusion: the cause and the phrase that decided it.
#[derive(Clone, Debug)]
pub(crate) struct Said {
    pub(crate) cause: Cause,
    pub(crate) phrase: String,
    /// The message names what it judges (a key, a token, an account), rather than refusing in
    /// general ("authentication failed", "unable to authenticate you").
    pub(crate) named: bool,
    /// The cause depends on whether a credential was present ("authentication required").
    pub(crate) by_presence: bool,
}

/// The codes and messages of a context, normalized into words (see the module docs): the
/// body's codes (and gateways' error headers) first, then its messages and the challenge's
/// `error_description`. Stock status lines are left out.
pub(crate) fn normalized(ctx: &Context<'_>) -> Normalized {
    let ev = ctx.evidence;
    let mut out = Normalized::default();
    let push = |list: &mut Vec<String>, t: &str, seen: &[String]| {
        let n = normalize(t);
        if !n.trim().is_empty() && !is_stock(&n) && !seen.contains(&n) && !list.contains(&n) {
            list.push(n);
        }
    };
    // An echoed key ("Incorrect API key provided: sk-live-…") is not the server's words.
    let secrets: Vec<&[u8]> = ctx
        .credentials
        .iter()
        .map(|c| c.secret.expose_secret())
        .filter(|s| s.len() >= 8)
        .collect();
    let unechoed = |t: &str| -> String {
        let mut t = t.to_owned();
        for s in &secrets {
            if let Ok(s) = std::str::from_utf8(s) {
                if t.contains(s) {
                    t = t.replace(s, " ");
                }
            }
        }
        t
    };
    for c in &ev.body.codes {
        push(&mut out.codes, &unechoed(c), &[]);
    }
    let texts = ev
        .body
        .messages
        .iter()
        .map(String::as_str)
        .chain(ev.bearer_param("error_description"));
    for t in texts {
        let seen = out.codes.clone();
        push(&mut out.messages, &unechoed(t), &seen);
    }
    out.all = out.codes.iter().chain(&out.messages).cloned().collect();
    out
}

/// A context's words, by layer.
#[derive(Default)]
pub(crate) struct Normalized {
    /// Machine-readable codes: what the server decided.
    pub(crate) codes: Vec<String>,
    /// Messages for people: they may add hints, reminders and boilerplate.
    pub(crate) messages: Vec<String>,
    /// Codes then messages.
    pub(crate) all: Vec<String>,
}

impl Normalized {
    /// The cause the words name, in layers: a specific cause in a code ("token expired"), then
    /// one in a message, then what a category code says (`PERMISSION_DENIED`, a gRPC-style
    /// class that a message refines), then a generic one ("invalid", "missing").
    pub(crate) fn classify(&self, credential_present: bool) -> Option<Said> {
        let generic = |s: &Said| {
            matches!(
                s.cause,
                Cause::InvalidCredentials | Cause::MissingCredentials
            )
        };
        let (categories, specific): (Vec<String>, Vec<String>) = self
            .codes
            .iter()
            .cloned()
            .partition(|c| CATEGORY_CODES.contains(&c.trim()));
        let from_codes = classify(&specific, credential_present);
        if from_codes.as_ref().is_some_and(|s| !generic(s)) {
            return from_codes;
        }
        let from_messages = classify(&self.messages, credential_present);
        if from_messages.as_ref().is_some_and(|s| !generic(s)) {
            return from_messages;
        }
        classify(&categories, credential_present)
            .or(from_codes)
            .or(from_messages)
    }
}

/// Codes that name a class of failure rather than its reason (gRPC canonical codes, HTTP
/// reason phrases as codes): the message says more.
const CATEGORY_CODES: &[&str] = &[
    "permission denied",
    "permission error",
    "access denied",
    "forbidden",
    "unauthorized",
    "unauthenticated",
    "not authorized",
    "authentication error",
    "authorization error",
    "auth error",
];

/// Words of a stock status line that say nothing of their own: the word "error", protocol
/// names, server names.
const STOCK_NOISE: &[&str] = &[
    "error",
    "http",
    "https",
    "status",
    "code",
    "nginx",
    "openresty",
    "apache",
    "httpd",
    "iis",
    "microsoft",
    "server",
    "tomcat",
    "jetty",
    "caddy",
    "envoy",
    "traefik",
    "kestrel",
    "werkzeug",
    "express",
    "cloudfront",
    "varnish",
    "haproxy",
];

/// Reason phrases of 401 and 403 as stock pages print them.
const STOCK_REASONS: &[&str] = &[
    "",
    "unauthorized",
    "unauthorised",
    "forbidden",
    "authorization required",
    "access denied",
    "access forbidden",
    "forbidden access",
    "not authorized",
    "not authorised",
    "unauthorized access",
    "unauthorized request",
    "forbidden request",
];

/// Whether a normalized message is a stock status line ("401 Authorization Required",
/// "403 Forbidden", "nginx", "Access denied") rather than the server's own words: after status
/// numbers and server names, nothing but a reason phrase is left.
pub(crate) fn is_stock(n: &str) -> bool {
    let rest: Vec<&str> = n
        .split_whitespace()
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()) && !STOCK_NOISE.contains(w))
        .collect();
    STOCK_REASONS.contains(&rest.join(" ").as_str())
}

/// Whether a message speaks of the credential's state (expired, revoked): a server that says
/// so has read and identified the credential.
pub(crate) fn speaks_of_state(messages: &[String]) -> bool {
    messages.iter().any(|n| {
        first(n, CREDENTIAL).is_some()
            && (first(n, EXPIRED).is_some() || first(n, REVOKED).is_some())
    })
}

/// Lowercase words separated by single spaces, with a space at each end, so that a phrase
/// `p` stands as whole words in `n` exactly when `n` contains `" p "`.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let chars: Vec<char> = text.chars().take(2_000).collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() {
            // camelCase and ACRONYMWord boundaries
            let boundary = c.is_uppercase()
                && prev.is_some_and(|p| {
                    p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
                });
            if boundary && !out.ends_with(' ') {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
        } else if (c == '\'' || c == '\u{2019}')
            && out.ends_with('n')
            && next.is_some_and(|n| n == 't' || n == 'T')
            && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric())
        {
            // "don't" → "do not", "couldn't" → "could not"
            out.pop();
            out.push_str(" no");
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    // "can not" reads as "cannot"
    out.replace(" can not ", " cannot ")
}

/// Whether the normalized text holds `phrase` as whole words. `n` is a normalized text (single
/// spaces, one at each end): a phrase can only start right after a space, so only the word
/// starts are compared, not every byte.
pub(crate) fn has(n: &str, phrase: &str) -> bool {
    let (b, p) = (n.as_bytes(), phrase.as_bytes());
    let Some(&first) = p.first() else {
        return false;
    };
    if p.len() + 1 > b.len() {
        return false;
    }
    memchr::memchr_iter(b' ', &b[..b.len() - p.len()]).any(|i| {
        let at = i + 1;
        b[at] == first && b[at..].starts_with(p) && b.get(at + p.len()).is_none_or(|c| *c == b' ')
    })
}

/// Word positions at which `phrase` (one or more words) starts in the normalized text.
fn positions(words: &[&str], phrase: &str) -> Vec<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    if parts.is_empty() || parts.len() > words.len() {
        return Vec::new();
    }
    (0..=words.len() - parts.len())
        .filter(|&i| words[i..i + parts.len()] == parts[..])
        .collect()
}

/// A subject and a predicate that stand within `window` words of each other in `n`: what a
/// sentence says of that subject, rather than two words of unrelated clauses.
pub(crate) fn near<'p>(
    n: &str,
    subjects: &[&'p str],
    predicates: &[&'p str],
    window: usize,
) -> Option<(&'p str, &'p str)> {
    let s = first(n, subjects)?;
    first(n, predicates)?;
    let words: Vec<&str> = n.split_whitespace().collect();
    for subject in subjects.iter().copied().filter(|x| has(n, x)) {
        let at = positions(&words, subject);
        for predicate in predicates.iter().copied().filter(|x| has(n, x)) {
            let pat = positions(&words, predicate);
            if at
                .iter()
                .any(|a| pat.iter().any(|p| a.abs_diff(*p) <= window))
            {
                return Some((subject, predicate));
            }
        }
    }
    let _ = s;
    None
}

/// What a server says of a request signature it does not accept.
const SIGNATURE_PREDICATES: &[&str] = &[
    "cannot be verified",
    "could not be verified",
    "not verified",
    "not valid",
    "invalid",
    "mismatch",
    "does not match",
    "do not match",
    "incorrect",
    "wrong",
    "bad",
    "failed",
    "verification failed",
    "error",
];

/// A normalized message with a filter of the first two bytes of each of its words: a phrase
/// whose first two bytes start no word cannot stand in it, and most phrases are ruled out
/// without a search.
struct Msg<'a> {
    text: &'a str,
    heads: [u64; 16],
}

impl<'a> Msg<'a> {
    fn new(text: &'a str) -> Self {
        let mut heads = [0u64; 16];
        let b = text.as_bytes();
        for i in memchr::memchr_iter(b' ', b) {
            if let Some(&c0) = b.get(i + 1) {
                let c1 = b.get(i + 2).copied().unwrap_or(b' ');
                let h = head(c0, c1);
                heads[h / 64] |= 1 << (h % 64);
            }
        }
        Msg { text, heads }
    }

    /// Whether a phrase may stand here (no false negatives).
    fn may_have(&self, phrase: &str) -> bool {
        let p = phrase.as_bytes();
        let Some(&c0) = p.first() else { return false };
        let h = head(c0, p.get(1).copied().unwrap_or(b' '));
        self.heads[h / 64] & (1 << (h % 64)) != 0
    }

    fn has(&self, phrase: &str) -> bool {
        self.may_have(phrase) && has(self.text, phrase)
    }
}

fn head(c0: u8, c1: u8) -> usize {
    (usize::from(c0) * 31 + usize::from(c1)) % 1024
}

/// Whether a message decides anything: it neither lists possible reasons nor disclaims what
/// it names.
pub(crate) fn decides(n: &str) -> bool {
    let m = Msg::new(n);
    !lists_alternatives(&m) && !disclaims(&m)
}

/// Whether a message disclaims what it names ("this page does not indicate a problem with
/// your account or token"), or speaks of things unrelated to this response.
///
/// A message that opens with a hypothetical ("If you believe your account was suspended…")
/// asserts nothing; the polite tail "…; contact support if you believe this is an error" takes
/// nothing back from the statement before it.
fn disclaims(m: &Msg<'_>) -> bool {
    first_in(
        m,
        &[
            "not indicate",
            "does not mean",
            "not related",
            "unrelated",
            "why might",
        ],
    )
    .is_some()
        || m.text.trim_start().starts_with("if you believe")
}

/// Whether a message names three or more different causes, each with its subject: a list of
/// possible reasons.
fn lists_alternatives(m: &Msg<'_>) -> bool {
    const MARKERS: &[&str] = &[
        "possible reasons",
        "possible reason",
        "common causes",
        "common reasons",
        "typical causes",
        "usually caused",
        "often caused",
        "possible causes",
        "possible cause",
        "one of the following",
        "reasons include",
        "causes include",
        "may be",
        "might be",
        "could be",
        "can be caused",
        "either",
    ];
    if first_in(m, MARKERS).is_none() {
        return false;
    }
    let mut causes: Vec<Cause> = Vec::new();
    for rule in RULES {
        if causes.contains(&rule.cause) || first_in(m, rule.predicates).is_none() {
            continue;
        }
        if rule.subjects.is_empty() || subject(m.text, rule.subjects).is_some() {
            causes.push(rule.cause);
        }
    }
    if first_in(m, CREDENTIAL).is_some() || first_in(m, GRANT).is_some() {
        for (cause, list) in [
            (Cause::ExpiredCredentials, EXPIRED),
            (Cause::RevokedCredentials, REVOKED),
        ] {
            if !causes.contains(&cause) && first_in(m, list).is_some() {
                causes.push(cause);
            }
        }
    }
    causes.len() >= 3
}

fn first_in<'p>(m: &Msg<'_>, phrases: &[&'p str]) -> Option<&'p str> {
    phrases.iter().copied().find(|p| m.has(p))
}

fn first<'p>(n: &str, phrases: &[&'p str]) -> Option<&'p str> {
    phrases.iter().copied().find(|p| has(n, p))
}

/// The first subject that stands in `n`, unless it only qualifies a key: "API key",
/// "subscription key" and "app token" name credentials, not an API, a plan or an app.
fn subject<'p>(n: &str, subjects: &[&'p str]) -> Option<&'p str> {
    subjects.iter().copied().find(|s| {
        let b = n.as_bytes();
        n.match_indices(s).any(|(i, _)| {
            let end = i + s.len();
            i > 0
                && b[i - 1] == b' '
                && b.get(end).is_none_or(|c| *c == b' ')
                && !["key", "keys", "token", "tokens"]
                    .iter()
                    .any(|w| n[end..].trim_start().starts_with(&format!("{w} ")))
        })
    })
}

/// "No API key": a missing-credential phrase built on "no" (each word of [`CREDENTIAL`]).
fn no_credential(n: &str) -> Option<&'static str> {
    if !has(n, "no") {
        return None;
    }
    CREDENTIAL.iter().copied().find(|s| {
        let b = n.as_bytes();
        memchr::memmem::find_iter(b, b" no ").any(|i| {
            let rest = &n[i + 4..];
            rest.starts_with(s) && rest.as_bytes().get(s.len()).is_none_or(|c| *c == b' ')
        })
    })
}

/// Phrases that say the server looked where it reads a credential and found none.
const STRONG_MISSING: &[&str] = &[
    "not found in",
    "but not found",
    "failed to resolve",
    "could not resolve",
    "unable to resolve",
    "not provided",
    "was not provided",
    "were not provided",
    "not present",
    "not supplied",
    "not sent",
];

/// Phrases that ask for a valid credential ("does not contain a valid token", "no valid API
/// key"): the one sent, if any, was not accepted.
const NO_VALID: &[&str] = &[
    "no valid",
    "with a valid",
    "include a valid",
    "not contain a valid",
    "not include a valid",
    "not a valid",
    "without a valid",
    "requires a valid",
    "provide a valid",
    "must be a valid",
    "valid api key required",
    "valid token required",
];

/// The first rule the messages satisfy, in rule order. `credential_present` tells whether the
/// request carried a credential the server could read: "authentication required" then means
/// the credential was not accepted rather than absent.
pub(crate) fn classify(messages: &[String], credential_present: bool) -> Option<Said> {
    // A message that lists possible reasons ("your key expired, was revoked, your IP is not
    // allowlisted, or your plan…") decides none of them: it is left out.
    let messages: Vec<Msg<'_>> = messages
        .iter()
        .map(|m| Msg::new(m))
        .filter(|m| !lists_alternatives(m) && !disclaims(m))
        .collect();
    let messages = &messages[..];
    // "Signature for this request is not valid": a signature and its verdict, close together.
    for n in messages {
        let signature =
            near(n.text, &["signature", "hmac"], SIGNATURE_PREDICATES, 5).or_else(|| {
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
                    ],
                    3,
                )
            });
        if let Some((_, p)) = signature {
            return Some(Said {
                cause: Cause::SignatureMismatch,
                phrase: format!("signature … {p}"),
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
                if !listed && (rule.subjects.is_empty() || subject(n.text, rule.subjects).is_some())
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
            let permission = [
                "not authorized",
                "not authorised",
                "not permitted",
                "not allowed",
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
            if !invalid {
                return Some(said(Cause::ExpiredCredentials, p, subject));
            }
        }
        if let Some(p) = first_in(n, REVOKED) {
            if !invalid && first_in(n, EXPIRED).is_none() {
                return Some(said(Cause::RevokedCredentials, p, subject));
            }
        }
    }
    for n in messages {
        if let (Some(p), Some(subject)) = (first_in(n, MALFORMED), first_in(n, CREDENTIAL)) {
            return Some(said(Cause::MalformedCredentials, p, subject));
        }
    }
    for n in messages {
        // "authentication not found in headers", "failed to resolve the API key": the server
        // looked where it reads the credential and found none.
        // "missing authentication, or failed to authenticate" judges the one that was sent
        let strong_invalid = ["invalid", "incorrect", "wrong", "expired", "revoked"]
            .iter()
            .any(|w| n.has(w))
            || (credential_present && first_in(n, REJECTED).is_some());
        if let (Some(p), Some(subject), false) = (
            first_in(n, STRONG_MISSING),
            first_in(n, CREDENTIAL),
            strong_invalid,
        ) {
            return Some(said(Cause::MissingCredentials, p, subject));
        }
        if let (Some(p), Some(subject)) = (first_in(n, NO_VALID), first_in(n, CREDENTIAL)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cause_of(texts: &[&str], present: bool) -> Option<Cause> {
        let n: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
        classify(&n, present).map(|s| s.cause)
    }

    #[test]
    fn normalizes_codes_and_contractions() {
        assert_eq!(
            normalize("InvalidSignatureException"),
            " invalid signature exception "
        );
        assert_eq!(normalize("token_expired"), " token expired ");
        assert_eq!(normalize("IPAddressNotAllowed"), " ip address not allowed ");
        assert_eq!(
            normalize("You don't have permission."),
            " you do not have permission "
        );
        assert_eq!(
            normalize("We couldn’t authenticate you"),
            " we could not authenticate you "
        );
        assert!(has(&normalize("Invalid API key"), "api key"));
        assert!(!has(&normalize("lorem ipsum"), "ip"));
    }

    #[test]
    fn a_predicate_needs_its_subject() {
        assert_eq!(cause_of(&["Invalid request"], true), None);
        assert_eq!(cause_of(&["Unauthorized"], true), None);
        assert_eq!(
            cause_of(&["Invalid API key"], true),
            Some(Cause::InvalidCredentials)
        );
        assert_eq!(
            cause_of(&["The page has expired"], true),
            None,
            "expired needs a credential word"
        );
        assert_eq!(
            cause_of(&["Your session has expired"], true),
            Some(Cause::ExpiredCredentials)
        );
        assert_eq!(
            cause_of(&["This token has been invalidated"], true),
            Some(Cause::RevokedCredentials)
        );
        assert_eq!(
            cause_of(&["invalid or expired token"], true),
            Some(Cause::InvalidCredentials)
        );
    }

    #[test]
    fn states_of_accounts_plans_and_places() {
        for (text, cause) in [
            ("Your account has been deactivated", Cause::AccountSuspended),
            ("user is locked", Cause::AccountSuspended),
            ("Premium required", Cause::PlanRestricted),
            ("This endpoint requires a paid plan", Cause::PlanRestricted),
            (
                "Request from IP 203.0.113.9 is not allowed",
                Cause::IpRestricted,
            ),
            (
                "Requests from referer https://x.test are blocked.",
                Cause::OriginRestricted,
            ),
            (
                "Resource protected by organization SAML enforcement",
                Cause::OrganizationPolicy,
            ),
            (
                "You don't have permission to access this resource",
                Cause::InsufficientScope,
            ),
            (
                "The API key does not have sufficient permissions",
                Cause::InsufficientScope,
            ),
            ("API key is disabled", Cause::RevokedCredentials),
            ("Invalid Sign", Cause::SignatureMismatch),
        ] {
            assert_eq!(cause_of(&[text], true), Some(cause), "{text}");
        }
    }

    #[test]
    fn authentication_required_depends_on_the_request() {
        assert_eq!(
            cause_of(&["Authentication required"], true),
            Some(Cause::InvalidCredentials)
        );
        assert_eq!(
            cause_of(&["Authentication required"], false),
            Some(Cause::MissingCredentials)
        );
        assert_eq!(
            cause_of(&["Authentication credentials were not provided."], true),
            Some(Cause::MissingCredentials)
        );
        assert_eq!(
            cause_of(&["API key not found"], true),
            Some(Cause::InvalidCredentials)
        );
    }
}
