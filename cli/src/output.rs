//! Where output goes and how it looks: the body's sink, HTTP heads as curl writes them (with
//! the values `secrets` hides already replaced), and explanations in human or JSON form.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use http::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_LENGTH, HOST};
use http::{StatusCode, Version};
use reqwest::{Request, Response};
use reqwest_auth_explain::{AuthExplainMiddleware, Explanation};
use serde_json::Value;

use crate::Cli;
use crate::error::Error;
use crate::secrets::Secrets;

/// Where the response body (and, with `-i`, its head) goes.
pub(crate) enum Sink {
    /// Standard output; `closed` once a reader went away (`auth-doctor … | head -1`), after
    /// which the rest is dropped quietly, as a pipe's end means it is not wanted. `last` is the
    /// last byte written.
    Stdout { closed: bool, last: Option<u8> },
    /// `-o FILE`.
    File { path: PathBuf, file: File },
    /// `--json` without `-o`: standard output holds only the explanation.
    Discard,
}

impl Sink {
    /// The sink the arguments ask for; creates the `-o` file.
    pub(crate) fn open(cli: &Cli) -> Result<Sink, Error> {
        match &cli.output {
            Some(p) if p.as_os_str() == "-" => Ok(Sink::stdout()),
            Some(p) => {
                let file = File::create(p).map_err(|e| Error::write(p, e))?;
                Ok(Sink::File {
                    path: p.clone(),
                    file,
                })
            }
            None if cli.json => Ok(Sink::Discard),
            None => Ok(Sink::stdout()),
        }
    }

    fn stdout() -> Sink {
        Sink::Stdout {
            closed: false,
            last: None,
        }
    }

    /// Whether a body on the terminal stopped mid-line: the explanation that follows on stderr
    /// then starts on a line of its own (curl leaves the prompt there; we have more to say).
    pub(crate) fn ends_mid_line(&self) -> bool {
        matches!(self, Sink::Stdout { last: Some(b), .. } if *b != b'\n')
            && io::stdout().is_terminal()
            && io::stderr().is_terminal()
    }

    /// Writes `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        match self {
            Sink::Stdout { closed: true, .. } | Sink::Discard => Ok(()),
            Sink::Stdout { closed, last } => match io::stdout().lock().write_all(bytes) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    *closed = true;
                    Ok(())
                }
                other => {
                    *last = bytes.last().copied().or(*last);
                    other.map_err(|source| Error::Write {
                        what: "standard output".to_owned(),
                        source,
                    })
                }
            },
            Sink::File { path, file } => file.write_all(bytes).map_err(|e| Error::write(path, e)),
        }
    }

    /// Flushes what was written.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        match self {
            Sink::Stdout { closed: false, .. } => match io::stdout().lock().flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write {
                    what: "standard output".to_owned(),
                    source: e,
                }),
                _ => Ok(()),
            },
            Sink::File { path, file } => file.flush().map_err(|e| Error::write(path, e)),
            _ => Ok(()),
        }
    }
}

/// An HTTP message head: its first line and its headers, values as they may be shown.
pub(crate) struct Head {
    /// `GET /v1/me HTTP/1.1` or `HTTP/1.1 401 Unauthorized`.
    pub(crate) first: String,
    /// Name and shown value, in order.
    pub(crate) headers: Vec<(String, String)>,
}

impl Head {
    /// Every line with `prefix` (`> `, `< ` or nothing), ending with `eol`, then the empty line.
    pub(crate) fn render(&self, prefix: &str, eol: &str) -> String {
        let mut out = format!("{prefix}{}{eol}", self.first);
        for (name, value) in &self.headers {
            out.push_str(&format!("{prefix}{name}: {value}{eol}"));
        }
        out.push_str(prefix.trim_end());
        out.push_str(eol);
        out
    }
}

/// The head of a request as it leaves: the request line (path and query), `Host`, every
/// header, and the ones the HTTP client adds itself (`Accept-Encoding`, `Content-Length`),
/// each credential replaced. Names are lowercase, as the client sends them.
pub(crate) fn request_head(mw: &AuthExplainMiddleware, req: &Request, compressed: bool) -> Head {
    let secrets = Secrets::of(mw, req);
    let url = req.url();
    let first = format!(
        "{} {} {}",
        req.method(),
        secrets.target(url),
        version_name(req.version())
    );
    let mut headers = Vec::new();
    if !req.headers().contains_key(HOST) {
        let host = url.host_str().unwrap_or_default();
        let host = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        headers.push(("host".to_owned(), host));
    }
    for (name, value) in req.headers() {
        headers.push((
            name.as_str().to_owned(),
            secrets.request_header(name, value.as_bytes()),
        ));
    }
    // reqwest adds `Accept: */*` to a request without one.
    if !req.headers().contains_key(ACCEPT) {
        headers.push(("accept".to_owned(), "*/*".to_owned()));
    }
    if compressed && !req.headers().contains_key(ACCEPT_ENCODING) {
        headers.push(("accept-encoding".to_owned(), "gzip".to_owned()));
    }
    let body_len = req.body().and_then(|b| b.as_bytes()).map(<[u8]>::len);
    if let (Some(len), false) = (body_len, req.headers().contains_key(CONTENT_LENGTH)) {
        headers.push(("content-length".to_owned(), len.to_string()));
    }
    Head { first, headers }
}

/// The head of a response as it may be shown (`-i`, `-v`): see [`Secrets::response_headers`].
pub(crate) fn response_head(
    mw: &AuthExplainMiddleware,
    secrets: &Secrets,
    resp: &Response,
) -> Head {
    Head {
        first: status_line(resp.version(), resp.status()),
        headers: secrets
            .response_headers(mw, resp.headers(), resp.url())
            .into_iter()
            .map(|(n, v)| (n.as_str().to_owned(), v))
            .collect(),
    }
}

/// `HTTP/1.1`, `HTTP/2`, as curl names versions.
pub(crate) fn version_name(v: Version) -> &'static str {
    match v {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/1.1",
    }
}

/// A status line as curl prints it: `HTTP/1.1 401 Unauthorized`, `HTTP/2 401` (HTTP/2 has no
/// reason phrase). The reason is the standard one: reqwest does not keep the server's.
pub(crate) fn status_line(v: Version, status: StatusCode) -> String {
    let reason = status.canonical_reason().filter(|_| v < Version::HTTP_2);
    match reason {
        Some(r) => format!("{} {} {r}", version_name(v), status.as_u16()),
        None => format!("{} {}", version_name(v), status.as_u16()),
    }
}

/// Prints an explanation: its human form on stderr, or with `--json` its JSON form (plus
/// `extra` fields) on stdout.
pub(crate) fn explanation(e: &Explanation, json: bool) -> Result<(), Error> {
    if json {
        json_line(&e.to_json(), true)
    } else {
        say!("{e}");
        Ok(())
    }
}

/// Writes one JSON value on stdout, pretty or on one line.
pub(crate) fn json_line(v: &Value, pretty: bool) -> Result<(), Error> {
    let text = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    }
    .unwrap_or_else(|_| v.to_string());
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}") {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write {
            what: "standard output".to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Writes text on stdout; a closed pipe is not an error.
pub(crate) fn stdout_text(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write {
            what: "standard output".to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Writes a file whole.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| Error::write(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_as_curl_prints_them() {
        assert_eq!(
            status_line(Version::HTTP_11, StatusCode::UNAUTHORIZED),
            "HTTP/1.1 401 Unauthorized"
        );
        assert_eq!(
            status_line(Version::HTTP_2, StatusCode::FORBIDDEN),
            "HTTP/2 403"
        );
    }

    #[test]
    fn heads_render_with_prefixes() {
        let head = Head {
            first: "GET / HTTP/1.1".to_owned(),
            headers: vec![("Host".to_owned(), "a.test".to_owned())],
        };
        assert_eq!(
            head.render("> ", "\n"),
            "> GET / HTTP/1.1\n> Host: a.test\n>\n"
        );
        assert_eq!(
            head.render("", "\r\n"),
            "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n"
        );
    }
}
