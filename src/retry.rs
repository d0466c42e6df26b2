//! Retries that read the explanation (feature `retry`): a `reqwest-retry` strategy that
//! retries what waiting can fix and nothing else, and a small middleware that honours the wait
//! the server asked for.
//!
//! reqwest-retry 0.9 computes its own backoff and does not read `Retry-After`: against
//! `Retry-After: 7` it retries after milliseconds. [`RetryAfterMiddleware`] fills that gap; use
//! it alone, or outside `RetryTransientMiddleware` with [`AuthRetryableStrategy`] for the
//! transport errors and 5xx that reqwest-retry handles well.

use std::time::Duration;

use http::Extensions;
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};
use reqwest_retry::{DefaultRetryableStrategy, Retryable, RetryableStrategy};

use crate::error::{AuthError, ResponseExt};

/// A [`RetryableStrategy`] for `reqwest_retry::RetryTransientMiddleware` that reads the
/// explanation: an auth failure that waiting can fix (a rate limit, a stale clock) is
/// transient, every other explained failure (revoked key, missing scope, …) is fatal, and
/// anything unexplained is left to reqwest-retry's default strategy.
///
/// Put the retry middleware before (outside) [`AuthExplainMiddleware`](crate::AuthExplainMiddleware)
/// so that it sees the explanations.
///
/// ```
/// use reqwest_auth_explain::AuthExplainMiddleware;
/// use reqwest_auth_explain::retry::AuthRetryableStrategy;
/// use reqwest_retry::{RetryTransientMiddleware, policies::ExponentialBackoff};
///
/// let policy = ExponentialBackoff::builder().build_with_max_retries(3);
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(RetryTransientMiddleware::new_with_policy_and_strategy(
///         policy,
///         AuthRetryableStrategy,
///     ))
///     .with(AuthExplainMiddleware::default())
///     .build();
/// # let _ = client;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthRetryableStrategy;

impl RetryableStrategy for AuthRetryableStrategy {
    fn handle(&self, res: &Result<Response, reqwest_middleware::Error>) -> Option<Retryable> {
        let explanation = match res {
            Ok(resp) => resp.auth_explanation(),
            Err(err) => AuthError::from_middleware(err).map(AuthError::explanation),
        };
        match explanation {
            Some(e) if e.retryable() => Some(Retryable::Transient),
            Some(_) => Some(Retryable::Fatal),
            None => DefaultRetryableStrategy.handle(res),
        }
    }
}

/// Sends a request again after the wait the server asked for (`Retry-After`, or a rate-limit
/// reset time), when its explanation says waiting helps and the wait is no longer than
/// `max_wait`. A request whose body cannot be cloned (a stream) is sent once.
///
/// Put it before (outside) [`AuthExplainMiddleware`](crate::AuthExplainMiddleware):
///
/// ```
/// use std::time::Duration;
/// use reqwest_auth_explain::AuthExplainMiddleware;
/// use reqwest_auth_explain::retry::RetryAfterMiddleware;
///
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(RetryAfterMiddleware::new(2, Duration::from_secs(30)))
///     .with(AuthExplainMiddleware::default())
///     .build();
/// # let _ = client;
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RetryAfterMiddleware {
    max_retries: u32,
    max_wait: Duration,
}

impl RetryAfterMiddleware {
    /// At most `max_retries` retries, each after a wait of at most `max_wait` (a longer wait
    /// returns the response as it is, for the caller to decide).
    pub fn new(max_retries: u32, max_wait: Duration) -> Self {
        RetryAfterMiddleware {
            max_retries,
            max_wait,
        }
    }

    /// How long to wait before sending again, if at all.
    fn wait_for(&self, resp: &Response, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let e = resp.auth_explanation()?;
        let wait = e.retry_after().filter(|_| e.retryable())?;
        (wait <= self.max_wait).then_some(wait)
    }
}

#[async_trait::async_trait]
impl Middleware for RetryAfterMiddleware {
    async fn handle(
        &self,
        req: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let mut attempt = 0;
        loop {
            let Some(copy) = req.try_clone() else {
                return next.run(req, extensions).await;
            };
            let resp = next.clone().run(copy, extensions).await?;
            match self.wait_for(&resp, attempt) {
                Some(wait) => {
                    tracing::debug!(
                        target: "reqwest_auth_explain",
                        wait_ms = wait.as_millis() as u64,
                        attempt = attempt + 1,
                        "auth_explain: waiting as the server asked, then sending again"
                    );
                    drop(resp);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Ok(resp),
            }
        }
    }
}
