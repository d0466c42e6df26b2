//! The rules of the server's words: for each cause, the predicates that say it and the
//! subjects one of which must stand in the same message.

use crate::explanation::Cause;

use super::{ACCOUNT, CREDENTIAL, ORIGIN_REFUSED, RESTRICTED, SERVICE};

/// One rule: a cause, the predicates that say it, and the subjects one of which must stand in
/// the same message (empty: the predicate names its subject itself).
pub(in crate::diagnose) struct Rule {
    pub(in crate::diagnose) cause: Cause,
    pub(in crate::diagnose) predicates: &'static [&'static str],
    pub(in crate::diagnose) subjects: &'static [&'static str],
}

/// The rules, most specific first: a state of the account or plan before a judgement on the
/// credential, and "invalid" last of all.
pub(in crate::diagnose) const RULES: &[Rule] = &[
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
            "invalid sign",
            "sign error",
            "sign invalid",
            "invalid hmac",
            "hmac mismatch",
            "computed signature",
            // ("signature calculated is different from client signature")
            "calculated signature",
            "signature calculated",
        ],
        subjects: &[],
    },
    // A signing header that lacks a part or is not laid out as the standard says (AWS's
    // `IncompleteSignature`: "does not conform to AWS standards", "missing equal-sign"): its
    // form, not a computed value, is at fault.
    Rule {
        cause: Cause::MalformedCredentials,
        predicates: &["incomplete signature", "signature does not conform"],
        subjects: &[],
    },
    // "This API is not subscribed": the API, not the account's plan, is what was not taken up.
    Rule {
        cause: Cause::EndpointNotEnabled,
        predicates: &[
            "api is not subscribed",
            "api not subscribed",
            "not subscribed to this api",
            "not subscribed to the api",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::PlanRestricted,
        predicates: super::plan::PLAN_WORDS,
        subjects: &[],
    },
    Rule {
        cause: Cause::PlanRestricted,
        predicates: &[
            "require",
            "requires",
            "required",
            "need",
            "needs",
            "needed",
            "upgrade",
            "not included",
            "not available",
            "only available",
            "does not include",
            "exceeded",
            "insufficient",
            "not sufficient",
            "expired",
            "has ended",
            "not active",
            "inactive",
            // "Current license terms does not allow interaction with APIs"
            "does not allow",
            "do not allow",
        ],
        subjects: &[
            "plan",
            "plans",
            "subscription",
            "tier",
            "billing",
            "quota",
            "credits",
            // a prepaid account's money ("Your current balance is 0, which is not sufficient
            // for the sending of this message"), as "insufficient balance" says
            "balance",
            "pricing",
            // an account's allowance of calls or data (`exceeded-account-…-allowance`)
            "allowance",
            // "Usage limits for the provided API Key have been exceeded"
            "usage limit",
            "usage limits",
            "license",
            "licenses",
            "licence",
        ],
    },
    // What is left of a prepaid account's money: "your account balance being low" (credits
    // used up or run out may be a window's, "for the current minute": the words of time
    // decide those)
    Rule {
        cause: Cause::PlanRestricted,
        predicates: &["low", "too low", "not enough", "depleted"],
        // (a prepaid bundle of calls: "Resource pack depleted or expired")
        subjects: &[
            "balance",
            "credits",
            "credit",
            "funds",
            "resource pack",
            "resource package",
        ],
    },
    // A payment the account owes, not one the request makes ("This payment request is
    // expired", "payment failed" are the payload's business).
    Rule {
        cause: Cause::PlanRestricted,
        predicates: &["required", "overdue", "past due", "outstanding"],
        subjects: &["payment"],
    },
    Rule {
        cause: Cause::OrganizationPolicy,
        predicates: &[
            "sso",
            // SAML as an organization's sign-in, not a SAML response's own state ("SAML
            // assertion expired", to a request that posted one)
            "saml sso",
            "saml enforcement",
            "saml enforced",
            "enforces saml",
            "saml authentication",
            "saml login",
            "saml sign in",
            "via saml",
            "through saml",
            "saml single sign on",
            "saml session",
            // "Please use OIDC authentication": signing in only through the identity provider
            "use oidc",
            "use openid connect",
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
            // terms the account must accept first (Matrix's `M_TERMS_NOT_SIGNED`)
            "terms not signed",
            "terms not accepted",
            "accept the terms",
        ],
        subjects: &[],
    },
    // An OpenAPI validator that found no credential satisfying any security requirement of
    // the operation (openapi-core: "Security not found. Schemes not valid for any
    // requirement: [['BearerAuth']]"): what the request carries is not what the operation
    // declares, by scheme or by place.
    Rule {
        cause: Cause::MissingCredentials,
        predicates: &["security not found", "not valid for any requirement"],
        subjects: &[],
    },
    // An address blocked for a while after repeated failures ("Too many failed login attempts
    // from your IP address. This IP address is temporarily blocked."): flood control, which
    // time lifts, not an allow-list.
    Rule {
        cause: Cause::RateLimited,
        predicates: &[
            "too many failed",
            "too many attempts",
            "too many login",
            "too many authentication",
            "too many tries",
            "too many unsuccessful",
            "too many invalid",
        ],
        subjects: &["ip", "ip address", "address"],
    },
    Rule {
        cause: Cause::IpRestricted,
        predicates: &[
            "unsupported country",
            "country region or territory",
            "not available in your country",
            "not available in your region",
            "ip address blocked",
            // an endpoint served to the server's own machine alone ("Endpoint available from
            // localhost only")
            "localhost only",
            "only from localhost",
            // RabbitMQ's `loopback_users`: "User can only log in via localhost"
            "via localhost",
            "only accessible from localhost",
            "only available from localhost",
            "only allowed from localhost",
            "from location",
            "from this location",
            "from your location",
            // "Access from unauthorized location [109.81.209.223]!"
            "unauthorized location",
            "unauthorised location",
            "location not allowed",
            "location is not allowed",
        ],
        subjects: &[],
    },
    // A credential bound to the address it was issued to ("access_token was given to another
    // ip address", "token issued for a different IP").
    Rule {
        cause: Cause::IpRestricted,
        predicates: &[
            "to another",
            "to a different",
            "for another",
            "for a different",
        ],
        subjects: &["ip", "ip address"],
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
            // "This installation has disabled the JSON API."
            "has disabled the",
            "have disabled the",
            // a code of the state (`@ClassroomApiDisabled`, `API_DISABLED`,
            // `NETWORK_API_ACCESS_DISABLED`)
            "api disabled",
            "apis disabled",
            "access disabled",
            // "This project does not have the access to Custom Search JSON API."
            "project does not have access",
            "project does not have the access",
            "project has no access",
            "application does not have access",
            "app does not have access",
        ],
        subjects: SERVICE,
    },
    // A feature that must be switched on first ("Advanced Security must be enabled for this
    // repository to use code scanning").
    Rule {
        cause: Cause::EndpointNotEnabled,
        predicates: &[
            "must be enabled",
            "needs to be enabled",
            "has to be enabled",
            "must be activated",
            "must be turned on",
        ],
        subjects: &[
            "api",
            "apis",
            "service",
            "feature",
            "product",
            "integration",
            "module",
            "repository",
            "project",
            "plugin",
            "add on",
            "addon",
        ],
    },
    // A way of signing in turned off for the caller's organization ("legacy token
    // authentication has been disabled for this organization", Label Studio's): the
    // organization's setting, not the account's state. (After the rules of features and
    // APIs not enabled: "feature … disabled for your organization" is one of those.)
    Rule {
        cause: Cause::OrganizationPolicy,
        predicates: &[
            "disabled for this",
            "disabled for your",
            "disabled by this",
            "disabled by your",
        ],
        subjects: &[
            "organization",
            "organisation",
            "org",
            "workspace",
            "tenant",
            "enterprise",
        ],
    },
    Rule {
        cause: Cause::AccountSuspended,
        // The caller's access as a whole, ended by the provider ("Access terminated. Review
        // our Community Guidelines").
        predicates: &[
            "access terminated",
            "access has been terminated",
            "access suspended",
            "access has been suspended",
            // an account that may not sign in until its address is confirmed
            "email not verified",
            "email is not verified",
            "email address not verified",
            "email address is not verified",
            "email not confirmed",
            "email is not confirmed",
            "email address not confirmed",
            "email is not verified",
            "e mail is not verified",
            "email not verified",
            "e mail not verified",
            "email address is not verified",
            "unverified email",
            // (the account or user itself: fastapi-users' `LOGIN_USER_NOT_VERIFIED`)
            "user not verified",
            "user is not verified",
            "account not verified",
            "account is not verified",
            "verify your email",
            "confirm your email",
            // a registration or account waiting for its check ("Registration needs
            // verification")
            "needs verification",
            "requires verification",
            "pending verification",
            "awaiting verification",
        ],
        subjects: &[],
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
            "barred",
            // "the user is forbidden to sign in, please contact the administrator"
            "forbidden to sign in",
            "forbidden to log in",
            "forbidden to login",
            "not allowed to sign in",
            "not allowed to log in",
            "not allowed to login",
            "inactive",
            "not active",
            // "Not an active user"
            "not an active",
            "blocked",
            "terminated",
            "closed",
            "frozen",
            "deleted",
            // an account waiting for an administrator ("Your account is pending approval")
            "not approved",
            "not yet approved",
            "pending approval",
            "awaiting approval",
            "waiting for approval",
            // ... or for its owner to finish signing up ("Account Pending Registration")
            "pending registration",
            "pending verification",
            "pending activation",
            "not activated",
        ],
        subjects: ACCOUNT,
    },
    Rule {
        cause: Cause::OriginRestricted,
        predicates: ORIGIN_REFUSED,
        subjects: &["origin", "origins", "referer", "referrer"],
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
            "origins",
            // a browser's request from another site (Sec-Fetch-Site: cross-site)
            "cross site",
            "cross origin",
            // the web domains a browser key is registered for ("domain mismatched")
            "domain",
            "domains",
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
            // the two modes named as a pair ("Try switching live / test API keys")
            "live test api keys",
            "live test api key",
            "live test keys",
            "live test key",
            "live test mode",
            "test live api keys",
            "test live api key",
            "test live keys",
            "test live key",
            "test live mode",
            "wrong region",
            "different region",
            "out of region",
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
            "test account credentials",
            "test api key",
            "live credentials",
            "bad audience",
            "audience mismatch",
            "invalid issuer",
            "issuer mismatch",
            "should match organization",
            "should match project",
            // a host of the account's own ("Request must be made to correct API access point")
            "correct api access point",
            "wrong api access point",
            "correct data center",
            "correct datacenter",
            "wrong data center",
            "wrong datacenter",
            "different data center",
            "different datacenter",
        ],
        subjects: &[],
    },
    // Both sides of an environment pair in one message ("a call to the production endpoint
    // whereas your application only has access to the sandbox environment"): the request
    // and its credential belong to different ones.
    Rule {
        cause: Cause::WrongEnvironment,
        predicates: &["sandbox", "staging", "testnet"],
        subjects: &["production", "live", "mainnet"],
    },
    Rule {
        cause: Cause::WrongEnvironment,
        predicates: &["production", "live", "mainnet"],
        subjects: &["sandbox", "staging", "testnet"],
    },
    Rule {
        cause: Cause::EndpointNotEnabled,
        // an application not set up for a product ("App is not provisioned for USSD")
        predicates: &["not provisioned for", "is not provisioned to use"],
        subjects: &[],
    },
    Rule {
        cause: Cause::WrongEnvironment,
        // "Live secret keys can't be used to verify a test transaction"
        predicates: &[
            "cannot be used",
            "can only be used",
            "only be used",
            "not valid for",
            "not allowed for",
            "not allowed in",
        ],
        subjects: &[
            "live key",
            "live keys",
            "live secret key",
            "live secret keys",
            "live api key",
            "test key",
            "test keys",
            "test secret key",
            "test secret keys",
            "test api key",
        ],
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
            "invalid",
        ],
        subjects: &[
            "audience",
            "aud",
            "issuer",
            "environment",
            "env",
            "sandbox",
            "production",
            "testnet",
            "mainnet",
            "region",
            "tenant",
            // a multi-tenant service's unit ("Workspace does not match")
            "workspace",
        ],
    },
    Rule {
        cause: Cause::InsufficientScope,
        predicates: &[
            "insufficient scope",
            "insufficient scopes",
            // RFC 6749 §5.2 `invalid_scope`, written out
            "invalid scope",
            "invalid scopes",
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
            // Laravel's AuthorizationException, what a gate or policy that said no renders
            "this action is unauthorized",
            "this action is unauthorised",
            // (not "insufficient authorization": OANDA answers a token of the other
            // environment so, with a 401)
            "insufficient role",
            "insufficient roles",
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
            "no write permission",
            "no read permission",
            "no write access",
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
            // a credential refused for the thing asked of it ("API key not authorized for this
            // library")
            "not authorized for this",
            "not authorised for this",
            "not authorized to execute",
            "not authorised to execute",
            // GraphQL field-level authorization ("Unauthorized to access Mutation.projectUpdate")
            "unauthorized to access",
            "not authorised to perform",
            "not authorised to access",
            "not have access",
            // an action reserved to a role ("Only administrator can access API.")
            "only administrator can",
            "only administrators can",
            "only admin can",
            "only admins can",
            "only the owner can",
            "only owners can",
            // an access named by its level ("User does not have admin access")
            "not have admin access",
            "not have administrator access",
            "not have read access",
            "not have sufficient access",
            "not have enough access",
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
            "need to be an admin",
            "need to be an administrator",
            "needs to be an admin",
            "need to be admin",
            // GraphQL field-level authorization (Envelop's "Unauthorized field or type")
            "unauthorized field",
            "not authorized to access field",
            "administrator privileges",
            "admin privileges",
            // a level of access named by its role ("Administrator level required")
            "administrator level",
            "admin level",
            "operator level",
            "administrator rights",
            "admin rights",
            "not management user",
            "not a management user",
            "permission error",
            "scope requirement",
            "not have authorization",
            // Kubernetes RBAC: `User "…" cannot list resource "pods"`, `cannot get path
            // "/metrics"`; "Cannot get this video" alone says nothing of a permission
            "cannot list resource",
            "cannot get resource",
            "cannot create resource",
            "cannot delete resource",
            "cannot update resource",
            "cannot watch resource",
            "cannot patch resource",
            "cannot get path",
            "cannot read",
            "cannot write",
            // "does not have right MANAGE_USERS", "no right to"
            "not have right",
            "not have the right to",
            "no right to",
            "has no right",
            "restricted api key",
            "restricted key",
            // an operation's access, refused or asked for ("Write access denied")
            "write access denied",
            "write access is denied",
            "write access required",
            "write access is required",
            "no write access",
            "not have write access",
            "read access denied",
            "read access is denied",
            "no read access",
            "delete access denied",
            "admin access denied",
            "admin access required",
            "admin access is required",
            "write permission denied",
            "write permission required",
            // a right the operation needs ("'Listen' claim(s) are required to perform this
            // operation")
            "required to perform this operation",
            "required to perform this action",
            "required for this operation",
            "required for this action",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // "The caller is authenticated but not allowed to do this": who it is was accepted
        // ... and a policy's verdict on the action ("with an explicit deny")
        predicates: &[
            "authenticated but",
            // a role the caller is told it does not hold ("Not administrator user",
            // "User is not an administrator: jdoe")
            "not administrator",
            "not an administrator",
            "not admin user",
            "not an admin",
            "not a superuser",
            "not superuser",
            "not a super user",
            "not management user",
            "not a management user",
            "authenticated however",
            "explicit deny",
            "explicitly denied",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // a level of access below what is asked ("Access level of this key is not high
        // enough")
        predicates: &[
            "not high enough",
            "too low",
            "insufficient",
            "not sufficient",
        ],
        subjects: &[
            "access level",
            "permission level",
            "privilege level",
            "authorization level",
            "user level",
        ],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // access the caller lacks to a thing ("user does not have edit access to <class
        // 'Article'>", "Token has no access to this repository"): not an access token
        predicates: &["not have", "has no", "have no", "without"],
        subjects: &[
            "access to",
            "edit access",
            "write access",
            "read access",
            "delete access",
            "admin access",
            // a role's reach ("This API key does not have dashboard access")
            "dashboard access",
            "console access",
            "management access",
        ],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // a caller's privileges found wanting (Barbican's "Secret creation attempt not allowed
        // - please review your user/project privileges")
        predicates: &["not allowed", "review your", "check your", "lack", "lacks"],
        subjects: &["privileges", "user privileges", "project privileges"],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // an access policy's verdict on the caller's action (oslo.policy, every OpenStack
        // service's: "Policy doesn't allow compute:servers:index to be performed.")
        predicates: &["does not allow", "do not allow", "not allow"],
        subjects: &["policy", "policies", "access policy", "rbac policy"],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // "edit failed permission check", "Permission check failed"
        predicates: &["failed", "fails", "did not pass"],
        subjects: &[
            "permission check",
            "permissions check",
            "access check",
            "access control check",
        ],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // an action of an identified caller refused by name ("Message denied. Action 'emit'
        // is not permitted.", "Action is forbidden for this API key")
        predicates: &[
            "not permitted",
            "not allowed",
            "is forbidden",
            "are forbidden",
        ],
        subjects: &["action", "actions", "operation", "operations"],
    },
    Rule {
        cause: Cause::InsufficientScope,
        // a named caller refused an action ("user alice is not allowed to publish package
        // @acme/billing-client", Verdaccio's): who it is was accepted, what it may do was not
        // (not "you are not allowed to create posts as this user", WordPress's word to a
        // caller it did not identify)
        predicates: &["is not allowed to", "is not permitted to"],
        subjects: &["user", "role", "group", "member"],
    },
    Rule {
        cause: Cause::InsufficientScope,
        predicates: &[
            // "Token is granted for [YouTrack] and can't be used for 0-0-0-0-0"
            "cannot be used for",
            "not allowed with",
            // "Endpoint interaction not permitted by token": the token's own limits
            "not permitted by",
            "not allowed by",
            "not allowed for this",
            "not permitted with",
            "not allowed to use",
            "restricted to only",
            "is restricted to",
            "only has access",
            "only have access",
            "read only",
            // "JWT is insufficient": the credential holds too little for this
            "is insufficient",
            "are insufficient",
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
            // negated possession: "does not have the admin role", "has no rights"
            "not have",
            "has no",
            "have no",
            "insufficient",
            // "PERMISSIONS_NOT_SUFFICIENT"
            "not sufficient",
            "invalid",
            "mismatch",
            "outside",
            // "Resource not in token's scopes"
            "not in",
            // "Scope not allowed: orders/read. Expected: orders/write", "should have access to
            // one of those scopes", "Bad token scope": what the token holds, found wanting
            "not allowed",
            "should have",
            "expected",
            "bad",
            "wrong",
            "not granted",
            "not include",
        ],
        subjects: crate::observe::scopes::PERMISSION_NOUNS,
    },
    Rule {
        cause: Cause::WrongScheme,
        // a way of authenticating the server does not take ("Attempted to authenticate with
        // an unsupported method.")
        predicates: &[
            "authenticate with an unsupported method",
            "unsupported authentication method",
            "unsupported auth method",
            "authentication method not supported",
            "authentication method is not supported",
            "authentication method not allowed",
            "authentication method is not allowed",
            // the `Authorization` header's type refused ("Unexpected authorization type")
            "unexpected authorization type",
            "unsupported authorization type",
            "invalid authorization type",
            "authorization type not supported",
            "authorization type is not supported",
        ],
        subjects: &[],
    },
    Rule {
        cause: Cause::WrongScheme,
        predicates: &[
            "are not supported",
            "is not supported",
            "not supported by this api",
        ],
        subjects: CREDENTIAL,
    },
    Rule {
        cause: Cause::ExpiredCredentials,
        // A session that was there and ended ("You are no longer logged in, so the action
        // could not be completed.", MediaWiki's `assertuserfailed`)
        predicates: &[
            "no longer logged in",
            "no longer signed in",
            "no longer authenticated",
            // ... or is no longer fresh enough for what is asked ("You must reauthenticate to
            // access this endpoint"): a recent sign-in is wanted
            "must reauthenticate",
            "must re authenticate",
            "reauthentication required",
            "re authentication required",
            "reauthentication is required",
        ],
        subjects: &[],
    },
    // A session or token ended by a timeout ("Refresh token exceeded inactivity timeout",
    // "Session timed out"): its lifetime ran out.
    Rule {
        cause: Cause::ExpiredCredentials,
        predicates: &[
            "timed out",
            "inactivity timeout",
            "idle timeout",
            "due to inactivity",
            "after inactivity",
        ],
        subjects: &[
            "session",
            "sessions",
            "token",
            "tokens",
            "refresh token",
            "access token",
            "login",
            "cookie",
        ],
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
            // "too many" of something a client repeats; not "too many parts" of a header
            "too many calls",
            "too many api",
            "too many attempts",
            "too many failed",
            "too many unsuccessful",
            "too many login",
            "too many authentication",
            "too many auth",
            "too many tries",
            "too many times",
            "too many connections",
            "too many concurrent",
            "too many queries",
            "throttled",
            "throttling",
            // "You are trying to access 'quote' too often"
            "too often",
            "too frequent",
            "too frequently",
            "slow down",
            "request limit",
            // ("LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR")
            "requests exceeds",
            "requests exceeded",
            // (the same limit counted in calls: "Call limit exceeded")
            "call limit",
            "request rate",
            "rate threshold",
            "requests per",
            // (a search API's "number of queries per day was exceeded")
            "queries per",
            "calls per",
            // queries per second (a gateway's `ERR_403_DEVELOPER_OVER_QPS`)
            "over qps",
            "qps exceeded",
            "qps limit",
            "queries per second",
            "attempts exceeded",
            "exceeded limit",
            // a limit of calls met (`API_KEY_LIMIT_REACHED`); a plan's is named as one
            // ("monthly limit"), and read before this
            "limit reached",
            "limit has been reached",
            "number of attempts",
            "excessive attempts",
            "excessive requests",
            "excessive login",
            // the same in the languages APIs most often answer in after English: Portuguese
            // (SUAP's "Tentativas excessivas de logins"), Spanish, French, German
            "tentativas excessivas",
            "muitas tentativas",
            "muitas requisições",
            "demasiadas solicitudes",
            "demasiadas peticiones",
            "demasiados intentos",
            "trop de requêtes",
            "trop de tentatives",
            "zu viele anfragen",
            "zu viele versuche",
        ],
        subjects: &[],
    },
];
