//! A1: the device flow against the fake with an injected clock: poll spacing, slow_down,
//! expiry and denial, without sleeping for real.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tidal_mcp::clock::FakeClock;
use tidal_mcp::config::TidalSettings;
use tidal_mcp::tidal::{TidalClient, TidalError, TokenStore};
use tidal_mcp::vault::Session;

use crate::common::fake_tidal::{self, Fake, Poll};
use tidal_mcp::tidal::Catalog;

#[derive(Default)]
struct MemTokens(Mutex<Option<Session>>);

impl TokenStore for MemTokens {
    fn current(&self) -> Option<Session> {
        self.0.lock().unwrap().as_ref().map(Session::duplicate)
    }
    fn save(&self, s: Session) -> Result<(), String> {
        *self.0.lock().unwrap() = Some(s);
        Ok(())
    }
    fn mark_revoked(&self, _: &str) {}
}

fn client(
    script: Vec<Poll>,
) -> (
    TidalClient,
    Arc<FakeClock>,
    Arc<MemTokens>,
    Arc<Mutex<Fake>>,
) {
    let fake = Arc::new(Mutex::new(Fake::new()));
    fake.lock().unwrap().poll_script = script;
    let url = fake_tidal::start(fake.clone());
    let settings = TidalSettings {
        api_url: url.clone(),
        auth_url: url,
        client_id: fake_tidal::CLIENT_ID.into(),
        client_secret: fake_tidal::CLIENT_SECRET.into(),
        ..Default::default()
    };
    let clock = Arc::new(FakeClock::new(1_000_000));
    let tokens = Arc::new(MemTokens::default());
    (
        TidalClient::new(settings, clock.clone(), tokens.clone(), None).unwrap(),
        clock,
        tokens,
        fake,
    )
}

#[tokio::test]
async fn polls_at_the_interval_and_slows_down_by_five_seconds() {
    let (c, clock, tokens, fake) = client(vec![
        Poll::Pending,
        Poll::SlowDown,
        Poll::Pending,
        Poll::Grant,
    ]);
    let login = c
        .start_device_login(c.configured_client().unwrap())
        .await
        .unwrap();
    assert_eq!(login.verification_uri, "https://link.tidal.com");
    assert_eq!(login.user_code, "ABCDE");
    let s = c.finish_device_login(&login, |_| {}).await.unwrap();
    assert_eq!(s.user_id, fake_tidal::USER_ID.to_string());
    assert_eq!(s.country_code, "DE");
    let secs: Vec<u64> = clock.sleeps().iter().map(Duration::as_secs).collect();
    assert_eq!(
        secs,
        vec![1, 1, 6, 6],
        "interval 1 s, +5 s after slow_down, kept"
    );
    assert!(tokens.current().is_some());
    assert_eq!(
        fake.lock().unwrap().count("POST", "/v1/oauth2/token#urn"),
        4
    );
    // The secret went as a form field, as tidalapi and TIDAL's SDK send it (issue 19).
    assert_eq!(fake.lock().unwrap().basic_secrets, 0);
}

/// Issue 19: an answer the token endpoint is not documented to give does not end a device
/// login; TIDAL's SDK and tidalapi poll on through it, and so does tidal-mcp.
#[tokio::test]
async fn polls_on_through_an_unexpected_answer() {
    let (c, _, tokens, fake) = client(vec![Poll::Pending, Poll::Odd, Poll::Odd, Poll::Grant]);
    let login = c
        .start_device_login(c.configured_client().unwrap())
        .await
        .unwrap();
    c.finish_device_login(&login, |_| {}).await.unwrap();
    assert!(tokens.current().is_some());
    assert_eq!(
        fake.lock().unwrap().count("POST", "/v1/oauth2/token#urn"),
        4
    );
}

#[tokio::test]
async fn stops_on_denial_and_on_expiry() {
    let (c, _, tokens, _) = client(vec![Poll::Pending, Poll::Denied]);
    let login = c
        .start_device_login(c.configured_client().unwrap())
        .await
        .unwrap();
    assert!(matches!(
        c.finish_device_login(&login, |_| {}).await,
        Err(TidalError::LoginDenied)
    ));
    assert!(tokens.current().is_none(), "nothing stored");

    let (c, _, _, _) = client(vec![Poll::Expired]);
    let login = c
        .start_device_login(c.configured_client().unwrap())
        .await
        .unwrap();
    assert!(matches!(
        c.finish_device_login(&login, |_| {}).await,
        Err(TidalError::LoginExpired)
    ));

    // The code's own lifetime runs out on the fake clock: 300 s at 1 s per poll.
    let (c, clock, _, fake) = client(vec![Poll::Pending; 1000]);
    let login = c
        .start_device_login(c.configured_client().unwrap())
        .await
        .unwrap();
    assert!(matches!(
        c.finish_device_login(&login, |_| {}).await,
        Err(TidalError::LoginExpired)
    ));
    assert_eq!(clock.sleeps().len(), 300);
    assert_eq!(
        fake.lock().unwrap().count("POST", "/v1/oauth2/token#urn"),
        300
    );
}

#[tokio::test]
async fn a_missing_client_id_says_how_to_configure_it() {
    let settings = TidalSettings::default();
    let c = TidalClient::new(
        settings,
        Arc::new(FakeClock::new(0)),
        Arc::new(MemTokens::default()),
        None,
    )
    .unwrap();
    assert!(c.configured_client().is_none());
    let none = tidal_mcp::vault::ClientCredentials {
        client_id: String::new(),
        client_secret: None,
    };
    let e = c.start_device_login(none).await.err().unwrap();
    assert!(matches!(e, TidalError::NoCredentials));
    assert!(e.hint().unwrap().contains("TIDAL_CLIENT_ID"));
}

/// Issue 11, item 7: a Retry-After too long to wait out is told to every caller at once; the
/// next caller does not hang until it ends.
#[tokio::test]
async fn issue11_a_long_retry_after_is_told_to_every_caller_at_once() {
    let (c, _clock, _tokens, fake) = client(vec![]);
    let login = c
        .start_device_login(c.configured_client().unwrap())
        .await
        .unwrap();
    c.finish_device_login(&login, |_| {}).await.unwrap();
    {
        let mut f = fake.lock().unwrap();
        f.fail_429 = 1;
        f.retry_after_s = 45;
    }
    for id in ["5", "6"] {
        let r = tokio::time::timeout(Duration::from_secs(5), c.backend().track(id))
            .await
            .expect("answers at once");
        assert!(
            matches!(r, Err(TidalError::RateLimited { wait_s: 45 })),
            "{r:?}"
        );
    }
    assert_eq!(fake.lock().unwrap().count("GET", "/v1/tracks"), 1);
}
