//! Discord API.
//!
//! Sources:
//! - authentication (`Authorization: Bot <token>` or `Bearer <token>`):
//!   <https://discord.com/developers/docs/reference#authentication>
//! - JSON error codes (40001, 50001 Missing Access, 50013 Missing Permissions, 50014):
//!   <https://discord.com/developers/docs/topics/opcodes-and-status-codes#json>
//! - rate limits (`retry_after` in the body, `X-RateLimit-Scope`, temporary bans after 10,000
//!   invalid requests in 10 minutes): <https://discord.com/developers/docs/topics/rate-limits>
//! - a bot token sent without `Bot `: <https://github.com/jonas747/discorder/issues/10>

use serde_json::Value;

use super::{Hint, Profile, auth_scheme, by_code, header, json_at};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Discord",
    hosts: &["discord.com", "discordapp.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "50013",
        Cause::InsufficientScope,
        "the bot lacks a permission here (channel overwrites or role permissions, or its role sits below the target in the hierarchy)",
        "give the bot's role the permission in this guild or channel, and move the role above the roles it manages",
    ),
    (
        "50001",
        Cause::InsufficientScope,
        "the bot cannot see this resource: it is not in the guild, or the channel hides it",
        "invite the bot to the guild (with the scope bot) and give it View Channel",
    ),
    (
        "20012",
        Cause::InsufficientScope,
        "this account may not act on this application",
        "",
    ),
    (
        "40001",
        Cause::InvalidCredentials,
        "Discord does not accept this token",
        "reset the token in the Developer Portal (Bot → Reset Token) and update it everywhere",
    ),
    (
        "50014",
        Cause::InvalidCredentials,
        "Discord says the authentication token is invalid",
        "reset the token in the Developer Portal (Bot → Reset Token)",
    ),
    (
        "40002",
        Cause::OrganizationPolicy,
        "the account must be verified before it can do this",
        "",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let status = ctx.status().as_u16();
    if status == 429 {
        let body_wait = json_at(ctx, "/retry_after")
            .and_then(Value::as_f64)
            .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e7)
            .map(|v| v.ceil() as u64);
        let global = json_at(ctx, "/global").and_then(Value::as_bool) == Some(true);
        let mut d = Diagnosis::new(Cause::RateLimited)
            .summary(if global {
                "Discord's global rate limit for this bot is reached"
            } else {
                "Discord's rate limit for this route is reached"
            })
            .retry_after(body_wait)
            .remedy("wait retry_after seconds; follow the X-RateLimit-Bucket headers per route")
            .remedy("avoid invalid requests: 10,000 401, 403 or 429 answers in 10 minutes get the IP banned for a while");
        if let Some(s) = header(ctx.headers, "x-ratelimit-scope") {
            d = d.evidence(format!("X-RateLimit-Scope: {s}"));
        }
        return Some(d.server_said(ctx));
    }
    if status == 401 {
        if let Some(c) = ctx.credential_in("authorization") {
            if c.scheme.is_none() {
                return Some(
                    Diagnosis::new(Cause::WrongScheme)
                        .summary("the token was sent without a scheme: Discord expects `Authorization: Bot <token>` for bot tokens (`Bearer` for OAuth2 tokens)")
                        .evidence("Authorization carries a bare token")
                        .remedy("send `Authorization: Bot <token>`")
                        .server_said(ctx),
                );
            }
        }
    }
    if let Some(d) = by_code(ctx, "Discord", CODES) {
        return Some(d);
    }
    if status == 401 && auth_scheme(ctx).is_some_and(|s| s.eq_ignore_ascii_case("bot")) {
        return Some(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("Discord does not accept this bot token: it was reset (Discord resets tokens it finds published) or mistyped")
                .remedy("reset the token in the Developer Portal (Bot → Reset Token) and update it everywhere")
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
    fn bare_token_and_permissions() {
        let e = run(
            "https://discord.com/api/v10/users/@me",
            &[(
                "authorization",
                "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.FAKESECRETZnCjm1XVW7vRze4b7Cq4",
            )],
            401,
            &[],
            r#"{"code": 0, "message": "401: Unauthorized"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongScheme));
        let e = run(
            "https://discord.com/api/v10/channels/1/messages",
            &[("authorization", "Bot FAKESECRET.token.value")],
            403,
            &[],
            r#"{"message": "Missing Permissions", "code": 50013}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        let e = run(
            "https://discord.com/api/v10/channels/1/messages",
            &[("authorization", "Bot FAKESECRET.token.value")],
            429,
            &[("x-ratelimit-scope", "user")],
            r#"{"message": "You are being rate limited.", "retry_after": 64.57, "global": false}"#,
        );
        assert_eq!(e.retry_after_s(), Some(65));
    }
}
