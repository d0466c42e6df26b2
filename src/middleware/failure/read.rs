//! How a failure is read against the request: the request's credentials and facts beside the
//! response's evidence, whether the words say enough for a diagnosis where only words decide,
//! and what of the request they name (a credential, its place, a placeholder, a sign-in).

use http::StatusCode;

use super::{AUTHORIZATION_NOUNS, Failure, NOT_FOUND, Named};
use crate::credential::{self, Credential};
use crate::explanation::Explanation;
use crate::middleware::with_sources;
use crate::observe::Evidence;
use crate::preflight::Finding;

impl Failure {
    /// The request's credentials, as [`Pending::credentials`], with the snapshot's URL `url`.
    pub(in crate::middleware) fn credentials_at(&self, url: &url::Url) -> Vec<Credential> {
        let mut credentials = match &self.early {
            Some(c) => c.clone(),
            None => with_sources(
                self.sent.credentials_at(url, &self.config.names),
                &self.injected,
            ),
        };
        if let Some(body) = &self.body {
            credentials.extend(credential::body::credentials(body));
        }
        credentials
    }

    /// What the response's head and captured body say, with the request's own time.
    pub(in crate::middleware) fn evidence(&self, headers: &http::HeaderMap) -> Evidence {
        let captured = &self.captured;
        let mut evidence =
            Evidence::read(self.status, headers, &captured.prefix, captured.complete);
        if let Some(note) = &captured.note {
            let body_note = evidence.body.note.take();
            evidence.body.note = Some(match body_note {
                Some(b) => format!("{note}; {b}"),
                None => note.clone(),
            });
        }
        evidence.request_time = self.sent.request_time();
        evidence.request_preflight = self.sent.is_preflight();
        // A kept body whose fields name no credential may still hold one under a name of its
        // own (`integrationKey`): either way the request is no certain "none sent".
        evidence.request_body_unread = self.unread_body || self.body.is_some();
        // (and a request with no body to read carries none there)
        evidence.request_body_plain =
            !self.unread_body && self.body.as_ref().is_none_or(|b| b.is_plain());
        evidence.request_fields = self.body.as_ref().map_or_else(Vec::new, |b| {
            let mut names = b.field_names();
            names.iter_mut().for_each(|n| n.make_ascii_lowercase());
            names
        });
        evidence.request_client_id = evidence.request_fields.iter().any(|n| n == "client_id");
        evidence.request_scope = self.body.as_ref().and_then(|b| b.form_field("scope"));
        evidence.request_ws_security = self
            .body
            .as_ref()
            .filter(|b| b.is_xml())
            .map(|b| b.contains(b"Security"));
        evidence.request_body_json = self
            .body
            .as_ref()
            .is_some_and(|b| !b.is_form() && !b.is_xml());
        evidence
    }

    /// Whether the kept body signs the request with a time of its own: a field named as a
    /// signature beside one named as a timestamp or nonce, in a request that carried a
    /// credential.
    pub(super) fn signs_its_body(&self) -> bool {
        let Some(body) = &self.body else {
            return false;
        };
        let fields = body.field_names();
        !self.sent_no_credential()
            && fields.iter().any(|f| credential::names_a_signature(f))
            && fields.iter().any(|f| {
                ["timestamp", "ts", "nonce", "time"]
                    .iter()
                    .any(|t| f.eq_ignore_ascii_case(t))
            })
    }

    /// The findings a failure adds to pre-flight's, on the credentials of a kept body, read
    /// only now: a `.env` line pasted whole, an `Authorization` value copied into a field, a
    /// placeholder.
    pub(super) fn findings_read_late<'f>(
        &'f self,
        credentials: &[Credential],
    ) -> std::borrow::Cow<'f, [Finding]> {
        use crate::preflight::{Severity, is_env_assignment, placeholder_reason};
        let mut findings = std::borrow::Cow::Borrowed(&self.findings[..]);
        let mut add = |code: &'static str, c: &Credential, message: String| {
            findings.to_mut().push(Finding {
                code,
                severity: Severity::Error,
                location: c.location.clone(),
                message,
            });
        };
        let never_loaded = "the variable or secret that should hold it was likely never loaded";
        for c in credentials
            .iter()
            .filter(|c| matches!(c.location, credential::Location::Body(_)))
        {
            let value = c.secret.expose_secret();
            if is_env_assignment(value) {
                add(
                    "env_assignment",
                    c,
                    format!(
                        "the request body's {} starts with a variable's name and `=` (a line of a .env file pasted whole); send only the value after `=`",
                        c.location
                    ),
                );
            }
            // (`"authToken": "Bearer ory_st_…"`: an Authorization header's value copied
            // whole into a field that takes the token alone)
            if let Some(scheme) = scheme_before_token(&c.location, value) {
                add(
                    "decorated_scheme",
                    c,
                    format!(
                        "the request body's {} starts with the scheme `{scheme}` (an Authorization header's value copied whole); the field takes the credential alone",
                        c.location
                    ),
                );
            }
            if let Some(why) = placeholder_reason(value) {
                add(
                    "placeholder",
                    c,
                    format!("the request body's {} is {why}; {never_loaded}", c.location),
                );
            }
        }
        findings
    }

    /// Whether a gated response's words are worth a diagnosis (which scrubs, and costs): the
    /// checks that hand most such responses on at once.
    pub(super) fn worth_diagnosing(
        &self,
        g: crate::observe::gate::Gate,
        messages: &[String],
        codes: &[String],
        named: Named,
        enveloped: bool,
    ) -> bool {
        let Named {
            credential: names_credential,
            missing: names_missing,
            quoted: quotes_credential,
        } = named;
        use crate::diagnose::words;
        use crate::explanation::Cause;
        use crate::observe::gate::Gate;
        let said = |list: &[&str]| {
            messages
                .iter()
                .any(|m| list.iter().any(|w| words::has(m, w)))
        };
        // "No such session 8812736451102233" about the session named in the request's path
        // (`/janus/8812736451102233`): a resource looked up and not found, whatever noun it
        // has.
        // (Unless what was not found is the request's credential, quoted: "No ClientIntegration
        // found for api_client_key: <the key sent>", whether or not the path holds it too.)
        // (Unless the words name a reason of the credential's beside it: "No such token
        // 'tok_…'; a similar object exists in test mode, but a live mode key was used".)
        if g != Gate::TokenEndpoint
            && said(&["no such", "not found", "does not exist", "unknown"])
            && self.names_a_path_segment(messages)
            && !quotes_credential
            && !words::classify(messages, true).is_some_and(|s| {
                s.named
                    && !matches!(
                        s.cause,
                        Cause::InvalidCredentials
                            | Cause::MissingCredentials
                            | Cause::UnknownUnauthorized
                            | Cause::UnknownForbidden
                    )
            })
        {
            return false;
        }
        // A 400 to a request that carried no credential is an auth failure only when its
        // words say the authorization itself is missing ("Header of type `authorization` was
        // missing"), not a form's password field.
        // Nor a form's field: an API's own credential judged by name ("Invalid API key", to a
        // key this crate did not find, in the path) is one.
        let judges_an_api_credential = || {
            said(&[
                "api key",
                "apikey",
                "api token",
                "access token",
                "client secret",
                "secret key",
                "app key",
            ]) && said(&["invalid", "expired", "revoked", "incorrect", "unknown"])
        };
        // (or beside a code that names the failure an authorization's: Tripadvisor's
        // `UnauthorizedException` "client key not set")
        let coded_unauthorized = || codes.iter().any(|c| words::names_an_auth_category(c));
        if g == Gate::CredentialWords
            && self.status == StatusCode::BAD_REQUEST
            && self.sent_no_credential()
            && !(names_missing && (said(AUTHORIZATION_NOUNS) || coded_unauthorized()))
            // (or a code of refused authorization beside words that name the credential's
            // place: ONVIF's `ter:NotAuthorized` "error … processing the <wsse:Security>
            // header" to a SOAP call that sent none)
            && !(names_credential && coded_unauthorized())
            && !judges_an_api_credential()
            // (or refuse where the request came from: "Not an accepted origin.")
            && !words::classify(messages, false).is_some_and(|s| s.cause == Cause::OriginRestricted)
            && !(names_credential && self.sends_only_a_url_credential())
            && !self.empty_segment_keyed(messages)
        {
            return false;
        }
        // A status of the server's own, or a 500, to a request without any credential (see
        // the gate): only a limit, an address rule, an account's or a feature's state or a
        // missing credential in so many words.
        // (a 500 to a request with a body answers that body: a SOAP fault speaks of the
        // session its envelope carried)
        let bodiless = self.body.is_none() && !self.unread_body;
        if g == Gate::CredentialWords
            && !matches!(self.status.as_u16(), 400 | 404 | 405)
            && (self.status != StatusCode::INTERNAL_SERVER_ERROR || bodiless)
            && self.sent_no_credential()
            && !self.is_sign_in()
        {
            // (or refuse an anonymous caller in so many words: ASP.NET's "Authorization has
            // been denied for this request.", "Authentication required")
            return (names_missing && said(AUTHORIZATION_NOUNS))
                || words::asks_for_authentication(messages)
                || said(&[
                    "authorization has been denied",
                    "unauthorized",
                    "unauthorised",
                    "not authorized",
                    "not authorised",
                ])
                || words::classify(messages, false).is_some_and(|s| {
                    matches!(
                        s.cause,
                        Cause::RateLimited
                            | Cause::IpRestricted
                            | Cause::AccountSuspended
                            | Cause::PlanRestricted
                            // (a feature switched off: "admin APIs disabled")
                            | Cause::EndpointNotEnabled
                    )
                });
        }
        // A 404 or 405 is most often about the resource: unless its words name the credential
        // or a state of the API or account ("API not enabled"), and do not say something was
        // not found, it is handed on.
        if g == Gate::CredentialWords && matches!(self.status.as_u16(), 404 | 405) {
            // (a body let it through the gate: it must have carried a credential)
            if self.sent_no_credential() {
                return false;
            }
            let states_a_state = || {
                words::classify(messages, true).is_some_and(|s| {
                    matches!(
                        s.cause,
                        Cause::EndpointNotEnabled
                            | Cause::AccountSuspended
                            | Cause::PlanRestricted
                            | Cause::RateLimited
                            // a key of the other mode (live, test) finds none of this one's
                            | Cause::WrongEnvironment
                    )
                })
            };
            // A sign-in told its account does not exist ("Account with this email does not
            // exist.") was refused: an unknown user.
            let unknown_user = self.is_sign_in()
                && said(NOT_FOUND)
                && said(&["account", "user", "email", "username", "login"]);
            // ("Not Found", the status's own reason as a problem's title, says nothing more
            // than the status: "Payment … exists, but the wrong mode is used" beside it)
            let not_found = messages
                .iter()
                .any(|m| !words::is_stock(m) && NOT_FOUND.iter().any(|w| words::has(m, w)));
            let hidden = self.hides_for_access(messages);
            // (a record of the collection the path looks up: `/credentials/1234567`)
            if !quotes_credential
                && !states_a_state()
                && !hidden
                && self.names_the_path_collection(messages)
            {
                return false;
            }
            if !unknown_user
                && !hidden
                && ((!names_credential && !states_a_state())
                    || (not_found && !quotes_credential && !states_a_state()))
            {
                return false;
            }
        }
        // An error redirect's words must name a cause ("too_short" is a form's own).
        if g == Gate::ErrorRedirect {
            let all: Vec<String> = codes
                .iter()
                .map(|c| words::normalize_code(c))
                .chain(messages.iter().cloned())
                .collect();
            return words::classify(&all, true).is_some();
        }
        // A keyed API's short 2xx is most often a success: its words must name a cause at all,
        // or report an error ("ERROR 101") to a request that shows a placeholder for its key.
        if g == Gate::KeyedEnvelope && !enveloped {
            let all: Vec<String> = codes
                .iter()
                .map(|c| words::normalize_code(c))
                .chain(messages.iter().cloned())
                .collect();
            let reports_error = || {
                all.iter().any(|m| {
                    [
                        "error",
                        "fail",
                        "failed",
                        "failure",
                        "denied",
                        "invalid",
                        "rejected",
                        "refused",
                        // (webhook's "Hook rules were not satisfied.")
                        "not satisfied",
                        // (Duck DNS's bare "KO")
                        "ko",
                    ]
                    .iter()
                    .any(|w| words::has(m, w))
                })
            };
            // (or names a credential the request sent in its query as one that must travel
            // elsewhere: MediaWiki's `mustpostparams`)
            let query_names = words::query_credential_names(&self.credentials_at(&self.sent.url()));
            // (or quotes the request's own key beside a verdict: "The GUID entered is not
            // recognised … : <the key>")
            let judges_quoted = || quotes_credential && said(super::QUOTED_VERDICTS);
            return words::classify(&all, true).is_some()
                // (or judges the request's own time: a signed call's timestamp refused)
                || crate::diagnose::names_a_time_refusal(messages)
                || ((self.shows_a_placeholder() || names_credential) && reports_error())
                // (or a bare failure, "KO", to a request whose credential pre-flight found
                // broken: the finding is the likeliest reason)
                || (self.findings.iter().any(|f| f.implied_cause().is_some())
                    && messages.iter().all(|m| m.split_whitespace().count() <= 2)
                    && reports_error())
                || judges_quoted()
                || self.only_refused_a_credential(messages)
                || words::misplaced_query_credential(messages, &query_names).is_some();
        }
        true
    }

    /// Whether a 404's words give both readings a server hides a resource behind ("Note not
    /// found or you do not have access to it"): absent, or refused to this caller (RFC 9110
    /// §15.5.5 lets an origin answer 404 for what it will not disclose). What the caller
    /// lacks is not said.
    pub(super) fn hides_for_access(&self, messages: &[String]) -> bool {
        use crate::diagnose::words;
        self.status == StatusCode::NOT_FOUND
            && !self.sent_no_credential()
            && messages.iter().any(|m| {
                NOT_FOUND.iter().any(|w| words::has(m, w))
                    && words::has(m, "or")
                    && [
                        "access",
                        "permission",
                        "permissions",
                        "authorized",
                        "authorised",
                    ]
                    .iter()
                    .any(|w| words::has(m, w))
            })
    }

    /// The last word on a gated response's explanation: nginx's stock 503 read as a limit is
    /// said low; a 404 that gives both readings says the resource is absent or hidden, unless
    /// its words named a cause of their own or the scope it lacks.
    pub(super) fn finish(
        &self,
        mut e: Explanation,
        nginx_limit: bool,
        messages: &[String],
    ) -> Explanation {
        use crate::explanation::{Cause, Confidence};
        if nginx_limit && e.cause() == Some(Cause::RateLimited) {
            e.confidence = Some(Confidence::Low);
            e.evidence.push(
                "nginx's stock 503 page: nginx answers the requests its limit_req and limit_conn rules refuse with it by default".to_owned(),
            );
        }
        if self.hides_for_access(messages)
            && e.required_scopes.is_empty()
            && matches!(
                e.cause(),
                Some(
                    Cause::InsufficientScope
                        | Cause::UnknownForbidden
                        | Cause::UnknownUnauthorized
                        | Cause::InvalidCredentials
                )
            )
        {
            e.cause = Some(Cause::UnknownForbidden);
            e.confidence = Some(Confidence::Low);
            e.summary = "the resource does not exist, or the credential may not see it: the server answers both alike".to_owned();
            e.evidence.push(
                "the 404's words give both readings, absent or not accessible to this caller (RFC 9110 §15.5.5 lets a server hide what it will not disclose behind a 404)".to_owned(),
            );
            e.remedies = vec![
                "check that the resource's id or path is right".to_owned(),
                "then check that the credential's user or key has been given access to it"
                    .to_owned(),
            ];
        }
        e
    }

    /// Whether a 400's only challenge is a Bearer one with `error="invalid_request"` and no
    /// description, to a request with one well-formed Bearer `Authorization` (no finding that
    /// implies a cause, no other credential): RFC 6750 §3.1's catch-all for a malformed
    /// request, whose fault then lies in its other parameters.
    pub(super) fn plain_bearer_refused_as_bad_request(
        &self,
        evidence: &crate::observe::Evidence,
    ) -> bool {
        let mut origin = evidence.challenges.iter().filter(|c| !c.proxy);
        let (Some(c), None) = (origin.next(), origin.next()) else {
            return false;
        };
        let url = self.sent.url();
        let credentials = self.credentials_at(&url);
        c.scheme.eq_ignore_ascii_case("bearer")
            && c.param("error") == Some("invalid_request")
            && c.param("error_description").is_none()
            && evidence.body.json.is_none()
            && credentials.len() == 1
            && credentials[0].location == credential::Location::Header(http::header::AUTHORIZATION)
            && credentials[0]
                .scheme
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
            && !self.findings.iter().any(|f| f.implied_cause().is_some())
    }

    /// Whether the request's path has an empty segment inside it (`/csv//VIIRS…`, a value
    /// interpolated while unset) and the words judge a key or token: the key that segment
    /// should hold.
    pub(super) fn empty_segment_keyed(&self, messages: &[String]) -> bool {
        use crate::diagnose::words;
        let said = |list: &[&str]| {
            messages
                .iter()
                .any(|m| list.iter().any(|w| words::has(m, w)))
        };
        let url = self.sent.url();
        let path = url.path().trim_end_matches('/');
        path.len() > 1
            && path[1..].contains("//")
            && said(&["key", "token"])
            && said(&[
                "invalid",
                "missing",
                "required",
                "expired",
                "incorrect",
                "unknown",
            ])
    }

    /// Whether the kept body sets a password rather than signs in with one: a confirmation
    /// field (`password_verify`, `password_confirmation`, `confirm_password`, `password2`) or
    /// a `new_password`.
    pub(super) fn sets_a_password(&self) -> bool {
        let Some(body) = &self.body else {
            return false;
        };
        body.field_names().iter().any(|n| {
            let n = n.to_ascii_lowercase();
            n.contains("pass")
                && ([
                    "confirm",
                    "verify",
                    "verification",
                    "repeat",
                    "again",
                    "new",
                ]
                .iter()
                .any(|w| n.contains(w))
                    || n.ends_with('2'))
        })
    }

    /// Whether the request signs in: a password in its kept body, or `Basic` credentials sent
    /// to a sign-in path (`/auth/login`, `/signin`).
    pub(super) fn is_sign_in(&self) -> bool {
        let url = self.sent.url();
        crate::observe::gate::is_sign_in(&self.credentials_at(&url), &url)
    }

    /// Whether a message quotes one of the request's credentials (12 bytes or more) by value,
    /// as the thing it judges: not a parameter's value it validates ("The `pagination_token`
    /// query parameter value [...] is not valid").
    pub(super) fn quotes_a_credential(&self, messages: &[String]) -> bool {
        use crate::diagnose::words;
        let credentials = self.credentials_at(&self.sent.url());
        // (a path the server echoes, `Cannot GET /v1/<key>/x`, quotes no judgement of it)
        let judged = |m: &String, s: &str| {
            m.match_indices(s).any(|(i, _)| !m[..i].ends_with('/')) && {
                let n = words::normalize(m);
                !["parameter", "param", "field", "argument"]
                    .iter()
                    .any(|w| words::has(&n, w))
            }
        };
        // A key named in the path beside a credential sent elsewhere (`POST
        // /api/api-keys/<key>/disable` with `X-Api-Key`) is the resource the request acts on:
        // "API key '<it>' not found" judges the lookup, not the caller.
        let elsewhere = credentials
            .iter()
            .any(|c| !matches!(c.location, crate::Location::Path(_)));
        credentials
            .iter()
            .filter(|c| !(elsewhere && matches!(c.location, crate::Location::Path(_))))
            .map(|c| c.secret.expose_secret())
            .filter(|s| s.len() >= 12)
            .any(|s| std::str::from_utf8(s).is_ok_and(|s| messages.iter().any(|m| judged(m, s))))
    }

    /// Whether the request shows a placeholder for a credential: pre-flight's finding, or a
    /// template value in a field of its kept body (`password=YOUR_API_KEY`).
    pub(super) fn shows_a_placeholder(&self) -> bool {
        self.findings.iter().any(|f| f.code == "placeholder")
            || self.body.as_ref().is_some_and(|b| {
                credential::body::credentials(b).iter().any(|c| {
                    crate::preflight::placeholder_reason(c.secret.expose_secret()).is_some()
                })
            })
    }

    /// Whether a message refuses the caller in so many words.
    pub(super) fn refused(messages: &[String]) -> bool {
        use crate::diagnose::words;
        messages.iter().any(|m| {
            [
                "not authorized",
                "not authorised",
                "unauthorized",
                "unauthorised",
                "access denied",
                "forbidden",
                "permission denied",
                "do not have permission",
                "not permitted",
            ]
            .iter()
            .any(|w| words::has(m, w))
        })
    }

    /// The status a message that is nothing but a refusal names ("Access Denied.", "Not
    /// Authorized!", "Forbidden"): 403 for words of a denied permission, 401 for words of a
    /// caller not authorized. `None` when any message says more (a reason, a noun of its
    /// own: "Access denied: key expired").
    /// A keyed API's envelope may follow its refusal with advice ("Unauthorized Request.
    /// Please check hotel code and authentication code"): with `first_sentence`, a message's
    /// first sentence is read alone (the diagnosis still reads the rest).
    pub(super) fn bare_refusal(messages: &[String], first_sentence: bool) -> Option<StatusCode> {
        use crate::diagnose::words;
        const FORBIDDING: &[&str] = &[
            "access denied",
            "access was denied",
            "access is denied",
            "forbidden",
            "permission denied",
            "not permitted",
        ];
        const UNAUTHORIZED: &[&str] = &[
            "unauthorized",
            "unauthorised",
            "not authorized",
            "not authorised",
            "unauthorized access",
            "unauthorized request",
            // (fastapi-jsonrpc's documented `AuthError`: "Auth error", code 7000)
            "auth error",
            "authentication error",
            "authentication failed",
            "auth failed",
        ];
        // (a refusal named as the failure of a service: "SERVICE ACCESS DENIED ERROR.")
        let refuses = |n: &str, list: &[&str]| {
            let n = n.trim();
            let unnamed = n
                .strip_prefix("service ")
                .or_else(|| n.strip_prefix("api "))
                .unwrap_or(n);
            [n, unnamed].into_iter().any(|n| {
                list.contains(&n) || n.strip_suffix(" error").is_some_and(|n| list.contains(&n))
            })
        };
        let bare = |m: &String, list: &[&str]| {
            if refuses(&words::normalize(m), list) {
                return true;
            }
            let m = m.trim();
            let first = m
                .split_once(". ")
                .or_else(|| m.split_once("! "))
                .map(|(f, _)| f)
                .filter(|_| first_sentence);
            first.is_some_and(|f| refuses(&words::normalize(f), list))
        };
        let mut status = None;
        for m in messages.iter().filter(|m| !m.trim().is_empty()) {
            let this = if bare(m, FORBIDDING) {
                StatusCode::FORBIDDEN
            } else if bare(m, UNAUTHORIZED) {
                StatusCode::UNAUTHORIZED
            } else {
                return None;
            };
            if status.is_some_and(|s| s != this) {
                return None;
            }
            status = Some(this);
        }
        status
    }

    /// Whether the request carried a credential in a header of its own (not `Cookie`).
    pub(super) fn sends_a_header_credential(&self) -> bool {
        self.credentials_at(&self.sent.url()).iter().any(|c| {
            matches!(&c.location, credential::Location::Header(h) if *h != http::header::COOKIE)
        })
    }

    /// Whether the request's credentials all went in its URL (a path segment, a query
    /// parameter) and nothing else it sent could be "the token" or "the key" of a message: no
    /// body, no other query parameter whose name speaks of a token or key.
    pub(super) fn sends_only_a_url_credential(&self) -> bool {
        let url = self.sent.url();
        let credentials = self.credentials_at(&url);
        let in_url = |c: &credential::Credential| {
            matches!(
                c.location,
                credential::Location::Path(_) | credential::Location::Query(_)
            )
        };
        // (a random key as a path segment, where no credential was found: Blynk's and
        // Caiyun's `/<token>/…`, which only a token's shape would make one)
        let in_path = || {
            url.path_segments()
                .into_iter()
                .flatten()
                .any(|s| credential::is_random_key(s.as_bytes()))
        };
        if (credentials.is_empty() && !in_path())
            || !credentials.iter().all(in_url)
            || self.body.is_some()
            || self.sent.gate_facts().body_unread
        {
            return false;
        }
        // Any other parameter must be plain: not named for a token or key, and not an opaque
        // value (a page cursor's "Invalid token provided").
        url.query_pairs().all(|(name, value)| {
            credentials
                .iter()
                .any(|c| matches!(&c.location, credential::Location::Query(q) if *q == name))
                || {
                    let name = name.to_ascii_lowercase();
                    !name.contains("token")
                        && !name.contains("key")
                        && !credential::is_random_key(value.as_bytes())
                }
        })
    }

    /// Whether a message names the header the request's credential travelled in ("The token
    /// parameter provided is not valid" to a request with a `token` header).
    pub(super) fn names_a_credential_place(&self, messages: &[String]) -> bool {
        use crate::diagnose::words;
        let url = self.sent.url();
        // A SOAP message's security header (OASIS WS-Security's `<wsse:Security>`) is where
        // its credential travels.
        if messages.iter().any(|m| {
            let n = words::normalize(m);
            words::has(&n, "wsse security") || words::has(&n, "ws security header")
        }) {
            return true;
        }
        // "Missing request cookie \"sid\"" to a request that carried a session cookie of
        // another name: the cookie is where its credential travels.
        if messages
            .iter()
            .any(|m| words::has(&words::normalize(m), "cookie"))
            && self
                .credentials_at(&url)
                .iter()
                .any(|c| matches!(c.location, credential::Location::Cookie(_)))
        {
            return true;
        }
        let names: Vec<String> = self
            .credentials_at(&url)
            .iter()
            .filter_map(|c| match &c.location {
                // A header is named for what it carries; a query or body name
                // (`pagination_token`) may be the payload's, unless the name itself is a
                // secret's (`refresh_token`, `client_secret`, `password`).
                credential::Location::Header(h) if *h != http::header::COOKIE => {
                    Some(h.as_str().to_owned())
                }
                credential::Location::Query(n) | credential::Location::Body(n)
                    if credential::body::is_secret_field(n) =>
                {
                    Some(n.clone())
                }
                // (a query name a credential is conventionally sent under, listed or
                // configured, `?token=`: the server that says "token not valid" to it means
                // that one)
                credential::Location::Query(n)
                    if matches!(
                        c.found_by,
                        credential::FoundBy::NameList | credential::FoundBy::Configured
                    ) =>
                {
                    Some(n.clone())
                }
                // (a query name that holds a key only sometimes, holding one here: `ticket`)
                credential::Location::Query(n)
                    if std::str::from_utf8(c.secret.expose_secret())
                        .is_ok_and(|v| credential::is_key_under_loose_name(n, v)) =>
                {
                    Some(n.clone())
                }
                _ => None,
            })
            .filter(|n| n.len() >= 3)
            .map(|n| words::normalize(&n).trim().to_owned())
            .collect();
        !names.is_empty()
            && messages.iter().any(|m| {
                let n = words::normalize(m);
                names.iter().any(|name| words::has(&n, name))
            })
    }

    /// Whether a message names an identifier (four characters or more, with a digit) that is
    /// a segment of the request's path.
    pub(super) fn names_a_path_segment(&self, messages: &[String]) -> bool {
        let url = self.sent.url();
        // (a segment that is itself a key, echoed back, is the credential's; unless the
        // request sent its credential elsewhere, as a header: then a key in the path is the
        // resource it acts on, `/api-keys/<key>/disable`)
        let elsewhere = self.authenticated_outside_path(&url);
        let segments: Vec<&str> = url
            .path_segments()
            .into_iter()
            .flatten()
            .filter(|s| {
                s.len() >= 4
                    && s.bytes().any(|b| b.is_ascii_digit())
                    && (elsewhere
                        || (!credential::is_random_key(s.as_bytes())
                            && !credential::is_token_shaped(s)))
            })
            .take(16)
            .collect();
        // (the messages are normalized: so is each segment, `btr-Fq7…` as `btr fq 7 …`)
        let segments: Vec<String> = segments
            .iter()
            .map(|s| crate::diagnose::words::normalize(s).trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        !segments.is_empty()
            && messages
                .iter()
                .any(|m| segments.iter().any(|s| crate::diagnose::words::has(m, s)))
    }

    /// Whether the request carried a credential outside its URL path (a header, the query, a
    /// cookie, the body).
    fn authenticated_outside_path(&self, url: &url::Url) -> bool {
        self.credentials_at(url)
            .iter()
            .any(|c| !matches!(c.location, crate::Location::Path(_)))
    }

    /// Whether the words are nothing but a refusal ("Not Authorized.", [`Self::bare_refusal`])
    /// to a request that carried a credential: PiShock's 200 to a wrong key in its JSON body.
    pub(super) fn only_refused_a_credential(&self, messages: &[String]) -> bool {
        Self::bare_refusal(messages, false).is_some()
            && !self.credentials_at(&self.sent.url()).is_empty()
    }

    /// Whether the words name the collection of the resource the path looks up (a 404's
    /// `ERROR_NO_CREDENTIAL` to `/credentials/1234567`, "Token not found" to `/tokens/42`),
    /// to a request that authenticated outside its path: that record is what is missing, not
    /// the request's credential.
    pub(super) fn names_the_path_collection(&self, messages: &[String]) -> bool {
        use crate::diagnose::words;
        let url = self.sent.url();
        if !self.authenticated_outside_path(&url) {
            return false;
        }
        let segments: Vec<&str> = url.path_segments().into_iter().flatten().take(32).collect();
        // (a version, `/api/v1`, is no record of a collection)
        let version = |s: &str| {
            s.strip_prefix(['v', 'V'])
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        };
        segments.windows(2).any(|w| {
            let noun = words::normalize(w[0]);
            let noun = noun.trim();
            // (a collection is named in the plural)
            let Some(singular) = noun.strip_suffix('s') else {
                return false;
            };
            !singular.is_empty()
                && w[1].bytes().any(|b| b.is_ascii_digit())
                && !version(w[1])
                && messages
                    .iter()
                    .any(|m| words::has(m, noun) || words::has(m, singular))
        })
    }

    /// The kind of the credential the request carried in `Authorization`, if it carried one.
    pub(super) fn authorization_kind(&self) -> Option<credential::CredentialKind> {
        self.credentials_at(&self.sent.url())
            .iter()
            .find(|c| {
                matches!(&c.location, crate::Location::Header(h) if *h == http::header::AUTHORIZATION)
            })
            .map(|c| c.kind)
    }

    /// Whether the request carried no credential at all: none in its head, none in its kept
    /// body (`api_key`, `client_secret`).
    pub(super) fn sent_no_credential(&self) -> bool {
        !self.sent.gate_facts().credential
            && self
                .body
                .as_ref()
                .is_none_or(|b| credential::body::credentials(b).is_empty())
    }

    /// Whether the body answers a credential field of the request by name with a verdict
    /// (`"token": "invalid"` to a form that sent `token=…`): the server judged that credential.
    pub(super) fn answers_a_credential_field(&self, fields: &[(String, String)]) -> bool {
        const VERDICTS: &[&str] = &[
            "invalid",
            "expired",
            "revoked",
            "missing",
            "required",
            "wrong",
            "incorrect",
            "unknown",
        ];
        if fields.is_empty() {
            return false;
        }
        let sent = self.credentials_at(&self.sent.url());
        fields.iter().any(|(k, v)| {
            VERDICTS.iter().any(|w| v.eq_ignore_ascii_case(w))
                && sent.iter().any(|c| match &c.location {
                    credential::Location::Query(name) | credential::Location::Body(name) => {
                        name.eq_ignore_ascii_case(k)
                    }
                    _ => false,
                })
        })
    }

    /// Whether an error names as refused only fields of the request's kept body that carried
    /// no credential (Mollie's `"field": "cardToken"` beside a card token the payment names,
    /// its API key in `Authorization`): the payload's, whatever the field is called.
    pub(super) fn refuses_a_payload_field(&self, json: Option<&serde_json::Value>) -> bool {
        let (Some(json), Some(body)) = (json, &self.body) else {
            return false;
        };
        let named = crate::observe::gate::named_fields(json);
        let fields = body.field_names();
        let credentials = self.credentials_at(&self.sent.url());
        let in_body = |n: &str| {
            credentials.iter().any(
                |c| matches!(&c.location, credential::Location::Body(b) if b.eq_ignore_ascii_case(n)),
            )
        };
        // (another credential went, outside the body: a sign-in's own fields are not this)
        !named.is_empty()
            && credentials
                .iter()
                .any(|c| !matches!(c.location, credential::Location::Body(_)))
            && named
                .iter()
                .all(|n| fields.iter().any(|f| f == n) && !in_body(n))
    }

    /// Whether a sign-in request (a password in its body) got an error keyed by the identifier
    /// it signed in with (Laravel's 422 `{"errors": {"email": ["These credentials do not match
    /// our records."]}}`): the verdict on the sign-in, in whatever language, not a validation of
    /// a payload field.
    pub(super) fn refuses_the_login(&self, json: Option<&serde_json::Value>) -> bool {
        use crate::observe::gate::{errors_keyed_by_identifier, signs_in};
        json.is_some_and(errors_keyed_by_identifier)
            && signs_in(&self.credentials_at(&self.sent.url()))
    }
}

/// Whether a normalized message is a bare verdict on "the token" or "the key" and nothing
/// else: "invalid token", "token expired", "the key is invalid".
pub(super) fn bare_verdict_on_token(n: &str) -> bool {
    const VERDICT: &[&str] = &[
        "invalid",
        "expired",
        "revoked",
        "unknown",
        "bad",
        "wrong",
        "incorrect",
        "missing",
        "not",
        "valid",
        "is",
        "has",
        "been",
        "the",
        "your",
        "provided",
        "a",
    ];
    let mut noun = false;
    // (an exception's name before it, "Error: The token has expired", and the moment after
    // it, "… at 2026-12-06T11:34:22Z", belong to no payload)
    let words = n.split_whitespace();
    let words = words.skip_while(|w| *w == "error");
    for w in words {
        if w == "token" || w == "key" {
            noun = true;
        } else if w == "at" && noun {
            break;
        } else if !VERDICT.contains(&w) {
            return false;
        }
    }
    noun
}

/// The scheme (`Bearer`, `Basic`, `Token`) a body field's credential starts with, followed by
/// a space and the token, where the field is not itself named for the Authorization header.
fn scheme_before_token(location: &credential::Location, value: &[u8]) -> Option<&'static str> {
    let credential::Location::Body(name) = location else {
        return None;
    };
    if name.to_ascii_lowercase().contains("authorization") {
        return None;
    }
    let (Some(scheme), token) = credential::split_scheme(value) else {
        return None;
    };
    if token.is_empty() || token.contains(&b' ') {
        return None;
    }
    ["Bearer", "Basic", "Token"]
        .into_iter()
        .find(|s| s.as_bytes().eq_ignore_ascii_case(scheme))
}
