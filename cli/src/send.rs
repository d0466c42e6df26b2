//! The live request: a reqwest client set up as curl's flags say, the middleware in front of
//! it, and the response written as curl writes it, followed by the explanation.

use std::sync::Arc;

use http::Extensions;
use reqwest::redirect::{Attempt, Policy};
use reqwest::{Request, Response};
use reqwest_auth_explain::{AuthError, AuthExplainMiddleware, ResponseExt};
use reqwest_middleware::{Middleware, Next};
use serde_json::Value;

use crate::error::{Error, chain};
use crate::output::{self, Sink};
use crate::request::{parse_resolve, seconds};
use crate::secrets::Secrets;
use crate::{Cli, EXIT_AUTH, EXIT_OK};

/// Sends `req` through `mw`, writes the response, prints the explanation; the exit status.
pub(crate) async fn run(cli: &Cli, mw: &AuthExplainMiddleware, req: Request) -> Result<u8, Error> {
    let secrets = Arc::new(Secrets::of(mw, &req));
    let mut chain_builder =
        reqwest_middleware::ClientBuilder::new(client(cli, secrets.clone())?).with(mw.clone());
    if cli.verbose {
        // After the middleware: the head shown is the one that leaves, repairs included.
        chain_builder = chain_builder.with(ShowRequest {
            mw: mw.clone(),
            compressed: cli.compressed,
        });
    }
    let client = chain_builder.build();
    let mut kept = copy(&req);

    let mut resp = match client.execute(req).await {
        Ok(resp) => resp,
        Err(err) => {
            return match AuthError::from_middleware(&err) {
                // A strict refusal, or a proxy that refused the tunnel with 407.
                Some(auth) => {
                    output::explanation(auth.explanation(), cli.json)?;
                    Ok(EXIT_AUTH)
                }
                // The middleware already put the redacted URL into transport errors.
                None => Err(Error::Http(chain(&err))),
            };
        }
    };

    let explained = resp.auth_explanation().cloned();
    let report = resp.auth_report().cloned();
    let status = resp.status();
    let head = output::response_head(mw, &secrets, &resp);
    if cli.verbose {
        say!("{}", head.render("< ", "\n"));
    }
    let mut sink = Sink::open(cli)?;
    let mut written = Ok(());
    if cli.include {
        written = sink.write(head.render("", "\r\n").as_bytes());
    }
    if written.is_ok() {
        written = copy_body(&mut resp, &mut sink).await;
    }
    let written = written.and_then(|()| sink.finish());
    let note = report
        .as_ref()
        .filter(|r| explained.is_none() && !r.findings().is_empty() && cli.notes());
    if sink.ends_mid_line() && !cli.json && (explained.is_some() || note.is_some()) {
        sayln!();
    }

    let code = match explained {
        Some(e) => {
            output::explanation(&e, cli.json)?;
            EXIT_AUTH
        }
        None if cli.json => {
            // What pre-flight found and repaired, with the credential, as the JSON contract's
            // outcome "ok". The middleware attaches it when pre-flight had something to say;
            // otherwise the same reading comes from inspecting the request as it was given.
            let report = report.unwrap_or_else(|| mw.inspect(&mut kept));
            let mut v = report.to_json();
            if let Value::Object(map) = &mut v {
                map.insert("status".to_owned(), status.as_u16().into());
            }
            output::json_line(&v, true)?;
            EXIT_OK
        }
        None => {
            if let Some(r) = note {
                say!("{r}");
            }
            EXIT_OK
        }
    };
    written?;
    Ok(code)
}

/// The reqwest client curl's flags describe.
fn client(cli: &Cli, secrets: Arc<Secrets>) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .redirect(redirect_policy(cli, secrets))
        // curl sends no Referer on redirects, and a Referer can carry a query key.
        .referer(false)
        .gzip(cli.compressed);
    for r in &cli.resolve {
        let (host, addrs) = parse_resolve(r)?;
        builder = builder.resolve_to_addrs(&host, &addrs);
    }
    if let Some(t) = cli
        .max_time
        .map(|s| seconds(s, "-m/--max-time"))
        .transpose()?
        .flatten()
    {
        builder = builder.timeout(t);
    }
    if let Some(t) = cli
        .connect_timeout
        .map(|s| seconds(s, "--connect-timeout"))
        .transpose()?
        .flatten()
    {
        builder = builder.connect_timeout(t);
    }
    if cli.insecure {
        if cli.notes() {
            sayln!(
                "auth-doctor: warning: -k/--insecure: the server's certificate is not checked, \
                 so anyone on the path can read the credentials"
            );
        }
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder
        .build()
        .map_err(|e| Error::Http(format!("cannot set up the HTTP client: {}", chain(&e))))
}

/// No redirect is followed without `-L`, as in curl; with it, at most `--max-redirs`
/// (`-1`: no limit). With `-v`, each redirect is noted as curl notes it.
fn redirect_policy(cli: &Cli, secrets: Arc<Secrets>) -> Policy {
    if !cli.location {
        return Policy::none();
    }
    let max = cli.max_redirs;
    let verbose = cli.verbose;
    Policy::custom(move |attempt: Attempt<'_>| {
        // `previous` starts with the first URL, which was not a redirect.
        if max >= 0 && attempt.previous().len() as i64 > max {
            return attempt.error(TooManyRedirects(max));
        }
        if verbose {
            sayln!(
                "* Issue another request to this URL: '{}'",
                secrets.url(attempt.url())
            );
        }
        attempt.follow()
    })
}

/// `--max-redirs` was reached.
#[derive(Debug)]
struct TooManyRedirects(i64);

impl std::fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "maximum ({}) redirects followed", self.0)
    }
}

impl std::error::Error for TooManyRedirects {}

/// Streams the body to the sink.
async fn copy_body(resp: &mut Response, sink: &mut Sink) -> Result<(), Error> {
    while let Some(chunk) = resp.chunk().await.map_err(|e| Error::Http(chain(&e)))? {
        sink.write(&chunk)?;
    }
    Ok(())
}

/// A copy of a request whose body is in memory (every body this tool builds is).
fn copy(req: &Request) -> Request {
    req.try_clone().unwrap_or_else(|| {
        let mut c = Request::new(req.method().clone(), req.url().clone());
        *c.headers_mut() = req.headers().clone();
        c
    })
}

/// `-v`: prints the request head as it leaves, after the auth middleware.
struct ShowRequest {
    mw: AuthExplainMiddleware,
    compressed: bool,
}

#[async_trait::async_trait]
impl Middleware for ShowRequest {
    async fn handle(
        &self,
        req: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let head = output::request_head(&self.mw, &req, self.compressed);
        say!("{}", head.render("> ", "\n"));
        next.run(req, extensions).await
    }
}
