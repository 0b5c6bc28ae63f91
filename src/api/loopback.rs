//! The loopback redirect listener of a native app (RFC 8252 §7.3).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use super::ClientError;

/// Listens on `127.0.0.1:PORT` for the one authorization redirect.
#[derive(Debug)]
pub struct LoopbackRedirect {
    listener: TcpListener,
    redirect_uri: String,
}

impl LoopbackRedirect {
    /// Binds a free port on 127.0.0.1.
    ///
    /// # Errors
    /// [`ClientError::Io`] if no port can be bound.
    pub fn bind() -> Result<Self, ClientError> {
        let listener =
            TcpListener::bind("127.0.0.1:0").map_err(|e| ClientError::Io(e.to_string()))?;
        let port = listener
            .local_addr()
            .map_err(|e| ClientError::Io(e.to_string()))?
            .port();
        Ok(LoopbackRedirect {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// The redirect URI to register (`http://127.0.0.1:PORT/callback`).
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits (at most `timeout`) for the browser's redirect and returns its query
    /// parameters; answers the browser with a short page. Requests for other paths (a
    /// favicon) are answered 404 and waited past.
    ///
    /// # Errors
    /// [`ClientError::Io`] on a socket error or when the time runs out.
    pub fn wait(&self, timeout: Duration) -> Result<Vec<(String, String)>, ClientError> {
        let deadline = Instant::now() + timeout;
        self.listener
            .set_nonblocking(true)
            .map_err(|e| ClientError::Io(e.to_string()))?;
        loop {
            if Instant::now() > deadline {
                return Err(ClientError::Io(
                    "no authorization redirect arrived in time".into(),
                ));
            }
            let (mut stream, _) = match self.listener.accept() {
                Ok(pair) => pair,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                Err(e) => return Err(ClientError::Io(e.to_string())),
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut line = String::new();
            let mut reader = BufReader::new(std::io::Read::take(&stream, 8192));
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let target = line
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
            if path != "/callback" {
                let _ = stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue;
            }
            let page = "<!DOCTYPE html><title>Signed in</title><p>You can close this window.</p>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            return serde_urlencoded::from_str(query)
                .map_err(|e| ClientError::Io(format!("the redirect query is malformed: {e}")));
        }
    }
}
