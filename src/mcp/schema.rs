//! Tool schemas that every MCP client accepts, and argument validation against them.
//!
//! schemars writes valid JSON Schema 2020-12 that some clients still refuse: boolean subschemas
//! (`true` for a `serde_json::Value`), Rust-only formats (`uint64`, `int64`, `uint32`, which the
//! TypeScript SDK's Ajv warns about on every list), `$ref`s into `$defs` and `null` in the type of
//! every optional argument. [`normalize`] rewrites a schema once, when the tool router is built, so
//! a new tool cannot bring them back (issue 8). Input schemas are also made self-contained
//! (references inlined) because that is what hosts hand to the model.
//!
//! [`Validators`] checks a call's arguments against the normalised input schema before a handler
//! runs, so a bad value is a tool error naming the argument and what it allows.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Formats of the JSON Schema standard vocabulary (2020-12, section 7.3).
pub const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Keywords whose value is one schema.
pub const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
];
/// Keywords whose value is a list of schemas.
pub const SCHEMA_LIST_KEYWORDS: &[&str] = &["anyOf", "oneOf", "allOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
pub const SCHEMA_MAP_KEYWORDS: &[&str] =
    &["properties", "$defs", "definitions", "patternProperties"];

/// Which side of a tool a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Input,
    Output,
}

/// Rewrites a tool schema into the form every client accepts (see the module docs).
pub fn normalize(schema: &Map<String, Value>, side: Side) -> Map<String, Value> {
    let mut root = Value::Object(schema.clone());
    if side == Side::Input {
        let defs = root
            .as_object_mut()
            .and_then(|o| o.remove("$defs"))
            .unwrap_or(Value::Null);
        inline_refs(&mut root, &defs, 0);
        optional_without_null(&mut root);
    }
    if let Some(o) = root.as_object_mut() {
        o.remove("$schema");
    }
    walk(&mut root);
    if side == Side::Output {
        nullable_as_optional(&mut root);
    }
    match root {
        Value::Object(o) => o,
        _ => Map::new(),
    }
}

/// Replaces boolean subschemas and drops non-standard formats, everywhere in `schema`.
fn walk(schema: &mut Value) {
    let Some(o) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::String(f)) = o.get("format")
        && !STANDARD_FORMATS.contains(&f.as_str())
    {
        // `uint*` said "not negative"; keep that meaning as a bound.
        if f.starts_with("uint") && !o.contains_key("minimum") {
            o.insert("minimum".into(), Value::from(0));
        }
        o.remove("format");
    }
    for (k, v) in o.iter_mut() {
        let k = k.as_str();
        if SCHEMA_KEYWORDS.contains(&k) {
            // `additionalProperties: false` is the one boolean every client understands.
            if !(k == "additionalProperties" && *v == Value::Bool(false)) {
                object_schema(v);
            }
            walk(v);
        } else if SCHEMA_LIST_KEYWORDS.contains(&k) {
            for s in v.as_array_mut().into_iter().flatten() {
                object_schema(s);
                walk(s);
            }
        } else if SCHEMA_MAP_KEYWORDS.contains(&k) {
            for s in v.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                object_schema(s);
                walk(s);
            }
        }
    }
}

/// Output schemas in the portable form (issue 23): results carry no `null` (a `None` is left
/// out, [`super::tools::drop_nulls`]), so a nullable member (`type: [T, "null"]`, or an
/// `anyOf` with a null branch) is an optional one of type T, and a schema that constrains
/// nothing (a free-form value, which may be `null` too) is an optional object, which every
/// such member is.
fn nullable_as_optional(schema: &mut Value) {
    match schema {
        Value::Object(o) => {
            let nullable: Vec<String> = (o.get("properties").and_then(Value::as_object))
                .map(|props| {
                    (props.iter())
                        .filter(|(_, p)| admits_null(p) || constrains_nothing(p))
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Array(req)) = o.get_mut("required") {
                req.retain(|r| !nullable.iter().any(|n| r == n));
            }
            if let Some(Value::Object(props)) = o.get_mut("properties") {
                for p in props.values_mut() {
                    drop_null(p);
                    if constrains_nothing(p) {
                        p.as_object_mut()
                            .map(|m| m.insert("type".into(), "object".into()));
                    }
                }
            }
            if let Some(items) = o.get_mut("items")
                && constrains_nothing(items)
            {
                items
                    .as_object_mut()
                    .map(|m| m.insert("type".into(), "object".into()));
            }
            o.values_mut().for_each(nullable_as_optional);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_as_optional),
        _ => {}
    }
}

fn admits_null(p: &Value) -> bool {
    let in_type = p["type"]
        .as_array()
        .is_some_and(|t| t.iter().any(|x| x == "null"));
    let in_any = (p["anyOf"].as_array().into_iter().flatten()).any(|s| s["type"] == "null");
    in_type || in_any
}

/// A schema with no keyword that constrains a value (only a description, say).
fn constrains_nothing(p: &Value) -> bool {
    const CONSTRAINING: &[&str] = &[
        "type",
        "enum",
        "const",
        "$ref",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "properties",
        "items",
    ];
    p.as_object()
        .is_some_and(|o| !o.keys().any(|k| CONSTRAINING.contains(&k.as_str())))
}

/// `true` -> `{}` (anything) and `false` -> `{"not": {}}` (nothing).
fn object_schema(v: &mut Value) {
    if let Value::Bool(b) = v {
        *v = if *b {
            Value::Object(Map::new())
        } else {
            serde_json::json!({"not": {}})
        };
    }
}

/// Replaces each `{"$ref": "#/$defs/X", ...}` with X's schema, the referring object's own
/// keywords (its description) winning. Parameter types are not recursive; the depth bound only
/// guards against a future one.
fn inline_refs(v: &mut Value, defs: &Value, depth: usize) {
    match v {
        Value::Object(o) => {
            if depth < 16
                && let Some(Value::String(r)) = o.get("$ref")
                && let Some(Value::Object(target)) =
                    r.strip_prefix("#/$defs/").and_then(|name| defs.get(name))
            {
                let target = target.clone();
                o.remove("$ref");
                // The referring property says what it is for; the type's own doc is noise.
                for (k, t) in target.into_iter().filter(|(k, _)| k != "description") {
                    o.entry(k).or_insert(t);
                }
            }
            for child in o.values_mut() {
                inline_refs(child, defs, depth + 1);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| inline_refs(c, defs, depth + 1)),
        _ => {}
    }
}

/// An optional argument is shown as its plain type: absent means "not given" (a `null` from the
/// client is treated the same, see [`Validators::check`]).
fn optional_without_null(root: &mut Value) {
    let required: Vec<String> = root
        .get("required")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let Some(props) = root.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, p) in props.iter_mut() {
        if !required.contains(name) {
            drop_null(p);
        }
        if p.get("type") == Some(&Value::from("object")) {
            optional_without_null(p);
        }
    }
}

fn drop_null(p: &mut Value) {
    let Some(o) = p.as_object_mut() else { return };
    if let Some(Value::Array(types)) = o.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let t = types.remove(0);
            o.insert("type".into(), t);
        }
    }
    if let Some(Value::Array(any)) = o.get("anyOf") {
        let rest: Vec<&Value> = any
            .iter()
            .filter(|s| s.get("type") != Some(&Value::from("null")))
            .collect();
        if rest.len() == 1
            && let Value::Object(only) = rest[0].clone()
        {
            o.remove("anyOf");
            for (k, v) in only {
                o.entry(k).or_insert(v);
            }
        }
    }
    if let Some(Value::Array(values)) = o.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
    if let Some(items) = o.get_mut("items") {
        drop_null(items);
    }
}

/// Input validators by tool name, each compiled when its tool is first called (compiling all
/// of them up front would sit on the path of an agent's first `initialize`).
pub struct Validators {
    by_tool: HashMap<String, (Value, std::sync::OnceLock<Option<jsonschema::Validator>>)>,
}

impl Validators {
    pub fn new<'a>(tools: impl IntoIterator<Item = &'a rmcp::model::Tool>) -> Validators {
        let by_tool = tools
            .into_iter()
            .map(|t| {
                let schema = Value::Object(t.input_schema.as_ref().clone());
                (t.name.to_string(), (schema, std::sync::OnceLock::new()))
            })
            .collect();
        Validators { by_tool }
    }

    fn validator(&self, tool: &str) -> Option<&jsonschema::Validator> {
        let (schema, cell) = self.by_tool.get(tool)?;
        cell.get_or_init(|| match jsonschema::draft202012::new(schema) {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::error!("input schema of {tool} does not compile: {e}");
                None
            }
        })
        .as_ref()
    }

    /// Reads the arguments as they are meant (`read_as_meant`) and checks them against the
    /// tool's input schema. The error names each bad argument and what it allows.
    pub fn check(&self, tool: &str, args: &mut Map<String, Value>) -> Result<(), String> {
        if let Some((schema, _)) = self.by_tool.get(tool) {
            read_as_meant(schema, args);
        }
        let Some(validator) = self.validator(tool) else {
            return Ok(());
        };
        let instance = Value::Object(std::mem::take(args));
        let problems: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| describe(&e))
            .collect();
        let Value::Object(back) = instance else {
            unreachable!("an object stays an object")
        };
        *args = back;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("bad arguments: {}", problems.join("; ")))
        }
    }
}

/// What clients and models send, read as they mean it: a `null`, or an empty list for an
/// optional argument, is the argument left out (a strict model must send every argument); a
/// number where the schema wants a string (an id, as the Inspector and models send them) is
/// that number's digits, also inside a list of strings.
fn read_as_meant(schema: &Value, args: &mut Map<String, Value>) {
    let required = |k: &str| {
        schema["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == k))
    };
    args.retain(|k, v| {
        let empty_list = v.as_array().is_some_and(Vec::is_empty);
        !(v.is_null() || (empty_list && !required(k)))
    });
    let as_text = |v: &mut Value| {
        if let Value::Number(n) = v {
            *v = Value::String(n.to_string());
        }
    };
    for (k, v) in args.iter_mut() {
        let p = &schema["properties"][k.as_str()];
        if p["type"] == "string" {
            as_text(v);
        } else if p["items"]["type"] == "string"
            && let Value::Array(items) = v
        {
            items.iter_mut().for_each(as_text);
        }
    }
}

/// One validation problem in words: the argument's path, then what is wrong.
fn describe(e: &jsonschema::ValidationError<'_>) -> String {
    let path = e.instance_path().to_string();
    let path = path.trim_start_matches('/').replace('/', ".");
    let what = match e.kind() {
        // The validator shortens long lists ("or 4 other candidates"); name every value.
        jsonschema::error::ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| o.to_string())
                .collect();
            format!("{} is not one of {}", e.instance(), allowed.join(", "))
        }
        _ => e.to_string(),
    };
    if path.is_empty() {
        what
    } else {
        format!("`{path}`: {what}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(v: Value, side: Side) -> Value {
        Value::Object(normalize(v.as_object().unwrap(), side))
    }

    /// Issue 23: results leave `None` out, so their schemas say "optional T", never
    /// `[T, "null"]`, which single-type dialects cannot read.
    #[test]
    fn nullable_output_members_become_optional() {
        let out = norm(
            json!({"type": "object", "required": ["a", "b", "c"], "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"anyOf": [{"$ref": "#/$defs/X"}, {"type": "null"}]},
                "c": {"type": "integer"},
                "d": {"type": "array", "items": {"type": "object", "properties": {"e": {"type": ["integer", "null"]}}}}
            }, "$defs": {"X": {"type": "object", "properties": {"f": {"type": ["boolean", "null"]}}}}}),
            Side::Output,
        );
        assert_eq!(out["required"], json!(["c"]));
        assert_eq!(out["properties"]["a"], json!({"type": "string"}));
        assert_eq!(out["properties"]["b"]["$ref"], "#/$defs/X");
        assert_eq!(
            out["properties"]["d"]["items"]["properties"]["e"],
            json!({"type": "integer"})
        );
        assert_eq!(
            out["$defs"]["X"]["properties"]["f"],
            json!({"type": "boolean"})
        );
        let mut result = json!({"a": null, "c": 1, "d": [{"e": null}]});
        crate::mcp::tools::drop_nulls(&mut result);
        assert_eq!(result, json!({"c": 1, "d": [{}]}));
    }

    #[test]
    fn boolean_subschemas_and_rust_formats_are_rewritten() {
        let out = norm(
            json!({"type": "object", "properties": {
                "top_hit": true, "n": {"type": "integer", "format": "uint64"},
                "i": {"type": "integer", "format": "int32"}, "when": {"type": "string", "format": "date-time"},
                "list": {"type": "array", "items": false}
            }, "additionalProperties": false}),
            Side::Output,
        );
        // A free-form member of a result is an object (issue 23: no untyped schema).
        assert_eq!(out["properties"]["top_hit"], json!({"type": "object"}));
        assert_eq!(
            out["properties"]["n"],
            json!({"type": "integer", "minimum": 0})
        );
        assert_eq!(out["properties"]["i"], json!({"type": "integer"}));
        assert_eq!(out["properties"]["when"]["format"], "date-time");
        assert_eq!(out["properties"]["list"]["items"], json!({"not": {}}));
        assert_eq!(out["additionalProperties"], false);
    }

    #[test]
    fn input_schemas_are_inlined_and_optional_arguments_plain() {
        let out = norm(
            json!({"type": "object", "required": ["kind"], "properties": {
                "kind": {"$ref": "#/$defs/Kind", "description": "which"},
                "maybe": {"anyOf": [{"$ref": "#/$defs/Kind"}, {"type": "null"}], "description": "m"},
                "limit": {"type": ["integer", "null"], "format": "uint64", "minimum": 1}
            }, "$defs": {"Kind": {"type": "string", "enum": ["a", "b"], "description": "a kind"}}}),
            Side::Input,
        );
        assert_eq!(
            out["properties"]["kind"],
            json!({"type": "string", "enum": ["a", "b"], "description": "which"})
        );
        assert_eq!(
            out["properties"]["maybe"],
            json!({"type": "string", "enum": ["a", "b"], "description": "m"})
        );
        assert_eq!(
            out["properties"]["limit"],
            json!({"type": "integer", "minimum": 1})
        );
        assert!(out.get("$defs").is_none());
    }
}
