//! Reading an HTML error page: its paragraphs, headings and loose text, with tags stripped
//! and character references decoded; and the signatures of web servers' stock pages.

use super::squash;

/// Signatures of web servers' stock error pages (nginx, Apache httpd, IIS, Tomcat, Jetty).
pub(super) fn is_stock_page(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    [
        "<center>nginx",
        "<center>openresty",
        "<address>",
        "microsoft-iis",
        "apache tomcat",
        "powered by jetty",
        "<center>cloudflare",
        "varnish cache server",
        // Apache httpd's and IIS's stock texts, with or without a server signature
        "this server could not verify that you",
        "you don't have permission to access",
        "you do not have permission to view this directory",
    ]
    .iter()
    .any(|s| lower.contains(s))
}

/// The reason a servlet container's stock page carries in its slot for one: what the
/// application passed with the status (`sendError(402, "Bad Account Credentials")`), in Jetty's
/// "Problem accessing /x. Reason: <pre>…</pre>" or Tomcat's "<b>Message</b> …".
pub(super) fn stock_reason(html: &str) -> Option<String> {
    let lower = html.get(..html.len().min(8_192))?.to_ascii_lowercase();
    let (marker, at) = ["problem accessing", "<b>message</b>"]
        .iter()
        .find_map(|m| lower.find(m).map(|i| (*m, i)))?;
    let start = if marker == "problem accessing" {
        at + lower[at..].find("reason:")? + "reason:".len()
    } else {
        at + marker.len()
    };
    let end = start + lower[start..].find("</p>")?;
    let reason = squash(&strip_tags(html.get(start..end)?));
    (!reason.is_empty() && reason.chars().count() <= 200).then_some(reason)
}

/// The texts of the page's `<p>` elements outside `<nav>`, `<header>`, `<footer>` and
/// `<aside>` (at most 4, each short).
pub(super) fn paragraphs(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    // Blank out the regions that are not the page's message (same byte offsets).
    let mut keep = lower.clone().into_bytes();
    for tag in ["nav", "header", "footer", "aside", "script", "style"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        let mut at = 0;
        while let Some(i) = lower[at..].find(&open).map(|i| i + at) {
            let end = lower[i..]
                .find(&close)
                .map_or(lower.len(), |j| i + j + close.len());
            keep[i..end].fill(b' ');
            at = end;
        }
    }
    let kept = String::from_utf8_lossy(&keep).into_owned();
    let mut out = Vec::new();
    let mut at = 0;
    while out.len() < 4 {
        let Some(i) = kept[at..].find("<p").map(|i| i + at) else {
            break;
        };
        let after = i + 2;
        if !kept[after..].starts_with(|c: char| c == '>' || c.is_whitespace()) {
            at = after;
            continue;
        }
        let Some(start) = kept[after..].find('>').map(|j| after + j + 1) else {
            break;
        };
        let end = kept[start..].find("</p").map_or(kept.len(), |j| start + j);
        // The original text (not lowercased) between the offsets.
        let text = strip_tags(html.get(start..end).unwrap_or(""));
        if !text.is_empty() && text.chars().count() <= 400 && !out.contains(&text) {
            out.push(text);
        }
        at = end;
    }
    out
}

/// The texts of elements the page marks as errors by their class (`<ul class="errorlist">`,
/// Django's form errors; `class="alert alert-danger"`, `class="flash-error"`, a framework's
/// `class="flash"` notice), each short, at
/// most 4: what a form answered again says went wrong.
pub(super) fn error_elements(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out: Vec<String> = Vec::new();
    let mut at = 0;
    while out.len() < 4 {
        let Some(i) = lower[at..].find("class=").map(|i| i + at) else {
            break;
        };
        at = i + "class=".len();
        let rest = &lower[at..];
        let quote = match rest.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => *q as char,
            _ => continue,
        };
        let Some(len) = rest[1..].find(quote) else {
            break;
        };
        let classes = &rest[1..1 + len];
        let marked = classes.split_whitespace().any(|c| {
            c.contains("error")
                || c == "alert-danger"
                || c == "alert-error"
                || c == "errornote"
                // a framework's one-time notice (Flask's and Rails' flash, Emmett's), which a
                // form answered again carries its reason in
                || c == "flash"
                || c == "flashes"
        });
        if !marked {
            continue;
        }
        // The element the attribute belongs to: its name, then its text up to its close.
        let Some(open) = lower[..i].rfind('<') else {
            continue;
        };
        let name: String = lower[open + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let Some(start) = lower[at..].find('>').map(|j| at + j + 1) else {
            break;
        };
        let close = format!("</{name}");
        let Some(end) = lower[start..].find(&close).map(|j| start + j) else {
            continue;
        };
        let text = strip_tags(html.get(start..end).unwrap_or(""));
        if !name.is_empty()
            && !text.is_empty()
            && text.chars().count() <= 200
            && !out.contains(&text)
        {
            out.push(text);
        }
        at = end;
    }
    out
}

/// The inner HTML of the page's first `<pre>` within its first `window` bytes: from the end of
/// the opening tag to `</pre` (or the window's end).
fn first_pre(html: &str, window: usize) -> Option<&str> {
    let mut cut = html.len().min(window);
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let lower = html[..cut].to_ascii_lowercase();
    let open = lower.find("<pre")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</pre").unwrap_or(cut - start);
    html.get(start..end)
}

/// The first line of the page's first `<pre>` (up to a `<br>` or a line break), when short:
/// an error page's error above its stack trace.
pub(super) fn first_pre_line(html: &str) -> Option<String> {
    let inner = first_pre(html, 4_096)?;
    let lower = inner.to_ascii_lowercase();
    let end = ["<br", "\n"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .unwrap_or(inner.len());
    let line = strip_tags(&inner[..end]);
    (!line.is_empty() && line.chars().count() <= 200).then_some(line)
}

/// The text of the page's first `<pre>`, each `<br>` (in any case or form) a line break: an
/// error page's error and the stack trace under it (Express's finalhandler).
pub(super) fn pre_text(html: &str) -> Option<String> {
    let inner = first_pre(html, 16_384)?;
    let lower = inner.to_ascii_lowercase();
    let mut text = String::with_capacity(inner.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find("<br") {
        text.push_str(&inner[at..at + i]);
        text.push('\n');
        at += i + lower[at + i..].find('>').map_or(3, |j| j + 1);
    }
    text.push_str(&inner[at..]);
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| strip_tags(&l.replace("&nbsp;", " ")))
        .collect();
    Some(lines.join("\n"))
}

/// Elements whose text is read (or left) as a whole: a page's loose text lies outside them.
pub(super) const BLOCKS: &[&str] = &[
    "p",
    "ul",
    "ol",
    "dl",
    "table",
    "pre",
    "h4",
    "h5",
    "h6",
    "address",
    "button",
    "select",
    "blockquote",
];

/// The text of a page outside its title, headings, navigation and the elements of `also` (at
/// most `max` characters): what a page says beside its heading and paragraphs.
pub(super) fn loose_text(html: &str, also: &[&str], max: usize) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut keep = html.as_bytes().to_vec();
    for tag in [
        "head", "title", "h1", "h2", "h3", "nav", "header", "footer", "aside", "script", "style",
        "form",
    ]
    .iter()
    .chain(also)
    {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        let mut at = 0;
        while let Some(i) = lower[at..].find(&open).map(|i| i + at) {
            let after = i + open.len();
            if !lower[after..].starts_with(|c: char| c == '>' || c.is_whitespace()) {
                at = after;
                continue;
            }
            let end = lower[i..]
                .find(&close)
                .map_or(lower.len(), |j| i + j + close.len());
            keep[i..end].fill(b' ');
            at = end;
        }
    }
    let text = strip_tags(&String::from_utf8_lossy(&keep));
    let text = squash(&text);
    (!text.is_empty() && text.chars().count() <= max).then_some(text)
}

/// The texts of `<title>` and `<h1>` to `<h3>` elements, in document order (at most 8).
pub(super) fn headings(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out: Vec<String> = Vec::new();
    let mut at = 0;
    while out.len() < 8 {
        let Some(open) = lower[at..].find('<').map(|i| i + at) else {
            break;
        };
        at = open + 1;
        let tag = ["title", "h1", "h2", "h3"].into_iter().find(|t| {
            lower[at..].starts_with(t)
                && lower[at + t.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
        });
        let Some(tag) = tag else { continue };
        let Some(start) = lower[at..].find('>').map(|i| i + at + 1) else {
            break;
        };
        let close = format!("</{tag}");
        let end = lower[start..]
            .find(&close)
            .map_or(lower.len(), |i| i + start);
        let text = strip_tags(&html[start..end]);
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
        }
        at = end;
    }
    out
}

pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    squash(&decode_entities(&out))
}

/// `text` with HTML's character references decoded: the five of XML, `&nbsp;` and numeric
/// ones (`&#39;`, `&#x27;`). Others stay as written: a page's `Header must start with
/// &quot;OAuth &quot;` says `"OAuth "`.
pub(super) fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest
            .bytes()
            .take(12)
            .position(|b| b == b';')
            .and_then(|end| {
                let name = &rest[1..end];
                let c = match name {
                    "quot" => Some('"'),
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ => name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                c.map(|c| (c, end))
            });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}
