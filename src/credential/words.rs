//! Header and query names made of credential words (`ok-access-sign`, `app_key`), and CSRF names.

use http::HeaderName;

/// Whether a header name, split on `-` and `_`, holds a credential word (`key`, `token`,
/// `secret`, `sign`, `passphrase`, `session`, …): `ok-access-sign`, `x-mbx-apikey`,
/// `kc-api-passphrase`, `x-session-token`, `x-auth`.
///
/// Not credentials: names whose last word describes the credential rather than carrying it
/// (`kc-api-key-version`, `x-bapi-sign-type`, `ok-access-timestamp`), names with a word that
/// marks a non-secret (`idempotency-key`, `sec-websocket-key`, `x-cache-key`, `x-public-key`,
/// `x-page-token`), and `content-*`, `accept-*`, `sec-*` and `if-*` headers. CSRF tokens
/// (`x-csrf-token`, `x-xsrf-token`) are credentials here, so that they are redacted, but the
/// diagnosis ranks them last ([`is_csrf_name`]).
///
/// Compares ASCII bytes of the (already lowercase) name; allocation-free: it runs on every
/// header of every request.
pub(crate) fn is_word_header(name: &HeaderName) -> bool {
    let n = name.as_str().as_bytes();
    // The standard credential headers are read by their own rules, with their scheme.
    if n.starts_with(b"content-")
        || n.starts_with(b"accept-")
        || n.starts_with(b"sec-")
        || n.starts_with(b"if-")
        || n == b"authorization"
        || n == b"proxy-authorization"
    {
        return false;
    }
    words_say_credential(n, false, false) || prefixed_key_header(n)
}

/// A header named in one word that ends in a credential's compound name behind a product's
/// prefix (Dolibarr's `DOLAPIKEY`, `XAPIKEY`): no separator to split it on, but its end says
/// what it holds.
fn prefixed_key_header(n: &[u8]) -> bool {
    // (and a key named for whose it is: DigiCert's `X-DC-DEVKEY`, a developer's key)
    const ENDINGS: &[&[u8]] = &[
        b"apikey",
        b"apitoken",
        b"authtoken",
        b"accesstoken",
        b"devkey",
        b"appkey",
        b"userkey",
        b"authkey",
        b"accesskey",
        b"secretkey",
        b"clientkey",
        b"licensekey",
        b"masterkey",
        b"merchantkey",
        b"partnerkey",
        b"accountkey",
    ];
    // Tokens of a page, a sync or a form are not credentials (`X-NextPageToken`,
    // `X-CSRFToken`).
    const NOT_CREDENTIAL: &[&[u8]] = &[
        b"csrf",
        b"xsrf",
        b"page",
        b"nextpage",
        b"continuation",
        b"sync",
        b"cancellation",
    ];
    // The last `-`-separated part: `X-ChatWorkToken` is a product's name and `token`.
    let last = n.rsplit(|b| *b == b'-').next().unwrap_or(n);
    let product_token = last.len() <= 24
        && last.len() >= "token".len() + 3
        && last.ends_with(b"token")
        && !NOT_CREDENTIAL.contains(&&last[..last.len() - "token".len()]);
    last.len() <= 24
        && last.iter().all(u8::is_ascii_alphanumeric)
        && (ENDINGS.iter().any(|e| last.ends_with(e)) || product_token)
}

/// Whether a query parameter name (decoded) is made of credential words, split on `-`, `_`,
/// `.`, `[`, `]` and lower-to-upper case changes: `app_key`, `apiKey`, `access_key`,
/// `auth_token`, `client_secret`, `sign`, and `appid` (OpenWeatherMap's key). Not
/// `page_token`, `nextPageToken`, `sign_type`, `public_key` (see [`is_word_header`]).
pub(crate) fn is_word_param(name: &str) -> bool {
    words_say_credential(name.as_bytes(), true, true)
        || short_prefix_key(name)
        || glued_password(name)
}

/// A query name that ends in a password's word glued to a short prefix (`lgpassword`,
/// MediaWiki's; `userpassword`, `adminpasswd`): a password however it is prefixed (URL
/// redaction hides such values already).
fn glued_password(name: &str) -> bool {
    let n = name.as_bytes();
    n.len() <= 24
        && n.iter().all(u8::is_ascii_alphanumeric)
        && ["password", "passwd"]
            .iter()
            .any(|w| n.len() > w.len() && n[n.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes()))
}

/// A query name that is `key` behind a prefix of one to three letters, written as one word
/// (`wskey`, `ukey`, `mykey`): a key of the API's own naming. English words of that shape
/// (`monkey`, `turkey`) are not.
fn short_prefix_key(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "monkey", "turkey", "hockey", "donkey", "jockey", "lackey", "hotkey",
    ];
    let n = name.len();
    (4..=6).contains(&n)
        && name.is_ascii()
        && name[n - 3..].eq_ignore_ascii_case("key")
        && name[..n - 3].bytes().all(|b| b.is_ascii_alphabetic())
        && !WORDS.iter().any(|w| w.eq_ignore_ascii_case(name))
}

/// Whether a header or query name names a CSRF token: a credential for redaction, but not what
/// authenticates a request.
pub(crate) fn is_csrf_name(name: &str) -> bool {
    let mut csrf = false;
    for_each_word(name.as_bytes(), true, |w| {
        let mut buf = [0u8; WORD_BUF];
        if let Some(w) = lower(w, &mut buf) {
            csrf |= matches!(w, b"csrf" | b"xsrf" | b"csrftoken" | b"xsrftoken");
        }
    });
    csrf
}

/// Longest word compared (longer words match nothing).
pub(super) const WORD_BUF: usize = 16;

fn words_say_credential(name: &[u8], camel: bool, query: bool) -> bool {
    // Every credential word starts with one of these letters: most names (`limit`, `page`,
    // `accept`, `user-agent`) hold none at a word start and need no closer look. (`m`:
    // `macaroon`; `j`: `jwt`.)
    // (`xsrftoken` is the one that starts with `xs`.)
    let starts = |at: usize| {
        let b = name[at].to_ascii_lowercase();
        matches!(b, b'k' | b't' | b's' | b'a' | b'p' | b'c' | b'm' | b'j')
            // `hmac` (a signed link's `?hmac=`, a header's `X-Ycm-Hmac`)
            || b == b'h'
            // (`xsrf…`; `wsse`)
            || ((b == b'x' || b == b'w')
                && name
                    .get(at + 1)
                    .is_some_and(|n| n.eq_ignore_ascii_case(&b's')))
    };
    let any_start = (!name.is_empty() && starts(0))
        || (1..name.len()).any(|i| {
            let (p, c) = (name[i - 1], name[i]);
            (matches!(p, b'-' | b'_' | b'.' | b'[' | b']' | b' ')
                || (camel && p.is_ascii_lowercase() && c.is_ascii_uppercase()))
                && starts(i)
        });
    if !any_start {
        return false;
    }
    let mut hit = false;
    let mut blocked = false;
    let mut last = [0u8; WORD_BUF];
    let mut last_len = 0;
    let mut words = 0;
    let mut query_authentication = false;
    for_each_word(name, camel, |w| {
        let mut buf = [0u8; WORD_BUF];
        let Some(w) = lower(w, &mut buf) else {
            last_len = 0;
            return;
        };
        // `page` marks a cursor only right before the credential word (`page_token`,
        // `nextPageToken`); a page's access token (`page_access_token`, Facebook's and
        // Pancake's) is a credential.
        blocked |= if w == b"page" {
            false
        } else {
            is_non_secret_word(w)
                || (&last[..last_len] == b"page" && matches!(w, b"token" | b"key" | b"tokens"))
        };
        // `appid`, or `app_id` / `appId` / `api_id` as two words: an application id that
        // authenticates by itself (Open Exchange Rates, OpenWeather, SMS.ru).
        let app_id = w == b"id" && matches!(&last[..last_len], b"app" | b"application" | b"api");
        // (`authentication` names a header's credential; in a query, alone, it names a mode
        // as often, `?authentication=none`; beside a word of what it is, it names the
        // credential: ABN Lookup's `authenticationGuid`)
        query_authentication |= query && w == b"authentication";
        hit |= (is_credential_word(w) && !(query && w == b"authentication"))
            || (query && (w == b"appid" || app_id));
        words += 1;
        last[..w.len()].copy_from_slice(w);
        last_len = w.len();
    });
    // A digest's name alone (`?md5=`) is the link's signature; after another word
    // (`content_md5`, `sign_md5`) it describes one.
    let digest = query && words == 1 && is_digest_word(&last[..last_len]);
    // `?pass=` alone is a password (`?user=…&pass=…`); in a longer name the word is as often
    // a verb (`pass_through`).
    let digest = digest || (query && words == 1 && &last[..last_len] == b"pass");
    let hit = hit || (query_authentication && words > 1);
    digest || (hit && !blocked && !is_descriptor_word(&last[..last_len]))
}

/// Calls `f` on each word of `name`: runs between `-`, `_`, `.`, `[`, `]`, spaces and, when
/// `camel`, before an upper-case letter that follows a lower-case one.
pub(super) fn for_each_word(name: &[u8], camel: bool, mut f: impl FnMut(&[u8])) {
    let mut start = 0;
    for i in 0..=name.len() {
        let end = i == name.len();
        let sep = !end && matches!(name[i], b'-' | b'_' | b'.' | b'[' | b']' | b' ');
        let hump = !end
            && camel
            && i > start
            && name[i].is_ascii_uppercase()
            && name[i - 1].is_ascii_lowercase();
        if end || sep || hump {
            if i > start {
                f(&name[start..i]);
            }
            start = if hump { i } else { i + 1 };
        }
    }
}

/// `w` in ASCII lowercase, in `buf`; `None` when longer than the buffer.
pub(super) fn lower<'b>(w: &[u8], buf: &'b mut [u8; WORD_BUF]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..w.len())?;
    for (o, b) in out.iter_mut().zip(w) {
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}

fn is_credential_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"key"
            | b"apikey"
            // Nessus's `X-ApiKeys: accessKey=…; secretKey=…`
            | b"apikeys"
            | b"appkey"
            | b"accesskey"
            | b"secretkey"
            | b"privatekey"
            | b"token"
            // a JWT by its own name (`X-JWT`, electrode-csrf-jwt's `x-csrf-jwt`)
            | b"jwt"
            // WS-Security's UsernameToken over HTTP (`X-WSSE: UsernameToken Username=…,
            // PasswordDigest=…, Nonce=…, Created=…`: Emarsys, Symfony's WSSE)
            | b"wsse"
            | b"apitoken"
            | b"authtoken"
            | b"accesstoken"
            | b"sessiontoken"
            | b"csrftoken"
            | b"xsrftoken"
            | b"secret"
            | b"apisecret"
            | b"appsecret"
            | b"clientsecret"
            | b"auth"
            // `X-Authorization` (ThingsBoard), `X-Forwarded-Authorization`
            | b"authorization"
            // `Authentication: <key>.<signature>` (Exposure Events), `X-Authentication`
            | b"authentication"
            | b"sign"
            | b"signature"
            // a keyed hash is a signature (`X-Ycm-Hmac`, `X-Shopify-Hmac-Sha256`), unlike a
            // plain digest of the content (`x-amz-content-sha256`)
            | b"hmac"
            | b"passphrase"
            | b"session"
            | b"sessionid"
            | b"password"
            | b"passwd"
            | b"pwd"
            // `?psw=` (SMSC and many gateways' short form of a password)
            | b"psw"
            // copyparty's `?pw=`
            | b"pw"
            // a password's hash that stands for it (PRTG's `?passhash=`)
            | b"passhash"
            | b"pwhash"
            | b"credential"
            | b"credentials"
            // a bearer credential with caveats (lnd's `Grpc-Metadata-macaroon`)
            | b"macaroon"
    )
}

/// Names of a keyed hash of a link itself (nginx `secure_link`'s `?md5=`, `?hmac=`,
/// `?sha256=`): as a query name alone, the link's signature, a secret of the URL. Not in
/// header names, where such words name a hash of the content (`x-amz-content-sha256`).
const DIGEST_NAMES: &[&str] = &["md5", "hmac", "sha1", "sha256", "sha512"];

fn is_digest_word(w: &[u8]) -> bool {
    DIGEST_NAMES.iter().any(|d| d.as_bytes() == w)
}

/// Whether a query parameter's whole name is a digest's ([`DIGEST_NAMES`]): `?md5=`.
pub(crate) fn is_digest_name(name: &str) -> bool {
    DIGEST_NAMES.iter().any(|d| d.eq_ignore_ascii_case(name))
}

/// Whether a header or parameter name has a word of request signing (`API-Sign`,
/// `X-Signature`, `sign`), split on `-` and `_`.
pub(crate) fn names_a_signature(name: &str) -> bool {
    name.split(['-', '_']).any(|w| {
        ["sign", "signature", "sig", "hmac"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
    })
}

/// Words that make a name a non-secret even beside a credential word.
pub(super) fn is_non_secret_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"idempotency"
            | b"websocket"
            | b"cache"
            | b"public"
            | b"page"
            | b"pagetoken"
            | b"next"
            | b"continuation"
            | b"cursor"
            | b"sync"
            | b"partition"
            | b"sort"
            | b"request"
            // a captcha's answer proves a human, not an identity (`captchaToken`)
            | b"captcha"
    )
}

/// Last words that describe a credential without carrying it.
fn is_descriptor_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"version"
            | b"ts"
            | b"timestamp"
            | b"time"
            | b"date"
            | b"type"
            | b"alg"
            | b"algorithm"
            | b"method"
            | b"input"
            | b"expires"
            | b"expiry"
            | b"hint"
            | b"md5"
            | b"name"
            | b"window"
    )
}
