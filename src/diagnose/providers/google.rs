//! Google APIs (`*.googleapis.com`): `google.rpc.ErrorInfo` reasons and the legacy
//! `errors[].reason` values.
//!
//! Sources:
//! - ErrorInfo reasons of the `googleapis.com` domain (SERVICE_DISABLED, BILLING_DISABLED,
//!   API_KEY_INVALID, API_KEY_*_BLOCKED, ACCESS_TOKEN_EXPIRED, ACCESS_TOKEN_SCOPE_INSUFFICIENT,
//!   RATE_LIMIT_EXCEEDED, …):
//!   <https://github.com/googleapis/googleapis/blob/master/google/api/error_reason.proto>
//! - error model: <https://cloud.google.com/apis/design/errors>
//! - API key restrictions: <https://cloud.google.com/docs/authentication/api-keys#api_key_restrictions>
//! - legacy reasons (`keyInvalid`, `ipRefererBlocked`, `accessNotConfigured`,
//!   `dailyLimitExceeded`, `insufficientPermissions`):
//!   <https://developers.google.com/drive/api/guides/handle-errors>

use serde_json::Value;

use super::{Profile, json_at};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Google",
    hosts: &["googleapis.com", "google.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

/// ErrorInfo reason → cause, summary, remedy (`{service}`, `{consumer}` and `{project}` are
/// filled from the metadata).
const REASONS: &[(&str, Cause, &str, &str)] = &[
    (
        "SERVICE_DISABLED",
        Cause::EndpointNotEnabled,
        "the API {service} is not enabled in the project {consumer}",
        "enable it: `gcloud services enable {service} --project {project}` (or the console's API Library); wait a few minutes after enabling",
    ),
    (
        "BILLING_DISABLED",
        Cause::PlanRestricted,
        "billing is disabled for the project {consumer}",
        "link an active billing account: https://console.cloud.google.com/billing/linkedaccount?project={project}",
    ),
    (
        "API_KEY_INVALID",
        Cause::InvalidCredentials,
        "the API key is not valid: mistyped, deleted, or from another project",
        "copy the key from https://console.cloud.google.com/apis/credentials",
    ),
    (
        "API_KEY_SERVICE_BLOCKED",
        Cause::InsufficientScope,
        "the API key's API restrictions do not include {service}",
        "add {service} to the key's API restrictions (APIs & Services → Credentials → the key)",
    ),
    (
        "API_KEY_HTTP_REFERRER_BLOCKED",
        Cause::OriginRestricted,
        "the API key is restricted to certain websites, and this request's Referer is not one of them (server-side calls send none)",
        "for server-side calls use a key restricted by IP address; for browsers add the site to the key's website restrictions",
    ),
    (
        "API_KEY_IP_ADDRESS_BLOCKED",
        Cause::IpRestricted,
        "the API key is restricted to certain IP addresses, and this caller's address is not one of them",
        "add this machine's public IP to the key's IP address restrictions, or use a key made for this caller",
    ),
    (
        "API_KEY_ANDROID_APP_BLOCKED",
        Cause::OriginRestricted,
        "the API key is restricted to certain Android apps, and this request does not come from one",
        "send X-Android-Package and X-Android-Cert for an allowed app, or adjust the key's application restrictions",
    ),
    (
        "API_KEY_IOS_APP_BLOCKED",
        Cause::OriginRestricted,
        "the API key is restricted to certain iOS apps, and this request does not come from one",
        "send X-Ios-Bundle-Identifier for an allowed app, or adjust the key's application restrictions",
    ),
    (
        "RATE_LIMIT_EXCEEDED",
        Cause::RateLimited,
        "the project's rate quota for {service} is used up for now",
        "retry with exponential backoff; request a higher quota at https://console.cloud.google.com/iam-admin/quotas?project={project}",
    ),
    (
        "RESOURCE_QUOTA_EXCEEDED",
        Cause::PlanRestricted,
        "the project's resource quota for {service} is used up",
        "free resources or request a higher quota at https://console.cloud.google.com/iam-admin/quotas?project={project}",
    ),
    (
        "ACCESS_TOKEN_EXPIRED",
        Cause::ExpiredCredentials,
        "the OAuth access token expired (they live about an hour)",
        "refresh the token (client libraries do this when given credentials, not a raw token)",
    ),
    (
        "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
        Cause::InsufficientScope,
        "the access token was granted without a scope this API requires",
        "request the scope when obtaining the token and consent again (for ADC: `gcloud auth application-default login --scopes=…`)",
    ),
    (
        "ACCESS_TOKEN_TYPE_UNSUPPORTED",
        Cause::InvalidCredentials,
        "this kind of token is not accepted here (for example an ID token where an access token is needed)",
        "send an OAuth 2.0 access token (ya29.…)",
    ),
    (
        "CREDENTIALS_MISSING",
        Cause::MissingCredentials,
        "Google found no credential in the request",
        "send `Authorization: Bearer <access token>`, or an API key as `key=` or `X-Goog-Api-Key`",
    ),
    (
        "ACCOUNT_STATE_INVALID",
        Cause::AccountSuspended,
        "the calling account is not in a state that may use this API (disabled or deleted)",
        "",
    ),
    (
        "CONSUMER_SUSPENDED",
        Cause::AccountSuspended,
        "the project {consumer} is suspended",
        "see https://cloud.google.com/resource-manager/docs/project-suspension-guidelines",
    ),
    (
        "GCP_SUSPENDED",
        Cause::AccountSuspended,
        "the Google Cloud project or account is suspended",
        "see https://cloud.google.com/resource-manager/docs/project-suspension-guidelines",
    ),
    (
        "CONSUMER_INVALID",
        Cause::WrongEnvironment,
        "the project {consumer} does not exist or was deleted: the key or quota project points elsewhere",
        "check the project id of the credential and of x-goog-user-project",
    ),
    (
        "RESOURCE_PROJECT_INVALID",
        Cause::WrongEnvironment,
        "the project named in the request does not exist or is invalid",
        "check the project id in the URL",
    ),
    (
        "USER_PROJECT_DENIED",
        Cause::InsufficientScope,
        "the caller may not use the quota project (it needs serviceusage.services.use on it)",
        "grant roles/serviceusage.serviceUsageConsumer on the quota project, or set another one (`gcloud auth application-default set-quota-project`)",
    ),
    (
        "SECURITY_POLICY_VIOLATED",
        Cause::OrganizationPolicy,
        "VPC Service Controls block this request",
        "quote the violation's unique id to the perimeter's administrator",
    ),
    (
        "ORG_RESTRICTION_VIOLATION",
        Cause::OrganizationPolicy,
        "an organization restriction blocks this request",
        "",
    ),
    (
        "ORG_RESTRICTION_HEADER_INVALID",
        Cause::OrganizationPolicy,
        "the organization restriction header is invalid",
        "",
    ),
    (
        "USER_BLOCKED_BY_ADMIN",
        Cause::OrganizationPolicy,
        "an administrator blocked this user from the API",
        "ask the Workspace or Cloud administrator",
    ),
    (
        "LOCATION_POLICY_VIOLATED",
        Cause::OrganizationPolicy,
        "an organization policy forbids resources in this location",
        "",
    ),
    (
        "LOCATION_TAX_POLICY_VIOLATED",
        Cause::OrganizationPolicy,
        "the billing account's tax location forbids this region",
        "",
    ),
    (
        "RESOURCE_USAGE_RESTRICTION_VIOLATED",
        Cause::OrganizationPolicy,
        "an organization policy restricts the use of this resource",
        "",
    ),
    (
        "SERVICE_NOT_VISIBLE",
        Cause::EndpointNotEnabled,
        "the API {service} is not visible to this project (private or preview)",
        "ask for access to the API",
    ),
    (
        "MISSING_ORIGIN",
        Cause::OriginRestricted,
        "the request lacks the Origin or Referer the key's restrictions need",
        "",
    ),
    (
        "OVERLOADED_CREDENTIALS",
        Cause::RateLimited,
        "too many requests use this credential at once",
        "spread the load over time or credentials",
    ),
];

/// Legacy `errors[].reason` → cause.
const LEGACY: &[(&str, Cause)] = &[
    ("keyInvalid", Cause::InvalidCredentials),
    ("keyExpired", Cause::ExpiredCredentials),
    ("authError", Cause::InvalidCredentials),
    ("required", Cause::MissingCredentials),
    ("accessNotConfigured", Cause::EndpointNotEnabled),
    ("insufficientPermissions", Cause::InsufficientScope),
    ("dailyLimitExceeded", Cause::PlanRestricted),
    ("billingNotEnabled", Cause::PlanRestricted),
    ("userRateLimitExceeded", Cause::RateLimited),
    ("rateLimitExceeded", Cause::RateLimited),
    ("domainPolicy", Cause::OrganizationPolicy),
    ("accountDisabled", Cause::AccountSuspended),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(d) = error_info(ctx) {
        return Some(d);
    }
    let errors = json_at(ctx, "/error/errors")?.as_array()?;
    for e in errors.iter().take(16) {
        let reason = e.get("reason").and_then(Value::as_str).unwrap_or("");
        let message = e
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        let cause = if reason == "ipRefererBlocked" {
            if message.contains("referer") && !message.contains("per-ip") {
                Cause::OriginRestricted
            } else {
                Cause::IpRestricted
            }
        } else if let Some((_, c)) = LEGACY.iter().find(|(r, _)| *r == reason) {
            *c
        } else {
            continue;
        };
        let mut d = Diagnosis::new(cause).evidence(format!("Google error reason: {reason}"));
        if cause == Cause::InsufficientScope {
            d = crate::diagnose::scope_summary(d, ctx);
        }
        return Some(d.server_said(ctx));
    }
    None
}

/// The first `google.rpc.ErrorInfo` in `error.details` that the table knows.
fn error_info(ctx: &Context<'_>) -> Option<Diagnosis> {
    let details = json_at(ctx, "/error/details")?.as_array()?;
    for info in details.iter().take(16) {
        let is_info = info
            .get("@type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.ends_with("google.rpc.ErrorInfo"));
        if !is_info {
            continue;
        }
        let reason = info.get("reason").and_then(Value::as_str).unwrap_or("");
        let meta = |k: &str| {
            info.get("metadata")
                .and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .filter(|v| v.len() <= 300)
        };
        if reason == "IAM_PERMISSION_DENIED" {
            let permission = meta("permission");
            let mut d = Diagnosis::new(Cause::InsufficientScope)
                .evidence("Google ErrorInfo reason: IAM_PERMISSION_DENIED");
            if let Some(p) = permission {
                d = d
                    .summary(format!("the caller lacks the IAM permission {p}"))
                    .required(vec![p.to_owned()])
                    .remedy(format!(
                        "grant a role that contains {p} on the resource (`gcloud projects add-iam-policy-binding …`)"
                    ));
            }
            return Some(crate::diagnose::scope_summary(d, ctx).server_said(ctx));
        }
        let Some((_, cause, summary, remedy)) = REASONS.iter().find(|(r, ..)| *r == reason) else {
            continue;
        };
        let service = meta("service").unwrap_or("the API");
        let consumer = meta("consumer").unwrap_or("of this credential");
        let project = consumer.strip_prefix("projects/").unwrap_or("PROJECT");
        let fill = |s: &str| {
            s.replace("{service}", service)
                .replace("{consumer}", consumer)
                .replace("{project}", project)
        };
        let mut d = Diagnosis::new(*cause)
            .summary(fill(summary))
            .evidence(format!("Google ErrorInfo reason: {reason}"));
        if reason == "SERVICE_DISABLED" {
            if let Some(u) = meta("activationUrl").filter(|u| u.starts_with("https://")) {
                d = d.remedy(format!("enable it at {u}"));
            }
        }
        if reason == "API_KEY_SERVICE_BLOCKED" {
            if let Some(s) = meta("service") {
                d = d.required(vec![s.to_owned()]);
            }
        }
        if let Some(m) = meta("method") {
            d = d.evidence(format!("method: {m}"));
        }
        if let Some(q) = meta("quota_limit").or(meta("quota_metric")) {
            d = d.evidence(format!("quota: {q}"));
        }
        if !remedy.is_empty() {
            d = d.remedy(fill(remedy));
        }
        return Some(d.server_said(ctx));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    fn info(reason: &str, meta: &str) -> String {
        format!(
            r#"{{"error":{{"code":403,"message":"m","status":"PERMISSION_DENIED","details":[{{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"{reason}","domain":"googleapis.com","metadata":{meta}}}]}}}}"#
        )
    }

    #[test]
    fn reasons_map_to_causes() {
        let key = [("x-goog-api-key", "AIzaSyFAKESECRET0123456789")];
        for (reason, cause) in [
            ("API_KEY_IP_ADDRESS_BLOCKED", Cause::IpRestricted),
            ("API_KEY_HTTP_REFERRER_BLOCKED", Cause::OriginRestricted),
            ("API_KEY_ANDROID_APP_BLOCKED", Cause::OriginRestricted),
            ("BILLING_DISABLED", Cause::PlanRestricted),
            ("API_KEY_INVALID", Cause::InvalidCredentials),
            ("RATE_LIMIT_EXCEEDED", Cause::RateLimited),
            ("CONSUMER_SUSPENDED", Cause::AccountSuspended),
        ] {
            let e = run(
                "https://vision.googleapis.com/v1/images:annotate",
                &key,
                403,
                &[],
                &info(
                    reason,
                    r#"{"service":"vision.googleapis.com","consumer":"projects/123"}"#,
                ),
            );
            assert_eq!(e.cause(), Some(cause), "{reason}: {e}");
        }
    }

    #[test]
    fn service_disabled_names_the_fix() {
        let e = run(
            "https://vision.googleapis.com/v1/images:annotate",
            &[("authorization", "Bearer ya29.FAKESECRET")],
            403,
            &[],
            &info(
                "SERVICE_DISABLED",
                r#"{"service":"vision.googleapis.com","consumer":"projects/123","activationUrl":"https://console.developers.google.com/apis/api/vision.googleapis.com/overview?project=123"}"#,
            ),
        );
        assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled));
        let text = e.to_string();
        assert!(
            text.contains("gcloud services enable vision.googleapis.com --project 123"),
            "{text}"
        );
        assert!(
            text.contains("console.developers.google.com/apis/api/vision"),
            "{text}"
        );
    }

    #[test]
    fn iam_permission_and_legacy_reasons() {
        let e = run(
            "https://aiplatform.googleapis.com/v1/x:predict",
            &[("authorization", "Bearer ya29.FAKESECRET")],
            403,
            &[],
            r#"{"error":{"code":403,"message":"Permission 'aiplatform.endpoints.predict' denied on resource","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED","domain":"iam.googleapis.com","metadata":{"permission":"aiplatform.endpoints.predict"}}]}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["aiplatform.endpoints.predict"]);
        let e = run(
            "https://www.googleapis.com/youtube/v3/search",
            &[],
            403,
            &[],
            r#"{"error":{"code":403,"errors":[{"domain":"usageLimits","message":"There is a per-IP or per-Referer restriction configured on your API key and the request does not match these restrictions.","reason":"ipRefererBlocked"}],"message":"x"}}"#,
        );
        // no credential: the profile stays out, the generic rules explain
        assert!(e.cause().is_some());
        let e = run(
            "https://www.googleapis.com/youtube/v3/search?key=AIzaSyFAKESECRET",
            &[],
            403,
            &[],
            r#"{"error":{"code":403,"errors":[{"domain":"usageLimits","message":"Access Not Configured.","reason":"accessNotConfigured"}],"message":"Access Not Configured."}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled));
    }
}
