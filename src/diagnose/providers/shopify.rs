//! Shopify Admin API (REST and GraphQL).
//!
//! Sources:
//! - status codes (401 invalid token, 403 missing scope or merchant approval, 423 locked,
//!   429 with `Retry-After` and `X-Shopify-Shop-Api-Call-Limit`):
//!   <https://shopify.dev/docs/api/usage/response-codes>
//! - access scopes: <https://shopify.dev/docs/api/usage/access-scopes>
//! - rate limits: <https://shopify.dev/docs/api/usage/limits#rest-admin-api-rate-limits>

use super::{Hint, Profile, by_phrase, header};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Shopify",
    hosts: &["myshopify.com", "shopify.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const PHRASES: &[Hint] = &[
    (
        "invalid api key or access token",
        Cause::InvalidCredentials,
        "Shopify does not accept this access token for this shop: mistyped, for another shop, or invalidated when the app was uninstalled",
        "reinstall the app (or rotate the custom app's Admin API token) and use the token of this shop",
    ),
    (
        "requires merchant approval for",
        Cause::InsufficientScope,
        "",
        "add the scope to the app's access scopes (shopify.app.toml or the app's configuration) and have the merchant approve the update",
    ),
    (
        "protected customer data",
        Cause::InsufficientScope,
        "the app is not approved for protected customer data",
        "request protected customer data access in the Partner Dashboard (API access → Protected customer data)",
    ),
    (
        "unavailable shop",
        Cause::AccountSuspended,
        "the shop is unavailable (closed, frozen for unpaid bills, or paused)",
        "",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(d) = by_phrase(ctx, PHRASES) {
        return Some(d);
    }
    if ctx.status().as_u16() == 429 {
        let mut d = Diagnosis::new(Cause::RateLimited)
            .summary("Shopify's API rate limit (leaky bucket) for this app and shop is exhausted")
            .remedy("honour Retry-After; watch X-Shopify-Shop-Api-Call-Limit and slow down before it is full");
        if let Some(v) = header(ctx.headers, "x-shopify-shop-api-call-limit") {
            d = d.evidence(format!("X-Shopify-Shop-Api-Call-Limit: {v}"));
        }
        return Some(d.server_said(ctx));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn scope_and_rate_limit() {
        let tok = [("x-shopify-access-token", "shpat_FAKESECRET0a1b2c3d")];
        let e = run(
            "https://shop.myshopify.com/admin/api/2024-01/orders.json",
            &tok,
            403,
            &[],
            r#"{"errors":"[API] This action requires merchant approval for read_orders scope."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["read_orders"]);
        let e = run(
            "https://shop.myshopify.com/admin/api/2024-01/orders.json",
            &tok,
            429,
            &[
                ("retry-after", "2.0"),
                ("x-shopify-shop-api-call-limit", "40/40"),
            ],
            r#"{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.retry_after_s(), Some(2));
    }
}
