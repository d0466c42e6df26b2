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
//!
//! The phrase tables live in [`phrases`](super::phrases), normalization and whole-word matching
//! in [`normalize`](super::normalize); this module reads messages with them.

use crate::explanation::Cause;

mod classify;
mod quoted;
pub(crate) use classify::classify;
pub(crate) use quoted::quotes_no_value;

use super::Context;
use super::normalize::{Msg, first, first_in};
pub(crate) use super::normalize::{has, near, normalize};
use super::phrases::{
    CATEGORY_CODES, CREDENTIAL, EXPIRED, GRANT, INVALID, MISSING, REVOKED, RULES, UNAUTHENTICATED,
};

/// The query parameter names of `credentials`, normalized as messages are (for
/// [`misplaced_query_credential`]).
pub(crate) fn query_credential_names(credentials: &[crate::credential::Credential]) -> Vec<String> {
    credentials
        .iter()
        .filter_map(|c| match &c.location {
            crate::credential::Location::Query(n) => Some(normalize(n).trim().to_owned()),
            _ => None,
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The name among `names` (normalized query parameter names of the request's credentials)
/// that one of the normalized `messages` says must travel elsewhere than the query string
/// ("found in the query string, but must be in the POST body: lgpassword").
pub(crate) fn misplaced_query_credential<'n>(
    messages: &[String],
    names: &'n [String],
) -> Option<&'n String> {
    messages.iter().find_map(|n| {
        let elsewhere = has(n, "query")
            && [
                "must be in",
                "must be sent in",
                "should be in",
                "not allowed in",
                "not permitted in",
                "must not be in",
            ]
            .iter()
            .any(|w| has(n, w));
        elsewhere
            .then(|| names.iter().find(|name| has(n, name)))
            .flatten()
    })
}

/// A machine code's words: glued ones split (`permissiondenied` as `permission denied`),
/// then normalized as any text is.
pub(crate) fn normalize_code(code: &str) -> String {
    normalize(super::normalize::unglue(code).as_deref().unwrap_or(code))
}

/// Whether a code names a class of auth failure ([`CATEGORY_CODES`]: `UnauthorizedException`,
/// `PERMISSION_DENIED`, `AuthenticationError`), whatever reason the message gives.
pub(crate) fn names_an_auth_category(code: &str) -> bool {
    let n = normalize_code(code);
    CATEGORY_CODES.iter().any(|c| has(&n, c))
}

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
    // A challenge's own sentence (`WWW-Authenticate: Token error="Invalid token format"`):
    // the authentication scheme speaking, before the body's words.
    for c in ev.challenges.iter().filter(|c| !c.proxy) {
        for name in ["error", "error_description"] {
            if let Some(v) = c.param(name).filter(|v| v.trim().contains(' ')) {
                if name == "error_description" && c.scheme.eq_ignore_ascii_case("bearer") {
                    continue;
                }
                push(&mut out.codes, &unechoed(v), &[]);
            }
        }
    }
    for c in &ev.body.codes {
        // (`permissiondenied` read as `permission denied`)
        push(&mut out.codes, &normalize_code(&unechoed(c)), &[]);
    }
    let texts = ev
        .body
        .messages
        .iter()
        .map(String::as_str)
        .chain(ev.bearer_param("error_description"));
    for t in texts {
        let seen = out.codes.clone();
        let t = unechoed(t);
        push(&mut out.messages, &t, &seen);
        let stated = without_advice(&t);
        push(&mut out.stated, stated.as_deref().unwrap_or(&t), &seen);
    }
    out.all = out.codes.iter().chain(&out.messages).cloned().collect();
    out
}

/// Openers of a sentence that advises rather than states ("Make sure to provide a valid key
/// for an active subscription"): what it names is what to check, not what went wrong.
const ADVICE: &[&str] = &[
    "make sure",
    "please make sure",
    "ensure",
    "please ensure",
    "check",
    "please check",
    "verify",
    "please verify",
    "try",
    "please try",
    "consider",
    "you may",
    "you might",
    "you can",
    "to fix",
    "to resolve",
    "for more",
    "see ",
    "refer",
    "please refer",
    "visit",
    "please visit",
    "contact",
    "please contact",
    "learn more",
    "read more",
];

/// A message without its sentences of advice, when it has both advice and a statement:
/// "Access denied due to invalid subscription key. Make sure to provide a valid key for an
/// active subscription." states only its first sentence.
fn without_advice(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let end = c == b'\n'
            || (matches!(c, b'.' | b'!' | b'?') && b.get(i + 1).is_none_or(|n| *n == b' '));
        if end {
            sentences.push(&text[start..i]);
            start = i + 1;
        }
    }
    sentences.push(&text[start..]);
    let is_advice = |s: &str| {
        let s = s.trim_start().to_ascii_lowercase();
        ADVICE.iter().any(|a| s.starts_with(a))
    };
    let sentences: Vec<&str> = sentences
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let stated: Vec<&str> = sentences
        .iter()
        .copied()
        .filter(|s| !is_advice(s))
        .collect();
    (!stated.is_empty() && stated.len() < sentences.len()).then(|| stated.join(". "))
}

/// A context's words, by layer.
#[derive(Default)]
pub(crate) struct Normalized {
    /// Machine-readable codes: what the server decided.
    pub(crate) codes: Vec<String>,
    /// Messages for people: they may add hints, reminders and boilerplate.
    pub(crate) messages: Vec<String>,
    /// The messages without their sentences of advice (see [`without_advice`]).
    pub(crate) stated: Vec<String>,
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
        // A statement that the credential itself is bad ("invalid subscription key") comes
        // before what the advice beside it names ("… for an active subscription"); a vague
        // statement ("does not have access") leaves the advice to say why ("check the pricing
        // page … your plan").
        let from_messages = classify(&self.messages, credential_present);
        let from_messages = if self.stated == self.messages {
            from_messages
        } else {
            classify(&self.stated, credential_present)
                .filter(|s| {
                    matches!(
                        s.cause,
                        Cause::InvalidCredentials
                            | Cause::ExpiredCredentials
                            | Cause::RevokedCredentials
                            | Cause::MalformedCredentials
                            | Cause::MissingCredentials
                    )
                })
                .or(from_messages)
        };
        // Messages that disagree between "missing" and "invalid" ("NO TOKEN AVAILABLE" beside
        // "Request contain invalid token"), to a request that carried a credential: the one
        // that judges it agrees with the request. Advice is no judgement ("No API key found
        // in request. Ensure … a valid API key is provided.").
        let from_messages = match from_messages {
            Some(s) if credential_present && s.cause == Cause::MissingCredentials => self
                .stated
                .iter()
                .find_map(|m| {
                    classify(std::slice::from_ref(m), true)
                        .filter(|t| t.cause == Cause::InvalidCredentials && t.named)
                })
                .or(Some(s)),
            other => other,
        };
        // A message that names the caller's address as what is wrong refines a code about the
        // signature or the key ("api-signature-not-valid" beside "Incorrect IP address: …").
        if from_messages
            .as_ref()
            .is_some_and(|s| s.cause == Cause::IpRestricted && s.phrase.ends_with("an IP address"))
        {
            return from_messages;
        }
        // A message that says the account is suspended or locked outweighs a quota code
        // beside it (`insufficient_quota` with "We've locked your account"): the account's
        // state ends every call, whatever its quota.
        if from_messages
            .as_ref()
            .is_some_and(|s| s.cause == Cause::AccountSuspended)
            && from_codes
                .as_ref()
                .is_some_and(|s| matches!(s.cause, Cause::PlanRestricted | Cause::RateLimited))
        {
            return from_messages;
        }
        // A code of a restriction by address or by referrer at once (`ipRefererBlocked`)
        // leaves the message to say which one refused ("did not specify any referer").
        if from_codes
            .as_ref()
            .is_some_and(|s| s.cause == Cause::IpRestricted)
            && from_messages
                .as_ref()
                .is_some_and(|s| s.cause == Cause::OriginRestricted)
        {
            return from_messages;
        }
        if from_codes.as_ref().is_some_and(|s| !generic(s)) {
            return from_codes;
        }
        if from_messages.as_ref().is_some_and(|s| !generic(s)) {
            return from_messages;
        }
        // A code and a message that disagree between "missing" and "invalid" ("not found" in
        // a key table and "invalid token passed"; `invalid_token` and "requires
        // authentication"): whether the request carried a credential decides between them.
        let is = |s: &Option<Said>, c: Cause| s.as_ref().is_some_and(|s| s.cause == c);
        let (missing, invalid) = (Cause::MissingCredentials, Cause::InvalidCredentials);
        let wanted = if credential_present { invalid } else { missing };
        if (is(&from_codes, missing) && is(&from_messages, invalid))
            || (is(&from_codes, invalid) && is(&from_messages, missing))
        {
            return if is(&from_codes, wanted) {
                from_codes
            } else {
                from_messages
            };
        }
        // A message that judges the credential it names ("Invalid app_token specified")
        // refines a category code (`permission_denied`): the key was refused, not its rights.
        if credential_present
            && from_messages
                .as_ref()
                .is_some_and(|s| s.cause == Cause::InvalidCredentials && s.named)
        {
            return from_messages;
        }
        let from_categories = classify(&categories, credential_present);
        // A category code (`AUTHENTICATION_ERROR`) names the kind of failure; a message that
        // says no credential was found ("No authorization token was found") says which.
        if is(&from_messages, missing) && is(&from_categories, invalid) {
            return from_messages;
        }
        from_categories.or(from_codes).or(from_messages)
    }
}

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

/// Reason phrases of 400, 401, 403, 404 and 500 as stock pages print them.
const STOCK_REASONS: &[&str] = &[
    "",
    "bad request",
    "not found",
    "internal",
    // Django REST framework's default `PermissionDenied` text, whatever permission failed
    "you do not have permission to perform this action",
    // Werkzeug's `Forbidden` description, which Flask prints for any `abort(403)` (an address
    // ban, a disabled format, a refused permission alike)
    "you do not have the permission to access the requested resource it is either read protected or not readable by the",
    // Werkzeug's `Unauthorized` description, which Flask prints for any `abort(401)` (a
    // missing header, another scheme, a wrong password alike)
    "the could not verify that you are authorized to access the url requested you either supplied the wrong credentials e g a bad password or your browser does not understand how to supply the credentials required",
    // Werkzeug's `InternalServerError` description, Flask's page for any uncaught exception
    "the encountered an internal and was unable to complete your request either the is overloaded or there is an in the application",
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
    // aiohttp's stock 500 text ("Server got itself in trouble"; "server" is noise)
    "got itself in trouble",
    "internal got itself in trouble",
    // "An internal server error occurred", "An unexpected error occurred", "Something went
    // wrong": a crash's stock sentence ("server" and "error" are noise)
    "an internal occurred",
    "internal occurred",
    "an unexpected occurred",
    "unexpected occurred",
    "an occurred",
    // "A server error occurred"; Python's wsgiref adds "Please contact the administrator."
    "a occurred",
    "a occurred please contact the administrator",
    "something went wrong",
    // Sanic's stock 500 text ("The application encountered an unexpected error and could not
    // continue.")
    "the application encountered an unexpected and could not continue",
    // Python's `http.HTTPStatus` descriptions of 401 and 403, which frameworks print as the
    // message of any refusal ("No permission -- see authorization schemes")
    "no permission see authorization schemes",
    "request forbidden authorization will not help",
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
            // a status's definition copied into the body ("This is similar to 403 but is used
            // in cases where authentication is expected but has failed")
            "similar to 403",
            "is used in cases",
            "is used when",
            // a client's software to upgrade, not a plan ("Please upgrade your client")
            "upgrade your client",
            "upgrade your app",
            "upgrade your sdk",
            "upgrade your browser",
            "upgrade the client",
            "upgrade to the latest version",
            // a program's own crash ("TypeError: Cannot read properties of undefined"),
            // whatever its verb
            "properties of undefined",
            "properties of null",
            "property of undefined",
            "property of null",
            // the server's own failure named as such ("Logged out due to system error. Please
            // login again after a while."; a CGI's "internal error: … while executing")
            "due to system error",
            "due to a system error",
            "due to an internal error",
            "due to internal error",
            "while executing",
        ],
    )
    .is_some()
        // ("Internal Error: 401: Not authenticated" wraps an auth status: not the server's own)
        || (m.text.trim_start().starts_with("internal error ")
            && !["401", "403", "407"].iter().any(|s| has(m.text, s)))
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

/// The first subject that stands in `n`, unless it only qualifies another noun: "API key",
/// "subscription key" and "app token" name credentials, not an API, a plan or an app; "service
/// ticket URL" and "token endpoint" name a place, not the ticket or the token; "API account"
/// and "service user" name an account, not an API or a service.
fn subject<'p>(n: &str, subjects: &[&'p str]) -> Option<&'p str> {
    const HEADS: &[&str] = &[
        "key", "keys", "token", "tokens", "url", "urls", "uri", "link", "endpoint",
    ];
    // (only after an API or a service: a "sandbox account" is the sandbox's)
    const ACCOUNT_HEADS: &[&str] = &["account", "accounts", "user", "users"];
    subjects.iter().copied().find(|s| {
        let b = n.as_bytes();
        n.match_indices(s).any(|(i, _)| {
            let end = i + s.len();
            i > 0
                && b[i - 1] == b' '
                && b.get(end).is_none_or(|c| *c == b' ')
                && !HEADS
                    .iter()
                    .chain(
                        ["api", "apis", "service", "services"]
                            .contains(s)
                            .then_some(ACCOUNT_HEADS)
                            .into_iter()
                            .flatten(),
                    )
                    .any(|w| n[end..].trim_start().starts_with(&format!("{w} ")))
        })
    })
}

/// "No API key": a missing-credential phrase built on "no" (each word of [`CREDENTIAL`]).
/// "Has no authorization to use this API" grants nothing rather than lacking a credential: a
/// noun followed by "to" is a permission.
fn no_credential(n: &str) -> Option<&'static str> {
    if !has(n, "no") {
        return None;
    }
    CREDENTIAL
        .iter()
        .copied()
        .find(|s| {
            let b = n.as_bytes();
            memchr::memmem::find_iter(b, b" no ").any(|i| {
                let rest = &n[i + 4..];
                rest.starts_with(s)
                    && match rest.as_bytes().get(s.len()) {
                        None => true,
                        Some(b' ') => !rest[s.len()..].starts_with(" to "),
                        Some(_) => false,
                    }
            })
        })
        .or_else(|| no_named_credential_given(n))
}

/// "no", one or two words that name which credential (a product's, "bokeh"), the credential's
/// noun, then a word of giving or the message's end: "No bokeh-session-id provided", "no
/// API client key received". (Not "no valid …", "no such …", "no longer …".)
fn no_named_credential_given(n: &str) -> Option<&'static str> {
    const NOT_NAMES: &[&str] = &[
        "valid",
        "such",
        "longer",
        "more",
        "other",
        "matching",
        "access",
        "permission",
        "permissions",
        "data",
        "record",
        "records",
        "user",
        "account",
        "for",
        "in",
        "with",
        "of",
        "to",
        "the",
        "a",
        "an",
    ];
    const GIVEN: &[&str] = &[
        "provided",
        "given",
        "supplied",
        "sent",
        "found",
        "present",
        "received",
        "included",
        "specified",
        "attached",
        "passed",
        "set",
    ];
    let words: Vec<&str> = n.split_whitespace().collect();
    words.iter().enumerate().find_map(|(i, w)| {
        if *w != "no" {
            return None;
        }
        (2..=3).find_map(|skip| {
            let named = words.get(i + 1..i + skip)?;
            if named
                .iter()
                .any(|w| NOT_NAMES.contains(w) || CREDENTIAL.contains(w))
            {
                return None;
            }
            let rest = words.get(i + skip..)?.join(" ");
            CREDENTIAL.iter().copied().find(|c| {
                let at = i + skip + c.split_whitespace().count();
                // (the noun may be a compound's first half: "session id", "auth header")
                let at = match words.get(at) {
                    Some(w)
                        if ["id", "identifier", "header", "cookie", "string", "value"]
                            .contains(w) =>
                    {
                        at + 1
                    }
                    _ => at,
                };
                rest.starts_with(c)
                    && rest.as_bytes().get(c.len()).is_none_or(|b| *b == b' ')
                    && words.get(at).is_none_or(|next| GIVEN.contains(next))
            })
        })
    })
}

/// The first rule the messages satisfy, in rule order. `credential_present` tells whether the
/// request carried a credential the server could read: "authentication required" then means
/// the credential was not accepted rather than absent.
/// The phrase with which one of the messages names `cause` by the word rules of that cause
/// alone, whatever other rules would say first.
pub(crate) fn names(cause: Cause, messages: &[String]) -> Option<String> {
    let messages: Vec<Msg<'_>> = messages.iter().map(|m| Msg::new(m)).collect();
    RULES.iter().filter(|r| r.cause == cause).find_map(|rule| {
        messages.iter().find_map(|n| {
            let p = first_in(n, rule.predicates)?;
            (rule.subjects.is_empty() || subject(n.text, rule.subjects).is_some())
                .then(|| p.to_owned())
        })
    })
}

/// Whether one of the messages only asks for authentication ("Requires authentication",
/// "authentication required") without judging a credential in the same breath.
pub(crate) fn asks_for_authentication(messages: &[String]) -> bool {
    messages.iter().map(|m| Msg::new(m)).any(|n| {
        first_in(&n, UNAUTHENTICATED).is_some()
            && first_in(&n, INVALID).is_none()
            && first_in(&n, EXPIRED).is_none()
            && first_in(&n, REVOKED).is_none()
    })
}

/// Whether one of the messages (as the body gives them) names the credential itself rather
/// than a token or key of a payload: credentials, an API key, a password, the authorization
/// header, authentication.
pub(crate) fn names_the_credential(messages: &[String]) -> bool {
    const NOUNS: &[&str] = &[
        "credential",
        "credentials",
        "api key",
        "api keys",
        "apikey",
        "secret",
        "client id",
        "client identifier",
        "password",
        "authorization",
        "authentication",
        "auth",
        // (a session's carrier: "OAuth state missing from cookies")
        "cookie",
        "cookies",
        "access token",
        "access tokens",
        "bearer tokens",
        "api token",
        "api tokens",
        "bearer token",
        "client secret",
        "secret key",
        "jwt",
        // a signed-in session's own key (Travelport's "Invalid Session key provided")
        "session key",
        "session token",
        // the grant's own tokens (RFC 6749 §1.5, OpenID Connect's ID token)
        "refresh token",
        "refresh tokens",
        "id token",
        "session id",
        "sessionid",
        // an application's or user's own token (GLPI's `ERROR_APP_TOKEN_PARAMETERS_MISSING`)
        "app token",
        "user token",
        "app key",
        "app secret",
        "consumer key",
        "consumer secret",
        // what a sign-in sends, in plain words ("Invalid login details.")
        "login details",
        "login credentials",
    ];
    messages.iter().any(|m| {
        let n = normalize(m);
        NOUNS.iter().any(|w| has(&n, w))
    })
}

/// "<credential> is missing a …", "<credential> lacks the …": what the credential lacks.
fn credential_lacks(text: &str) -> Option<String> {
    const NOUNS: &[&str] = &["token", "key", "credential", "credentials", "jwt"];
    const VERBS: &[&str] = &[
        "is missing",
        "are missing",
        "lacks",
        "lack",
        "does not have",
        "do not have",
        "does not contain",
        "do not contain",
    ];
    const OBJECTS: &[&str] = &[
        "a",
        "an",
        "the",
        "required",
        "permission",
        "permissions",
        "scope",
        "scopes",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if !NOUNS.contains(w) {
            continue;
        }
        let rest = words[i + 1..].join(" ");
        for v in VERBS {
            if let Some(after) = rest.strip_prefix(v).and_then(|r| r.strip_prefix(' ')) {
                let next = after.split(' ').next().unwrap_or("");
                if OBJECTS.contains(&next) {
                    return Some(format!("{w} {v} {next}"));
                }
            }
        }
    }
    None
}

/// Whether one of the messages calls the credential itself invalid, expired or revoked
/// ("invalid PVE ticket").
pub(crate) fn judges_the_credential(messages: &[String]) -> bool {
    // The credential itself, not "authentication" (which an invalid scope request fails).
    const THING: &[&str] = &[
        "token",
        "key",
        "api key",
        "ticket",
        "password",
        "credential",
        "credentials",
        "jwt",
        "session",
        "cookie",
        "secret",
    ];
    messages.iter().map(|m| Msg::new(m)).any(|n| {
        first_in(&n, THING).is_some()
            && !n.has("scope")
            && !n.has("scopes")
            && (first_in(&n, INVALID).is_some()
                || first_in(&n, EXPIRED).is_some()
                || first_in(&n, REVOKED).is_some())
    })
}

/// Whether one of the messages says a credential is missing ("Missing or bad formatted
/// authorization header"): to a request that showed none, that is the alternative that holds.
pub(crate) fn names_missing_credential(messages: &[String]) -> bool {
    // Callers pass normalized words or a body's raw messages; normalizing is idempotent.
    messages.iter().map(|m| normalize(m)).any(|m| {
        let n = Msg::new(&m);
        first_in(&n, CREDENTIAL).is_some()
            && (first_in(&n, MISSING).is_some()
                // "no token present in request", "No API key found": "no" before the noun
                // ("no valid api key" judges one, and is not this)
                || near(&m, &["no"], CREDENTIAL, 2).is_some_and(|_| {
                    !has(&m, "no valid") && !has(&m, "no longer")
                })
                // "No API Client Key received": "no", then words that only say which kind of
                // key, then the credential's noun
                || no_then_kind_of_credential(&m)
                || near(
                    &m,
                    &["parameter", "param", "header", "field"],
                    &["not found", "not present", "not provided"],
                    4,
                )
                .is_some())
    })
}

/// "no" followed by up to three words naming a kind of credential (`api`, `client`, `access`,
/// `auth`…) and then a credential's noun: "no api client key", "no client access token".
fn no_then_kind_of_credential(m: &str) -> bool {
    const KINDS: &[&str] = &[
        "api",
        "client",
        "access",
        "auth",
        "authentication",
        "authorization",
        "bearer",
        "secret",
        "private",
        "public",
        "session",
        "user",
        "app",
        "application",
        "account",
        "personal",
        "service",
        "refresh",
        "id",
    ];
    const NOUNS: &[&str] = &[
        "key",
        "keys",
        "token",
        "tokens",
        "secret",
        "credential",
        "credentials",
    ];
    let words: Vec<&str> = m.split_whitespace().collect();
    words.iter().enumerate().any(|(i, w)| {
        *w == "no"
            && words[i + 1..]
                .iter()
                .take(4)
                .position(|w| !KINDS.contains(w))
                .is_some_and(|k| {
                    (2..=3).contains(&k) && words.get(i + 1 + k).is_some_and(|n| NOUNS.contains(n))
                })
    })
}

/// The credential headers a raw message names as headers: hyphenated names made of
/// credential words (`Upstash-Signature`, `X-Api-Key`) in a message that speaks of a header,
/// lowercase, at most four. ("HMAC-SHA256" in a sentence about a payload is an algorithm.)
pub(crate) fn credential_headers_named(raw: &str) -> Vec<http::HeaderName> {
    let n = normalize(raw);
    if !has(&n, "header") && !has(&n, "headers") {
        return Vec::new();
    }
    raw.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| (3..=64).contains(&w.len()) && w.contains('-') && !w.starts_with('-'))
        .take(16)
        .filter_map(|w| http::HeaderName::from_bytes(w.to_ascii_lowercase().as_bytes()).ok())
        .filter(crate::credential::is_word_header)
        .take(4)
        .collect()
}

/// Whether normalized messages report a failure beyond the server that answered: an HTTP
/// status of 5xx received from elsewhere ("received unexpected http code 502 from …", "status
/// code 503"), a network error's code (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`), or a
/// connection that could not be made ("Unable to establish connection to keystone endpoint").
pub(crate) fn reports_upstream_failure(messages: &[String]) -> bool {
    messages.iter().any(|n| {
        [
            "unable to establish connection",
            "could not establish connection",
            "unable to connect to",
            "could not connect to",
            "failed to connect to",
            "connection refused",
            "connection timed out",
        ]
        .iter()
        .any(|p| has(n, p))
            || {
                let words: Vec<&str> = n.split_whitespace().collect();
                let five_hundred = |w: &str| {
                    w.len() == 3 && w.starts_with('5') && w.bytes().all(|b| b.is_ascii_digit())
                };
                words.windows(3).any(|w| {
                    matches!(
                        (w[0], w[1]),
                        ("http", "code") | ("status", "code") | ("http", "status")
                    ) && five_hundred(w[2])
                }) || words.iter().any(|w| {
                    matches!(
                        *w,
                        "econnrefused" | "enotfound" | "etimedout" | "econnreset"
                    )
                })
            }
    })
}

/// Whether a normalized message holds a dotted IPv4 address (normalized into four numbers of at
/// most three digits, each at most 255).
fn has_ipv4(text: &str) -> bool {
    // (an octet is written without a leading zero: `07 05 10 02` is a date and a time)
    let octet = |w: &str| {
        w.len() <= 3
            && w.bytes().all(|b| b.is_ascii_digit())
            && (w == "0" || !w.starts_with('0'))
            && w.parse::<u16>().is_ok_and(|n| n <= 255)
    };
    let year = |w: &str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    let words: Vec<&str> = text.split_whitespace().collect();
    // An address inside a URL (`caller=http://127.0.0.1:5173`) names an origin, not the
    // caller's address; four numbers just after a year are its date and time
    // (`2024-11-12 13:14:15`).
    words.windows(4).enumerate().any(|(i, w)| {
        w.iter().all(|x| octet(x))
            && !(i > 0 && matches!(words[i - 1], "http" | "https" | "ws" | "wss"))
            && !words[i.saturating_sub(3)..i].iter().any(|x| year(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_further_on() {
        for (text, upstream) in [
            (
                "Authentication error: Received unexpected HTTP code 502 from Cloudflare Access",
                true,
            ),
            ("connect ECONNREFUSED 127.0.0.1:8080", true),
            ("Unable to establish connection to keystone endpoint.", true),
            ("Could not connect to LDAP server", true),
            ("Invalid token: status code 401", false),
            ("Authentication error", false),
        ] {
            assert_eq!(
                reports_upstream_failure(&[normalize(text)]),
                upstream,
                "{text}"
            );
        }
    }

    #[test]
    fn an_address_is_four_octets_and_no_date() {
        assert!(has_ipv4(&normalize(
            "Request from IP 203.0.113.9 is not allowed"
        )));
        assert!(!has_ipv4(&normalize("from 2023-07-05 10:02:53.682000Z")));
        assert!(!has_ipv4(&normalize("at 2024-11-12 13:14:15")));
        assert!(!has_ipv4(&normalize("caller=http://127.0.0.1:5173")));
    }

    #[test]
    fn werkzeugs_stock_403_sentence_is_stock() {
        assert!(is_stock(&normalize(
            "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server."
        )));
        assert!(!is_stock(&normalize(
            "You don't have the permission to access the billing reports."
        )));
        assert!(is_stock(&normalize(
            "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."
        )));
    }

    fn cause_of(texts: &[&str], present: bool) -> Option<Cause> {
        let n: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
        classify(&n, present).map(|s| s.cause)
    }

    #[test]
    fn a_credential_bound_to_another_address_is_an_address_rule() {
        assert_eq!(
            cause_of(
                &["User authorization failed: access_token was given to another ip address."],
                true
            ),
            Some(Cause::IpRestricted)
        );
        assert_eq!(
            cause_of(&["This token was issued for a different IP"], true),
            Some(Cause::IpRestricted)
        );
    }

    #[test]
    fn a_credential_that_lacks_something_is_there() {
        let scope = Some(Cause::InsufficientScope);
        assert_eq!(
            cause_of(
                &["The authentication token is missing a user ID and must be provided"],
                true
            ),
            scope
        );
        assert_eq!(
            cause_of(&["Your API key lacks the required permission"], true),
            scope
        );
        // The token itself missing is a missing credential.
        assert_eq!(
            cause_of(&["Authentication token is missing"], false),
            Some(Cause::MissingCredentials)
        );
        // "permission denied - invalid ticket": the ticket is judged (a 401's reading).
        assert!(judges_the_credential(&[normalize(
            "permission denied - invalid PVE ticket"
        )]));
    }

    #[test]
    fn where_a_key_may_be_used_and_what_was_not_taken_up() {
        assert_eq!(
            cause_of(&["The api key is not valid for the request origins."], true),
            Some(Cause::OriginRestricted)
        );
        assert_eq!(
            cause_of(&["No permissions. This API is not subscribed."], true),
            Some(Cause::EndpointNotEnabled)
        );
        // A plan the account is not subscribed to stays a plan.
        assert_eq!(
            cause_of(&["You are not subscribed to a paid plan"], true),
            Some(Cause::PlanRestricted)
        );
    }

    #[test]
    fn an_address_named_as_wrong_is_an_ip_rule() {
        let ip = Some(Cause::IpRestricted);
        assert_eq!(
            cause_of(
                &["Signature not valid: Incorrect IP address: 198.51.100.45"],
                true
            ),
            ip
        );
        assert_eq!(
            cause_of(
                &["The appkey is only allowed to call from 47.96.*.*, but your ip is 203.0.113.57"],
                true
            ),
            ip
        );
        // Without the address, or without it being what is wrong, it is not.
        assert_eq!(
            cause_of(&["Signature not valid: Incorrect IP address"], true),
            Some(Cause::SignatureMismatch)
        );
        assert_ne!(
            cause_of(&["Invalid API key (request from 203.0.113.57)"], true),
            ip
        );
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
            ("Disabled API Key", Cause::RevokedCredentials),
            (
                "Usage limits for the provided API Key have been exceeded.",
                Cause::PlanRestricted,
            ),
            (
                "This installation has disabled the JSON API.",
                Cause::EndpointNotEnabled,
            ),
            (
                "Current license terms does not allow interaction with APIs",
                Cause::PlanRestricted,
            ),
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
