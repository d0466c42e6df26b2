//! The server's clock against ours: the `Date` header (RFC 9110 §6.6.1) and the times some
//! error bodies carry (AWS `RequestTime`/`ServerTime`, "Signature expired: … is now earlier
//! than …").

use std::time::{SystemTime, UNIX_EPOCH};

use super::Evidence;

/// Below this many seconds, a difference between clocks is noise (Date has a one-second
/// resolution, and the response spent time in transit).
pub(crate) const NOISE_S: i64 = 5;

/// How far the server's clock is from the client's, and how that was measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Offset {
    /// Server clock minus client clock, in seconds: positive when the local clock is behind.
    pub(crate) seconds: i64,
    /// Where the measurement comes from, for the evidence line.
    pub(crate) source: &'static str,
}

impl Offset {
    /// "the local clock is 2 d 0 h 0 min behind the server's (RequestTime/ServerTime in the
    /// error body)".
    pub(crate) fn describe(&self) -> String {
        let dir = if self.seconds >= 0 {
            "behind"
        } else {
            "ahead of"
        };
        format!(
            "the local clock is {} s ({}) {dir} the server's, measured from {}",
            self.seconds.unsigned_abs(),
            human_duration(self.seconds.unsigned_abs()),
            self.source
        )
    }
}

/// The best available measurement: times the server wrote into its error body (they compare
/// the request's signed time with the server's), then the `Date` header against `now`.
///
/// A `Date` more than a day behind the local clock is not taken as the server's clock: such a
/// response was stored and served again (a cache, a recording), while a local clock far
/// *behind* (a board that booted at 1970) is a real and common fault.
///
/// A stored response's `Date` still measures the clocks against the request's own timestamp
/// header, when it has one: both were written when the exchange happened.
pub(crate) fn measure(ev: &Evidence, now: SystemTime) -> Option<Offset> {
    from_body(ev).or_else(|| {
        let seconds = ev.headers.clock_offset_s(now)?;
        // The request's own timestamp was written by this clock when it was sent: against the
        // server's Date it measures the same offset, and stays true when the exchange is read
        // again later. A Date within a minute of this clock is taken as it is, so that a stale
        // timestamp (clocks that agree) is told from a clock that is off.
        if let (Some(sent), Some(date), true) =
            (ev.request_time, ev.headers.date, seconds.abs() >= 60)
        {
            return Some(Offset {
                seconds: epoch(date).saturating_sub(sent),
                source: "the request's own timestamp against the response's Date header",
            });
        }
        if seconds >= -STALE_DATE_S && !implausible_setting(seconds) {
            return Some(Offset {
                seconds,
                source: "the response's Date header",
            });
        }
        let date = epoch(ev.headers.date?);
        let sent = ev.request_time?;
        Some(Offset {
            seconds: date.saturating_sub(sent),
            source: "the request's own timestamp against the response's Date header",
        })
    })
}

/// Whether a local clock ahead of the server's `Date` by `-seconds` is an unlikely clock
/// setting: an hour or more that is not close to a whole half hour. Clocks drift by seconds or
/// minutes; hours come from a wrong time zone (whole or half hours). Any other offset of hours
/// is a response stored and read later (a recording, a cache).
fn implausible_setting(seconds: i64) -> bool {
    let ahead = -seconds;
    if ahead < 3_600 {
        return false;
    }
    let from_half_hour = ahead % 1_800;
    from_half_hour.min(1_800 - from_half_hour) > 300
}

/// A `Date` this many seconds behind the local clock belongs to a stored response.
pub(crate) const STALE_DATE_S: i64 = 86_400;

fn from_body(ev: &Evidence) -> Option<Offset> {
    let body = &ev.body;
    if let (Some(req), Some(srv)) = (body.field("RequestTime"), body.field("ServerTime")) {
        if let (Some(r), Some(s)) = (parse_iso8601(req), parse_iso8601(srv)) {
            return Some(Offset {
                seconds: s - r,
                source: "RequestTime/ServerTime in the error body",
            });
        }
    }
    // AWS JSON protocols (InvalidSignatureException):
    // "Signature expired: 20190101T000000Z is now earlier than 20190101T000500Z (20190101T001000Z - 5 min.)"
    // "Signature not yet current: 20190101T002000Z is still later than 20190101T001500Z (20190101T001000Z + 5 min.)"
    for m in &body.messages {
        let lower = m.to_ascii_lowercase();
        if !(lower.contains("signature expired") || lower.contains("signature not yet current")) {
            continue;
        }
        let stamps: Vec<i64> = m
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter_map(parse_iso8601)
            .take(3)
            .collect();
        if let [request, _, server] = stamps[..] {
            return Some(Offset {
                seconds: server - request,
                source: "the signed time and the server's time in the error message",
            });
        }
    }
    None
}

/// Seconds since the Unix epoch (negative before 1970).
pub(crate) fn epoch(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// `2025-09-03 16:21:50 UTC`.
pub(crate) fn utc(epoch_s: i64) -> String {
    let days = epoch_s.div_euclid(86_400);
    let secs = epoch_s.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `2 d 3 h`, `5 min 20 s`, `42 s`.
pub(crate) fn human_duration(s: u64) -> String {
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec} s"),
        (0, 0, _) => format!("{m} min {sec} s"),
        (0, _, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

/// A written duration, in seconds: Go's (`1h2m3.5s`, `20ms`: OpenAI's reset headers) or ISO
/// 8601's days, hours, minutes and seconds (`PT1H`, `P0DT01H00M00S`, `PT42.5S`: django-axes's
/// cool-off). Years, months and weeks are no wait a server gives; a bare number has no unit.
pub(crate) fn duration_s(v: &str) -> Option<f64> {
    let v = v.trim();
    let (iso, rest) = match v.strip_prefix(['P', 'p']) {
        Some(r) => (true, r),
        None => (false, v),
    };
    if rest.is_empty() || rest.len() > 32 {
        return None;
    }
    let (mut total, mut time, mut num, mut any) = (0f64, !iso, String::new(), false);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '0'..='9' | '.' => num.push(c),
            ',' if iso => num.push('.'),
            'T' | 't' if iso && num.is_empty() && !time => time = true,
            _ => {
                let n: f64 = num.parse().ok()?;
                num.clear();
                let unit = if iso {
                    match (c.to_ascii_uppercase(), time) {
                        ('D', false) => 86_400.0,
                        ('H', true) => 3_600.0,
                        ('M', true) => 60.0,
                        ('S', true) => 1.0,
                        _ => return None,
                    }
                } else {
                    match c {
                        'h' => 3_600.0,
                        'm' if chars.peek() == Some(&'s') => {
                            chars.next();
                            0.001
                        }
                        'm' => 60.0,
                        's' => 1.0,
                        _ => return None,
                    }
                };
                total += n * unit;
                any = true;
            }
        }
    }
    (any && num.is_empty() && total.is_finite() && total <= 1e9).then_some(total)
}

/// ISO 8601 in UTC: basic `20250901T162148Z` (AWS `x-amz-date`) or extended
/// `2025-09-03T16:21:50Z`, `2025-09-03T16:21:50.123Z`, `2025-09-03T16:21:50+00:00`.
pub(crate) fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() > 40 || !s.is_ascii() {
        return None;
    }
    let (date, rest) = s.split_once(['T', 't', ' '])?;
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 8 || !(date.len() == 8 || date.len() == 10) {
        return None;
    }
    let num = |a: &str| a.parse::<u32>().ok();
    let (y, mo, d) = (num(&digits[..4])?, num(&digits[4..6])?, num(&digits[6..8])?);
    // time: HHMMSS or HH:MM:SS, then optional fraction, then Z or ±HH:MM
    let end = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(end);
    let time = time.split('.').next().unwrap_or("");
    let tdigits: String = time.chars().filter(char::is_ascii_digit).collect();
    if tdigits.len() != 6 || !(time.len() == 6 || time.len() == 8) {
        return None;
    }
    let (h, mi, sec) = (
        num(&tdigits[..2])?,
        num(&tdigits[2..4])?,
        num(&tdigits[4..6])?,
    );
    let offset = match zone {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let zd: String = z.chars().filter(char::is_ascii_digit).collect();
            if zd.len() != 4 {
                return None;
            }
            sign * (i64::from(num(&zd[..2])?) * 3600 + i64::from(num(&zd[2..])?) * 60)
        }
    };
    Some(epoch_seconds(i64::from(y), mo, d, h, mi, sec)? - offset)
}

/// Seconds since the epoch of a UTC civil time, validating the ranges.
pub(crate) fn epoch_seconds(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(
        days_from_civil(y, mo, d) * 86_400
            + i64::from(h) * 3600
            + i64::from(mi) * 60
            + i64::from(s),
    )
}

// Howard Hinnant's `days_from_civil` / `civil_from_days` (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue, StatusCode};
    use std::time::Duration;

    #[test]
    fn written_durations() {
        // Go's, as OpenAI's reset headers write them
        assert_eq!(duration_s("1s"), Some(1.0));
        assert_eq!(duration_s("6m0s"), Some(360.0));
        assert_eq!(duration_s("20ms"), Some(0.02));
        assert_eq!(duration_s("1h2m3.5s"), Some(3723.5));
        // ISO 8601's
        assert_eq!(duration_s("PT1H"), Some(3600.0));
        assert_eq!(duration_s("P0DT01H00M00S"), Some(3600.0));
        assert_eq!(duration_s("PT42.5S"), Some(42.5));
        assert_eq!(duration_s("P1DT30M"), Some(88_200.0));
        // months and years are no wait; nor is text, or a number without its unit
        assert_eq!(duration_s("P1M"), None);
        assert_eq!(duration_s("P"), None);
        assert_eq!(duration_s("PT"), None);
        assert_eq!(duration_s("Please wait"), None);
        assert_eq!(duration_s("soon"), None);
        assert_eq!(duration_s("5"), None);
    }

    #[test]
    fn iso8601_forms() {
        assert_eq!(parse_iso8601("19700101T000000Z"), Some(0));
        assert_eq!(parse_iso8601("20250901T162148Z"), Some(1_756_743_708));
        assert_eq!(parse_iso8601("2025-09-03T16:21:50Z"), Some(1_756_916_510));
        assert_eq!(
            parse_iso8601("2025-09-03T16:21:50.123Z"),
            Some(1_756_916_510)
        );
        assert_eq!(
            parse_iso8601("2025-09-03T18:21:50+02:00"),
            Some(1_756_916_510)
        );
        for bad in [
            "",
            "2025",
            "2025-13-01T00:00:00Z",
            "20250901T1621Z",
            "x".repeat(99).as_str(),
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(utc(1_756_916_510), "2025-09-03 16:21:50 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn measures_from_body_then_date() {
        let mut h = HeaderMap::new();
        h.insert("content-type", HeaderValue::from_static("application/xml"));
        let ev = Evidence::read(
            StatusCode::FORBIDDEN,
            &h,
            b"<Error><Code>RequestTimeTooSkewed</Code><RequestTime>20250901T162148Z</RequestTime><ServerTime>2025-09-03T16:21:50Z</ServerTime></Error>",
            true,
        );
        let o = measure(&ev, SystemTime::now()).unwrap();
        assert_eq!(o.seconds, 172_802);
        assert!(o.describe().contains("2 d 0 h"), "{}", o.describe());

        let mut h = HeaderMap::new();
        h.insert(
            "date",
            HeaderValue::from_static("Thu, 01 Jan 1970 00:10:00 GMT"),
        );
        let ev = Evidence::read(StatusCode::UNAUTHORIZED, &h, b"", true);
        let o = measure(&ev, UNIX_EPOCH + Duration::from_secs(900)).unwrap();
        assert_eq!(o.seconds, -300);
        assert!(o.describe().contains("ahead of"));
    }

    #[test]
    fn signature_expired_message() {
        let mut h = HeaderMap::new();
        h.insert("content-type", HeaderValue::from_static("application/json"));
        let ev = Evidence::read(
            StatusCode::FORBIDDEN,
            &h,
            br#"{"message":"Signature expired: 20190101T000000Z is now earlier than 20190101T001500Z (20190101T002000Z - 5 min.)"}"#,
            true,
        );
        assert_eq!(measure(&ev, SystemTime::now()).unwrap().seconds, 1200);
    }
}
