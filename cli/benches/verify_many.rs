//! `openbadges verify` over many credentials, run as a user runs it: the release binary on a
//! directory of files, with the status list and DID document given as `--resource`.
//!
//! ```text
//! cargo bench -p openbadges-cli --bench verify_many
//! VERIFY_MANY_COUNT=2000 VERIFY_MANY_THREADS=1,2 cargo bench -p openbadges-cli --bench verify_many
//! ```
//!
//! It generates `VERIFY_MANY_COUNT` (default 10,000) distinct signed OB 3.0 credentials of one
//! `did:web` issuer into a temporary directory: 90% `eddsa-rdfc-2022`, 5% `eddsa-jcs-2022`,
//! 5% `ecdsa-rdfc-2019` (P-256), all with a revocation entry in one shared Bitstring Status
//! List (every 997th revoked). It then runs `openbadges verify --format jsonl` under
//! `/usr/bin/time` with `RAYON_NUM_THREADS` set to each of `VERIFY_MANY_THREADS` (default
//! `1,2`), checks every verdict (valid, or invalid for exactly the revoked ones) and prints
//! wall time, CPU time (user + system), credentials per second, credentials per CPU-second
//! (throughput per core), peak RSS and the load average. Two smaller runs follow, with a
//! tenth of the credentials, with and without `credentialStatus`: peak RSS against the full
//! run shows whether memory grows with the number of inputs, and the CPU difference is the
//! cost of the status check.
//!
//! `VERIFY_MANY_DIR=PATH` generates into PATH and keeps it (for profiling the same inputs
//! with callgrind or perf); by default a temporary directory is used and removed.
//!
//! A bench target (`harness = false`), so `cargo test` never runs it; without the `--bench`
//! flag that `cargo bench` passes it only says how to run it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use openbadges::crypto::{KeyType, SecretKey};
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::status::{BitstringStatusList, StatusPurpose, status_list_credential};
use rayon::prelude::*;
use serde_json::{Value, json};

const DID: &str = "did:web:issuer.example";
const DID_URL: &str = "https://issuer.example/.well-known/did.json";
const LIST_URL: &str = "https://issuer.example/status/1";
const LIST_LEN: u64 = 131_072;
/// Every credential whose index is a multiple of this is revoked.
const REVOKE_EVERY: usize = 997;
const AT: &str = "2025-06-01T00:00:00Z";

type Failure = Box<dyn std::error::Error>;

fn main() -> ExitCode {
    if !std::env::args().any(|a| a == "--bench") {
        println!("verify_many: run with `cargo bench -p openbadges-cli --bench verify_many`");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("verify_many: {e}");
            ExitCode::FAILURE
        }
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> Result<T, Failure> {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("{name}={text} is not a number").into()),
        Err(_) => Ok(default),
    }
}

fn run() -> Result<(), Failure> {
    let count: usize = env_or("VERIFY_MANY_COUNT", 10_000)?;
    if count == 0 || count as u64 > LIST_LEN {
        return Err(format!("VERIFY_MANY_COUNT must be 1 to {LIST_LEN}").into());
    }
    let threads: Vec<usize> = std::env::var("VERIFY_MANY_THREADS")
        .unwrap_or_else(|_| "1,2".into())
        .split(',')
        .map(|t| t.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("VERIFY_MANY_THREADS: {e}"))?;
    if !Path::new("/usr/bin/time").exists() {
        return Err("needs GNU time at /usr/bin/time (peak RSS and CPU of the child)".into());
    }
    let binary = env!("CARGO_BIN_EXE_openbadges");
    let temporary = tempfile::tempdir()?;
    let kept = std::env::var_os("VERIFY_MANY_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temporary.path());
    std::fs::create_dir_all(dir)?;
    let keys = Keys::new()?;
    std::fs::write(dir.join("did.json"), keys.did_document().to_string())?;
    std::fs::write(dir.join("list.json"), keys.status_list(count)?)?;

    let small = (count / 10).max(1);
    let started = Instant::now();
    let full = generate(&keys, &dir.join("full"), count, true)?;
    let tenth = generate(&keys, &dir.join("tenth"), small, true)?;
    let no_status = generate(&keys, &dir.join("no-status"), small, false)?;
    eprintln!(
        "generated {} credentials in {:.1} s",
        count + 2 * small,
        started.elapsed().as_secs_f64()
    );

    let mut rows = Vec::new();
    for &t in &threads {
        rows.push(measure(binary, dir, &full, t, "with status")?);
    }
    let last = threads.last().copied().unwrap_or(1);
    rows.push(measure(binary, dir, &tenth, last, "with status")?);
    rows.push(measure(binary, dir, &no_status, last, "no status")?);

    println!(
        "\nopenbadges verify --format jsonl ({} logical CPUs, host load before → after each run)",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    println!(
        "{:>6} {:>7} {:>12} {:>7} {:>7} {:>9} {:>11} {:>8} {:>13}",
        "creds",
        "threads",
        "set",
        "wall s",
        "cpu s",
        "creds/s",
        "creds/cpu-s",
        "peak MiB",
        "load 1m"
    );
    for row in &rows {
        println!("{}", row.line());
    }
    if let (Some(full), Some(tenth)) = (rows.get(threads.len() - 1), rows.get(threads.len())) {
        println!(
            "peak RSS {:.1} MiB for {} credentials vs {:.1} MiB for {} ({:.0} KiB per extra credential)",
            full.peak_kib as f64 / 1024.0,
            full.count,
            tenth.peak_kib as f64 / 1024.0,
            tenth.count,
            (full.peak_kib as f64 - tenth.peak_kib as f64)
                / (full.count - tenth.count).max(1) as f64
        );
    }
    if let (Some(with), Some(without)) = (rows.get(threads.len()), rows.get(threads.len() + 1)) {
        println!(
            "status check: {:.2} ms CPU per credential with, {:.2} ms without",
            with.cpu_s * 1000.0 / with.count as f64,
            without.cpu_s * 1000.0 / without.count as f64
        );
    }
    Ok(())
}

/// The issuer's two keys and its documents.
struct Keys {
    ed: SecretKey,
    p256: SecretKey,
}

impl Keys {
    fn new() -> Result<Self, Failure> {
        Ok(Keys {
            ed: SecretKey::from_seed(KeyType::Ed25519, &[11; 32])?,
            p256: SecretKey::from_seed(KeyType::P256, &[12; 32])?,
        })
    }

    fn did_document(&self) -> Value {
        let method = |fragment: &str, key: &SecretKey| {
            json!({
                "id": format!("{DID}#{fragment}"),
                "type": "Multikey",
                "controller": DID,
                "publicKeyMultibase": key.public_key().to_multibase()
            })
        };
        json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": DID,
            "verificationMethod": [method("ed", &self.ed), method("p256", &self.p256)],
            "assertionMethod": [format!("{DID}#ed"), format!("{DID}#p256")]
        })
    }

    fn issuer(&self, suite: Cryptosuite) -> Result<Issuer, Failure> {
        let (key, fragment) = match suite {
            Cryptosuite::EcdsaRdfc2019 | Cryptosuite::EcdsaJcs2019 => (&self.p256, "p256"),
            _ => (&self.ed, "ed"),
        };
        let signer = SecretKey::from_multibase(&key.to_multibase())?
            .into_signer(format!("{DID}#{fragment}"));
        Ok(Issuer::new(signer, suite)?.without_validation())
    }

    /// The signed status list with every `REVOKE_EVERY`th index below `count` revoked.
    fn status_list(&self, count: usize) -> Result<String, Failure> {
        let mut list = BitstringStatusList::new(LIST_LEN, 1)?;
        for index in (0..count).step_by(REVOKE_EVERY) {
            list.set(index as u64, 1)?;
        }
        let unsigned = status_list_credential(
            LIST_URL,
            DID,
            &StatusPurpose::Revocation,
            &list,
            "2024-01-01T00:00:00Z",
        );
        let signed = self
            .issuer(Cryptosuite::EddsaRdfc2022)?
            .issue(&unsigned, &options())?;
        Ok(signed.as_str().to_owned())
    }
}

fn options() -> IssueOptions {
    IssueOptions::new().created("2024-06-01T00:00:00Z")
}

/// A set of generated credentials: where, how many, which are revoked.
struct Set {
    dir: PathBuf,
    count: usize,
    revoked: usize,
    status: bool,
}

fn template() -> Result<Value, Failure> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/valid/own-achievement-credential.json");
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let map = value
        .as_object_mut()
        .ok_or("the fixture is not an object")?;
    map.shift_remove("proof");
    map.shift_remove("credentialStatus");
    value["issuer"]["id"] = json!(DID);
    Ok(value)
}

/// Signs `count` distinct credentials into `dir` (in parallel).
fn generate(keys: &Keys, dir: &Path, count: usize, status: bool) -> Result<Set, Failure> {
    // A kept directory may hold an earlier, larger set.
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let template = template()?;
    let issuers = [
        keys.issuer(Cryptosuite::EddsaRdfc2022)?,
        keys.issuer(Cryptosuite::EddsaJcs2022)?,
        keys.issuer(Cryptosuite::EcdsaRdfc2019)?,
    ];
    (0..count)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let mut value = template.clone();
            value["id"] = json!(format!("urn:uuid:5e1f0000-0000-4000-8000-{i:012}"));
            value["name"] = json!(format!("Data Analysis, cohort {i}"));
            value["credentialSubject"]["id"] = json!(format!("did:example:learner-{i}"));
            if status {
                value["credentialStatus"] = json!({
                    "id": format!("{LIST_URL}#{i}"),
                    "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation",
                    "statusListIndex": i.to_string(),
                    "statusListCredential": LIST_URL
                });
            }
            let issuer = match i % 20 {
                0 => &issuers[1],
                1 => &issuers[2],
                _ => &issuers[0],
            };
            let signed = issuer
                .issue(&value, &options())
                .map_err(|e| format!("credential {i}: {e}"))?;
            std::fs::write(dir.join(format!("{i:06}.json")), signed.as_str())
                .map_err(|e| format!("credential {i}: {e}"))
        })?;
    Ok(Set {
        dir: dir.to_owned(),
        count,
        revoked: if status {
            count.div_ceil(REVOKE_EVERY)
        } else {
            0
        },
        status,
    })
}

struct Row {
    count: usize,
    threads: usize,
    set: &'static str,
    wall_s: f64,
    cpu_s: f64,
    peak_kib: u64,
    load: (String, String),
}

impl Row {
    fn line(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "{:>6} {:>7} {:>12} {:>7.2} {:>7.2} {:>9.0} {:>11.0} {:>8.1} {:>6} → {:<5}",
            self.count,
            self.threads,
            self.set,
            self.wall_s,
            self.cpu_s,
            self.count as f64 / self.wall_s,
            self.count as f64 / self.cpu_s,
            self.peak_kib as f64 / 1024.0,
            self.load.0,
            self.load.1
        );
        out
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// Runs the binary over `set` with `threads` rayon threads and checks every verdict.
fn measure(
    binary: &str,
    dir: &Path,
    set: &Set,
    threads: usize,
    name: &'static str,
) -> Result<Row, Failure> {
    let out = dir.join("out.jsonl");
    let times = dir.join("time.txt");
    let load_before = load_average();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %U %S %M")
        .arg("-o")
        .arg(&times)
        .arg(binary)
        .args(["verify", "--format", "jsonl", "--at", AT, "--resource"])
        .arg(format!("{DID_URL}={}", dir.join("did.json").display()))
        .arg("--resource")
        .arg(format!("{LIST_URL}={}", dir.join("list.json").display()))
        .arg(&set.dir)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out)?)
        .stderr(Stdio::null())
        .status()?;
    let load_after = load_average();
    // Exit code 1 is expected when some credentials are revoked.
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!("openbadges verify exited with {status}").into());
    }
    let measured = std::fs::read_to_string(&times)?;
    let fields: Vec<f64> = measured
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("/usr/bin/time wrote {measured:?}: {e}"))?;
    let [wall_s, user_s, sys_s, peak_kib] = fields[..] else {
        return Err(format!("/usr/bin/time wrote {measured:?}").into());
    };
    check_verdicts(&std::fs::read_to_string(&out)?, set)?;
    Ok(Row {
        count: set.count,
        threads,
        set: name,
        wall_s,
        cpu_s: user_s + sys_s,
        peak_kib: peak_kib as u64,
        load: (load_before, load_after),
    })
}

/// Every credential valid except the revoked ones, which are invalid with `status.revoked`.
fn check_verdicts(jsonl: &str, set: &Set) -> Result<(), Failure> {
    let (mut valid, mut revoked, mut lines) = (0, 0, 0);
    for line in jsonl.lines() {
        lines += 1;
        let value: Value = serde_json::from_str(line)?;
        let codes: Vec<&str> = value["findings"]
            .as_array()
            .map(|f| f.iter().filter_map(|f| f["code"].as_str()).collect())
            .unwrap_or_default();
        match value["verdict"].as_str() {
            Some("valid") => valid += 1,
            Some("invalid") if set.status && codes.contains(&"status.revoked") => revoked += 1,
            _ => return Err(format!("unexpected result: {line}").into()),
        }
    }
    if lines != set.count || revoked != set.revoked || valid != set.count - set.revoked {
        return Err(format!(
            "{lines} results, {valid} valid, {revoked} revoked; expected {} with {} revoked",
            set.count, set.revoked
        )
        .into());
    }
    Ok(())
}
