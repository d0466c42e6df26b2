//! Scopes and permissions named in words: what an endpoint requires and what a credential was
//! granted, read from the phrasings servers use in their error messages.
//!
//! Challenge parameters (RFC 6750 §3 `scope`) and provider headers (`X-OAuth-Scopes`) are read
//! where they live; this module only reads prose.

/// At most this many scopes are taken from one message.
const MAX_SCOPES: usize = 32;
/// A longer "scope" is not one.
const MAX_SCOPE_LEN: usize = 200;

/// Markers after which a message lists the scopes it requires, as `(marker, list ends at)`.
const REQUIRED_LISTS: &[&str] = &[
    // Auth0: "Insufficient scope, expected any of: read:grants"
    "expected any of:",
    // Anthropic: "OAuth token does not meet scope requirement user:profile"
    "scope requirement ",
    // OpenAI: "Missing scopes: model.request. Check that …"
    "missing scopes:",
    "missing scope:",
    "missing required scopes:",
    "required scopes:",
    "required scope:",
    // DevGuard: "… does not have the required scope, needed scopes: scan"
    "needed scopes:",
    "needed scope:",
    // Pleroma: "Insufficient permissions: write:statuses."
    "insufficient permissions:",
    "insufficient permission:",
    "insufficient scopes:",
    "insufficient scope:",
    // Gitea / Forgejo: "token does not have at least one of required scope(s): [write:issue]"
    "required scope(s):",
    // OpenSearch / Elasticsearch security: "no permissions for [indices:data/write/bulk] and User …"
    "no permissions for ",
    // GitHub GraphQL: "requires one of the following scopes: ['read:org'], but …"
    "requires one of the following scopes:",
    // Saleor: "you need one of the following permissions: MANAGE_ORDERS"
    "one of the following permissions:",
    "the following permissions:",
    "the following scopes:",
    // Lark: "One of the following scopes is required: [bitable:app]"
    "scopes is required:",
    "scopes are required:",
    // Webflow: "You are missing the following scopes - 'sites:read'"
    "the following scopes -",
    "the following permissions -",
    // Gitea: "… required=[write:issue], token scope=read:issue,read:repository"
    "required=",
    // Shopify: "This action requires merchant approval for read_orders scope."
    "requires merchant approval for ",
    // AWS: "… is not authorized to perform: s3:ListBucket on resource: …"
    "not authorized to perform: ",
    // "… permissions needed: folders:read"
    "permissions needed:",
    "permission needed:",
    "scopes needed:",
    "required permissions:",
    "required permission:",
];

/// Endings that follow the one scope a message names as required: "post_server_item scope is
/// required".
const REQUIRED_BEFORE: &[&str] = &[
    " scope is required",
    " scope required",
    " scope is missing",
    " permission is required",
    " permission required",
    " permission is missing",
    // Trac: "WIKI_DELETE privileges are required to perform this operation"
    " privilege is required",
    " privileges are required",
    " permissions are required",
    " scopes are required",
    // aiohttp-security: "User does not have 'admin' permission" (quoted names only)
    "' permission",
    "\" permission",
    "' role",
    "\" role",
    // a quoted name before any noun of a grant: "'Listen' claim(s) are required", "the
    // 'reports' scope"
    "' claim",
    "\" claim",
    "' scope",
    "\" scope",
    "' privilege",
    "\" privilege",
];

/// Words that name what a credential may be granted: scopes, permissions, privileges, roles.
pub(crate) const PERMISSION_NOUNS: &[&str] = &[
    "scope",
    "scopes",
    "oauth scope",
    "permission",
    "permissions",
    "privilege",
    "privileges",
    "role",
    "roles",
    "rights",
    "capability",
    "capabilities",
];

/// Markers after which a message lists the scopes the credential has.
const GRANTED_LISTS: &[&str] = &[
    // GitHub GraphQL: "… but your token has only been granted the: ['repo'] scopes."
    "has only been granted the:",
    // Gitea: "… token scope=read:issue,read:repository"
    "token scope=",
    "token scopes=",
    "granted scopes:",
];

/// Markers followed by one quoted permission: `(marker, closing quote)`.
const QUOTED: &[&str] = &[
    // Stripe: "Having the 'rak_charge_write' permission would allow this request to continue."
    "having the ",
    // Azure Resource Manager: "does not have authorization to perform action 'Microsoft.Resources/subscriptions/read'"
    "to perform action ",
    // Google Cloud IAM: "Permission 'storage.objects.get' denied on resource"
    "permission ",
    // the other nouns of a grant before a quoted name: "role 'flags:admin' required",
    // "missing required scopes 'reports:write'"
    "role ",
    "privilege ",
    "required scope ",
    "required scopes ",
    "missing scope ",
    "missing scopes ",
];

/// Scopes or permissions a message names as required, in order, without duplicates.
pub(crate) fn required_from_message(msg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = msg.to_ascii_lowercase();
    // "This endpoint requires the file_variables:read scope", "is missing prvReadAccount
    // privilege": one item between the verb and the noun.
    for (verb, nouns) in [
        // ("Deleting reports requires the reports.delete permission")
        (
            "requires the ",
            &["scope", "permission", "privilege", "role"][..],
        ),
        ("is missing ", &["privilege", "permission", "scope"][..]),
    ] {
        let Some(i) = lower.find(verb) else { continue };
        let rest = &msg[i + verb.len()..];
        if let Some((item, after)) = rest.split_once(' ') {
            let item = item.trim_matches(|c: char| matches!(c, '\'' | '"' | '`'));
            let after = after.to_ascii_lowercase();
            // (a role is named by a capital: "requires the Owner role", not "the right role")
            let named = item.len() <= MAX_SCOPE_LEN
                && (item.contains([':', '.', '_'])
                    || item.chars().skip(1).any(|c| c.is_ascii_uppercase())
                    || (after.starts_with("role")
                        && item.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
            if named && nouns.iter().any(|n| after.starts_with(n)) {
                out.push(item.to_owned());
            }
        }
    }
    // The noun, then the name: "requires role admin", "needs scope files:write".
    // ("Missing required permission products:create", grpc-go's "missing scope items:write")
    // ("token lacks scope reports:write")
    for verb in [
        "requires ",
        "needs ",
        "require ",
        "required ",
        "missing ",
        "lacks ",
        "lacking ",
    ] {
        for noun in ["role ", "scope ", "permission ", "privilege "] {
            let marker = format!("{verb}{noun}");
            let Some(i) = lower.find(&marker) else {
                continue;
            };
            let item = msg[i + marker.len()..]
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .next()
                .unwrap_or("")
                .trim_end_matches(['.', ')'])
                .trim_matches(|c: char| matches!(c, '\'' | '"' | '`'));
            if !item.is_empty()
                && item
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ":._-/*".contains(c))
                && looks_like_scope(item)
                && ![
                    "to", "for", "in", "on", "that", "which", "is", "are", "was", "not", "missing",
                    // the token's scope, not a scope named "token" ("Missing scope token,
                    // expected {'inventory:read'} …")
                    "token", "tokens", "claim", "claims",
                ]
                .contains(&item)
            {
                extend(&mut out, vec![item.to_owned()]);
            }
        }
    }
    // The noun, the name, then the verdict: "scope orders:read required", "permission
    // files.write is missing".
    for noun in ["scope ", "permission ", "privilege ", "role "] {
        for (i, _) in lower.match_indices(noun).take(4) {
            let rest = &msg[i + noun.len()..];
            let Some((item, after)) = rest.split_once(' ') else {
                continue;
            };
            let item = item.trim_matches(|c: char| matches!(c, '\'' | '"' | '`'));
            let after = after.to_ascii_lowercase();
            // (a word that ends a sentence is none: "Permission Denied. Required …")
            if item.contains([':', '.', '_', '/'])
                && !item.ends_with(['.', ';', ',', '!', '?'])
                && looks_like_scope(item)
                && ["required", "is required", "missing", "is missing"]
                    .iter()
                    .any(|v| after.starts_with(v))
            {
                extend(&mut out, vec![item.to_owned()]);
            }
        }
    }
    // A quoted name after "need" in words of a permission: "missing permission to invoke
    // 'Info' (need 'admin')" (go-jsonrpc's permission check).
    if lower.contains("permission") {
        for verb in [
            "need '",
            "needs '",
            "need \"",
            "needs \"",
            "requires '",
            "requires \"",
        ] {
            let Some(i) = lower.find(verb) else { continue };
            let quote = verb.as_bytes()[verb.len() - 1] as char;
            let rest = &msg[i + verb.len()..];
            if let Some(item) = rest.split(quote).next().filter(|item| {
                !item.is_empty()
                    && item.len() <= MAX_SCOPE_LEN
                    && item
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || ":._-/*".contains(c))
            }) {
                extend(&mut out, vec![item.to_owned()]);
            }
        }
    }
    for marker in REQUIRED_LISTS {
        if let Some(i) = lower.find(marker) {
            let rest = &msg[i + marker.len()..];
            let items = list_after(rest);
            // "requires merchant approval for X scope" and "not authorized to perform: X"
            // name one item
            let one =
                marker.starts_with("requires merchant") || marker.starts_with("not authorized");
            let items = if one {
                items.into_iter().take(1).collect()
            } else {
                items
            };
            extend(&mut out, items);
        }
    }
    for marker in QUOTED {
        let mut from = 0;
        while let Some(i) = lower[from..].find(marker) {
            let at = from + i + marker.len();
            from = at;
            if let Some(q) = quoted(&msg[at..]) {
                if looks_like_scope(&q) {
                    extend(&mut out, vec![q]);
                }
            }
            if out.len() >= MAX_SCOPES {
                break;
            }
        }
    }
    // Google Cloud Storage: "… does not have storage.objects.list access to the Google Cloud
    // Storage bucket."
    if let Some(i) = lower.find(" does not have ") {
        let rest = &msg[i + " does not have ".len()..];
        if let Some((word, after)) = rest.split_once(' ') {
            if after.starts_with("access") && word.contains('.') && looks_like_scope(word) {
                extend(&mut out, vec![word.to_owned()]);
            }
        }
    }
    if let Some(k) = kubernetes(msg) {
        extend(&mut out, vec![k]);
    }
    for ending in REQUIRED_BEFORE {
        if let Some(i) = lower.find(ending) {
            if let Some(w) = last_word(&msg[..i]) {
                extend(&mut out, vec![w]);
            }
        }
    }
    if out.is_empty() {
        extend(&mut out, listed_after_colon(msg, &lower));
    }
    // Chinese: "需要 report:finance" (requires …) in a message of 权限 (permission).
    if out.is_empty() && msg.contains("权限") {
        for (i, _) in msg.match_indices("需要") {
            let item = msg[i + "需要".len()..]
                .trim_start()
                .split(|c: char| c.is_whitespace() || matches!(c, '）' | ')' | '，' | ',' | '。'))
                .next()
                .unwrap_or("");
            if item.is_ascii() && item.contains([':', '.', '_']) && looks_like_scope(item) {
                extend(&mut out, vec![item.to_owned()]);
            }
        }
    }
    // A set or list literal after "expected", in a message that speaks of scopes
    // ("Missing scope token, expected {'inventory:read'} to be a subset of received […]").
    if out.is_empty() {
        extend(&mut out, literal_after(msg, &lower, "expected "));
    }
    // A list after a colon, where the sentence before it asks for what follows ("Expected:
    // orders/write", "should have access to one of those scopes: products.read_write"), in a
    // message that speaks of scopes; only items shaped like scopes.
    if out.is_empty()
        && lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| PERMISSION_NOUNS.contains(&t))
    {
        for marker in ["expected:", "scopes:", "scope:", "permissions:"] {
            let Some(i) = lower.find(marker) else {
                continue;
            };
            let sentence = lower[..i].rsplit(['.', ';']).next().unwrap_or("");
            let asks = marker == "expected:"
                || ["one of", "should", "must", "need", "require"]
                    .iter()
                    .any(|w| sentence.contains(w));
            if asks {
                let items = list_after(&msg[i + marker.len()..])
                    .into_iter()
                    .filter(|item| item.contains([':', '.', '_', '/']) && looks_like_scope(item))
                    .collect();
                extend(&mut out, items);
            }
        }
    }
    // "Action is not authorized with current scopes; requires any of [list:users]": a
    // bracketed list after a word of wanting, in a message that speaks of scopes.
    if out.is_empty()
        && lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| PERMISSION_NOUNS.contains(&t))
    {
        for marker in ["requires any of ", "requires one of ", "requires all of "] {
            if let Some(i) = lower.find(marker) {
                let rest = &msg[i + marker.len()..];
                if rest.trim_start().starts_with('[') {
                    extend(&mut out, list_after(rest));
                }
            }
        }
    }
    out
}

/// The items of a set or list literal (`{'a:b'}`, `['a', 'b']`) right after `marker`, in a
/// message that speaks of scopes or permissions.
fn literal_after(msg: &str, lower: &str, marker: &str) -> Vec<String> {
    let speaks_of_scopes = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| PERMISSION_NOUNS.contains(&t));
    let Some(i) = lower.find(marker).filter(|_| speaks_of_scopes) else {
        return Vec::new();
    };
    let rest = &msg[i + marker.len()..];
    let close = match rest.as_bytes().first() {
        Some(b'{') => '}',
        Some(b'[') => ']',
        _ => return Vec::new(),
    };
    let Some(end) = rest.find(close) else {
        return Vec::new();
    };
    list_after(&rest[1..end])
}

/// The general shape under the phrasings above: a sentence that speaks of scopes or
/// permissions as missing, required or needed, then a colon and the list ("One of the
/// following scopes is missing: manage_orders."). Only items shaped like scopes
/// (`manage_orders`, `read:org`, `storage.objects.get`), roles in camel case
/// (`CanUpdateAccount`) or names in a quoted list (`['admin']`) are taken.
fn listed_after_colon(msg: &str, lower: &str) -> Vec<String> {
    // (a list right after the colon counts too: "does not contain scopes:[a:b]")
    let (colon, skip) = match (lower.rfind(": "), lower.rfind(":[")) {
        (Some(a), Some(b)) if b > a => (b, 1),
        (Some(a), _) => (a, 2),
        (None, Some(b)) => (b, 1),
        (None, None) => return Vec::new(),
    };
    // The words that want scopes stand in the colon's own sentence.
    let head = &lower[..colon];
    let head = head.rfind(". ").map_or(head, |i| &head[i + 2..]);
    // (or its own clause: "scope x required; token has: a b" lists what the token has)
    let head = head.rfind("; ").map_or(head, |i| &head[i + 2..]);
    let says = |words: &[&str]| {
        head.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| words.contains(&t))
    };
    let speaks_of_scopes = says(PERMISSION_NOUNS);
    let wanting = says(&[
        "missing", "required", "requires", "needed", "need", "lacks", "expected",
    ]) || head.contains("not contain");
    if !(speaks_of_scopes && wanting) {
        return Vec::new();
    }
    // Shaped like a scope: `manage_orders`, `read:org`, `storage.objects.get`, a role named
    // in camel case (`CanUpdateAccount`), or any name in a quoted list (`['admin']`).
    let rest = &msg[colon + skip..];
    let quoted = rest.trim_start().starts_with(['[', '\'', '"', '`']);
    list_after(rest)
        .into_iter()
        .filter(|w| {
            quoted
                || w.contains(['_', ':', '.', '/'])
                || w.chars().skip(1).any(|c| c.is_ascii_uppercase())
        })
        .collect()
}

/// The last word of `before`, when it looks like a scope (`post_server_item`, `orders:write`).
fn last_word(before: &str) -> Option<String> {
    let raw = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | ','))
        .next()?;
    // A word that ends a sentence ("… this action. Scope required : x") names no scope.
    if raw.ends_with(['.', ';', '!', '?']) {
        return None;
    }
    let w = raw.trim_matches(|c: char| matches!(c, '\'' | '"' | '`'));
    // A name the server quotes is a name, whatever its shape ('admin').
    let quoted = raw.len() > w.len();
    let scope_like = (quoted || w.contains(['_', ':', '.', '/'])) && looks_like_scope(w);
    scope_like.then(|| w.to_owned())
}

/// Scopes a message says the credential has.
pub(crate) fn granted_from_message(msg: &str) -> Vec<String> {
    let mut out = Vec::new();
    // "… but the access token only has post_client_item."
    for marker in [" only has ", " only have "] {
        if let Some(i) = msg.to_ascii_lowercase().find(marker) {
            let rest = &msg[i + marker.len()..];
            let w = rest
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or("")
                .trim_end_matches(['.', ';']);
            if w.contains(['_', ':', '.', '/']) && looks_like_scope(w) {
                extend(&mut out, vec![w.to_owned()]);
            }
        }
    }
    // ("… expected {'inventory:read'} to be a subset of received ['openid', 'profile']")
    if msg.contains(" received [") || msg.contains(" received {") {
        let lower = msg.to_ascii_lowercase();
        extend(&mut out, literal_after(msg, &lower, " received "));
    }
    // Every marker ends with `:`; most messages have none, and need no lowercased copy.
    debug_assert!(GRANTED_LISTS.iter().all(|m| m.ends_with([':', '='])));
    if !msg.contains([':', '=']) {
        return out;
    }
    let lower = msg.to_ascii_lowercase();
    for marker in GRANTED_LISTS {
        if let Some(i) = lower.find(marker) {
            extend(&mut out, list_after(&msg[i + marker.len()..]));
        }
    }
    // The general shape: a message that speaks of scopes or permissions, and a list after a
    // word of what the credential holds ("Missing required scopes: ['admin:users'].
    // Provided: ['reports:read']"). Items as `listed_after_colon` takes them.
    let speaks_of_scopes = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| PERMISSION_NOUNS.contains(&t));
    if speaks_of_scopes {
        // ("… lacks permission 'invoices.read' (has: customers.read)")
        for marker in [
            "provided: ",
            "granted: ",
            "present: ",
            "token has: ",
            "has: ",
        ] {
            let Some(i) = lower.find(marker) else {
                continue;
            };
            // The marker starts its clause: not "… scopes not provided: …".
            if i > 0 && !lower[..i].trim_end().ends_with(['.', ';', ',', '(']) {
                continue;
            }
            let rest = &msg[i + marker.len()..];
            let quoted = rest.trim_start().starts_with(['[', '\'', '"', '`']);
            let items: Vec<String> = list_after(rest)
                .into_iter()
                .filter(|w| quoted || w.contains(['_', ':', '.', '/']))
                .collect();
            extend(&mut out, items);
        }
    }
    out
}

/// Kubernetes RBAC: `User "x" cannot list resource "pods" in API group "" in the namespace "y"`
/// becomes `list pods`; a named API group is appended as `kubectl auth can-i` writes it
/// (`list deployments.apps`); `cannot get path "/healthz"` becomes `get /healthz`.
pub(crate) fn kubernetes(msg: &str) -> Option<String> {
    let i = msg.find(" cannot ")?;
    let rest = &msg[i + " cannot ".len()..];
    let (verb, rest) = rest.split_once(' ')?;
    if verb.is_empty() || !verb.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if let Some(r) = rest.strip_prefix("resource ") {
        let resource = quoted(r)?;
        let group = rest
            .find("in API group ")
            .and_then(|g| quoted(&rest[g + "in API group ".len()..]))
            .unwrap_or_default();
        let name = if group.is_empty() {
            resource
        } else {
            format!("{resource}.{group}")
        };
        return Some(format!("{verb} {name}"));
    }
    if let Some(p) = rest.strip_prefix("path ") {
        return Some(format!("{verb} {}", quoted(p)?));
    }
    None
}

/// The text inside the quotes that open `s` (`'x'`, `"x"`, `` `x` ``).
fn quoted(s: &str) -> Option<String> {
    let s = s.trim_start();
    let q = s.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let inner = &s[1..];
    let end = inner.find(q)?;
    let v = &inner[..end];
    (v.len() <= MAX_SCOPE_LEN).then(|| v.to_owned())
}

/// Items of a list that ends at a sentence end (". " or end of text), a newline or `]`.
fn list_after(rest: &str) -> Vec<String> {
    let mut end = rest.len();
    for stop in [
        ". ",
        ".\n",
        "\n",
        "]",
        " on resource",
        " but ",
        " scope.",
        " scope ",
    ] {
        if let Some(i) = rest.find(stop) {
            end = end.min(if stop == "]" { i + 1 } else { i });
        }
    }
    rest[..end]
        .split([',', ' ', ';'])
        .map(|w| {
            // (and the braces of a JSON object the list ends in: `… content:toc:read"}`)
            w.trim_matches(|c: char| {
                matches!(c, '\'' | '"' | '`' | '[' | ']' | '(' | ')' | '{' | '}')
            })
            .trim_end_matches('.')
        })
        .filter(|w| !w.is_empty() && looks_like_scope(w))
        .take(MAX_SCOPES)
        .map(str::to_owned)
        .collect()
}

/// A scope or permission name: no spaces, printable, short, and not an English filler word.
fn looks_like_scope(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= MAX_SCOPE_LEN
        // A link to the docs is no scope (`https://example.com/scopes`; Google's scopes are
        // URLs too, but are named in fields and challenges, not after "read more here:").
        && !w.contains("//")
        && !w.chars().any(|c| c.is_whitespace() || c.is_control())
        && !matches!(
            w.to_ascii_lowercase().as_str(),
            "the" | "a" | "an" | "and" | "or" | "of" | "scope" | "scopes" | "permission"
        )
}

fn extend(out: &mut Vec<String>, items: Vec<String>) {
    for i in items {
        if out.len() < MAX_SCOPES && !out.contains(&i) {
            out.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_a_token_lacks_is_required() {
        assert_eq!(
            required_from_message("token lacks scope reports:write"),
            ["reports:write"]
        );
        assert_eq!(
            required_from_message("API key lacking permission invoices.create"),
            ["invoices.create"]
        );
    }

    #[test]
    fn a_quoted_need_in_words_of_a_permission_is_required() {
        assert_eq!(
            required_from_message("missing permission to invoke 'Info' (need 'admin')"),
            ["admin"]
        );
        // (a need without a permission's words names no scope)
        assert!(required_from_message("you need 'jq' installed").is_empty());
    }

    #[test]
    fn a_python_set_after_expected_and_a_list_after_received() {
        let m = "Missing scope token, expected {'inventory:read'} to be a subset of received ['openid', 'profile', 'email']";
        assert_eq!(required_from_message(m), ["inventory:read"]);
        assert_eq!(granted_from_message(m), ["openid", "profile", "email"]);
        assert_eq!(
            required_from_message(
                "权限不足：当前令牌没有访问财务报表的权限（需要 report:finance）"
            ),
            ["report:finance"]
        );
        // A literal in a message about anything but scopes is not read.
        assert!(required_from_message("expected {'id'} in the payload").is_empty());
    }

    #[test]
    fn a_scope_named_before_its_verdict_and_what_the_token_has() {
        let m = "scope orders:read required; token has: profile:read catalog:read";
        assert_eq!(required_from_message(m), ["orders:read"]);
        assert_eq!(granted_from_message(m), ["profile:read", "catalog:read"]);
        assert_eq!(
            granted_from_message("API key lacks permission 'invoices.read' (has: customers.read)"),
            ["customers.read"]
        );
        assert_eq!(
            required_from_message("permission files.write is missing"),
            ["files.write"]
        );
        // (a word without a scope's shape names none)
        assert!(required_from_message("scope invalid required").is_empty());
        assert_eq!(
            required_from_message("Permission Denied. Required Scope: billing:*:read"),
            ["billing:*:read"]
        );
    }

    #[test]
    fn a_sentences_last_word_is_no_scope() {
        assert_eq!(
            required_from_message(
                "Access token doesn't have the required scope to complete this action. Scope required : edit_announcements"
            ),
            ["edit_announcements"]
        );
    }

    #[test]
    fn a_list_at_the_end_of_a_loose_json_body_sheds_its_braces() {
        assert_eq!(
            required_from_message(
                r#"{ Errors: [ {Message: "Insufficient scope to call API.Required: content:toc:read"} ] }"#
            ),
            ["content:toc:read"]
        );
    }

    #[test]
    fn a_missing_scope_named_after_its_noun_is_required() {
        assert_eq!(
            required_from_message("missing scope items:write"),
            ["items:write"]
        );
        assert!(required_from_message("missing scope in the request").is_empty());
    }

    #[test]
    fn lists_of_what_the_credential_holds_and_privileges_required() {
        let m = "Missing required scopes: ['admin:users']. Provided: ['reports:read']";
        assert_eq!(granted_from_message(m), ["reports:read"]);
        // a list that is not about scopes, or a marker inside a clause, gives nothing
        assert!(granted_from_message("Invalid value. Provided: ['abc']").is_empty());
        assert!(granted_from_message("Scopes not provided: ['a:b']").is_empty());
        assert_eq!(
            required_from_message(
                "WIKI_DELETE privileges are required to perform this operation on WikiStart."
            ),
            ["WIKI_DELETE"]
        );
        assert_eq!(
            required_from_message(
                "Action is not authorized with current scopes; requires any of [list:users]"
            ),
            ["list:users"]
        );
        // a bracketed list of something else than scopes
        assert!(required_from_message("Field requires any of [a, b] values").is_empty());
        assert_eq!(
            required_from_message("Insufficient permissions: write:statuses."),
            ["write:statuses"]
        );
        assert_eq!(
            required_from_message("Deleting reports requires the reports.delete permission"),
            ["reports.delete"]
        );
        // a noun of a grant before its name, quoted or after a verb of wanting
        assert_eq!(
            required_from_message("role 'flags:admin' required"),
            ["flags:admin"]
        );
        assert_eq!(
            required_from_message("API key missing required scopes 'reports:write'"),
            ["reports:write"]
        );
        assert_eq!(
            required_from_message("Not authorized to access auditLog: requires role admin"),
            ["admin"]
        );
        assert_eq!(
            required_from_message("Deleting a project requires the Owner role."),
            ["Owner"]
        );
        // an adjective before the noun, a preposition after it: no name
        assert!(required_from_message("This requires the right role.").is_empty());
        assert_eq!(
            required_from_message("Missing required permission products:create"),
            ["products:create"]
        );
        assert!(required_from_message("The required scope is missing.").is_empty());
        assert!(required_from_message("This action requires permission to edit.").is_empty());
    }

    #[test]
    fn a_list_after_a_colon_that_wants_scopes() {
        assert_eq!(
            required_from_message(
                "Insufficient scope. One of the following scopes is missing: manage_orders."
            ),
            ["manage_orders"]
        );
        // A colon without words of wanting scopes, or items not shaped like scopes: nothing.
        assert!(required_from_message("Invalid scope value: profile").is_empty());
        assert!(required_from_message("Missing permission: admin").is_empty());
        assert_eq!(
            required_from_message("OBP-20006: User is missing one or more roles: CanUpdateAccount"),
            ["CanUpdateAccount"]
        );
        // Names the server quotes, whatever their shape.
        assert_eq!(
            required_from_message("This endpoint requires all the following roles: ['admin']"),
            ["admin"]
        );
        assert_eq!(
            required_from_message("403: User does not have 'admin' permission"),
            ["admin"]
        );
        assert!(required_from_message("User does not have admin permission").is_empty());
        // The colon of another sentence ("Note: … requests/minute") lists no scope.
        assert!(
            required_from_message(
                "It lacks the invoices:write permission. Note: rate limits are 100 requests/minute."
            )
            .is_empty()
        );
    }

    #[test]
    fn provider_phrasings() {
        let cases: &[(&str, &[&str])] = &[
            (
                "token does not have at least one of required scope(s), required=[write:issue], token scope=read:issue,read:repository",
                &["write:issue"],
            ),
            (
                "OAuthForbidden: You are missing the following scopes - 'sites:read'",
                &["sites:read"],
            ),
            (
                "Insufficient scope, expected any of: read:grants",
                &["read:grants"],
            ),
            (
                "Insufficient scope, expected any of: read:users,read:user_idp_tokens",
                &["read:users", "read:user_idp_tokens"],
            ),
            (
                "OAuth token does not meet scope requirement user:profile",
                &["user:profile"],
            ),
            (
                "Unauthorized access. 'Listen' claim(s) are required to perform this operation.",
                &["Listen"],
            ),
            (
                "You have insufficient permissions for this operation. Missing scopes: api.responses.write. Check that you have the correct role",
                &["api.responses.write"],
            ),
            (
                "The provided key 'rk_live_***' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.",
                &["rak_charge_write"],
            ),
            (
                "[API] This action requires merchant approval for read_orders scope.",
                &["read_orders"],
            ),
            (
                "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::b\" because no identity-based policy allows the s3:ListBucket action",
                &["s3:ListBucket"],
            ),
            (
                "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read' over scope '/subscriptions/z'",
                &["Microsoft.Resources/subscriptions/read"],
            ),
            (
                "Permission 'storage.objects.get' denied on resource (or it may not exist).",
                &["storage.objects.get"],
            ),
            (
                "sa@p.iam.gserviceaccount.com does not have storage.objects.list access to the Google Cloud Storage bucket.",
                &["storage.objects.list"],
            ),
            (
                "pods is forbidden: User \"system:serviceaccount:gluu:default\" cannot list resource \"pods\" in API group \"\" in the namespace \"gluu\"",
                &["list pods"],
            ),
            (
                "deployments.apps is forbidden: User \"u\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"d\"",
                &["create deployments.apps"],
            ),
            (
                "forbidden: User \"system:anonymous\" cannot get path \"/\"",
                &["get /"],
            ),
            (
                "Your token has not been granted the required scopes to execute this query. The 'login' field requires one of the following scopes: ['read:org'], but your token has only been granted the: ['repo'] scopes.",
                &["read:org"],
            ),
            ("Bad credentials", &[]),
            ("permission denied", &[]),
        ];
        for (msg, want) in cases {
            assert_eq!(required_from_message(msg), *want, "{msg}");
        }
        assert_eq!(
            granted_from_message(
                cases
                    .iter()
                    .find(|c| c.0.contains("granted the:"))
                    .unwrap()
                    .0
            ),
            ["repo"],
            "GitHub GraphQL granted list"
        );
        assert_eq!(
            granted_from_message(cases[0].0),
            ["read:issue", "read:repository"],
            "Gitea's token scope list"
        );
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = format!("expected any of: {}", "a,".repeat(10_000));
        assert!(required_from_message(&long).len() <= MAX_SCOPES);
        assert!(required_from_message("having the '").is_empty());
        assert!(required_from_message(" cannot  resource \"").is_empty());
        assert!(required_from_message("ünïcödé expected any of: é").len() <= 1);
    }
}
