//! `openbadges::api::Client` against the provider over loopback HTTP: discovery,
//! registration, the code flow through the loopback listener, paging to completion,
//! upsert, profile, refresh, revocation; the token never leaves its origin; retries.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use openbadges::api::{
    Api, Client, ClientError, ClientMetadata, LoopbackRedirect, Pushed, Received,
};

use super::provider::issued;
use super::support::*;

#[test]
fn the_client_completes_the_flow_and_pages_to_the_end() {
    let server = TestServer::start();
    let client = Client::new(&server.base, Api::Ob);
    let discovery = client.discover().unwrap();
    assert_eq!(discovery.token_url, server.url("/oauth/token"));
    let loopback = LoopbackRedirect::bind().unwrap();
    let scopes: Vec<String> = [
        OB_READ,
        OB_UPSERT,
        OB_PROFILE_READ,
        OB_PROFILE_UPDATE,
        "offline_access",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let metadata = ClientMetadata::new(
        "Client test",
        "http://127.0.0.1/",
        loopback.redirect_uri(),
        scopes.clone(),
    );
    let registration = client.register(&discovery, &metadata).unwrap();
    let request =
        client.authorization_request(&discovery, &registration, loopback.redirect_uri(), &scopes);

    // The learner's browser: the consent form, then the redirect to the loopback listener.
    let query = request.url.split_once('?').unwrap().1.to_owned();
    let mut form: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
    form.push(("username".into(), server.alice().0.into()));
    form.push(("password".into(), server.alice().1.into()));
    form.push(("consent".into(), "allow".into()));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let reply = post_form(&discovery.authorization_url, None, &form);
    assert_eq!(reply.status, 302, "{}", reply.body);
    let location = reply.header("location").unwrap().to_owned();
    let browser = std::thread::spawn(move || get(&location, None));
    let params = loopback.wait(Duration::from_secs(30)).unwrap();
    assert_eq!(browser.join().unwrap().status, 200);
    let tokens = client
        .exchange_code(&discovery, &registration, &request, &params)
        .unwrap();
    assert!(tokens.refresh_token.is_some());

    // Push five, read them back across three pages.
    for credential in issued(5) {
        assert_eq!(
            client.upsert(&tokens, credential.as_bytes()).unwrap(),
            Pushed::Created
        );
    }
    let jwt = fixture("ob-minimal-vc-jwt-EdDSA.jwt");
    assert_eq!(client.upsert(&tokens, &jwt).unwrap(), Pushed::Created);
    assert_eq!(client.upsert(&tokens, &jwt).unwrap(), Pushed::Replaced);
    let mut pages = client.credentials(&tokens, None, 2);
    let all: Vec<Received> = pages.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(pages.total(), Some(6));
    assert_eq!(
        all.iter().filter(|c| matches!(c, Received::Jws(_))).count(),
        1
    );
    let since_future: Vec<_> = client
        .credentials(&tokens, Some("2999-01-01T00:00:00Z"), 10)
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(since_future.is_empty());
    // A refused upload names the server's findings.
    let err = client
        .upsert(
            &tokens,
            &fixture("ob-neg-tampered-field-eddsa-rdfc-2022.json"),
        )
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Status { status: 400, body, .. } if body.contains("proof.")),
        "{err}"
    );

    // Profile.
    assert_eq!(client.profile(&tokens).unwrap(), None);
    let profile = serde_json::json!({"type": "Profile", "id": "https://1edtech.org/issuers/cert", "name": "Cert"});
    assert_eq!(client.put_profile(&tokens, &profile).unwrap(), profile);
    assert_eq!(client.profile(&tokens).unwrap(), Some(profile));

    // Refresh rotates; revocation ends access.
    let refreshed = client.refresh(&discovery, &registration, &tokens).unwrap();
    assert_ne!(refreshed.refresh_token, tokens.refresh_token);
    assert!(client.refresh(&discovery, &registration, &tokens).is_err());
    let revocation = discovery.revocation_url.clone().unwrap();
    client
        .revoke(
            &revocation,
            &registration,
            refreshed.refresh_token.as_deref().unwrap(),
            true,
        )
        .unwrap();
    let err = client.profile(&refreshed).unwrap_err();
    assert!(
        matches!(err, ClientError::Status { status: 401, .. }),
        "{err}"
    );
}

#[test]
fn a_token_is_never_sent_to_another_origin() {
    let server = TestServer::start();
    let (access, _) = login(&server, OB_READ, server.alice());
    // Tokens as the issuing client holds them, bound to the server's origin.
    let client = Client::new(&server.base, Api::Ob);
    let tokens: openbadges::api::Tokens = serde_json::from_value(serde_json::json!({
        "access_token": access, "refresh_token": null, "scope": OB_READ,
        "expires_at": null, "origin": server.base,
    }))
    .unwrap();
    assert_eq!(client.credentials(&tokens, None, 10).count(), 0);
    // The same tokens through a client of another origin: refused before any request.
    let trap = TcpListener::bind("127.0.0.1:0").unwrap();
    let other = Client::new(format!("http://{}", trap.local_addr().unwrap()), Api::Ob);
    let err = other
        .credentials(&tokens, None, 10)
        .next()
        .unwrap()
        .unwrap_err();
    assert!(matches!(err, ClientError::ForeignHost { .. }), "{err}");
    assert!(matches!(
        other.profile(&tokens),
        Err(ClientError::ForeignHost { .. })
    ));
    trap.set_nonblocking(true).unwrap();
    assert!(trap.accept().is_err(), "nothing reached the other origin");
}

#[test]
fn busy_answers_are_retried_after_retry_after() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let sdd = serde_json::json!({"components": {"securitySchemes": {"OAuth2ACG": {
        "type": "oauth2", "x-imssf-registrationUrl": format!("{base}/r"),
        "flows": {"authorizationCode": {"authorizationUrl": format!("{base}/a"),
                  "tokenUrl": format!("{base}/t"), "scopes": {}}}}}}})
    .to_string();
    let server = std::thread::spawn(move || {
        let answers = [
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
            format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{sdd}", sdd.len()),
        ];
        let mut times = Vec::new();
        for answer in answers {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 2 {
                line.clear();
            }
            times.push(std::time::Instant::now());
            stream.write_all(answer.as_bytes()).unwrap();
        }
        times
    });
    let discovery = Client::new(&base, Api::Ob).discover().unwrap();
    assert_eq!(discovery.token_url, format!("{base}/t"));
    let times = server.join().unwrap();
    assert!(
        times[1] - times[0] >= Duration::from_millis(950),
        "Retry-After honoured"
    );
    // With no retries left, the busy answer is the error.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        stream
            .write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .unwrap();
    });
    let err = Client::new(&base, Api::Ob)
        .retries(0, Duration::from_secs(1))
        .discover()
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Status { status: 503, .. }),
        "{err}"
    );
}
