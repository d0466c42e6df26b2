//! Text normalized into words (lowercase, camelCase and snake_case split, single spaces) and
//! whole-word matching of phrases on it.

/// Lowercase words separated by single spaces, with a space at each end, so that a phrase
/// `p` stands as whole words in `n` exactly when `n` contains `" p "`.
pub(crate) fn normalize(text: &str) -> String {
    let crash = crash_on_absent_key(text);
    let text = crash.as_ref();
    let lexemes = super::lexeme::mask_parser_tokens(text);
    let hosts = mask_host_names(lexemes.as_ref());
    let fields = mask_attribute_fields(hosts.as_ref());
    let masked = mask_scope_names(fields.as_ref());
    let text = masked.as_ref();
    let ascii = text.is_ascii();
    // Words of a script without spaces are found inside its runs, before the runs are split.
    let spaced;
    let text = if ascii {
        text
    } else {
        spaced = unspaced_words(text);
        spaced.as_str()
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let chars: Vec<char> = text.chars().take(2_000).collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() {
            // camelCase and ACRONYMWord boundaries; and where a script without spaces between
            // words (Chinese, Japanese) meets a Latin one ("不合法的access_token")
            // (an acronym of one letter stays in its word: "OAuth", "ETag", not "o auth"; so
            // does an acronym's plural: "APIs", "URLs", not "ap is")
            let plural =
                || next == Some('s') && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic());
            let acronym = || i >= 2 && chars[i - 2].is_uppercase() && !plural();
            let boundary = (c.is_uppercase()
                && prev.is_some_and(|p| {
                    p.is_lowercase()
                        || (p.is_uppercase() && next.is_some_and(char::is_lowercase) && acronym())
                }))
                || prev.is_some_and(|p| unspaced(p) != unspaced(c));
            if boundary && !out.ends_with(' ') {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
        } else if is_mark(c) && prev.is_some_and(|p| p.is_alphanumeric() || is_mark(p)) {
            // a vowel sign or a point stays in its word
            out.push(c);
        } else if (c == '\'' || c == '\u{2019}')
            && out.ends_with('n')
            && next.is_some_and(|n| n == 't' || n == 'T')
            && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric())
        {
            // "don't" → "do not", "couldn't" → "could not", "can't" → "cannot"
            if out.ends_with(" can") {
                out.push_str("no");
            } else {
                out.pop();
                out.push_str(" no");
            }
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    if let Some(t) = translated(&out) {
        out = t;
    }
    if let Some(t) = compounds_split(&out) {
        out = t;
    }
    // "can not" reads as "cannot"; "not currently enabled" as "not enabled"
    for (from, to) in [
        (" can not ", " cannot "),
        (" not currently ", " not "),
        (" not presently ", " not "),
        (" is currently ", " is "),
    ] {
        if memchr::memmem::find(out.as_bytes(), from.as_bytes()).is_some() {
            out = out.replace(from, to);
        }
    }
    // The operating system's refusal of a file to the server (Node's "EACCES: permission
    // denied, open '/srv/…'", Python's "[Errno 13] Permission denied: '…'") is the server's
    // own trouble, not a permission of the caller.
    if [" eacces ", " eperm ", " errno 13 "]
        .iter()
        .any(|c| memchr::memmem::find(out.as_bytes(), c.as_bytes()).is_some())
    {
        out = out.replace(" permission denied ", " os refused ");
    }
    out
}

/// A scope's name (`billing:*:read`, `write:statuses`, `repo:status`) is one name, not words of
/// a message: its parts must not read as what the message says ("billing" as a plan, "read" as
/// a verb). Each becomes the word `scope`. A name is letters, digits and `_ . * - /` around at
/// least one `:`, in lower case, with a letter or `*` on both sides of each `:` (not a time, a
/// port, a URL or a code run into a sentence).
/// Top-level labels a host name in a message ends with.
const TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "io",
    "dev",
    "app",
    "co",
    "uk",
    "de",
    "fr",
    "jp",
    "cn",
    "ru",
    "br",
    "in",
    "eu",
    "us",
    "ca",
    "au",
    "nl",
    "es",
    "it",
    "ch",
    "se",
    "cloud",
    "ai",
    "me",
    "info",
    "biz",
    "local",
    "localhost",
    "internal",
    "lan",
    "corp",
    "home",
    "test",
    "example",
    "invalid",
];

/// Host names quoted in a message ("This host (\"app.dev-box.example-corp.com\") is not
/// allowed") read as the word "host": their labels are no words of the message (`app` is
/// no application, `login.example.com` no sign-in).
fn mask_host_names(text: &str) -> std::borrow::Cow<'_, str> {
    let is_host = |w: &str| {
        // (an e-mail address is masked whole by its domain: `bounced@example.org` names no
        // organization)
        let w = w.rsplit('@').next().unwrap_or(w);
        let w = w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'));
        let w = w.trim_end_matches('.');
        let labels: Vec<&str> = w.split('.').collect();
        labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            && labels
                .last()
                .is_some_and(|t| TLDS.contains(&t.to_ascii_lowercase().as_str()))
            // (a dotted name in lower case whose first label is a word of its own, like a
            // permission `files.read`, ends in no TLD and stays)
            && !w.contains("..")
    };
    // A whole URL is a reference: the words of its path (`…/login`) are no subject either.
    let urls = mask_urls(text);
    if !urls.contains('.') {
        return urls;
    }
    match mask_words(&urls, is_host, "host") {
        std::borrow::Cow::Borrowed(_) => urls,
        std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o),
    }
}

/// `text` with each URL (`scheme://` and the URL characters after it) replaced by `host`, even
/// inside a run of another script (`…权限详情访问：https://tushare.pro/document/1。`).
fn mask_urls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("://") {
        return std::borrow::Cow::Borrowed(text);
    }
    let is_url_char = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let start = rest[..i]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphabetic())
            .last()
            .map_or(i, |(j, _)| j);
        let end = i + rest[i..]
            .find(|c: char| !is_url_char(c))
            .unwrap_or(rest.len() - i);
        out.push_str(&rest[..start]);
        if start < i {
            out.push_str(" host ");
            rest = &rest[end.max(i + 3)..];
        } else {
            out.push_str("://");
            rest = &rest[i + 3..];
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// `text` with each space-separated word for which `is` holds replaced by `with`.
fn mask_words<'t>(
    text: &'t str,
    is: impl Fn(&str) -> bool,
    with: &str,
) -> std::borrow::Cow<'t, str> {
    if !text.split_whitespace().any(&is) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(if is(w) { with } else { w });
    }
    std::borrow::Cow::Owned(out)
}

/// A field named for an attribute of a credential (`token_name`, `keyLabel`,
/// `api_key_description`) is a payload's field, not the credential: "Missing token_name field
/// in request body" asks for a name, of a token being created.
fn mask_attribute_fields(text: &str) -> std::borrow::Cow<'_, str> {
    const ATTRIBUTES: &[&str] = &["name", "names", "label", "title", "description", "desc"];
    const CREDENTIALS: &[&str] = &[
        "token",
        "key",
        "apikey",
        "secret",
        "password",
        "credential",
        "credentials",
    ];
    if !text.contains('_') && !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let is_field = |w: &str| {
        let w = w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        if w.len() > 48 || !w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return false;
        }
        let mut parts: Vec<String> = Vec::new();
        let mut prev_lower = false;
        for c in w.chars() {
            if c == '_' {
                parts.push(String::new());
                prev_lower = false;
                continue;
            }
            if parts.is_empty() || (c.is_ascii_uppercase() && prev_lower) {
                parts.push(String::new());
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            if let Some(p) = parts.last_mut() {
                p.push(c.to_ascii_lowercase());
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.len() >= 2
            && parts
                .last()
                .is_some_and(|l| ATTRIBUTES.contains(&l.as_str()))
            && parts[..parts.len() - 1]
                .iter()
                .any(|p| CREDENTIALS.contains(&p.as_str()))
    };
    mask_words(text, is_field, "field")
}

fn mask_scope_names(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(':') {
        return std::borrow::Cow::Borrowed(text);
    }
    let is_name = |w: &str| {
        let w = w.trim_end_matches(['.', ',', ';', ')', ']', '"', '\'']);
        let w = w.trim_start_matches(['(', '[', '"', '\'']);
        let b = w.as_bytes();
        !w.contains("//")
            && b.len() >= 3
            && b.iter().all(|c| c.is_ascii_alphanumeric() || b"_.*-/:".contains(c))
            && b.contains(&b':')
            // scopes are written in lower case; `AuthenticationFailed:Server` is a code and words
            && !b.iter().any(u8::is_ascii_uppercase)
            && b.iter().enumerate().filter(|(_, c)| **c == b':').all(|(i, _)| {
                let ok = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_alphabetic() || *c == b'*');
                ok(i.checked_sub(1).and_then(|j| b.get(j))) && ok(b.get(i + 1))
            })
    };
    mask_words(text, is_name, "scope")
}

/// Words of other languages read as the English words of the phrase tables: what is said of a
/// credential (invalid, expired, revoked, missing) and what it is (key, password, credentials),
/// in German, French, Spanish, Portuguese and Italian. Account states are in the tables
/// themselves.
const TRANSLATED: &[(&str, &str)] = &[
    ("ungültig", "invalid"),
    ("ungültiger", "invalid"),
    ("ungültige", "invalid"),
    ("ungültiges", "invalid"),
    ("invalide", "invalid"),
    ("inválido", "invalid"),
    ("inválida", "invalid"),
    ("invalido", "invalid"),
    ("invalida", "invalid"),
    ("incorrecto", "incorrect"),
    ("incorrecta", "incorrect"),
    ("incorrecte", "incorrect"),
    ("incorreto", "incorrect"),
    ("incorreta", "incorrect"),
    ("errato", "incorrect"),
    ("errata", "incorrect"),
    ("falsch", "wrong"),
    ("falscher", "wrong"),
    ("falsches", "wrong"),
    ("abgelaufen", "expired"),
    ("expiré", "expired"),
    ("expirée", "expired"),
    ("expirado", "expired"),
    ("expirada", "expired"),
    ("caducado", "expired"),
    ("caducada", "expired"),
    ("scaduto", "expired"),
    ("scaduta", "expired"),
    ("widerrufen", "revoked"),
    ("révoqué", "revoked"),
    ("révoquée", "revoked"),
    ("revocado", "revoked"),
    ("revocada", "revoked"),
    ("revogado", "revoked"),
    ("revogada", "revoked"),
    ("revocato", "revoked"),
    ("schlüssel", "key"),
    ("clé", "key"),
    ("clave", "key"),
    ("chave", "key"),
    ("chiave", "key"),
    ("passwort", "password"),
    ("kennwort", "password"),
    ("contraseña", "password"),
    ("senha", "password"),
    ("zugangsdaten", "credentials"),
    ("anmeldedaten", "credentials"),
    ("identifiants", "credentials"),
    ("credenciales", "credentials"),
    ("credenciais", "credentials"),
    ("credenziali", "credentials"),
    ("fehlt", "missing"),
    // Croatian, Serbian, Bosnian, Slovenian, Slovak
    ("nevažeći", "invalid"),
    ("nevažeća", "invalid"),
    ("nevažeće", "invalid"),
    ("neveljaven", "invalid"),
    ("neveljavna", "invalid"),
    ("neveljavno", "invalid"),
    ("neispravan", "invalid"),
    ("neispravna", "invalid"),
    ("istekao", "expired"),
    ("istekla", "expired"),
    ("isteklo", "expired"),
    ("potekel", "expired"),
    ("poteklo", "expired"),
    ("vypršal", "expired"),
    ("vypršala", "expired"),
    ("ključ", "key"),
    ("kľúč", "key"),
    ("lozinka", "password"),
    ("geslo", "password"),
    ("nedostaje", "missing"),
    ("chýba", "missing"),
    ("неважећи", "invalid"),
    ("неважећа", "invalid"),
    ("истекао", "expired"),
    ("истекла", "expired"),
    ("кључ", "key"),
    ("лозинка", "password"),
    // Bulgarian
    ("невалиден", "invalid"),
    ("невалидна", "invalid"),
    ("невалидно", "invalid"),
    ("изтекъл", "expired"),
    ("изтекла", "expired"),
    ("парола", "password"),
    ("липсва", "missing"),
    // Lithuanian, Latvian, Estonian
    ("neteisingas", "invalid"),
    ("neteisinga", "invalid"),
    ("negaliojantis", "invalid"),
    ("negaliojanti", "invalid"),
    ("pasibaigė", "expired"),
    ("raktas", "key"),
    ("slaptažodis", "password"),
    ("nederīgs", "invalid"),
    ("nederīga", "invalid"),
    ("nepareizs", "invalid"),
    ("beidzies", "expired"),
    ("atslēga", "key"),
    ("kehtetu", "invalid"),
    ("vigane", "invalid"),
    ("aegunud", "expired"),
    ("võti", "key"),
    ("parool", "password"),
    ("puudub", "missing"),
    // Catalan
    ("invàlid", "invalid"),
    ("invàlida", "invalid"),
    ("caducat", "expired"),
    ("clau", "key"),
    ("contrasenya", "password"),
    // Greek
    ("άκυρο", "invalid"),
    ("άκυρος", "invalid"),
    ("μη", "not"),
    ("έγκυρο", "valid"),
    ("έγκυρος", "valid"),
    ("έληξε", "expired"),
    ("κλειδί", "key"),
    ("κωδικός", "password"),
    // Swahili, Afrikaans
    ("batili", "invalid"),
    ("ufunguo", "key"),
    ("nenosiri", "password"),
    ("ongeldig", "invalid"),
    ("wagwoord", "password"),
    // Hebrew
    ("לא", "not"),
    ("חוקי", "valid"),
    ("תקף", "valid"),
    ("תקין", "valid"),
    ("שגוי", "wrong"),
    ("שגויה", "wrong"),
    ("מפתח", "key"),
    ("סיסמה", "password"),
    ("טוקן", "token"),
    ("מורשה", "authorized"),
    ("הרשאה", "permission"),
    ("הרשאות", "permissions"),
    ("אין", "no"),
    // Arabic and Persian
    ("غير", "not"),
    ("صالح", "valid"),
    ("صالحة", "valid"),
    ("خاطئ", "wrong"),
    ("خاطئة", "wrong"),
    ("مفتاح", "key"),
    ("مصرح", "authorized"),
    ("صلاحية", "permission"),
    ("صلاحيات", "permissions"),
    ("مفقود", "missing"),
    ("مفقودة", "missing"),
    // "تجاوزت الحد المسموح لمحاولة تسجيل الدخول" (the allowed limit of sign-in attempts was
    // exceeded)
    ("تجاوزت", "exceeded"),
    ("الحد", "limit"),
    ("نامعتبر", "invalid"),
    ("منقضی", "expired"),
    ("کلید", "key"),
    ("غیرمجاز", "unauthorized"),
    // Hindi
    ("अमान्य", "invalid"),
    ("कुंजी", "key"),
    ("पासवर्ड", "password"),
    ("टोकन", "token"),
    ("अनधिकृत", "unauthorized"),
    ("अनुमति", "permission"),
    // Indonesian and Malay: "Header Authorization tidak ditemukan" (not found), "Nama
    // pengguna atau kata sandi salah" (user name or password wrong)
    ("tidak", "not"),
    ("ditemukan", "found"),
    ("sandi", "password"),
    ("salah", "wrong"),
    ("pengguna", "user"),
    // Spanish "no se proveyeron" (were not provided), Portuguese "Cabeçalho de token
    // inválido" (invalid token header)
    ("proveyeron", "provided"),
    ("proporcionaron", "provided"),
    ("proporcionado", "provided"),
    ("proporcionadas", "provided"),
    ("cabeçalho", "header"),
    ("encabezado", "header"),
    // "Votre token n'est pas renseigné": not provided
    ("pas", "not"),
    ("renseigné", "provided"),
    ("renseignée", "provided"),
    ("fourni", "provided"),
    ("fournie", "provided"),
    ("manquant", "missing"),
    ("manquante", "missing"),
    ("mancante", "missing"),
    // Spanish and Portuguese: "falta el token", "api_key está faltando"
    ("falta", "missing"),
    ("faltando", "missing"),
    ("faltante", "missing"),
    ("ausente", "missing"),
    ("denegado", "denied"),
    ("denegada", "denied"),
    ("negado", "denied"),
    ("negada", "denied"),
    ("verweigert", "denied"),
    ("refusé", "denied"),
    ("refusée", "denied"),
    ("negato", "denied"),
    ("negata", "denied"),
    ("permitidas", "allowed"),
    ("permitidos", "allowed"),
    ("permitida", "allowed"),
    ("permitido", "allowed"),
    ("autorisé", "authorized"),
    ("autorisée", "authorized"),
    ("autorisées", "allowed"),
    ("autorisés", "allowed"),
    ("erlaubt", "allowed"),
    ("erlaubten", "allowed"),
    // Swedish, Danish, Norwegian, Dutch, Polish
    ("ogiltig", "invalid"),
    ("ogiltigt", "invalid"),
    ("ugyldig", "invalid"),
    ("ugyldigt", "invalid"),
    ("ongeldig", "invalid"),
    ("ongeldige", "invalid"),
    ("nieprawidłowy", "invalid"),
    ("nieprawidłowa", "invalid"),
    ("nieprawidłowe", "invalid"),
    ("saknas", "missing"),
    ("mangler", "missing"),
    ("ontbreekt", "missing"),
    ("utgått", "expired"),
    ("udløbet", "expired"),
    ("utløpt", "expired"),
    ("verlopen", "expired"),
    ("wygasł", "expired"),
    ("wygasła", "expired"),
    ("wygasło", "expired"),
    ("nyckel", "key"),
    ("nøgle", "key"),
    ("nøkkel", "key"),
    ("sleutel", "key"),
    ("klucz", "key"),
    ("lösenord", "password"),
    ("passord", "password"),
    ("adgangskode", "password"),
    ("wachtwoord", "password"),
    ("hasło", "password"),
    // Czech, Slovak, Hungarian, Romanian, Finnish, Indonesian, Ukrainian
    ("neplatný", "invalid"),
    ("neplatná", "invalid"),
    ("neplatné", "invalid"),
    ("vypršel", "expired"),
    ("vypršela", "expired"),
    ("vypršelo", "expired"),
    ("odvolán", "revoked"),
    ("odvolána", "revoked"),
    ("odvoláno", "revoked"),
    ("zrušen", "revoked"),
    ("chybí", "missing"),
    // Django's Czech: "Nebyly zadány přihlašovací údaje." (no credentials were given),
    // "Chybná hlavička tokenu. Přihlašovací údaje by neměly obsahovat mezery." (invalid token
    // header; credentials should not contain spaces), "Uživatel není aktivní" (the user is
    // not active)
    ("nebyly", "not"),
    ("zadány", "provided"),
    ("přihlašovací", "login"),
    ("údaje", "credentials"),
    ("chybná", "invalid"),
    ("chybný", "invalid"),
    ("hlavička", "header"),
    ("tokenu", "token"),
    ("neměly", "should not"),
    ("obsahovat", "contain"),
    ("mezery", "spaces"),
    ("uživatel", "user"),
    ("není", "is not"),
    ("aktivní", "active"),
    // Polish: "Konto jest wyłączone." (the account is disabled)
    ("wyłączone", "disabled"),
    ("wyłączony", "disabled"),
    ("wyłączona", "disabled"),
    ("zablokowane", "blocked"),
    ("zablokowany", "blocked"),
    ("klíč", "key"),
    ("heslo", "password"),
    ("érvénytelen", "invalid"),
    ("lejárt", "expired"),
    ("visszavont", "revoked"),
    ("hiányzik", "missing"),
    ("kulcs", "key"),
    ("jelszó", "password"),
    ("expirat", "expired"),
    ("expirată", "expired"),
    ("revocat", "revoked"),
    ("revocată", "revoked"),
    ("lipsește", "missing"),
    ("cheie", "key"),
    ("cheia", "key"),
    ("parola", "password"),
    ("virheellinen", "invalid"),
    ("vanhentunut", "expired"),
    ("peruutettu", "revoked"),
    ("puuttuu", "missing"),
    ("avain", "key"),
    ("salasana", "password"),
    ("kedaluwarsa", "expired"),
    ("dicabut", "revoked"),
    ("kunci", "key"),
    ("недійсний", "invalid"),
    ("закінчився", "expired"),
    ("відкликано", "revoked"),
    ("відсутній", "missing"),
    // Turkish
    ("anahtar", "key"),
    ("anahtarı", "key"),
    ("anahtarınız", "key"),
    ("şifre", "password"),
    ("parola", "password"),
    ("geçersiz", "invalid"),
    ("hatalı", "incorrect"),
    ("eksik", "missing"),
    ("bulunamadı", "not found"),
    ("reddedildi", "denied"),
    // Russian
    ("ключ", "key"),
    ("ключа", "key"),
    ("токен", "token"),
    ("токена", "token"),
    ("пароль", "password"),
    ("недействительный", "invalid"),
    ("недействителен", "invalid"),
    ("неверный", "invalid"),
    ("неверен", "invalid"),
    ("неправильный", "incorrect"),
    ("неправильная", "incorrect"),
    ("неправильное", "incorrect"),
    ("неправильно", "incorrect"),
    ("истек", "expired"),
    ("истёк", "expired"),
    ("отсутствует", "missing"),
    ("запрещен", "denied"),
    ("запрещён", "denied"),
];

/// Words of Chinese, Japanese and Korean found inside a run of their script and set apart as
/// the English word (`不合法的access_token` reads `invalid … access token`).
const UNSPACED_WORDS: &[(&str, &str)] = &[
    // Phrases whose English runs in another order, before their parts below: "需要登录"
    // (login required), "请先登录" (please log in first), "未登录" (not logged in), "登录验证
    // 失败" (login verification failed), "访问被拒绝" (access denied), "请求过于频繁" (requests
    // too frequent). 登陆 is a common spelling of 登录.
    ("需要登录", "login required"),
    ("需要登陆", "login required"),
    ("请先登录", "please log in"),
    ("请先登陆", "please log in"),
    ("请登录", "please log in"),
    ("未登录", "not logged in"),
    ("未登陆", "not logged in"),
    ("登录失败", "login failed"),
    // "登录超时，请重新登录" (the login timed out, please log in again): the session ended
    ("登录超时", "session expired"),
    // "账户余额不足" (the account's balance is insufficient), "欠费" (payment in arrears),
    // "触发小时级流控" (the hourly flow control was triggered), "限流" (flow limited)
    ("余额不足", "insufficient balance"),
    ("欠费", "payment overdue"),
    ("流控", "rate limited"),
    ("限流", "rate limited"),
    ("登陆超时", "session expired"),
    ("请重新登录", "please log in again"),
    ("重新登录", "log in again"),
    // "接口访问源IP不在白名单" (the calling IP is not on the allowlist)
    ("不在白名单", "not whitelisted"),
    ("白名单", "whitelist"),
    ("登陆失败", "login failed"),
    ("验证失败", "verification failed"),
    // "签名错误" (the signature is wrong), before 错误 alone reads as "error"
    ("签名错误", "signature incorrect"),
    ("签名不正确", "signature incorrect"),
    ("校验失败", "verification failed"),
    ("访问被拒绝", "access denied"),
    ("拒绝访问", "access denied"),
    // "每分钟调用频率超限" (the calls per minute went over the rate limit)
    ("频率超限", "rate limit exceeded"),
    ("频率限制", "rate limit"),
    // "访问ip与备案ip不符" (the calling IP does not match the registered IP)
    ("不符", "does not match"),
    ("备案", "registered"),
    // "该应用已被禁用" (the application has been disabled)
    ("应用", "application"),
    ("请求过于频繁", "too many requests"),
    ("过于频繁", "too many requests"),
    ("请求太频繁", "too many requests"),
    ("会话", "session"),
    ("失效", "expired"),
    ("失败", "failed"),
    ("登陆", "login"),
    // "错误的请求KEY": 错误 alone is "error"; before 的 it qualifies a noun, "wrong"
    ("错误的", "wrong"),
    ("无效", "invalid"),
    ("無効", "invalid"),
    ("無效", "invalid"),
    ("不合法", "invalid"),
    ("非法", "invalid"),
    // "格式错误": the format is wrong (before 错误 is read as "error")
    ("格式错误", "wrong format"),
    ("格式不正确", "wrong format"),
    // 不正确 (Chinese) is "incorrect"; 不正 alone (Japanese "不正です") "invalid"
    ("不正确", "incorrect"),
    ("不正確", "incorrect"),
    ("不正", "invalid"),
    // Korean negation follows its verb: "유효하지 않은" (not valid), "허용되지 않은" (not
    // allowed); "입니다" is the formal "is"
    ("유효하지 않은", "invalid"),
    ("허용되지 않은", "not allowed"),
    ("입니다", "is"),
    ("유효하지", "invalid"),
    // "인증키가 누락되었습니다" (the authentication key is missing), "등록되지 않은
    // 인증키입니다" (an authentication key not registered)
    ("인증키", "auth key"),
    ("인증", "authentication"),
    ("누락", "missing"),
    ("등록되지", "not registered"),
    ("过期", "expired"),
    ("過期", "expired"),
    ("期限切れ", "expired"),
    ("만료", "expired"),
    ("令牌", "token"),
    ("トークン", "token"),
    ("토큰", "token"),
    ("密钥", "key"),
    ("密鑰", "key"),
    ("秘钥", "key"),
    ("キー", "key"),
    ("密码", "password"),
    ("パスワード", "password"),
    ("비밀번호", "password"),
    ("签名", "signature"),
    ("署名", "signature"),
    ("서명", "signature"),
    ("权限", "permission"),
    ("権限", "permission"),
    ("권한", "permission"),
    ("缺少", "missing"),
    // "额度已用尽": the quota is used up
    ("额度", "quota"),
    ("配额", "quota"),
    ("已用尽", "exhausted"),
    ("用尽", "exhausted"),
    // "アクセストークン": an access token
    ("アクセス", "access"),
    ("認証", "authentication"),
    ("认证", "authentication"),
    // "鉴权失败" (authentication failed), the word of Chinese cloud APIs
    ("鉴权", "authentication"),
    ("鑒權", "authentication"),
    ("ログイン", "login"),
    ("登录", "login"),
    // "请求来源未被授权": the request's origin is not authorized
    ("未被授权", "not authorized"),
    ("未经授权", "not authorized"),
    ("未授权", "not authorized"),
    ("来源", "origin"),
    // "您没有访问该接口的权限": you do not have permission to this interface
    ("没有", "not have"),
    // "账号已被锁定": the account has been locked; 禁用/停用 disabled, 冻结 frozen
    ("账号", "account"),
    ("帳號", "account"),
    ("帐号", "account"),
    ("账户", "account"),
    ("賬戶", "account"),
    ("アカウント", "account"),
    ("계정", "account"),
    ("锁定", "locked"),
    ("鎖定", "locked"),
    ("ロック", "locked"),
    ("禁用", "disabled"),
    ("时间戳", "timestamp"),
    ("停用", "disabled"),
    ("冻结", "frozen"),
    ("凍結", "frozen"),
    // Thai
    ("ไม่ถูกต้อง", "invalid"),
    ("หมดอายุ", "expired"),
    ("รหัสผ่าน", "password"),
    ("โทเค็น", "token"),
    ("คีย์", "key"),
    ("ไม่ได้รับอนุญาต", "not authorized"),
    ("สิทธิ์", "permission"),
    // Vietnamese: words of several syllables, with their capitalised first forms
    ("không hợp lệ", "invalid"),
    ("Không hợp lệ", "invalid"),
    ("hết hạn", "expired"),
    ("Hết hạn", "expired"),
    ("mật khẩu", "password"),
    ("Mật khẩu", "password"),
    ("khóa", "key"),
    ("Khóa", "key"),
    ("không được ủy quyền", "not authorized"),
    ("Không được ủy quyền", "not authorized"),
    ("quyền truy cập", "permission"),
    // "Người dùng không còn hoạt động, hoặc đã bị xoá": the user is no longer active, or
    // deleted
    ("người dùng", "user"),
    ("Người dùng", "user"),
    ("không còn hoạt động", "inactive"),
    ("không hoạt động", "inactive"),
    ("bị xoá", "deleted"),
    ("bị xóa", "deleted"),
    // Django REST framework's Spanish and Portuguese: "Las credenciales de autenticación no se
    // proveyeron." (were not provided), "Usuario inactivo o borrado." (inactive or deleted)
    ("no se proveyeron", "not provided"),
    ("no se proporcionaron", "not provided"),
    ("não foram fornecidas", "not provided"),
    ("não foram fornecidos", "not provided"),
    ("inactivo", "inactive"),
    ("inativo", "inactive"),
    // Arabic: "المستخدم غير مفعل او تم حذفه" (the user is not active or was deleted)
    ("المستخدم", "user"),
    ("غير مفعل", "inactive"),
    ("غير نشط", "inactive"),
    ("حذفه", "deleted"),
    // Persian: "رمز عبور" (password), two words; "کاربر مسدود شده است" (the user has been
    // blocked); "این IP با IP های ثبت شده … همخوانی ندارد" (this IP does not match the
    // registered IPs)
    ("رمز عبور", "password"),
    ("کاربر", "user"),
    ("مسدود", "blocked"),
    ("همخوانی ندارد", "does not match"),
    ("كلمة المرور", "password"),
    ("انتهت صلاحية", "expired"),
];

/// A crash on reading a credential's key that was not there, as Python and JavaScript report
/// it (`KeyError: 'authorization'`, "Cannot read properties of null (reading
/// 'UsernameToken')"), said as what it means: the credential is missing. A payload's key
/// (`KeyError: 'page_token'`) is left as it is.
fn crash_on_absent_key(text: &str) -> std::borrow::Cow<'_, str> {
    const CRASHES: &[&str] = &[
        "KeyError: ",
        "Cannot read properties of undefined (reading ",
        "Cannot read properties of null (reading ",
    ];
    if !CRASHES.iter().any(|c| text.contains(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let names_credential = |name: &str| {
        let lower = name.to_ascii_lowercase();
        matches!(
            lower.as_str(),
            "authorization" | "proxy-authorization" | "cookie" | "usernametoken" | "security"
        ) || crate::credential::body::is_secret_field(&lower)
            || http::HeaderName::from_bytes(lower.as_bytes())
                .is_ok_and(|h| crate::credential::is_word_header(&h))
    };
    let mut out = text.to_owned();
    for c in CRASHES {
        let mut from = 0;
        while let Some(i) = out[from..].find(c).map(|i| i + from) {
            let after = i + c.len();
            let rest = &out[after..];
            let quoted = rest
                .strip_prefix(['\'', '"'])
                .and_then(|r| r.split_once(['\'', '"']))
                .map(|(name, _)| name);
            if quoted.is_some_and(|n| n.len() <= 64 && names_credential(n)) {
                out.replace_range(i..after, "missing ");
                from = i + "missing ".len();
            } else {
                from = after;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` with the words of [`UNSPACED_WORDS`] set apart by spaces, as their English word.
fn unspaced_words(text: &str) -> String {
    let mut out = text.to_owned();
    for (word, english) in UNSPACED_WORDS {
        if out.contains(word) {
            out = out.replace(word, &format!(" {english} "));
        }
    }
    out
}

/// What a credential is, and what can be said of it, as codes run them together without a
/// separator (`sessionexpired`, `invalidtoken`, `apikeymissing`).
const COMPOUND_NOUNS: &[&str] = &[
    "token",
    "session",
    "apikey",
    "key",
    "password",
    "credentials",
    "signature",
    "auth",
    "login",
];
const COMPOUND_STATES: &[&str] = &[
    "expired",
    "invalid",
    "revoked",
    "missing",
    "required",
    "denied",
    "notfound",
    // dyndns2's `badauth`, `authfailed`, `wrongpassword`
    "bad",
    "wrong",
    "failed",
    "incorrect",
];

/// A normalized text with each word that is a noun and a state run together
/// (`sessionexpired`) split in two, if it holds any.
fn compounds_split(n: &str) -> Option<String> {
    let split = |w: &str| -> Option<String> {
        if w.len() < 6 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        fn words_of(state: &str) -> &str {
            if state == "notfound" {
                "not found"
            } else {
                state
            }
        }
        let is_state = |rest: &str| COMPOUND_STATES.contains(&rest);
        for noun in COMPOUND_NOUNS {
            if let Some(state) = w.strip_prefix(noun).filter(|r| is_state(r)) {
                return Some(format!("{noun} {}", words_of(state)));
            }
            if let Some(state) = w.strip_suffix(noun).filter(|r| is_state(r)) {
                return Some(format!("{} {noun}", words_of(state)));
            }
        }
        None
    };
    if !n.split_whitespace().any(|w| split(w).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(n.len() + 8);
    out.push(' ');
    for w in n.split_whitespace() {
        match split(w) {
            Some(s) => out.push_str(&s),
            None => out.push_str(w),
        }
        out.push(' ');
    }
    Some(out)
}

/// A normalized text with the words of [`TRANSLATED`] in English, if it holds any.
fn translated(n: &str) -> Option<String> {
    // (looked up by word, not scanned: every message's every word is asked for)
    static ENGLISH: std::sync::LazyLock<
        std::collections::HashMap<&'static str, &'static str, foldhash::fast::FixedState>,
    > = std::sync::LazyLock::new(|| {
        let mut map = std::collections::HashMap::with_capacity_and_hasher(
            TRANSLATED.len(),
            foldhash::fast::FixedState::default(),
        );
        for (word, english) in TRANSLATED {
            // (the first entry of a word wins, as a scan would find it)
            map.entry(*word).or_insert(*english);
        }
        map
    });
    let english = |w: &str| ENGLISH.get(w).copied();
    if !n.split_whitespace().any(|w| english(w).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(n.len());
    out.push(' ');
    for w in n.split_whitespace() {
        out.push_str(english(w).unwrap_or(w));
        out.push(' ');
    }
    Some(out)
}

/// Whether `c` is a combining mark inside a word: the vowel signs and viramas of Indic scripts
/// (Devanagari's `ा` in `अमान्य`), Arabic and Hebrew points, combining diacritics. Rust's
/// `is_alphanumeric` leaves them out, which would cut such words apart.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
            | 0x0483..=0x0489
            | 0x0591..=0x05C7
            | 0x0610..=0x061A
            | 0x064B..=0x065F
            | 0x0670
            | 0x06D6..=0x06ED
            | 0x0900..=0x0903
            | 0x093A..=0x094F
            | 0x0951..=0x0957
            | 0x0962..=0x0963
            | 0x0981..=0x0983
            | 0x09BC..=0x09D7
            | 0x0A01..=0x0A03
            | 0x0A3C..=0x0A51
            | 0x0A81..=0x0A83
            | 0x0ABC..=0x0ACD
            | 0x0B01..=0x0B03
            | 0x0B3C..=0x0B57
            | 0x0B82
            | 0x0BBE..=0x0BCD
            | 0x0C00..=0x0C04
            | 0x0C3E..=0x0C56
            | 0x0C81..=0x0C83
            | 0x0CBC..=0x0CD6
            | 0x0D00..=0x0D03
            | 0x0D3B..=0x0D57
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20FF
            | 0xFE20..=0xFE2F
    )
}

/// Whether `c` belongs to a script that writes words without spaces between them (CJK
/// ideographs, kana, Hangul syllables are spaced, but a Latin word beside them is its own).
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF) // CJK Compatibility Ideographs
}

/// Whether the normalized text holds `phrase` as whole words. `n` is a normalized text (single
/// spaces, one at each end): a phrase can only start right after a space, so only the places
/// of its first byte that follow one are compared.
pub(crate) fn has(n: &str, phrase: &str) -> bool {
    let (b, p) = (n.as_bytes(), phrase.as_bytes());
    let Some(&first) = p.first() else {
        return false;
    };
    if p.len() + 1 > b.len() {
        return false;
    }
    // (the phrase's first byte is rarer than a space: it is searched for, and a space must
    // stand before it)
    memchr::memchr_iter(first, &b[1..=b.len() - p.len()]).any(|j| {
        let at = j + 1;
        b[at - 1] == b' '
            && b[at..].starts_with(p)
            && b.get(at + p.len()).is_none_or(|c| *c == b' ')
    })
}

/// Word positions at which `phrase` (one or more words) starts in the normalized text.
fn positions(words: &[&str], phrase: &str) -> Vec<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    if parts.is_empty() || parts.len() > words.len() {
        return Vec::new();
    }
    (0..=words.len() - parts.len())
        .filter(|&i| words[i..i + parts.len()] == parts[..])
        .collect()
}

/// A subject and a predicate that stand within `window` words of each other in `n`: what a
/// sentence says of that subject, rather than two words of unrelated clauses.
pub(crate) fn near<'p>(
    n: &str,
    subjects: &[&'p str],
    predicates: &[&'p str],
    window: usize,
) -> Option<(&'p str, &'p str)> {
    let s = first(n, subjects)?;
    first(n, predicates)?;
    let words: Vec<&str> = n.split_whitespace().collect();
    for subject in subjects.iter().copied().filter(|x| has(n, x)) {
        let at = positions(&words, subject);
        for predicate in predicates.iter().copied().filter(|x| has(n, x)) {
            let pat = positions(&words, predicate);
            if at
                .iter()
                .any(|a| pat.iter().any(|p| a.abs_diff(*p) <= window))
            {
                return Some((subject, predicate));
            }
        }
    }
    let _ = s;
    None
}

/// A normalized message with a filter of the first two bytes of each of its words: a phrase
/// whose first two bytes start no word cannot stand in it, and most phrases are ruled out
/// without a search.
pub(super) struct Msg<'a> {
    pub(super) text: &'a str,
    heads: [u64; 16],
}

impl<'a> Msg<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut heads = [0u64; 16];
        let b = text.as_bytes();
        for i in memchr::memchr_iter(b' ', b) {
            if let Some(&c0) = b.get(i + 1) {
                let c1 = b.get(i + 2).copied().unwrap_or(b' ');
                let h = head(c0, c1);
                heads[h / 64] |= 1 << (h % 64);
            }
        }
        Msg { text, heads }
    }

    /// Whether a phrase may stand here (no false negatives).
    fn may_have(&self, phrase: &str) -> bool {
        let p = phrase.as_bytes();
        let Some(&c0) = p.first() else { return false };
        let h = head(c0, p.get(1).copied().unwrap_or(b' '));
        self.heads[h / 64] & (1 << (h % 64)) != 0
    }

    pub(super) fn has(&self, phrase: &str) -> bool {
        self.may_have(phrase) && has(self.text, phrase)
    }
}

fn head(c0: u8, c1: u8) -> usize {
    (usize::from(c0) * 31 + usize::from(c1)) % 1024
}

pub(super) fn first_in<'p>(m: &Msg<'_>, phrases: &[&'p str]) -> Option<&'p str> {
    phrases.iter().copied().find(|p| m.has(p))
}

pub(super) fn first<'p>(n: &str, phrases: &[&'p str]) -> Option<&'p str> {
    phrases.iter().copied().find(|p| has(n, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_words_of_a_key_missing_or_not_registered() {
        assert_eq!(
            normalize("인증키가 누락되었습니다."),
            " auth key 가 missing 되었습니다 "
        );
        assert!(normalize("등록되지 않은 인증키입니다.").contains(" not registered "));
    }

    #[test]
    fn a_url_is_a_reference_whatever_its_path_says() {
        assert_eq!(
            normalize("Service https://wiki.example.edu/login is not a valid service ticket URL"),
            " service host is not a valid service ticket url "
        );
        assert_eq!(
            mask_urls("访问：https://tushare.pro/document/1?doc_id=108。"),
            "访问： host 。"
        );
        // (an e-mail address is its domain's: no "org" for an organization)
        assert_eq!(
            normalize("Found inactive addresses: bounced@example.org."),
            " found inactive addresses host "
        );
    }

    #[test]
    fn an_adverb_of_time_between_not_and_its_verb_is_dropped() {
        assert_eq!(
            normalize("The feature is not currently enabled."),
            " the feature is not enabled "
        );
    }

    #[test]
    fn words_of_other_languages_read_as_the_tables_english() {
        assert_eq!(
            normalize("Der API-Schlüssel ist ungültig."),
            " der api key ist invalid "
        );
        assert_eq!(normalize("La clé API a expiré"), " la key api a expired ");
        assert_eq!(normalize("Token expirado"), " token expired ");
        assert_eq!(
            normalize("トークンの有効期限切れです"),
            " token の有効 expired です "
        );
        assert_eq!(normalize("API 密钥无效"), " api key invalid ");
        assert_eq!(
            normalize("请求来源未被授权"),
            " 请求 origin not authorized "
        );
        assert_eq!(
            normalize("Votre token n'est pas renseigné"),
            " votre token n est not provided "
        );
        assert_eq!(normalize("מפתח API לא חוקי"), " key api not valid ");
        assert_eq!(normalize("مفتاح API غير صالح"), " key api not valid ");
        assert_eq!(normalize("Khóa API không hợp lệ"), " key api invalid ");
        // Devanagari's vowel signs stay in their words; DRF's other translations
        assert_eq!(normalize("अमान्य टोकन।"), " invalid token ");
        assert!(
            normalize("Người dùng không còn hoạt động, hoặc đã bị xoá.").contains("user inactive")
        );
        assert!(normalize("المستخدم غير مفعل او تم حذفه.").contains("user inactive"));
        assert!(normalize("Nama pengguna atau kata sandi salah.").contains("password wrong"));
        assert_eq!(normalize("API ključ je nevažeći"), " api key je invalid ");
        assert_eq!(normalize("sessionexpired"), " session expired ");
        assert_eq!(normalize("INVALIDTOKEN"), " invalid token ");
        assert_eq!(normalize("tokennotfound"), " token not found ");
        assert_eq!(normalize("keyboard"), " keyboard ");
        assert_eq!(
            normalize("토큰이 만료되었습니다"),
            " token 이 expired 되었습니다 "
        );
        assert!(has(
            &normalize("Acceso denegado: la dirección IP no está en la lista de IPs permitidas"),
            "denied"
        ));
        assert_eq!(normalize("API anahtarı bulunamadı"), " api key not found ");
        assert_eq!(normalize("Токен истёк"), " token expired ");
        assert_eq!(
            normalize("access-token eller client-secret saknas"),
            " access token eller client secret missing "
        );
        assert_eq!(normalize("Token is verlopen"), " token is expired ");
        assert_eq!(normalize("Неверный ключ API"), " invalid key api ");
        // an English word that looks like one of them stays
        assert_eq!(normalize("invalid clef"), " invalid clef ");
    }

    #[test]
    fn a_latin_word_beside_an_unspaced_script_is_its_own() {
        assert_eq!(
            normalize("不合法的access_token"),
            " invalid 的 access token "
        );
        assert_eq!(normalize("トークンが無効です"), " token が invalid です ");
        assert!(normalize("アクセストークンが不正です。").contains("access token が invalid"));
        // Chinese 不正确 is "incorrect", not "invalid" and a stray 确
        assert!(normalize("密码不正确").contains("password incorrect"));
        assert!(normalize("Authorization值格式错误").contains("wrong format"));
        assert!(normalize("Неправильный api_id").contains("incorrect api id"));
        assert_eq!(normalize("clé API invalide"), " key api invalid ");
    }

    #[test]
    fn chinese_phrases_read_in_their_english_order() {
        // "login required", "please log in first", "login verification failed"
        assert!(normalize("需要登录").contains("login required"));
        assert!(normalize("登录超时，请重新登录。").contains("session expired"));
        assert!(normalize("签名错误").contains("signature incorrect"));
        assert!(normalize("接口访问源IP不在白名单").contains("ip not whitelisted"));
        assert!(normalize("请先登陆").contains("please log in"));
        assert!(normalize("登录验证失败").contains("login verification failed"));
        assert!(normalize("登陆失败").contains("login failed"));
        // "the session has expired", "requests too frequent, try again later"
        assert!(normalize("会话已失效").contains("session 已 expired"));
        assert!(normalize("请求过于频繁，请稍后再试").contains("too many requests"));
    }

    #[test]
    fn normalizes_codes_and_contractions() {
        assert_eq!(
            normalize("InvalidSignatureException"),
            " invalid signature exception "
        );
        assert_eq!(normalize("token_expired"), " token expired ");
        assert_eq!(normalize("IPAddressNotAllowed"), " ip address not allowed ");
        // (an acronym of one letter stays in its word)
        assert_eq!(
            normalize("has enabled OAuth App access restrictions; getOAuthToken"),
            " has enabled oauth app access restrictions get oauth token "
        );
        assert_eq!(
            normalize("admin APIs disabled; URLs expired; HTTPServer"),
            " admin apis disabled urls expired http server "
        );
        assert_eq!(
            normalize("You don't have permission."),
            " you do not have permission "
        );
        assert_eq!(
            normalize("We couldn’t authenticate you"),
            " we could not authenticate you "
        );
        assert!(has(&normalize("Invalid API key"), "api key"));
        assert!(!has(&normalize("lorem ipsum"), "ip"));
    }
}

/// Words a machine code may glue together without a separator (`permissiondenied`,
/// `badtoken`, `tokenexpired`, `readapidenied`): the vocabulary of auth failures.
const GLUED_WORDS: &[&str] = &[
    "access",
    "account",
    "api",
    "app",
    "assert",
    "auth",
    "authentication",
    "authorization",
    "bad",
    "banned",
    "blocked",
    "client",
    "credential",
    "credentials",
    "csrf",
    "denied",
    "disabled",
    "exceeded",
    "expired",
    "failed",
    "failure",
    "forbidden",
    "grant",
    "insufficient",
    "invalid",
    "key",
    "limit",
    "limited",
    "locked",
    "login",
    "missing",
    "mismatch",
    "no",
    "not",
    "permission",
    "permissions",
    "quota",
    "rate",
    "read",
    "refresh",
    "required",
    "revoked",
    "rights",
    "scope",
    "secret",
    "session",
    "signature",
    "suspended",
    "token",
    "unauthorized",
    "unknown",
    "user",
    "wrong",
    "write",
];

/// A machine code written as lowercase words glued together (`permissiondenied`), split into
/// its words (`permission denied`) when every part is a word of [`GLUED_WORDS`]; `None`
/// otherwise. Codes with separators or capitals are split by [`normalize`] already.
pub(crate) fn unglue(code: &str) -> Option<String> {
    let c = code.trim();
    if !(6..=40).contains(&c.len())
        || !c.bytes().all(|b| b.is_ascii_lowercase())
        || GLUED_WORDS.contains(&c)
    {
        return None;
    }
    // The longest split from each position that reaches the end (at most 40 positions).
    let n = c.len();
    let mut next: Vec<Option<usize>> = vec![None; n + 1];
    let mut reaches = vec![false; n + 1];
    reaches[n] = true;
    for i in (0..n).rev() {
        for w in GLUED_WORDS {
            let j = i + w.len();
            if j <= n && reaches[j] && c[i..].starts_with(w) && next[i].is_none_or(|k| j > k) {
                next[i] = Some(j);
                reaches[i] = true;
            }
        }
    }
    if !reaches[0] {
        return None;
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while let Some(j) = next[i] {
        parts.push(&c[i..j]);
        i = j;
    }
    (parts.len() >= 2).then(|| parts.join(" "))
}

#[cfg(test)]
mod unglue_tests {
    use super::unglue;

    #[test]
    fn glued_codes_split_into_their_words() {
        assert_eq!(
            unglue("permissiondenied").as_deref(),
            Some("permission denied")
        );
        assert_eq!(unglue("badtoken").as_deref(), Some("bad token"));
        assert_eq!(unglue("readapidenied").as_deref(), Some("read api denied"));
        assert_eq!(unglue("tokenexpired").as_deref(), Some("token expired"));
        // not all words of the vocabulary, a single word, or not a glued code
        assert_eq!(unglue("mustpostparams"), None);
        assert_eq!(unglue("permission"), None);
        assert_eq!(unglue("Permission_Denied"), None);
        assert_eq!(unglue("notfound"), None);
    }
}

#[cfg(test)]
mod attribute_field_tests {
    use super::normalize;

    #[test]
    fn a_field_named_for_a_credentials_attribute_is_no_credential() {
        let n = normalize("Missing token_name field in request body.");
        assert!(!n.contains(" token "), "{n}");
        assert!(!normalize("keyLabel must be unique").contains(" key "));
        // the credential's own field stays one
        assert!(normalize("Missing api_key field").contains(" api key "));
        assert!(normalize("Invalid token name").contains(" token name "));
        assert!(normalize("user_name is required").contains(" user name "));
    }

    #[test]
    fn the_systems_refusal_of_a_file_is_no_permission_of_the_caller() {
        for text in [
            "Error: EACCES: permission denied, open '/srv/exports/report.csv'",
            "PermissionError: [Errno 13] Permission denied: '/var/lib/app/keys'",
        ] {
            assert!(!normalize(text).contains(" permission denied "), "{text}");
        }
        assert!(normalize("Permission denied for this token").contains(" permission denied "));
    }
}
