//! [`Finding`] and [`Severity`]: what pre-flight reports about one credential. They sit below
//! pre-flight so that explanations and redaction can hold findings without depending on it; the
//! checks, and the cause a finding implies, are [`preflight`](crate::preflight)'s.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::credential::Location;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The problem was repaired before sending.
    Repaired,
    /// Worth knowing; the request is sent.
    Warning,
    /// The request will most likely fail; Strict refuses it.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Repaired => "repaired",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One pre-flight observation about one credential. The message never contains the secret.
///
/// # Codes
///
/// Codes are stable. *Severity* is the severity when the problem is not repaired
/// ([`Preflight::Observe`](crate::Preflight::Observe)); in [`Preflight::Repair`](crate::Preflight::Repair) a repairable problem is fixed and reported
/// as [`Severity::Repaired`], in [`Preflight::Strict`](crate::Preflight::Strict) every repairable problem is an error.
/// *Cause* is what the finding implies when the server rejects the request (or when Strict
/// refuses it); findings without a cause leave the diagnosis to the server's answer.
///
/// | code | what | severity | repaired | cause |
/// | --- | --- | --- | --- | --- |
/// | `leading_whitespace` | spaces or tabs before the credential; in a query value (`?token=%20…`), a space or line break | warning; error in a query value | yes; a query value is reported, not rewritten | `malformed_credentials` in a query value |
/// | `trailing_whitespace` | spaces or tabs after the credential; in a query value, a space or line break | warning; error in a query value | yes; a query value is reported, not rewritten | `malformed_credentials` in a query value |
/// | `extra_space_after_scheme` | more than one space, or a tab, after the scheme | warning | yes | |
/// | `quoted_token` | `"…"`, `'…'`, `` `…` ``, `“…”`, `‘…’` around the token or the whole value (in a query parameter too, `?key=%22…%22`) | error | yes (headers; a query is reported, not rewritten) | `malformed_credentials` |
/// | `invisible_character` | zero-width space/joiner/non-joiner, BOM, no-break and other Unicode spaces, direction marks | error | yes (removed; a space-like one between scheme and token becomes a space) | `malformed_credentials` |
/// | `non_ascii_character` | any other non-ASCII character or byte (tokens are ASCII) | error | no: it is visible, so removing it would be a guess | `malformed_credentials` |
/// | `doubled_scheme` | `Bearer Bearer x` | error | yes | `malformed_credentials` |
/// | `decorated_scheme` | `Bearer: x`, `Bearer=x`, `Authorization: Bearer x` as the value; a body field's credential that starts with a scheme (`"authToken": "Bearer …"`, found when a failure is explained) | error | yes | `malformed_credentials` |
/// | `scheme_case` | `bearer`, `BEARER`, `basic` | warning | yes (`Bearer`, `Basic`, `Digest`, `DPoP`, `Negotiate`, `NTLM`) | |
/// | `missing_scheme` | a bare token in `Authorization` | error (warning for keys whose provider documents a bare header) | no | `malformed_credentials` |
/// | `empty_credential` | `Bearer`, `Bearer `, an empty header or query value | error | no | `missing_credentials` |
/// | `placeholder` | `YOUR_API_KEY`, `<token>`, `changeme`, `undefined`, `null`, `None`, `$VAR`, `${VAR}`, `%VAR%`, `{{var}}`, `xxxx`, an ellipsis, the scheme name, an environment-variable name; in a header named for a credential that this crate does not know (`X-Webhook-Token`), an unexpanded variable only; in any other header, an unexpanded variable named for a credential (`x-ad-access: ${AD_PASSWORD}`) | error | no | `placeholder_credentials` |
/// | `env_assignment` | a value that starts with a variable's name and `=` (`API_KEY=abc…`, `export API_KEY=…`): a `.env` line pasted whole | error | no | `malformed_credentials` |
/// | `basic_not_base64` | `Basic` value that is not base64 | error | no | `malformed_credentials` |
/// | `basic_no_colon` | decoded `Basic` value without `:` | error | no | `malformed_credentials` |
/// | `basic_empty_user` | decoded `Basic` value starting with `:` (RFC 7617 allows it; some APIs take a token alone so) | warning | no | — |
/// | `basic_control_character` | control characters in the decoded `Basic` value | error | only a trailing line break | `malformed_credentials` |
/// | `digest_malformed` | a `Digest` value that is not a list of `name=value` parameters, or lacks `username`, `realm`, `nonce`, `uri` or `response` (RFC 7616 §3.4) | error | no | `malformed_credentials` |
/// | `digest_uri_mismatch` | a `Digest` value whose `uri` is not the request's path and query, which its `response` covers | error | no | `malformed_credentials` |
/// | `bearer_token_as_basic` | a JWT or a known bearer-token prefix sent with scheme `Basic` | error | no | `wrong_scheme` |
/// | `jwt_expired` | `exp` in the past beyond the leeway (default 60 s) | error | no | `expired_credentials` |
/// | `jwt_not_yet_valid` | `nbf` in the future beyond the leeway | error | no | `clock_skew` |
/// | `jwt_expires_soon` | `exp` within `expiry_warning` (5 min by default); once per token | warning | no | — |
/// | `jwt_truncated` | a JOSE header and a payload with no signature part after them (`eyJ….eyJ…`): a JWT cut short when copied | error | no | `malformed_credentials` |
/// | `jwt_unreadable` | JWT-shaped, but the payload is not base64url JSON | warning | no | |
/// | `publishable_key` | a publishable key (`pk_live_`, `pk_test_`) used as a credential; it is meant for browsers and apps | warning | no | `invalid_credentials` |
/// | `refresh_token` | a refresh token (`ghr_`, `xoxe.`, …) sent as a credential | warning | no | `invalid_credentials` |
/// | `test_key_in_production` | a test key (`sk_test_`, `rk_test_`) with [`Environment::Production`](crate::Environment::Production) | error | no | `wrong_environment` |
/// | `live_key_in_test` | a live key (`sk_live_`, `rk_live_`) with [`Environment::Test`](crate::Environment::Test) | warning | no | |
/// | `duplicate_authorization` | more than one `Authorization` (or `Proxy-Authorization`) header | error; warning when they are copies of one value | no | `malformed_credentials` (none for copies) |
/// | `plaintext_http` | a credential over `http://` to a host that is not loopback | error | no: never upgraded to https | |
/// | `credential_in_url` | a credential in the URL query or user info (URL signatures excepted) | warning | no | |
/// | `html_escaped_url` | `&amp;` or `&#38;` in the query: the parameter after it is misnamed (`amp;token`) or cut off into the fragment | error | no | `malformed_credentials` |
/// | `unencoded_ampersand` | a credential's query value followed by a segment without `=` that reads as its rest (`?password=Wq7t&Rz@9x`): an `&` in the value was not percent-encoded | error | no | `malformed_credentials` |
/// | `credential_in_fragment` | a credential named in the URL fragment (`#access_token=…`), which is never sent | error | no | `missing_credentials` |
/// | `underscore_header` | a credential header with an underscore in its name (`api_access_token`), which nginx and other proxies drop by default (many servers read it: the server's answer decides) | warning | no | |
/// | `misspelled_header` | `Authorisation`, `Authorizaton`, a header one word away from a configured credential header | warning | no | `missing_credentials` |
/// | `source_unavailable` | a [`CredentialSource`](crate::CredentialSource) is unset, empty or unreadable | error, refused in every mode | no | `missing_credentials` |
/// | `source_invalid` | a source's value is quoted, holds line breaks, or names an invalid header | error, refused in every mode | no | `malformed_credentials` |
///
/// A source whose value is a placeholder reports `placeholder` and is refused in every mode.
///
/// Repairs apply to header values (`Authorization`, `Proxy-Authorization`, API-key headers and
/// configured ones). Credentials in the URL are checked but never rewritten, and cookies are
/// only marked sensitive.
///
/// # JSON
///
/// A finding serializes as `{"code", "severity", "location", "message"}` and deserializes from
/// the same, with a code from the table above. A code this version does not know (JSON written
/// by a newer version of this crate, which may add codes) is an error: parse such JSON with a
/// version at least as new as the one that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable snake_case code, e.g. `trailing_whitespace`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Where the credential travels.
    pub location: Location,
    /// What was found, in words.
    pub message: String,
}

/// Every finding code, in the order of the table on [`Finding`]: the codes a finding read from
/// JSON may have.
pub(crate) const CODES: &[&str] = &[
    "leading_whitespace",
    "trailing_whitespace",
    "extra_space_after_scheme",
    "quoted_token",
    "invisible_character",
    "non_ascii_character",
    "doubled_scheme",
    "decorated_scheme",
    "scheme_case",
    "missing_scheme",
    "empty_credential",
    "placeholder",
    "env_assignment",
    "basic_not_base64",
    "basic_no_colon",
    "basic_empty_user",
    "basic_control_character",
    "digest_malformed",
    "digest_uri_mismatch",
    "bearer_token_as_basic",
    "jwt_expired",
    "jwt_not_yet_valid",
    "jwt_expires_soon",
    "jwt_truncated",
    "jwt_unreadable",
    "publishable_key",
    "refresh_token",
    "test_key_in_production",
    "live_key_in_test",
    "duplicate_authorization",
    "plaintext_http",
    "credential_in_url",
    "html_escaped_url",
    "unencoded_ampersand",
    "credential_in_fragment",
    "underscore_header",
    "misspelled_header",
    "source_unavailable",
    "source_invalid",
];

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// A finding as it serializes, with its code still a string.
        #[derive(Deserialize)]
        #[serde(rename = "Finding")]
        struct Json {
            code: String,
            severity: Severity,
            location: Location,
            message: String,
        }
        let f = Json::deserialize(d)?;
        // The input is not repeated in the error: it may be anything.
        let code = CODES
            .iter()
            .copied()
            .find(|c| *c == f.code)
            .ok_or_else(|| {
                serde::de::Error::custom(
                    "unknown finding code (JSON from a newer version of reqwest-auth-explain needs \
                 that version or a later one to be read)",
                )
            })?;
        Ok(Finding {
            code,
            severity: f.severity,
            location: f.location,
            message: f.message,
        })
    }
}
