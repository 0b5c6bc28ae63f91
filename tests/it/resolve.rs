//! Integration tests: key resolution (did:key, did:jwk, did:web, HTTPS controller documents).

use std::fs;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openbadges::crypto::{KeyError, KeyType, PublicKey, SecretKey};
use openbadges::fetch::{FetchError, Fetched, Fetcher, MemoryFetcher};
use openbadges::resolve::dangerous::FragmentKeyResolver;
use openbadges::resolve::{
    CachingResolver, KeyResolver, Relationship, ResolveError, Resolver, StaticResolver,
    VerificationMethod, did_web_url,
};
use serde_json::{Value, json};

use crate::support::data;

fn read_json(relative: &str) -> Value {
    let text = fs::read_to_string(data().join(relative)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn signing() -> Vec<Relationship> {
    Relationship::SIGNING.to_vec()
}

#[test]
fn did_key_vectors_resolve_offline() {
    let eddsa = read_json("vectors/vc-di-eddsa/TestVectors/keyPair.json");
    let p256 = read_json("vectors/vc-di-ecdsa/TestVectors/p256KeyPair.json");
    let p384 = read_json("vectors/vc-di-ecdsa/TestVectors/p384KeyPair.json");
    let resolver = Resolver::offline();
    for (pair, key_type) in [
        (eddsa, KeyType::Ed25519),
        (p256, KeyType::P256),
        (p384, KeyType::P384),
    ] {
        let multibase = pair["publicKeyMultibase"].as_str().unwrap();
        let did = format!("did:key:{multibase}");
        let id = format!("{did}#{multibase}");
        let method = resolver.resolve(&id).unwrap();
        assert_eq!(method.id, id);
        assert_eq!(method.controller, did);
        assert_eq!(method.method_type, "Multikey");
        assert_eq!(method.public_key.key_type(), key_type);
        assert_eq!(method.public_key.to_multibase().unwrap(), multibase);
        assert!(method.is_authorized_for(Relationship::AssertionMethod));
        assert!(method.is_authorized_for(Relationship::Authentication));
        assert!(!method.is_authorized_for(Relationship::KeyAgreement));
    }
    // The bench keys' published verification method ids too.
    let keys = read_json("bench/keys.json");
    for entry in keys.as_object().unwrap().values().filter(|v| v.is_object()) {
        let vm = entry["verificationMethod"].as_str().unwrap();
        let method = resolver.resolve(vm).unwrap();
        assert_eq!(method.controller, entry["did"].as_str().unwrap());
        assert_eq!(method.public_key.to_jwk(), entry["publicJwk"]);
    }
}

#[test]
fn did_key_errors() {
    let resolver = Resolver::offline();
    let mb = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    assert!(matches!(
        resolver.resolve(&format!("did:key:{mb}")),
        Err(ResolveError::InvalidId { .. })
    ));
    assert!(matches!(
        resolver.resolve(&format!("did:key:{mb}#key-1")),
        Err(ResolveError::NotFound { .. })
    ));
    let secret = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
    assert!(matches!(
        resolver.resolve(&format!("did:key:{secret}#{secret}")),
        Err(ResolveError::Key {
            source: KeyError::WrongKind { .. },
            ..
        })
    ));
    assert!(matches!(
        resolver.resolve("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"),
        Err(ResolveError::Key { source: KeyError::UnsupportedCodec { code: 0xe7, .. }, .. })
    ));
}

#[test]
fn unknown_methods_and_ids_are_errors() {
    let resolver = Resolver::offline();
    match resolver.resolve("did:example:123#key-1") {
        Err(ResolveError::UnsupportedMethod { method, .. }) => assert_eq!(method, "example"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        resolver.resolve("urn:uuid:1234"),
        Err(ResolveError::UnsupportedId { .. })
    ));
    assert!(matches!(
        resolver.resolve("did:nomethod"),
        Err(ResolveError::InvalidId { .. })
    ));
}

fn did_jwk(jwk: &Value) -> String {
    format!("did:jwk:{}", URL_SAFE_NO_PAD.encode(jwk.to_string()))
}

#[test]
fn did_jwk_resolves_offline() {
    let vm = read_json("vectors/vc-jose-cose-test-suite/input/vm-p256.json");
    let did = did_jwk(&vm["publicKeyJwk"]);
    let method = Resolver::offline().resolve(&format!("{did}#0")).unwrap();
    assert_eq!(method.controller, did);
    assert_eq!(
        method.public_key,
        PublicKey::from_jwk(&vm["publicKeyJwk"]).unwrap()
    );
    assert_eq!(method.relationships, signing().into_iter().collect());

    // use: enc is for key agreement only.
    let mut enc = vm["publicKeyJwk"].clone();
    enc["use"] = json!("enc");
    let method = Resolver::offline()
        .resolve(&format!("{}#0", did_jwk(&enc)))
        .unwrap();
    assert!(!method.is_authorized_for(Relationship::AssertionMethod));
    assert!(method.is_authorized_for(Relationship::KeyAgreement));

    // A private key in a DID is refused; so are other fragments and junk.
    let private = did_jwk(&vm["secretKeyJwk"]);
    assert!(matches!(
        Resolver::offline().resolve(&format!("{private}#0")),
        Err(ResolveError::Key {
            source: KeyError::JwkPrivateMember { member: "d" },
            ..
        })
    ));
    assert!(matches!(
        Resolver::offline().resolve(&format!("{did}#1")),
        Err(ResolveError::NotFound { .. })
    ));
    assert!(matches!(
        Resolver::offline().resolve("did:jwk:!!!#0"),
        Err(ResolveError::InvalidId { .. })
    ));
    let huge = format!("did:jwk:{}#0", "A".repeat(10_000));
    assert!(matches!(
        Resolver::offline().resolve(&huge),
        Err(ResolveError::InvalidId { .. })
    ));
}

#[test]
fn did_web_is_refused_offline_naming_the_url() {
    let err = Resolver::offline()
        .resolve("did:web:example.com%3A8443:issuers:1#key-1")
        .unwrap_err();
    match &err {
        ResolveError::Fetch(FetchError::Offline { url }) => {
            assert_eq!(url, "https://example.com:8443/issuers/1/did.json")
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains("https://example.com:8443/issuers/1/did.json")
    );
    for bad in [
        "did:web:",
        "did:web:exa mple.com",
        "did:web:example.com::x",
        "did:web:example.com:..",
        "did:web:example.com%3Ahttp",
        "did:web:user@example.com",
    ] {
        assert!(did_web_url(bad).is_err(), "{bad}");
    }
}

fn key(seed: u8, key_type: KeyType) -> PublicKey {
    let len = if key_type == KeyType::P384 { 48 } else { 32 };
    SecretKey::from_seed(key_type, &vec![seed; len])
        .unwrap()
        .public_key()
}

fn did_web_document() -> (Value, PublicKey, PublicKey) {
    let assertion = key(1, KeyType::Ed25519);
    let auth = key(2, KeyType::P256);
    let doc = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "did:web:issuer.example",
        "verificationMethod": [{
            "id": "#key-1",
            "type": "Multikey",
            "controller": "did:web:issuer.example",
            "publicKeyMultibase": assertion.to_multibase().unwrap()
        }],
        "assertionMethod": ["#key-1"],
        "authentication": [{
            "id": "did:web:issuer.example#key-2",
            "type": "JsonWebKey",
            "controller": "did:web:issuer.example",
            "publicKeyJwk": auth.to_jwk()
        }]
    });
    (doc, assertion, auth)
}

#[test]
fn did_web_document_through_a_static_fetcher() {
    let (doc, assertion, auth) = did_web_document();
    let fetcher =
        MemoryFetcher::new().with_json("https://issuer.example/.well-known/did.json", &doc);
    let resolver = Resolver::with_fetcher(fetcher);

    let method = resolver.resolve("did:web:issuer.example#key-1").unwrap();
    assert_eq!(method.id, "did:web:issuer.example#key-1");
    assert_eq!(method.controller, "did:web:issuer.example");
    assert_eq!(method.public_key, assertion);
    assert_eq!(
        method.relationships.iter().copied().collect::<Vec<_>>(),
        [Relationship::AssertionMethod]
    );

    let method = resolver.resolve("did:web:issuer.example#key-2").unwrap();
    assert_eq!(method.public_key, auth);
    assert_eq!(
        method.relationships.iter().copied().collect::<Vec<_>>(),
        [Relationship::Authentication]
    );

    assert!(matches!(
        resolver.resolve("did:web:issuer.example#key-3"),
        Err(ResolveError::NotFound { .. })
    ));
    assert!(matches!(
        resolver.resolve("did:web:other.example#key-1"),
        Err(ResolveError::Fetch(FetchError::NotFound { .. }))
    ));
}

#[test]
fn controller_document_checks() {
    let (doc, _, _) = did_web_document();
    let url = "https://issuer.example/.well-known/did.json";
    let resolve = |doc: &Value| {
        Resolver::with_fetcher(MemoryFetcher::new().with_json(url, doc))
            .resolve("did:web:issuer.example#key-1")
    };
    // The document must be the DID's.
    let mut other = doc.clone();
    other["id"] = json!("did:web:attacker.example");
    assert!(matches!(
        resolve(&other),
        Err(ResolveError::IdMismatch { .. })
    ));
    // The method must be controlled by the document's subject.
    let mut foreign = doc.clone();
    foreign["verificationMethod"][0]["controller"] = json!("did:web:attacker.example");
    assert!(matches!(
        resolve(&foreign),
        Err(ResolveError::ControllerMismatch { .. })
    ));
    // A missing member is named by its path.
    let mut missing = doc.clone();
    missing["verificationMethod"][0]
        .as_object_mut()
        .unwrap()
        .remove("controller");
    match resolve(&missing) {
        Err(ResolveError::Invalid { path, .. }) => {
            assert_eq!(path.to_string(), "$.verificationMethod[0].controller")
        }
        other => panic!("{other:?}"),
    }
    // Two kinds of key material, or material that does not fit the type.
    let mut both = doc.clone();
    both["verificationMethod"][0]["publicKeyJwk"] = key(1, KeyType::Ed25519).to_jwk();
    assert!(matches!(
        resolve(&both),
        Err(ResolveError::MethodType { .. })
    ));
    let mut mistyped = doc.clone();
    mistyped["verificationMethod"][0]["type"] = json!("Ed25519VerificationKey2020");
    mistyped["verificationMethod"][0]["publicKeyMultibase"] =
        json!(key(4, KeyType::P256).to_multibase().unwrap());
    assert!(matches!(
        resolve(&mistyped),
        Err(ResolveError::MethodType { .. })
    ));
    let mut unknown = doc.clone();
    unknown["verificationMethod"][0]["type"] = json!("BbsBls12381G2Key2020");
    assert!(matches!(
        resolve(&unknown),
        Err(ResolveError::MethodType { .. })
    ));
    // Legacy Ed25519VerificationKey2018 with publicKeyBase58.
    let mut legacy = doc.clone();
    let ed = key(1, KeyType::Ed25519);
    legacy["verificationMethod"][0] = json!({
        "id": "did:web:issuer.example#key-1",
        "type": "Ed25519VerificationKey2018",
        "controller": "did:web:issuer.example",
        "publicKeyBase58": bs58::encode(ed.to_bytes().unwrap()).into_string()
    });
    assert_eq!(resolve(&legacy).unwrap().public_key, ed);
    // Hostile documents: duplicate members and oversized input are parse errors.
    let fetcher = MemoryFetcher::new();
    let mut fetcher = fetcher;
    fetcher.insert(
        url,
        Fetched::new(
            br#"{"id": "did:web:issuer.example", "id": "x"}"#.to_vec(),
            None,
        ),
    );
    assert!(matches!(
        Resolver::with_fetcher(fetcher).resolve("did:web:issuer.example#key-1"),
        Err(ResolveError::Parse { .. })
    ));
    let mut big = MemoryFetcher::new();
    big.insert(url, Fetched::new(vec![b' '; 2 * 1024 * 1024], None));
    assert!(matches!(
        Resolver::with_fetcher(big).resolve("did:web:issuer.example#key-1"),
        Err(ResolveError::Parse { .. })
    ));
}

#[test]
fn https_controller_documents() {
    let vm = read_json("vectors/vc-jose-cose-test-suite/input/vm-p256.json");
    let mut public_vm = vm.clone();
    public_vm.as_object_mut().unwrap().remove("secretKeyJwk");
    let controller = json!({
        "id": "https://example.issuer/vc-jose-cose",
        "verificationMethod": [public_vm],
        "assertionMethod": ["https://example.issuer/vc-jose-cose#key-1"]
    });
    let resolver = Resolver::with_fetcher(
        MemoryFetcher::new().with_json("https://example.issuer/vc-jose-cose", &controller),
    );
    let method = resolver
        .resolve("https://example.issuer/vc-jose-cose#key-1")
        .unwrap();
    assert_eq!(method.controller, "https://example.issuer/vc-jose-cose");
    assert_eq!(method.method_type, "JsonWebKey");
    assert!(method.is_authorized_for(Relationship::AssertionMethod));
    assert!(!method.is_authorized_for(Relationship::Authentication));

    // A private JWK published as the public key is refused.
    let leaked = json!({
        "id": "https://example.issuer/vc-jose-cose",
        "verificationMethod": [{
            "id": "#key-1", "type": "JsonWebKey",
            "controller": "https://example.issuer/vc-jose-cose",
            "publicKeyJwk": vm["secretKeyJwk"]
        }]
    });
    let resolver = Resolver::with_fetcher(
        MemoryFetcher::new().with_json("https://example.issuer/vc-jose-cose", &leaked),
    );
    assert!(matches!(
        resolver.resolve("https://example.issuer/vc-jose-cose#key-1"),
        Err(ResolveError::Key {
            source: KeyError::JwkPrivateMember { .. },
            ..
        })
    ));
}

#[test]
fn https_standalone_method_takes_relationships_from_its_controller() {
    let ed = key(7, KeyType::Ed25519);
    let method_doc = json!({
        "@context": "https://w3id.org/security/multikey/v1",
        "id": "https://example.edu/keys/1",
        "type": "Multikey",
        "controller": "https://example.edu/issuer",
        "publicKeyMultibase": ed.to_multibase().unwrap()
    });
    let issuer = json!({
        "id": "https://example.edu/issuer",
        "assertionMethod": ["https://example.edu/keys/1"]
    });
    let fetcher = MemoryFetcher::new()
        .with_json("https://example.edu/keys/1", &method_doc)
        .with_json("https://example.edu/issuer", &issuer);
    let method = Resolver::with_fetcher(fetcher)
        .resolve("https://example.edu/keys/1")
        .unwrap();
    assert_eq!(method.public_key, ed);
    assert_eq!(method.controller, "https://example.edu/issuer");
    assert_eq!(
        method.relationships.iter().copied().collect::<Vec<_>>(),
        [Relationship::AssertionMethod]
    );
    // Without the controller document it cannot be authorized: the fetch error says so.
    let fetcher = MemoryFetcher::new().with_json("https://example.edu/keys/1", &method_doc);
    assert!(matches!(
        Resolver::with_fetcher(fetcher).resolve("https://example.edu/keys/1"),
        Err(ResolveError::Fetch(FetchError::NotFound { .. }))
    ));
}

#[test]
fn static_and_fragment_resolvers() {
    let ed = key(3, KeyType::Ed25519);
    let method = VerificationMethod::new("urn:key:1", "urn:issuer", "Multikey", ed.clone())
        .with_relationships([Relationship::AssertionMethod]);
    let resolver = StaticResolver::new().with(method.clone());
    assert_eq!(resolver.resolve("urn:key:1").unwrap(), method);
    assert!(matches!(
        resolver.resolve("urn:key:2"),
        Err(ResolveError::NotFound { document: None, .. })
    ));

    let id = format!(
        "https://example.edu/issuers/565049#{}",
        ed.to_multibase().unwrap()
    );
    let method = FragmentKeyResolver.resolve(&id).unwrap();
    assert_eq!(method.public_key, ed);
    assert_eq!(method.controller, "https://example.edu/issuers/565049");
    assert!(matches!(
        FragmentKeyResolver.resolve("https://example.edu/issuers/565049"),
        Err(ResolveError::InvalidId { .. })
    ));
    assert!(matches!(
        FragmentKeyResolver.resolve("https://example.edu/issuers/565049#key-1"),
        Err(ResolveError::Key { .. })
    ));
}

#[cfg(feature = "http")]
mod http {
    use std::collections::BTreeMap;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::thread;

    use openbadges::crypto::KeyType;
    use openbadges::fetch::{FetchError, Fetcher, HttpFetcher};
    use openbadges::resolve::{KeyResolver, Relationship, ResolveError, Resolver};
    use serde_json::json;

    type Routes = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

    /// Starts a plain-HTTP server on 127.0.0.1 serving `routes` (path → body, 404 otherwise);
    /// returns its base URL. The thread ends with the test process.
    fn serve(routes: Routes) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Ok(clone) = stream.try_clone() else {
                    continue;
                };
                let mut reader = BufReader::new(clone);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) <= 2 {
                        break;
                    }
                }
                let path = request_line.split(' ').nth(1).unwrap_or("/").to_owned();
                let body = routes.lock().unwrap().get(&path).cloned();
                let response = match body {
                    Some(body) => {
                        let mut r = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/did+json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        r.extend_from_slice(&body);
                        r
                    }
                    None => {
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&response);
            }
        });
        base
    }

    #[test]
    fn http_fetcher_against_a_loopback_server() {
        let ed = super::key(9, KeyType::Ed25519);
        let routes: Routes = Arc::default();
        let base = serve(routes.clone());
        let doc = json!({
            "id": format!("{base}/issuer"),
            "verificationMethod": [{
                "id": "#key-1", "type": "Multikey", "controller": format!("{base}/issuer"),
                "publicKeyMultibase": ed.to_multibase().unwrap()
            }],
            "assertionMethod": ["#key-1"]
        });
        {
            let mut routes = routes.lock().unwrap();
            routes.insert("/issuer".to_owned(), doc.to_string().into_bytes());
            routes.insert("/big".to_owned(), vec![b' '; 4096]);
        }

        let fetcher = HttpFetcher::new().allow_loopback_http(true).max_bytes(1024);
        let fetched = fetcher.fetch(&format!("{base}/issuer")).unwrap();
        assert_eq!(fetched.media_type.as_deref(), Some("application/did+json"));
        assert_eq!(fetched.bytes, doc.to_string().into_bytes());
        assert!(matches!(
            fetcher.fetch(&format!("{base}/missing")),
            Err(FetchError::NotFound { .. })
        ));
        assert!(matches!(
            fetcher.fetch(&format!("{base}/big")),
            Err(FetchError::TooLarge { limit: 1024, .. })
        ));
        // Plain http is refused by default, and to non-loopback hosts even when allowed.
        assert!(matches!(
            HttpFetcher::new().fetch(&format!("{base}/issuer")),
            Err(FetchError::Refused { .. })
        ));
        assert!(matches!(
            fetcher.fetch("http://example.com/issuer"),
            Err(FetchError::Refused { .. })
        ));

        let method = Resolver::with_fetcher(fetcher)
            .resolve(&format!("{base}/issuer#key-1"))
            .unwrap();
        assert_eq!(method.public_key, ed);
        assert!(method.is_authorized_for(Relationship::AssertionMethod));
        assert!(matches!(
            Resolver::with_fetcher(HttpFetcher::new()).resolve(&format!("{base}/issuer#key-1")),
            Err(ResolveError::Fetch(FetchError::Refused { .. }))
        ));
    }
}

/// Counts the fetches of a wrapped fetcher.
struct Counting {
    inner: MemoryFetcher,
    count: std::sync::atomic::AtomicUsize,
}

impl Fetcher for Counting {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        self.count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.fetch(url)
    }
}

#[test]
fn caching_resolver_fetches_once() {
    let (doc, assertion, _) = did_web_document();
    let fetcher = Counting {
        inner: MemoryFetcher::new().with_json("https://issuer.example/.well-known/did.json", &doc),
        count: Default::default(),
    };
    let resolver = CachingResolver::new(Resolver::with_fetcher(&fetcher), 2);
    for _ in 0..5 {
        let method = resolver.resolve("did:web:issuer.example#key-1").unwrap();
        assert_eq!(method.public_key, assertion);
    }
    assert_eq!(fetcher.count.load(std::sync::atomic::Ordering::SeqCst), 1);
    // Failures are not cached; a full cache starts over.
    assert!(resolver.resolve("did:web:issuer.example#key-9").is_err());
    assert!(resolver.resolve("did:web:issuer.example#key-9").is_err());
    assert_eq!(fetcher.count.load(std::sync::atomic::Ordering::SeqCst), 3);
    resolver.resolve("did:web:issuer.example#key-2").unwrap();
    assert_eq!(resolver.len(), 2);
    resolver.resolve("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").unwrap();
    assert_eq!(resolver.len(), 1);
    resolver.clear();
    assert!(resolver.is_empty());
}

#[test]
fn did_key_p521_resolves_and_repeats_from_the_cache() {
    let mut seed = [5u8; 66];
    seed[0] = 0;
    let public = SecretKey::from_seed(KeyType::P521, &seed)
        .unwrap()
        .public_key();
    let id = public.did_key_method_id().unwrap();
    let resolver = Resolver::offline();
    let first = resolver.resolve(&id).unwrap();
    assert_eq!(first.public_key, public);
    assert_eq!(first.controller, public.did_key().unwrap());
    assert!(first.is_authorized_for(Relationship::AssertionMethod));
    // Decoded once per process; later resolutions give the same method.
    for _ in 0..3 {
        assert_eq!(resolver.resolve(&id).unwrap(), first);
    }
    // A failure is not remembered as a success.
    let bad = format!("{}x", public.to_multibase().unwrap());
    for _ in 0..2 {
        assert!(matches!(
            resolver.resolve(&format!("did:key:{bad}#{bad}")),
            Err(ResolveError::Key { .. })
        ));
    }
}

#[test]
fn multikey_methods_take_rsa_public_keys() {
    // The RSA key of the interop harness, as an rsa-pub Multikey (PKCS#1 DER).
    let path = crate::support::root().join("fixtures/interop/keys/issuer-rsa.json");
    let file: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let jwk = file["publicJwk"].clone();
    let rsa = PublicKey::from_jwk(&jwk).unwrap();
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    let e = URL_SAFE_NO_PAD.decode(jwk["e"].as_str().unwrap()).unwrap();
    let integer = |m: &[u8]| {
        let mut body = if m[0] & 0x80 != 0 { vec![0] } else { vec![] };
        body.extend_from_slice(m);
        let mut out = vec![0x02];
        push_length(body.len(), &mut out);
        out.extend(body);
        out
    };
    fn push_length(len: usize, out: &mut Vec<u8>) {
        if len < 0x80 {
            out.push(len as u8);
        } else if len < 0x100 {
            out.extend([0x81, len as u8]);
        } else {
            out.extend([0x82, (len >> 8) as u8, len as u8]);
        }
    }
    let body = [integer(&n), integer(&e)].concat();
    let mut der = vec![0x30];
    push_length(body.len(), &mut der);
    der.extend(body);
    let multibase = openbadges::crypto::multibase::encode(
        openbadges::crypto::multibase::Base::Base58Btc,
        &openbadges::crypto::multicodec::join(openbadges::crypto::multicodec::RSA_PUB, &der),
    );
    let method = VerificationMethod::from_json(
        &json!({
            "id": "#key-rsa",
            "type": "Multikey",
            "controller": "https://example.edu/issuer",
            "publicKeyMultibase": multibase,
        }),
        "https://example.edu/issuer",
        "https://example.edu/issuer",
        &openbadges::report::JsonPath::root(),
    )
    .unwrap();
    assert_eq!(method.id, "https://example.edu/issuer#key-rsa");
    assert_eq!(method.public_key, rsa);
    // And as a did:key, which resolves offline.
    let did = format!("did:key:{multibase}#{multibase}");
    assert_eq!(Resolver::offline().resolve(&did).unwrap().public_key, rsa);
}

#[test]
fn every_key_resolver_is_an_async_key_resolver() {
    use openbadges::resolve::AsyncKeyResolver;
    let mb = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    let id = format!("did:key:{mb}#{mb}");
    let resolver = Resolver::offline();
    let sync = KeyResolver::resolve(&resolver, &id).unwrap();
    let asynchronous =
        futures::executor::block_on(AsyncKeyResolver::resolve(&resolver, &id)).unwrap();
    assert_eq!(sync, asynchronous);
    let cached = CachingResolver::new(Resolver::offline(), 4);
    let boxed: Box<dyn KeyResolver> = Box::new(StaticResolver::new());
    assert!(futures::executor::block_on(AsyncKeyResolver::resolve(&boxed, &id)).is_err());
    assert_eq!(
        futures::executor::block_on(AsyncKeyResolver::resolve(&cached, &id)).unwrap(),
        sync
    );
}
