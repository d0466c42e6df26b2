//! Cloudflare: its API (`api.cloudflare.com`, numeric `errors[].code`) and the error pages it
//! serves in front of any site (1006–1020: banned IP, browser signature, firewall rule, rate
//! limit).
//!
//! Sources:
//! - API tokens, `Client IP Address Filtering` and token verification:
//!   <https://developers.cloudflare.com/fundamentals/api/get-started/create-token/>
//! - 9109 "Cannot use the access token from location: …":
//!   <https://github.com/jeessy2/ddns-go/issues/1341>
//! - 10000 "Authentication error" (token without the permission or resource):
//!   <https://github.com/favonia/cloudflare-ddns/issues/897>
//! - 6003/6103 "Invalid format for X-Auth-Key header" (a token sent as a Global API Key):
//!   <https://github.com/cloudflare/python-cloudflare/issues/79>
//! - error pages 1006, 1010, 1015, 1020:
//!   <https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/>

use super::{Hint, Profile, by_code, by_phrase, header};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Cloudflare",
    hosts: &["cloudflare.com"],
    shape: Some(shape),
    anonymous: true,
    diagnose,
};

/// A Cloudflare-generated error page: `cf-ray`, `server: cloudflare` and "error 10xx".
fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "cf-ray").is_some()
        && header(ctx.headers, "server").is_some_and(|s| s.eq_ignore_ascii_case("cloudflare"))
        && error_page(ctx).is_some()
}

fn error_page(ctx: &Context<'_>) -> Option<u32> {
    let text = ctx.text();
    let i = text.find("error 10")?;
    let digits: String = text[i + "error ".len()..].chars().take(4).collect();
    digits
        .parse()
        .ok()
        .filter(|n: &u32| (1000..1100).contains(n))
}

const VERIFY: &str = "verify the token: `curl https://api.cloudflare.com/client/v4/user/tokens/verify -H \"Authorization: Bearer <token>\"`";

const CODES: &[Hint] = &[
    (
        "9106",
        Cause::MissingCredentials,
        "Cloudflare found neither `Authorization: Bearer <token>` nor X-Auth-Email with X-Auth-Key",
        "",
    ),
    (
        "9103",
        Cause::InvalidCredentials,
        "Cloudflare does not know this Global API Key or e-mail (X-Auth-Key / X-Auth-Email)",
        "an API token goes in `Authorization: Bearer`, not in X-Auth-Key",
    ),
    (
        "6103",
        Cause::MalformedCredentials,
        "the X-Auth-Key header is not a Global API Key (an API token was probably put there)",
        "send API tokens as `Authorization: Bearer <token>`",
    ),
    (
        "6111",
        Cause::MalformedCredentials,
        "the Authorization header is not in the form Cloudflare expects",
        "send `Authorization: Bearer <token>` with the token alone",
    ),
    (
        "1000",
        Cause::InvalidCredentials,
        "Cloudflare does not accept this API token",
        "create or roll the token at https://dash.cloudflare.com/profile/api-tokens",
    ),
    (
        "10001",
        Cause::InvalidCredentials,
        "Cloudflare could not authenticate the request (a Global API Key where a token is expected, or the reverse)",
        "use `Authorization: Bearer <token>` for API tokens",
    ),
];

const PHRASES: &[Hint] = &[
    (
        "cannot use the access token from location",
        Cause::IpRestricted,
        "the API token's Client IP Address Filtering does not include this caller's address",
        "edit the token's IP filtering at https://dash.cloudflare.com/profile/api-tokens",
    ),
    (
        "invalid access token",
        Cause::InvalidCredentials,
        "Cloudflare does not accept this API token: mistyped, rolled or deleted",
        "create or roll the token at https://dash.cloudflare.com/profile/api-tokens",
    ),
    (
        "unauthorized to access requested resource",
        Cause::InsufficientScope,
        "the API token does not cover this resource (zone or account) or permission",
        "add the permission and the zone or account under the token's Permissions and Resources",
    ),
    (
        "authentication error",
        Cause::InsufficientScope,
        "the API token lacks the permission for this call, or the zone or account is not among its resources (Cloudflare reports both as \"Authentication error\")",
        "add the permission and the zone or account at https://dash.cloudflare.com/profile/api-tokens",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(n) = error_page(ctx).filter(|_| shape(ctx)) {
        let (cause, summary) = match n {
            1006..=1008 => (
                Cause::IpRestricted,
                "the site's owner banned this IP address (Cloudflare error page)",
            ),
            1010 => (
                Cause::OriginRestricted,
                "the site's owner blocks this client's browser signature (Cloudflare error 1010)",
            ),
            1015 => (
                Cause::RateLimited,
                "the site's Cloudflare rate limiting rule blocks this client for now (error 1015)",
            ),
            1020 => (
                Cause::IpRestricted,
                "a firewall rule of the site blocks this request (Cloudflare error 1020: IP, country, user agent or path)",
            ),
            _ => return None,
        };
        return Some(
            Diagnosis::new(cause)
                .summary(summary)
                .evidence(format!("Cloudflare error page {n}"))
                .remedy("ask the site's owner to allow this client; quote the Ray ID (cf-ray)")
                .request_id(header(ctx.headers, "cf-ray"))
                .server_said(ctx),
        );
    }
    if !ctx.has_credentials() {
        return None;
    }
    let mut d = by_phrase(ctx, PHRASES).or_else(|| by_code(ctx, "Cloudflare", CODES))?;
    if matches!(
        d.cause,
        Cause::InsufficientScope | Cause::InvalidCredentials
    ) {
        d = d.remedy(VERIFY);
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn api_codes() {
        let tok = [(
            "authorization",
            "Bearer FAKESECRET0123456789abcdef0123456789abcd",
        )];
        let e = run(
            "https://api.cloudflare.com/client/v4/zones",
            &tok,
            403,
            &[],
            r#"{"success":false,"errors":[{"code":9109,"message":"Cannot use the access token from location: 183.154.104.196"}],"messages":[],"result":null}"#,
        );
        assert_eq!(e.cause(), Some(Cause::IpRestricted));
        let e = run(
            "https://api.cloudflare.com/client/v4/zones/z/dns_records",
            &tok,
            403,
            &[],
            r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert!(e.to_string().contains("tokens/verify"));
    }

    #[test]
    fn error_pages_in_front_of_any_site() {
        let e = run(
            "https://shop.example.org/api/items",
            &[("authorization", "Bearer FAKESECRET")],
            403,
            &[
                ("cf-ray", "8a1b2c3d4e5f6789-FRA"),
                ("server", "cloudflare"),
                ("content-type", "text/html"),
            ],
            "<html><head><title>Access denied | shop.example.org used Cloudflare to restrict access</title></head><body><h1>Error 1020</h1><p>Access denied</p></body></html>",
        );
        assert_eq!(e.cause(), Some(Cause::IpRestricted));
        assert_eq!(e.provider(), Some("Cloudflare"));
        assert_eq!(e.request_id(), Some("8a1b2c3d4e5f6789-FRA"));
    }
}
