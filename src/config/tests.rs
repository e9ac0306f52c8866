use super::*;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn shipped_example_equals_defaults() {
    let text = include_str!("../../config/tidal-mcp.toml");
    let parsed: Settings = toml::from_str(text).expect("example parses");
    assert_eq!(parsed, Settings::default());
    // and it mentions every option
    let tree = Value::try_from(Settings::default()).unwrap();
    let file: Value = toml::from_str(text).unwrap();
    let mut missing = Vec::new();
    leaves(&tree, "", &mut |k, _| {
        let mut cur = &file;
        for p in k.split('.') {
            match cur.get(p) {
                Some(c) => cur = c,
                None => {
                    missing.push(k.to_string());
                    return;
                }
            }
        }
    });
    assert!(
        missing.is_empty(),
        "options missing from config/tidal-mcp.toml: {missing:?}"
    );
}

#[test]
fn layering_and_errors() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("c.toml");
    std::fs::write(
        &file,
        "[cache.l1]\nmax_entries = 7\n[tidal]\napi_url = \"http://127.0.0.1:1\"\n",
    )
    .unwrap();
    let home = t.path().join("home");
    let e = env(&[
        ("TIDAL_MCP_HOME", home.to_str().unwrap()),
        ("TIDAL_MCP_CONFIG", file.to_str().unwrap()),
        ("TIDAL_MCP_API_URL", "http://127.0.0.1:2"),
        ("TIDAL_MCP_AGENT__IDLE_TIMEOUT_SECS", "5"),
    ]);
    let flags = FlagOverrides {
        values: vec![("cache.l1.ttl_secs".into(), "9".into())],
        ..Default::default()
    };
    let c = Config::load_with(&flags, &e).unwrap();
    assert_eq!(c.settings.cache.l1.max_entries, 7);
    assert_eq!(c.sources["cache.l1.max_entries"], Source::File);
    assert_eq!(c.settings.tidal.api_url, "http://127.0.0.1:2");
    assert_eq!(c.sources["tidal.api_url"], Source::Env);
    assert_eq!(c.settings.agent.idle_timeout_secs, 5);
    assert_eq!(c.settings.cache.l1.ttl_secs, 9);
    assert_eq!(c.sources["cache.l1.ttl_secs"], Source::Flag);

    std::fs::write(&file, "[cache.l1]\nmax_entrys = 7\n").unwrap();
    let err = Config::load_with(&FlagOverrides::default(), &e)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cache.l1.max_entrys") && err.contains("c.toml"),
        "{err}"
    );

    std::fs::write(&file, "[cache.l1]\nmax_entries = \"many\"\n").unwrap();
    let err = Config::load_with(&FlagOverrides::default(), &e)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cache.l1.max_entries") && err.contains("an integer"),
        "{err}"
    );

    std::fs::write(&file, "").unwrap();
    let bad = env(&[
        ("TIDAL_MCP_HOME", home.to_str().unwrap()),
        ("TIDAL_MCP_CONFIG", file.to_str().unwrap()),
        ("TIDAL_MCP_CACHE__L1__ENABLED", "maybe"),
    ]);
    let err = Config::load_with(&FlagOverrides::default(), &bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("TIDAL_MCP_CACHE__L1__ENABLED"), "{err}");
}

#[test]
fn secrets_are_masked() {
    let t = tempfile::tempdir().unwrap();
    let e = env(&[
        ("TIDAL_MCP_HOME", t.path().to_str().unwrap()),
        ("TIDAL_CLIENT_SECRET", "s3cr3t-value"),
    ]);
    let c = Config::load_with(&FlagOverrides::default(), &e).unwrap();
    let shown: String = c
        .entries()
        .iter()
        .map(|(k, v, _)| format!("{k}={v}\n"))
        .collect();
    assert!(!shown.contains("s3cr3t-value"));
    assert!(shown.contains("tidal.client_secret=\"********\""));
}

/// Issue 21: the closed settings are enums; a value outside them is refused naming the key, where
/// it came from, and the values it takes.
#[test]
fn issue21_closed_settings_are_enums_and_name_their_values() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let home = home.to_str().unwrap();
    let ok = env(&[
        ("TIDAL_MCP_HOME", home),
        ("TIDAL_MCP_TIDAL__AUTH_FLOW", "pkce"),
        ("TIDAL_MCP_MCP__TOOL_SET", "lean"),
    ]);
    let flags = FlagOverrides {
        values: vec![("mcp.hidden_groups".into(), "auth, favorites".into())],
        ..Default::default()
    };
    let c = Config::load_with(&flags, &ok).unwrap();
    assert_eq!(c.settings.tidal.auth_flow, AuthFlow::Pkce);
    assert_eq!(c.settings.mcp.tool_set, ToolSet::Lean);
    assert_eq!(
        c.settings.mcp.hidden_groups,
        [Group::Auth, Group::Favorites]
    );
    for (var, value, key, allowed) in [
        (
            "TIDAL_MCP_TIDAL__AUTH_FLOW",
            "browser",
            "tidal.auth_flow",
            "pkce",
        ),
        ("TIDAL_MCP_MCP__TOOL_SET", "small", "mcp.tool_set", "lean"),
    ] {
        let bad = env(&[("TIDAL_MCP_HOME", home), (var, value)]);
        let err = format!(
            "{:#}",
            Config::load_with(&FlagOverrides::default(), &bad).unwrap_err()
        );
        assert!(
            err.contains(key) && err.contains(var) && err.contains(value) && err.contains(allowed),
            "{err}"
        );
    }
    let flags = FlagOverrides {
        values: vec![("mcp.hidden_groups".into(), "nope".into())],
        ..Default::default()
    };
    let err = Config::load_with(&flags, &env(&[("TIDAL_MCP_HOME", home)])).unwrap_err();
    let err = format!("{err:#}");
    assert!(
        err.contains("mcp.hidden_groups") && err.contains("nope") && err.contains("discovery"),
        "{err}"
    );
}
