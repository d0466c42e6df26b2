//! Stripe API.
//!
//! Sources:
//! - errors and codes (`api_key_expired`, `secret_key_required`, `rate_limit`):
//!   <https://docs.stripe.com/error-codes>, <https://docs.stripe.com/api/errors>
//! - keys (test/live, restricted `rk_`, publishable `pk_`), and rolling or expiring keys:
//!   <https://docs.stripe.com/keys>
//! - restricted key permissions ("Having the 'rak_…' permission would allow this request to
//!   continue."): <https://docs.stripe.com/keys#limit-access>
//! - test/live mismatch ("a similar object exists in live mode, but a test mode key was
//!   used"): <https://docs.stripe.com/testing#test-mode>

use super::{Hint, Profile, by_code, by_phrase, header, secret_starts_with};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Stripe",
    hosts: &["stripe.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const KEYS_PAGE: &str =
    "https://dashboard.stripe.com/apikeys (test keys: https://dashboard.stripe.com/test/apikeys)";

const CODES: &[Hint] = &[
    (
        "api_key_expired",
        Cause::ExpiredCredentials,
        "the Stripe API key has expired: it was rolled with an expiry, or it is a key the Stripe CLI created (they expire after 90 days)",
        "create or roll a key at https://dashboard.stripe.com/apikeys, or run `stripe login` again",
    ),
    (
        "secret_key_required",
        Cause::InvalidCredentials,
        "a publishable key (pk_) was used for a call that needs a secret or restricted key",
        "use the secret key (sk_) or a restricted key (rk_) on the server; publishable keys only belong in Stripe.js and mobile apps",
    ),
    (
        "platform_api_key_expired",
        Cause::ExpiredCredentials,
        "the platform's API key has expired",
        "roll the platform key in the Dashboard",
    ),
    (
        "rate_limit",
        Cause::RateLimited,
        "Stripe's rate limit: too many requests too quickly",
        "retry with exponential backoff; Stripe-Should-Retry tells whether a retry may succeed",
    ),
];

const PHRASES: &[Hint] = &[
    (
        "a similar object exists in live mode, but a test mode key",
        Cause::WrongEnvironment,
        "the object belongs to live mode, but a test-mode key was used",
        "use the live key (sk_live_…) for live objects, or create the object in test mode",
    ),
    (
        "a similar object exists in test mode, but a live mode key",
        Cause::WrongEnvironment,
        "the object belongs to test mode, but a live-mode key was used",
        "use the test key (sk_test_…) for test objects",
    ),
    (
        "does not have access to account",
        Cause::WrongEnvironment,
        "the Stripe-Account header names an account this key's platform cannot act on (not connected, or another platform's)",
        "check the connected account id in Stripe-Account, and that the key belongs to its platform",
    ),
    (
        "does not have the required permissions for this endpoint",
        Cause::InsufficientScope,
        "",
        "edit the restricted key at https://dashboard.stripe.com/apikeys and grant the permission the message names",
    ),
    (
        "publishable api key",
        Cause::InvalidCredentials,
        "a publishable key (pk_) was used for a call that needs a secret or restricted key",
        "use the secret key (sk_) or a restricted key (rk_) on the server",
    ),
    (
        "you did not provide an api key",
        Cause::MissingCredentials,
        "Stripe found no API key: it reads `Authorization: Bearer sk_…` (or Basic with the key as user name)",
        "",
    ),
    (
        "expired api key provided",
        Cause::ExpiredCredentials,
        "the Stripe API key has expired",
        "create or roll a key at https://dashboard.stripe.com/apikeys",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(mut d) = by_code(ctx, "Stripe", CODES).or_else(|| by_phrase(ctx, PHRASES)) {
        if d.cause == Cause::RateLimited {
            if let Some(v) = header(ctx.headers, "stripe-should-retry") {
                d = d.evidence(format!("Stripe-Should-Retry: {v}"));
            }
        }
        return Some(d);
    }
    let text = ctx.text();
    if text.contains("invalid api key provided") {
        let env = if secret_starts_with(ctx, "sk_test_") || secret_starts_with(ctx, "rk_test_") {
            " (a test-mode key)"
        } else if secret_starts_with(ctx, "sk_live_") || secret_starts_with(ctx, "rk_live_") {
            " (a live-mode key)"
        } else {
            ""
        };
        return Some(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary(format!(
                    "Stripe does not recognise this key{env}: it is mistyped, deleted, or was rolled and its grace period ended"
                ))
                .remedy(format!("copy the current key from {KEYS_PAGE}"))
                .server_said(ctx),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn restricted_key_permission() {
        let e = run(
            "https://api.stripe.com/v1/charges",
            &[("authorization", "Bearer rk_live_FAKESECRETabcdefghijklmnop")],
            403,
            &[("request-id", "req_X")],
            r#"{"error":{"message":"The provided key 'rk_live_*********************mnop' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_read' permission would allow this request to continue.","type":"invalid_request_error"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["rak_charge_read"]);
        assert!(!e.to_string().contains("FAKESECRET"));
        assert!(
            !e.to_string().contains("mnop'"),
            "masked echo scrubbed: {e}"
        );
    }

    #[test]
    fn expired_invalid_and_mode_mismatch() {
        let e = run(
            "https://api.stripe.com/v1/account",
            &[("authorization", "Bearer rk_test_FAKESECRETxxxxxxxxxxxxxxxx")],
            401,
            &[("www-authenticate", "Basic realm=\"Stripe\"")],
            r#"{"error":{"code":"api_key_expired","message":"Expired API Key provided: rk_test_***xxxx","type":"invalid_request_error"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
        let e = run(
            "https://api.stripe.com/v1/customers",
            &[("authorization", "Bearer sk_test_FAKESECRETxxxxxxxxxxxxxxxx")],
            401,
            &[("www-authenticate", "Basic realm=\"Stripe\"")],
            r#"{"error":{"message":"Invalid API Key provided: sk_test_****xxxx","type":"invalid_request_error"}}"#,
        );
        assert_eq!(
            e.cause(),
            Some(Cause::InvalidCredentials),
            "not wrong_scheme: {e}"
        );
        assert!(e.summary().contains("test-mode"));
        let e = run(
            "https://api.stripe.com/v1/customers/cus_1",
            &[("authorization", "Bearer sk_test_FAKESECRETxxxxxxxxxxxxxxxx")],
            403,
            &[],
            r#"{"error":{"code":"resource_missing","message":"No such customer: 'cus_1'; a similar object exists in live mode, but a test mode key was used to make this request.","type":"invalid_request_error"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongEnvironment));
    }
}
