//! `did:web`: the DID names an HTTPS URL serving its DID document.

use super::ResolveError;

/// The URL of the DID document of a `did:web` DID (no fragment, no query).
///
/// `did:web:example.com` → `https://example.com/.well-known/did.json`;
/// `did:web:example.com%3A8443:users:alice` → `https://example.com:8443/users/alice/did.json`.
///
/// ```
/// use openbadges::resolve::did_web_url;
///
/// assert_eq!(did_web_url("did:web:example.com").unwrap(), "https://example.com/.well-known/did.json");
/// assert_eq!(
///     did_web_url("did:web:w3c-ccg.github.io:user:alice").unwrap(),
///     "https://w3c-ccg.github.io/user/alice/did.json"
/// );
/// assert!(did_web_url("did:web:example.com:..:x").is_err());
/// ```
///
/// # Errors
/// [`ResolveError::InvalidId`] for a DID that is not `did:web`, has an empty or unsafe
/// segment, or a host with characters outside a DNS name (and port).
pub fn did_web_url(did: &str) -> Result<String, ResolveError> {
    let invalid = |reason| ResolveError::InvalidId {
        id: did.to_owned(),
        reason,
    };
    let rest = did
        .strip_prefix("did:web:")
        .ok_or_else(|| invalid("not a did:web DID"))?;
    if rest.contains(['#', '?', '/']) {
        return Err(invalid("did:web DID with a path, query or fragment"));
    }
    let mut segments = rest.split(':');
    let host = segments.next().unwrap_or_default();
    let host = host.replace("%3A", ":").replace("%3a", ":");
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host.as_str(), None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !name_ok {
        return Err(invalid("did:web host is not a DNS name"));
    }
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid("did:web port is not a number"));
    }
    let path: Vec<&str> = segments.collect();
    for segment in &path {
        let safe = !segment.is_empty()
            && *segment != "."
            && *segment != ".."
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b));
        if !safe {
            return Err(invalid("did:web path segment is empty or unsafe"));
        }
    }
    Ok(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}
