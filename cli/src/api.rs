//! `openbadges api login | pull | push | profile`: a consumer of any OB 3.0 / CLR 2.0 API
//! provider, with the session (registration and tokens) in a file only its owner can read.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use openbadges::api::{
    Api, Client, ClientError, ClientMetadata, Discovery, LoopbackRedirect, Pushed, Received,
    Registration, Tokens,
};

use crate::{EXIT_ERROR, EXIT_INVALID, EXIT_VALID};

/// `openbadges api …`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// The session file (registration and tokens; written with mode 0600).
    #[arg(long, global = true, default_value = "openbadges-session.json")]
    session: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Register with a provider and sign in through the browser (loopback redirect).
    Login(LoginArgs),
    /// Download every credential (one per line: JSON, or a compact JWS).
    Pull(PullArgs),
    /// Upload credentials (JSON files or compact JWS files).
    Push(PushArgs),
    /// Print the profile, or replace it with `--set FILE`.
    Profile(ProfileArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Which {
    Ob,
    Clr,
}

#[derive(Debug, ClapArgs)]
struct LoginArgs {
    /// The provider's base URL (before `/ims/ob/v3p0`).
    url: String,
    /// Which API.
    #[arg(long, value_enum, default_value = "ob")]
    api: Which,
    /// Scopes to ask for (default: every scope discovery lists).
    #[arg(long = "scope")]
    scopes: Vec<String>,
    /// How long to wait for the browser, in seconds.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
}

#[derive(Debug, ClapArgs)]
struct PullArgs {
    /// Only credentials the provider stored after this time (RFC 3339).
    #[arg(long)]
    since: Option<String>,
    /// Page size.
    #[arg(long, default_value_t = 100)]
    limit: u32,
}

#[derive(Debug, ClapArgs)]
struct PushArgs {
    /// Credential files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Debug, ClapArgs)]
struct ProfileArgs {
    /// Replace the profile with this JSON file.
    #[arg(long)]
    set: Option<PathBuf>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Session {
    base: String,
    clr: bool,
    discovery: Discovery,
    registration: Registration,
    tokens: Tokens,
}

impl Session {
    fn client(&self) -> Client {
        Client::new(&self.base, if self.clr { Api::Clr } else { Api::Ob })
    }
}

fn save(path: &Path, session: &Session) -> Result<(), String> {
    let text = serde_json::to_string_pretty(session).map_err(|e| e.to_string())?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn load(path: &Path) -> Result<Session, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e} (run `openbadges api login` first)", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs an `api` subcommand.
pub fn run(args: Args) -> u8 {
    let outcome = match args.command {
        Command::Login(login_args) => login(&args.session, login_args),
        Command::Pull(pull_args) => pull(&args.session, pull_args),
        Command::Push(push_args) => push(&args.session, push_args),
        Command::Profile(profile_args) => profile(&args.session, profile_args),
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn login(session_path: &Path, args: LoginArgs) -> Result<u8, String> {
    let clr = matches!(args.api, Which::Clr);
    let client = Client::new(&args.url, if clr { Api::Clr } else { Api::Ob });
    let discovery = client.discover().map_err(|e| e.to_string())?;
    let scopes = if args.scopes.is_empty() {
        discovery.scopes.clone()
    } else {
        args.scopes.clone()
    };
    let loopback = LoopbackRedirect::bind().map_err(|e| e.to_string())?;
    let metadata = ClientMetadata::new(
        "openbadges command line",
        "http://127.0.0.1/",
        loopback.redirect_uri(),
        scopes.clone(),
    );
    let registration = client
        .register(&discovery, &metadata)
        .map_err(|e| e.to_string())?;
    let request =
        client.authorization_request(&discovery, &registration, loopback.redirect_uri(), &scopes);
    println!("Open this URL in your browser to sign in:\n{}", request.url);
    let _ = std::io::stdout().flush();
    let params = loopback
        .wait(Duration::from_secs(args.timeout))
        .map_err(|e| e.to_string())?;
    let tokens = client
        .exchange_code(&discovery, &registration, &request, &params)
        .map_err(|e| e.to_string())?;
    println!("signed in; scopes: {}", tokens.scope);
    save(
        session_path,
        &Session {
            base: args.url,
            clr,
            discovery,
            registration,
            tokens,
        },
    )?;
    Ok(EXIT_VALID)
}

/// Runs `call`; on a 401 refreshes once (saving the new tokens) and runs it again.
fn with_refresh<T>(
    path: &Path,
    session: &mut Session,
    mut call: impl FnMut(&Client, &Tokens) -> Result<T, ClientError>,
) -> Result<T, String> {
    let client = session.client();
    match call(&client, &session.tokens) {
        Err(ClientError::Status { status: 401, .. }) if session.tokens.refresh_token.is_some() => {
            session.tokens = client
                .refresh(&session.discovery, &session.registration, &session.tokens)
                .map_err(|e| format!("the session expired and could not be refreshed: {e}"))?;
            save(path, session)?;
            call(&client, &session.tokens).map_err(|e| e.to_string())
        }
        other => other.map_err(|e| e.to_string()),
    }
}

fn pull(path: &Path, args: PullArgs) -> Result<u8, String> {
    let mut session = load(path)?;
    let items = with_refresh(path, &mut session, |client, tokens| {
        client
            .credentials(tokens, args.since.as_deref(), args.limit)
            .collect::<Result<Vec<_>, _>>()
    })?;
    let mut out = std::io::stdout().lock();
    for item in &items {
        let line = match item {
            Received::Json(value) => value.to_string(),
            Received::Jws(jws) => jws.clone(),
            _ => continue,
        };
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    eprintln!("{} credential(s)", items.len());
    Ok(EXIT_VALID)
}

fn push(path: &Path, args: PushArgs) -> Result<u8, String> {
    let mut session = load(path)?;
    let mut code = EXIT_VALID;
    for file in &args.files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        match with_refresh(path, &mut session, |client, tokens| {
            client.upsert(tokens, &bytes)
        }) {
            Ok(Pushed::Created) => println!("created {}", file.display()),
            Ok(_) => println!("replaced {}", file.display()),
            Err(message) => {
                eprintln!("{}: {message}", file.display());
                code = EXIT_INVALID;
            }
        }
    }
    Ok(code)
}

fn profile(path: &Path, args: ProfileArgs) -> Result<u8, String> {
    let mut session = load(path)?;
    match args.set {
        Some(file) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let stored = with_refresh(path, &mut session, |client, tokens| {
                client.put_profile(tokens, &value)
            })?;
            println!("{stored}");
        }
        None => match with_refresh(path, &mut session, |client, tokens| client.profile(tokens))? {
            Some(profile) => println!("{profile}"),
            None => {
                eprintln!("no profile is stored");
                return Ok(EXIT_INVALID);
            }
        },
    }
    Ok(EXIT_VALID)
}
