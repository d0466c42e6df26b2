//! Mailgun API.
//!
//! Sources:
//! - authentication (Basic with the user name `api` and the API key as password):
//!   <https://documentation.mailgun.com/docs/mailgun/api-reference/authentication/>
//! - regions (EU domains use `api.eu.mailgun.net`):
//!   <https://documentation.mailgun.com/docs/mailgun/api-reference/#base-url>
//! - an EU domain called on the US host answers 401 "Forbidden":
//!   <https://github.com/mailgun/mailgun.js/issues/388>

use super::{Profile, basic_user};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Mailgun",
    hosts: &["mailgun.net", "mailgun.org"],
    shape: None,
    anonymous: false,
    diagnose,
};

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let status = ctx.status().as_u16();
    if status == 429 {
        return Some(Diagnosis::new(Cause::RateLimited).server_said(ctx));
    }
    let text = ctx.text();
    if status == 403 && text.contains("sandbox") {
        return Some(
            Diagnosis::new(Cause::PlanRestricted)
                .summary("sandbox domains only send to authorized recipients")
                .remedy("add the recipient under the sandbox domain's Authorized Recipients, or send from a verified custom domain")
                .server_said(ctx),
        );
    }
    if status != 401 {
        return None;
    }
    if let Some(user) = basic_user(ctx) {
        if user != "api" {
            return Some(
                Diagnosis::new(Cause::MalformedCredentials)
                    .summary("Mailgun expects Basic auth with the user name `api` and the API key as the password")
                    .remedy("authenticate as `api:<key>`")
                    .server_said(ctx),
            );
        }
    }
    let mut d = Diagnosis::new(Cause::InvalidCredentials).summary(
        "Mailgun refuses the API key: a wrong or deleted key, or a key or domain of the other region",
    );
    if ctx.host() == "api.mailgun.net" {
        d = d.remedy("domains and keys in Mailgun's EU region must be called at https://api.eu.mailgun.net; this request went to the US host api.mailgun.net");
    }
    Some(
        d.remedy("check the key under API Security in the Mailgun dashboard")
            .server_said(ctx),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn user_and_region() {
        let e = run(
            "https://api.mailgun.net/v3/mg.example.com/messages",
            &[("authorization", "Basic YXBpOkZBS0VTRUNSRVQ=")], // api:FAKESECRET
            401,
            &[("content-type", "text/plain")],
            "Forbidden",
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.to_string().contains("api.eu.mailgun.net"));
        let e = run(
            "https://api.mailgun.net/v3/mg.example.com/messages",
            &[("authorization", "Basic dXNlcjpGQUtFU0VDUkVU")], // user:FAKESECRET
            401,
            &[],
            "Forbidden",
        );
        assert_eq!(e.cause(), Some(Cause::MalformedCredentials));
    }
}
