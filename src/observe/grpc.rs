//! gRPC-Web's trailers, read from the body where the protocol puts them.
//!
//! HTTP/1.1 cannot carry trailers for a browser, so gRPC-Web sends them as the last frame of
//! the body: a flag byte with its high bit set (`0x80`), a four-byte big-endian length, then
//! the trailers as header lines (`grpc-status: 16\r\ngrpc-message: …\r\n`). With
//! `application/grpc-web-text` the whole body is base64, frame by frame. An error answered
//! "trailers-only" is that one frame in a 200 (gRPC-Web protocol, `PROTOCOL-WEB.md`).
//!
//! [`with_web_trailers`] returns the response's head with those trailers added, so that they
//! read as the `grpc-status` and `grpc-message` headers of gRPC over HTTP/2 do.

use std::borrow::Cow;

use base64::Engine;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue};

/// The most trailer lines taken from a frame.
const MAX_TRAILERS: usize = 16;

/// `headers` with the gRPC-Web trailers of `body` added: only for a gRPC-Web response whose
/// head carries no `grpc-status` of its own, and only the trailers the head lacks. Borrowed
/// (nothing copied) for every other response.
pub(crate) fn with_web_trailers<'h>(headers: &'h HeaderMap, body: &[u8]) -> Cow<'h, HeaderMap> {
    let web = headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/grpc-web"));
    if !web || headers.contains_key("grpc-status") {
        return Cow::Borrowed(headers);
    }
    let text = headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/grpc-web-text"));
    let decoded;
    let frames = if text {
        match decode_text(body) {
            Some(d) => {
                decoded = d;
                &decoded[..]
            }
            None => return Cow::Borrowed(headers),
        }
    } else {
        body
    };
    let Some(trailers) = trailer_frame(frames) else {
        return Cow::Borrowed(headers);
    };
    let mut merged = headers.clone();
    for line in trailers.split(|b| *b == b'\n').take(MAX_TRAILERS) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.trim_ascii()),
            HeaderValue::from_bytes(value),
        ) else {
            continue;
        };
        if !merged.contains_key(&name) {
            merged.insert(name, value);
        }
    }
    Cow::Owned(merged)
}

/// The payload of the body's trailer frame (flag `0x80`), walking the frames by their lengths;
/// `None` when the body holds none or a frame runs past its end.
fn trailer_frame(mut frames: &[u8]) -> Option<&[u8]> {
    while frames.len() >= 5 {
        let flag = frames[0];
        let len = u32::from_be_bytes([frames[1], frames[2], frames[3], frames[4]]) as usize;
        let payload = frames.get(5..5usize.checked_add(len)?)?;
        if flag & 0x80 != 0 {
            return Some(payload);
        }
        frames = &frames[5 + len..];
    }
    None
}

/// A `grpc-web-text` body decoded: each frame is base64 of its own, padded, so the text is
/// decoded in runs that end at padding.
fn decode_text(body: &[u8]) -> Option<Vec<u8>> {
    let engine = base64::engine::general_purpose::STANDARD;
    let text: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut rest = &text[..];
    while !rest.is_empty() {
        // A run ends after its padding (`=` or `==`), or at the end of the body.
        let end = match rest.iter().position(|b| *b == b'=') {
            Some(i) => {
                let mut e = i;
                while e < rest.len() && rest[e] == b'=' {
                    e += 1;
                }
                e
            }
            None => rest.len(),
        };
        out.extend(engine.decode(&rest[..end]).ok()?);
        rest = &rest[end..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        h
    }

    fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
        let mut f = vec![flag];
        f.extend((payload.len() as u32).to_be_bytes());
        f.extend(payload);
        f
    }

    #[test]
    fn reads_the_trailer_frame_after_a_message() {
        let mut body = frame(0, b"\x0a\x05ord_1");
        body.extend(frame(
            0x80,
            b"grpc-status: 16\r\ngrpc-message: unknown%20API%20key\r\n",
        ));
        let h = head("application/grpc-web+proto");
        let merged = with_web_trailers(&h, &body);
        assert_eq!(merged.get("grpc-status").unwrap(), "16");
        assert_eq!(merged.get("grpc-message").unwrap(), "unknown%20API%20key");
    }

    #[test]
    fn decodes_text_bodies_frame_by_frame() {
        let engine = base64::engine::general_purpose::STANDARD;
        let body = format!(
            "{}{}",
            engine.encode(frame(0, b"\x0a\x01x")),
            engine.encode(frame(0x80, b"grpc-status: 7\r\n"))
        );
        let h = head("application/grpc-web-text");
        assert_eq!(
            with_web_trailers(&h, body.as_bytes())
                .get("grpc-status")
                .unwrap(),
            "7"
        );
    }

    #[test]
    fn leaves_other_responses_and_broken_frames_alone() {
        let body = frame(0x80, b"grpc-status: 16\r\n");
        // not gRPC-Web
        let h = head("application/json");
        assert!(matches!(with_web_trailers(&h, &body), Cow::Borrowed(_)));
        // the head's own status wins
        let mut h = head("application/grpc-web");
        h.insert("grpc-status", HeaderValue::from_static("0"));
        assert_eq!(
            with_web_trailers(&h, &body).get("grpc-status").unwrap(),
            "0"
        );
        // a frame longer than the body, garbage base64, an empty body
        let h = head("application/grpc-web");
        assert!(matches!(
            with_web_trailers(&h, &[0x80, 0xff, 0xff, 0xff, 0xff, b'g']),
            Cow::Borrowed(_)
        ));
        let h = head("application/grpc-web-text");
        assert!(matches!(with_web_trailers(&h, b"%%%%"), Cow::Borrowed(_)));
        assert!(matches!(with_web_trailers(&h, b""), Cow::Borrowed(_)));
    }
}
