//! `auth-doctor`: curl's request flags, and an explanation of every HTTP auth failure.
//!
//! ```text
//! auth-doctor [OPTIONS] URL          send one request, as curl would, and explain a failure
//! auth-doctor --offline [OPTIONS] URL  show the request as it would leave; send nothing
//! auth-doctor --har FILE [--scrub-har OUT]  explain every entry of a browser's HAR export
//! ```
//!
//! The response body goes to standard output as curl writes it (or to `-o FILE`); the
//! explanation goes to standard error (with `--json`, standard output holds only the
//! explanation, as one JSON object). Exit status: 0 no auth failure, 2 an auth failure
//! explained or a request refused, 1 any other error, reported on one line that never holds a
//! secret.
//!
//! This file reads the arguments and turns outcomes into exit statuses; `request` builds the
//! request curl would send, `send` sends it, `offline` shows it without sending, `har` and
//! `scrub` read and clean HAR files, `output` and `secrets` print without secrets.

#![forbid(unsafe_code)]

/// `eprint!` that cannot panic: with stderr closed the text is lost, not the exit status.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprintln!` that cannot panic.
macro_rules! sayln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod error;
mod har;
mod offline;
mod output;
mod request;
mod scrub;
mod secrets;
mod send;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgGroup, CommandFactory, FromArgMatches, Parser};
use reqwest_auth_explain::{AuthExplainMiddleware, Preflight};
use tracing_subscriber::EnvFilter;

use crate::error::Error;

const EXAMPLES: &str = "\
Examples:
  # why does this token get a 401? (the body on stdout, the explanation on stderr)
  auth-doctor -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com/v1/me

  # the same request as JSON, against a local server under the real host name
  auth-doctor --json --resolve api.example.com:8080:127.0.0.1 \\
      -d 'name=x' -H \"X-Api-Key: $API_KEY\" http://api.example.com:8080/v1/orders

  # what would leave, without sending it; exit 2 if --strict would refuse it
  auth-doctor --offline -H 'Authorization: Bearer YOUR_API_KEY' https://api.example.com/v1/me

  # every auth failure in a browser's HAR export, and a copy without credentials to share
  auth-doctor --har session.har --scrub-har session.scrubbed.har

Exit status: 0 no auth failure, 2 auth failure explained or request refused, 1 other error.
Tracing events go to stderr when RUST_LOG asks for them (RUST_LOG=reqwest_auth_explain=debug).";

/// Send one HTTP request as curl would, and explain a 401, 403, 407, 429 or any other auth
/// failure; or explain every entry of a HAR file.
///
/// Request flags mean what they mean to curl. By default the request leaves exactly as given
/// (pre-flight observes and reports); --repair fixes what is safe first, --strict refuses a
/// request whose credentials are surely wrong. Credentials never appear in what auth-doctor
/// prints (-v, -i heads, explanations, errors); response bodies are printed as they are.
#[derive(Parser, Debug)]
#[command(
    name = "auth-doctor",
    version,
    after_help = EXAMPLES,
    args_override_self = true,
    group = ArgGroup::new("request_flags").multiple(true).args([
        "method", "headers", "data", "data_binary", "data_raw", "user", "include", "verbose",
        "output", "location", "user_agent", "resolve", "connect_timeout", "max_time",
        "insecure", "compressed", "offline",
    ]),
)]
pub(crate) struct Cli {
    /// Request method [default: GET, or POST with -d]
    #[arg(short = 'X', long = "request", value_name = "METHOD")]
    pub(crate) method: Option<String>,

    /// Request header `Name: value` (repeatable); `Name:` removes a header auth-doctor would
    /// add, `Name;` sends an empty one, `@FILE` reads one header per line (`@-`: stdin)
    #[arg(short = 'H', long = "header", value_name = "HEADER/@FILE")]
    pub(crate) headers: Vec<OsString>,

    /// POST data; `@FILE` reads a file with CR and LF removed (`@-`: stdin). Repeated: joined
    /// with `&`. Sets Content-Type: application/x-www-form-urlencoded unless -H gives one
    #[arg(short = 'd', long = "data", value_name = "DATA")]
    pub(crate) data: Vec<OsString>,

    /// POST data; `@FILE` reads a file byte for byte
    #[arg(long = "data-binary", value_name = "DATA")]
    pub(crate) data_binary: Vec<OsString>,

    /// POST data, sent as given (`@` has no meaning)
    #[arg(long = "data-raw", value_name = "DATA")]
    pub(crate) data_raw: Vec<OsString>,

    /// Basic credentials `USER:PASSWORD` (auth-doctor does not prompt for a password)
    #[arg(short = 'u', long = "user", value_name = "USER:PASSWORD")]
    pub(crate) user: Option<OsString>,

    /// Write the response head before the body (credentials and cookies redacted)
    #[arg(short = 'i', long = "include")]
    pub(crate) include: bool,

    /// Show the request and response heads on stderr (`> ` and `< `), credentials redacted
    #[arg(short = 'v', long = "verbose")]
    pub(crate) verbose: bool,

    /// No notes, warnings or error messages on stderr (the explanation of an auth failure is
    /// still printed; the exit status tells the rest)
    #[arg(short = 's', long = "silent")]
    pub(crate) silent: bool,

    /// With -s, still print error messages
    #[arg(short = 'S', long = "show-error")]
    pub(crate) show_error: bool,

    /// Write the body (and the head, with -i) to FILE instead of stdout (`-`: stdout)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Follow redirects (without it, a 3xx is the answer, as in curl)
    #[arg(short = 'L', long = "location")]
    pub(crate) location: bool,

    /// With -L, follow at most NUM redirects (-1: no limit)
    #[arg(
        long = "max-redirs",
        value_name = "NUM",
        default_value_t = 50,
        allow_negative_numbers = true
    )]
    pub(crate) max_redirs: i64,

    /// User-Agent header (an empty NAME sends none)
    #[arg(short = 'A', long = "user-agent", value_name = "NAME")]
    pub(crate) user_agent: Option<OsString>,

    /// Connect to ADDR for HOST, keeping HOST in the URL and the Host header (repeatable;
    /// ADDR may be a comma-separated list, IPv6 in brackets)
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub(crate) resolve: Vec<String>,

    /// Give up connecting after SECONDS (fractions allowed)
    #[arg(long = "connect-timeout", value_name = "SECONDS")]
    pub(crate) connect_timeout: Option<f64>,

    /// Give up on the whole transfer after SECONDS (fractions allowed)
    #[arg(short = 'm', long = "max-time", value_name = "SECONDS")]
    pub(crate) max_time: Option<f64>,

    /// Accept any TLS certificate (a warning says so on stderr)
    #[arg(short = 'k', long = "insecure")]
    pub(crate) insecure: bool,

    /// Ask for a compressed response and decompress it
    #[arg(long)]
    pub(crate) compressed: bool,

    /// Print the explanation as JSON on stdout, and nothing else there (also on success)
    #[arg(long)]
    pub(crate) json: bool,

    /// Refuse to send a request whose credentials pre-flight finds wrong (exit 2)
    #[arg(long, conflicts_with = "repair")]
    pub(crate) strict: bool,

    /// Repair what is safe to repair (whitespace, quotes, scheme spelling) before sending
    #[arg(long)]
    pub(crate) repair: bool,

    /// Send nothing: print the request as it would leave (after --repair), credentials
    /// redacted, and its findings; exit 2 if --strict would refuse it
    #[arg(long)]
    pub(crate) offline: bool,

    /// Explain every entry of a HAR file (a browser's export), sending nothing
    #[arg(long, value_name = "FILE", conflicts_with_all = ["request_flags", "url"])]
    pub(crate) har: Option<PathBuf>,

    /// With --har: write a copy of the HAR file without any credential to OUT
    #[arg(long = "scrub-har", value_name = "OUT")]
    pub(crate) scrub_har: Option<PathBuf>,

    /// The URL to request (`http://` is assumed without a scheme)
    #[arg(required_unless_present = "har")]
    pub(crate) url: Option<String>,
}

impl Cli {
    /// The pre-flight mode: Observe unless --repair or --strict, so that the request leaves as
    /// given, as with curl.
    pub(crate) fn preflight(&self) -> Preflight {
        if self.strict {
            Preflight::Strict
        } else if self.repair {
            Preflight::Repair
        } else {
            Preflight::Observe
        }
    }

    /// Whether notes and warnings go to stderr.
    pub(crate) fn notes(&self) -> bool {
        !self.silent
    }
}

/// No auth failure.
pub(crate) const EXIT_OK: u8 = 0;
/// An auth failure explained, or a request refused.
pub(crate) const EXIT_AUTH: u8 = 2;
/// Any other error.
const EXIT_ERROR: u8 = 1;

fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => return clap_exit(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let data = request::data_args(&matches);
    init_tracing();

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&cli, &Error::Http(format!("cannot start: {e}"))),
    };
    match runtime.block_on(run(&cli, &data)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(&cli, &e),
    }
}

/// What the arguments ask for.
async fn run(cli: &Cli, data: &[request::DataArg]) -> Result<u8, Error> {
    let mw = AuthExplainMiddleware::builder()
        .preflight(cli.preflight())
        .build();
    if let Some(path) = &cli.har {
        return har::run(cli, &mw, path);
    }
    if cli.scrub_har.is_some() {
        return Err(Error::Usage(
            "--scrub-har OUT needs --har FILE, the file to scrub".to_owned(),
        ));
    }
    let req = request::build(cli, data)?;
    if cli.offline {
        return offline::run(cli, &mw, req);
    }
    send::run(cli, &mw, req).await
}

/// Reports an error on one line (unless -s without -S) and exits 1.
fn fail(cli: &Cli, e: &Error) -> ExitCode {
    if !cli.silent || cli.show_error {
        sayln!("auth-doctor: {e}");
    }
    ExitCode::from(EXIT_ERROR)
}

/// `--help` and `--version` exit 0; every usage error exits 1 (clap's own 2 means an auth
/// failure here) with one line that names the argument but never repeats a value: a value
/// given without its flag is often a header with a key in it.
fn clap_exit(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    sayln!("auth-doctor: {} (see auth-doctor --help)", usage_message(e));
    ExitCode::from(EXIT_ERROR)
}

fn usage_message(e: &clap::Error) -> String {
    let named = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => Some(s.join(", ")),
        _ => None,
    };
    let arg = named(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => match arg {
            Some(a) if a.starts_with('-') && a.len() <= 32 && !a.contains('=') => {
                format!("unknown option {a}")
            }
            _ => "unexpected argument: give one URL, and quote values with spaces \
                  (-H 'Name: value')"
                .to_owned(),
        },
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => match arg {
            Some(a) => format!("invalid value for {a}"),
            None => "invalid value".to_owned(),
        },
        ErrorKind::MissingRequiredArgument => match arg {
            Some(a) => format!("missing {a}: give a URL, or --har FILE"),
            None => "missing argument".to_owned(),
        },
        ErrorKind::ArgumentConflict => match (arg, named(ContextKind::PriorArg)) {
            (Some(a), Some(b)) => format!("{a} cannot be used with {b}"),
            _ => "conflicting arguments".to_owned(),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            "wrong number of values: give one URL, and quote values with spaces".to_owned()
        }
        ErrorKind::NoEquals => match arg {
            Some(a) => format!("{a} needs a value"),
            None => "an option needs a value".to_owned(),
        },
        _ => match arg {
            Some(a) => format!("invalid use of {a}"),
            None => "invalid arguments".to_owned(),
        },
    }
}

/// The library's tracing events on stderr, off unless `RUST_LOG` asks.
fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("off"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn curl_flags_parse() {
        let cli = Cli::try_parse_from([
            "auth-doctor",
            "-sSLiv",
            "-X",
            "PUT",
            "-H",
            "A: 1",
            "-H",
            "B: 2",
            "-m",
            "1.5",
            "--max-redirs",
            "-1",
            "example.test",
        ])
        .unwrap();
        assert!(cli.silent && cli.show_error && cli.location && cli.include && cli.verbose);
        assert_eq!(cli.headers.len(), 2);
        assert_eq!(cli.max_time, Some(1.5));
        assert_eq!(cli.max_redirs, -1);
        assert_eq!(cli.preflight(), Preflight::Observe);
    }

    #[test]
    fn usage_errors_never_repeat_a_value() {
        for args in [
            &["auth-doctor", "http://a.test/", "Bearer FAKEsecret"][..],
            &["auth-doctor", "-m", "FAKEsecret", "http://a.test/"],
            &["auth-doctor", "--max-time=FAKEsecret", "http://a.test/"],
            &[
                "auth-doctor",
                "-H",
                "Authorization:",
                "Bearer",
                "FAKEsecret",
                "a.test",
            ],
        ] {
            let e = Cli::try_parse_from(args).unwrap_err();
            let msg = usage_message(&e);
            assert!(!msg.contains("FAKE"), "{args:?}: {msg}");
        }
    }

    #[test]
    fn har_excludes_request_flags() {
        assert!(Cli::try_parse_from(["auth-doctor", "--har", "x.har"]).is_ok());
        assert!(Cli::try_parse_from(["auth-doctor", "--har", "x.har", "http://a.test/"]).is_err());
        assert!(Cli::try_parse_from(["auth-doctor", "--har", "x.har", "-H", "A: b"]).is_err());
    }
}
