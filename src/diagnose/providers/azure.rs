//! Microsoft Azure: Entra ID (AADSTS codes), Azure Resource Manager, Microsoft Graph, Storage
//! (`x-ms-error-code`), Key Vault and Azure AI services.
//!
//! Sources:
//! - AADSTS error codes: <https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes>
//! - ARM authentication errors (InvalidAuthenticationToken, InvalidAuthenticationTokenAudience,
//!   InvalidAuthenticationTokenTenant, ExpiredAuthenticationToken, AuthorizationFailed):
//!   <https://learn.microsoft.com/en-us/azure/azure-resource-manager/troubleshooting/common-deployment-errors>
//! - Microsoft Graph errors (Authorization_RequestDenied, InvalidAuthenticationToken):
//!   <https://learn.microsoft.com/en-us/graph/errors>
//! - Storage error codes (AuthenticationFailed, AuthorizationPermissionMismatch,
//!   AuthorizationSourceIPMismatch, KeyBasedAuthenticationNotPermitted):
//!   <https://learn.microsoft.com/en-us/rest/api/storageservices/common-rest-api-error-codes>
//! - Key Vault (ForbiddenByFirewall, ForbiddenByRbac, ForbiddenByPolicy):
//!   <https://learn.microsoft.com/en-us/azure/key-vault/general/rest-error-codes>

use super::{Hint, Profile, by_code, header, hinted};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Azure",
    hosts: &[
        "azure.com",
        "azure.net",
        "windows.net",
        "microsoft.com",
        "microsoftonline.com",
        "azure-api.net",
        "azmk8s.io",
    ],
    shape: Some(shape),
    anonymous: false,
    diagnose,
};

fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "x-ms-error-code").is_some() || ctx.text().contains("aadsts")
}

/// AADSTS numbers: (number, cause, summary, remedy).
const AADSTS: &[(&str, Cause, &str, &str)] = &[
    (
        "7000215",
        Cause::InvalidCredentials,
        "Entra ID rejects the client secret (AADSTS7000215): often the secret's ID was used instead of its Value",
        "copy the secret's Value (shown once at creation) from App registrations → Certificates & secrets, or create a new secret",
    ),
    (
        "7000222",
        Cause::ExpiredCredentials,
        "the application's client secret has expired (AADSTS7000222)",
        "create a new client secret under App registrations → Certificates & secrets and deploy it",
    ),
    (
        "700024",
        Cause::ClockSkew,
        "the client assertion is not within its valid time range (AADSTS700024): check the clock and the assertion's nbf/exp",
        "synchronize the clock; give the assertion a short lifetime starting now",
    ),
    (
        "700027",
        Cause::SignatureMismatch,
        "the client assertion's signature does not verify (AADSTS700027): wrong certificate or key",
        "sign with the certificate registered on the app (check its thumbprint under Certificates & secrets)",
    ),
    (
        "700016",
        Cause::WrongEnvironment,
        "the application id was not found in this tenant (AADSTS700016): wrong tenant or the app is not registered there",
        "use the tenant where the app is registered (or make it multi-tenant and consent in this tenant)",
    ),
    (
        "90002",
        Cause::WrongEnvironment,
        "the tenant was not found (AADSTS90002)",
        "check the tenant id or domain in the authority URL",
    ),
    (
        "500011",
        Cause::WrongEnvironment,
        "the resource named in the token request was not found in this tenant (AADSTS500011)",
        "check the scope or resource (e.g. https://management.azure.com/.default) and that its service principal exists in the tenant",
    ),
    (
        "50020",
        Cause::WrongEnvironment,
        "the user's account does not exist in this tenant (AADSTS50020)",
        "sign in with an account of the tenant, or invite the user as a guest",
    ),
    (
        "90072",
        Cause::WrongEnvironment,
        "the user's account does not exist in this tenant (AADSTS90072)",
        "sign in with an account of the tenant, or invite the user as a guest",
    ),
    (
        "50076",
        Cause::OrganizationPolicy,
        "multi-factor authentication is required (AADSTS50076)",
        "use an interactive sign-in that completes MFA, or a service principal for unattended use",
    ),
    (
        "50079",
        Cause::OrganizationPolicy,
        "the user must enrol in multi-factor authentication (AADSTS50079)",
        "complete MFA registration, or use a service principal for unattended use",
    ),
    (
        "50074",
        Cause::OrganizationPolicy,
        "strong authentication is required (AADSTS50074)",
        "sign in interactively and complete MFA",
    ),
    (
        "53003",
        Cause::OrganizationPolicy,
        "a Conditional Access policy blocked the sign-in (AADSTS53003)",
        "ask the tenant administrator which policy applies (Entra sign-in logs show it)",
    ),
    (
        "53000",
        Cause::OrganizationPolicy,
        "Conditional Access requires a compliant device (AADSTS53000)",
        "use a managed, compliant device",
    ),
    (
        "530003",
        Cause::OrganizationPolicy,
        "Conditional Access requires a managed device (AADSTS530003)",
        "use a managed device",
    ),
    (
        "50105",
        Cause::OrganizationPolicy,
        "the user is not assigned to this application (AADSTS50105)",
        "ask an administrator to assign the user or group to the application",
    ),
    (
        "65001",
        Cause::InsufficientScope,
        "the user or administrator has not consented to the permissions the application requests (AADSTS65001)",
        "grant admin consent under App registrations → API permissions",
    ),
    (
        "65004",
        Cause::InsufficientScope,
        "the user declined consent (AADSTS65004)",
        "sign in again and accept the requested permissions",
    ),
    (
        "50053",
        Cause::AccountSuspended,
        "the account is locked after too many failed sign-ins, or the sign-in came from a blocked IP (AADSTS50053)",
        "wait for the lockout to end and fix the stored password",
    ),
    (
        "50057",
        Cause::AccountSuspended,
        "the user account is disabled (AADSTS50057)",
        "ask the tenant administrator to enable the account",
    ),
    (
        "7000112",
        Cause::AccountSuspended,
        "the application is disabled (AADSTS7000112)",
        "enable the application's service principal in the tenant",
    ),
    (
        "50055",
        Cause::ExpiredCredentials,
        "the user's password has expired (AADSTS50055)",
        "change the password",
    ),
    (
        "700082",
        Cause::ExpiredCredentials,
        "the refresh token expired after inactivity (AADSTS700082)",
        "sign in again",
    ),
    (
        "70008",
        Cause::ExpiredCredentials,
        "the authorization code or refresh token expired or was revoked (AADSTS70008)",
        "sign in again",
    ),
    (
        "50173",
        Cause::RevokedCredentials,
        "the grant was revoked, for example by a password change (AADSTS50173)",
        "sign in again",
    ),
    (
        "50126",
        Cause::InvalidCredentials,
        "the user name or password is wrong (AADSTS50126)",
        "",
    ),
    (
        "50034",
        Cause::InvalidCredentials,
        "the user account does not exist in this directory (AADSTS50034)",
        "",
    ),
    (
        "7000218",
        Cause::MissingCredentials,
        "the token request carries neither client_secret nor client_assertion (AADSTS7000218)",
        "send the client secret or a client assertion, or enable public client flows for the app",
    ),
];

const CODES: &[Hint] = &[
    (
        "InvalidAuthenticationTokenAudience",
        Cause::WrongEnvironment,
        "the access token was issued for another resource (wrong audience): it is valid, just not for this API",
        "request the token for this API, e.g. scope https://management.azure.com/.default (`az account get-access-token --resource https://management.azure.com/`)",
    ),
    (
        "InvalidAuthenticationTokenTenant",
        Cause::WrongEnvironment,
        "the access token comes from another tenant than the subscription's",
        "get a token from the subscription's tenant (`az login --tenant <tenant-id>`)",
    ),
    (
        "ExpiredAuthenticationToken",
        Cause::ExpiredCredentials,
        "the access token has expired",
        "acquire a new token (the Azure SDK credentials refresh on their own)",
    ),
    (
        "AuthorizationFailed",
        Cause::InsufficientScope,
        "",
        "assign a role that includes the action at this scope (`az role assignment create --assignee <id> --role <role> --scope <scope>`); new assignments can take several minutes to apply",
    ),
    (
        "Authorization_RequestDenied",
        Cause::InsufficientScope,
        "the application or user lacks the Microsoft Graph permission for this call",
        "add the Graph permission (Application or Delegated) under App registrations → API permissions, grant admin consent, and get a new token",
    ),
    (
        "Authorization_IdentityNotFound",
        Cause::InvalidCredentials,
        "Microsoft Graph could not establish the identity of the calling application",
        "check that the app's service principal exists in the tenant",
    ),
    (
        "AuthorizationPermissionMismatch",
        Cause::InsufficientScope,
        "the identity lacks a data-plane role: management roles such as Owner or Contributor do not grant access to data",
        "assign a data role, e.g. Storage Blob Data Reader or Contributor, on the account or container",
    ),
    (
        "AuthorizationSourceIPMismatch",
        Cause::IpRestricted,
        "the SAS token is restricted to other IP addresses (sip)",
        "issue a SAS for this caller's address range",
    ),
    (
        "AuthorizationResourceTypeMismatch",
        Cause::InsufficientScope,
        "the SAS does not cover this resource type (srt)",
        "issue a SAS that includes the resource type",
    ),
    (
        "AuthorizationServiceMismatch",
        Cause::InsufficientScope,
        "the SAS does not cover this service (ss)",
        "issue a SAS that includes the service",
    ),
    (
        "KeyBasedAuthenticationNotPermitted",
        Cause::OrganizationPolicy,
        "the storage account forbids Shared Key authorization",
        "use Microsoft Entra ID (OAuth) with a data role instead of the account key or a key-based SAS",
    ),
    (
        "NoAuthenticationInformation",
        Cause::MissingCredentials,
        "the request carries no authentication information",
        "",
    ),
    (
        "InvalidAuthenticationInfo",
        Cause::InvalidCredentials,
        "the authentication information is not in the right format or not valid",
        "",
    ),
    (
        "AccountIsDisabled",
        Cause::AccountSuspended,
        "the storage account is disabled",
        "",
    ),
    (
        "ForbiddenByFirewall",
        Cause::IpRestricted,
        "the Key Vault firewall does not allow this client's address",
        "add the address or virtual network to the vault's Networking settings",
    ),
    (
        "ForbiddenByRbac",
        Cause::InsufficientScope,
        "the identity lacks a Key Vault RBAC role for this operation",
        "assign a role such as Key Vault Secrets User on the vault",
    ),
    (
        "ForbiddenByPolicy",
        Cause::InsufficientScope,
        "the vault's access policies do not grant this identity the operation",
        "add an access policy for the identity, or switch the vault to RBAC",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(d) = aadsts(ctx) {
        return Some(d);
    }
    if let Some(code) = header(ctx.headers, "x-ms-error-code") {
        if let Some((c, cause, summary, remedy)) = CODES.iter().find(|(c, ..)| *c == code) {
            return Some(hinted(
                ctx,
                *cause,
                summary,
                remedy,
                format!("x-ms-error-code: {c}"),
            ));
        }
        if code == "AuthenticationFailed" {
            return Some(storage_authentication_failed(ctx));
        }
    }
    if let Some(mut d) = by_code(ctx, "Azure", CODES) {
        if d.cause == Cause::WrongEnvironment {
            if let Some(aud) = ctx.jwt().and_then(|c| c.aud.first().cloned()) {
                d = d.evidence(format!("the token's aud claim is {aud}"));
            }
        }
        return Some(d);
    }
    let text = ctx.text();
    if ctx.evidence.body.has_code("InvalidAuthenticationToken") {
        let (cause, summary) = if text.contains("expired") {
            (Cause::ExpiredCredentials, "the access token has expired")
        } else if text.contains("audience") {
            (
                Cause::WrongEnvironment,
                "the access token was issued for another resource (wrong audience)",
            )
        } else if text.contains("not well formed") || text.contains("idx14100") {
            (
                Cause::MalformedCredentials,
                "the access token is not a well-formed JWT (often a token from another tool, or one cut short)",
            )
        } else {
            (
                Cause::InvalidCredentials,
                "Azure does not accept the access token",
            )
        };
        return Some(
            Diagnosis::new(cause)
                .summary(summary)
                .evidence("Azure error code: InvalidAuthenticationToken")
                .server_said(ctx),
        );
    }
    if text.contains("invalid subscription key or wrong api endpoint") {
        return Some(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("the key is not valid for this resource's endpoint: a wrong key, or the key of another resource or region")
                .remedy("copy Key 1 and the Endpoint from the same resource (Resource → Keys and Endpoint)")
                .server_said(ctx),
        );
    }
    if text.contains("missing subscription key") {
        return Some(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("API Management found no subscription key")
                .remedy("send it in Ocp-Apim-Subscription-Key (or the header the API defines)")
                .server_said(ctx),
        );
    }
    None
}

/// `AADSTS70008: …` anywhere in the codes, messages or the challenge's error_description.
fn aadsts(ctx: &Context<'_>) -> Option<Diagnosis> {
    let text = ctx.text();
    let i = text.find("aadsts")?;
    let digits: String = text[i + 6..]
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    let (n, cause, summary, remedy) = AADSTS.iter().find(|(n, ..)| **n == digits)?;
    Some(hinted(
        ctx,
        *cause,
        summary,
        remedy,
        format!("Entra ID error AADSTS{n}"),
    ))
}

/// Storage `AuthenticationFailed`: the `AuthenticationErrorDetail` says which part failed.
fn storage_authentication_failed(ctx: &Context<'_>) -> Diagnosis {
    let detail = ctx
        .evidence
        .body
        .field("AuthenticationErrorDetail")
        .unwrap_or("")
        .to_ascii_lowercase();
    let (cause, summary) = if detail.contains("signed expiry time") || detail.contains("expired") {
        (Cause::ExpiredCredentials, "the SAS token has expired")
    } else if detail.contains("not valid in the specified time frame") || detail.contains("too old")
    {
        (
            Cause::ClockSkew,
            "the request time or the SAS start time is outside the window the service accepts: check the clock",
        )
    } else if detail.contains("signature") {
        (
            Cause::SignatureMismatch,
            "the Shared Key or SAS signature does not match: wrong account key, or the signed string differs from the request",
        )
    } else {
        (
            Cause::InvalidCredentials,
            "Azure Storage could not authenticate the request",
        )
    };
    Diagnosis::new(cause)
        .summary(summary)
        .evidence("x-ms-error-code: AuthenticationFailed")
        .server_said(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn aadsts_codes() {
        let e = run(
            "https://login.microsoftonline.com/t/oauth2/v2.0/token",
            &[("authorization", "Basic Y2xpZW50OkZBS0VTRUNSRVQ=")],
            401,
            &[],
            r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'x'.","error_codes":[7000215]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(
            e.summary().contains("ID was used instead of its Value"),
            "{e}"
        );
        let e = run(
            "https://login.microsoftonline.com/t/oauth2/v2.0/token",
            &[("authorization", "Basic Y2xpZW50OkZBS0VTRUNSRVQ=")],
            401,
            &[],
            r#"{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app 'x' are expired."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
    }

    #[test]
    fn arm_and_graph() {
        let bearer = [("authorization", "Bearer FAKESECRETopaque0123456789")];
        let e = run(
            "https://management.azure.com/subscriptions/s/resourcegroups?api-version=2021-04-01",
            &bearer,
            403,
            &[],
            r#"{"error":{"code":"AuthorizationFailed","message":"The client 'c' with object id 'o' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read' over scope '/subscriptions/s' or the scope is invalid."}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(
            e.required_scopes(),
            ["Microsoft.Resources/subscriptions/resourcegroups/read"]
        );
        let e = run(
            "https://graph.microsoft.com/v1.0/users",
            &bearer,
            403,
            &[("request-id", "g-1")],
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"g-1"}}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.request_id(), Some("g-1"));
        let e = run(
            "https://graph.microsoft.com/v1.0/me",
            &bearer,
            401,
            &[],
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
    }

    #[test]
    fn storage_codes() {
        let e = run(
            "https://acct.blob.core.windows.net/c/b",
            &[("authorization", "SharedKey acct:FAKESECRETsig=")],
            403,
            &[("x-ms-error-code", "AuthorizationPermissionMismatch")],
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>",
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        let e = run(
            "https://acct.blob.core.windows.net/c/b",
            &[("authorization", "SharedKey acct:FAKESECRETsig=")],
            403,
            &[("x-ms-error-code", "AuthenticationFailed")],
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.</Message><AuthenticationErrorDetail>The MAC signature found in the HTTP request 'x' is not the same as any computed signature.</AuthenticationErrorDetail></Error>",
        );
        assert_eq!(e.cause(), Some(Cause::SignatureMismatch));
    }
}
