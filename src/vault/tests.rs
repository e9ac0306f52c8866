use super::*;

fn session(user: &str, token: &str) -> Session {
    Session {
        user_id: user.into(),
        country_code: "DE".into(),
        username: None,
        session_id: None,
        token_type: "Bearer".into(),
        access_token: SecretString::new(token.into()),
        refresh_token: Some(SecretString::new(format!("{token}-refresh"))),
        expires_at: 100,
        revoked: false,
        client: None,
        api: Api::V1,
    }
}

#[test]
fn round_trip_and_generations() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("vault");
    let mut v = Vault::open(&dir, 2, 1).unwrap();
    assert!(!v.is_persisted());
    for i in 0..4 {
        v.data_mut()
            .sessions
            .insert("42".into(), session("42", &format!("tok{i}")));
        v.data_mut().active_user = Some("42".into());
        v.save().unwrap();
    }
    assert!(Vault::generation_path(&dir, 1).exists());
    assert!(Vault::generation_path(&dir, 2).exists());
    assert!(!Vault::generation_path(&dir, 3).exists());
    let v2 = Vault::open(&dir, 2, 1).unwrap();
    assert_eq!(
        v2.data()
            .active_session()
            .unwrap()
            .access_token
            .expose_secret(),
        "tok3"
    );
    let raw = fs::read(Vault::vault_path(&dir)).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("tok3"));
}

#[test]
fn every_flipped_bit_and_truncation_is_detected_and_left_untouched() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("vault");
    let mut v = Vault::open(&dir, 1, 1).unwrap();
    v.data_mut().sessions.insert("1".into(), session("1", "t"));
    v.save().unwrap();
    let path = Vault::vault_path(&dir);
    let good = fs::read(&path).unwrap();
    for i in 0..good.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = good.clone();
            bad[i] ^= bit;
            fs::write(&path, &bad).unwrap();
            match Vault::open(&dir, 1, 1) {
                Err(VaultError::Corrupt { path: p }) => assert_eq!(p, path),
                Err(e) => panic!("byte {i}: unexpected error {e}"),
                Ok(_) => panic!("byte {i} bit {bit:#x}: flip not detected"),
            }
            assert_eq!(fs::read(&path).unwrap(), bad, "file changed at byte {i}");
        }
    }
    for len in [0, 1, good.len() / 2, good.len() - 1] {
        fs::write(&path, &good[..len]).unwrap();
        assert!(
            matches!(Vault::open(&dir, 1, 1), Err(VaultError::Corrupt { .. })),
            "truncation to {len}"
        );
        assert_eq!(fs::read(&path).unwrap().len(), len);
    }
}

#[test]
fn rotation_keeps_generations_readable_and_forget_erases_them() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("vault");
    let mut v = Vault::open(&dir, 3, 1).unwrap();
    v.data_mut()
        .sessions
        .insert("7".into(), session("7", "first"));
    v.data_mut().user_key("7");
    v.save().unwrap();
    v.data_mut()
        .sessions
        .insert("7".into(), session("7", "second"));
    v.save().unwrap();
    let before = fs::read_to_string(Vault::identity_path(&dir)).unwrap();
    v.rotate_key(1000).unwrap();
    assert_ne!(
        before,
        fs::read_to_string(Vault::identity_path(&dir)).unwrap()
    );
    let v2 = Vault::open(&dir, 3, 1).unwrap();
    assert_eq!(v2.data().rotated_at, 1000);
    let id = read_identity(&Vault::identity_path(&dir)).unwrap().unwrap();
    let g1 = disk::decrypt(&id, &fs::read(Vault::generation_path(&dir, 1)).unwrap()).unwrap();
    assert_eq!(g1.sessions["7"].access_token.expose_secret(), "first");

    let mut v3 = v2;
    v3.forget_user_everywhere("7").unwrap();
    for n in 1..=3 {
        if let Ok(bytes) = fs::read(Vault::generation_path(&dir, n)) {
            let g = disk::decrypt(&id, &bytes).unwrap();
            assert!(
                g.sessions.is_empty() && g.user_keys.is_empty(),
                "generation {n}"
            );
        }
    }
}

#[test]
fn foreign_machine_is_detected_until_accepted() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("vault");
    let mut v = Vault::open(&dir, 1, 1).unwrap();
    v.data_mut().fingerprint = "elsewhere".into();
    v.save().unwrap();
    let mut v = Vault::open(&dir, 1, 1).unwrap();
    assert!(v.foreign_machine());
    v.accept_this_machine().unwrap();
    assert!(!Vault::open(&dir, 1, 1).unwrap().foreign_machine());
}

#[test]
fn missing_identity_is_named() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("vault");
    let mut v = Vault::open(&dir, 1, 1).unwrap();
    v.save().unwrap();
    fs::remove_file(Vault::identity_path(&dir)).unwrap();
    assert!(matches!(
        Vault::open(&dir, 1, 1),
        Err(VaultError::IdentityMissing { .. })
    ));
}

#[test]
fn old_generations_are_pruned_but_the_last_one_stays() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("vault");
    let mut v = Vault::open(&dir, 3, 1).unwrap().with_retention_days(0);
    for i in 0..4 {
        v.data_mut()
            .sessions
            .insert("1".into(), session("1", &format!("t{i}")));
        std::thread::sleep(std::time::Duration::from_millis(5));
        v.save().unwrap();
    }
    assert!(
        Vault::generation_path(&dir, 1).exists(),
        "the vault just replaced is kept"
    );
    assert!(!Vault::generation_path(&dir, 2).exists() && !Vault::generation_path(&dir, 3).exists());
    let mut none = Vault::open(&t.path().join("v2"), 0, 1).unwrap();
    none.save().unwrap();
    none.save().unwrap();
    assert!(
        !Vault::generation_path(&t.path().join("v2"), 1).exists(),
        "backups off keeps no generation"
    );
}
