//! TIDAL's OpenAPI document (`tests/reference/tidal-oas/`) as a contract that every official-API
//! exchange in the test suite goes through: the fake checks each request the client sends
//! (operation, query parameters, `include` paths, request body, access tier, scopes) and each
//! answer it gives (the operation's response schema) here, and a violation fails the test that
//! caused it, named by its rule. The rules are the document's own, from its `info.description`
//! and its operations; where the document is silent the check says nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Value, json};

/// The document, as fetched (see `tests/reference/tidal-oas/README.md`).
const DOCUMENT: &str = include_str!("../reference/tidal-oas/tidal-api-oas.json");

/// Include trees are bounded in depth and in distinct resources (the document's defaults).
const MAX_INCLUDE_DEPTH: usize = 3;
const MAX_INCLUDE_NODES: usize = 10;

/// A broken rule: which one, and what broke it.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.rule, self.detail)
    }
}

fn violation(rule: &'static str, detail: impl Into<String>) -> Violation {
    Violation {
        rule,
        detail: detail.into(),
    }
}

pub struct Param {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub deprecated: bool,
    pub schema: Value,
}

/// One operation of the document.
pub struct Operation {
    pub method: String,
    pub template: String,
    segments: Vec<String>,
    pub params: Vec<Param>,
    pub tier: String,
    pub deprecated: bool,
    /// The scopes of the `Authorization_Code_PKCE` requirement; `None` when the operation
    /// does not take user tokens at all.
    pub pkce_scopes: Option<Vec<String>>,
    pub body_schema: Option<String>,
    /// Response schema names by status code.
    pub responses: BTreeMap<String, Option<String>>,
}

impl Operation {
    fn param(&self, name: &str, location: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.name == name && p.location == location)
    }
    /// The resource type the operation's path starts from (what `include` is relative to).
    pub fn root_type(&self) -> &str {
        &self.segments[0]
    }
}

pub struct Contract {
    /// `components.schemas`, rewritten from OpenAPI 3.0 into JSON Schema (nullable, discriminator).
    schemas: Value,
    pub operations: Vec<Operation>,
    /// Scopes the document reserves for TIDAL's own apps (`x-scopes-required-access-tier`).
    internal_scopes: BTreeSet<String>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

static CONTRACT: OnceLock<Contract> = OnceLock::new();

/// The contract, read once per test process.
pub fn contract() -> &'static Contract {
    CONTRACT.get_or_init(|| Contract::parse(serde_json::from_str(DOCUMENT).expect("OAS JSON")))
}

fn ref_name(v: &Value) -> Option<String> {
    v["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_string)
}

/// OpenAPI 3.0 schema keywords that JSON Schema reads otherwise: `nullable` (a type that also
/// takes null) and `discriminator` on a `oneOf` (the member is chosen by `type`, so resources
/// whose required fields overlap are not "valid under more than one").
fn to_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                map.remove("nullable");
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = map.get_mut("enum") {
                        e.push(Value::Null);
                    }
                } else if map.contains_key("$ref") {
                    let r = map.remove("$ref").unwrap();
                    map.insert("anyOf".into(), json!([{"$ref": r}, {"type": "null"}]));
                }
            }
            if let Some(mapping) = map
                .get("discriminator")
                .and_then(|d| d.get("mapping"))
                .and_then(Value::as_object)
                .cloned()
            {
                map.remove("discriminator");
                map.remove("oneOf");
                let cases: Vec<Value> = mapping
                    .iter()
                    .map(|(t, r)| {
                        json!({"if": {"properties": {"type": {"const": t}}}, "then": {"$ref": r}})
                    })
                    .collect();
                let types: Vec<&String> = mapping.keys().collect();
                map.insert("allOf".into(), Value::Array(cases));
                map.insert(
                    "properties".into(),
                    json!({"type": {"enum": types}, "id": {"type": "string"}}),
                );
                map.insert("required".into(), json!(["id", "type"]));
            }
            for (k, child) in map.iter_mut() {
                // `example` and `description` hold data, not schemas.
                if k != "example" && k != "mapping" {
                    to_json_schema(child);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

impl Contract {
    fn parse(doc: Value) -> Contract {
        let mut schemas = doc["components"]["schemas"].clone();
        to_json_schema(&mut schemas);
        let mut operations = Vec::new();
        for (template, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                if !["get", "post", "patch", "delete", "put"].contains(&method.as_str()) {
                    continue;
                }
                operations.push(parse_operation(&doc, template, method, op));
            }
        }
        let internal_scopes = doc["components"]["securitySchemes"]["Authorization_Code_PKCE"]
            ["flows"]["authorizationCode"]["x-scopes-required-access-tier"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, tier)| *tier != "THIRD_PARTY")
            .map(|(s, _)| s.clone())
            .collect();
        Contract {
            schemas,
            operations,
            internal_scopes,
            validators: Mutex::default(),
        }
    }

    /// The operation for `method` on `path` (relative to the API's base, `/tracks/1`), literal
    /// segments preferred over templated ones.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        self.operations
            .iter()
            .filter(|op| op.method == method && op.segments.len() == segs.len())
            .filter(|op| {
                op.segments
                    .iter()
                    .zip(&segs)
                    .all(|(t, s)| t.starts_with('{') || t == s)
            })
            .min_by_key(|op| op.segments.iter().filter(|t| t.starts_with('{')).count())
    }

    fn resource_schema(&self, kind: &str) -> Option<&Value> {
        let mut name = kind.to_string();
        if let Some(first) = name.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        self.schemas
            .get(format!("{name}_Relationships"))
            .filter(|s| s.is_object())
    }

    /// Whether a relationship holds one resource (a `Single_Relationship_Data_Document`).
    pub fn is_to_one(&self, kind: &str, rel: &str) -> bool {
        self.resource_schema(kind)
            .and_then(|s| s["properties"][rel]["$ref"].as_str())
            .is_some_and(|r| r.contains("Single_Relationship"))
    }

    /// The relationships a resource type documents.
    pub fn relationships_of(&self, kind: &str) -> Vec<String> {
        self.resource_schema(kind)
            .and_then(|s| s["properties"].as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The resource types a relationship holds. The document types relationship data only as
    /// generic identifiers, so the polymorphic and renamed ones are listed here (from the
    /// endpoints' descriptions and examples); any other relationship holds the type it is named
    /// after.
    pub fn targets(&self, kind: &str, rel: &str) -> Vec<&'static str> {
        let named: &[&'static str] = match (kind, rel) {
            ("albums" | "playlists", "items") => &["tracks", "videos"],
            ("userCollectionTracks", "items") => &["tracks"],
            ("userCollectionAlbums", "items") => &["albums"],
            ("userCollectionArtists", "items") => &["artists"],
            ("userCollectionPlaylists", "items") => &["playlists"],
            ("userCollectionVideos", "items") => &["videos"],
            ("userDailyMixes" | "userDiscoveryMixes" | "userNewReleaseMixes", "items") => {
                &["playlists"]
            }
            (_, "owners") => &["users"],
            (_, "similarAlbums") => &["albums"],
            (_, "similarArtists") => &["artists"],
            (_, "similarTracks") => &["tracks"],
            (_, "radio") => &["playlists"],
            (_, "topHits") => &["tracks", "albums", "artists", "playlists", "videos"],
            (_, "coverArt" | "profileArt") => &["artworks"],
            (_, "usageRules") => &["usageRules"],
            (_, "biography") => &["artistBiographies"],
            (_, "lyrics") => &["lyrics"],
            (_, "tracks") => &["tracks"],
            (_, "albums") => &["albums"],
            (_, "artists") => &["artists"],
            (_, "videos") => &["videos"],
            (_, "playlists") => &["playlists"],
            (_, "genres") => &["genres"],
            (_, "providers") => &["providers"],
            _ => &[],
        };
        named.to_vec()
    }

    /// Checks one `include` path from `root`; returns its depth.
    fn check_include_path(&self, root: &str, path: &str) -> Result<usize, String> {
        let mut kinds: Vec<&str> = vec![root];
        let segments: Vec<&str> = path.split('.').collect();
        for seg in &segments {
            let (qualifier, member) = match seg.split_once(':') {
                Some((q, m)) => (Some(q), m),
                None => (None, *seg),
            };
            if let Some(q) = qualifier {
                if !kinds.contains(&q) {
                    return Err(format!("`{path}`: `{q}:` qualifies no type reached here"));
                }
                kinds = vec![q];
            }
            let holding: Vec<&str> = kinds
                .iter()
                .copied()
                .filter(|k| self.relationships_of(k).iter().any(|r| r == member))
                .collect();
            if holding.is_empty() {
                return Err(format!(
                    "`{path}`: `{member}` is no relationship of {}",
                    kinds.join(" or ")
                ));
            }
            let mut next: Vec<&str> = Vec::new();
            for k in holding {
                for t in self.targets(k, member) {
                    if !next.contains(&t) {
                        next.push(t);
                    }
                }
            }
            kinds = next;
        }
        Ok(segments.len())
    }

    /// Checks an `include` list: each path resolves, depth and distinct resources in bounds.
    pub fn check_include(&self, root: &str, paths: &[String]) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut nodes = BTreeSet::new();
        for p in paths {
            match self.check_include_path(root, p) {
                Ok(depth) if depth > MAX_INCLUDE_DEPTH => out.push(violation(
                    "include-depth",
                    format!("`{p}` is {depth} levels deep (at most {MAX_INCLUDE_DEPTH})"),
                )),
                Ok(_) => {}
                Err(e) => out.push(violation("include-path", e)),
            }
            let segs: Vec<&str> = p.split('.').collect();
            for n in 1..=segs.len() {
                nodes.insert(segs[..n].join("."));
            }
        }
        if nodes.len() > MAX_INCLUDE_NODES {
            out.push(violation(
                "include-count",
                format!(
                    "the include tree names {} resources (at most {MAX_INCLUDE_NODES}): {}",
                    nodes.len(),
                    paths.join(",")
                ),
            ));
        }
        out
    }

    /// Checks a request against the document. `granted` are the scopes the user's token was
    /// issued with (`None` when unknown).
    pub fn check_request(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        headers: &[(String, String)],
        body: Option<&Value>,
        granted: Option<&[String]>,
    ) -> (Option<&Operation>, Vec<Violation>) {
        let Some(op) = self.operation(method, path) else {
            return (
                None,
                vec![violation(
                    "unknown-operation",
                    format!("{method} {path} is no operation of the document"),
                )],
            );
        };
        let what = format!("{method} {}", op.template);
        let mut out = self.check_access(op, &what, granted);
        let (seen, includes) = check_query(op, &what, query, &mut out);
        check_required(op, &what, &seen, headers, &mut out);
        if !includes.is_empty() {
            out.extend(self.check_include(op.root_type(), &includes));
        }
        self.check_body(op, &what, headers, body, &mut out);
        (Some(op), out)
    }

    /// The operation's access tier, deprecation and scopes against a developer app's token.
    fn check_access(
        &self,
        op: &Operation,
        what: &str,
        granted: Option<&[String]>,
    ) -> Vec<Violation> {
        let mut out = Vec::new();
        if op.tier != "THIRD_PARTY" {
            out.push(violation(
                "access-tier",
                format!(
                    "{what} needs tier {}; a developer app has THIRD_PARTY",
                    op.tier
                ),
            ));
        }
        if op.deprecated {
            out.push(violation("deprecated", format!("{what} is deprecated")));
        }
        match (&op.pkce_scopes, granted) {
            (None, _) => out.push(violation(
                "scope",
                format!("{what} takes no user (authorization code) tokens"),
            )),
            (Some(needed), Some(granted)) => {
                // A requirement lists TIDAL's internal scope beside the public one it stands for
                // (`r_usr` beside `search.read`): the public ones are what a developer app needs.
                let missing: Vec<&String> = needed
                    .iter()
                    .filter(|s| !self.internal_scopes.contains(*s) && !granted.contains(s))
                    .collect();
                if !missing.is_empty() {
                    out.push(violation(
                        "scope",
                        format!("{what} needs scope {missing:?}, the login asked for {granted:?}"),
                    ));
                }
            }
            (Some(_), None) => {}
        }
        out
    }

    /// The Idempotency-Key a mutation must carry, and its body against the document's schema.
    fn check_body(
        &self,
        op: &Operation,
        what: &str,
        headers: &[(String, String)],
        body: Option<&Value>,
        out: &mut Vec<Violation>,
    ) {
        let idempotent_write = op.param("Idempotency-Key", "header").is_some();
        if idempotent_write
            && !headers
                .iter()
                .any(|(h, _)| h.eq_ignore_ascii_case("idempotency-key"))
        {
            out.push(violation(
                "idempotency-key",
                format!("{what} is a mutation sent without an Idempotency-Key"),
            ));
        }
        match (&op.body_schema, body) {
            (Some(schema), Some(b)) => {
                for e in self.validate(schema, b) {
                    out.push(violation("request-body", format!("{what}: {e}")));
                }
            }
            (Some(schema), None) => out.push(violation(
                "request-body",
                format!("{what} takes a {schema} document; none was sent"),
            )),
            (None, Some(b)) if !b.is_null() => out.push(violation(
                "request-body",
                format!("{what} takes no request body"),
            )),
            _ => {}
        }
    }

    /// Checks an answer against the operation's response schema for its status.
    pub fn check_response(&self, op: &Operation, status: u16, body: &Value) -> Vec<Violation> {
        let what = format!("{} {} -> {status}", op.method, op.template);
        // The document lists no 401 for any operation: an expired or unknown token is the
        // security scheme's answer, not one an operation describes.
        if status == 401 {
            return Vec::new();
        }
        let Some(schema) = op.responses.get(&status.to_string()) else {
            return vec![violation(
                "response-status",
                format!("{what}: the operation documents no {status} answer"),
            )];
        };
        match schema {
            Some(s) => self
                .validate(s, body)
                .into_iter()
                .map(|e| violation("response-schema", format!("{what}: {e}")))
                .collect(),
            None if body.is_null() => Vec::new(),
            None => vec![violation(
                "response-schema",
                format!("{what}: the document gives this answer no body"),
            )],
        }
    }

    /// Validation errors of `value` against the named component schema.
    pub fn validate(&self, schema: &str, value: &Value) -> Vec<String> {
        let validator = {
            let mut cache = self.validators.lock().unwrap();
            cache
                .entry(schema.to_string())
                .or_insert_with(|| {
                    let root = json!({
                        "components": {"schemas": self.schemas},
                        "$ref": format!("#/components/schemas/{schema}"),
                    });
                    Arc::new(
                        jsonschema::options()
                            .with_draft(jsonschema::Draft::Draft202012)
                            .build(&root)
                            .unwrap_or_else(|e| panic!("schema {schema}: {e}")),
                    )
                })
                .clone()
        };
        validator
            .iter_errors(value)
            .take(5)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }
}

/// Each query parameter declared, not deprecated, and with a value its schema allows; returns
/// the names sent and the `include` paths.
fn check_query<'q>(
    op: &Operation,
    what: &str,
    query: &'q [(String, String)],
    out: &mut Vec<Violation>,
) -> (BTreeSet<&'q str>, Vec<String>) {
    let mut seen = BTreeSet::new();
    let mut includes = Vec::new();
    for (k, v) in query {
        seen.insert(k.as_str());
        let Some(p) = op.param(k, "query") else {
            out.push(violation(
                "undeclared-parameter",
                format!("{what} declares no query parameter `{k}`"),
            ));
            continue;
        };
        if p.deprecated {
            out.push(violation(
                "deprecated",
                format!("{what}: `{k}` is deprecated"),
            ));
        }
        if k == "include" {
            includes.extend(v.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            continue;
        }
        check_value(p, what, k, v, out);
    }
    (seen, includes)
}

/// One parameter's value (each of a list's) against its schema's enum and length.
fn check_value(p: &Param, what: &str, k: &str, v: &str, out: &mut Vec<Violation>) {
    let list = p.schema["type"] == "array";
    let values: Vec<Value> = if list {
        v.split(',').map(|s| json!(s)).collect()
    } else {
        vec![json!(v)]
    };
    let item_schema = if list { &p.schema["items"] } else { &p.schema };
    for val in values {
        if let Some(e) = item_schema["enum"].as_array()
            && !e.contains(&val)
        {
            out.push(violation(
                "parameter-value",
                format!("{what}: `{k}={val}` is none of {e:?}"),
            ));
        }
        if let (Some(max), Some(s)) = (item_schema["maxLength"].as_u64(), val.as_str())
            && s.chars().count() as u64 > max
        {
            out.push(violation(
                "parameter-value",
                format!("{what}: `{k}` is longer than {max}"),
            ));
        }
    }
}

/// Every required query parameter and header present.
fn check_required(
    op: &Operation,
    what: &str,
    seen: &BTreeSet<&str>,
    headers: &[(String, String)],
    out: &mut Vec<Violation>,
) {
    for p in op.params.iter().filter(|p| p.required) {
        let present = match p.location.as_str() {
            "query" => seen.contains(p.name.as_str()),
            "header" => headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(&p.name)),
            _ => true,
        };
        if !present {
            out.push(violation(
                "missing-parameter",
                format!("{what} requires {} `{}`", p.location, p.name),
            ));
        }
    }
}

/// One operation of the document: its parameters (shared ones resolved), tier, PKCE scopes,
/// request body and response schemas.
fn parse_operation(doc: &Value, template: &str, method: &str, op: &Value) -> Operation {
    let shared_params = &doc["components"]["parameters"];
    let params = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let shared = ref_name(p).or_else(|| {
                p["$ref"]
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/components/parameters/"))
                    .map(str::to_string)
            });
            let p = match shared {
                Some(name) => &shared_params[name.as_str()],
                None => p,
            };
            Param {
                name: p["name"].as_str().unwrap_or_default().to_string(),
                location: p["in"].as_str().unwrap_or_default().to_string(),
                required: p["required"] == true,
                deprecated: p["deprecated"] == true,
                schema: p["schema"].clone(),
            }
        })
        .collect();
    let pkce_scopes = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|req| req.get("Authorization_Code_PKCE"))
        .map(|s| {
            s.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
    let body_schema = op["requestBody"]["content"]
        .as_object()
        .and_then(|c| c.values().next())
        .and_then(|m| ref_name(&m["schema"]));
    Operation {
        method: method.to_uppercase(),
        template: template.to_string(),
        segments: template
            .trim_start_matches('/')
            .split('/')
            .map(str::to_string)
            .collect(),
        params,
        tier: op["x-path-item-properties"]["required-access-tier"]
            .as_str()
            .unwrap_or("UNKNOWN")
            .to_string(),
        deprecated: op["deprecated"] == true,
        pkce_scopes,
        body_schema,
        responses: responses_of(doc, op),
    }
}

/// Each documented status with the schema its answer carries (shared responses resolved).
fn responses_of(doc: &Value, op: &Value) -> BTreeMap<String, Option<String>> {
    op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| {
            let r = match r["$ref"]
                .as_str()
                .and_then(|x| x.strip_prefix("#/components/responses/"))
            {
                Some(name) => &doc["components"]["responses"][name],
                None => r,
            };
            let schema = r["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .and_then(|m| ref_name(&m["schema"]));
            (status.clone(), schema)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn rules(v: &[Violation]) -> Vec<&'static str> {
        v.iter().map(|v| v.rule).collect()
    }

    #[test]
    fn nested_includes_resolve_through_the_relationship_schemas() {
        let c = contract();
        let ok = [
            "items",
            "items.artists",
            "items.albums",
            "items.tracks:albums",
        ];
        assert!(
            c.check_include("playlists", &ok.map(String::from))
                .is_empty()
        );
        let bad = c.check_include("playlists", &["items.nonsense".into()]);
        assert_eq!(rules(&bad), ["include-path"]);
        let deep = c.check_include("albums", &["items.albums.artists.albums".into()]);
        assert_eq!(rules(&deep), ["include-depth"]);
        let many: Vec<String> = [
            "tracks.artists",
            "tracks.albums",
            "albums.artists",
            "artists",
            "playlists.owners",
            "topHits.artists",
            "topHits.albums",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            rules(&c.check_include("searchResults", &many)),
            ["include-count"]
        );
    }

    #[test]
    fn requests_are_held_to_their_operation() {
        let c = contract();
        let scopes: Vec<String> = ["search.read".to_string()].to_vec();
        let (op, v) = c.check_request(
            "GET",
            "/searchResults",
            &q(&[
                ("filter[query]", "x"),
                ("include", "tracks"),
                ("countryCode", "DE"),
            ]),
            &[],
            None,
            Some(&scopes),
        );
        assert!(op.is_some() && v.is_empty(), "{v:?}");
        let (_, v) = c.check_request(
            "GET",
            "/userCollectionTracks/me/relationships/items",
            &q(&[("countryCode", "DE"), ("sort", "-newest")]),
            &[],
            None,
            Some(&scopes),
        );
        assert_eq!(
            rules(&v),
            ["scope", "undeclared-parameter", "parameter-value"]
        );
        let (_, v) = c.check_request(
            "GET",
            "/tracks/1/relationships/lyrics",
            &[],
            &[],
            None,
            None,
        );
        assert_eq!(rules(&v), ["access-tier"]);
        let (_, v) = c.check_request("DELETE", "/playlists/x", &[], &[], None, None);
        assert_eq!(rules(&v), ["idempotency-key"]);
        let (_, v) = c.check_request(
            "POST",
            "/playlists/x/relationships/items",
            &[],
            &[("Idempotency-Key".into(), "k".into())],
            Some(&json!({"data": []})),
            None,
        );
        assert_eq!(rules(&v), ["request-body"]);
    }

    #[test]
    fn answers_are_held_to_the_response_schema() {
        let c = contract();
        let op = c.operation("GET", "/searchResults").unwrap();
        let one = json!({"data": {"id": "x", "type": "searchResults"}, "links": {"self": "/s"}});
        assert_eq!(rules(&c.check_response(op, 200, &one)), ["response-schema"]);
        let coll = json!({"data": [{"id": "x", "type": "searchResults"}], "links": {"self": "/s"}});
        assert!(c.check_response(op, 200, &coll).is_empty());
    }
}
