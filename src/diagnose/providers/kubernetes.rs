//! Kubernetes API server: `Status` objects and RBAC messages.
//!
//! Sources:
//! - `Status` kind and reasons: <https://kubernetes.io/docs/reference/using-api/api-concepts/#status-codes>
//! - authentication and the `system:anonymous` user:
//!   <https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests>
//! - RBAC ("User … cannot list resource \"pods\" in API group \"\" in the namespace …"):
//!   <https://kubernetes.io/docs/reference/access-authn-authz/rbac/>
//! - bound service account tokens (expire, rotated by the kubelet):
//!   <https://kubernetes.io/docs/concepts/security/service-accounts/#bound-service-account-tokens>

use super::{Profile, json_str};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;
use crate::observe::scopes;

pub(super) static PROFILE: Profile = Profile {
    name: "Kubernetes",
    hosts: &[
        "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local",
    ],
    shape: Some(shape),
    anonymous: true,
    diagnose,
};

/// `{"kind": "Status", "apiVersion": "v1", …}`.
fn shape(ctx: &Context<'_>) -> bool {
    json_str(ctx, "/kind") == Some("Status") && json_str(ctx, "/apiVersion") == Some("v1")
}

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !shape(ctx) {
        return None;
    }
    let message = json_str(ctx, "/message").unwrap_or("");
    let reason = json_str(ctx, "/reason").unwrap_or("");
    let user = quoted_after(message, "User ");
    match ctx.status().as_u16() {
        401 => {
            if !ctx.has_credentials() {
                return None;
            }
            Some(
                Diagnosis::new(Cause::InvalidCredentials)
                    .summary("the API server does not accept this credential: an expired or rotated service account token, a token of another cluster, a deleted service account, or an expired client certificate or exec-plugin token")
                    .remedy("re-read projected service account tokens from their file on every use (the kubelet rotates them); do not cache them at start-up")
                    .remedy("refresh the kubeconfig credentials (`kubectl config view --minify`, re-run the cloud CLI's get-credentials)")
                    .evidence(format!("Kubernetes Status reason: {reason}"))
                    .server_said(ctx),
            )
        }
        403 => {
            if user.as_deref() == Some("system:anonymous") {
                return Some(
                    Diagnosis::new(Cause::MissingCredentials)
                        .summary("the API server treated the request as anonymous (system:anonymous): no credential arrived, or it was not recognised")
                        .evidence("Kubernetes user: system:anonymous")
                        .remedy("send the service account token as `Authorization: Bearer <token>` (from /var/run/secrets/kubernetes.io/serviceaccount/token)")
                        .server_said(ctx),
                );
            }
            let required: Vec<String> = scopes::kubernetes(message).into_iter().collect();
            let namespace = quoted_after(message, "in the namespace ");
            let mut d = Diagnosis::new(Cause::InsufficientScope)
                .evidence(format!("Kubernetes Status reason: {reason}"))
                .required(required.clone());
            if let (Some(r), Some(u)) = (required.first(), user.as_deref()) {
                let ns = namespace
                    .as_deref()
                    .map(|n| format!(" -n {n}"))
                    .unwrap_or_default();
                d = d
                    .summary(format!(
                        "RBAC does not allow {u} to {r}{}",
                        namespace
                            .as_deref()
                            .map(|n| format!(" in the namespace {n}"))
                            .unwrap_or_default()
                    ))
                    .remedy(format!("check with `kubectl auth can-i {r}{ns} --as={u}`"));
                if let Some(sa) = u.strip_prefix("system:serviceaccount:") {
                    let (verb, resource) = r.split_once(' ').unwrap_or((r.as_str(), ""));
                    d = d.remedy(format!(
                        "grant it: `kubectl create role {verb}-{res} --verb={verb} --resource={resource}{ns}` and `kubectl create rolebinding {verb}-{res} --role={verb}-{res} --serviceaccount={sa}{ns}`",
                        res = resource.replace('.', "-"),
                    ));
                }
            }
            Some(d.server_said(ctx))
        }
        429 => Some(
            Diagnosis::new(Cause::RateLimited)
                .summary("the API server's priority and fairness limits reject requests from this client for now")
                .remedy("honour Retry-After and reduce the request rate (client-go QPS/Burst, fewer list calls; use watches and informers)")
                .server_said(ctx),
        ),
        _ => None,
    }
}

/// The double-quoted text after `marker`: `User "system:anonymous"` → `system:anonymous`.
fn quoted_after(msg: &str, marker: &str) -> Option<String> {
    let i = msg.find(marker)?;
    let rest = msg[i + marker.len()..].strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_owned()).filter(|s| s.len() <= 256)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    fn status(code: u16, reason: &str, message: &str) -> String {
        serde_json::json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code
        })
        .to_string()
    }

    #[test]
    fn rbac_forbidden() {
        let e = run(
            "https://10.0.0.1:6443/apis/apps/v1/namespaces/web/deployments",
            &[("authorization", "Bearer FAKESECRETsatoken")],
            403,
            &[("audit-id", "a-1")],
            &status(
                403,
                "Forbidden",
                "deployments.apps is forbidden: User \"system:serviceaccount:web:deployer\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"web\"",
            ),
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["create deployments.apps"]);
        assert_eq!(e.provider(), Some("Kubernetes"));
        let text = e.to_string();
        assert!(text.contains("kubectl auth can-i create deployments.apps -n web --as=system:serviceaccount:web:deployer"), "{text}");
        assert!(text.contains("--serviceaccount=web:deployer"), "{text}");
    }

    #[test]
    fn anonymous_and_unauthorized() {
        let e = run(
            "https://10.0.0.1:6443/api",
            &[("authorization", "Bearer FAKESECRETsatoken")],
            403,
            &[],
            &status(
                403,
                "Forbidden",
                "forbidden: User \"system:anonymous\" cannot get path \"/api\"",
            ),
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials));
        let e = run(
            "https://10.0.0.1:6443/api",
            &[("authorization", "Bearer FAKESECRETsatoken")],
            401,
            &[],
            &status(401, "Unauthorized", "Unauthorized"),
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
    }
}
