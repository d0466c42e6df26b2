//! [`CredentialSource`]: credentials the middleware adds to requests itself, read from an
//! environment variable, a file or a value, and sent only to the hosts they belong to.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue};
use reqwest::Request;

use crate::credential::{Location, trim_ascii};
use crate::preflight::{self, Finding, Severity};
use crate::secret::Secret;

/// Where the middleware gets a credential that it adds to requests itself.
///
/// A source is read and checked when the middleware is built (an unset or empty variable, a
/// value that is only whitespace, wrapped in quotes or a placeholder is an error naming the
/// variable or file, never the value). Matching requests then carry the credential, marked
/// sensitive, and explanations name the source (`CredentialInfo::source`, e.g.
/// `env var API_KEY`). A request that already has the header keeps its own value.
///
/// By default the credential goes in `Authorization: Bearer <value>`, to every host the client
/// talks to: restrict it with [`for_host`](CredentialSource::for_host).
///
/// ```
/// use reqwest_auth_explain::{AuthExplainMiddleware, CredentialSource};
///
/// let mw = AuthExplainMiddleware::builder()
///     .credential(CredentialSource::env("API_KEY").bearer().for_host("api.example.com"))
///     .credential(
///         CredentialSource::file("/run/secrets/search-key")
///             .header("x-api-key")
///             .for_host("search.example.com"),
///     )
///     .build(); // or try_build()? to fail fast on an unset variable
/// # let _ = mw;
/// ```
///
/// For one request, attach a source as an extension:
///
/// ```no_run
/// # async fn run(client: reqwest_middleware::ClientWithMiddleware) -> reqwest_middleware::Result<()> {
/// use reqwest_auth_explain::CredentialSource;
///
/// let resp = client
///     .get("https://api.example.com/v1/me")
///     .with_extension(CredentialSource::env("API_KEY"))
///     .send()
///     .await?;
/// # let _ = resp; Ok(()) }
/// ```
#[derive(Clone)]
pub struct CredentialSource {
    origin: Origin,
    placement: Placement,
    host: Option<String>,
    /// The value read when the middleware was built (environment variables and values; files
    /// are re-read when they change).
    preloaded: Option<Result<Secret, Problem>>,
}

#[derive(Clone)]
enum Origin {
    Env(String),
    File(Arc<FileState>),
    Value(Secret),
}

#[derive(Clone, Debug)]
enum Placement {
    /// `Authorization: <scheme> <value>`.
    Scheme(String),
    /// `Authorization: Basic base64(<value>)`.
    Basic,
    /// `<name>: <value>`.
    Header(String),
}

impl CredentialSource {
    /// The value of the environment variable `name`.
    ///
    /// Set on the middleware, the variable is read once, when the middleware is built. Leading
    /// and trailing whitespace (a newline from `$(cat file)`) is dropped.
    pub fn env(name: impl Into<String>) -> Self {
        Self::new(Origin::Env(name.into()))
    }

    /// The contents of the file at `path` (a mounted secret, a key file).
    ///
    /// The file is re-read when its modification time or size changes (a cheap `stat` per
    /// request), so a rotated key is used without a restart. Leading and trailing whitespace,
    /// such as the final newline most editors add, is dropped.
    pub fn file(path: impl AsRef<Path>) -> Self {
        Self::new(Origin::File(Arc::new(FileState {
            path: path.as_ref().to_path_buf(),
            cache: Mutex::new(None),
        })))
    }

    /// A value the program already holds.
    ///
    /// ```
    /// use reqwest_auth_explain::{CredentialSource, Secret};
    ///
    /// let src = CredentialSource::value(Secret::new("FAKE-KEY-0123456789")).header("x-api-key");
    /// assert!(!format!("{src:?}").contains("FAKE"));
    /// ```
    pub fn value(secret: Secret) -> Self {
        Self::new(Origin::Value(secret))
    }

    fn new(origin: Origin) -> Self {
        CredentialSource {
            origin,
            placement: Placement::Scheme("Bearer".to_owned()),
            host: None,
            preloaded: None,
        }
    }

    /// Send it as `Authorization: Bearer <value>`. The default.
    pub fn bearer(self) -> Self {
        self.scheme("Bearer")
    }

    /// Send it as `Authorization: <scheme> <value>`, e.g. `scheme("token")` for GitHub's
    /// classic form or `scheme("Bot")` for Discord.
    pub fn scheme(mut self, scheme: impl Into<String>) -> Self {
        self.placement = Placement::Scheme(scheme.into());
        self
    }

    /// Send it as `Authorization: Basic <base64 of value>`. The value is `user:password`; a
    /// value without `:` is sent as the user id with an empty password (how Stripe takes a
    /// secret key).
    pub fn basic(mut self) -> Self {
        self.placement = Placement::Basic;
        self
    }

    /// Send the value as is in the header `name` (e.g. `x-api-key`). The header is treated as
    /// a credential header: checked, marked sensitive and redacted.
    pub fn header(mut self, name: impl Into<String>) -> Self {
        self.placement = Placement::Header(name.into());
        self
    }

    /// Add the credential only to requests for `host` (case-insensitive, any port). A leading
    /// `*.` matches every subdomain: `*.example.com` matches `api.example.com`, not
    /// `example.com`. Defaults to every host.
    pub fn for_host(mut self, host: impl AsRef<str>) -> Self {
        self.host = Some(normalize_host(host.as_ref()));
        self
    }

    /// Where the value comes from, in words: `env var API_KEY`, `file /run/secrets/key`,
    /// `inline value`. Never the value.
    pub(crate) fn description(&self) -> String {
        match &self.origin {
            Origin::Env(name) => format!("env var {name}"),
            Origin::File(f) => format!("file {}", f.path.display()),
            Origin::Value(_) => "inline value".to_owned(),
        }
    }

    /// A header name this source adds that is not a built-in credential header.
    pub(crate) fn custom_header(&self) -> Option<HeaderName> {
        match &self.placement {
            Placement::Header(_) => self.target().ok(),
            _ => None,
        }
    }

    /// Reads environment variables and values now; checks files once. Returns the problem a
    /// fail-fast build reports.
    pub(crate) fn preload(&mut self) -> Result<(), BuildError> {
        let err = |problem| BuildError {
            source: self.description(),
            problem,
        };
        self.target().map_err(err)?;
        match &self.origin {
            Origin::File(f) => f.load().map(drop).map_err(err),
            _ => {
                let loaded = self.load_now();
                let result = loaded.as_ref().map(drop).map_err(|p| err(p.clone()));
                self.preloaded = Some(loaded);
                result
            }
        }
    }

    fn load(&self) -> Result<Secret, Problem> {
        match &self.preloaded {
            Some(r) => r.clone(),
            None => self.load_now(),
        }
    }

    fn load_now(&self) -> Result<Secret, Problem> {
        match &self.origin {
            Origin::Env(name) => match std::env::var_os(name) {
                None => Err(Problem::Unset),
                Some(v) => validate(&v.into_encoded_bytes()),
            },
            Origin::File(f) => f.load(),
            Origin::Value(s) => validate(s.expose_secret()),
        }
    }

    fn target(&self) -> Result<HeaderName, Problem> {
        match &self.placement {
            Placement::Scheme(_) | Placement::Basic => Ok(AUTHORIZATION),
            Placement::Header(n) => {
                HeaderName::from_bytes(n.trim().to_ascii_lowercase().as_bytes())
                    .map_err(|_| Problem::InvalidHeaderName(n.clone()))
            }
        }
    }

    fn header_value(&self, secret: &Secret) -> Result<HeaderValue, Problem> {
        let bytes = match &self.placement {
            Placement::Scheme(s) => [s.as_bytes(), b" ", secret.expose_secret()].concat(),
            Placement::Basic => {
                let mut pair = secret.expose_secret().to_vec();
                if !pair.contains(&b':') {
                    pair.push(b':');
                }
                format!("Basic {}", STANDARD.encode(pair)).into_bytes()
            }
            Placement::Header(_) => secret.expose_secret().to_vec(),
        };
        let mut v = HeaderValue::from_bytes(&bytes).map_err(|_| Problem::InvalidCharacters)?;
        v.set_sensitive(true);
        Ok(v)
    }

    fn matches(&self, url: &url::Url) -> bool {
        let Some(want) = &self.host else {
            return true;
        };
        let Some(host) = url.host_str() else {
            return false;
        };
        let host = normalize_host(host);
        match want.strip_prefix("*.") {
            Some(suffix) => host
                .strip_suffix(suffix)
                .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
            None => host == *want,
        }
    }
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialSource")
            .field("from", &self.description())
            .field("placement", &self.placement)
            .field("host", &self.host)
            .finish()
    }
}

/// `api.example.com` from `https://API.example.com.:443/x`, `[::1]:8080` or `api.example.com`.
fn normalize_host(h: &str) -> String {
    let h = h.trim();
    let h = h.split_once("://").map_or(h, |(_, rest)| rest);
    let h = h.split(['/', '?', '#']).next().unwrap_or(h);
    let h = h.rsplit_once('@').map_or(h, |(_, host)| host);
    let h = match h.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => h.split(':').next().unwrap_or(h),
    };
    h.trim_end_matches('.').to_ascii_lowercase()
}

struct FileState {
    path: PathBuf,
    cache: Mutex<Option<Cached>>,
}

struct Cached {
    stamp: (Option<SystemTime>, u64),
    result: Result<Secret, Problem>,
}

impl FileState {
    fn load(&self) -> Result<Secret, Problem> {
        let meta = std::fs::metadata(&self.path).map_err(Problem::unreadable)?;
        let stamp = (meta.modified().ok(), meta.len());
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cache.as_ref().filter(|c| c.stamp == stamp) {
            return c.result.clone();
        }
        let result = match std::fs::read(&self.path) {
            Ok(bytes) => validate(&bytes),
            Err(e) => return Err(Problem::unreadable(e)),
        };
        *cache = Some(Cached {
            stamp,
            result: result.clone(),
        });
        result
    }
}

/// What is wrong with a source.
#[derive(Clone, Debug)]
pub(crate) enum Problem {
    Unset,
    Unreadable(Arc<io::Error>),
    Empty,
    WhitespaceOnly,
    Quoted,
    Placeholder(&'static str),
    InvalidCharacters,
    InvalidHeaderName(String),
}

impl Problem {
    fn unreadable(e: io::Error) -> Self {
        Problem::Unreadable(Arc::new(e))
    }

    fn code(&self) -> &'static str {
        match self {
            Problem::Unset | Problem::Unreadable(_) | Problem::Empty | Problem::WhitespaceOnly => {
                "source_unavailable"
            }
            Problem::Placeholder(_) => "placeholder",
            Problem::Quoted | Problem::InvalidCharacters | Problem::InvalidHeaderName(_) => {
                "source_invalid"
            }
        }
    }

    /// The problem in words, starting with the source: never the value.
    fn describe(&self, source: &str) -> String {
        match self {
            Problem::Unset => format!("{source} is not set"),
            Problem::Unreadable(e) => format!("{source} cannot be read ({e})"),
            Problem::Empty => format!("{source} is empty"),
            Problem::WhitespaceOnly => format!("{source} holds only whitespace"),
            Problem::Quoted => {
                format!("{source} is wrapped in quotes; remove them where the value is defined")
            }
            Problem::Placeholder(why) => {
                format!("{source} holds {why}, not a key; set it to the real key")
            }
            Problem::InvalidCharacters => format!(
                "{source} holds control characters or line breaks inside the key, which an HTTP header cannot carry"
            ),
            // The name is not repeated: a key pasted where its header name belongs would be.
            Problem::InvalidHeaderName(n) => format!(
                "{source} is set to go in a header whose name is not a valid header name ({} bytes; the first character a header name cannot hold is at byte {})",
                n.len(),
                n.bytes()
                    .position(|b| http::HeaderName::from_bytes(&[b.to_ascii_lowercase()]).is_err())
                    .unwrap_or(0)
            ),
        }
    }
}

/// Checks a value read from a source; returns it without surrounding whitespace.
fn validate(raw: &[u8]) -> Result<Secret, Problem> {
    if raw.is_empty() {
        return Err(Problem::Empty);
    }
    let t = trim_ascii(raw);
    if t.is_empty() {
        return Err(Problem::WhitespaceOnly);
    }
    if preflight::is_quoted(t) {
        return Err(Problem::Quoted);
    }
    if let Some(why) = preflight::placeholder_reason(t) {
        return Err(Problem::Placeholder(why));
    }
    if t.iter().any(|b| b.is_ascii_control()) {
        return Err(Problem::InvalidCharacters);
    }
    Ok(Secret::new(t))
}

/// A credential the middleware added to a request.
#[derive(Clone)]
pub(crate) struct Injected {
    pub(crate) location: Location,
    pub(crate) source: String,
}

/// Adds the credentials of the sources that match `req`'s host and whose header the request
/// does not carry yet; the per-request source first. A source that cannot provide its value
/// yields a finding of severity `error`, and the request must be refused: sending it without
/// the credential would only produce a 401.
pub(crate) fn inject(
    req: &mut Request,
    per_request: Option<&CredentialSource>,
    configured: &[CredentialSource],
) -> (Vec<Injected>, Vec<Finding>) {
    let mut injected = Vec::new();
    let mut findings = Vec::new();
    let mut claimed: Vec<HeaderName> = Vec::new();
    for src in per_request.into_iter().chain(configured) {
        if !src.matches(req.url()) {
            continue;
        }
        let name = match src.target() {
            Ok(n) => n,
            Err(p) => {
                findings.push(finding(
                    Location::Header(HeaderName::from_static("invalid-header-name")),
                    &src.description(),
                    &p,
                ));
                continue;
            }
        };
        if claimed.contains(&name) || req.headers().contains_key(&name) {
            continue;
        }
        claimed.push(name.clone());
        match src.load().and_then(|s| src.header_value(&s)) {
            Ok(v) => {
                req.headers_mut().insert(name.clone(), v);
                injected.push(Injected {
                    location: Location::Header(name),
                    source: src.description(),
                });
            }
            Err(p) => findings.push(finding(Location::Header(name), &src.description(), &p)),
        }
    }
    (injected, findings)
}

fn finding(location: Location, source: &str, p: &Problem) -> Finding {
    Finding {
        code: p.code(),
        severity: Severity::Error,
        location,
        message: p.describe(source),
    }
}

/// A credential source that cannot provide its value, reported by
/// [`AuthExplainMiddlewareBuilder::try_build`](crate::AuthExplainMiddlewareBuilder::try_build).
///
/// Its message names the variable or file, never the value.
///
/// ```
/// use reqwest_auth_explain::{AuthExplainMiddleware, BuildErrorKind, CredentialSource};
///
/// let err = AuthExplainMiddleware::builder()
///     .credential(CredentialSource::env("SURELY_UNSET_VARIABLE_0D1E"))
///     .try_build()
///     .unwrap_err();
/// assert_eq!(err.kind(), BuildErrorKind::Unset);
/// assert_eq!(err.credential_source(), "env var SURELY_UNSET_VARIABLE_0D1E");
/// assert_eq!(err.to_string(), "env var SURELY_UNSET_VARIABLE_0D1E is not set");
/// ```
pub struct BuildError {
    source: String,
    problem: Problem,
}

/// What is wrong with a credential source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// The environment variable is not set.
    Unset,
    /// The file cannot be read.
    Unreadable,
    /// The value is empty.
    Empty,
    /// The value is only whitespace.
    WhitespaceOnly,
    /// The value is wrapped in quotes (often from a `.env` file read by a tool that does not
    /// strip them).
    Quoted,
    /// The value is a placeholder (`YOUR_API_KEY`, `changeme`, `${TOKEN}`).
    Placeholder,
    /// The value holds control characters or line breaks that a header cannot carry.
    InvalidCharacters,
    /// The header name given to [`CredentialSource::header`] is not a valid header name.
    InvalidHeaderName,
}

impl BuildError {
    /// What is wrong.
    pub fn kind(&self) -> BuildErrorKind {
        match self.problem {
            Problem::Unset => BuildErrorKind::Unset,
            Problem::Unreadable(_) => BuildErrorKind::Unreadable,
            Problem::Empty => BuildErrorKind::Empty,
            Problem::WhitespaceOnly => BuildErrorKind::WhitespaceOnly,
            Problem::Quoted => BuildErrorKind::Quoted,
            Problem::Placeholder(_) => BuildErrorKind::Placeholder,
            Problem::InvalidCharacters => BuildErrorKind::InvalidCharacters,
            Problem::InvalidHeaderName(_) => BuildErrorKind::InvalidHeaderName,
        }
    }

    /// The source, in words: `env var API_KEY`, `file /run/secrets/key`, `inline value`.
    pub fn credential_source(&self) -> &str {
        &self.source
    }
}

impl BuildError {
    /// A header name given to the builder that is not one.
    pub(crate) fn invalid_header_name(setting: &str, name: &str) -> BuildError {
        BuildError {
            source: setting.to_owned(),
            problem: Problem::InvalidHeaderName(name.to_owned()),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            // The io error is the `source()`, not part of this message.
            Problem::Unreadable(_) => write!(f, "{} cannot be read", self.source),
            p => f.write_str(&p.describe(&self.source)),
        }
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BuildError")
            .field("kind", &self.kind())
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            Problem::Unreadable(e) => Some(&**e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(url: &str) -> Request {
        Request::new(reqwest::Method::GET, url.parse().unwrap())
    }

    #[test]
    fn validates_values_without_echoing_them() {
        let cases: &[(&[u8], Option<BuildErrorKind>)] = &[
            (b"", Some(BuildErrorKind::Empty)),
            (b"  \n", Some(BuildErrorKind::WhitespaceOnly)),
            (b"\"FAKESECRET0123\"", Some(BuildErrorKind::Quoted)),
            (b"YOUR_API_KEY", Some(BuildErrorKind::Placeholder)),
            (b"changeme", Some(BuildErrorKind::Placeholder)),
            (b"FAKE\nSECRET0123", Some(BuildErrorKind::InvalidCharacters)),
            (b"FAKESECRET0123\n", None),
        ];
        for (raw, want) in cases {
            let mut src = CredentialSource::value(Secret::new(*raw));
            match (src.preload(), want) {
                (Ok(()), None) => {
                    assert_eq!(src.load().unwrap().expose_secret(), b"FAKESECRET0123")
                }
                (Err(e), Some(k)) => {
                    assert_eq!(e.kind(), *k);
                    assert!(!e.to_string().contains("FAKE"), "{e}");
                    assert!(e.to_string().starts_with("inline value "), "{e}");
                }
                (got, want) => panic!("{raw:?}: {got:?} vs {want:?}"),
            }
        }
    }

    #[test]
    fn unset_env_and_missing_file() {
        let mut e = CredentialSource::env("REQWEST_AUTH_EXPLAIN_UNIT_UNSET_7Q");
        let err = e.preload().unwrap_err();
        assert_eq!(err.kind(), BuildErrorKind::Unset);
        assert_eq!(
            err.to_string(),
            "env var REQWEST_AUTH_EXPLAIN_UNIT_UNSET_7Q is not set"
        );
        let mut f = CredentialSource::file("/nonexistent/reqwest-auth-explain/key");
        let err = f.preload().unwrap_err();
        assert_eq!(err.kind(), BuildErrorKind::Unreadable);
        assert_eq!(
            err.to_string(),
            "file /nonexistent/reqwest-auth-explain/key cannot be read"
        );
        assert!(std::error::Error::source(&err).is_some());
        let mut h = CredentialSource::value(Secret::new("k")).header("bad header");
        let err = h.preload().unwrap_err();
        assert_eq!(err.kind(), BuildErrorKind::InvalidHeaderName);
        // A key pasted where the header name belongs is not printed.
        assert!(!err.to_string().contains("bad header"), "{err}");
        assert!(err.to_string().contains("at byte 3"), "{err}");
    }

    #[test]
    fn placements() {
        let s = Secret::new("FAKEKEY");
        let v = |src: CredentialSource| src.header_value(&s).unwrap();
        let bearer = v(CredentialSource::value(s.clone()));
        assert_eq!(bearer, "Bearer FAKEKEY");
        assert!(bearer.is_sensitive());
        assert_eq!(
            v(CredentialSource::value(s.clone()).scheme("token")),
            "token FAKEKEY"
        );
        // "FAKEKEY:" in base64
        assert_eq!(
            v(CredentialSource::value(s.clone()).basic()),
            "Basic RkFLRUtFWTo="
        );
        assert_eq!(
            v(CredentialSource::value(s.clone()).header("X-Api-Key")),
            "FAKEKEY"
        );
        assert!(!format!("{:?}", CredentialSource::value(s)).contains("FAKE"));
    }

    #[test]
    fn host_matching() {
        let src = |h: &str| CredentialSource::value(Secret::new("k")).for_host(h);
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert!(src("api.example.com").matches(&u("https://API.example.com:8443/x")));
        assert!(src("https://api.example.com/").matches(&u("https://api.example.com")));
        assert!(!src("api.example.com").matches(&u("https://example.com")));
        assert!(!src("api.example.com").matches(&u("https://api.example.com.evil.test")));
        assert!(src("*.example.com").matches(&u("https://a.b.example.com")));
        assert!(!src("*.example.com").matches(&u("https://example.com")));
        assert!(!src("*.example.com").matches(&u("https://badexample.com")));
        assert!(src("[::1]:80").matches(&u("http://[::1]:9/")));
        assert!(CredentialSource::value(Secret::new("k")).matches(&u("https://any.test")));
    }

    #[test]
    fn injects_only_when_absent_and_matching() {
        let sources = [
            CredentialSource::value(Secret::new("FAKEKEY")).for_host("api.example.com"),
            CredentialSource::value(Secret::new("OTHER")).for_host("api.example.com"),
        ];
        let mut r = req("https://api.example.com/");
        let (inj, f) = inject(&mut r, None, &sources);
        assert!(f.is_empty());
        assert_eq!(inj.len(), 1);
        assert_eq!(inj[0].source, "inline value");
        assert_eq!(r.headers()[AUTHORIZATION], "Bearer FAKEKEY");

        let mut r = req("https://other.example.com/");
        assert!(inject(&mut r, None, &sources).0.is_empty());
        assert!(r.headers().is_empty());

        let mut r = req("https://api.example.com/");
        r.headers_mut()
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer mine"));
        assert!(inject(&mut r, None, &sources).0.is_empty());
        assert_eq!(r.headers()[AUTHORIZATION], "Bearer mine");

        // A broken per-request source is not replaced by a configured one.
        let broken = CredentialSource::env("REQWEST_AUTH_EXPLAIN_UNIT_UNSET_8R");
        let mut r = req("https://api.example.com/");
        let (inj, f) = inject(&mut r, Some(&broken), &sources);
        assert!(inj.is_empty());
        assert_eq!(f[0].code, "source_unavailable");
        assert_eq!(
            f[0].message,
            "env var REQWEST_AUTH_EXPLAIN_UNIT_UNSET_8R is not set"
        );
        assert!(r.headers().is_empty());
    }

    #[test]
    fn file_is_reread_when_it_changes() {
        let dir =
            std::env::temp_dir().join(format!("reqwest-auth-explain-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("key");
        std::fs::write(&path, "FAKE-FIRST\n").unwrap();
        let src = CredentialSource::file(&path);
        assert_eq!(src.load().unwrap().expose_secret(), b"FAKE-FIRST");
        std::fs::write(&path, "FAKE-SECOND-KEY\n").unwrap();
        assert_eq!(src.load().unwrap().expose_secret(), b"FAKE-SECOND-KEY");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(src.load(), Err(Problem::Unreadable(_))));
    }
}
