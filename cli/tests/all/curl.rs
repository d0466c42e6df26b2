//! Each request flag against what curl sends for the same arguments, checked on a loopback
//! server that records every request whole.

use std::time::{Duration, Instant};

use base64::Engine;

use crate::support::*;

fn ok_server_reply() -> Reply {
    reply(200, &[("content-type", "text/plain")], "hello\n")
}

#[tokio::test]
async fn get_by_default_with_curls_own_headers() {
    let server = Recorder::always(ok_server_reply()).await;
    // No scheme means http://, as in curl.
    let url = format!("127.0.0.1:{}/v1/items?page=2", server.port());
    let out = doctor(&[&url]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(out.stdout, b"hello\n", "the body, as it came");
    assert!(out.stderr.is_empty(), "{}", both(&out));
    let seen = server.only();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.target, "/v1/items?page=2");
    assert_eq!(
        seen.header("host").as_deref(),
        Some(format!("127.0.0.1:{}", server.port()).as_str())
    );
    assert_eq!(seen.header("accept").as_deref(), Some("*/*"));
    assert!(
        seen.header("user-agent")
            .is_some_and(|ua| ua.starts_with("auth-doctor/")),
        "{seen:?}"
    );
    for absent in [
        "content-type",
        "content-length",
        "accept-encoding",
        "referer",
    ] {
        assert!(seen.header(absent).is_none(), "{absent}: {seen:?}");
    }
    assert!(seen.body.is_empty());
}

#[tokio::test]
async fn data_posts_a_form_joined_with_ampersands() {
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&[
        "-d",
        "a=1",
        "--data-raw",
        "@b",
        "-d",
        "c=3",
        &server.url("/form"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let seen = server.only();
    assert_eq!(seen.method, "POST", "-d means POST, as in curl");
    assert_eq!(text(&seen.body), "a=1&@b&c=3", "--data-raw keeps the @");
    assert_eq!(
        seen.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen.header("content-length").as_deref(), Some("10"));
}

#[tokio::test]
async fn data_from_files_and_stdin() {
    let dir = temp_dir();
    let file = write_file(&dir, "body.txt", b"a=1\r\nb=2\n");
    let at_file = format!("@{}", file.display());

    // -d @file drops CR and LF, like curl; --data-binary keeps every byte.
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&["-d", &at_file, &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(server.only().body, b"a=1b=2");

    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&["--data-binary", &at_file, &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(server.only().body, b"a=1\r\nb=2\n");

    // @- reads standard input.
    let server = Recorder::always(ok_server_reply()).await;
    let out = run_with_stdin(auth_doctor(&["-d", "@-", &server.url("/")]), b"x=1\ny=2\n").await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(server.only().body, b"x=1y=2");

    let server = Recorder::always(ok_server_reply()).await;
    let out = run_with_stdin(
        auth_doctor(&["--data-binary", "@-", &server.url("/")]),
        b"x=1\ny=2\n",
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(server.only().body, b"x=1\ny=2\n");

    // An unreadable file is an error before anything is sent.
    let server = Recorder::always(ok_server_reply()).await;
    let missing = format!("@{}", dir.path().join("missing").display());
    let out = doctor(&["-d", &missing, &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("auth-doctor: cannot read the file ") && err.lines().count() == 1,
        "{err}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn request_method_and_content_type_as_given() {
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&[
        "-X",
        "PUT",
        "-H",
        "Content-Type: application/json",
        "-d",
        r#"{"a":1}"#,
        &server.url("/v1/x"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let seen = server.only();
    assert_eq!(seen.method, "PUT");
    assert_eq!(
        seen.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(seen.body, br#"{"a":1}"#);

    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&["--request", "DELETE", &server.url("/v1/x/1")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let seen = server.only();
    assert_eq!(seen.method, "DELETE");
    assert!(seen.body.is_empty() && seen.header("content-type").is_none());
}

#[tokio::test]
async fn header_forms_as_curl_reads_them() {
    let dir = temp_dir();
    let file = write_file(
        &dir,
        "headers.txt",
        b"X-From-File: one\r\n\r\nX-Also: two\n",
    );
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&[
        "-H",
        "X-Twice: 1",
        "-H",
        "X-Twice: 2",
        "-H",
        "X-Spaces:  two spaces",
        "-H",
        "User-Agent:",
        "-H",
        "Content-Type:",
        "-d",
        "a=1",
        "-H",
        "X-Empty;",
        "-H",
        &format!("@{}", file.display()),
        &server.url("/"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let seen = server.only();
    assert_eq!(
        seen.all("x-twice"),
        ["1", "2"],
        "repeated headers are all sent"
    );
    assert_eq!(
        seen.header("x-spaces").as_deref(),
        Some(" two spaces"),
        "only the one space after the colon is a separator"
    );
    assert!(
        seen.header("user-agent").is_none(),
        "`Name:` removes a header"
    );
    assert!(
        seen.header("content-type").is_none(),
        "even the one -d adds"
    );
    assert_eq!(
        seen.header("x-empty").as_deref(),
        Some(""),
        "`Name;` sends it empty"
    );
    assert_eq!(seen.header("x-from-file").as_deref(), Some("one"));
    assert_eq!(seen.header("x-also").as_deref(), Some("two"));

    // -A sets the User-Agent, and -A "" sends none.
    for (agent, sent) in [("agent/7", Some("agent/7")), ("", None)] {
        let server = Recorder::always(ok_server_reply()).await;
        let out = doctor(&["-A", agent, &server.url("/")]).await;
        assert_eq!(out.status.code(), Some(0), "{}", both(&out));
        assert_eq!(server.only().header("user-agent").as_deref(), sent);
    }

    // A header that cannot be sent is refused before anything leaves, without its value.
    let server = Recorder::always(ok_server_reply()).await;
    let bad = format!("Authorization: Bearer tok_{MARK}\n");
    let out = doctor(&["-H", &bad, &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = stderr(&out);
    assert!(
        err.contains("not a valid HTTP header value") && err.contains("line feed"),
        "{err}"
    );
    assert!(server.seen().is_empty());
    assert_no_secret(&out, &[]);
}

#[tokio::test]
async fn user_and_userinfo_send_basic_credentials() {
    let basic = |pair: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    };
    let server = Recorder::always(ok_server_reply()).await;
    let pair = format!("alice:{MARK}pw");
    let out = doctor(&["-u", &pair, &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(server.only().header("authorization"), Some(basic(&pair)));
    assert_no_secret(&out, &[]);

    // user:password@ in the URL becomes Basic and leaves the URL, as in curl.
    let server = Recorder::always(ok_server_reply()).await;
    let url = format!("http://alice:{MARK}%40pw@{}/v1/me", server.addr);
    let out = doctor(&[&url]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let seen = server.only();
    assert_eq!(seen.target, "/v1/me");
    assert_eq!(
        seen.header("authorization"),
        Some(basic(&format!("alice:{MARK}@pw")))
    );

    // -H Authorization wins over -u, as curl's custom headers do.
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&[
        "-u",
        "a:b",
        "-H",
        "Authorization: Bearer x",
        &server.url("/"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(server.only().all("authorization"), ["Bearer x"]);

    // No prompt for a password: -u USER alone is an error.
    let out = doctor(&["-u", "alice", &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        stderr(&out).contains("-u needs USER:PASSWORD"),
        "{}",
        both(&out)
    );
}

/// A server with a redirect chain: /start → /middle → /end, and /elsewhere on another host.
async fn redirects() -> Recorder {
    Recorder::start(|seen| match seen.target.as_str() {
        "/start" => reply(302, &[("location", "/middle")], "moved"),
        "/middle" => reply(302, &[("location", "/end")], "moved again"),
        "/end" => reply(200, &[], "arrived"),
        "/post" => reply(302, &[("location", "/end")], ""),
        "/cross" => reply(302, &[("location", "/elsewhere")], ""),
        _ => reply(
            401,
            &[("www-authenticate", r#"Bearer realm="api""#)],
            "who are you?",
        ),
    })
    .await
}

#[tokio::test]
async fn redirects_are_followed_only_with_location() {
    let server = redirects().await;
    let out = doctor(&[&server.url("/start")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(stdout(&out), "moved", "without -L the 302 is the answer");
    assert_eq!(server.seen().len(), 1);

    let server = redirects().await;
    let out = doctor(&["-L", &server.url("/start")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(stdout(&out), "arrived");
    let targets: Vec<String> = server.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(targets, ["/start", "/middle", "/end"]);

    // -v notes each hop as curl does.
    let server = redirects().await;
    let out = doctor(&["-L", "-v", &server.url("/start")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let err = stderr(&out);
    for hop in ["/middle", "/end"] {
        let line = format!("* Issue another request to this URL: '{}'", server.url(hop));
        assert!(err.lines().any(|l| l == line), "{line}\n{err}");
    }

    // --max-redirs: curl's error when the chain is longer.
    let server = redirects().await;
    let out = doctor(&["-L", "--max-redirs", "1", &server.url("/start")]).await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        stderr(&out).contains("maximum (1) redirects followed"),
        "{}",
        both(&out)
    );
    assert_eq!(server.seen().len(), 2);

    // A POST answered with 302 becomes a GET without a body, as in curl.
    let server = redirects().await;
    let out = doctor(&["-L", "-d", "a=1", &server.url("/post")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[1].method.as_str()),
        ("POST", "GET")
    );
    assert!(seen[1].body.is_empty());
}

#[tokio::test]
async fn a_redirect_to_another_host_drops_the_credential_and_says_so() {
    let server = redirects().await;
    let port = server.port();
    let cross = Recorder::start(move |seen| match seen.target.as_str() {
        "/cross" => reply(
            302,
            &[(
                "location",
                &format!("http://other.example.test:{port}/elsewhere"),
            )],
            "",
        ),
        _ => reply(404, &[], ""),
    })
    .await;
    let token = format!("Authorization: Bearer tok_{MARK}_0123456789");
    let out = doctor(&[
        "-L",
        "--resolve",
        &format!("other.example.test:{port}:127.0.0.1"),
        "-H",
        &token,
        &cross.url("/cross"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let arrived = server.only();
    assert_eq!(arrived.target, "/elsewhere");
    assert!(
        arrived.header("authorization").is_none(),
        "the credential stays with its host"
    );
    assert!(
        stderr(&out).contains("error[credentials_dropped_on_redirect]"),
        "{}",
        both(&out)
    );
    assert_no_secret(&out, &[]);
}

#[tokio::test]
async fn include_writes_the_head_before_the_body() {
    let server = Recorder::always(reply(
        200,
        &[
            ("content-type", "text/plain"),
            ("set-cookie", &format!("sid={MARK}sid; Path=/; HttpOnly")),
        ],
        "body",
    ))
    .await;
    let out = doctor(&["-i", &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let s = stdout(&out);
    assert!(s.starts_with("HTTP/1.1 200 OK\r\n"), "{s}");
    assert!(s.contains("\r\ncontent-type: text/plain\r\n"), "{s}");
    assert!(
        s.contains("\r\nset-cookie: sid=REDACTED; Path=/; HttpOnly\r\n"),
        "a new session cookie is a secret too: {s}"
    );
    assert!(s.ends_with("\r\n\r\nbody"), "{s}");
    assert_no_secret(&out, &[]);
}

#[tokio::test]
async fn output_writes_the_body_to_a_file() {
    let dir = temp_dir();
    let path = dir.path().join("out.bin");
    let server = Recorder::always(reply(200, &[], "payload")).await;
    let out = doctor(&["-o", path.to_str().unwrap(), &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(out.stdout.is_empty(), "{}", both(&out));
    assert_eq!(std::fs::read(&path).unwrap(), b"payload");

    let out = doctor(&["-i", "-o", path.to_str().unwrap(), &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let written = text(&std::fs::read(&path).unwrap());
    assert!(written.starts_with("HTTP/1.1 200 OK\r\n") && written.ends_with("\r\n\r\npayload"));

    // -o - is stdout.
    let out = doctor(&["-o", "-", &server.url("/")]).await;
    assert_eq!(stdout(&out), "payload");

    // A file that cannot be created is an error.
    let bad = dir.path().join("missing-dir").join("out");
    let out = doctor(&["-o", bad.to_str().unwrap(), &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).starts_with("auth-doctor: cannot write the file "));
}

#[tokio::test]
async fn verbose_shows_both_heads_on_stderr_with_credentials_redacted() {
    let key = format!("key_{MARK}_q0123456789");
    let bearer = format!("tok_{MARK}_b0123456789");
    let cookie = format!("{MARK}cookie");
    let server = Recorder::always(reply(
        401,
        &[
            ("www-authenticate", r#"Bearer error="invalid_token""#),
            ("set-cookie", &format!("sid={MARK}new; Path=/")),
            ("x-echo", &format!("you sent {bearer}")),
            ("location", &format!("/next?api_key={key}")),
        ],
        "denied",
    ))
    .await;
    let url = format!(
        "http://user:{MARK}pw@{}/v1/x?api_key={key}&page=2",
        server.addr
    );
    let out = doctor(&[
        "-v",
        "-H",
        &format!("Authorization: Bearer {bearer}"),
        "-H",
        &format!("X-Api-Key: {MARK}hdr0123456789"),
        "-H",
        &format!("Cookie: sid={cookie}; theme=dark"),
        &url,
    ])
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert_eq!(stdout(&out), "denied", "stdout holds the body only");
    let err = stderr(&out);
    for line in [
        "> GET /v1/x?api_key=REDACTED&page=2 HTTP/1.1",
        &format!("> host: {}", server.addr),
        "> authorization: Bearer REDACTED",
        "> x-api-key: REDACTED",
        "> cookie: sid=REDACTED; theme=REDACTED",
        ">",
        "< HTTP/1.1 401 Unauthorized",
        "< set-cookie: sid=REDACTED; Path=/",
        "< x-echo: you sent REDACTED",
        "<",
    ] {
        assert!(
            err.lines().any(|l| l == line),
            "no line {line:?} in:\n{err}"
        );
    }
    assert!(err.contains("< location: "), "{err}");
    assert!(err.contains("error[invalid_credentials]"), "{err}");
    assert_no_secret(&out, &[]);
    // What did go out: the credentials, unredacted.
    let seen = server.only();
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {bearer}"))
    );
}

#[tokio::test]
async fn silent_mutes_notes_and_errors_but_not_explanations() {
    let refused = format!("http://127.0.0.1:{}/", closed_port());
    let out = doctor(&["-s", &refused]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", both(&out));

    let out = doctor(&["-sS", &refused]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("auth-doctor: "), "{}", both(&out));

    let server = Recorder::always(reply(
        401,
        &[("www-authenticate", r#"Bearer realm="api""#)],
        "",
    ))
    .await;
    let out = doctor(&["-s", &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error[missing_credentials]"),
        "{}",
        both(&out)
    );

    // -k's warning is a note: -s mutes it too.
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&["-k", &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        stderr(&out).contains("warning: -k/--insecure"),
        "{}",
        both(&out)
    );
    let out = doctor(&["-s", "-k", &server.url("/")]).await;
    assert!(out.stderr.is_empty(), "{}", both(&out));
}

#[tokio::test]
async fn max_time_gives_up_on_a_silent_server() {
    let server = Recorder::always(Reply::Silence(Duration::from_secs(30))).await;
    let started = Instant::now();
    let out = doctor(&["-m", "0.5", &server.url("/slow")]).await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(started.elapsed() < Duration::from_secs(10));
    let err = stderr(&out);
    assert!(
        err.starts_with("auth-doctor: ") && err.contains("timed out"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    // --connect-timeout only bounds connecting: a server that accepts is fine.
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&["--connect-timeout", "2.5", &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    for bad in [["-m", "soon"], ["--connect-timeout", "-1"]] {
        let out = doctor(&[bad[0], bad[1], &server.url("/")]).await;
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {}", both(&out));
    }
}

#[tokio::test]
async fn resolve_keeps_the_host_name() {
    let server = Recorder::always(reply(
        401,
        &[("www-authenticate", r#"Bearer realm="api""#)],
        "",
    ))
    .await;
    let port = server.port();
    let url = format!("http://api.example.test:{port}/v1/me");
    let resolve = format!("api.example.test:{port}:127.0.0.1");
    let out = doctor(&["--resolve", &resolve, &url]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert_eq!(
        server.only().header("host"),
        Some(format!("api.example.test:{port}"))
    );
    assert!(
        stderr(&out)
            .starts_with("error[missing_credentials]: 401 Unauthorized from api.example.test: "),
        "{}",
        both(&out)
    );
    for bad in [
        "api.example.test:80",
        "api.example.test:x:127.0.0.1",
        ":80:127.0.0.1",
    ] {
        let out = doctor(&["--resolve", bad, &url]).await;
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", both(&out));
    }
}

#[tokio::test]
async fn compressed_asks_for_gzip_and_only_then() {
    let server = Recorder::always(ok_server_reply()).await;
    let out = doctor(&["--compressed", &server.url("/")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(
        server.only().header("accept-encoding").as_deref(),
        Some("gzip")
    );
}
