//! Twilio SendGrid v3 API.
//!
//! Sources:
//! - authentication and API keys (`Authorization: Bearer SG.…`, shown once):
//!   <https://www.twilio.com/docs/sendgrid/for-developers/sending-email/authentication>
//! - errors ("The provided authorization grant is invalid, expired, or revoked", "access
//!   forbidden", "authorization required"):
//!   <https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/errors>
//!   and <https://github.com/sendgrid/sendgrid-php/issues/793>
//! - API key permissions: <https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys#api-key-permissions>

use super::{Hint, Profile, by_phrase, secret_starts_with};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "SendGrid",
    hosts: &["sendgrid.com", "sendgrid.net"],
    shape: None,
    anonymous: false,
    diagnose,
};

const PHRASES: &[Hint] = &[
    (
        "access forbidden",
        Cause::InsufficientScope,
        "the API key's permissions do not include this endpoint (e.g. Mail Send needs mail.send)",
        "edit the key's permissions (Settings → API Keys → Edit) or create a key with Full Access for this call",
    ),
    (
        "authorization required",
        Cause::MissingCredentials,
        "SendGrid found no API key",
        "send `Authorization: Bearer SG.…`",
    ),
    (
        "permission denied, wrong credentials",
        Cause::InvalidCredentials,
        "",
        "",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(d) = by_phrase(ctx, PHRASES) {
        return Some(d);
    }
    if !ctx.text().contains("authorization grant is invalid") {
        return None;
    }
    let mut d = Diagnosis::new(Cause::InvalidCredentials).remedy(
        "SendGrid shows a key once: create a new one at https://app.sendgrid.com/settings/api_keys and store the whole SG.xxx.yyy value",
    );
    d = if secret_starts_with(ctx, "SG.") {
        d.summary("SendGrid does not recognise this API key: it was deleted, mistyped, or belongs to another account")
    } else {
        d.summary("the credential is not a SendGrid API key (they start with SG.): the key's ID may have been copied instead of the key")
    };
    Some(d.server_said(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn key_id_instead_of_key() {
        let e = run(
            "https://api.sendgrid.com/v3/mail/send",
            &[("authorization", "Bearer FAKESECRETkeyid0123")],
            401,
            &[],
            r#"{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked","field":null,"help":null}]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.summary().contains("key's ID"));
        let e = run(
            "https://api.sendgrid.com/v3/mail/send",
            &[("authorization", "Bearer SG.FAKESECRET.abc")],
            403,
            &[],
            r#"{"errors":[{"field":null,"message":"access forbidden"}]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    }
}
