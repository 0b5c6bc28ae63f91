//! The `Store` test suite, written once and run against every implementation. It uses
//! fresh random learner names and client ids, so it can run repeatedly against one
//! long-lived database (the PostgreSQL server of CI).

use openbadges::server::store::{
    Account, ApiKind, ClientRecord, CodeRecord, CredentialFormat, NewCredential, Query, Redeemed,
    Store, TokenKind, TokenRecord, Upserted, Visibility,
};

/// A random suffix for names that must not collide across runs.
pub fn unique(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

fn credential(api: ApiKind, key: &str, body: &str) -> NewCredential {
    NewCredential::new(
        api,
        key,
        Some(key.to_owned()),
        CredentialFormat::Json,
        body.as_bytes().to_vec(),
        r#"{"verdict":"valid"}"#,
    )
}

/// Every behaviour the provider and the authorization server rely on.
pub async fn run<S: Store>(store: &S) {
    credentials(store).await;
    paging_and_since(store).await;
    tenancy(store).await;
    profiles(store).await;
    accounts(store).await;
    oauth(store).await;
    concurrent_upserts(store).await;
}

async fn credentials<S: Store>(store: &S) {
    let alice = unique("alice");
    let first = store
        .upsert_credential(&alice, credential(ApiKind::Ob, "k1", r#"{"a": 1}"#))
        .await
        .unwrap();
    assert_eq!(first, Upserted::Created);
    let page = store
        .list_credentials(&alice, Query::new(ApiKind::Ob, 10, 0))
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    let stored = &page.items[0];
    // The exact bytes, whitespace included; digest, times, report, default visibility.
    assert_eq!(stored.bytes, br#"{"a": 1}"#);
    assert_eq!(
        stored.digest,
        openbadges::server::store::digest(br#"{"a": 1}"#)
    );
    assert_eq!(stored.learner, alice);
    assert_eq!(stored.credential_id.as_deref(), Some("k1"));
    assert_eq!(stored.visibility, Visibility::Private);
    assert_eq!(stored.report, r#"{"verdict":"valid"}"#);
    assert_eq!(stored.received_at, stored.updated_at);
    let received = stored.received_at;

    // Same key: replaced, received-at kept, updated-at moves on.
    let second = store
        .upsert_credential(&alice, credential(ApiKind::Ob, "k1", r#"{"a":2}"#))
        .await
        .unwrap();
    assert_eq!(second, Upserted::Replaced);
    let page = store
        .list_credentials(&alice, Query::new(ApiKind::Ob, 10, 0))
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].bytes, br#"{"a":2}"#);
    assert_eq!(page.items[0].received_at, received);
    assert!(page.items[0].updated_at > received);

    // The CLR collection is separate.
    let clr = store
        .list_credentials(&alice, Query::new(ApiKind::Clr, 10, 0))
        .await
        .unwrap();
    assert_eq!(clr.total, 0);
    let jws = NewCredential::new(
        ApiKind::Clr,
        "k1",
        None,
        CredentialFormat::Jws,
        b"aGVhZA.Ym9keQ.c2ln".to_vec(),
        "{}",
    );
    assert_eq!(
        store.upsert_credential(&alice, jws).await.unwrap(),
        Upserted::Created
    );
    let clr = store
        .list_credentials(&alice, Query::new(ApiKind::Clr, 10, 0))
        .await
        .unwrap();
    assert_eq!(clr.items[0].format, CredentialFormat::Jws);
    assert_eq!(clr.items[0].credential_id, None);
}

async fn paging_and_since<S: Store>(store: &S) {
    let learner = unique("pager");
    for i in 0..7 {
        let key = format!("urn:k{i}");
        store
            .upsert_credential(
                &learner,
                credential(ApiKind::Ob, &key, &format!("{{\"i\":{i}}}")),
            )
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
            .list_credentials(&learner, Query::new(ApiKind::Ob, 3, offset))
            .await
            .unwrap();
        assert_eq!(page.total, 7);
        if page.items.is_empty() {
            break;
        }
        assert!(page.items.len() <= 3);
        offset += page.items.len() as u64;
        seen.extend(page.items);
    }
    // In insertion order (updated-at, then key), each once.
    let keys: Vec<_> = seen.iter().map(|c| c.key.clone()).collect();
    let expected: Vec<_> = (0..7).map(|i| format!("urn:k{i}")).collect();
    assert_eq!(keys, expected);
    assert!(seen.windows(2).all(|w| w[0].updated_at <= w[1].updated_at));

    // `since` is strictly after a stored time.
    let mark = seen[3].updated_at;
    let after = store
        .list_credentials(&learner, Query::new(ApiKind::Ob, 100, 0).since(mark))
        .await
        .unwrap();
    let after_keys: Vec<_> = after.items.iter().map(|c| c.key.as_str()).collect();
    assert!(
        after.total <= 3
            && after_keys
                .iter()
                .all(|k| expected[4..].contains(&k.to_string()))
    );
    // A replaced credential comes back after the mark.
    store
        .upsert_credential(
            &learner,
            credential(ApiKind::Ob, "urn:k0", "{\"i\":\"again\"}"),
        )
        .await
        .unwrap();
    let after = store
        .list_credentials(&learner, Query::new(ApiKind::Ob, 100, 0).since(mark))
        .await
        .unwrap();
    assert_eq!(after.items.last().unwrap().key, "urn:k0");
    // An offset past the end: an empty page with the total.
    let past = store
        .list_credentials(&learner, Query::new(ApiKind::Ob, 5, 1000))
        .await
        .unwrap();
    assert_eq!((past.total, past.items.len()), (7, 0));
}

async fn tenancy<S: Store>(store: &S) {
    let a = unique("tenant-a");
    let b = unique("tenant-b");
    store
        .upsert_credential(
            &a,
            credential(ApiKind::Ob, "shared-key", "{\"owner\":\"a\"}"),
        )
        .await
        .unwrap();
    // The same key under another learner is another credential.
    assert_eq!(
        store
            .upsert_credential(
                &b,
                credential(ApiKind::Ob, "shared-key", "{\"owner\":\"b\"}")
            )
            .await
            .unwrap(),
        Upserted::Created
    );
    let of_a = store
        .list_credentials(&a, Query::new(ApiKind::Ob, 10, 0))
        .await
        .unwrap();
    assert_eq!(of_a.total, 1);
    assert_eq!(of_a.items[0].bytes, b"{\"owner\":\"a\"}");
    store
        .put_profile(&a, ApiKind::Ob, b"{\"p\":\"a\"}".to_vec())
        .await
        .unwrap();
    assert_eq!(store.profile(&b, ApiKind::Ob).await.unwrap(), None);
}

async fn profiles<S: Store>(store: &S) {
    let learner = unique("profiled");
    assert_eq!(store.profile(&learner, ApiKind::Ob).await.unwrap(), None);
    assert!(
        store
            .put_profile(&learner, ApiKind::Ob, b"{ \"v\": 1 }".to_vec())
            .await
            .unwrap()
    );
    assert!(
        !store
            .put_profile(&learner, ApiKind::Ob, b"{ \"v\": 2 }".to_vec())
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .profile(&learner, ApiKind::Ob)
            .await
            .unwrap()
            .as_deref(),
        Some(&b"{ \"v\": 2 }"[..])
    );
    assert_eq!(store.profile(&learner, ApiKind::Clr).await.unwrap(), None);
}

async fn accounts<S: Store>(store: &S) {
    let name = unique("account");
    assert_eq!(store.account(&name).await.unwrap(), None);
    let mut account = Account {
        name: name.clone(),
        password_hash: "$argon2id$one".into(),
    };
    store.put_account(account.clone()).await.unwrap();
    assert_eq!(store.account(&name).await.unwrap(), Some(account.clone()));
    account.password_hash = "$argon2id$two".into();
    store.put_account(account.clone()).await.unwrap();
    assert_eq!(store.account(&name).await.unwrap(), Some(account));
}

async fn oauth<S: Store>(store: &S) {
    let client_id = unique("client");
    let client = ClientRecord {
        client_id: client_id.clone(),
        secret_hash: vec![7; 32],
        metadata: "{}".into(),
        issued_at: 1_700_000_000,
    };
    store.register_client(client.clone()).await.unwrap();
    assert_eq!(
        store.client(&client_id).await.unwrap(),
        Some(client.clone())
    );
    // A second registration under the same id is refused.
    assert!(store.register_client(client).await.is_err());
    assert_eq!(store.client("no-such-client").await.unwrap(), None);

    let grant = unique("grant");
    let code_hash = unique("code").into_bytes();
    let code = CodeRecord {
        hash: code_hash.clone(),
        grant_id: grant.clone(),
        client_id: client_id.clone(),
        learner: "learner".into(),
        redirect_uri: "https://app.example/cb".into(),
        scope: "a b".into(),
        code_challenge: "challenge".into(),
        expires_at: 1_900_000_000,
    };
    store.put_code(code.clone()).await.unwrap();
    assert_eq!(
        store.redeem_code(&code_hash).await.unwrap(),
        Redeemed::Fresh(code)
    );
    assert_eq!(
        store.redeem_code(&code_hash).await.unwrap(),
        Redeemed::Reused {
            grant_id: grant.clone()
        }
    );
    assert_eq!(
        store.redeem_code(b"unknown").await.unwrap(),
        Redeemed::Unknown
    );

    let token = |kind, hash: &[u8]| TokenRecord {
        hash: hash.to_vec(),
        kind,
        grant_id: grant.clone(),
        client_id: client_id.clone(),
        learner: "learner".into(),
        scope: "a b".into(),
        expires_at: 1_900_000_000,
        revoked: false,
    };
    let access = unique("access").into_bytes();
    let refresh = unique("refresh").into_bytes();
    store
        .put_token(token(TokenKind::Access, &access))
        .await
        .unwrap();
    store
        .put_token(token(TokenKind::Refresh, &refresh))
        .await
        .unwrap();
    assert_eq!(
        store.token(&access).await.unwrap(),
        Some(token(TokenKind::Access, &access))
    );
    // An access token is not a refresh token; a refresh token rotates once.
    assert_eq!(store.take_refresh_token(&access).await.unwrap(), None);
    assert_eq!(
        store.take_refresh_token(&refresh).await.unwrap(),
        Some(token(TokenKind::Refresh, &refresh))
    );
    assert_eq!(store.take_refresh_token(&refresh).await.unwrap(), None);
    assert!(store.token(&refresh).await.unwrap().unwrap().revoked);
    // Revocation is per client.
    assert!(!store.revoke_token(&access, "another-client").await.unwrap());
    assert!(!store.token(&access).await.unwrap().unwrap().revoked);
    assert!(store.revoke_token(&access, &client_id).await.unwrap());
    assert!(store.token(&access).await.unwrap().unwrap().revoked);
    // Revoking a grant revokes all of its tokens.
    let other = unique("access").into_bytes();
    store
        .put_token(token(TokenKind::Access, &other))
        .await
        .unwrap();
    store.revoke_grant(&grant).await.unwrap();
    assert!(store.token(&other).await.unwrap().unwrap().revoked);
}

async fn concurrent_upserts<S: Store>(store: &S) {
    let learner = unique("concurrent");
    // 8 writers racing on the same 4 keys and on 4 keys of their own: exactly one creation
    // per key, every other write a replacement.
    let results = futures::future::join_all((0..8).map(|writer| {
        let learner = learner.clone();
        async move {
            let mut outcomes = Vec::new();
            for key in 0..4 {
                let shared = credential(ApiKind::Ob, &format!("shared-{key}"), "{}");
                outcomes.push(store.upsert_credential(&learner, shared).await.unwrap());
                let own = credential(ApiKind::Ob, &format!("own-{writer}-{key}"), "{}");
                outcomes.push(store.upsert_credential(&learner, own).await.unwrap());
            }
            outcomes
        }
    }))
    .await;
    let created = results
        .iter()
        .flatten()
        .filter(|o| **o == Upserted::Created)
        .count();
    assert_eq!(created, 4 + 8 * 4);
    let page = store
        .list_credentials(&learner, Query::new(ApiKind::Ob, 100, 0))
        .await
        .unwrap();
    assert_eq!(page.total, 36);
}
