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
