//! Twilio REST API.
//!
//! Sources:
//! - 20003 Authenticate (wrong credentials, or credentials of another region):
//!   <https://www.twilio.com/docs/api/errors/20003>
//! - 20005 Account not active: <https://www.twilio.com/docs/api/errors/20005>
//! - 20008 test credentials only reach three resources, others get 403:
//!   <https://www.twilio.com/docs/iam/test-credentials>
//! - 70051 Authorization Failed (restricted API keys):
//!   <https://www.twilio.com/docs/api/errors/70051>
//! - regions and their hosts (`api.dublin.ie1.twilio.com`):
//!   <https://www.twilio.com/docs/global-infrastructure/using-the-twilio-rest-api-in-a-non-us-region>

use super::{Hint, Profile, basic_user, by_code};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Twilio",
    hosts: &["twilio.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "20005",
        Cause::AccountSuspended,
        "the Twilio account is not active (suspended for a negative balance, or a trial not yet activated)",
        "check the balance and account status in the Twilio Console",
    ),
    (
        "10001",
        Cause::AccountSuspended,
        "the Twilio account or subaccount is not active",
        "check the account status in the Twilio Console",
    ),
    (
        "90010",
        Cause::AccountSuspended,
        "the Twilio account is not in an active state",
        "",
    ),
    (
        "20008",
        Cause::WrongEnvironment,
        "test credentials were used for a resource they cannot reach (only Calls, Messages and IncomingPhoneNumbers)",
        "use the live Account SID and Auth Token (or a live API key) for this resource",
    ),
    (
        "70051",
        Cause::InsufficientScope,
        "Twilio could not authorize the request: a restricted API key lacks the permission, or the credentials belong to another account",
        "add the permission to the restricted key, or use a standard key of this account",
    ),
    (
        "20429",
        Cause::RateLimited,
        "too many concurrent requests to Twilio",
        "retry with exponential backoff",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(d) = by_code(ctx, "Twilio", CODES) {
        return Some(d);
    }
    if !ctx.evidence.body.has_code("20003") {
        return None;
    }
    if let Some(user) = basic_user(ctx) {
        if !(user.starts_with("AC") || user.starts_with("SK")) {
            return Some(
                Diagnosis::new(Cause::MalformedCredentials)
                    .summary(
                        "the Basic user name is not an Account SID (AC…) or an API key SID (SK…)",
                    )
                    .evidence("Twilio error code: 20003")
                    .remedy("authenticate with AccountSid:AuthToken or ApiKeySid:ApiKeySecret")
                    .server_said(ctx),
            );
        }
    }
    let mut d = Diagnosis::new(Cause::InvalidCredentials)
        .summary("Twilio rejects these credentials (20003): a wrong Auth Token or API key secret, credentials of another account, or of another region")
        .evidence("Twilio error code: 20003")
        .remedy("check the Account SID and Auth Token (or API key SID and secret) in the Twilio Console");
    let host = ctx.host();
    if host == "api.twilio.com" {
        d = d.remedy("API keys and auth tokens are per region: for an IE1 or AU1 account call its regional host, e.g. https://api.dublin.ie1.twilio.com");
    }
    Some(d.server_said(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn codes() {
        let auth = [("authorization", "Basic QUMxMjM6RkFLRVNFQ1JFVA==")]; // AC123:FAKESECRET
        let e = run(
            "https://api.twilio.com/2010-04-01/Accounts/AC123/Calls.json",
            &auth,
            401,
            &[],
            r#"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.to_string().contains("api.dublin.ie1.twilio.com"));
        let e = run(
            "https://api.twilio.com/2010-04-01/Accounts/AC123/Calls.json",
            &[("authorization", "Basic dXNlcjpGQUtFU0VDUkVU")], // user:FAKESECRET
            401,
            &[],
            r#"{"code":20003,"message":"Authenticate","status":401}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MalformedCredentials));
        let e = run(
            "https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings.json",
            &auth,
            403,
            &[],
            r#"{"code":20008,"message":"Resource not accessible with Test Account Credentials","status":403}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongEnvironment));
    }
}
