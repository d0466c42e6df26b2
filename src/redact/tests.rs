//! Property tests of redaction as a whole: every form of an echo is scrubbed, the scrubber agrees
//! with the naive reference in `naive`, output is one safe line, URLs hide every sensitive value.

use base64::Engine;
use url::Url;

use super::naive::Naive;
use super::scrubber::{Scrubber, scrub_text};
use super::text::{is_invisible, is_line_breaking, percent_encode};
use super::url::{redact_url, url_has_secrets};
use super::{GRAM, MAX_TEXT_BYTES};
use crate::credential::{Credential, Location};
use crate::secret::Secret;

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn echo(secret: &str, form: usize) -> String {
        let chars: Vec<char> = secret.chars().collect();
        let last4: String = chars[chars.len() - 4..].iter().collect();
        match form {
            0 => secret.to_owned(),
            1 => url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
            2 => percent_encode(secret.as_bytes()),
            3 => base64::engine::general_purpose::STANDARD.encode(secret),
            4 => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
            5 => format!("{}***", chars[..8].iter().collect::<String>()),
            6 => format!("*****{last4}"),
            7 => {
                let mid = chars.len() / 2;
                let (a, b) = chars.split_at(mid);
                format!(
                    "{}\u{200b}{}",
                    a.iter().collect::<String>(),
                    b.iter().collect::<String>()
                )
            }
            _ => format!(
                "https://h.example/cb?token={}",
                percent_encode(secret.as_bytes())
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2048,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever surrounds it, an echo of the secret in any form (whole, encoded, or a
        /// piece next to a mask) leaves no 6 characters of it behind.
        #[test]
        fn scrub_leaves_no_piece_of_the_secret(
            secret in "[A-Za-z0-9_.~+/=!$()*,;:@ -]{12,40}",
            before in "[ -~]{0,30}",
            after in "[ -~]{0,30}",
            form in 0usize..9,
        ) {
            let secret = secret.trim().to_owned();
            prop_assume!(secret.len() >= 12 && !secret.contains("REDACT"));
            let echoed = echo(&secret, form);
            let text = format!("{before}{echoed}{after}");
            let out = scrub_text(&text, &[&Secret::new(secret.as_str())]);
            let chars: Vec<char> = secret.chars().collect();
            for w in chars.windows(GRAM) {
                let w: String = w.iter().collect();
                prop_assert!(!out.contains(&w), "{:?} in {:?} from {:?}", w, out, text);
            }
            if echoed.len() >= GRAM {
                prop_assert!(!out.contains(&echoed), "{:?} in {:?}", echoed, out);
            }
        }

        /// The scrubber hides exactly what the naive reference hides, for secrets of every
        /// length and shape, whole or encoded echoes and pieces of them, in text and in URLs,
        /// and for `user:password` pairs and URL secrets.
        #[test]
        fn scrub_agrees_with_the_naive_reference(
            secret in "[A-Za-z0-9_.~+/=!$()*,;:@ %-]{4,40}|[a-z\u{e9}\u{2022}*]{4,12}|[ab*:-]{4,16}",
            user in "[a-z]{0,8}",
            before in "[ -~]{0,20}|[a-z*\u{2022}\u{2026}\u{200b} .]{0,12}|[ab*]{0,12}",
            after in "[ -~]{0,20}|[a-z*\u{2022}\u{2026}\n .]{0,12}",
            form in 0usize..9,
            from in 0usize..40,
            len in 0usize..48,
        ) {
            let echoed = if secret.chars().count() >= 8 {
                echo(&secret, form)
            } else {
                secret.clone()
            };
            let chars: Vec<char> = echoed.chars().collect();
            let from = from.min(chars.len());
            let piece: String = chars[from..(from + len).min(chars.len())].iter().collect();
            let text = format!("{before}{piece}{after}");
            let whole = format!("{before}{echoed}{after}");
            let url_text = format!("https://h.example/a/{piece}?q={}&x=1", percent_encode(piece.as_bytes()));
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
            let pair = format!("{user}:{secret}");
            let written = percent_encode(secret.as_bytes());
            let scrubbers = [
                (
                    Scrubber::new([&Secret::new(secret.as_str())]),
                    Naive::new(&[(secret.as_bytes(), None)], &[]),
                ),
                {
                    let c = Credential::new(
                        Location::Header(http::header::AUTHORIZATION),
                        Some("Basic".into()),
                        Secret::new(basic.as_str()),
                    );
                    let u = Url::parse(&format!("https://h.example/p?api_key={written}&t=1"))
                        .unwrap();
                    // What the Basic credential and the URL carry: the header value, the pair
                    // past its user name and the password alone; `api_key` decoded and as
                    // written (`t=1` and the path `p` are no secrets).
                    let secrets: [(&[u8], Option<usize>); 5] = [
                        (basic.as_bytes(), None),
                        (pair.as_bytes(), Some(user.len() + 1)),
                        (secret.as_bytes(), None),
                        (secret.as_bytes(), None),
                        (written.as_bytes(), None),
                    ];
                    (
                        Scrubber::for_credentials(std::slice::from_ref(&c), &[]).with_url(&u),
                        Naive::new(&secrets, &[]),
                    )
                },
            ];
            for (new, naive) in &scrubbers {
                prop_assert_eq!(new.is_empty(), naive.is_empty());
                prop_assert_eq!(new.scrub(&text), naive.scrub(&text), "text {:?}", text);
                prop_assert_eq!(new.scrub(&whole), naive.scrub(&whole), "text {:?}", whole);
                prop_assert_eq!(
                    new.scrub_url(url_text.clone()),
                    naive.scrub_url(url_text.clone()),
                    "url {:?}", url_text
                );
            }
        }

        /// Scrubbed text never holds a character that breaks or reorders a log line, and
        /// never exceeds the cap.
        #[test]
        fn scrub_output_is_one_safe_line(
            text in prop_oneof![
                any::<String>(),
                // pieces that exercise the URL and mask rules
                prop::collection::vec(
                    prop_oneof![
                        Just("https://".to_owned()),
                        Just("://".to_owned()),
                        Just("***".to_owned()),
                        Just("?sig=x&".to_owned()),
                        Just("\u{202e}".to_owned()),
                        "[a-z]{1,5}",
                        "\\PC",
                        "[\\x00-\\x1f\\x7f]",
                    ],
                    0..40,
                )
                .prop_map(|parts| parts.concat()),
            ],
            secret in "[a-z:/?*]{4,12}",
        ) {
            let out = scrub_text(&text, &[&Secret::new(secret.as_str())]);
            prop_assert!(!out.chars().any(|c| is_line_breaking(c) || is_invisible(c)), "{:?}", out);
            prop_assert!(out.len() <= MAX_TEXT_BYTES);
        }

        /// The allocation-free check the success path uses never misses what `redact_url`
        /// would hide, and `redact_url` always gives a URL back.
        #[test]
        fn url_has_secrets_agrees_with_redact_url(
            userinfo in "([a-z]{1,4}(:[a-z0-9+%]{0,6})?@)?",
            segments in prop::collection::vec(
                prop_oneof![
                    "[A-Za-z0-9_%.:-]{0,16}",
                    Just("ghp_0123456789abcdefghijKLMN".to_owned()),
                    Just("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln".to_owned()),
                ],
                0..4,
            ),
            query in proptest::option::of(prop::collection::vec(
                (
                    prop_oneof!["[A-Za-z0-9_%-]{0,8}", Just("api%5Fkey".to_owned()), Just("token".to_owned())],
                    proptest::option::of("[A-Za-z0-9_%.+-]{0,20}"),
                    prop::sample::select(vec!["&", ";"]),
                ),
                0..5,
            )),
            fragment in proptest::option::of("[a-z=&]{0,8}"),
        ) {
            let mut url = format!("https://{userinfo}h.example/{}", segments.join("/"));
            if let Some(q) = &query {
                url.push('?');
                for (k, v, sep) in q {
                    url.push_str(k);
                    if let Some(v) = v {
                        url.push('=');
                        url.push_str(v);
                    }
                    url.push_str(sep);
                }
            }
            if let Some(f) = &fragment {
                url.push('#');
                url.push_str(f);
            }
            if let Ok(u) = Url::parse(&url) {
                let redacted = redact_url(&u, &[]);
                prop_assert!(Url::parse(&redacted).is_ok(), "{}", redacted);
                if !url_has_secrets(&u, &[]) {
                    let mut bare = u.clone();
                    bare.set_fragment(None);
                    prop_assert_eq!(redacted, bare.to_string());
                }
            }
        }

        /// Values of sensitive parameters never survive `redact_url`, whatever the separator,
        /// the spelling of the name or the userinfo; other parameters are kept.
        #[test]
        fn redact_url_hides_every_sensitive_value(
            pairs in prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "api_key", "API_KEY", "api%5Fkey", "Api-Key", "access_token", "sig",
                        "X-Amz-Signature", "X-Amz-Credential", "AWSAccessKeyId",
                        "X-Goog-Signature", "github_token", "client_secret", "password",
                        "auth[token]", "tenant",
                    ]),
                    "[A-Za-z0-9]{10,24}",
                    prop::sample::select(vec!["color", "page", "limit", "q", "sort", "lang"]),
                    "[a-z]{1,4}",
                    any::<bool>(),
                ),
                1..6,
            ),
            user in "[a-z]{0,8}",
            pass in proptest::option::of("[A-Za-z0-9]{10,20}"),
            fragment in proptest::option::of("[A-Za-z0-9=&]{0,20}"),
        ) {
            let mut url = String::from("https://");
            if !user.is_empty() || pass.is_some() {
                url.push_str(&user);
                if let Some(p) = &pass {
                    url.push(':');
                    url.push_str(p);
                }
                url.push('@');
            }
            url.push_str("h.example/p?");
            let mut secrets = Vec::new();
            let mut kept = Vec::new();
            for (i, (name, value, benign, benign_value, semicolon)) in pairs.iter().enumerate() {
                if i > 0 {
                    url.push(if *semicolon { ';' } else { '&' });
                }
                url.push_str(&format!("{name}={value}&{benign}={benign_value}"));
                secrets.push(value.clone());
                kept.push(format!("{benign}={benign_value}"));
            }
            if let Some(f) = &fragment {
                url.push('#');
                url.push_str(f);
            }
            let out = redact_url(&Url::parse(&url).unwrap(), &["tenant".into()]);
            for s in secrets.iter().chain(pass.iter()) {
                prop_assert!(!out.contains(s.as_str()), "{} in {}", s, out);
            }
            for k in &kept {
                prop_assert!(out.contains(k.as_str()), "{} dropped from {}", k, out);
            }
            prop_assert!(!out.contains('#'));
        }
    }

    #[test]
    fn an_oauth1_header_hides_its_key_token_and_signature_not_its_time() {
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("OAuth".into()),
            Secret::new(
                r#"oauth_consumer_key="FAKEconsumer0123",oauth_token="FAKEtoken4567",oauth_nonce="n0nce123",oauth_timestamp="1796195043",oauth_signature_method="HMAC-SHA256",oauth_signature="FAKEsig%2Babc%3D""#,
            ),
        );
        let s = Scrubber::for_credentials(std::slice::from_ref(&c), &[]);
        let out = s.scrub(
            "key FAKEconsumer0123 token FAKEtoken4567 sig FAKEsig+abc= at the request's timestamp header, oauth_timestamp 1796195043",
        );
        for secret in ["FAKEconsumer0123", "FAKEtoken4567", "FAKEsig+abc="] {
            assert!(!out.contains(secret), "{out}");
        }
        assert!(out.contains("timestamp header"), "{out}");
        assert!(out.contains("1796195043"), "{out}");
    }

    #[test]
    fn a_digest_answer_hides_its_response_hash_not_the_uri_or_nonce() {
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("Digest".into()),
            Secret::new(
                r#"username="deploy", realm="ops.example.test", nonce="1796436506:ebec4d7e9412", uri="/api/status", response="099f1bf3f25fFAKESECRET0ef589516d8f", qop=auth, nc=00000001, cnonce="0a4f113b""#,
            ),
        );
        let s = Scrubber::for_credentials(std::slice::from_ref(&c), &[]);
        let out = s.scrub(
            r#"GET /api/status: Digest realm="ops.example.test", nonce="1796436506:ebec4d7e9412"; response 099f1bf3f25fFAKESECRET0ef589516d8f"#,
        );
        assert!(!out.contains("FAKESECRET"), "{out}");
        assert!(out.contains("/api/status"), "{out}");
        assert!(out.contains("1796436506:ebec4d7e9412"), "{out}");
    }

    #[test]
    fn a_signed_header_of_sigv4_layout_hides_its_key_id_and_signature_only() {
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("TC3-HMAC-SHA256".into()),
            Secret::new(
                "Credential=AKIDFAKESECRET0123456789/2026-12-03/cvm/tc3_request, SignedHeaders=content-type;host, Signature=FAKESECRETa1b2c3d4e5f60718293a4b5c6d7e8f",
            ),
        );
        let s = Scrubber::for_credentials(std::slice::from_ref(&c), &[]);
        let out = s.scrub(
            "key AKIDFAKESECRET0123456789 signature FAKESECRETa1b2c3d4e5f60718293a4b5c6d7e8f for this signed request",
        );
        assert!(!out.contains("FAKESECRET"), "{out}");
        assert!(out.contains("signed request"), "{out}");
    }
}
