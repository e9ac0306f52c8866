//! The schema rules every MCP client accepts (issue 8), checked on what a server lists: no
//! boolean subschema (but `additionalProperties: false`), only standard formats, self-contained
//! input schemas with every property described and `limit`s bounded, object output schemas,
//! described prompt arguments and resource templates. Each problem is one line naming where.

use serde_json::Value;

// The vocabulary (standard formats, which keywords hold schemas) is the JSON Schema spec's, shared
// with the server; the rules below are this lint's own.
use tidal_mcp::mcp::schema::{
    SCHEMA_KEYWORDS as ONE, SCHEMA_LIST_KEYWORDS as LIST, SCHEMA_MAP_KEYWORDS as MAP,
    STANDARD_FORMATS,
};

/// Problems in one schema (any side), walking every subschema: boolean schemas, non-standard
/// formats, undescribed properties.
fn walk(s: &Value, at: &str, out: &mut Vec<String>) {
    let Some(o) = s.as_object() else {
        out.push(format!("{at}: boolean schema `{s}`"));
        return;
    };
    for (name, p) in o
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if p["description"]
            .as_str()
            .is_none_or(|d| d.trim().is_empty())
        {
            out.push(format!("{at}/properties/{name}: no description"));
        }
    }
    if let Some(f) = o.get("format").and_then(Value::as_str)
        && !STANDARD_FORMATS.contains(&f)
    {
        out.push(format!("{at}: non-standard format `{f}`"));
    }
    for (k, v) in o {
        if ONE.contains(&k.as_str()) {
            if !(k == "additionalProperties" && *v == Value::Bool(false)) {
                walk(v, &format!("{at}/{k}"), out);
            }
        } else if LIST.contains(&k.as_str()) {
            for (i, x) in v.as_array().into_iter().flatten().enumerate() {
                walk(x, &format!("{at}/{k}/{i}"), out);
            }
        } else if MAP.contains(&k.as_str()) {
            for (n, x) in v.as_object().into_iter().flatten() {
                walk(x, &format!("{at}/{k}/{n}"), out);
            }
        }
    }
}

/// Input-only rules: self-contained, no `null` in a property's type,
/// every `limit` bounded on both sides.
fn input_rules(s: &Value, at: &str, out: &mut Vec<String>) {
    if s.to_string().contains("\"$ref\"") {
        out.push(format!("{at}: input schema uses $ref"));
    }
    for (name, p) in s["properties"].as_object().into_iter().flatten() {
        let here = format!("{at}/properties/{name}");
        if p["description"]
            .as_str()
            .is_none_or(|d| d.trim().is_empty())
        {
            out.push(format!("{here}: no description"));
        }
        if p["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "null"))
        {
            out.push(format!("{here}: null in type"));
        }
        if name == "limit" && (p.get("minimum").is_none() || p.get("maximum").is_none()) {
            out.push(format!("{here}: limit without minimum and maximum"));
        }
        if p["type"] == "object" {
            input_rules(p, &here, out);
        }
    }
}

/// Problems in a `tools/list` result's tools.
pub fn tools(tools: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for t in tools {
        let name = t["name"].as_str().unwrap_or("?");
        for k in ["description", "title"] {
            if t[k].as_str().is_none_or(|d| d.trim().is_empty()) {
                out.push(format!("{name}: no {k}"));
            }
        }
        if t["annotations"].is_null() {
            out.push(format!("{name}: no annotations"));
        }
        walk(&t["inputSchema"], &format!("{name}/inputSchema"), &mut out);
        input_rules(&t["inputSchema"], &format!("{name}/inputSchema"), &mut out);
        match t.get("outputSchema") {
            Some(o) if o["type"] == "object" => walk(o, &format!("{name}/outputSchema"), &mut out),
            _ => out.push(format!("{name}: no object outputSchema")),
        }
    }
    out
}

/// Problems in `prompts/list` prompts and `resources/templates/list` templates.
pub fn prompts_and_templates(prompts: &[Value], templates: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for p in prompts {
        let name = p["name"].as_str().unwrap_or("?");
        for a in p["arguments"].as_array().into_iter().flatten() {
            if a["description"]
                .as_str()
                .is_none_or(|d| d.trim().is_empty())
            {
                out.push(format!(
                    "prompt {name}: argument {} has no description",
                    a["name"]
                ));
            }
        }
    }
    for t in templates {
        for k in ["description", "mimeType"] {
            if t[k].as_str().is_none() {
                out.push(format!("template {}: no {k}", t["uriTemplate"]));
            }
        }
    }
    out
}

#[test]
fn the_lint_catches_each_rule() {
    let good = serde_json::json!({"name": "t", "title": "T", "description": "d", "annotations": {},
        "inputSchema": {"type": "object", "additionalProperties": false, "properties": {
            "limit": {"type": "integer", "minimum": 1, "maximum": 5, "description": "n"}}},
        "outputSchema": {"type": "object", "properties": {"when": {"type": "string", "format": "date-time", "description": "w"}}}});
    assert_eq!(tools(std::slice::from_ref(&good)), Vec::<String>::new());
    let mut bad = good.clone();
    bad["outputSchema"]["properties"]["top_hit"] = Value::Bool(true);
    bad["outputSchema"]["properties"]["n"] =
        serde_json::json!({"type": "integer", "format": "uint64"});
    bad["inputSchema"]["properties"]["limit"] = serde_json::json!({"type": ["integer", "null"]});
    let found = tools(&[bad]);
    for needle in [
        "boolean schema",
        "format `uint64`",
        "no description",
        "null in type",
        "limit without",
    ] {
        assert!(
            found.iter().any(|f| f.contains(needle)),
            "{needle} not caught: {found:?}"
        );
    }
}
