//! What a body's shape shows: a sign-in form's password field, an error envelope, a
//! validation error of the payload, a result answered under `data`.

use serde_json::Value;
use url::Url;

/// The `name`s of the password `<input>`s of an HTML page (`<input type="password"
/// name="authen_password">`), in document order, at most four.
pub(crate) fn password_field_names(html: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    let lower = text.to_ascii_lowercase();
    let mut names = Vec::new();
    for (i, _) in lower.match_indices("<input").take(64) {
        let name = password_input(&lower, i).map(|n| {
            // (the name as written: the tag's offsets in the original text)
            let start = n.as_ptr() as usize - lower.as_ptr() as usize;
            text[start..start + n.len()].to_owned()
        });
        if let Some(n) = name.filter(|n| !names.contains(n)) {
            names.push(n);
        }
        if names.len() == 4 {
            break;
        }
    }
    names
}

/// The `name` of the `<input type="password">` tag that starts at `i` of the lowercased page.
fn password_input(lower: &str, i: usize) -> Option<&str> {
    let tag = &lower[i..i + lower[i..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let rest = &tag[at..];
        let (open, rest) = match rest.as_bytes().first()? {
            q @ (b'"' | b'\'') => (Some(*q as char), &rest[1..]),
            _ => (None, rest),
        };
        let end = match open {
            Some(q) => rest.find(q)?,
            None => rest.find([' ', '/']).unwrap_or(rest.len()),
        };
        Some(&rest[..end])
    };
    (attr("type")? == "password")
        .then(|| attr("name"))
        .flatten()
        .filter(|n| !n.is_empty() && n.len() <= 64)
}

/// Whether an HTML page holds a password field (`<input type="password" …>`): a sign-in form.
pub(crate) fn holds_password_field(html: &[u8]) -> bool {
    html.windows(8).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(b"password") && {
            let before = &html[..i];
            let before = before
                .strip_suffix(b"\"")
                .or_else(|| before.strip_suffix(b"'"))
                .unwrap_or(before);
            before.len() >= 5 && before[before.len() - 5..].eq_ignore_ascii_case(b"type=")
        }
    })
}

/// Whether a short answer reports that the call failed, and says no more: an error envelope,
/// a flag of success set false (`{"ok": false}`, `{"result": false}`, `{"success": 0}`), or a
/// short text of failure ("Fails.", "false", "ERROR").
pub(crate) fn reports_failure(json: Option<&Value>, messages: &[String]) -> bool {
    if let Some(j) = json {
        let flag_false = [
            "ok",
            "success",
            "result",
            "authenticated",
            "login",
            "status",
        ]
        .iter()
        .filter_map(|k| j.get(*k))
        .any(|v| v.as_bool() == Some(false) || v.as_i64() == Some(0));
        // SvelteKit's form actions: `{"type": "failure", "status": 400, …}`
        // (in any case: `{"result": "ERR", "code": 7, …}`)
        let typed_failure = ["type", "status", "result"]
            .iter()
            .filter_map(|k| j.get(*k)?.as_str())
            .any(|v| {
                ["failure", "fail", "failed", "error", "err"]
                    .iter()
                    .any(|w| v.trim().eq_ignore_ascii_case(w))
            });
        return flag_false || typed_failure || envelope_error(j);
    }
    messages.iter().any(|m| {
        let m = m.trim().trim_end_matches(['.', '!']).to_ascii_lowercase();
        m.len() <= 40
            && [
                "fail", "fails", "failed", "failure", "false", "error", "denied", "invalid",
            ]
            .iter()
            .any(|w| {
                m.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t == *w)
            })
    })
}

/// Whether a request signs in: a password in its body, or `Basic` credentials sent to a
/// sign-in path (`/auth/login`, `/signin`).
pub(crate) fn is_sign_in(credentials: &[crate::credential::Credential], url: &Url) -> bool {
    let basic = credentials.iter().any(|c| {
        c.scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("basic"))
    });
    signs_in(credentials)
        || (basic
            && url.path_segments().is_some_and(|mut segs| {
                segs.any(|s| {
                    [
                        "login",
                        "signin",
                        "sign-in",
                        "sign_in",
                        "logon",
                        "authenticate",
                    ]
                    .contains(&s.to_ascii_lowercase().as_str())
                })
            }))
}

/// Whether the credentials a request sent are a sign-in's: a password in its body.
pub(crate) fn signs_in(credentials: &[crate::credential::Credential]) -> bool {
    // (a sign-in's passphrase too: `passphrase`, `key_passphrase`)
    credentials.iter().any(|c| {
        matches!(&c.location, crate::credential::Location::Body(n)
            if crate::credential::body::names_password(n)
                || n.split(['_', '-', '.']).any(|w| w.eq_ignore_ascii_case("passphrase")))
    })
}

/// Whether an error body keys its `errors` by the identifier a sign-in sends (Laravel's
/// `{"errors": {"email": ["These credentials do not match our records."]}}`): to a sign-in,
/// the verdict on it, in whatever language, not a validation of a payload field.
/// So does a form's error about the whole sign-in (Django's and DRF's `non_field_errors`:
/// "Unable to log in with provided credentials." in the caller's language), and Flask-Security's
/// `field_errors` under its `response`.
pub(crate) fn errors_keyed_by_identifier(json: &Value) -> bool {
    const IDENTIFIERS: &[&str] = &["email", "username", "login", "user", "identifier", "phone"];
    let whole_form = json
        .as_object()
        .filter(|m| m.len() <= 2)
        .and_then(|m| m.get("non_field_errors"))
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string));
    let nested = json
        .get("response")
        .and_then(|r| r.get("field_errors"))
        .and_then(Value::as_object)
        .is_some_and(|errors| {
            (1..=2).contains(&errors.len())
                && errors.keys().all(|k| {
                    k.eq_ignore_ascii_case("password")
                        || IDENTIFIERS.iter().any(|i| k.eq_ignore_ascii_case(i))
                })
        });
    whole_form
        || nested
        || json
            .get("errors")
            .and_then(Value::as_object)
            .is_some_and(|errors| {
                errors.len() <= 2
                    && errors.iter().any(|(k, v)| {
                        IDENTIFIERS.iter().any(|i| k.eq_ignore_ascii_case(i))
                        // (a validator's report of the value it rejected, with where it was
                        // found: express-validator's `{"location": "body", "value": …}` judges
                        // the field's form, not the sign-in)
                        && !(v.get("value").is_some() && v.get("location").is_some())
                    })
            })
}

/// Whether an error body names the request fields it refuses (`param`, `parameter` or
/// `field`, at the top, under `error` or in the first `errors`), and none of them is a place a
/// credential travels in: its name does not end in a credential word (`api_key`,
/// `access_token`, `password`, `signature`).
pub(super) fn names_payload_field(json: &Value) -> bool {
    let names = named_fields(json);
    !names.is_empty() && names.iter().all(|n| !names_credential_place(n))
}

/// The request fields an error body names as refused (`param`, `parameter` or `field`, at the
/// top, under `error` or in the first `errors`; not a URL path).
pub(crate) fn named_fields(json: &Value) -> Vec<&str> {
    // (express-validator names the field `path`, beside its `location`)
    const KEYS: [&str; 7] = [
        "param",
        "parameter",
        "field",
        "path",
        // (Pagar.me's `parameter_name`)
        "parameter_name",
        "param_name",
        "field_name",
    ];
    let mut holders: Vec<&Value> = vec![json];
    if let Some(e) = json.get("error").filter(|e| e.is_object()) {
        holders.push(e);
    }
    if let Some(errors) = json.get("errors").and_then(Value::as_array) {
        holders.extend(errors.iter().take(4));
    }
    holders
        .iter()
        .flat_map(|h| KEYS.iter().filter_map(|k| h.get(*k)?.as_str()))
        // (a URL path is where the error happened, Spring's `"path": "/resource/user"`)
        .filter(|n| !n.trim().is_empty() && !n.starts_with('/'))
        .collect()
}

/// FastAPI's and pydantic's `{"detail": [{"loc": ["body", …], …}, …]}` whose every entry is
/// located in the body or the path, none at a field named as a credential's.
fn payload_locations(json: &Value) -> bool {
    let Some(list) = json.get("detail").and_then(Value::as_array) else {
        return false;
    };
    !list.is_empty()
        && list.iter().take(16).all(|e| {
            let Some(loc) = e.get("loc").and_then(Value::as_array) else {
                return false;
            };
            matches!(loc.first().and_then(Value::as_str), Some("body" | "path"))
                && !loc
                    .iter()
                    .skip(1)
                    .filter_map(Value::as_str)
                    .any(names_credential_place)
        })
}

/// The place and name of a credential a validation error lists as missing: an entry of
/// `detail` (FastAPI) or of a top-level list (pydantic's own errors, flask-openapi3) whose
/// `loc` is `["header" | "query" | "cookie", <a credential's name>]`, or a header's name
/// alone, and whose `type` (or `msg`) says missing; or webargs' and marshmallow's
/// `{"errors": {"headers": {"Authorization": ["Missing data for required field."]}}}`.
pub(crate) fn missing_credential_place(json: &Value) -> Option<(&str, &str)> {
    let credential = |place: &str, name: &str| match place {
        "header" => {
            http::HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).is_ok_and(|h| {
                h == http::header::AUTHORIZATION || crate::credential::is_word_header(&h)
            })
        }
        "query" | "cookie" => crate::credential::is_word_param(name),
        _ => false,
    };
    let says_missing = |t: &str| {
        let t = t.to_ascii_lowercase();
        t.contains("missing") || t.contains("required")
    };
    let list = json
        .get("detail")
        .unwrap_or(json)
        .as_array()
        .into_iter()
        .flatten();
    let listed = list.take(16).find_map(|e| {
        let (place, name) = crate::observe::body::validation_place(e.as_object()?)?;
        let missing = e
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.contains("missing"))
            || e.get("msg")
                .and_then(Value::as_str)
                .is_some_and(|m| m.eq_ignore_ascii_case("field required"));
        (missing && credential(place, name)).then_some((place, name))
    });
    // Cornice's (Pyramid's): `errors: [{"location": "header", "name": "X-Api-Key",
    // "description": "Required"}]`
    let located = || {
        json.get("errors")?
            .as_array()?
            .iter()
            .take(16)
            .find_map(|e| {
                let e = e.as_object()?;
                e.get("location")?;
                let (place, name) = crate::observe::body::validation_place(e)?;
                let said = e
                    .get("description")
                    .and_then(Value::as_str)
                    .is_some_and(says_missing);
                (said && credential(place, name)).then_some((place, name))
            })
    };
    listed.or_else(located).or_else(|| {
        // webargs: `errors.<location>.<name>: [messages]`
        let errors = json.get("errors")?.as_object()?;
        errors.iter().take(8).find_map(|(place, fields)| {
            fields
                .as_object()?
                .iter()
                .take(16)
                .find_map(|(name, msgs)| {
                    let said = match msgs {
                        Value::Array(a) => a.iter().filter_map(Value::as_str).any(says_missing),
                        Value::String(s) => says_missing(s),
                        _ => false,
                    };
                    // (not a field of the payload: `json`, `form`, `files`)
                    let place = crate::observe::body::request_place(place)?;
                    (said && credential(place, name)).then_some((place, name.as_str()))
                })
        })
    })
}

/// Whether an error declares itself a validation error of the payload: its `title`, `type`,
/// `code`, `message` or a field named for the error says "Validation Error"
/// (`validation_error`, `ValidationError`, "Validation failed"), alone or of the input
/// ("InputValidationFailed", "Request validation failed for JSON object"), and names no
/// credential ("JWT validation failed" names what it validated); or it is FastAPI's
/// (pydantic's) list of errors whose every `loc` starts in the body or the path (`["body",
/// "email"]`), where no credential of the head travels.
pub(super) fn declares_validation(json: &Value) -> bool {
    if payload_locations(json) {
        return true;
    }
    let error = json.get("error");
    let named_for_the_error = json.as_object().into_iter().flat_map(|m| {
        m.iter()
            .take(32)
            .filter(|(k, _)| k.to_ascii_lowercase().contains("error"))
            .map(|(_, v)| v)
    });
    [
        json.get("title"),
        json.get("type"),
        json.get("code"),
        json.get("message"),
        error.and_then(|e| e.get("type")),
        error.and_then(|e| e.get("code")),
        error.and_then(|e| e.get("message")),
    ]
    .into_iter()
    .flatten()
    .chain(named_for_the_error)
    .filter_map(Value::as_str)
    .any(|v| {
        // a problem type URI's last segment
        let v = v.rsplit('/').next().unwrap_or(v);
        says_validation_failed(&crate::diagnose::words::normalize(v))
    }) || validation_typed(json)
        || json
            .get("message")
            .and_then(Value::as_str)
            // Laravel's validation answer, whatever fields it lists
            .is_some_and(|m| {
                m.trim_end_matches('.')
                    .eq_ignore_ascii_case("the given data was invalid")
            })
}

/// Whether the error's type or category is the word "validation" alone (Adyen's
/// `"errorType": "validation"`) and nothing in the body speaks of a credential (an
/// express-validator answer on the `authorization` header is the credential's refusal).
fn validation_typed(json: &Value) -> bool {
    let typed = json.as_object().is_some_and(|m| {
        m.iter().take(32).any(|(k, v)| {
            let k = k.to_ascii_lowercase();
            (k.ends_with("type") || k.ends_with("category"))
                && v.as_str()
                    .is_some_and(|v| v.eq_ignore_ascii_case("validation"))
        })
    });
    typed && {
        let text = json.to_string().to_ascii_lowercase();
        ![
            "authoriz",
            "token",
            "jwt",
            "api key",
            "apikey",
            "api_key",
            "credential",
            "password",
            "secret",
            "signature",
        ]
        .iter()
        .any(|w| text.contains(w))
    }
}

/// Whether normalized words declare a failed validation of the payload: "validation" and a
/// word of failure, after nothing or a word for the payload, and no noun of a credential.
fn says_validation_failed(n: &str) -> bool {
    const PAYLOAD: &[&str] = &[
        "input",
        "request",
        "data",
        "payload",
        "body",
        "parameter",
        "parameters",
        "param",
        "params",
        "field",
        "fields",
        "schema",
        "model",
        "form",
        "query",
        "json",
    ];
    const CREDENTIAL: &[&str] = &[
        "token",
        "jwt",
        "key",
        "signature",
        "credential",
        "credentials",
        "password",
        "secret",
        "auth",
        "authentication",
        "authorization",
        "session",
        "cookie",
        "certificate",
        "scope",
        "claim",
        "claims",
        "audience",
        "issuer",
    ];
    let words: Vec<&str> = n.split_whitespace().take(24).collect();
    let Some(at) = words.iter().position(|w| *w == "validation") else {
        return false;
    };
    let failed = words
        .get(at + 1)
        .is_some_and(|w| ["error", "errors", "failed", "failure", "exception"].contains(w));
    let before = &words[..at];
    failed
        && before.iter().all(|w| PAYLOAD.contains(w))
        && !words.iter().any(|w| CREDENTIAL.contains(w))
}

/// Whether an error refuses a new password by its policy ("Password is too weak",
/// `PasswordStrengthError`): a sign-up or a password change, not a credential refused.
pub(super) fn password_policy(json: &Value) -> bool {
    const SAYS: &[&str] = &[
        "too weak",
        "too short",
        "too common",
        "password strength",
        "passwordstrength",
        "password policy",
        "passwordpolicy",
        "password does not meet",
        "password must contain",
        "password must be at least",
        "password field must contain",
        "password field must be at least",
        "confirmation does not match",
    ];
    // The fields of the body, and of its `error` object (Google's `{"error": {"message":
    // "PASSWORD_DOES_NOT_MEET_REQUIREMENTS : …"}}`), with a code's underscores read as spaces.
    let nested = json.get("error").filter(|e| e.is_object());
    [Some(json), nested]
        .into_iter()
        .flatten()
        .flat_map(|j| {
            ["message", "name", "error", "error_description", "code"]
                .iter()
                .filter_map(|k| j.get(*k)?.as_str())
        })
        // and the messages a form's `errors` object lists under `password`
        .chain(
            json.get("errors")
                .and_then(|e| e.get("password"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .take(8),
        )
        .any(|v| {
            let v = v.to_ascii_lowercase().replace('_', " ");
            SAYS.iter().any(|s| v.contains(s))
        })
}

/// Whether a field or header name ends in a credential word (`api_key`, `X-Auth-Token`,
/// `client_secret`, `Authorization`).
pub(crate) fn names_credential_place(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "sig",
        "credential",
        "credentials",
        "auth",
        "authorization",
        "cookie",
        "session",
        "sessionid",
        "assertion",
    ];
    let folded: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ENDINGS.iter().any(|e| folded.ends_with(e))
}

/// Whether a JSON body is a result: `data` holds a non-empty object or array, and neither
/// `errors`, an envelope error nor an error status (`"status_code": 403`, Bitly's) stands
/// beside it.
pub(crate) fn answered_with_data(json: &Value) -> bool {
    // `data`, or a model's or a search's result list (`choices`, `results`, `items`): the
    // answer to the request, whatever words its content holds (a chat completion that
    // explains 401s).
    // (a `data` that holds nothing but a code and a message is the envelope's status put
    // there: `{"data": {"response_code": "118", "message": "ACCOUNT SUSPENDED"}}`)
    let status_only = |m: &serde_json::Map<String, Value>| {
        m.keys().all(|k| {
            matches!(
                k.to_ascii_lowercase().as_str(),
                "code"
                    | "response_code"
                    | "responsecode"
                    | "status"
                    | "status_code"
                    | "statuscode"
                    | "rc"
                    | "message"
                    | "msg"
                    | "error"
                    | "description"
            )
        }) && m.keys().any(|k| {
            matches!(
                k.to_ascii_lowercase().as_str(),
                "message" | "msg" | "error" | "description"
            )
        })
    };
    let holds_data = ["data", "choices", "results", "items"]
        .iter()
        .any(|k| match json.get(*k) {
            Some(Value::Object(m)) => !m.is_empty() && !status_only(m),
            Some(Value::Array(a)) => !a.is_empty(),
            _ => false,
        })
        || holds_records(json);
    let error_status = [
        "status_code",
        "statusCode",
        "http_code",
        "httpCode",
        "status",
    ]
    .iter()
    .filter_map(|k| json.get(*k))
    .any(|v| {
        v.as_u64()
            .or_else(|| v.as_str()?.parse().ok())
            .is_some_and(|n| (400..600).contains(&n))
    });
    if error_status {
        return false;
    }
    // A resource's own representation, its id beside when it was created or changed (an
    // open-banking item whose `error` is the end user's bank login): its fields, `error` and
    // `status` among them, are the resource's state, not the request's.
    let resource = ["id", "uuid"]
        .iter()
        .any(|k| json.get(*k).is_some_and(|v| !v.is_null()))
        && [
            "createdAt",
            "created_at",
            "updatedAt",
            "updated_at",
            "creationDate",
            "lastModified",
        ]
        .iter()
        .any(|k| json.get(*k).is_some_and(Value::is_string));
    resource || (holds_data && json.get("errors").is_none() && !envelope_error(json))
}

/// A list of records under a name of the answer's own (`{"events": [{"id": 41, "type":
/// "token_expired"}, …]}`): objects of several fields, none of which reports an outcome (an
/// error, a status, a severity: a batch's per-item results), under a key that names no error,
/// message or status. Its words are the records' content, not the request's fate.
fn holds_records(json: &Value) -> bool {
    // (besides a field that reports an outcome, a list named for what went wrong)
    const NOT_DATA: &[&str] = &[
        "detail",
        "violation",
        "problem",
        "warning",
        "issue",
        "notice",
        "alert",
        "cause",
    ];
    json.as_object().is_some_and(|m| {
        m.iter().any(|(k, v)| {
            !reports_an_outcome(k)
                && !NOT_DATA.iter().any(|w| k.to_ascii_lowercase().contains(w))
                && v.as_array().is_some_and(|a| {
                    !a.is_empty()
                        && a.iter().take(8).all(|r| {
                            r.as_object().is_some_and(|r| {
                                r.len() >= 2 && !r.keys().any(|k| reports_an_outcome(k))
                            })
                        })
                })
        })
    })
}

/// Whether a record's field reports how an operation went (`Error`, `status`, `severity`,
/// `message`) rather than holding data.
fn reports_an_outcome(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["error", "fault", "severity", "status", "message", "reason"]
        .iter()
        .any(|w| k.contains(w))
}

/// Whether a JSON envelope reports an error: a non-zero `retCode` / `ret_code`, a `code` that is
/// not a success value, a non-empty `error`, or `success` / `ok` false.
pub(crate) fn envelope_error(json: &Value) -> bool {
    // One wrapper deep (`{"Response": {"Error": {…}}}`), as some clouds answer.
    // One wrapper deep (`{"Response": {"Error": {…}}}`, `{"error_response": {…}}`), as some
    // clouds and platforms answer.
    if let Some((name, Value::Object(map))) = json
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next())
    {
        // (an `error` inside `data` beside fields of the answer, Facebook's `debug_token`
        // reporting on the token it inspected, is the answer's data)
        let answer_data = name.eq_ignore_ascii_case("data")
            && map.keys().any(|k| {
                !matches!(
                    k.to_ascii_lowercase().as_str(),
                    "error" | "code" | "message" | "msg" | "status" | "success" | "errors"
                )
            });
        if (map.contains_key("Error")
            || map.contains_key("error")
            || name.to_ascii_lowercase().contains("error"))
            && !answer_data
        {
            return true;
        }
    }
    // A body of nothing but sentences (`{"Information": "… premium endpoint …"}`): no data,
    // only the server speaking; its words decide.
    if json.as_object().is_some_and(|m| {
        !m.is_empty()
            && m.len() <= 3
            && m.values()
                .all(|v| v.as_str().is_some_and(|t| t.trim().contains(' ')))
    }) {
        return true;
    }
    // `"stat": "fail"`, `"status": "error"`
    if ["stat", "status", "result"].iter().any(|k| {
        json.get(*k).and_then(Value::as_str).is_some_and(|v| {
            matches!(
                v.to_ascii_lowercase().as_str(),
                "fail" | "failed" | "failure" | "error"
            )
        })
    }) {
        return true;
    }
    if json.get("Error").is_some_and(Value::is_object) {
        return true;
    }
    let nonzero = |v: &Value| match v {
        Value::Number(n) => n.as_i64() != Some(0),
        Value::String(s) => !matches!(
            s.as_str(),
            "" | "0" | "200" | "200000" | "OK" | "ok" | "success"
        ),
        _ => false,
    };
    [
        "retCode",
        "ret_code",
        "code",
        // as .NET and some clouds capitalise it (`{"Code": 100000004, "Message": …}`)
        "Code",
        "errno",
        "errNo",
        "err_no",
        "errcode",
        "err_code",
        "error_code",
        "errorCode",
    ]
    .iter()
    .filter_map(|k| json.get(*k))
    .any(nonzero)
        || paired_code(json, &nonzero)
        || match json.get("error") {
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Object(_)) => true,
            _ => false,
        }
        || ["success", "ok"]
            .iter()
            .any(|k| json.get(*k).and_then(Value::as_bool) == Some(false))
}

/// Whether a JSON object holds a code that is not a success value beside a message field
/// named after it (`{"res": 9418, "res_message": "…"}`, `{"resultCode": "api_key_invalid",
/// "resultMessage": "…"}`): the envelope's own code and message, under whatever name.
fn paired_code(json: &Value, nonzero: &impl Fn(&Value) -> bool) -> bool {
    let Some(map) = json.as_object().filter(|m| m.len() <= 32) else {
        return false;
    };
    let has_message = |stem: &str| {
        [
            "_message",
            "Message",
            "_msg",
            "Msg",
            "_description",
            "Description",
        ]
        .iter()
        .any(|suffix| {
            map.get(&format!("{stem}{suffix}"))
                .and_then(Value::as_str)
                .is_some_and(|m| !m.trim().is_empty())
        })
    };
    // (a code spelled as a success, in any case or padding: `"SUCCESS"`, `"0000"`)
    let failing = |v: &Value| match v {
        Value::Number(_) => nonzero(v),
        Value::String(s) => {
            let s = s.trim();
            !(s.bytes().all(|b| b == b'0')
                || ["ok", "success", "succeeded", "successful", "200"]
                    .iter()
                    .any(|w| s.eq_ignore_ascii_case(w)))
        }
        _ => false,
    };
    map.iter().filter(|(_, v)| failing(v)).any(|(k, v)| {
        // (`resultCode` and `resultMessage` share the stem `result`)
        let stem = k
            .strip_suffix("Code")
            .or_else(|| k.strip_suffix("_code"))
            .filter(|s| !s.is_empty());
        match stem {
            Some(stem) => has_message(stem),
            None => v.is_number() && has_message(k),
        }
    })
}

/// Whether a 2xx's JSON is nothing but the answer's data, whatever words it holds: a list of
/// two or more records none of which carries an error (an error envelope is one object, a
/// JSON-RPC batch or a list of errors), or a JSON-RPC 2.0 success (§5: a `result` and no
/// `error`) whose result reports no failure of its own (MCP's `isError`, `{"ok": false}`).
pub(crate) fn only_answer(json: &Value) -> bool {
    if let Some(a) = json.as_array() {
        return a.len() >= 2
            && a.iter().all(|r| {
                r.as_object().is_some_and(|m| {
                    !m.keys().any(|k| {
                        let k = k.to_ascii_lowercase();
                        k.contains("error") || k == "jsonrpc" || k == "fault"
                    })
                })
            });
    }
    let Some(result) = json.get("result") else {
        return false;
    };
    json.get("jsonrpc").is_some()
        && json.get("error").is_none()
        && result.get("isError").and_then(Value::as_bool) != Some(true)
        && !(result.is_object() && reports_failure(Some(result), &[]))
}

/// Whether a JSON-RPC 2.0 batch answer (§6) holds both results and an error that refuses its
/// call ("Unauthorized", "Permission denied"): the same credential was accepted for the other
/// calls, so what was refused is that method to it, not the credential.
pub(crate) fn jsonrpc_batch_partly_refused(json: &Value) -> bool {
    const REFUSING: &[&str] = &[
        "unauthori",
        "forbidden",
        "permission",
        "not permitted",
        "not allowed",
        "access denied",
    ];
    let Some(calls) = json.as_array().filter(|a| (2..=64).contains(&a.len())) else {
        return false;
    };
    if !calls.iter().all(|c| c.get("jsonrpc").is_some()) {
        return false;
    }
    let answered = calls.iter().any(|c| c.get("result").is_some());
    let refused = calls.iter().any(|c| {
        c.get("error")
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .is_some_and(|m| {
                let m = m.to_ascii_lowercase();
                REFUSING.iter().any(|w| m.contains(w))
            })
    });
    answered && refused
}
