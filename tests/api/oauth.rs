//! The authorization server over real HTTP, and one test per attack: missing, expired,
//! revoked and wrong-scope tokens, a reused code, a PKCE mismatch, `plain` PKCE, an
//! unregistered redirect, cross-learner reads, refresh-token replay, bad client secrets,
//! and registrations the profile forbids.

use std::time::Duration;

use serde_json::Value;

use super::support::*;

const READ_OFFLINE: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly offline_access";

fn credentials(server: &TestServer) -> String {
    server.url("/ims/ob/v3p0/credentials")
}

#[test]
fn registration_echoes_metadata_and_issues_a_secret() {
    let server = TestServer::start();
    let request = registration("https://wallet.example/cb", READ_OFFLINE);
    // Mixed hosts are refused; one host passes.
    let reply = send(
        "POST",
        &server.url("/oauth/register"),
        None,
        "application/json",
        request.to_string().as_bytes(),
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.json()["error"], "invalid_client_metadata");
    let mut request = registration("http://127.0.0.1:4000/cb", READ_OFFLINE);
    request["contacts"] = serde_json::json!(["ops@wallet.example"]);
    let reply = send(
        "POST",
        &server.url("/oauth/register"),
        None,
        "application/json",
        request.to_string().as_bytes(),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let body = reply.json();
    for field in ["client_id", "client_secret"] {
        assert!(
            body[field].as_str().is_some_and(|s| s.len() >= 43),
            "{field}"
        );
    }
    assert!(body["client_id_issued_at"].is_i64());
    assert_eq!(body["client_secret_expires_at"], 0);
    assert_eq!(body["client_name"], "Test Wallet");
    assert_eq!(body["redirect_uris"][0], "http://127.0.0.1:4000/cb");
    assert_eq!(body["scope"], READ_OFFLINE);
    assert_eq!(body["contacts"][0], "ops@wallet.example");
    assert_eq!(body["token_endpoint_auth_method"], "client_secret_basic");

    // Refused registrations.
    let cases: Vec<(Value, &str)> = vec![
        (
            registration("http://wallet.example/cb", READ_OFFLINE),
            "invalid_redirect_uri",
        ),
        (
            registration("http://localhost:4000/cb", READ_OFFLINE),
            "invalid_redirect_uri",
        ),
        (
            registration("http://127.0.0.1:4000/cb#frag", READ_OFFLINE),
            "invalid_redirect_uri",
        ),
        (
            registration("http://127.0.0.1:4000/cb", "https://evil.example/scope"),
            "invalid_client_metadata",
        ),
        (
            {
                let mut r = registration("http://127.0.0.1:4000/cb", READ_OFFLINE);
                r.as_object_mut().unwrap().remove("software_id");
                r
            },
            "invalid_client_metadata",
        ),
        (
            {
                let mut r = registration("http://127.0.0.1:4000/cb", READ_OFFLINE);
                r["redirect_uris"] = "http://127.0.0.1:4000/cb".into();
                r
            },
            "invalid_client_metadata",
        ),
        (
            {
                let mut r = registration("http://127.0.0.1:4000/cb", READ_OFFLINE);
                r["grant_types"] = serde_json::json!(["client_credentials"]);
                r
            },
            "invalid_client_metadata",
        ),
    ];
    for (request, error) in cases {
        let reply = send(
            "POST",
            &server.url("/oauth/register"),
            None,
            "application/json",
            request.to_string().as_bytes(),
        );
        assert_eq!(reply.status, 400, "{request}: {}", reply.body);
        assert_eq!(reply.json()["error"], error, "{request}");
    }
}

#[test]
fn the_consent_page_shows_the_client_and_escapes_it() {
    let server = TestServer::start();
    let client = register(&server, READ_OFFLINE);
    let (_, challenge) = pkce();
    let query = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", client.id.as_str()),
        ("redirect_uri", client.redirect_uri.as_str()),
        ("scope", READ_OFFLINE),
        ("state", "<script>alert(1)</script>"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ])
    .unwrap();
    let reply = get(&server.url(&format!("/oauth/authorize?{query}")), None);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(reply.body.contains("Test Wallet"));
    assert!(reply.body.contains("name=\"password\""));
    assert!(reply.body.contains("&lt;script&gt;"));
    assert!(!reply.body.contains("<script>"));
    assert_eq!(reply.header("x-frame-options"), Some("DENY"));
}

#[test]
fn code_grant_with_pkce_then_refresh_rotation_and_revocation() {
    let server = TestServer::start();
    let client = register(&server, READ_OFFLINE);
    let (code, verifier) = code(&server, &client, READ_OFFLINE, server.alice());
    let reply = exchange(&server, &client, &code, &verifier);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let body = reply.json();
    assert!(
        body["token_type"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case("bearer")
    );
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], READ_OFFLINE);
    let access = body["access_token"].as_str().unwrap().to_owned();
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(get(&credentials(&server), Some(&access)).status, 200);

    // Refresh: a new pair; the old refresh token is spent.
    let refresh_with = |token: &str| {
        post_form(
            &server.url("/oauth/token"),
            Some((&client.id, &client.secret)),
            &[("grant_type", "refresh_token"), ("refresh_token", token)],
        )
    };
    let reply = refresh_with(&refresh);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    let access2 = body["access_token"].as_str().unwrap().to_owned();
    let refresh2 = body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(refresh2, refresh);
    assert_eq!(get(&credentials(&server), Some(&access2)).status, 200);
    // Replaying the rotated-away token fails, and revokes the whole grant.
    let reply = refresh_with(&refresh);
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"], "invalid_grant");
    assert_imsx(
        &get(&credentials(&server), Some(&access2)),
        401,
        "unauthorizedrequest",
    );
    assert_eq!(refresh_with(&refresh2).json()["error"], "invalid_grant");

    // A fresh grant; revoking its access token (RFC 7009) stops it at once.
    let (access, refresh) = login(&server, READ_OFFLINE, server.alice());
    let revoke = |client: &Client, token: &str, hint: &str| {
        post_form(
            &server.url("/oauth/revoke"),
            Some((&client.id, &client.secret)),
            &[("token", token), ("token_type_hint", hint)],
        )
    };
    // (login registered its own client; revoke through that client's credentials)
    let _ = refresh;
    let own = register(&server, READ_OFFLINE);
    let (code, verifier) = super::support::code(&server, &own, READ_OFFLINE, server.alice());
    let body = exchange(&server, &own, &code, &verifier).json();
    let own_access = body["access_token"].as_str().unwrap().to_owned();
    let own_refresh = body["refresh_token"].as_str().unwrap().to_owned();
    // Another client cannot revoke it (200, as RFC 7009 says, but nothing happens).
    assert_eq!(revoke(&client, &own_access, "access_token").status, 200);
    assert_eq!(get(&credentials(&server), Some(&own_access)).status, 200);
    assert_eq!(revoke(&own, &own_access, "access_token").status, 200);
    let reply = get(&credentials(&server), Some(&own_access));
    assert_imsx(&reply, 401, "unauthorizedrequest");
    assert!(
        reply
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_token")
    );
    // Revoking the refresh token ends the grant: it cannot be refreshed.
    assert_eq!(revoke(&own, &own_refresh, "refresh_token").status, 200);
    let reply = post_form(
        &server.url("/oauth/token"),
        Some((&own.id, &own.secret)),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &own_refresh),
        ],
    );
    assert_eq!(reply.json()["error"], "invalid_grant");
    // Unknown tokens revoke with 200; a bad hint is unsupported_token_type.
    assert_eq!(revoke(&own, "no-such-token", "access_token").status, 200);
    let reply = revoke(&own, "x", "id_token");
    assert_eq!(reply.json()["error"], "unsupported_token_type");
    assert_eq!(get(&credentials(&server), Some(&access)).status, 200);
}

#[test]
fn missing_unknown_and_wrong_scope_tokens() {
    let server = TestServer::start();
    let reply = get(&credentials(&server), None);
    assert_imsx(&reply, 401, "unauthorizedrequest");
    assert!(
        reply
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    assert_imsx(
        &get(&credentials(&server), Some("forged")),
        401,
        "unauthorizedrequest",
    );
    // A profile-only token cannot read or write credentials.
    let (profile_only, refresh) = login(&server, OB_PROFILE_READ, server.alice());
    assert_eq!(refresh, None, "no offline_access, no refresh token");
    let reply = get(&credentials(&server), Some(&profile_only));
    assert_imsx(&reply, 403, "forbidden");
    assert!(
        reply
            .header("www-authenticate")
            .unwrap()
            .contains("insufficient_scope")
    );
    let badge = fixture("ob-minimal-eddsa-rdfc-2022.json");
    let reply = send(
        "POST",
        &credentials(&server),
        Some(&profile_only),
        "application/json",
        &badge,
    );
    assert_imsx(&reply, 403, "forbidden");
    // A read token cannot upsert.
    let (read_only, _) = login(&server, OB_READ, server.alice());
    let reply = send(
        "POST",
        &credentials(&server),
        Some(&read_only),
        "application/json",
        &badge,
    );
    assert_imsx(&reply, 403, "forbidden");
    // Scope escalation at authorization: the client registered read only.
    let client = register(&server, OB_READ);
    let (_, challenge) = pkce();
    let reply = consent(
        &server,
        &client,
        &format!("{OB_READ} {OB_UPSERT}"),
        &challenge,
        server.alice(),
    );
    assert_eq!(reply.status, 302);
    assert_eq!(
        param(&location_params(&reply), "error"),
        Some("invalid_scope")
    );
    // Scope escalation at the token endpoint.
    let (code, verifier) = code(&server, &client, OB_READ, server.alice());
    let reply = post_form(
        &server.url("/oauth/token"),
        Some((&client.id, &client.secret)),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &client.redirect_uri),
            ("code_verifier", &verifier),
            ("scope", &format!("{OB_READ} {OB_UPSERT}")),
        ],
    );
    assert_eq!(reply.json()["error"], "invalid_scope");
}

#[test]
fn expired_tokens_and_codes() {
    // Codes of zero lifetime are expired once the second turns.
    let server = TestServer::start_with(Db::Sqlite, |config| {
        config.code_lifetime = Duration::ZERO;
    });
    let client = register(&server, READ_OFFLINE);
    let (code, verifier) = code(&server, &client, READ_OFFLINE, server.alice());
    std::thread::sleep(Duration::from_millis(1100));
    let reply = exchange(&server, &client, &code, &verifier);
    assert_eq!(reply.json()["error"], "invalid_grant", "{}", reply.body);
    assert!(reply.body.contains("expired"));
    drop(server);
    // An access token of zero lifetime is expired on arrival.
    let server = TestServer::start_with(Db::Sqlite, |config| {
        config.access_token_lifetime = Duration::ZERO;
    });
    let client = register(&server, READ_OFFLINE);
    let (code, verifier) = super::support::code(&server, &client, READ_OFFLINE, server.alice());
    let body = exchange(&server, &client, &code, &verifier).json();
    let access = body["access_token"].as_str().expect("a token").to_owned();
    let reply = get(&credentials(&server), Some(&access));
    assert_imsx(&reply, 401, "unauthorizedrequest");
    assert!(reply.body.contains("expired"));
}

#[test]
fn a_reused_code_fails_and_revokes_its_tokens() {
    let server = TestServer::start();
    let client = register(&server, READ_OFFLINE);
    let (code, verifier) = code(&server, &client, READ_OFFLINE, server.alice());
    let first = exchange(&server, &client, &code, &verifier).json();
    let access = first["access_token"].as_str().unwrap().to_owned();
    assert_eq!(get(&credentials(&server), Some(&access)).status, 200);
    let replay = exchange(&server, &client, &code, &verifier);
    assert_eq!(replay.status, 400);
    assert_eq!(replay.json()["error"], "invalid_grant");
    assert_imsx(
        &get(&credentials(&server), Some(&access)),
        401,
        "unauthorizedrequest",
    );
}

#[test]
fn pkce_is_required_s256_and_checked() {
    let server = TestServer::start();
    let client = register(&server, READ_OFFLINE);
    // A wrong verifier.
    let (code, _) = code(&server, &client, READ_OFFLINE, server.alice());
    let (other_verifier, _) = pkce();
    let reply = exchange(&server, &client, &code, &other_verifier);
    assert_eq!(reply.json()["error"], "invalid_grant");
    assert!(reply.body.contains("PKCE"));
    // `plain`, or no challenge at all, is refused at the authorization endpoint.
    let (verifier, _) = pkce();
    for method in ["plain", ""] {
        let reply = post_form(
            &server.url("/oauth/authorize"),
            None,
            &[
                ("response_type", "code"),
                ("client_id", &client.id),
                ("redirect_uri", &client.redirect_uri),
                ("scope", READ_OFFLINE),
                ("state", "s"),
                ("code_challenge", &verifier),
                ("code_challenge_method", method),
                ("username", server.alice().0),
                ("password", server.alice().1),
                ("consent", "allow"),
            ],
        );
        assert_eq!(reply.status, 302);
        let params = location_params(&reply);
        assert_eq!(param(&params, "error"), Some("invalid_request"));
        assert_eq!(param(&params, "state"), Some("s"));
        assert_eq!(param(&params, "code"), None);
    }
    // A code redeemed by another client, or with another redirect_uri.
    let other = register(&server, READ_OFFLINE);
    let (code, verifier) = super::support::code(&server, &client, READ_OFFLINE, server.alice());
    let reply = exchange(&server, &other, &code, &verifier);
    assert_eq!(reply.json()["error"], "invalid_grant");
    let (code, verifier) = super::support::code(&server, &client, READ_OFFLINE, server.alice());
    let reply = post_form(
        &server.url("/oauth/token"),
        Some((&client.id, &client.secret)),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:9/other"),
            ("code_verifier", &verifier),
        ],
    );
    assert_eq!(reply.json()["error"], "invalid_grant");
}

#[test]
fn an_unregistered_redirect_is_never_followed() {
    let server = TestServer::start();
    let client = register(&server, READ_OFFLINE);
    let (_, challenge) = pkce();
    for redirect in [
        "http://127.0.0.1:9/callback/../evil",
        "https://evil.example/cb",
        "",
    ] {
        let reply = post_form(
            &server.url("/oauth/authorize"),
            None,
            &[
                ("response_type", "code"),
                ("client_id", &client.id),
                ("redirect_uri", redirect),
                ("scope", READ_OFFLINE),
                ("state", "s"),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
                ("username", server.alice().0),
                ("password", server.alice().1),
                ("consent", "allow"),
            ],
        );
        assert_eq!(reply.status, 400, "{redirect}");
        assert_eq!(reply.header("location"), None);
    }
    // An unknown client likewise.
    let reply = get(
        &server.url("/oauth/authorize?client_id=nobody&redirect_uri=x"),
        None,
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.header("location"), None);
}

#[test]
fn wrong_passwords_denied_consent_and_bad_client_secrets() {
    let server = TestServer::start();
    let client = register(&server, READ_OFFLINE);
    let (_, challenge) = pkce();
    // A wrong password: the page again, 401, no redirect; an unknown user the same.
    for user in [(server.alice().0, "wrong"), ("nobody", "x")] {
        let reply = consent(&server, &client, READ_OFFLINE, &challenge, user);
        assert_eq!(reply.status, 401);
        assert_eq!(reply.header("location"), None);
        assert!(reply.body.contains("Wrong username or password"));
    }
    // consent=deny: access_denied, state echoed.
    let reply = post_form(
        &server.url("/oauth/authorize"),
        None,
        &[
            ("response_type", "code"),
            ("client_id", &client.id),
            ("redirect_uri", &client.redirect_uri),
            ("scope", READ_OFFLINE),
            ("state", "st"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("consent", "deny"),
        ],
    );
    assert_eq!(reply.status, 302);
    let params = location_params(&reply);
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert_eq!(param(&params, "state"), Some("st"));
    // The token endpoint authenticates the client.
    let (code, verifier) = code(&server, &client, READ_OFFLINE, server.alice());
    let wrong = Client {
        secret: "wrong".into(),
        ..client.clone()
    };
    let reply = exchange(&server, &wrong, &code, &verifier);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"], "invalid_client");
    let reply = post_form(
        &server.url("/oauth/token"),
        None,
        &[("grant_type", "authorization_code"), ("code", &code)],
    );
    assert_eq!(reply.status, 401);
    // The code is still good for the real client (the failed attempts did not spend it).
    assert_eq!(exchange(&server, &client, &code, &verifier).status, 200);
}

/// One learner's token never reads another's data.
pub fn learners_are_isolated(db: Db) {
    let server = TestServer::start_with(db, |_| {});
    let scope = format!("{OB_READ} {OB_UPSERT} {OB_PROFILE_READ} {OB_PROFILE_UPDATE}");
    let (alice, _) = login(&server, &scope, server.alice());
    let (bob, _) = login(&server, &scope, server.bob());
    let badge = fixture("ob-minimal-eddsa-rdfc-2022.json");
    assert_eq!(
        send(
            "POST",
            &credentials(&server),
            Some(&alice),
            "application/json",
            &badge
        )
        .status,
        201
    );
    // The same credential for Bob is his own new row.
    assert_eq!(
        send(
            "POST",
            &credentials(&server),
            Some(&bob),
            "application/json",
            &badge
        )
        .status,
        201
    );
    let profile = br#"{"type": "Profile", "id": "https://example.edu/alice", "name": "Alice"}"#;
    assert_eq!(
        send(
            "PUT",
            &server.url("/ims/ob/v3p0/profile"),
            Some(&alice),
            "application/json",
            profile
        )
        .status,
        200
    );
    assert_eq!(
        get(&server.url("/ims/ob/v3p0/profile"), Some(&bob)).status,
        404
    );
    let page = get(&credentials(&server), Some(&bob));
    assert_eq!(page.header("x-total-count"), Some("1"));
    let jwt = fixture("ob-minimal-vc-jwt-EdDSA.jwt");
    assert_eq!(
        send(
            "POST",
            &credentials(&server),
            Some(&alice),
            "text/plain",
            &jwt
        )
        .status,
        201
    );
    assert_eq!(
        get(&credentials(&server), Some(&bob)).header("x-total-count"),
        Some("1")
    );
    assert_eq!(
        get(&credentials(&server), Some(&alice)).header("x-total-count"),
        Some("2")
    );
}

#[test]
fn learners_are_isolated_sqlite() {
    learners_are_isolated(Db::Sqlite);
}
