//! Amazon Web Services: XML error documents (S3, IAM, STS, EC2), JSON protocols with
//! `__type` or `x-amzn-ErrorType`, and API Gateway.
//!
//! Sources:
//! - common errors (AccessDenied, ExpiredToken, IncompleteSignature, InvalidClientTokenId,
//!   MissingAuthenticationToken, OptInRequired, RequestExpired, SignatureDoesNotMatch,
//!   ThrottlingException, UnrecognizedClientException):
//!   <https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html>
//! - S3 error codes (RequestTimeTooSkewed with RequestTime/ServerTime, InvalidAccessKeyId,
//!   InvalidToken, AllAccessDisabled, AccountProblem):
//!   <https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>
//! - access denied messages (explicit deny in a service control policy, no identity-based
//!   policy allows): <https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html>
//! - API Gateway responses ("Missing Authentication Token" also for unknown paths, "Forbidden"
//!   for API keys): <https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html>
//! - temporary credentials need the session token:
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html>

use super::{Profile, header};
use crate::credential::Location;
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "AWS",
    hosts: &["amazonaws.com", "amazonaws.com.cn", "api.aws"],
    shape: Some(shape),
    anonymous: true,
    diagnose,
};

/// Every AWS response carries one of its request id headers, and errors name their type.
fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "x-amzn-errortype").is_some()
        || (header(ctx.headers, "x-amz-request-id").is_some()
            && header(ctx.headers, "x-amz-id-2").is_some())
}

/// The AWS error code: `x-amzn-ErrorType` (`AccessDeniedException:http://…`), JSON `__type`
/// (`com.amazonaws.dynamodb.v20120810#UnrecognizedClientException`) or the XML `Code`.
fn error_code(ctx: &Context<'_>) -> Option<String> {
    let clean = |v: &str| -> String {
        let v = v.split(':').next().unwrap_or(v);
        v.rsplit('#').next().unwrap_or(v).trim().to_owned()
    };
    if let Some(t) = header(ctx.headers, "x-amzn-errortype") {
        return Some(clean(t));
    }
    // `<Type>Sender</Type>` precedes `<Code>` in the Query protocol's ErrorResponse
    ctx.evidence.body.codes.iter().map(|c| clean(c)).find(|c| {
        c.chars().next().is_some_and(|ch| ch.is_ascii_uppercase())
            && c.chars().all(|ch| ch.is_ascii_alphanumeric())
            && !matches!(c.as_str(), "Sender" | "Receiver")
    })
}

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let code = error_code(ctx);
    let text = ctx.text();
    let anonymous = !ctx.has_credentials();
    if code.as_deref() == Some("MissingAuthenticationTokenException")
        || text.contains("missing authentication token")
    {
        return Some(missing_token(ctx, anonymous));
    }
    if anonymous {
        return None;
    }
    let code = code.unwrap_or_default();
    let d = match code.as_str() {
        "SignatureDoesNotMatch" | "InvalidSignatureException" => Diagnosis::new(
            Cause::SignatureMismatch,
        )
        .summary("AWS computed a different SigV4 signature than the request carries: the secret access key is wrong, or the signed request differs from the one sent")
        .remedy("check AWS_SECRET_ACCESS_KEY: it must pair with the access key id, without quotes, spaces or a trailing newline")
        .remedy("sign exactly what is sent: path encoding, query order, the Host header, and headers a proxy may rewrite")
        .evidence(if ctx.evidence.body.field("CanonicalRequest").is_some() {
            "the body carries AWS's CanonicalRequest and StringToSign: compare them with the client's"
        } else {
            "signature mismatch"
        }),
        "IncompleteSignature" => Diagnosis::new(Cause::MalformedCredentials)
            .summary("the SigV4 Authorization header is incomplete (Credential, SignedHeaders or Signature missing or malformed)"),
        "ExpiredToken" | "ExpiredTokenException" | "TokenRefreshRequired" => {
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the temporary AWS credentials (session token) have expired")
                .remedy("get fresh credentials (`aws sso login`, `aws sts assume-role`, or let the SDK's credential provider refresh them) instead of caching the session token")
        }
        "InvalidAccessKeyId" => Diagnosis::new(Cause::InvalidCredentials)
            .summary("AWS has no record of this access key id: it was deleted or deactivated, or it belongs to another partition (aws-cn, aws-us-gov)")
            .remedy("check the key in IAM → Users → Security credentials, or with `aws sts get-caller-identity`"),
        "InvalidClientTokenId" | "UnrecognizedClientException" | "InvalidToken" | "AuthFailure" => {
            // (a part of the credential that was never sent: what is missing is the token)
            if temporary_without_token(ctx) {
                Diagnosis::new(Cause::MissingCredentials)
                    .summary("temporary credentials (access key id ASIA…) were sent without their session token")
                    .remedy("send X-Amz-Security-Token with the session token (AWS_SESSION_TOKEN) that came with the key")
            } else {
                Diagnosis::new(Cause::InvalidCredentials)
                    .summary("AWS does not accept these credentials: the key is deactivated or deleted, the session token does not match it, or the region's STS endpoint is not enabled")
                    .remedy("check with `aws sts get-caller-identity` using the same environment")
            }
        }
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation"
        | "AuthorizationError" | "Forbidden" => return access_denied(ctx, text),
        "OptInRequired" | "SubscriptionRequiredException" | "NotSignedUp" => {
            Diagnosis::new(Cause::EndpointNotEnabled)
                .summary("the account is not subscribed to this service or has not opted in to this region")
                .remedy("enable the region (Account → AWS Regions) or subscribe to the service")
        }
        "AccountProblem" | "AllAccessDisabled" => Diagnosis::new(Cause::AccountSuspended)
            .summary("AWS reports a problem with the account (suspended, or all access disabled)")
            .remedy("check the account's status and billing in the AWS console, or contact AWS Support"),
        "Throttling" | "ThrottlingException" | "TooManyRequestsException" | "SlowDown"
        | "RequestLimitExceeded" | "LimitExceededException"
        | "ProvisionedThroughputExceededException" => Diagnosis::new(Cause::RateLimited)
            .summary("AWS is throttling this caller")
            .remedy("retry with exponential backoff and jitter (the SDKs' adaptive retry mode does this)"),
        "UnauthorizedException" => Diagnosis::new(Cause::InvalidCredentials)
            .summary("the API's authorizer rejected the token"),
        _ => return None,
    };
    let code_line = if code.is_empty() {
        "AWS error".to_owned()
    } else {
        format!("AWS error code: {code}")
    };
    Some(d.evidence(code_line).server_said(ctx))
}

fn access_denied(ctx: &Context<'_>, text: &str) -> Option<Diagnosis> {
    let body = &ctx.evidence.body;
    // S3 pre-signed URL past its expiry: <Message>Request has expired</Message><Expires>…
    if text.contains("request has expired") && body.field("Expires").is_some() {
        return Some(
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary(format!(
                    "the pre-signed URL expired at {} (server time {})",
                    body.field("Expires").unwrap_or("?"),
                    body.field("ServerTime").unwrap_or("?")
                ))
                .remedy("generate a new pre-signed URL, with an expiry long enough for the client to use it")
                .server_said(ctx),
        );
    }
    for (needle, what) in [
        (
            "service control policy",
            "a service control policy (AWS Organizations)",
        ),
        (
            "resource control policy",
            "a resource control policy (AWS Organizations)",
        ),
        (
            "permissions boundary",
            "the principal's permissions boundary",
        ),
        (
            "session policy",
            "the session policy passed when the role was assumed",
        ),
    ] {
        if text.contains(needle) {
            return Some(
                Diagnosis::new(Cause::OrganizationPolicy)
                    .summary(format!("{what} denies this action, whatever the identity's own policies allow"))
                    .evidence(format!("the message mentions \"{needle}\""))
                    .remedy("ask the administrators of the organization or account to allow the action; changing the user's or role's policies will not help")
                    .server_said(ctx),
            );
        }
    }
    // An S3-compatible store that says AccessDenied for a bad signature ("Forbidden: Invalid
    // signature"): the words' specific reason stands.
    if ctx
        .words_name_other_reason()
        .is_some_and(|c| c != Cause::InsufficientScope)
    {
        return None;
    }
    let mut d = crate::diagnose::scope_summary(
        Diagnosis::new(Cause::InsufficientScope).evidence("AWS error code: AccessDenied"),
        ctx,
    );
    if let Some(action) = d.required_scopes.first().cloned() {
        d = d.summary(format!(
            "the identity is not allowed to perform {action} on this resource"
        ));
        d.remedies.clear();
        d = d.remedy(format!(
            "allow {action} in an identity-based policy of the user or role (and in the resource's policy if it has one); `aws iam simulate-principal-policy` shows what is denied"
        ));
    } else {
        d = d.summary("AWS denied the action: no policy allows it for this identity, a policy denies it, or the bucket or key policy does not admit it");
    }
    Some(d.server_said(ctx))
}

/// API Gateway says "Missing Authentication Token" when no credential it expects came, and also
/// for a path, method or stage that does not exist.
fn missing_token(ctx: &Context<'_>, anonymous: bool) -> Diagnosis {
    let d = crate::diagnose::rules::api_gateway_unknown_route(Diagnosis::new(if anonymous {
        Cause::MissingCredentials
    } else {
        Cause::UnknownForbidden
    }));
    let d = if anonymous {
        d.summary("API Gateway found no credential; it gives the same answer for a path, method or stage that does not exist")
    } else {
        d
    };
    d.evidence("AWS error code: MissingAuthenticationTokenException")
        .server_said(ctx)
}

/// An `ASIA…` access key id (temporary credentials) with no `X-Amz-Security-Token`.
fn temporary_without_token(ctx: &Context<'_>) -> bool {
    let has_token = ctx.credentials.iter().any(|c| match &c.location {
        Location::Header(h) => h.as_str() == "x-amz-security-token",
        Location::Query(q) => q.eq_ignore_ascii_case("x-amz-security-token"),
        _ => false,
    });
    if has_token {
        return false;
    }
    ctx.credentials.iter().any(|c| {
        let s = c.secret.expose_secret();
        let in_header = s.windows(15).any(|w| w == b"Credential=ASIA");
        let in_query = matches!(&c.location, Location::Query(q) if q.eq_ignore_ascii_case("x-amz-credential"))
            && s.starts_with(b"ASIA");
        in_header || in_query
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    const SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIAFAKESECRET7EXAMP/20250901/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=FAKESECRET3f1c";

    #[test]
    fn access_denied_names_the_action_or_the_policy() {
        let e = run(
            "https://iam.amazonaws.com/",
            &[("authorization", SIGV4)],
            403,
            &[("content-type", "text/xml")],
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
        assert_eq!(e.required_scopes(), ["iam:ListUsers"]);
        assert_eq!(e.request_id(), Some("r-1"));
        let e = run(
            "https://s3.amazonaws.com/b/k",
            &[("authorization", SIGV4)],
            403,
            &[("content-type", "application/xml")],
            "<Error><Code>AccessDenied</Code><Message>User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" with an explicit deny in a service control policy</Message></Error>",
        );
        assert_eq!(e.cause(), Some(Cause::OrganizationPolicy));
    }

    #[test]
    fn json_protocol_codes() {
        let e = run(
            "https://dynamodb.us-east-1.amazonaws.com/",
            &[("authorization", SIGV4)],
            403,
            &[("x-amzn-requestid", "R")],
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#AccessDeniedException","message":"User: arn:aws:iam::1:user/u is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:1:table/t"}"#,
        );
        assert_eq!(e.required_scopes(), ["dynamodb:GetItem"], "{e}");
        let e = run(
            "https://sts.amazonaws.com/",
            &[(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=ASIAFAKESECRETEXPRD/20160203/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=FAKESECRETab",
            )],
            403,
            &[(
                "x-amzn-errortype",
                "InvalidClientTokenId:http://internal.amazon.com/coral/com.amazon.coral.service/",
            )],
            r#"{"message":"The security token included in the request is invalid."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
        assert!(e.summary().contains("session token"));
    }

    #[test]
    fn api_gateway_and_presigned_urls() {
        let e = run(
            "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items",
            &[],
            403,
            &[("x-amzn-errortype", "MissingAuthenticationTokenException")],
            r#"{"message":"Missing Authentication Token"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials));
        assert!(e.to_string().contains("stage name"));
        let e = run(
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAFAKE%2F20240101&X-Amz-Signature=FAKESECRET",
            &[],
            403,
            &[("content-type", "application/xml")],
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires><Expires>2024-01-01T01:00:00Z</Expires><ServerTime>2024-01-02T00:00:00Z</ServerTime></Error>",
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
        let e = run(
            "https://b.s3.amazonaws.com/k",
            &[("authorization", SIGV4)],
            403,
            &[("content-type", "application/xml")],
            "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><CanonicalRequest>GET</CanonicalRequest></Error>",
        );
        assert_eq!(e.cause(), Some(Cause::SignatureMismatch));
    }
}
