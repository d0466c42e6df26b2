//! The request curl would send for the same arguments, as a `reqwest::Request`.
//!
//! - The URL: `http://` when it has no scheme; userinfo becomes `Authorization: Basic` and
//!   leaves the URL (curl never sends it), unless `-u` or `-H Authorization` says otherwise.
//! - Headers: curl's own (`User-Agent`, `Accept: */*`) first, then each `-H` in order. A header
//!   value is sent byte for byte after the one space that follows the colon, so a stray space
//!   or an invisible character copied with a key goes out as typed, and gets reported.
//! - Body: every `-d`, `--data-binary` and `--data-raw` in command-line order, joined with `&`;
//!   POST unless `-X` says otherwise; `Content-Type: application/x-www-form-urlencoded` unless
//!   `-H` gives or removes one.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use base64::Engine;
use clap::ArgMatches;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, USER_AGENT};
use http::{HeaderName, HeaderValue, Method};
use reqwest::Request;
use url::Url;

use crate::Cli;
use crate::error::Error;

/// The most the tool reads from one file or from standard input (a body, a header file, a
/// HAR file).
pub(crate) const MAX_READ: u64 = 256 * 1024 * 1024;

/// The User-Agent sent unless `-A` or `-H` says otherwise, as curl sends its own.
const DEFAULT_USER_AGENT: &str = concat!("auth-doctor/", env!("CARGO_PKG_VERSION"));

/// How one piece of body data is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataKind {
    /// `-d`: `@FILE` is read with CR and LF removed.
    Text,
    /// `--data-binary`: `@FILE` is read byte for byte.
    Binary,
    /// `--data-raw`: sent as given.
    Raw,
}

/// One `-d`, `--data-binary` or `--data-raw` argument.
#[derive(Clone, Debug)]
pub(crate) struct DataArg {
    kind: DataKind,
    value: OsString,
}

/// The data arguments in the order they were given (curl joins them in that order).
pub(crate) fn data_args(m: &ArgMatches) -> Vec<DataArg> {
    let mut all: Vec<(usize, DataArg)> = Vec::new();
    for (id, kind) in [
        ("data", DataKind::Text),
        ("data_binary", DataKind::Binary),
        ("data_raw", DataKind::Raw),
    ] {
        let (Some(values), Some(indices)) = (m.get_many::<OsString>(id), m.indices_of(id)) else {
            continue;
        };
        all.extend(indices.zip(values).map(|(i, v)| {
            (
                i,
                DataArg {
                    kind,
                    value: v.clone(),
                },
            )
        }));
    }
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, d)| d).collect()
}

/// The request for `cli`'s URL, method, headers, credentials and data.
pub(crate) fn build(cli: &Cli, data: &[DataArg]) -> Result<Request, Error> {
    let mut url = parse_url(cli.url.as_deref().unwrap_or_default())?;
    let userinfo = take_userinfo(&mut url);
    let body = body(data)?;
    let method = match &cli.method {
        Some(m) => Method::from_bytes(m.as_bytes()).map_err(|_| {
            Error::Usage("invalid -X method: expected a token such as GET or POST".to_owned())
        })?,
        None if body.is_some() => Method::POST,
        None => Method::GET,
    };

    let mut given = Vec::new();
    for h in &cli.headers {
        let raw = os_bytes(h, "-H argument")?;
        match raw.strip_prefix(b"@") {
            Some(source) => {
                let text = read_source(source, "-H")?;
                for line in text.split(|b| *b == b'\n') {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    if !line.iter().all(u8::is_ascii_whitespace) {
                        given.push(parse_header(line)?);
                    }
                }
            }
            None => given.push(parse_header(&raw)?),
        }
    }
    let named = |n: &HeaderName| given.iter().any(|h| h.name() == n);

    let mut headers = HeaderMap::new();
    if !named(&USER_AGENT) {
        let agent = match &cli.user_agent {
            Some(a) => os_bytes(a, "-A argument")?,
            None => DEFAULT_USER_AGENT.as_bytes().to_vec(),
        };
        if !agent.is_empty() {
            headers.insert(USER_AGENT, header_value(&USER_AGENT, &agent)?);
        }
    }
    if !named(&ACCEPT) {
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
    }
    if !named(&AUTHORIZATION) {
        let basic = match &cli.user {
            Some(user) => {
                let user = os_bytes(user, "-u argument")?;
                if !user.contains(&b':') {
                    return Err(Error::Usage(
                        "-u needs USER:PASSWORD (auth-doctor does not prompt for a password)"
                            .to_owned(),
                    ));
                }
                Some(user)
            }
            None => userinfo,
        };
        if let Some(pair) = basic {
            let value = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            );
            let mut value = header_value(&AUTHORIZATION, value.as_bytes())?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
    }
    for h in given.iter() {
        if let HeaderArg::Set(name, value) = h {
            headers.append(name.clone(), value.clone());
        }
    }
    if body.is_some() && !named(&CONTENT_TYPE) {
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
    }

    let mut req = Request::new(method, url);
    *req.headers_mut() = headers;
    if let Some(body) = body {
        *req.body_mut() = Some(body.into());
    }
    Ok(req)
}

/// A URL as curl reads it: `http://` when no scheme is given; only http and https.
pub(crate) fn parse_url(text: &str) -> Result<Url, Error> {
    let text = text.trim();
    let full = if text.contains("://") {
        text.to_owned()
    } else {
        format!("http://{text}")
    };
    // The parser's messages name the problem, never the text.
    let url = Url::parse(&full).map_err(|e| Error::Usage(format!("invalid URL: {e}")))?;
    match url.scheme() {
        "http" | "https" => {}
        other if other.len() <= 16 && other.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            return Err(Error::Usage(format!(
                "unsupported scheme {other}: only http and https"
            )));
        }
        _ => {
            return Err(Error::Usage(
                "unsupported scheme: only http and https".into(),
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::Usage("invalid URL: no host".to_owned()));
    }
    Ok(url)
}

/// Removes `user:password@` from `url` and returns it, percent-decoded, as `user:password`.
fn take_userinfo(url: &mut Url) -> Option<Vec<u8>> {
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |s: &str| percent_encoding::percent_decode_str(s).collect::<Vec<u8>>();
    let mut pair = decode(url.username());
    pair.push(b':');
    pair.extend(decode(url.password().unwrap_or("")));
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(pair)
}

/// One `-H` argument.
#[derive(Debug)]
enum HeaderArg {
    /// Send this header.
    Set(HeaderName, HeaderValue),
    /// `Name:` with no value: do not send this header (one auth-doctor would add).
    Remove(HeaderName),
}

impl HeaderArg {
    fn name(&self) -> &HeaderName {
        match self {
            HeaderArg::Set(n, _) | HeaderArg::Remove(n) => n,
        }
    }
}

/// `Name: value`, `Name:` or `Name;`. One space after the colon separates name and value, as
/// people type it; every other byte of the value is kept. Errors never repeat the argument:
/// it most likely holds a secret.
fn parse_header(raw: &[u8]) -> Result<HeaderArg, Error> {
    let colon = raw.iter().position(|b| *b == b':');
    let semicolon_only = colon.is_none() && raw.ends_with(b";");
    let Some(end) = colon.or(semicolon_only.then(|| raw.len() - 1)) else {
        return Err(Error::Usage(
            "a -H argument has no colon: expected 'Name: value'".to_owned(),
        ));
    };
    let name = HeaderName::from_bytes(&raw[..end]).map_err(|_| {
        let at = raw[..end]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric() && !b"!#$%&'*+-.^_`|~".contains(b))
            .map_or(String::new(), |i| format!(" (byte {} of the name)", i + 1));
        Error::Usage(format!(
            "a -H argument has an invalid header name{at}: expected 'Name: value'"
        ))
    })?;
    if semicolon_only {
        return Ok(HeaderArg::Set(name, HeaderValue::from_static("")));
    }
    let value = &raw[end + 1..];
    if value.iter().all(|b| *b == b' ' || *b == b'\t') {
        return Ok(HeaderArg::Remove(name));
    }
    let value = value.strip_prefix(b" ").unwrap_or(value);
    Ok(HeaderArg::Set(name.clone(), header_value(&name, value)?))
}

/// A header value, or why these bytes cannot be one (RFC 9110 §5.5: no control characters but
/// tab), naming the byte but never showing the value.
fn header_value(name: &HeaderName, value: &[u8]) -> Result<HeaderValue, Error> {
    HeaderValue::from_bytes(value).map_err(|_| {
        let (pos, b) = value
            .iter()
            .enumerate()
            .find(|(_, b)| (**b < 0x20 && **b != b'\t') || **b == 0x7f)
            .map_or((0, 0), |(i, b)| (i, *b));
        let what = match b {
            b'\n' => "a line feed (\\n)".to_owned(),
            b'\r' => "a carriage return (\\r)".to_owned(),
            0 => "a NUL byte".to_owned(),
            b => format!("the control byte 0x{b:02x}"),
        };
        Error::Usage(format!(
            "the value of header {name} is not a valid HTTP header value: byte {} of {} is \
             {what}; nothing was sent (a key read with $(...) or from a file often ends in a \
             newline)",
            pos + 1,
            value.len()
        ))
    })
}

/// The body: each data argument read as its kind says, joined with `&`.
fn body(data: &[DataArg]) -> Result<Option<Vec<u8>>, Error> {
    if data.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (i, d) in data.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        let raw = os_bytes(&d.value, "data argument")?;
        let flag = match d.kind {
            DataKind::Text => "-d",
            DataKind::Binary => "--data-binary",
            DataKind::Raw => "--data-raw",
        };
        match (d.kind, raw.strip_prefix(b"@")) {
            (DataKind::Raw, _) | (_, None) => out.extend_from_slice(&raw),
            (DataKind::Text, Some(source)) => out.extend(
                read_source(source, flag)?
                    .into_iter()
                    .filter(|b| *b != b'\r' && *b != b'\n'),
            ),
            (DataKind::Binary, Some(source)) => out.extend(read_source(source, flag)?),
        }
        if out.len() as u64 > MAX_READ {
            return Err(Error::TooLarge {
                what: "the request body".to_owned(),
                limit: MAX_READ,
            });
        }
    }
    Ok(Some(out))
}

/// The bytes of `@FILE` (`@-`: standard input), at most [`MAX_READ`].
fn read_source(source: &[u8], flag: &str) -> Result<Vec<u8>, Error> {
    if source == b"-" {
        return read_bounded(std::io::stdin().lock(), "standard input");
    }
    let path = os_path(source);
    if path.as_os_str().is_empty() {
        return Err(Error::Usage(format!("{flag} @ needs a file name")));
    }
    read_file(path)
}

/// A whole file, at most [`MAX_READ`] bytes.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    if file.metadata().is_ok_and(|m| m.len() > MAX_READ) {
        return Err(Error::TooLarge {
            what: format!("the file {}", path.display()),
            limit: MAX_READ,
        });
    }
    read_bounded(file, &format!("the file {}", path.display()))
}

fn read_bounded(reader: impl Read, what: &str) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    reader
        .take(MAX_READ + 1)
        .read_to_end(&mut out)
        .map_err(|source| Error::Read {
            what: what.to_owned(),
            source,
        })?;
    if out.len() as u64 > MAX_READ {
        return Err(Error::TooLarge {
            what: what.to_owned(),
            limit: MAX_READ,
        });
    }
    Ok(out)
}

/// `HOST:PORT:ADDR[,ADDR]...` → the host and the addresses to connect to for it. `ADDR` may be
/// `[::1]`. The port is kept in the addresses; reqwest connects to the URL's port.
pub(crate) fn parse_resolve(s: &str) -> Result<(String, Vec<SocketAddr>), Error> {
    let bad = || {
        Error::Usage(
            "invalid --resolve: expected HOST:PORT:ADDR, e.g. api.example.com:443:127.0.0.1"
                .to_owned(),
        )
    };
    let (host, rest) = s.split_once(':').ok_or_else(bad)?;
    let (port, addrs) = rest.split_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    let addrs = addrs
        .split(',')
        .map(|a| {
            let a = a.trim().trim_start_matches('[').trim_end_matches(']');
            a.parse::<IpAddr>()
                .map(|ip| SocketAddr::new(ip, port))
                .map_err(|_| bad())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((host.to_ascii_lowercase(), addrs))
}

/// Seconds from the command line (`-m 2.5`) as a duration; 0 means no limit, as in curl.
pub(crate) fn seconds(value: f64, flag: &str) -> Result<Option<Duration>, Error> {
    if value == 0.0 {
        return Ok(None);
    }
    // A year is as good as forever, and keeps deadline arithmetic far from overflowing.
    Duration::try_from_secs_f64(value)
        .map(|d| Some(d.min(Duration::from_secs(365 * 24 * 3600))))
        .map_err(|_| Error::Usage(format!("invalid {flag}: expected a number of seconds")))
}

/// The raw bytes of an argument.
fn os_bytes(s: &OsStr, what: &str) -> Result<Vec<u8>, Error> {
    #[cfg(unix)]
    {
        let _ = what;
        use std::os::unix::ffi::OsStrExt;
        Ok(s.as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        s.to_str()
            .map(|s| s.as_bytes().to_vec())
            .ok_or_else(|| Error::Usage(format!("the {what} is not valid Unicode")))
    }
}

/// A path from the bytes after `@`.
fn os_path(bytes: &[u8]) -> &Path {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Path::new(OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        Path::new(std::str::from_utf8(bytes).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    fn build_from(args: &[&str]) -> Result<Request, Error> {
        let mut all = vec!["auth-doctor"];
        all.extend_from_slice(args);
        let m = Cli::command().try_get_matches_from(all).unwrap();
        let cli = Cli::from_arg_matches(&m).unwrap();
        build(&cli, &data_args(&m))
    }

    fn body_text(req: &Request) -> String {
        String::from_utf8_lossy(req.body().and_then(|b| b.as_bytes()).unwrap_or_default())
            .into_owned()
    }

    #[test]
    fn urls_without_a_scheme_are_http() {
        assert_eq!(
            parse_url("example.test/x").unwrap().as_str(),
            "http://example.test/x"
        );
        assert_eq!(
            parse_url("localhost:8080/x").unwrap().as_str(),
            "http://localhost:8080/x"
        );
        assert!(parse_url("ftp://example.test/").is_err());
        assert!(parse_url("http://").is_err());
    }

    #[test]
    fn get_by_default_post_with_data_and_curls_content_type() {
        let req = build_from(&["http://a.test/"]).unwrap();
        assert_eq!(req.method(), Method::GET);
        assert!(req.body().is_none());
        assert_eq!(req.headers()["accept"], "*/*");
        assert!(
            req.headers()["user-agent"]
                .to_str()
                .unwrap()
                .starts_with("auth-doctor/")
        );

        let req = build_from(&["-d", "a=1", "--data-raw", "@b", "-d", "c=3", "a.test"]).unwrap();
        assert_eq!(req.method(), Method::POST);
        assert_eq!(body_text(&req), "a=1&@b&c=3");
        assert_eq!(
            req.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );

        let req = build_from(&[
            "-X",
            "PUT",
            "-H",
            "Content-Type: text/plain",
            "-d",
            "x",
            "a.test",
        ])
        .unwrap();
        assert_eq!(req.method(), Method::PUT);
        assert_eq!(req.headers()["content-type"], "text/plain");
    }

    #[test]
    fn header_forms() {
        let req = build_from(&[
            "-H",
            "X-One:  two spaces",
            "-H",
            "Accept:",
            "-H",
            "X-Empty;",
            "-A",
            "agent/1",
            "a.test",
        ])
        .unwrap();
        assert_eq!(req.headers()["x-one"], " two spaces");
        assert!(req.headers().get("accept").is_none());
        assert_eq!(req.headers()["x-empty"], "");
        assert_eq!(req.headers()["user-agent"], "agent/1");
        assert!(build_from(&["-H", "Bearer FAKE", "a.test"]).is_err());
        let err = build_from(&["-H", "Authorization: Bearer FAKE\n", "a.test"]).unwrap_err();
        assert!(err.to_string().contains("line feed"), "{err}");
        assert!(!err.to_string().contains("FAKE"), "{err}");
    }

    #[test]
    fn credentials_from_user_and_userinfo() {
        let req = build_from(&["-u", "alice:FAKEpw", "http://a.test/"]).unwrap();
        // printf %s alice:FAKEpw | base64
        assert_eq!(req.headers()["authorization"], "Basic YWxpY2U6RkFLRXB3");
        let req = build_from(&["http://alice:FAKE%40pw@a.test/"]).unwrap();
        assert_eq!(
            req.url().as_str(),
            "http://a.test/",
            "userinfo leaves the URL"
        );
        // alice:FAKE@pw
        assert_eq!(req.headers()["authorization"], "Basic YWxpY2U6RkFLRUBwdw==");
        let req = build_from(&["-H", "Authorization: Bearer x", "-u", "a:b", "a.test"]).unwrap();
        assert_eq!(
            req.headers()["authorization"],
            "Bearer x",
            "-H wins, as in curl"
        );
        assert!(build_from(&["-u", "alice", "a.test"]).is_err());
    }

    #[test]
    fn resolve_forms() {
        let (host, addrs) = parse_resolve("API.example.test:443:127.0.0.1,[::1]").unwrap();
        assert_eq!(host, "api.example.test");
        assert_eq!(addrs.len(), 2);
        assert_eq!(addrs[1].port(), 443);
        assert!(parse_resolve("api.example.test:443").is_err());
        assert!(parse_resolve(":443:127.0.0.1").is_err());
    }

    #[test]
    fn seconds_are_positive() {
        assert_eq!(
            seconds(0.25, "-m").unwrap(),
            Some(Duration::from_millis(250))
        );
        assert_eq!(seconds(0.0, "-m").unwrap(), None, "no limit, as in curl");
        assert!(seconds(-1.0, "-m").is_err());
        assert!(seconds(f64::NAN, "-m").is_err());
    }
}
