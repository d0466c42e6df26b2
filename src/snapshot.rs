//! What the failure path needs from a request after it has been sent, kept without allocating.
//!
//! The request moves into the rest of the chain, yet a 401 must still be explained with the
//! credentials it carried. Copying them into `Credential`s up front would allocate on every
//! request, so the middleware keeps the URL and the credential-bearing header values in inline
//! buffers instead, and rebuilds the credentials only when a failure needs them.

use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use http::{HeaderName, HeaderValue, Method};
use reqwest::Request;

use crate::credential::{self, Credential, KEY_HEADERS, Names};

/// Inline capacity of one kept value; longer values (large JWTs, long URLs) go to the heap.
const INLINE: usize = 256;
/// Credential headers kept inline; more spill into a `Vec`.
const SLOTS: usize = 4;

/// Bytes inline when short, boxed when long.
// Inline storage is the point: the success path must not allocate.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Buf {
    Inline { len: u16, bytes: [u8; INLINE] },
    Heap(Box<[u8]>),
}

impl Buf {
    fn new(b: &[u8]) -> Buf {
        if b.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..b.len()].copy_from_slice(b);
            Buf::Inline {
                len: b.len() as u16,
                bytes,
            }
        } else {
            Buf::Heap(b.into())
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Buf::Inline { len, bytes } => &bytes[..*len as usize],
            Buf::Heap(b) => b,
        }
    }
}

/// Which header a kept value came from, as an index rather than a (possibly allocating)
/// `HeaderName` clone.
#[derive(Clone, Copy)]
enum Name {
    Authorization,
    ProxyAuthorization,
    Cookie,
    Key(usize),
    Configured(usize),
}

impl Name {
    fn header_name(self, names: &Names) -> Option<HeaderName> {
        Some(match self {
            Name::Authorization => AUTHORIZATION,
            Name::ProxyAuthorization => PROXY_AUTHORIZATION,
            Name::Cookie => COOKIE,
            Name::Key(i) => HeaderName::from_static(KEY_HEADERS.get(i)?),
            Name::Configured(i) => names.headers.get(i)?.clone(),
        })
    }
}

/// The method, URL and credential headers of a sent request.
pub(crate) struct Snapshot {
    method: Method,
    url: Buf,
    slots: [Option<(Name, Buf)>; SLOTS],
    spill: Vec<(Name, Buf)>,
}

impl Snapshot {
    /// Keeps what `credential::find` reads. Allocation-free for a URL and credential values of
    /// up to 256 bytes and at most four credential headers.
    pub(crate) fn take(req: &Request, names: &Names) -> Snapshot {
        let mut s = Snapshot {
            method: req.method().clone(),
            url: Buf::new(req.url().as_str().as_bytes()),
            slots: [const { None }; SLOTS],
            spill: Vec::new(),
        };
        // One pass over the request's headers (usually a handful), in their order, as
        // `credential::find` reads them; no lookup by name, which would hash every candidate.
        for (name, v) in req.headers() {
            let tag = if *name == AUTHORIZATION {
                Name::Authorization
            } else if *name == PROXY_AUTHORIZATION {
                Name::ProxyAuthorization
            } else if *name == COOKIE {
                Name::Cookie
            } else if let Some(i) = KEY_HEADERS.iter().position(|k| *k == name.as_str()) {
                Name::Key(i)
            } else if let Some(i) = names.headers.iter().position(|k| k == name) {
                Name::Configured(i)
            } else {
                continue;
            };
            s.push(tag, v);
        }
        s
    }

    fn push(&mut self, name: Name, v: &HeaderValue) {
        let entry = (name, Buf::new(v.as_bytes()));
        match self.slots.iter_mut().find(|s| s.is_none()) {
            Some(slot) => *slot = Some(entry),
            None => self.spill.push(entry),
        }
    }

    fn entries(&self) -> impl Iterator<Item = &(Name, Buf)> {
        self.slots.iter().flatten().chain(self.spill.iter())
    }

    /// The request method.
    pub(crate) fn method(&self) -> &Method {
        &self.method
    }

    /// The URL the request was sent to.
    pub(crate) fn url(&self) -> url::Url {
        let text = std::str::from_utf8(self.url.as_bytes()).unwrap_or("http://invalid.invalid/");
        url::Url::parse(text).unwrap_or_else(|_| {
            url::Url::parse("http://invalid.invalid/").expect("a valid literal URL")
        })
    }

    /// The credentials the request carried, rebuilt the same way `credential::find` reads a
    /// live request. Allocates: failure path only.
    pub(crate) fn credentials(&self, names: &Names) -> Vec<Credential> {
        let mut req = Request::new(self.method.clone(), self.url());
        for (name, value) in self.entries() {
            if let (Some(n), Ok(v)) = (
                name.header_name(names),
                HeaderValue::from_bytes(value.as_bytes()),
            ) {
                req.headers_mut().append(n, v);
            }
        }
        credential::find(&req, names)
    }

    /// The secret of the credential that decides an origin's answer, ranked as
    /// `diagnose::primary_credential` ranks them (Authorization, other credential headers,
    /// query, userinfo, cookie; never Proxy-Authorization) and cut as `credential::find` cuts
    /// it, so the key history sees the same bytes on success and on failure. Borrowed, so
    /// allocation-free, except for percent-encoded query values and userinfo.
    pub(crate) fn primary_secret(&self, names: &Names) -> Option<std::borrow::Cow<'_, [u8]>> {
        use std::borrow::Cow;
        let first = |want: fn(&Name) -> bool| self.entries().find(|(n, _)| want(n));
        if let Some((_, v)) = first(|n| matches!(n, Name::Authorization)) {
            return Some(Cow::Borrowed(credential::split_scheme(v.as_bytes()).1));
        }
        if let Some((_, v)) = first(|n| matches!(n, Name::Key(_) | Name::Configured(_))) {
            return Some(Cow::Borrowed(v.as_bytes()));
        }
        let url = std::str::from_utf8(self.url.as_bytes()).ok()?;
        let after_q = url
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(""));
        if let Some(q) = after_q {
            for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
                if credential::is_key_param(&k, names) {
                    return Some(match v {
                        Cow::Borrowed(b) => Cow::Borrowed(b.as_bytes()),
                        Cow::Owned(o) => Cow::Owned(o.into_bytes()),
                    });
                }
            }
        }
        let authority = url.split_once("://")?.1.split(['/', '?', '#']).next()?;
        if authority.contains('@') {
            let parsed = self.url();
            let creds = credential::find(&Request::new(Method::GET, parsed), names);
            if let Some(c) = creds
                .into_iter()
                .find(|c| c.location == credential::Location::UrlUserinfo)
            {
                return Some(Cow::Owned(c.secret.expose_secret().to_vec()));
            }
        }
        let (_, cookie) = first(|n| matches!(n, Name::Cookie))?;
        let pair = cookie
            .as_bytes()
            .split(|b| *b == b';')
            .map(credential::trim_ascii)
            .find(|p| !p.is_empty())?;
        Some(Cow::Borrowed(match pair.iter().position(|b| *b == b'=') {
            Some(i) => &pair[i + 1..],
            None => pair,
        }))
    }

    /// The secret parts of the kept header values, as `credential::find` would cut them,
    /// without allocating: used to check whether a URL echoes a header secret.
    pub(crate) fn header_secrets(&self) -> impl Iterator<Item = &[u8]> {
        self.entries().flat_map(|(name, value)| {
            let v = value.as_bytes();
            let (one, many): (Option<&[u8]>, Option<&[u8]>) = match name {
                Name::Authorization | Name::ProxyAuthorization => {
                    (Some(credential::split_scheme(v).1), None)
                }
                Name::Cookie => (None, Some(v)),
                _ => (Some(credential::trim_ascii(v)), None),
            };
            let cookies = many.into_iter().flat_map(|c| {
                c.split(|b| *b == b';').map(|pair| {
                    let pair = credential::trim_ascii(pair);
                    match pair.iter().position(|b| *b == b'=') {
                        Some(i) => &pair[i + 1..],
                        None => pair,
                    }
                })
            });
            one.into_iter().chain(cookies)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_the_same_credentials_as_the_live_request() {
        let mut req = Request::new(
            Method::POST,
            "https://u:p@api.example.com/x?api_key=k1&sig=s"
                .parse()
                .unwrap(),
        );
        let long = format!("Bearer {}", "x".repeat(600));
        for (k, v) in [
            ("authorization", long.as_str()),
            ("proxy-authorization", "Basic dTpw"),
            ("x-api-key", "k2"),
            ("x-tenant-key", "k3"),
            ("cookie", "session=s1; theme=dark"),
            ("x-auth-token", "k4"),
        ] {
            req.headers_mut().append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        let names = Names {
            headers: vec![HeaderName::from_static("x-tenant-key")],
            query: vec![],
        };
        let live = credential::find(&req, &names);
        let snap = Snapshot::take(&req, &names);
        let rebuilt = snap.credentials(&names);
        let show = |cs: &[Credential]| {
            cs.iter()
                .map(|c| (c.location.to_string(), c.fingerprint()))
                .collect::<Vec<_>>()
        };
        let mut a = show(&live);
        let mut b = show(&rebuilt);
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(snap.url(), *req.url());
        assert_eq!(snap.method(), Method::POST);
        let primary =
            crate::diagnose::primary_credential(&live, http::StatusCode::UNAUTHORIZED).unwrap();
        assert_eq!(
            snap.primary_secret(&names).unwrap().as_ref(),
            primary.secret.expose_secret()
        );
        let secrets: Vec<&[u8]> = snap.header_secrets().collect();
        assert!(secrets.contains(&&b"k2"[..]));
        assert!(secrets.contains(&&b"s1"[..]));
        assert!(secrets.contains(&&b"dTpw"[..]));
    }
}
