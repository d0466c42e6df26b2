//! Documents inside a body that carries them in a frame of its own: the first event of a
//! stream of server-sent events, and a tool's failure inside a JSON-RPC result.

use serde_json::Value;

use super::{Body, MAX_ITEMS, cut, push};

/// The data of the first event of a `text/event-stream` body (HTML's server-sent events,
/// §9.2.6): its `data:` lines joined by line breaks, up to the blank line that ends it.
pub(super) fn first_event_data(text: &str) -> Option<String> {
    let mut data: Option<String> = None;
    for line in text.lines().take(MAX_ITEMS) {
        if line.is_empty() {
            if data.is_some() {
                break;
            }
            continue;
        }
        if let Some(d) = line.strip_prefix("data:") {
            let d = d.strip_prefix(' ').unwrap_or(d);
            match &mut data {
                Some(all) => {
                    all.push('\n');
                    all.push_str(d);
                }
                None => data = Some(d.to_owned()),
            }
        }
    }
    data
}

/// A tool's failure reported in a JSON-RPC result (the Model Context Protocol's
/// `{"result": {"isError": true, "content": [{"type": "text", "text": …}]}}`): its texts are
/// the error's words.
pub(super) fn tool_error_text(v: &Value, out: &mut Body) {
    let Some(result) = v.get("result") else {
        return;
    };
    if result.get("isError").and_then(Value::as_bool) != Some(true) {
        return;
    }
    for item in result
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(MAX_ITEMS)
    {
        if let Some(t) = item.get("text").and_then(Value::as_str) {
            push(&mut out.messages, cut(t));
        }
    }
}
