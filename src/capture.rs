//! Bounded, time-limited read of an error body that hands the caller an identical response.
//!
//! The captured chunks are kept and replayed in front of the rest of the stream, so the caller
//! reads every byte, and any transport error, exactly where the server sent them.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::HeaderMap;
use http_body::{Body as HttpBody, Frame, SizeHint};
use http_body_util::BodyExt;
use reqwest::ResponseBuilderExt;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What was read of a body.
#[derive(Debug, Default)]
pub(crate) struct Captured {
    /// At most `max` bytes from the start of the body.
    pub(crate) prefix: Bytes,
    /// The body ended within the limits.
    pub(crate) complete: bool,
    /// Why the read stopped early, when it did.
    pub(crate) note: Option<String>,
}

impl Captured {
    /// The first `max` bytes of a body already in memory (a recorded response).
    pub(crate) fn of_bytes(body: &[u8], max: usize) -> Captured {
        let complete = body.len() <= max;
        Captured {
            prefix: Bytes::copy_from_slice(&body[..body.len().min(max)]),
            complete,
            note: (!complete).then(|| {
                format!("only the first {max} bytes of the body were read (max_body_bytes)")
            }),
        }
    }
}

/// Reads up to `max` bytes of `resp`'s body within `timeout` and returns a response that still
/// yields every byte, with the same status, version, headers, extensions and `url()`.
pub(crate) async fn peek(
    resp: reqwest::Response,
    max: usize,
    timeout: Duration,
) -> (reqwest::Response, Captured) {
    let url = resp.url().clone();
    let http_resp: http::Response<reqwest::Body> = resp.into();
    let (mut parts, mut body) = http_resp.into_parts();
    // The first chunk apart: the usual small body comes in one, and needs no queue.
    let mut first: Option<Bytes> = None;
    let mut chunks = VecDeque::new();
    let mut read = 0usize;
    let mut captured = Captured::default();
    let mut trailers = None;
    let mut error = None;
    let mut ended = false;
    let deadline = tokio::time::Instant::now() + timeout;
    // `<=`: at exactly `max` bytes one more poll tells a finished body from a longer one.
    while read <= max {
        // A frame already at hand (a small body arrives with the head) is taken without
        // arming a timer; only a frame still on its way waits under the deadline.
        let next = {
            let mut frame = std::pin::pin!(body.frame());
            match std::future::poll_fn(|cx| Poll::Ready(frame.as_mut().poll(cx))).await {
                Poll::Ready(f) => Ok(f),
                Poll::Pending => tokio::time::timeout_at(deadline, frame).await,
            }
        };
        match next {
            Err(_) => {
                captured.note = Some(format!(
                    "the body did not finish within {} ms; {read} bytes were read",
                    timeout.as_millis()
                ));
                break;
            }
            Ok(None) => {
                ended = true;
                break;
            }
            Ok(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => {
                    read += data.len();
                    if first.is_none() {
                        first = Some(data);
                    } else {
                        chunks.push_back(data);
                    }
                }
                Err(frame) => {
                    if let Ok(t) = frame.into_trailers() {
                        trailers = Some(t);
                    }
                }
            },
            Ok(Some(Err(e))) => {
                captured.note = Some(format!(
                    "the body could not be read to its end ({e}); {read} bytes were read"
                ));
                error = Some(BoxError::from(e));
                break;
            }
        }
    }
    if !ended && error.is_none() && body.is_end_stream() {
        ended = true;
    }
    if read > max || (read == max && !ended) {
        captured.note.get_or_insert_with(|| {
            format!("only the first {max} bytes of the body were read (max_body_bytes)")
        });
    }
    captured.complete = ended && read <= max;
    let want = read.min(max);
    captured.prefix = match &first {
        // The usual small body arrives in one chunk: share it rather than copy it.
        Some(first) if first.len() >= want => first.slice(..want),
        _ => {
            let mut prefix = BytesMut::with_capacity(want);
            for c in first.iter().chain(&chunks) {
                let room = max - prefix.len();
                prefix.extend_from_slice(&c[..c.len().min(room)]);
                if prefix.len() == max {
                    break;
                }
            }
            prefix.freeze()
        }
    };

    // A body read whole in one chunk (the usual small error body) is handed back as plain
    // bytes; anything else replays what was read in front of the rest of the stream.
    let replayed = if ended && error.is_none() && trailers.is_none() && chunks.is_empty() {
        reqwest::Body::from(first.unwrap_or_default())
    } else {
        let rest = if ended || error.is_some() {
            None
        } else {
            Some(body)
        };
        reqwest::Body::wrap(Replay {
            first,
            chunks,
            error,
            trailers,
            rest,
        })
    };
    // `url()` lives in a private extension of reqwest; `ResponseBuilderExt::url` sets it.
    if let Ok(with_url) = http::Response::builder().url(url).body(()) {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
    let rebuilt = http::Response::from_parts(parts, replayed);
    (reqwest::Response::from(rebuilt), captured)
}

/// Captured frames first, then the rest of the original body.
struct Replay {
    first: Option<Bytes>,
    chunks: VecDeque<Bytes>,
    error: Option<BoxError>,
    trailers: Option<HeaderMap>,
    rest: Option<reqwest::Body>,
}

impl HttpBody for Replay {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(c) = self.first.take().or_else(|| self.chunks.pop_front()) {
            return Poll::Ready(Some(Ok(Frame::data(c))));
        }
        if let Some(e) = self.error.take() {
            return Poll::Ready(Some(Err(e)));
        }
        if let Some(rest) = self.rest.as_mut() {
            match Pin::new(rest).poll_frame(cx) {
                Poll::Ready(None) => self.rest = None,
                Poll::Ready(Some(r)) => return Poll::Ready(Some(r.map_err(BoxError::from))),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(self.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }

    fn is_end_stream(&self) -> bool {
        self.first.is_none()
            && self.chunks.is_empty()
            && self.error.is_none()
            && self.trailers.is_none()
            && self.rest.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        let buffered: u64 = self
            .first
            .iter()
            .chain(&self.chunks)
            .map(|c| c.len() as u64)
            .sum();
        let inner = match &self.rest {
            Some(rest) => rest.size_hint(),
            None => SizeHint::with_exact(0),
        };
        let mut hint = SizeHint::new();
        if let Some(upper) = inner.upper() {
            hint.set_upper(upper.saturating_add(buffered));
        }
        hint.set_lower(inner.lower().saturating_add(buffered));
        hint
    }
}
