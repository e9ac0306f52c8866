//! The service layer on its own: built from a store, a vault and a TIDAL client that never
//! sends a request, on a fake clock, with no agent (issue 9).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use super::limits::Category;
use super::session::VaultTokens;
use super::{Service, ServiceError};
use crate::clock::{Clock, FakeClock};
use crate::config::Settings;
use crate::store::Store;
use crate::tidal::TidalClient;
use crate::vault::Vault;

struct Fixture {
    dir: tempfile::TempDir,
    clock: Arc<FakeClock>,
    /// Opened once (sled releases its lock a moment after the last handle is dropped); each
    /// service gets a handle, so a new service starts from what is stored and nothing else.
    store: Store,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("home/store")).unwrap();
        Fixture {
            dir,
            clock: Arc::new(FakeClock::new(1_700_000_000_000)),
            store,
        }
    }

    /// A service over this fixture's files; a second one sees what the first stored (a restart).
    fn service(&self, settings: &Settings) -> Service {
        let root = self.dir.path().join("home");
        let clock: Arc<dyn Clock> = self.clock.clone();
        let store = self.store.clone();
        let vault = Vault::open(&root.join("vault"), 0, clock.now()).unwrap();
        let vault = Arc::new(Mutex::new(vault));
        let tokens = Arc::new(VaultTokens {
            vault: vault.clone(),
        });
        let tidal = TidalClient::new(settings.tidal.clone(), clock.clone(), tokens, None).unwrap();
        let metrics = Arc::new(super::metrics::Metrics::new(true));
        Service::new(settings, store, vault, Arc::new(tidal), clock, metrics)
    }
}

fn limited(settings: &mut Settings) {
    let r = &mut settings.rate_limits;
    r.enabled = true;
    r.search_queries.per_minute = 20;
    r.search_queries.per_hour = 1000;
    r.search_queries.burst = 0;
    r.escalation_factor = 2;
    r.penalty_max_secs = 3600;
}

/// `check_limit` on the fake clock, whose sleeps are over at once.
fn check(svc: &Service, c: Category) -> Result<(), ServiceError> {
    futures::executor::block_on(svc.check_limit(c))
}

fn wait_of(r: Result<(), ServiceError>) -> u64 {
    match r {
        Err(ServiceError::RateLimited { wait_s, category }) => {
            assert_eq!(category, "search_queries");
            wait_s
        }
        other => panic!("expected a rate limit, got {other:?}"),
    }
}

#[test]
fn twenty_searches_pass_the_21st_waits_and_the_penalty_escalates() {
    let f = Fixture::new();
    let mut settings = Settings::default();
    limited(&mut settings);
    let svc = f.service(&settings);
    for n in 0..20 {
        assert!(check(&svc, Category::SearchQueries).is_ok(), "search {n}");
    }
    // 20 a minute replenish one every 3 s.
    assert_eq!(wait_of(check(&svc, Category::SearchQueries)), 3);
    assert_eq!(wait_of(check(&svc, Category::SearchQueries)), 6);
    assert_eq!(wait_of(check(&svc, Category::SearchQueries)), 12);
    assert_eq!(
        svc.limits
            .rejections
            .load(std::sync::atomic::Ordering::Relaxed),
        3
    );

    // The penalty is kept in the store: a restarted service still refuses until it ends.
    f.clock.advance(Duration::from_secs(5));
    drop(svc);
    let restarted = f.service(&settings);
    assert_eq!(wait_of(check(&restarted, Category::SearchQueries)), 24);
    f.clock.advance(Duration::from_secs(25));
    assert!(check(&restarted, Category::SearchQueries).is_ok());

    // Each new violation is in the audit chain.
    let audit = super::audit::Audit::entries(&restarted.store, 0, 100);
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.event_type == "RATE_LIMIT")
            .count(),
        1
    );
}

#[test]
fn forgiven_violations_do_not_escalate_and_disabled_limits_admit_everything() {
    let f = Fixture::new();
    let mut settings = Settings::default();
    limited(&mut settings);
    settings.rate_limits.search_queries.burst = 2;
    let svc = f.service(&settings);
    for _ in 0..20 {
        check(&svc, Category::SearchQueries).unwrap();
    }
    // Two violations forgiven; the third starts the penalty, which then doubles.
    let waits: Vec<u64> = (0..4)
        .map(|_| wait_of(check(&svc, Category::SearchQueries)))
        .collect();
    assert_eq!(waits, vec![3, 3, 3, 6]);

    settings.rate_limits.enabled = false;
    let f = Fixture::new();
    let svc = f.service(&settings);
    for _ in 0..100 {
        check(&svc, Category::SearchQueries).unwrap();
    }
}

#[test]
fn preferences_are_validated_versioned_and_reset() {
    let f = Fixture::new();
    let mut settings = Settings::default();
    settings.preferences.max_backups = 2;
    let svc = f.service(&settings);
    let user = "424242";
    assert_eq!(svc.preferences(user).search_limit, 20);
    let changes = |v: serde_json::Value| v.as_object().unwrap().clone();
    let p = svc
        .set_preferences(user, &changes(json!({"search_limit": 7})))
        .unwrap();
    assert_eq!(p.search_limit, 7);
    assert_eq!(svc.preferences(user).search_limit, 7);
    for bad in [
        json!({"search_limit": 99}),
        json!({"no_such_key": 1}),
        json!({"audio_quality": "LOUD"}),
    ] {
        match svc.set_preferences(user, &changes(bad.clone())) {
            Err(ServiceError::Invalid(_)) => {}
            other => panic!("{bad} -> {other:?}"),
        }
    }
    assert_eq!(
        svc.preferences(user).search_limit,
        7,
        "a refused change stores nothing"
    );
    for n in 1..=4 {
        svc.set_preferences(user, &changes(json!({"search_limit": n})))
            .unwrap();
    }
    assert_eq!(
        svc.store.preferences().len(),
        3,
        "the latest and max_backups = 2 earlier revisions"
    );
    assert_eq!(svc.reset_preferences(user).unwrap().search_limit, 20);
    // Another user's preferences are their own; the records are sealed, not plain JSON.
    assert_eq!(svc.preferences("other").search_limit, 20);
    for (_, v) in svc.store.preferences().iter().flatten() {
        assert!(!String::from_utf8_lossy(&v).contains("search_limit"));
    }

    settings.preferences.strict_schema = false;
    drop(svc);
    let lenient = f.service(&settings);
    let p = lenient
        .set_preferences(user, &changes(json!({"no_such_key": 1, "search_limit": 9})))
        .unwrap();
    assert_eq!(
        p.search_limit, 9,
        "unknown keys are ignored when not strict"
    );
}

#[test]
fn a_finished_login_keeps_a_sealed_profile_and_the_store_an_install_id() {
    let f = Fixture::new();
    let svc = f.service(&Settings::default());
    let session = crate::vault::Session {
        user_id: "424242".into(),
        country_code: "DE".into(),
        username: Some("someone@example.com".into()),
        session_id: None,
        token_type: "Bearer".into(),
        access_token: crate::vault::SecretString::new("a-token".into()),
        refresh_token: None,
        expires_at: 0,
        revoked: false,
        client: None,
        api: crate::vault::Api::V1,
    };
    svc.login_finished(&Ok(session));
    let (key, value) = svc.store.users().iter().next().unwrap().unwrap();
    assert_eq!(&key[..], svc.keys.pseudonym("424242").as_bytes());
    let plain = svc.keys.open_for("424242", &value).unwrap();
    let profile: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(profile["country_code"], "DE");
    for secret in ["424242", "someone@example.com", "a-token"] {
        assert!(!String::from_utf8_lossy(&value).contains(secret));
    }
    assert_eq!(svc.store.install_id().unwrap().len(), 32);
}

/// Issue 11, item 3: two writers of different preferences at once; every acknowledged change
/// is in the end state.
#[test]
fn issue11_concurrent_preference_changes_lose_nothing() {
    let f = Fixture::new();
    let svc = Arc::new(f.service(&Settings::default()));
    let user = "424242";
    let changes = |v: serde_json::Value| v.as_object().unwrap().clone();
    let a = {
        let svc = svc.clone();
        std::thread::spawn(move || {
            for n in 1..=50u64 {
                svc.set_preferences(user, &changes(json!({"search_limit": n})))
                    .unwrap();
            }
        })
    };
    let b = {
        let svc = svc.clone();
        std::thread::spawn(move || {
            for n in 1..=50u64 {
                svc.set_preferences(user, &changes(json!({"language": format!("x{n}")})))
                    .unwrap();
            }
        })
    };
    a.join().unwrap();
    b.join().unwrap();
    let p = svc.preferences(user);
    assert_eq!((p.search_limit, p.language.as_str()), (50, "x50"));
}

/// Issue 11, item 11: a burst just over the quota is smoothed (held back briefly, then admitted)
/// instead of refused, and a penalty is forgotten after a period of compliance.
#[test]
fn issue11_short_bursts_are_smoothed_and_penalties_decay() {
    let f = Fixture::new();
    let mut settings = Settings::default();
    limited(&mut settings);
    // 60 a minute: one more every second, within the queueing bound.
    settings.rate_limits.search_queries.per_minute = 60;
    let svc = f.service(&settings);
    for _ in 0..60 {
        check(&svc, Category::SearchQueries).unwrap();
    }
    let before = f.clock.sleeps().len();
    for n in 0..5 {
        assert!(
            check(&svc, Category::SearchQueries).is_ok(),
            "burst call {n}"
        );
    }
    let waits = &f.clock.sleeps()[before..];
    assert_eq!(waits.len(), 5, "each was held back");
    assert!(
        waits.iter().all(|w| *w <= super::limits::QUEUE_MAX),
        "{waits:?}"
    );
    assert_eq!(
        svc.limits
            .rejections
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );

    // With 20 a minute the wait (3 s) is past the bound: refused, and the penalty escalates;
    // after ten quiet minutes past its end it is forgotten and starts over at the first wait.
    let f = Fixture::new();
    limited(&mut settings);
    let svc = f.service(&settings);
    for _ in 0..20 {
        check(&svc, Category::SearchQueries).unwrap();
    }
    assert_eq!(wait_of(check(&svc, Category::SearchQueries)), 3);
    assert_eq!(wait_of(check(&svc, Category::SearchQueries)), 6);
    f.clock.advance(Duration::from_secs(6 + 601));
    for _ in 0..20 {
        check(&svc, Category::SearchQueries).unwrap();
    }
    assert_eq!(wait_of(check(&svc, Category::SearchQueries)), 3, "decayed");
}
