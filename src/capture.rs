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
///
/// The response is taken apart before the returned future is built, and the future is a
/// plain state machine over the body: the one every failure allocates stays small.
pub(crate) fn peek(resp: reqwest::Response, max: usize, timeout: Duration) -> Peek {
    let url = resp.url().clone();
    let http_resp: http::Response<reqwest::Body> = resp.into();
    let (parts, body) = http_resp.into_parts();
    // A stream of server-sent events may stay open: its first event is what is read.
    let first_event = crate::observe::gate::is_event_stream(&parts.headers);
    Peek {
        state: Some(Reading {
            read: Read {
                first_event,
                body,
                first: None,
                chunks: VecDeque::new(),
                read: 0,
                trailers: None,
                error: None,
                note: None,
                ended: false,
                timer: None,
            },
            parts,
            url,
        }),
        max,
        deadline: tokio::time::Instant::now() + timeout,
        timeout,
    }
}

/// The future of [`peek`].
pub(crate) struct Peek {
    /// The read and the response's head and URL, until the read is done.
    state: Option<Reading>,
    max: usize,
    deadline: tokio::time::Instant,
    timeout: Duration,
}

struct Reading {
    read: Read,
    parts: http::response::Parts,
    url: url::Url,
}

impl std::future::Future for Peek {
    type Output = (reqwest::Response, Captured);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin`.
        let this = self.get_mut();
        let reading = this
            .state
            .as_mut()
            .expect("`Peek` polled after it finished");
        if reading
            .read
            .poll(cx, this.max, this.deadline, this.timeout)
            .is_pending()
        {
            return Poll::Pending;
        }
        let Some(Reading { read, parts, url }) = this.state.take() else {
            unreachable!("the state was just read")
        };
        Poll::Ready(finish(read, parts, url, this.max))
    }
}

/// The state of one bounded read.
struct Read {
    /// A `text/event-stream` body: the read stops once its first event has ended.
    first_event: bool,
    body: reqwest::Body,
    /// The first chunk apart: the usual small body comes in one, and needs no queue.
    first: Option<Bytes>,
    chunks: VecDeque<Bytes>,
    read: usize,
    trailers: Option<HeaderMap>,
    error: Option<BoxError>,
    note: Option<String>,
    ended: bool,
    /// Armed only when a frame is still on its way (boxed: the timer is large, and most
    /// error bodies arrive with the head).
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Read {
    /// Reads frames until the body ends, fails, passes `max` or outlives `deadline`.
    fn poll(
        &mut self,
        cx: &mut Context<'_>,
        max: usize,
        deadline: tokio::time::Instant,
        timeout: Duration,
    ) -> Poll<()> {
        // `<=`: at exactly `max` bytes one more poll tells a finished body from a longer one.
        while self.read <= max {
            match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Pending => {
                    let timer = self
                        .timer
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                    if timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    let read = self.read;
                    self.note = Some(format!(
                        "the body did not finish within {} ms; {read} bytes were read",
                        timeout.as_millis()
                    ));
                    return Poll::Ready(());
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    return Poll::Ready(());
                }
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => {
                        self.read += data.len();
                        // (an event ends at a blank line, SSE §9.2.6; one split across
                        // frames waits for the next)
                        let event_ended = self.first_event
                            && (memchr::memmem::find(&data, b"\n\n").is_some()
                                || memchr::memmem::find(&data, b"\r\n\r\n").is_some());
                        if self.first.is_none() {
                            self.first = Some(data);
                        } else {
                            self.chunks.push_back(data);
                        }
                        if event_ended {
                            return Poll::Ready(());
                        }
                    }
                    Err(frame) => {
                        if let Ok(t) = frame.into_trailers() {
                            self.trailers = Some(t);
                        }
                    }
                },
                Poll::Ready(Some(Err(e))) => {
                    let read = self.read;
                    self.note = Some(format!(
                        "the body could not be read to its end ({e}); {read} bytes were read"
                    ));
                    self.error = Some(BoxError::from(e));
                    return Poll::Ready(());
                }
            }
        }
        Poll::Ready(())
    }
}

/// What was read, and the response rebuilt around a body that replays it.
fn finish(
    read: Read,
    mut parts: http::response::Parts,
    url: url::Url,
    max: usize,
) -> (reqwest::Response, Captured) {
    let Read {
        first_event: _,
        body,
        first,
        chunks,
        read,
        trailers,
        error,
        note,
        mut ended,
        timer: _,
    } = read;
    let mut captured = Captured {
        note,
        ..Captured::default()
    };
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
    // `url()` lives in a private extension of reqwest; `ResponseBuilderExt::url` sets it. The
    // response's own extensions go into the builder first, so the URL joins their map.
    let mut builder = http::Response::builder()
        .status(parts.status)
        .version(parts.version);
    if let Some(extensions) = builder.extensions_mut() {
        *extensions = std::mem::take(&mut parts.extensions);
    }
    let rebuilt = match builder.url(url).body(()) {
        Ok(head) => {
            let mut rebuilt = head.map(|()| replayed);
            *rebuilt.headers_mut() = parts.headers;
            rebuilt
        }
        // A status and version taken from a response cannot fail the builder.
        Err(_) => http::Response::from_parts(parts, replayed),
    };
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
