//! Validation errors by their structure: the request field a schema validator refused, and
//! how. Validators of every framework write the same three things, under their own names: where
//! (`loc` of pydantic, `path` of zod and Joi, `instancePath` of Ajv, `property` of
//! class-validator), what rule failed (`type`, `code`, `keyword`) and a message. When the field
//! is a credential's, the validator judged the credential's presence or its form, whatever
//! its words.

use serde_json::Value;

/// What a validator said of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The field is required and was absent (`missing`, `any.required`, `required`).
    Missing,
    /// The field's value broke a rule of form: a pattern, a length, a format.
    Malformed,
}

/// One refused field: its name (the last step of the location, lowercase) and the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub(crate) field: String,
    pub(crate) verdict: Verdict,
}

/// Objects visited at most, so that a large body costs little.
const MAX_VISITED: usize = 64;

/// The fields a validation error in `json` refuses, with their verdicts.
pub(crate) fn field_errors(json: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut visited = 0;
    walk(json, 0, &mut visited, &mut out);
    out
}

fn walk(v: &Value, depth: usize, visited: &mut usize, out: &mut Vec<FieldError>) {
    if depth > 5 || *visited >= MAX_VISITED || out.len() >= 8 {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items.iter().take(16) {
                walk(item, depth + 1, visited, out);
            }
        }
        Value::Object(map) => {
            *visited += 1;
            if let Some(e) = entry(map) {
                out.push(e);
            }
            for (_, child) in map.iter().take(16) {
                if child.is_array() || child.is_object() {
                    walk(child, depth + 1, visited, out);
                }
            }
        }
        _ => {}
    }
}

/// A validator's error entry: a location and a rule.
fn entry(map: &serde_json::Map<String, Value>) -> Option<FieldError> {
    // (zod writes `type` for the value's type beside `code` for the rule: each is tried)
    let verdict = ["type", "code", "keyword", "kind", "rule"]
        .iter()
        .filter_map(|k| map.get(*k)?.as_str())
        .find_map(|rule| verdict_of(&rule.to_ascii_lowercase(), map))?;
    // Ajv's `required` names the absent property in its parameters.
    let missing_property = map
        .get("params")
        .and_then(|p| p.get("missingProperty"))
        .and_then(Value::as_str);
    let location = [
        "loc",
        "path",
        "instancePath",
        "dataPath",
        "property",
        "field",
        "param",
    ]
    .iter()
    .find_map(|k| last_step(map.get(*k)?));
    let field = match (missing_property, location) {
        (Some(p), _) => p.to_ascii_lowercase(),
        (None, Some(l)) => l,
        (None, None) => return None,
    };
    (!field.is_empty() && field.len() <= 64).then_some(FieldError { field, verdict })
}

/// The verdict a validator's rule name states, if it is one of presence or of form.
fn verdict_of(rule: &str, map: &serde_json::Map<String, Value>) -> Option<Verdict> {
    // zod's `invalid_type` of a value `received` as `undefined` is an absent one.
    let received_nothing = map
        .get("received")
        .and_then(Value::as_str)
        .is_some_and(|r| r == "undefined" || r == "null");
    if rule.contains("missing")
        || rule.contains("required")
        || (rule == "invalid_type" && received_nothing)
    {
        return Some(Verdict::Missing);
    }
    [
        "pattern",
        "too_small",
        "too_big",
        "too_short",
        "too_long",
        "min_length",
        "max_length",
        "minlength",
        "maxlength",
        "string.min",
        "string.max",
        "string.length",
        "invalid_string",
        "format",
        "regex",
        "length",
        "base64",
        "uuid",
    ]
    .iter()
    .any(|r| rule.contains(r))
    .then_some(Verdict::Malformed)
}

/// The last step of a location: an array's last string (`["header", "authorization"]`), or a
/// path's last segment (`/apiToken`, `body.apiToken`).
fn last_step(v: &Value) -> Option<String> {
    let last = match v {
        Value::Array(steps) => steps.iter().rev().find_map(Value::as_str)?,
        Value::String(s) => s.rsplit(['/', '.']).next()?,
        _ => return None,
    };
    Some(last.trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::{FieldError, Verdict, field_errors};

    fn errors(body: &str) -> Vec<FieldError> {
        field_errors(&serde_json::from_str(body).unwrap())
    }

    fn one(field: &str, verdict: Verdict) -> Vec<FieldError> {
        vec![FieldError {
            field: field.to_owned(),
            verdict,
        }]
    }

    #[test]
    fn the_validators_of_several_frameworks() {
        // pydantic (FastAPI, flask-openapi3)
        assert_eq!(
            errors(r#"[{"type":"missing","loc":["authorization"],"msg":"Field required"}]"#),
            one("authorization", Verdict::Missing)
        );
        assert_eq!(
            errors(
                r#"{"detail":[{"loc":["header","x-api-key"],"msg":"field required","type":"value_error.missing"}]}"#
            ),
            one("x-api-key", Verdict::Missing)
        );
        // zod
        assert_eq!(
            errors(
                r#"[{"type":"Body","errors":{"issues":[{"code":"too_small","minimum":32,"message":"String must contain at least 32 character(s)","path":["apiToken"]}],"name":"ZodError"}}]"#
            ),
            one("apitoken", Verdict::Malformed)
        );
        // Ajv
        assert_eq!(
            errors(
                r#"{"errors":[{"instancePath":"","keyword":"required","params":{"missingProperty":"api_key"},"message":"must have required property 'api_key'"}]}"#
            ),
            one("api_key", Verdict::Missing)
        );
        // Joi / celebrate
        assert_eq!(
            errors(
                r#"{"validation":{"headers":{"keys":["x-api-key"],"details":[{"message":"\"x-api-key\" length must be 32","path":["x-api-key"],"type":"string.length"}]}}}"#
            ),
            one("x-api-key", Verdict::Malformed)
        );
    }

    #[test]
    fn other_shapes_are_no_validation_errors() {
        assert!(errors(r#"{"error":{"code":"invalid_token","message":"bad"}}"#).is_empty());
        assert!(errors(r#"{"type":"about:blank","title":"Unauthorized"}"#).is_empty());
        assert!(errors(r#"[1,2,{"path":"/x"}]"#).is_empty());
    }
}
