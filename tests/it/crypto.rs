//! Integration tests: crypto (keys, encodings, signatures, signers).

use std::fs;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openbadges::crypto::multibase::{self, Base, MultibaseError};
use openbadges::crypto::{
    Algorithm, AsyncSigner, KeyError, KeyKind, KeyType, PublicKey, SecretKey, SignatureError,
    Signer,
};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::data;

fn read_json(relative: &str) -> Value {
    let path = data().join(relative);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn read_text(relative: &str) -> String {
    fs::read_to_string(data().join(relative))
        .unwrap()
        .trim()
        .to_owned()
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap()
}

// ---- W3C vectors ------------------------------------------------------------------------

#[test]
fn w3c_eddsa_key_pair_and_signature_vector() {
    let pair = read_json("vectors/vc-di-eddsa/TestVectors/keyPair.json");
    let public = PublicKey::from_multibase(str_of(&pair, "publicKeyMultibase")).unwrap();
    let secret = SecretKey::from_multibase(str_of(&pair, "privateKeyMultibase")).unwrap();
    assert_eq!(secret.key_type(), KeyType::Ed25519);
    assert_eq!(secret.public_key(), public);
    assert_eq!(
        public.to_multibase().unwrap(),
        str_of(&pair, "publicKeyMultibase")
    );
    assert_eq!(
        secret.to_multibase().as_str(),
        str_of(&pair, "privateKeyMultibase")
    );

    // eddsa-jcs-2022: the signature over the combined hash (Ed25519 is deterministic).
    let dir = "vectors/vc-di-eddsa/TestVectors/eddsa-jcs-2022";
    let hash = hex(&read_text(&format!("{dir}/combinedHashJCS.txt")));
    let expected = hex(&read_text(&format!("{dir}/sigHexJCS.txt")));
    assert_eq!(secret.sign(&hash).unwrap(), expected);
    public.verify(Algorithm::EdDsa, &hash, &expected).unwrap();
    let b58 = read_text(&format!("{dir}/sigBTC58JCS.txt"));
    assert_eq!(multibase::encode(Base::Base58Btc, &expected), b58);
}

#[test]
fn w3c_ecdsa_key_pairs_and_signature_vectors() {
    for (file, dir, suffix, key_type, alg) in [
        (
            "p256KeyPair.json",
            "ecdsa-jcs-2019-p256",
            "P256",
            KeyType::P256,
            Algorithm::Es256,
        ),
        (
            "p384KeyPair.json",
            "ecdsa-jcs-2019-p384",
            "P384",
            KeyType::P384,
            Algorithm::Es384,
        ),
    ] {
        let base = "vectors/vc-di-ecdsa/TestVectors";
        let pair = read_json(&format!("{base}/{file}"));
        let public = PublicKey::from_multibase(str_of(&pair, "publicKeyMultibase")).unwrap();
        let secret = SecretKey::from_multibase(str_of(&pair, "secretKeyMultibase")).unwrap();
        assert_eq!(public.key_type(), key_type);
        assert_eq!(secret.public_key(), public);
        assert_eq!(
            public.to_multibase().unwrap(),
            str_of(&pair, "publicKeyMultibase")
        );
        assert_eq!(
            secret.to_multibase().as_str(),
            str_of(&pair, "secretKeyMultibase")
        );

        let hash = hex(&read_text(&format!(
            "{base}/{dir}/combinedHashJCSECDSA{suffix}.txt"
        )));
        let signature = hex(&read_text(&format!(
            "{base}/{dir}/sigHexJCSECDSA{suffix}.txt"
        )));
        public.verify(alg, &hash, &signature).unwrap();
        // Our own signatures verify too, and are low-S and deterministic.
        let ours = secret.sign(&hash).unwrap();
        assert_eq!(ours, secret.sign(&hash).unwrap());
        public.verify(alg, &hash, &ours).unwrap();
        // A tampered message does not verify.
        let mut tampered = hash.clone();
        tampered[0] ^= 1;
        assert_eq!(
            public.verify(alg, &tampered, &signature),
            Err(SignatureError::Invalid { algorithm: alg })
        );
    }
}

#[test]
fn w3c_proof_set_key_pairs() {
    let pairs = read_json("vectors/vc-di-eddsa/TestVectors/proof-set-chain/multiKeyPairs.json");
    for (name, pair) in pairs.as_object().unwrap() {
        let public = PublicKey::from_multibase(str_of(pair, "publicKeyMultibase")).unwrap();
        let secret = SecretKey::from_multibase(str_of(pair, "privateKeyMultibase")).unwrap();
        assert_eq!(secret.public_key(), public, "{name}");
    }
}

#[test]
fn bench_keys_from_seed_match_did_key_and_jwks() {
    let keys = read_json("bench/keys.json");
    let mut checked = 0;
    for (name, entry) in keys.as_object().unwrap() {
        let Some(seed) = entry.get("seedHex").and_then(Value::as_str) else {
            continue;
        };
        let key_type = match str_of(entry, "keyType") {
            "Ed25519" => KeyType::Ed25519,
            "P-256" => KeyType::P256,
            other => panic!("{name}: key type {other}"),
        };
        let secret = SecretKey::from_seed(key_type, &hex(seed)).unwrap();
        let public = secret.public_key();
        assert_eq!(
            public.to_multibase().unwrap(),
            str_of(entry, "publicKeyMultibase"),
            "{name}"
        );
        assert_eq!(public.did_key().unwrap(), str_of(entry, "did"), "{name}");
        assert_eq!(
            public.did_key_method_id().unwrap(),
            str_of(entry, "verificationMethod")
        );
        assert_eq!(public.to_jwk(), entry["publicJwk"], "{name}");
        assert_eq!(secret.to_jwk(), entry["privateJwk"], "{name}");
        assert_eq!(PublicKey::from_jwk(&entry["publicJwk"]).unwrap(), public);
        let from_jwk = SecretKey::from_jwk(&entry["privateJwk"]).unwrap();
        assert_eq!(from_jwk.public_key(), public);
        assert_eq!(
            PublicKey::from_jwk(&entry["privateJwk"]),
            Err(KeyError::JwkPrivateMember { member: "d" })
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn vc_jose_cose_verification_method_keys() {
    for (file, kt) in [
        ("vm-ed25519.json", KeyType::Ed25519),
        ("vm-did-ed25519.json", KeyType::Ed25519),
        ("vm-p256.json", KeyType::P256),
        ("vm-p384.json", KeyType::P384),
        ("vm-p521.json", KeyType::P521),
    ] {
        let vm = read_json(&format!("vectors/vc-jose-cose-test-suite/input/{file}"));
        let public = PublicKey::from_jwk(&vm["publicKeyJwk"]).unwrap();
        assert_eq!(public.key_type(), kt, "{file}");
        let secret = SecretKey::from_jwk(&vm["secretKeyJwk"]).unwrap();
        assert_eq!(secret.public_key(), public, "{file}");
        let signature = secret.sign(b"message").unwrap();
        public
            .verify(kt.default_algorithm(), b"message", &signature)
            .unwrap();
        // The JWK round-trips, and so does the Multikey form.
        assert_eq!(PublicKey::from_jwk(&public.to_jwk()).unwrap(), public);
        let multibase = public.to_multibase().unwrap();
        assert_eq!(PublicKey::from_multibase(&multibase).unwrap(), public);
    }
}

/// A 2048-bit RSA public JWK and RS256 / PS256 signatures of [`RSA_MESSAGE`], made once with
/// Node's built-in `crypto` module (test data, no secret kept).
const RSA_JWK: &str = r#"{"kty": "RSA", "n": "n6wpgIZJvf_GTRbmITB7gCtGlWmNyHf5b9Z84hKDYgA8UtA-eMeAycbq5zXt1nC4Ug7ABteUE-ARcPzJfpQHn5M158khkX9LZffxdKhZabQX-lwrUG99An00BbTNeYhZ5YPZjV8HDn1y3W0VBoiMxILKczc7zw4nvLTrcO0T9qyQBYOLe23_i8GNSS2Z8LkexDQBeCRePXFe3x8tMDMsEQkeimiVDEHdG_fTv3ekhEDk3PosSOInHJTtMM-Ttsb6qjw0s3IirdsvX2uWLNsuHiFs9eEpsDqIseK0VrLAIm0nsZlEDD21vQewVwLDUBBBVktQojzx3dolcSUlxeOd0w", "e": "AQAB"}"#;
const RSA_MESSAGE: &[u8] = b"openbadges RSA test message";
const RSA_RS256: &str = "LmT4Fdh9pmiChLZ7HZAtU7dDpum4rs5CBEWtkFnmYQ4TKL5hkX06vfR8aunDahvEQPLwf6UuQq5B8qiXVc87gMG_vEyrd7wjfSjQwZdeNAQZJG8p4khz9UC8RFCQay0uHXMcwUfytTlsowaNJbDsa738qf5x1v2m0GbRiddlTZMXX15gXj3I-nzJNQNjI_9BwMimr5FEEh2MxHm8Fi9pgCdEIrqs7RKw1bWC7-kXqsoDPaZ2vukw3tnxhx1UTvRVCgvfI-gLqvd3olvcUJvHsPHew0hO2iS38BM6TGfkZf400LVIaCgVvXE1fa-xyEjR0Vw_wOX1C4qDED3wZTL6mQ";
const RSA_PS256: &str = "KC912p4-C4dMTeoBlh5GJ45-9OTrXhxki2VsdG01QtyF5R8hKPCyfo19WSvegiBqQ_ijm8AWDpEh8HPTSKssqcpSQFXVo7Fj9m3_CYLTmCuRUB1gTBy1qPZAwMEaWTaR1oy77SFn6owHLSew-C0uIU3FO8NthfPKbgIKGTDoz6Ts3ejZx48FDD0t7A8GW5s7J-H_ot7dCtNoyDrV6QQW-987gZvo2pbvZHKlxl07di6kXO7Gq5jXp9IScvHJJJ8t_PNFhxWrrZh-FJ0Ly-qOkWiaXIhQ1buRxY4DCe5FQ8PF9yzA82coWsdf5tpHpl4qPhzBcwOL7rp5KByss3DajA";
/// A 1024-bit RSA public JWK (too small to accept).
const RSA_1024_JWK: &str = r#"{"kty": "RSA", "n": "0gwBTNGIX4djCbOexoTELkEfLYyQyPqhBP2EJc3RZtJGoT86gPgWhSeL3GAkchH2pHC1tWP_NlDFEyQkbs9J076EemzIw7Pk6Y-KqlAbjGr1YVGc5HkWq00ED_rdPELx0eICOc5qOe29TN5HcnaqLduzuqQ35e5xMLoBp1TAezU", "e": "AQAB"}"#;

#[test]
fn rsa_rs256_and_ps256_verify() {
    let jwk: Value = serde_json::from_str(RSA_JWK).unwrap();
    let key = PublicKey::from_jwk(&jwk).unwrap();
    assert_eq!(key.key_type(), KeyType::Rsa);
    assert_eq!(key.to_multibase(), None);
    assert_eq!(PublicKey::from_jwk(&key.to_jwk()).unwrap(), key);
    let rs = URL_SAFE_NO_PAD.decode(RSA_RS256).unwrap();
    let ps = URL_SAFE_NO_PAD.decode(RSA_PS256).unwrap();
    key.verify(Algorithm::Rs256, RSA_MESSAGE, &rs).unwrap();
    key.verify(Algorithm::Ps256, RSA_MESSAGE, &ps).unwrap();
    // Each padding only verifies its own signatures.
    assert!(key.verify(Algorithm::Rs256, RSA_MESSAGE, &ps).is_err());
    assert!(key.verify(Algorithm::Ps256, RSA_MESSAGE, &rs).is_err());
    assert!(
        key.verify(Algorithm::Rs256, b"another message", &rs)
            .is_err()
    );
    assert_eq!(
        key.verify(Algorithm::Rs256, RSA_MESSAGE, &rs[1..]),
        Err(SignatureError::Length {
            algorithm: Algorithm::Rs256,
            expected: 256,
            actual: 255
        })
    );
    assert_eq!(
        key.verify(Algorithm::EdDsa, RSA_MESSAGE, &rs),
        Err(SignatureError::KeyMismatch {
            algorithm: Algorithm::EdDsa,
            key_type: KeyType::Rsa
        })
    );
    let small: Value = serde_json::from_str(RSA_1024_JWK).unwrap();
    assert!(matches!(
        PublicKey::from_jwk(&small),
        Err(KeyError::RsaSize {
            bits: 1024,
            min: 2048,
            ..
        })
    ));
    assert!(SecretKey::generate(KeyType::Rsa).is_err());
}

// ---- negative cases ---------------------------------------------------------------------

fn ed25519_public() -> PublicKey {
    PublicKey::from_multibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").unwrap()
}

#[test]
fn multibase_errors_name_the_problem() {
    assert_eq!(
        PublicKey::from_multibase(""),
        Err(KeyError::Multibase(MultibaseError::Empty))
    );
    assert_eq!(
        PublicKey::from_multibase("f00ed"),
        Err(KeyError::Multibase(MultibaseError::UnsupportedBase {
            prefix: 'f'
        }))
    );
    assert_eq!(
        PublicKey::from_multibase("uAAAA"),
        Err(KeyError::Multibase(MultibaseError::WrongBase {
            expected: 'z',
            found: 'u'
        }))
    );
    assert!(matches!(
        PublicKey::from_multibase("z6Mk0OIl"),
        Err(KeyError::Multibase(MultibaseError::InvalidCharacter {
            base: "base58btc",
            offset: 3
        }))
    ));
    let long = format!("z{}", "1".repeat(10_000));
    assert!(matches!(
        PublicKey::from_multibase(&long),
        Err(KeyError::Multibase(MultibaseError::TooLong { .. }))
    ));
}

fn multikey(code_header: &[u8], body: &[u8]) -> String {
    let mut bytes = code_header.to_vec();
    bytes.extend_from_slice(body);
    multibase::encode(Base::Base58Btc, &bytes)
}

#[test]
fn bad_multicodec_headers_and_lengths() {
    // secp256k1-pub: known, unsupported.
    assert_eq!(
        PublicKey::from_multibase(&multikey(&[0xe7, 0x01], &[2; 33])),
        Err(KeyError::UnsupportedCodec {
            code: 0xe7,
            name: Some("secp256k1-pub")
        })
    );
    assert_eq!(
        PublicKey::from_multibase(&multikey(&[0x99, 0x01], &[2; 33])),
        Err(KeyError::UnsupportedCodec {
            code: 0x99,
            name: None
        })
    );
    // Non-minimal varint.
    assert_eq!(
        PublicKey::from_multibase(&multikey(&[0xed, 0x81, 0x00], &[0; 32])),
        Err(KeyError::MulticodecVarint)
    );
    assert_eq!(
        PublicKey::from_multibase(&multikey(&[0xed, 0x01], &[0; 31])),
        Err(KeyError::Length {
            key_type: KeyType::Ed25519,
            kind: KeyKind::Public,
            expected: 32,
            actual: 31
        })
    );
    // Multikey P-256 keys are compressed: an uncompressed point is refused.
    let secret = SecretKey::from_seed(KeyType::P256, &[5; 32]).unwrap();
    let compressed = secret.public_key().to_bytes().unwrap();
    assert_eq!(compressed.len(), 33);
    let uncompressed = {
        let jwk = secret.public_key().to_jwk();
        let mut p = vec![4];
        p.extend(URL_SAFE_NO_PAD.decode(str_of(&jwk, "x")).unwrap());
        p.extend(URL_SAFE_NO_PAD.decode(str_of(&jwk, "y")).unwrap());
        p
    };
    assert_eq!(
        PublicKey::from_bytes(KeyType::P256, &uncompressed).unwrap(),
        secret.public_key()
    );
    assert_eq!(
        PublicKey::from_multibase(&multikey(&[0x80, 0x24], &uncompressed)),
        Err(KeyError::Length {
            key_type: KeyType::P256,
            kind: KeyKind::Public,
            expected: 33,
            actual: 65
        })
    );
    // Secret keys where public keys are expected, and the reverse.
    let pair = read_json("vectors/vc-di-eddsa/TestVectors/keyPair.json");
    assert_eq!(
        PublicKey::from_multibase(str_of(&pair, "privateKeyMultibase")),
        Err(KeyError::WrongKind {
            expected: KeyKind::Public,
            found: KeyKind::Secret
        })
    );
    assert!(matches!(
        SecretKey::from_multibase(str_of(&pair, "publicKeyMultibase")),
        Err(KeyError::WrongKind {
            expected: KeyKind::Secret,
            found: KeyKind::Public
        })
    ));
}

#[test]
fn points_not_on_the_curve_are_rejected() {
    // x ≥ p is no field element.
    let mut bad = vec![2];
    bad.extend([0xff; 32]);
    assert!(matches!(
        PublicKey::from_multibase(&multikey(&[0x80, 0x24], &bad)),
        Err(KeyError::Invalid {
            key_type: KeyType::P256,
            ..
        })
    ));
    let mut bad384 = vec![3];
    bad384.extend([0xff; 48]);
    assert!(matches!(
        PublicKey::from_bytes(KeyType::P384, &bad384),
        Err(KeyError::Invalid {
            key_type: KeyType::P384,
            ..
        })
    ));
    // A JWK whose y is not the curve point of x.
    let secret = SecretKey::from_seed(KeyType::P256, &[9; 32]).unwrap();
    let mut jwk = secret.public_key().to_jwk();
    jwk["y"] = json!(URL_SAFE_NO_PAD.encode([1u8; 32]));
    assert!(matches!(
        PublicKey::from_jwk(&jwk),
        Err(KeyError::Invalid {
            key_type: KeyType::P256,
            ..
        })
    ));
    // Ed25519 small-order point (the identity) and a non-canonical encoding.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(
        PublicKey::from_bytes(KeyType::Ed25519, &identity),
        Err(KeyError::Invalid {
            key_type: KeyType::Ed25519,
            kind: KeyKind::Public,
            reason: "small-order point"
        })
    );
    let mut non_canonical = [0xff; 32];
    non_canonical[31] = 0x7f;
    non_canonical[0] = 0xee; // y = p + 1 ≥ p
    assert!(PublicKey::from_bytes(KeyType::Ed25519, &non_canonical).is_err());
    // Zero and out-of-range scalars.
    assert!(SecretKey::from_seed(KeyType::P256, &[0; 32]).is_err());
    assert!(SecretKey::from_seed(KeyType::P384, &[0xff; 48]).is_err());
    assert_eq!(
        SecretKey::from_seed(KeyType::P384, &[1; 32]).unwrap_err(),
        KeyError::Length {
            key_type: KeyType::P384,
            kind: KeyKind::Secret,
            expected: 48,
            actual: 32
        }
    );
}

#[test]
fn jwk_errors_name_the_member() {
    assert_eq!(
        PublicKey::from_jwk(&json!("x")),
        Err(KeyError::JwkNotObject)
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"crv": "Ed25519"})),
        Err(KeyError::JwkMissing { member: "kty" })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "oct", "k": "AAAA"})),
        Err(KeyError::JwkPrivateMember { member: "k" })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "oct"})),
        Err(KeyError::JwkUnsupported {
            member: "kty",
            value: "oct".into()
        })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "OKP", "crv": "X25519", "x": "AA"})),
        Err(KeyError::JwkUnsupported {
            member: "crv",
            value: "X25519".into()
        })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "OKP", "crv": "Ed25519"})),
        Err(KeyError::JwkMissing { member: "x" })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "OKP", "crv": "Ed25519", "x": 5})),
        Err(KeyError::JwkInvalid {
            member: "x",
            reason: "not a string"
        })
    );
    let x = str_of(&ed25519_public().to_jwk(), "x").to_owned();
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "OKP", "crv": "Ed25519", "x": format!("{x}=")})),
        Err(KeyError::JwkInvalid {
            member: "x",
            reason: "not unpadded base64url"
        })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "EC", "crv": "P-256", "x": x, "y": x}))
            .map(|k| k.key_type()),
        Err(KeyError::Invalid {
            key_type: KeyType::P256,
            kind: KeyKind::Public,
            reason: "not a point on the curve"
        })
    );
    assert_eq!(
        PublicKey::from_jwk(&json!({"kty": "EC", "crv": "P-384", "x": x, "y": x})),
        Err(KeyError::JwkInvalid {
            member: "x",
            reason: "wrong length for the curve"
        })
    );
    // A private JWK whose public part does not match d.
    let mut private = SecretKey::from_seed(KeyType::Ed25519, &[3; 32])
        .unwrap()
        .to_jwk();
    private["x"] = json!(x);
    assert!(matches!(
        SecretKey::from_jwk(&private),
        Err(KeyError::JwkInvalid { member: "x", .. })
    ));
    assert!(matches!(
        SecretKey::from_jwk(&ed25519_public().to_jwk()),
        Err(KeyError::WrongKind {
            expected: KeyKind::Secret,
            found: KeyKind::Public
        })
    ));
}

#[test]
fn algorithm_must_match_key_type() {
    let key = ed25519_public();
    for alg in [
        Algorithm::Es256,
        Algorithm::Es384,
        Algorithm::Rs256,
        Algorithm::Ps256,
    ] {
        assert_eq!(
            key.verify(alg, b"m", &[0; 64]),
            Err(SignatureError::KeyMismatch {
                algorithm: alg,
                key_type: KeyType::Ed25519
            })
        );
    }
    assert_eq!(
        key.verify(Algorithm::EdDsa, b"m", &[0; 63]),
        Err(SignatureError::Length {
            algorithm: Algorithm::EdDsa,
            expected: 64,
            actual: 63
        })
    );
    let p256 = SecretKey::from_seed(KeyType::P256, &[5; 32]).unwrap();
    assert!(matches!(
        p256.sign_with(Algorithm::EdDsa, b"m"),
        Err(openbadges::crypto::SignError::KeyMismatch { .. })
    ));
    assert_eq!(
        p256.public_key().verify(Algorithm::Es256, b"m", &[0; 64]),
        Err(SignatureError::Invalid {
            algorithm: Algorithm::Es256
        })
    );
    assert_eq!("ES384".parse::<Algorithm>().unwrap(), Algorithm::Es384);
    assert_eq!("Ed25519".parse::<Algorithm>().unwrap(), Algorithm::EdDsa);
    assert!("HS256".parse::<Algorithm>().is_err());
    assert!("es256".parse::<Algorithm>().is_err());
}

#[test]
fn ecdsa_accepts_high_s_and_signs_low_s() {
    // n - s of a valid signature is the other valid signature ("high-S" when s is low).
    let order_p256 = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let secret = SecretKey::from_seed(KeyType::P256, &[11; 32]).unwrap();
    let public = secret.public_key();
    for i in 0..8u8 {
        let message = [i; 40];
        let sig = secret.sign(&message).unwrap();
        let s = &sig[32..];
        // Low-S: s ≤ n/2, i.e. the top bit of s is clear compared with n's (n starts 0xff).
        let mut half = order_p256.clone();
        let mut carry = 0u8;
        for byte in half.iter_mut() {
            let next = *byte & 1;
            *byte = (*byte >> 1) | (carry << 7);
            carry = next;
        }
        assert!(s <= &half[..], "signature {i} is not low-S");
        // n - s
        let mut high = vec![0u8; 32];
        let mut borrow = 0i16;
        for j in (0..32).rev() {
            let v = i16::from(order_p256[j]) - i16::from(s[j]) - borrow;
            borrow = i16::from(v < 0);
            high[j] = (v + 256 * borrow) as u8;
        }
        let mut high_sig = sig[..32].to_vec();
        high_sig.extend(high);
        public
            .verify(Algorithm::Es256, &message, &high_sig)
            .unwrap();
    }
}

#[test]
fn secret_debug_is_redacted() {
    let secret = SecretKey::from_seed(KeyType::Ed25519, &[0xab; 32]).unwrap();
    let debug = format!("{secret:?}");
    assert!(debug.contains("<redacted>"));
    assert!(!debug.contains(secret.to_multibase().as_str()));
    assert!(!debug.to_lowercase().contains("abab"));
    let signer = secret.into_did_key_signer();
    let debug = format!("{signer:?}");
    assert!(debug.contains("<redacted>"));
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn signers_sync_and_async() {
    for key_type in [KeyType::Ed25519, KeyType::P256, KeyType::P384] {
        let secret = SecretKey::generate(key_type).unwrap();
        let public = secret.public_key();
        let signer = secret.into_did_key_signer();
        assert_eq!(Signer::algorithm(&signer), key_type.default_algorithm());
        assert_eq!(Signer::key_id(&signer), public.did_key_method_id().unwrap());
        let sync = Signer::sign(&signer, b"payload").unwrap();
        public
            .verify(key_type.default_algorithm(), b"payload", &sync)
            .unwrap();
        let boxed: Box<dyn Signer + Send + Sync> = Box::new(signer);
        let async_sig = block_on(AsyncSigner::sign(&boxed, b"payload")).unwrap();
        public
            .verify(key_type.default_algorithm(), b"payload", &async_sig)
            .unwrap();
        assert_eq!(
            AsyncSigner::key_id(&boxed),
            public.did_key_method_id().unwrap()
        );
    }
    let named = SecretKey::from_seed(KeyType::Ed25519, &[1; 32])
        .unwrap()
        .into_signer("https://example.edu/issuers/1#key-1");
    assert_eq!(
        Signer::key_id(&named),
        "https://example.edu/issuers/1#key-1"
    );
}

// ---- properties -------------------------------------------------------------------------

fn key_type_strategy() -> impl Strategy<Value = KeyType> {
    prop_oneof![
        Just(KeyType::Ed25519),
        Just(KeyType::P256),
        Just(KeyType::P384)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn key_encodings_round_trip(key_type in key_type_strategy(), seed in proptest::collection::vec(any::<u8>(), 48)) {
        let len = if key_type == KeyType::P384 { 48 } else { 32 };
        let Ok(secret) = SecretKey::from_seed(key_type, &seed[..len]) else {
            // Only a zero or out-of-range scalar fails.
            return Ok(());
        };
        prop_assert!(secret.to_seed().as_slice() == &seed[..len]);
        let again = SecretKey::from_multibase(&secret.to_multibase()).unwrap();
        prop_assert!(again.to_seed().as_slice() == &seed[..len]);
        let again = SecretKey::from_jwk(&secret.to_jwk()).unwrap();
        prop_assert!(again.to_seed().as_slice() == &seed[..len]);
        let public = secret.public_key();
        let text = public.to_multibase().unwrap();
        prop_assert_eq!(&PublicKey::from_multibase(&text).unwrap(), &public);
        prop_assert_eq!(&PublicKey::from_jwk(&public.to_jwk()).unwrap(), &public);
        prop_assert_eq!(&PublicKey::from_bytes(key_type, &public.to_bytes().unwrap()).unwrap(), &public);
        let signature = secret.sign(&seed).unwrap();
        prop_assert!(public.verify(key_type.default_algorithm(), &seed, &signature).is_ok());
    }

    #[test]
    fn multibase_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for base in [Base::Base58Btc, Base::Base64Url] {
            let text = multibase::encode(base, &bytes);
            prop_assert_eq!(multibase::decode(&text, 200).unwrap(), (base, bytes.clone()));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,120}", bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        let _ = PublicKey::from_multibase(&text);
        let _ = SecretKey::from_multibase(&text);
        let _ = PublicKey::from_multibase(&multibase::encode(Base::Base58Btc, &bytes));
        let _ = SecretKey::from_multibase(&multibase::encode(Base::Base58Btc, &bytes));
        for key_type in [KeyType::Ed25519, KeyType::P256, KeyType::P384, KeyType::Rsa] {
            let _ = PublicKey::from_bytes(key_type, &bytes);
            let _ = SecretKey::from_seed(key_type, &bytes);
        }
        let key = ed25519_public();
        prop_assert!(key.verify(Algorithm::EdDsa, &bytes, &bytes).is_err());
    }
}

#[test]
fn ed25519_secret_in_the_64_byte_form() {
    // Digital Bazaar's ed25519-multikey writes `ed25519-priv` as seed || public key.
    let secret = SecretKey::from_seed(KeyType::Ed25519, &[0x42; 32]).unwrap();
    let mut long = vec![0x80, 0x26];
    long.extend_from_slice(&secret.to_seed());
    long.extend_from_slice(&secret.public_key().to_bytes().unwrap());
    let text = multibase::encode(Base::Base58Btc, &long);
    let parsed = SecretKey::from_multibase(&text).unwrap();
    assert_eq!(parsed.public_key(), secret.public_key());
    // The seed form is what we write.
    assert_eq!(parsed.to_multibase().len(), secret.to_multibase().len());
    // A public half that does not belong to the seed is refused.
    let last = long.len() - 1;
    long[last] ^= 1;
    assert!(matches!(
        SecretKey::from_multibase(&multibase::encode(Base::Base58Btc, &long)),
        Err(KeyError::Invalid {
            key_type: KeyType::Ed25519,
            kind: KeyKind::Secret,
            ..
        })
    ));
}

// ---- RSA Multikey (rsa-pub 0x1205, PKCS#1 DER) and P-521 -----------------------------------

/// DER length octets.
fn der_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
}

/// A DER INTEGER of a non-negative big-endian magnitude.
fn der_integer(magnitude: &[u8], out: &mut Vec<u8>) {
    let trimmed: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
    let mut body = Vec::new();
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        body.push(0);
    }
    body.extend(trimmed);
    out.push(0x02);
    der_length(body.len(), out);
    out.extend(body);
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
fn pkcs1_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    der_integer(n, &mut body);
    der_integer(e, &mut body);
    let mut out = vec![0x30];
    der_length(body.len(), &mut out);
    out.extend(body);
    out
}

fn rsa_multikey(der: &[u8]) -> String {
    multibase::encode(
        Base::Base58Btc,
        &openbadges::crypto::multicodec::join(openbadges::crypto::multicodec::RSA_PUB, der),
    )
}

fn jwk_member(jwk: &Value, name: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap()
}

#[test]
fn rsa_multikey_verifies_like_the_jwk() {
    let jwk: Value = serde_json::from_str(RSA_JWK).unwrap();
    let from_jwk = PublicKey::from_jwk(&jwk).unwrap();
    let der = pkcs1_der(&jwk_member(&jwk, "n"), &jwk_member(&jwk, "e"));
    let text = rsa_multikey(&der);
    assert!(text.starts_with('z'));
    let key = PublicKey::from_multibase(&text).unwrap();
    assert_eq!(key.key_type(), KeyType::Rsa);
    assert_eq!(key, from_jwk);
    assert_eq!(PublicKey::from_bytes(KeyType::Rsa, &der).unwrap(), key);
    let rs = URL_SAFE_NO_PAD.decode(RSA_RS256).unwrap();
    let ps = URL_SAFE_NO_PAD.decode(RSA_PS256).unwrap();
    key.verify(Algorithm::Rs256, RSA_MESSAGE, &rs).unwrap();
    key.verify(Algorithm::Ps256, RSA_MESSAGE, &ps).unwrap();
    assert_eq!(
        key.verify(Algorithm::Rs256, b"another message", &rs),
        Err(SignatureError::Invalid {
            algorithm: Algorithm::Rs256
        })
    );
}

#[test]
fn rsa_multikey_errors() {
    let jwk: Value = serde_json::from_str(RSA_JWK).unwrap();
    let der = pkcs1_der(&jwk_member(&jwk, "n"), &jwk_member(&jwk, "e"));
    let invalid = Err(KeyError::Invalid {
        key_type: KeyType::Rsa,
        kind: KeyKind::Public,
        reason: "not the DER of a PKCS#1 RSAPublicKey",
    });
    // Truncated, trailing bytes, not a SEQUENCE, empty.
    assert_eq!(
        PublicKey::from_multibase(&rsa_multikey(&der[..der.len() - 1])),
        invalid
    );
    let mut trailing = der.clone();
    trailing.push(0);
    assert_eq!(PublicKey::from_multibase(&rsa_multikey(&trailing)), invalid);
    let mut not_sequence = der.clone();
    not_sequence[0] = 0x31;
    assert_eq!(
        PublicKey::from_multibase(&rsa_multikey(&not_sequence)),
        invalid
    );
    assert_eq!(PublicKey::from_multibase(&rsa_multikey(&[])), invalid);
    // A 1024-bit modulus is too small.
    let small: Value = serde_json::from_str(RSA_1024_JWK).unwrap();
    let small_der = pkcs1_der(&jwk_member(&small, "n"), &jwk_member(&small, "e"));
    assert!(matches!(
        PublicKey::from_multibase(&rsa_multikey(&small_der)),
        Err(KeyError::RsaSize { bits: 1024, .. })
    ));
    // An rsa-priv header is a secret key where a public one was expected.
    let secret = multibase::encode(
        Base::Base58Btc,
        &openbadges::crypto::multicodec::join(openbadges::crypto::multicodec::RSA_PRIV, &der),
    );
    assert_eq!(
        PublicKey::from_multibase(&secret),
        Err(KeyError::WrongKind {
            expected: KeyKind::Public,
            found: KeyKind::Secret
        })
    );
    // A value longer than any accepted key is refused before decoding.
    let huge = rsa_multikey(&vec![0x30; 2000]);
    assert!(PublicKey::from_multibase(&huge).is_err());
}

#[test]
fn p521_keys_sign_and_verify() {
    // A P-521 scalar is below the group order (about 2^521): the first byte is 0 or 1.
    let mut seed = [3u8; 66];
    seed[0] = 1;
    assert!(SecretKey::from_seed(KeyType::P521, &[3; 66]).is_err());
    let secret = SecretKey::from_seed(KeyType::P521, &seed).unwrap();
    assert_eq!(secret.key_type(), KeyType::P521);
    let public = secret.public_key();
    assert_eq!(public.key_type(), KeyType::P521);
    assert_eq!(KeyType::P521.default_algorithm(), Algorithm::Es512);
    assert_eq!("ES512".parse::<Algorithm>().unwrap(), Algorithm::Es512);
    assert_eq!(Algorithm::Es512.as_str(), "ES512");
    let signature = secret.sign(b"hello").unwrap();
    assert_eq!(signature.len(), 132);
    // Randomized nonces (the backend has no RFC 6979 for P-521): each signature verifies.
    let second = secret.sign(b"hello").unwrap();
    public.verify(Algorithm::Es512, b"hello", &second).unwrap();
    public
        .verify(Algorithm::Es512, b"hello", &signature)
        .unwrap();
    assert_eq!(
        public.verify(Algorithm::Es512, b"hullo", &signature),
        Err(SignatureError::Invalid {
            algorithm: Algorithm::Es512
        })
    );
    assert_eq!(
        public.verify(Algorithm::Es512, b"hello", &signature[..131]),
        Err(SignatureError::Length {
            algorithm: Algorithm::Es512,
            expected: 132,
            actual: 131
        })
    );
    assert_eq!(
        public.verify(Algorithm::Es384, b"hello", &signature),
        Err(SignatureError::KeyMismatch {
            algorithm: Algorithm::Es384,
            key_type: KeyType::P521
        })
    );
    // Multikey (p521-pub, 67-byte compressed point), did:key, JWK and secret forms.
    let text = public.to_multibase().unwrap();
    assert_eq!(PublicKey::from_multibase(&text).unwrap(), public);
    assert_eq!(public.to_bytes().unwrap().len(), 67);
    assert!(public.did_key().unwrap().starts_with("did:key:z"));
    assert_eq!(PublicKey::from_jwk(&public.to_jwk()).unwrap(), public);
    assert_eq!(public.to_jwk()["crv"], "P-521");
    let again = SecretKey::from_multibase(&secret.to_multibase()).unwrap();
    assert_eq!(again.public_key(), public);
    let again = SecretKey::from_jwk(&secret.to_jwk()).unwrap();
    assert_eq!(again.public_key(), public);
    assert_eq!(secret.to_seed().len(), 66);
    let generated = SecretKey::generate(KeyType::P521).unwrap();
    let sig = generated.sign(b"x").unwrap();
    generated
        .public_key()
        .verify(Algorithm::Es512, b"x", &sig)
        .unwrap();
    // Wrong lengths and bad points.
    assert!(matches!(
        SecretKey::from_seed(KeyType::P521, &[3; 48]),
        Err(KeyError::Length { expected: 66, .. })
    ));
    let mut bad = public.to_bytes().unwrap();
    bad[0] = 9;
    assert!(PublicKey::from_bytes(KeyType::P521, &bad).is_err());
    assert!(matches!(
        PublicKey::from_bytes(KeyType::P521, &bad[..40]),
        Err(KeyError::Invalid { .. } | KeyError::Length { .. })
    ));
}
