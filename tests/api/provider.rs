//! The resource endpoints over real HTTP: exact bytes, upsert semantics, paging, profile,
//! discovery, and every response checked against the bundled schemas.

use openbadges::validate::Kind;
use serde_json::Value;

use super::support::*;

const ALL_OB: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly \
    https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert \
    https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly \
    https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update offline_access";

/// Issues `n` distinct, signed OB credentials (did:key, eddsa-rdfc-2022).
pub fn issued(n: usize) -> Vec<String> {
    use openbadges::crypto::{KeyType, SecretKey};
    use openbadges::issue::{IssueOptions, Issuer};
    use openbadges::proof::Cryptosuite;
    let key = SecretKey::from_seed(KeyType::Ed25519, &[42; 32]).unwrap();
    let did = key.public_key().did_key().unwrap();
    let issuer = Issuer::new(key.into_did_key_signer(), Cryptosuite::EddsaRdfc2022).unwrap();
    (0..n)
        .map(|i| {
            let credential = serde_json::json!({
                "@context": ["https://www.w3.org/ns/credentials/v2",
                             "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": format!("urn:uuid:2f1e6c1a-0000-4000-8000-{i:012}"),
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": did, "type": ["Profile"], "name": "Example University"},
                "validFrom": "2024-01-01T00:00:00Z",
                "name": format!("Badge {i}"),
                "credentialSubject": {
                    "id": "did:example:learner",
                    "type": ["AchievementSubject"],
                    "achievement": {
                        "id": "https://example.edu/achievements/rust-101",
                        "type": ["Achievement"],
                        "name": "Rust 101",
                        "description": "Completed the introductory Rust course.",
                        "criteria": {"narrative": "Pass all exercises."}
                    }
                }
            });
            let options = IssueOptions::new().created("2024-01-01T00:00:00Z");
            issuer
                .issue(&credential, &options)
                .unwrap()
                .as_str()
                .to_owned()
        })
        .collect()
}

fn credentials_url(server: &TestServer, base: &str, query: &str) -> String {
    server.url(&format!("{base}/credentials{query}"))
}

/// Upsert (JSON and JWS), replace, read back the exact bytes, with schema-valid bodies.
pub fn upsert_and_read_back(db: Db) {
    let server = TestServer::start_with(db, |_| {});
    let (token, _) = login(&server, ALL_OB, server.alice());
    let url = credentials_url(&server, "/ims/ob/v3p0", "");

    // Empty at first, schema-valid, with the paging headers.
    let reply = get(&url, Some(&token));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_schema(&reply.body, Kind::GetOpenBadgeCredentialsResponse);
    assert_eq!(reply.header("x-total-count"), Some("0"));

    // A JSON credential, with its own whitespace: 201, echoed exactly.
    let mut badge = fixture("ob-minimal-eddsa-rdfc-2022.json");
    badge.extend_from_slice(b"\n\n");
    let reply = send("POST", &url, Some(&token), "application/json", &badge);
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body.as_bytes(), &badge[..]);
    assert_schema(&reply.body, Kind::AchievementCredential);
    // The same credential again: replaced, 200.
    let reply = send(
        "POST",
        &url,
        Some(&token),
        "application/ld+json; charset=utf-8",
        &badge,
    );
    assert_eq!(reply.status, 200, "{}", reply.body);

    // A compact JWS as text/plain.
    let jwt = fixture("ob-minimal-vc-jwt-EdDSA.jwt");
    let reply = send("POST", &url, Some(&token), "text/plain", &jwt);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let reply = send("POST", &url, Some(&token), "text/plain", &jwt);
    assert_eq!(reply.status, 200, "{}", reply.body);

    let reply = get(&url, Some(&token));
    assert_eq!(reply.status, 200);
    assert_schema(&reply.body, Kind::GetOpenBadgeCredentialsResponse);
    assert_eq!(reply.header("x-total-count"), Some("2"));
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    // The stored credential is byte-for-byte what was sent (spliced, not re-serialized).
    let sent = String::from_utf8(badge.clone()).unwrap();
    assert!(reply.body.contains(sent.trim()), "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["credential"].as_array().unwrap().len(), 1);
    let jws = String::from_utf8(jwt).unwrap();
    assert_eq!(body["compactJwsString"][0], jws.trim());

    // The CLR collection is apart, and takes ClrCredentials only.
    let (clr_token, _) = login(&server, &format!("{CLR_READ} {CLR_UPSERT}"), server.alice());
    let clr_url = credentials_url(&server, "/ims/clr/v2p0", "");
    let clr = fixture("clr-two-nested-eddsa-rdfc-2022.json");
    let reply = send("POST", &clr_url, Some(&clr_token), "application/json", &clr);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let reply = send(
        "POST",
        &clr_url,
        Some(&clr_token),
        "application/json",
        &badge,
    );
    assert_imsx(&reply, 400, "invalid_data");
    let reply = get(&clr_url, Some(&clr_token));
    assert_schema(&reply.body, Kind::GetClrCredentialsResponse);
    assert_eq!(reply.header("x-total-count"), Some("1"));
    // An OB token is not a CLR token.
    assert_imsx(&get(&clr_url, Some(&token)), 403, "forbidden");
}

#[test]
fn upsert_and_read_back_sqlite() {
    upsert_and_read_back(Db::Sqlite);
}

/// `limit` / `offset` with `X-Total-Count` and `Link` (query per the errata), and `since`.
pub fn paging(db: Db) {
    let server = TestServer::start_with(db, |_| {});
    let (token, _) = login(&server, ALL_OB, server.alice());
    let url = credentials_url(&server, "/ims/ob/v3p0", "");
    for credential in issued(5) {
        let reply = send(
            "POST",
            &url,
            Some(&token),
            "application/json",
            credential.as_bytes(),
        );
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    // Follow rel="next" from the first page.
    let mut next = Some(credentials_url(&server, "/ims/ob/v3p0", "?limit=2"));
    let mut ids = Vec::new();
    let mut pages = 0;
    while let Some(page_url) = next.take() {
        let reply = get(&page_url, Some(&token));
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_schema(&reply.body, Kind::GetOpenBadgeCredentialsResponse);
        assert_eq!(reply.header("x-total-count"), Some("5"));
        let link = reply.header("link").expect("a Link header").to_owned();
        let links = parse_links(&link);
        assert!(links.iter().any(|(rel, _)| rel == "first"));
        assert!(
            links
                .iter()
                .any(|(rel, u)| rel == "last" && u.ends_with("limit=2&offset=4"))
        );
        assert_eq!(links.iter().any(|(rel, _)| rel == "prev"), pages > 0);
        for credential in reply.json()["credential"].as_array().unwrap() {
            ids.push(credential["id"].as_str().unwrap().to_owned());
        }
        next = links
            .into_iter()
            .find(|(rel, _)| rel == "next")
            .map(|(_, u)| u);
        pages += 1;
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..5)
        .map(|i| format!("urn:uuid:2f1e6c1a-0000-4000-8000-{i:012}"))
        .collect();
    assert_eq!(ids, expected);

    // Bad paging parameters are 400 invalid_query_parameter.
    for query in [
        "?limit=0",
        "?limit=x",
        "?offset=-1",
        "?since=yesterday",
        "?limit=1&limit=2",
    ] {
        let reply = get(
            &credentials_url(&server, "/ims/ob/v3p0", query),
            Some(&token),
        );
        assert_imsx(&reply, 400, "invalid_query_parameter");
    }
    // `since` in the future: nothing; in the past: everything; the Link keeps it.
    let reply = get(
        &credentials_url(&server, "/ims/ob/v3p0", "?since=2999-01-01T00:00:00Z"),
        Some(&token),
    );
    assert_eq!(reply.header("x-total-count"), Some("0"));
    let reply = get(
        &credentials_url(
            &server,
            "/ims/ob/v3p0",
            "?since=2000-01-01T00:00:00Z&limit=1",
        ),
        Some(&token),
    );
    assert_eq!(reply.header("x-total-count"), Some("5"));
    assert!(
        reply
            .header("link")
            .unwrap()
            .contains("since=2000-01-01T00%3A00%3A00Z")
    );
}

fn parse_links(header: &str) -> Vec<(String, String)> {
    header
        .split(", <")
        .map(|part| {
            let part = part.trim_start_matches('<');
            let (url, rest) = part.split_once(">;").unwrap();
            let rel = rest.split("rel=\"").nth(1).unwrap().trim_end_matches('"');
            (rel.to_owned(), url.to_owned())
        })
        .collect()
}

#[test]
fn paging_sqlite() {
    paging(Db::Sqlite);
}

/// What the provider refuses, with nothing stored.
pub fn refusals(db: Db) {
    let server = TestServer::start_with(db, |c| c.body_limit = 64 * 1024);
    let (token, _) = login(&server, ALL_OB, server.alice());
    let url = credentials_url(&server, "/ims/ob/v3p0", "");
    let check_400 = |content_type: &str, body: &[u8], needle: &str| {
        let reply = send("POST", &url, Some(&token), content_type, body);
        assert_imsx(&reply, 400, "invalid_data");
        let description = reply.json()["imsx_description"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(description.contains(needle), "{needle}: {description}");
    };
    // A tampered credential: the finding code is in the description.
    check_400(
        "application/json",
        &fixture("ob-neg-tampered-field-eddsa-rdfc-2022.json"),
        "proof.",
    );
    check_400(
        "text/plain",
        &fixture("ob-neg-tampered-vc-jwt-EdDSA.jwt"),
        "jwt.",
    );
    // An unknown @context.
    let mut unknown: Value =
        serde_json::from_slice(&fixture("ob-minimal-eddsa-rdfc-2022.json")).unwrap();
    unknown["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://unknown.example/context.json".into());
    check_400(
        "application/json",
        unknown.to_string().as_bytes(),
        "context",
    );
    // Malformed JSON and JWS, wrong media type, not a credential.
    check_400("application/json", b"{\"id\": ", "JSON");
    check_400("text/plain", b"not a jws", "compact JWS");
    check_400("text/plain", b"a.b.c", "jwt.");
    check_400("application/xml", b"<x/>", "Content-Type");
    check_400("application/json", b"[1, 2]", "credential.not_object");
    // A valid credential of the other API.
    check_400(
        "application/json",
        &fixture("clr-two-nested-eddsa-rdfc-2022.json"),
        "not an OpenBadgeCredential",
    );
    // A body over the documented limit: 413 with an imsx body.
    let big = vec![b' '; 65 * 1024];
    let reply = send("POST", &url, Some(&token), "application/json", &big);
    assert_imsx(&reply, 413, "invalid_data");
    // Nothing was stored.
    let reply = get(&url, Some(&token));
    assert_eq!(reply.header("x-total-count"), Some("0"), "{}", reply.body);
    // 405 and 404 carry imsx bodies too.
    assert_imsx(
        &send("DELETE", &url, Some(&token), "", b""),
        405,
        "not_allowed",
    );
    assert_imsx(
        &get(&server.url("/ims/ob/v3p0/nothing"), Some(&token)),
        404,
        "not_found",
    );
}

#[test]
fn refusals_sqlite() {
    refusals(Db::Sqlite);
}

/// `GET/PUT profile`.
pub fn profile(db: Db) {
    let server = TestServer::start_with(db, |_| {});
    let (token, _) = login(&server, ALL_OB, server.alice());
    let url = server.url("/ims/ob/v3p0/profile");
    assert_imsx(&get(&url, Some(&token)), 404, "not_found");
    let profile = br#"{
      "@context": ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      "type": "Profile", "id": "https://1edtech.org/issuers/cert", "name": "Certification"
    }"#;
    let reply = send("PUT", &url, Some(&token), "application/json", profile);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body.as_bytes(), profile);
    let reply = get(&url, Some(&token));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body.as_bytes(), profile);
    assert_schema(&reply.body, Kind::Profile);
    // An invalid profile is refused and the stored one kept.
    let reply = send(
        "PUT",
        &url,
        Some(&token),
        "application/json",
        br#"{"type": "Profile"}"#,
    );
    assert_imsx(&reply, 400, "invalid_data");
    assert_eq!(get(&url, Some(&token)).body.as_bytes(), profile);
    // A read-only profile token cannot write.
    let (read_only, _) = login(&server, OB_PROFILE_READ, server.alice());
    assert_imsx(
        &send("PUT", &url, Some(&read_only), "application/json", profile),
        403,
        "forbidden",
    );
    assert_eq!(get(&url, Some(&read_only)).status, 200);
    let _ = OB_PROFILE_UPDATE;
}

#[test]
fn profile_sqlite() {
    profile(Db::Sqlite);
}

/// The Service Description Document: unprotected, valid against the OpenAPI
/// `ServiceDescriptionDocument` schema, naming this server's OAuth URLs and scopes.
#[test]
fn discovery_is_a_valid_service_description() {
    let server = TestServer::start();
    let openapi: Value = serde_json::from_str(include_str!(
        "../../schemas/openapi/openapi.gh-pages-2025-03-27.json"
    ))
    .unwrap();
    let schema = serde_json::json!({
        "$ref": "#/components/schemas/ServiceDescriptionDocument",
        "components": {"schemas": openapi["components"]["schemas"]},
    });
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (base, read_scope) in [("/ims/ob/v3p0", OB_READ), ("/ims/clr/v2p0", CLR_READ)] {
        let reply = get(&server.url(&format!("{base}/discovery")), None);
        assert_eq!(reply.status, 200, "{}", reply.body);
        let document = reply.json();
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let scheme = &document["components"]["securitySchemes"]["OAuth2ACG"];
        assert_eq!(scheme["type"], "oauth2");
        assert_eq!(
            scheme["x-imssf-registrationUrl"],
            server.url("/oauth/register")
        );
        let flow = &scheme["flows"]["authorizationCode"];
        assert_eq!(flow["authorizationUrl"], server.url("/oauth/authorize"));
        assert_eq!(flow["tokenUrl"], server.url("/oauth/token"));
        assert_eq!(flow["refreshUrl"], server.url("/oauth/token"));
        assert!(flow["scopes"][read_scope].is_string());
        assert_eq!(document["servers"][0]["url"], server.url(base));
        assert!(document["info"]["x-imssf-privacyPolicyUrl"].is_string());
        // The errata: paging links read the query.
        assert!(
            !reply.body.contains("$request.path"),
            "pre-errata link expressions"
        );
    }
    let ob = get(&server.url("/ims/ob/v3p0/discovery"), None).body;
    assert!(ob.contains("$request.query.limit"));
}
