//! Running `auth-doctor` as a process, and loopback servers that record what it sends.

#![allow(dead_code)]

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Every fake secret in these tests contains this.
pub const MARK: &str = "FAKESECRET";

/// The command, with no proxy or log settings inherited from the environment.
pub fn auth_doctor(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_auth-doctor"));
    cmd.args(args);
    for var in [
        "RUST_LOG",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `cmd` to completion (at most 60 s) without blocking the test's runtime, with `stdin`
/// as its standard input.
pub async fn run_with_stdin(cmd: Command, stdin: &[u8]) -> Output {
    let mut cmd = tokio::process::Command::from(cmd);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd.spawn().expect("auth-doctor starts");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).await.expect("write stdin");
    drop(input);
    tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("auth-doctor finished in time")
        .expect("auth-doctor ran")
}

/// Runs `cmd` with an empty standard input.
pub async fn run(cmd: Command) -> Output {
    run_with_stdin(cmd, b"").await
}

/// Runs auth-doctor with `args`.
pub async fn doctor(args: &[&str]) -> Output {
    run(auth_doctor(args)).await
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

pub fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

/// Both streams, labelled, for assertion messages.
pub fn both(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    )
}

/// Panics when `haystack` holds any of `secrets` (or the marker), in any case.
#[track_caller]
pub fn assert_clean(what: &str, haystack: &str, secrets: &[&str]) {
    let lower = haystack.to_ascii_lowercase();
    assert!(
        !lower.contains(&MARK.to_ascii_lowercase()),
        "{what} holds a secret:\n{haystack}"
    );
    for s in secrets {
        assert!(
            !lower.contains(&s.to_ascii_lowercase()),
            "{what} holds {s:?}:\n{haystack}"
        );
    }
}

/// Panics when stdout or stderr holds a secret.
#[track_caller]
pub fn assert_no_secret(out: &Output, secrets: &[&str]) {
    assert_clean(
        "the output",
        &format!("{}\n{}", stdout(out), stderr(out)),
        secrets,
    );
}

/// One request as a server received it.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub method: String,
    pub target: String,
    /// Names lowercase, values as bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// The first value of a header, as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| text(v))
    }

    /// Every value of a header.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| text(v))
            .collect()
    }
}

/// A scripted reply: raw HTTP/1.1 bytes, or silence for a while.
#[derive(Clone)]
pub enum Reply {
    Bytes(Vec<u8>),
    Silence(Duration),
}

/// A reply with a status, headers and a body (`connection: close`, a content length).
pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    Reply::Bytes(bytes)
}

/// The requests a [`Recorder`] saw.
pub type Log = Arc<Mutex<Vec<Seen>>>;

/// A loopback HTTP/1.1 server that records each request whole (head and body) and answers
/// with what `answer` returns for it.
pub struct Recorder {
    pub addr: SocketAddr,
    pub log: Log,
}

impl Recorder {
    pub async fn start(answer: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let log: Log = Arc::default();
        let answer = Arc::new(answer);
        let record = log.clone();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let record = record.clone();
                let answer = answer.clone();
                tokio::spawn(async move {
                    let Some(seen) = read_request(&mut sock).await else {
                        return;
                    };
                    record.lock().unwrap().push(seen.clone());
                    match answer(&seen) {
                        Reply::Bytes(b) => {
                            let _ = sock.write_all(&b).await;
                            let _ = sock.shutdown().await;
                        }
                        Reply::Silence(d) => tokio::time::sleep(d).await,
                    }
                });
            }
        });
        Recorder { addr, log }
    }

    /// A server that answers every request with `r`.
    pub async fn always(r: Reply) -> Recorder {
        Recorder::start(move |_| r.clone()).await
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every request seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    /// The one request seen.
    #[track_caller]
    pub fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "requests: {seen:#?}");
        seen[0].clone()
    }
}

/// Reads one request: its head and a body of `content-length` bytes.
async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match sock.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = text(&data[..end]);
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let mut headers = Vec::new();
    for line in data[..end].split(|b| *b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(colon) = line.iter().position(|b| *b == b':') {
            let name = text(&line[..colon]).to_ascii_lowercase();
            let value = line[colon + 1..]
                .strip_prefix(b" ")
                .unwrap_or(&line[colon + 1..]);
            headers.push((name, value.to_vec()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| text(v).trim().parse().ok())
        .unwrap_or(0);
    let mut body = data[end + 4..].to_vec();
    while body.len() < len {
        match sock.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}

/// A port nobody listens on.
pub fn closed_port() -> u16 {
    // Bound but never listening: connections are refused, and since the socket stays bound for
    // the life of the test process, no other test's server can be handed the same port (a
    // listener bound and dropped frees its port for the next one).
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("address"))
        .expect("bind");
    let port = socket.local_addr().expect("addr").port();
    std::mem::forget(socket);
    port
}

/// A fresh temporary directory, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("auth-doctor-test-")
        .tempdir()
        .expect("temp dir")
}

/// Writes `contents` to `name` in `dir`.
pub fn write_file(dir: &tempfile::TempDir, name: &str, contents: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(contents).expect("write");
    path
}

/// The workspace's recorded fixtures (the library's corpus) and this package's HAR files.
pub fn fixtures(dir: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
}
