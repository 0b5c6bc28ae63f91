//! `openbadges serve`: the OB 3.0 / CLR 2.0 REST API provider with its OAuth 2.0
//! authorization server, over an embedded SQLite file or PostgreSQL. Plain HTTP: put TLS
//! in a reverse proxy in front and pass its public URL as `--issuer-url`.

use std::net::SocketAddr;
use std::time::Instant;

use clap::Args as ClapArgs;
use openbadges::server::store::Store;
use openbadges::server::{Provider, ServerConfig};

use crate::{EXIT_ERROR, EXIT_VALID};

/// Options of `openbadges serve`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The store: `sqlite:PATH` (an embedded file, created if missing) or
    /// `postgres://user:password@host:port/database`.
    #[arg(long, default_value = "sqlite:openbadges.sqlite")]
    db: String,
    /// The public base URL (what discovery and paging links publish), e.g. the reverse
    /// proxy's `https://badges.example.org`. Default: `http://` + the listen address.
    #[arg(long)]
    issuer_url: Option<String>,
    /// A learner account `NAME:PASSWORD` of the built-in login (repeatable; the password is
    /// stored argon2-hashed).
    #[arg(long = "user", value_name = "NAME:PASSWORD")]
    users: Vec<String>,
    /// The service name shown on the consent page and in discovery.
    #[arg(long, default_value = "Open Badges API")]
    name: String,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    body_limit: usize,
    /// Log at debug level (default: info).
    #[arg(long, short)]
    verbose: bool,
}

/// Runs the server until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub fn run(args: Args) -> u8 {
    let level = if args.verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return EXIT_ERROR;
        }
    };
    match runtime.block_on(start(args)) {
        Ok(()) => EXIT_VALID,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

async fn start(args: Args) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("--listen {}: {e}", args.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = ServerConfig::new(
        args.issuer_url
            .clone()
            .unwrap_or_else(|| format!("http://{local}")),
    );
    config.name = args.name.clone();
    config.body_limit = args.body_limit;
    let mut users = Vec::new();
    for user in &args.users {
        let (name, password) = user
            .split_once(':')
            .filter(|(n, p)| !n.is_empty() && !p.is_empty())
            .ok_or_else(|| format!("--user `{user}`: expected NAME:PASSWORD"))?;
        users.push((name.to_owned(), password.to_owned()));
    }
    if let Some(path) = args.db.strip_prefix("sqlite:") {
        let store = openbadges::server::store::SqliteStore::open(path)
            .map_err(|e| format!("--db {}: {e}", args.db))?;
        serve(store, config, listener, users).await
    } else if args.db.starts_with("postgres://") || args.db.starts_with("postgresql://") {
        postgres(&args.db, config, listener, users).await
    } else {
        Err(format!(
            "--db `{}`: expected sqlite:PATH or postgres://…",
            args.db
        ))
    }
}

#[cfg(feature = "postgres")]
async fn postgres(
    url: &str,
    config: ServerConfig,
    listener: tokio::net::TcpListener,
    users: Vec<(String, String)>,
) -> Result<(), String> {
    let store = openbadges::server::store::PostgresStore::connect(url)
        .await
        .map_err(|e| format!("--db: {e}"))?;
    serve(store, config, listener, users).await
}

#[cfg(not(feature = "postgres"))]
async fn postgres(
    _: &str,
    _: ServerConfig,
    _: tokio::net::TcpListener,
    _: Vec<(String, String)>,
) -> Result<(), String> {
    Err("this build has no PostgreSQL store (build openbadges-cli with --features postgres)".into())
}

async fn serve<S: Store>(
    store: S,
    config: ServerConfig,
    listener: tokio::net::TcpListener,
    users: Vec<(String, String)>,
) -> Result<(), String> {
    let issuer = config.issuer_url.clone();
    let provider = Provider::new(store, config).map_err(|e| e.to_string())?;
    for (name, password) in &users {
        provider
            .add_account(name, password)
            .await
            .map_err(|e| format!("--user {name}: {e}"))?;
    }
    let router = provider
        .router()
        .layer(axum::middleware::from_fn(log_request));
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    // The first line of stdout, for scripts: where the server is.
    println!("listening on http://{local} (issuer {issuer})");
    tracing::info!(%local, %issuer, accounts = users.len(), "serving");
    openbadges::server::serve(listener, router, shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
