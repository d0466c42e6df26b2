//! [`Secret`]: the only type that holds credential bytes.

use std::fmt;

use sha2::{Digest, Sha256};

/// Credential bytes that never print.
///
/// `Debug` prints `Secret([REDACTED])`. There is no `Display`, so that
/// `format!("Bearer {key}")` does not compile (rather than sending `Bearer [REDACTED]`), and
/// no `Serialize`. The only way to the bytes is [`Secret::expose_secret`]. What may be shown
/// of a secret is its [`Fingerprint`].
///
/// ```
/// use reqwest_auth_explain::Secret;
///
/// let key = Secret::new("sk_live_FAKESECRET");
/// assert_eq!(format!("{key:?}"), "Secret([REDACTED])");
/// assert_eq!(key.fingerprint().as_str().len(), 12);
/// ```
///
/// ```compile_fail
/// let key = reqwest_auth_explain::Secret::new("sk_live_FAKESECRET");
/// let header = format!("Bearer {key}"); // no Display: use expose_secret where the bytes must go
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<[u8]>);

impl Secret {
    /// Wraps credential bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(bytes.into().into_boxed_slice())
    }

    /// The credential bytes. Every call site is a place a secret could leak: keep them few.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// First 12 hex digits of SHA-256 over the secret bytes.
    ///
    /// Compare with a key at hand: `printf %s "$API_KEY" | sha256sum | cut -c1-12`.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

/// Hex digits of a [`Fingerprint`].
pub(crate) const FINGERPRINT_HEX_LEN: usize = 12;

/// A short, non-reversible name for a secret: the first 12 hex digits of its SHA-256.
///
/// Twelve hex digits (48 bits) tell keys apart in practice and reveal nothing usable about
/// the key. Compute one from a shell with `printf %s "$KEY" | sha256sum | cut -c1-12`
/// (`printf %s`, not `echo`: a trailing newline changes the digest).
///
/// Which bytes are hashed, by where the credential travels:
///
/// | location | bytes |
/// | --- | --- |
/// | `Authorization`, `Proxy-Authorization` | the token after the scheme (`Bearer <this>`); for Basic, the base64 text as sent |
/// | API-key headers (`x-api-key`, …) | the whole value |
/// | `cookie:<name>` | the cookie's value |
/// | `query:<name>` | the parameter's value, percent-decoded |
/// | `url:userinfo` | `user:password`, percent-decoded |
///
/// ```
/// use reqwest_auth_explain::Fingerprint;
///
/// // printf %s "abc" | sha256sum | cut -c1-12
/// assert_eq!(Fingerprint::of(b"abc").as_str(), "ba7816bf8f01");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 12]);

impl Fingerprint {
    /// The fingerprint of some bytes.
    pub fn of(bytes: &[u8]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let digest = Sha256::digest(bytes);
        let mut out = [0u8; 12];
        for (i, b) in digest.iter().take(6).enumerate() {
            out[2 * i] = HEX[(b >> 4) as usize];
            out[2 * i + 1] = HEX[(b & 0xf) as usize];
        }
        Fingerprint(out)
    }

    /// The 12 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("000000000000")
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.as_str())
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// From its 12 lowercase hex digits, as it serializes; anything else is an error.
impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let digits: [u8; 12] = text
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 12]| b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')))
            // The input is not repeated in the error: it may be anything (even a key).
            .ok_or_else(|| {
                serde::de::Error::custom("a fingerprint is exactly 12 lowercase hex digits")
            })?;
        Ok(Fingerprint(digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_reads_back_only_from_12_lowercase_hex_digits() {
        let f = Fingerprint::of(b"hello");
        let json = serde_json::to_value(f).unwrap();
        assert_eq!(serde_json::from_value::<Fingerprint>(json).unwrap(), f);
        for bad in [
            "",
            "2cf24dba5fb",
            "2cf24dba5fb0a",
            "2CF24DBA5FB0",
            "2cf24dba5fbg",
            "2cf24dba5fb ",
        ] {
            let e = serde_json::from_value::<Fingerprint>(bad.into()).unwrap_err();
            assert!(
                e.to_string().contains("12 lowercase hex digits"),
                "{bad:?}: {e}"
            );
        }
        let e = serde_json::from_str::<Fingerprint>(r#""sk_live_FAKESECRET""#).unwrap_err();
        assert!(!e.to_string().contains("FAKESECRET"), "{e}");
        assert!(serde_json::from_str::<Fingerprint>("123456789012").is_err());
    }

    #[test]
    fn fingerprint_matches_sha256sum() {
        // printf %s "hello" | sha256sum
        assert_eq!(Fingerprint::of(b"hello").as_str(), "2cf24dba5fb0");
        assert_eq!(
            Secret::new("hello").fingerprint().to_string(),
            "2cf24dba5fb0"
        );
    }

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("ghp_FAKESECRET123");
        assert!(!format!("{s:?}{s:#?}{s:>40?}").contains("FAKESECRET"));
        assert_eq!(format!("{s:#?}"), "Secret([REDACTED])");
    }

    #[test]
    fn fingerprint_is_the_documented_prefix_of_sha256() {
        // printf %s "sk_live_FAKE4eC39HqLyjWDarjtT1zdp7dc" | sha256sum | cut -c1-12
        assert_eq!(
            Fingerprint::of(b"sk_live_FAKE4eC39HqLyjWDarjtT1zdp7dc").as_str(),
            "ef086d9fbf33"
        );
        let f = Fingerprint::of(b"");
        // printf %s "" | sha256sum
        assert_eq!(f.as_str(), "e3b0c44298fc");
        assert_eq!(format!("{f:?}"), "Fingerprint(e3b0c44298fc)");
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"e3b0c44298fc\"");
    }
}
