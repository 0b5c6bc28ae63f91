//! `openbadges serve`: a real process on loopback, an independent Python OAuth client
//! against it, and a graceful SIGTERM that loses no request in flight.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::support::root;

struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(users: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("api.sqlite").display());
    let mut command = Command::new(env!("CARGO_BIN_EXE_openbadges"));
    command.args(["serve", "--listen", "127.0.0.1:0", "--db", &db]);
    for user in users {
        command.args(["--user", user]);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openbadges serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .strip_prefix("listening on ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    Server {
        child,
        base,
        _dir: dir,
    }
}

/// The Python script completes registration → authorization → token → pull/push →
/// refresh → revocation using only the documented contract and the standard library.
#[test]
fn an_independent_python_client_completes_the_flow() {
    let Some(python) = std::env::var_os("OB_TEST_PYTHON") else {
        eprintln!(
            "SKIPPED an_independent_python_client_completes_the_flow: OB_TEST_PYTHON is not \
             set (.ci/run sets it to python3)"
        );
        return;
    };
    let server = start(&["learner:s3cret-pass"]);
    let script = root().join("cli/tests/python/oauth_client.py");
    let credential = root().join("fixtures/interop/credentials/ob-minimal-eddsa-rdfc-2022.json");
    let output = Command::new(python)
        .arg(&script)
        .args([&server.base, "learner", "s3cret-pass"])
        .arg(&credential)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(seen["total_before"], 0);
    assert_eq!(seen["push_status"], 201);
    assert_eq!(seen["total_after"], 1);
    let sent: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&credential).unwrap()).unwrap();
    assert_eq!(seen["first_id"], sent["id"]);
    assert!(seen["link"].as_str().unwrap().contains("rel=\"first\""));
    assert_eq!(seen["after_revoke"], 401);
}

/// SIGTERM while a request is half sent: the request still completes, then the process
/// exits 0.
#[cfg(unix)]
#[test]
fn sigterm_finishes_the_request_in_flight() {
    let mut server = start(&[]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = br#"{"client_name": "x"}"#;
    write!(
        stream,
        "POST /oauth/register HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..5]).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(&body[5..]).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    // The registration is refused (fields are missing), but it was answered in full.
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    assert!(response.contains("invalid_client_metadata"), "{response}");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut logs = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(logs.contains("shutting down"), "{logs}");
    assert!(logs.contains("status=400"), "{logs}");
}

/// Bad options are usage errors (exit 2).
#[test]
fn bad_options_are_usage_errors() {
    for args in [
        vec!["serve", "--db", "mysql://x"],
        vec!["serve", "--listen", "127.0.0.1:0", "--user", "no-password"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_openbadges"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// A minimal browser: one HTTP/1.1 request over a fresh connection; returns the status
/// line, the `Location` header and the body.
fn browse(method: &str, url: &str, form: Option<&str>) -> (String, Option<String>, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    let mut stream = TcpStream::connect(authority).unwrap();
    let body = form.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: \
         application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.lines().next().unwrap_or_default().to_owned();
    let location = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .map(str::to_owned);
    (status, location, body.to_owned())
}

/// `openbadges api login` (the browser step done here), `push`, `pull`, `profile`.
#[test]
fn api_login_push_pull_profile() {
    let server = start(&["learner:s3cret-pass"]);
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("session.json");
    let session_arg = session.to_str().unwrap();
    let mut login = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args([
            "api",
            "--session",
            session_arg,
            "login",
            &server.base,
            "--timeout",
            "60",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(login.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.starts_with("Open this URL"), "{line}");
    line.clear();
    stdout.read_line(&mut line).unwrap();
    let url = line.trim().to_owned();
    let query = url.split_once('?').unwrap().1;
    let (status, location, body) = browse(
        "POST",
        &format!("{}/oauth/authorize", server.base),
        Some(&format!(
            "{query}&username=learner&password=s3cret-pass&consent=allow"
        )),
    );
    assert!(status.contains("302"), "{status} {body}");
    let (status, _, _) = browse("GET", &location.unwrap(), None);
    assert!(status.contains("200"), "{status}");
    assert!(login.wait().unwrap().success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&session).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the session file is private");
    }

    let api = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_openbadges"))
            .args(["api", "--session", session_arg])
            .args(args)
            .output()
            .unwrap()
    };
    let credentials = root().join("fixtures/interop/credentials");
    let json = credentials.join("ob-minimal-eddsa-rdfc-2022.json");
    let jwt = credentials.join("ob-minimal-vc-jwt-EdDSA.jwt");
    let tampered = credentials.join("ob-neg-tampered-field-eddsa-rdfc-2022.json");
    let output = api(&["push", json.to_str().unwrap(), jwt.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.matches("created").count(), 2, "{text}");
    let output = api(&["push", tampered.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("proof."));

    let output = api(&["pull", "--limit", "1"]);
    assert!(output.status.success(), "{output:?}");
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let sent: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(
        lines
            .iter()
            .any(|l| serde_json::from_str::<serde_json::Value>(l).ok() == Some(sent.clone()))
    );
    let jws = std::fs::read_to_string(&jwt).unwrap();
    assert!(lines.iter().any(|l| l == jws.trim()));

    assert_eq!(api(&["profile"]).status.code(), Some(1));
    let profile = dir.path().join("profile.json");
    std::fs::write(
        &profile,
        r#"{"type": "Profile", "id": "https://1edtech.org/issuers/cert", "name": "Cert"}"#,
    )
    .unwrap();
    assert!(
        api(&["profile", "--set", profile.to_str().unwrap()])
            .status
            .success()
    );
    let output = api(&["profile"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("https://1edtech.org/issuers/cert"));
}
