//! The phrase tables the server's words are read with: the subjects, the rules (a cause, its
//! predicates and subjects) and the predicate lists of credential states.

mod plan;
mod table;
pub(super) use table::RULES;

/// Words that name a credential.
pub(super) const CREDENTIAL: &[&str] = &[
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
    "cookies",
    "bearer",
    "username",
    "user name",
    "login",
    // "Sign-in information is incorrect"
    "sign in",
    "signin",
    // Kerberos and session tickets (Proxmox's PVEAuthCookie)
    "ticket",
    // identifiers that authenticate by themselves (Infura's project id, an app id in a URL)
    "project id",
    "client id",
    // RFC 6749 §2.2 names it so
    "client identifier",
    "app id",
    "appid",
    "api id",
    "apiid",
    "application id",
    // a client certificate (mutual TLS, or forwarded by a proxy in a header): "Client
    // certificate is expired or not yet valid"
    "client certificate",
    // a SAML response's assertion (SAML 2.0 Core §2.3), which a service provider judges
    // ("SAML assertion expired", "Assertion is not yet valid")
    "assertion",
    "saml response",
];

/// Words that name an account or its holder.
pub(super) const ACCOUNT: &[&str] = &[
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
    // Google's "Consumer 'projects/…' has been suspended": the calling project
    "consumer",
    // the party a platform contracts with ("This partner is suspended", "Merchant disabled")
    "partner",
    "merchant",
    "seller",
    "vendor",
    "company",
    "business",
    "client",
    // a software license that authenticates (Keygen's `License` scheme): "License is
    // suspended"
    "license",
];

/// Words that name an API, a service or a feature.
pub(super) const SERVICE: &[&str] = &[
    "api",
    "apis",
    "service",
    "webservice",
    "web service",
    "endpoint",
    "feature",
    "product",
    "method",
    "integration",
    "module",
];

/// Predicates that say something is not allowed from somewhere.
pub(super) const RESTRICTED: &[&str] = &[
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
    "mismatched",
    "unmatched",
    "does not match",
    "not match",
    "prohibited",
    "not enabled",
    "unregistered",
    "not registered",
    "invalid",
    // on a deny list: "IP is blacklisted"
    "blacklisted",
    "blocklisted",
    "denylisted",
];

/// What refuses a credential where it is used, for origins only: "The api key is not valid
/// for the request origins", "domain not trusted".
pub(super) const ORIGIN_REFUSED: &[&str] = &[
    "not valid for",
    "not trusted",
    "incorrect",
    "invalid",
    // python-engineio's "Not an accepted origin."
    "not an accepted",
    "not accepted",
];

/// Of [`RESTRICTED`], the predicates that judge a credential rather than where it may be used
/// from: beside an IP address they do not make it the reason.
pub(super) const JUDGE_THE_KEY: &[&str] = &[
    "unauthorized",
    "unauthorised",
    "not authorized",
    "forbidden",
    "rejected",
    "mismatch",
    "does not match",
    "not match",
    "invalid",
];

/// What may expire or be revoked besides a credential: the access or consent it stands for.
pub(super) const GRANT: &[&str] = &["access", "grant", "consent", "authorization", "requisition"];

/// Phrases that say a credential is valid but not for this resource or endpoint.
pub(super) const NOT_FOR_THIS: &[&str] = &[
    "for given resource",
    "for the given resource",
    "for the resource",
    "for this resource",
    "this endpoint",
    "for this api",
    "for this product",
    "for this service",
    "to access this url",
    "for this url",
];

/// Predicates of a credential's state; each needs a credential word in the same message.
pub(super) const EXPIRED: &[&str] = &[
    "expired",
    "has expired",
    "is expired",
    "expiry",
    "expires",
    // OAuth introspection's `active: false` (RFC 7662 §2.2): expired, revoked or never valid
    "not active",
];
pub(super) const REVOKED: &[&str] = &[
    "revoked",
    // a token put on the server's deny list at logout (tymon/jwt-auth)
    "blacklisted",
    "blocklisted",
    "denylisted",
    "terminated",
    "no longer active",
    "no longer valid",
    // "This API token became invalid on Dec. 1, 2026: Token found in a public gist"
    "became invalid",
    "inactive",
    "banned",
    "suspended",
    "blocked",
    "has been revoked",
    "invalidated",
    "rotated",
    // "You are using an outdated API key": one replaced by a newer key
    "outdated",
    "been deleted",
    "was deleted",
    "deactivated",
    "been disabled",
    "is disabled",
    // a single-use grant (an authorization code, a rotated refresh token) spent before
    "has been used",
    "already used",
    "already been used",
    "already redeemed",
];
pub(super) const MALFORMED: &[&str] = &[
    "malformed",
    // "Corrupted or illegal authorization token": damaged in its form
    "corrupted",
    "corrupt",
    // "Credentials are missing or the syntax is not correct"
    "syntax is not correct",
    "syntax is incorrect",
    "incorrect syntax",
    "invalid syntax",
    "badly formatted",
    "bad format",
    "wrong format",
    "invalid format",
    // "Token format error" (bearer-token-parser's description)
    "format error",
    "incorrectly formatted",
    "could not parse",
    "cannot parse",
    "unable to parse",
    // "Unable to decode credentials" (a Basic value that is not base64); not "unable to
    // decode or verify token", which decides nothing between the two
    "decode credentials",
    "decode the credentials",
    "not well formed",
    "must be in the format",
    // a validator's rule of form ("\"x-api-key\" with value … fails to match the required
    // pattern"), whose "required" asks nothing missing
    "fails to match the required pattern",
    "does not match the required pattern",
    "match the required pattern",
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
    // the credential's structure, not its value ("invalid credentials structure", Hono's
    // description of an `Authorization` that is not `Bearer <token>`)
    "invalid structure",
    "credentials structure",
    "token structure",
    "structure is invalid",
];
/// "Not found where the server looks": the credential is absent, or where it is not read.
pub(super) const MISSING: &[&str] = &[
    "missing",
    "not provided",
    // ("Expected authorization in headers, but none provided.")
    "none provided",
    "none was provided",
    "none supplied",
    "none given",
    "not present",
    "not supplied",
    "not sent",
    "not set",
    "not included",
    // "Request did not include the secret token": the request's own omission
    "did not include",
    "did not contain",
    "is required",
    "are required",
    "required",
    "must be provided",
    "must provide",
    "must specify",
    "must be specified",
    "must be supplied",
    // "An API key must be passed as query or header"
    "must be passed",
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
    // Bean Validation's messages (Micronaut's "tokenRefreshRequest.refreshToken: must not be
    // blank")
    "must not be blank",
    "must not be empty",
    "must not be null",
    "cannot be blank",
];
/// Phrases that say the request is not authenticated, subject included.
pub(super) const UNAUTHENTICATED: &[&str] = &[
    "authentication required",
    "requires authentication",
    "authentication is required",
    "auth required",
    "auth is required",
    "requires auth",
    "login required",
    "must be logged in",
    "must be authenticated",
    "must authenticate",
    "need to authenticate",
    "please authenticate",
    "must log in",
    "must sign in",
    "must be signed in",
    "need to log in",
    "need to sign in",
    "need to be authenticated",
    "need to be logged in",
    "need to be signed in",
    "have to log in",
    "have to sign in",
    "have to be logged in",
    "not logged in",
    "not authenticated",
    "not authed",
    "unauthenticated",
    "sign in required",
    "please log in",
    "please sign in",
    "please login",
];
pub(super) const INVALID: &[&str] = &[
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
    "not registered",
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
    // "could not decrypt key with given passphrase": the passphrase does not open the key
    "could not decrypt",
    "cannot decrypt",
    "unable to decrypt",
    "failed to decrypt",
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
pub(super) const REJECTED: &[&str] = &[
    "bad credentials",
    "authentication failed",
    "authentication failure",
    "auth failed",
    // a compound code split into words (`SessionCreate.AuthFail`)
    "auth fail",
    "authentication failing",
    "could not authenticate",
    // "User couldn't be authenticated, aborting call."
    "could not be authenticated",
    "cannot be authenticated",
    "unable to authenticate",
    "failed to authenticate",
    "cannot authenticate",
    "authentication error",
    "invalid authentication",
    "invalid auth",
    // "Unable to log in with provided credentials" (Django REST framework's token login)
    "unable to log in",
    "could not log in",
    "cannot log in",
    "login failed",
    "log in failed",
    "sign in failed",
    "signin failed",
    // "Login denied." (a sign-in refused, not a permission)
    "login denied",
    "log in denied",
    "login rejected",
];

/// Codes that name a class of failure rather than its reason (gRPC canonical codes, HTTP
/// reason phrases as codes): the message says more.
pub(super) const CATEGORY_CODES: &[&str] = &[
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

/// What a server says of a request signature it does not accept.
pub(super) const SIGNATURE_PREDICATES: &[&str] = &[
    // a signature's time window passed (the time it signs is stale or the clocks differ)
    "expired",
    "cannot be verified",
    "could not be verified",
    "not verified",
    "not valid",
    "invalid",
    "mismatch",
    "does not match",
    "do not match",
    "did not match",
    "incorrect",
    "wrong",
    "bad",
    // "illegal signature" (签名非法, as many APIs translate it)
    "illegal",
    "failed",
    "failure",
    "verification failed",
    "error",
];

/// Phrases that say the server looked where it reads a credential and found none.
pub(super) const STRONG_MISSING: &[&str] = &[
    // "Authorization header not found."
    "header not found",
    "header was not found",
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
pub(super) const NO_VALID: &[&str] = &[
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
