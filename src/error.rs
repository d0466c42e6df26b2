//! [`AuthError`]: a request refused before sending, or rejected by the server.

use std::fmt;

use crate::explanation::{Explanation, Outcome};
use std::sync::{Arc, OnceLock};

/// What kind of [`AuthError`] this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthErrorKind {
    /// Strict pre-flight refused to send the request: no byte left the process.
    Refused,
    /// The server answered 401, 403, 407 or 429, or an HTTPS proxy refused the tunnel
    /// with 407 (then there is no response, and the transport error is the
    /// [`source`](std::error::Error::source)).
    Rejected,
}

/// An auth failure as an error: the [`Explanation`] and, when the server answered, the whole
/// response (status, headers and every body byte).
///
/// It reaches callers as `reqwest_middleware::Error::Middleware`; get it back with
/// [`AuthError::from_middleware`] or [`AuthError::try_from_middleware`].
///
/// ```no_run
/// # async fn run(client: reqwest_middleware::ClientWithMiddleware) {
/// use reqwest_auth_explain::AuthError;
///
/// match client.get("https://api.example.com/v1/me").send().await {
///     Ok(resp) => println!("{}", resp.status()),
///     Err(err) => match AuthError::try_from_middleware(err) {
///         Ok(auth) => {
///             eprintln!("{}", auth.explanation());
///             let body = auth.into_response().map(|r| r.text());
///         }
///         Err(other) => eprintln!("{other}"),
///     },
/// }
/// # }
/// ```
pub struct AuthError {
    kind: AuthErrorKind,
    explanation: Box<Explanation>,
    response: Option<Box<reqwest::Response>>,
    source: Option<reqwest::Error>,
}

impl AuthError {
    pub(crate) fn refused(explanation: Explanation) -> Self {
        AuthError {
            kind: AuthErrorKind::Refused,
            explanation: Box::new(explanation),
            response: None,
            source: None,
        }
    }

    /// A proxy refused the tunnel: the transport error is kept as the source.
    pub(crate) fn proxy(explanation: Explanation, source: reqwest::Error) -> Self {
        AuthError {
            kind: AuthErrorKind::Rejected,
            explanation: Box::new(explanation),
            response: None,
            source: Some(source),
        }
    }

    pub(crate) fn rejected(explanation: Explanation, response: reqwest::Response) -> Self {
        AuthError {
            kind: AuthErrorKind::Rejected,
            explanation: Box::new(explanation),
            response: Some(Box::new(response)),
            source: None,
        }
    }

    /// Refused before sending, or rejected by the server.
    pub fn kind(&self) -> AuthErrorKind {
        self.kind
    }

    /// Whether strict pre-flight refused to send the request.
    pub fn is_refused(&self) -> bool {
        self.kind == AuthErrorKind::Refused
    }

    /// Why it failed.
    pub fn explanation(&self) -> &Explanation {
        &self.explanation
    }

    /// The response status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        self.response.as_ref().map(|r| r.status())
    }

    /// The server's response, when it answered.
    pub fn response(&self) -> Option<&reqwest::Response> {
        self.response.as_deref()
    }

    /// The server's response with every byte of its body, when it answered.
    pub fn into_response(self) -> Option<reqwest::Response> {
        self.response.map(|r| *r)
    }

    /// The `AuthError` inside a middleware error, if that is what it holds.
    ///
    /// Looks through wrappers that keep the middleware error as their `source()`.
    pub fn from_middleware(err: &reqwest_middleware::Error) -> Option<&AuthError> {
        let reqwest_middleware::Error::Middleware(e) = err else {
            return None;
        };
        e.chain().take(16).find_map(|cause| {
            cause
                .downcast_ref::<AuthError>()
                .or_else(|| {
                    cause
                        .downcast_ref::<reqwest_middleware::Error>()
                        .and_then(AuthError::from_middleware)
                })
                .or_else(|| in_retry_error(cause))
        })
    }

    /// The `AuthError` anywhere in an error's chain: behind `anyhow`, or any wrapper that keeps
    /// its cause as `source()`. reqwest-retry's `RetryError` hides the error it wraps from
    /// `source()`; with the `retry` feature it is looked into as well.
    ///
    /// ```
    /// use reqwest_auth_explain::AuthError;
    ///
    /// fn explain(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    ///     AuthError::find_in(err).map(|auth| format!("{auth:#}"))
    /// }
    /// let plain = std::io::Error::other("not an auth failure");
    /// assert_eq!(explain(&plain), None);
    /// ```
    pub fn find_in<'e>(err: &'e (dyn std::error::Error + 'static)) -> Option<&'e AuthError> {
        let mut current: Option<&'e (dyn std::error::Error + 'static)> = Some(err);
        for _ in 0..32 {
            let e = current?;
            if let Some(auth) = e.downcast_ref::<AuthError>() {
                return Some(auth);
            }
            if let Some(found) = e
                .downcast_ref::<reqwest_middleware::Error>()
                .and_then(AuthError::from_middleware)
                .or_else(|| in_retry_error(e))
            {
                return Some(found);
            }
            current = e.source();
        }
        None
    }

    /// Takes the `AuthError` out of a middleware error, or gives the error back.
    pub fn try_from_middleware(
        err: reqwest_middleware::Error,
    ) -> Result<AuthError, reqwest_middleware::Error> {
        match err {
            reqwest_middleware::Error::Middleware(e) => e
                .downcast::<AuthError>()
                .map_err(reqwest_middleware::Error::Middleware),
            other => Err(other),
        }
    }
}

impl fmt::Display for AuthError {
    /// One line; with `{:#}`, the whole diagnostic (the explanation's own `Display`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.explanation;
        if f.alternate() {
            return write!(f, "{e}");
        }
        let cause = e.cause().map_or("unexplained", |c| c.code());
        match (self.kind, e.status()) {
            (AuthErrorKind::Refused, _) => {
                write!(
                    f,
                    "request refused before sending ({cause}): {}",
                    e.summary()
                )
            }
            (_, Some(s)) => write!(
                f,
                "server rejected the request ({s}, {cause}): {}",
                e.summary()
            ),
            (_, None) => write!(f, "server rejected the request ({cause}): {}", e.summary()),
        }
    }
}

impl fmt::Debug for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the response's own Debug: it prints the URL with its query.
        // Concise: what happened and why, not every field of the explanation.
        f.debug_struct("AuthError")
            .field("kind", &self.kind)
            .field("status", &self.explanation.status())
            .field("cause", &self.explanation.cause())
            .field("confidence", &self.explanation.confidence())
            .field("summary", &self.explanation.summary())
            .field("credential", &self.explanation.credential())
            .field("source", &self.source.as_ref().map(ToString::to_string))
            .finish_non_exhaustive()
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// The `AuthError` inside reqwest-retry's `RetryError`, which is `transparent` (its
/// `source()` skips the middleware error it holds).
#[cfg(feature = "retry")]
fn in_retry_error<'e>(e: &'e (dyn std::error::Error + 'static)) -> Option<&'e AuthError> {
    match e.downcast_ref::<reqwest_retry::RetryError>()? {
        reqwest_retry::RetryError::Error(inner)
        | reqwest_retry::RetryError::WithRetries { err: inner, .. } => {
            AuthError::from_middleware(inner)
        }
    }
}

#[cfg(not(feature = "retry"))]
fn in_retry_error<'e>(_: &'e (dyn std::error::Error + 'static)) -> Option<&'e AuthError> {
    None
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for reqwest::Response {}
}

/// Auth explanations on a response. Implemented for [`reqwest::Response`] only (sealed).
pub trait ResponseExt: Sized + sealed::Sealed {
    /// The explanation the middleware attached, when the response is an auth failure.
    ///
    /// Unless a tracing subscriber took the failure's WARN event (or errors are on), the
    /// diagnosis runs on the first call, from what the middleware kept when the response
    /// arrived (the body's first `max_body_bytes`, the request's credentials, the key
    /// history's answer) and the response's headers as they are then; later calls return the
    /// same explanation. Reach it through this method: the extension that holds it is private.
    ///
    /// ```no_run
    /// use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
    ///
    /// # async fn run() -> Result<(), reqwest_middleware::Error> {
    /// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
    ///     .with(AuthExplainMiddleware::default())
    ///     .build();
    /// let resp = client.get("https://api.example.com/v1/me").send().await?;
    /// if let Some(why) = resp.auth_explanation() {
    ///     eprintln!("{why}");
    ///     for remedy in why.remedies() {
    ///         eprintln!("  try: {remedy}");
    ///     }
    /// }
    /// let body = resp.bytes().await?; // every byte, explained or not
    /// # let _ = body;
    /// # Ok(()) }
    /// ```
    fn auth_explanation(&self) -> Option<&Explanation>;

    /// What the middleware has to say about this response, whatever its outcome: the
    /// explanation of an auth failure (as [`auth_explanation`](Self::auth_explanation)), or,
    /// on any other response to a request that pre-flight touched, what it repaired and found,
    /// with the credential (outcome [`Outcome::Ok`]). `None` when there is nothing to report.
    ///
    /// ```no_run
    /// use reqwest_auth_explain::{AuthExplainMiddleware, Outcome, ResponseExt};
    ///
    /// # async fn run() -> Result<(), reqwest_middleware::Error> {
    /// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
    ///     .with(AuthExplainMiddleware::default())
    ///     .build();
    /// let resp = client
    ///     .get("https://api.example.com/v1/me")
    ///     .header("Authorization", "Bearer  FAKE0123456789abcdef")
    ///     .send()
    ///     .await?;
    /// if let Some(report) = resp.auth_report().filter(|r| r.outcome() == Outcome::Ok) {
    ///     for f in report.findings() {
    ///         eprintln!("pre-flight {}: {}", f.code, f.message);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    fn auth_report(&self) -> Option<&Explanation>;

    /// Like `error_for_status`, for auth failures only: `Err(AuthError)` when the middleware
    /// explained this response, carrying the response itself.
    fn error_for_auth(self) -> Result<Self, AuthError>;
}

impl ResponseExt for reqwest::Response {
    fn auth_explanation(&self) -> Option<&Explanation> {
        let ext = self.extensions();
        ext.get::<Explanation>()
            .or_else(|| ext.get::<Deferred>().map(|d| d.get(self)))
            .filter(|e| e.outcome() == Outcome::Explained)
    }

    fn auth_report(&self) -> Option<&Explanation> {
        let ext = self.extensions();
        ext.get::<Explanation>()
            .or_else(|| ext.get::<Deferred>().map(|d| d.get(self)))
    }

    fn error_for_auth(self) -> Result<Self, AuthError> {
        match self.auth_explanation().cloned() {
            Some(e) => Err(AuthError::rejected(e, self)),
            None => Ok(self),
        }
    }
}

/// How to explain a response later: what the middleware kept when it arrived.
pub(crate) trait Explain: Send + Sync + 'static {
    /// The explanation of `resp`, from its headers and URL as they are now.
    fn explain_response(&self, resp: &reqwest::Response) -> Explanation;
}

/// The explanation of a response, computed the first time it is asked for (through
/// [`ResponseExt::auth_explanation`]) from what the middleware gathered when the response
/// arrived, and the response's headers and URL as they are then. Clones share the one result.
#[derive(Clone)]
pub(crate) struct Deferred(Arc<dyn Resolve>);

/// What [`Deferred`] shares: the gathered facts and the explanation once computed, in one
/// allocation.
struct Once<E> {
    explain: E,
    done: OnceLock<Explanation>,
}

trait Resolve: Send + Sync {
    fn get(&self, resp: &reqwest::Response) -> &Explanation;
}

impl<E: Explain> Resolve for Once<E> {
    fn get(&self, resp: &reqwest::Response) -> &Explanation {
        self.done
            .get_or_init(|| self.explain.explain_response(resp))
    }
}

impl Deferred {
    pub(crate) fn new<E: Explain>(explain: E) -> Self {
        Deferred(Arc::new(Once {
            explain,
            done: OnceLock::new(),
        }))
    }

    /// The explanation of `resp` (the response this was attached to).
    pub(crate) fn get(&self, resp: &reqwest::Response) -> &Explanation {
        self.0.get(resp)
    }
}
