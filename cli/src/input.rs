//! Reading the inputs named on the command line: files, directories (recursively: `*.json`,
//! `*.jwt`, `*.jws`, `*.sd-jwt`, and baked badges `*.png`, `*.svg`), and `-` for standard
//! input.
//!
//! Every input becomes an [`Input`] with a display name; an input that cannot be read keeps its
//! name and carries the reason, so the caller can report it beside the others. A baked PNG or
//! SVG badge (recognised by its content, not its name) is replaced by the credential baked into
//! it: JSON, or a compact JWS.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use openbadges::bake::{self, Format, UnbakeError};

/// Largest input read into memory. The library refuses larger documents anyway
/// (`ParseLimits::default().max_bytes`); this keeps a huge file from being read whole.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Deepest directory recursion followed.
const MAX_DIR_DEPTH: usize = 64;

/// One input: its name (path as given, or `-`) and its bytes or why they could not be read.
#[derive(Debug)]
pub struct Input {
    /// The path as given on the command line (directory members: joined to it), or `-`.
    pub name: String,
    /// The content, or why it could not be read.
    pub bytes: Result<Vec<u8>, InputError>,
}

/// Why an input could not be read.
#[derive(Debug)]
pub enum InputError {
    /// An I/O error (missing file, permission, ...).
    Io(std::io::Error),
    /// Larger than [`MAX_INPUT_BYTES`].
    TooLarge {
        /// Size in bytes (at least; standard input is not read past the limit).
        size: u64,
    },
    /// A PNG or SVG image that holds no usable credential.
    Unbake(UnbakeError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "cannot read: {e}"),
            InputError::TooLarge { size } => write!(
                f,
                "input is {size} bytes, more than the limit of {MAX_INPUT_BYTES} bytes"
            ),
            InputError::Unbake(e) => write!(f, "baked badge: {e}"),
        }
    }
}

/// An input named on the command line, not read yet: enumerating is cheap, so millions of
/// files can be listed up front and read a bounded number at a time ([`Source::read`]).
#[derive(Debug)]
pub struct Source {
    /// The path as given on the command line (directory members: joined to it), or `-`.
    pub name: String,
    origin: Origin,
}

#[derive(Debug)]
enum Origin {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// A directory that could not be listed.
    Unlisted(std::io::Error),
}

impl Source {
    /// Reads the input (a baked badge is replaced by its credential).
    pub fn read(self) -> Input {
        let bytes = match self.origin {
            Origin::Stdin => read_limited(std::io::stdin().lock(), None).and_then(unbake_image),
            Origin::File(path) => read_file(&path).and_then(unbake_image),
            Origin::Unlisted(e) => Err(InputError::Io(e)),
        };
        Input {
            name: self.name,
            bytes,
        }
    }
}

/// Lists every input named by `paths`, in order, without reading them; directory members
/// sorted by path. A directory that cannot be listed is one input that fails to read.
pub fn list_inputs(paths: &[String]) -> Vec<Source> {
    let mut out = Vec::new();
    for name in paths {
        if name == "-" {
            out.push(Source {
                name: name.clone(),
                origin: Origin::Stdin,
            });
            continue;
        }
        let path = Path::new(name);
        if path.is_dir() {
            let mut files = Vec::new();
            let listed = collect_json(path, 0, &mut files).and_then(|()| {
                if files.is_empty() {
                    // An empty folder is a mistake to report, never an all-clear.
                    Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!(
                            "no file found in this folder (looked for .{})",
                            EXTENSIONS.join(", .")
                        ),
                    ))
                } else {
                    Ok(())
                }
            });
            if let Err(e) = listed {
                out.push(Source {
                    name: name.clone(),
                    origin: Origin::Unlisted(e),
                });
            }
            files.sort();
            out.extend(files.into_iter().map(|file| Source {
                name: file.display().to_string(),
                origin: Origin::File(file),
            }));
        } else {
            out.push(Source {
                name: name.clone(),
                origin: Origin::File(path.to_path_buf()),
            });
        }
    }
    out
}

/// Reads every input named by `paths`, in order; directory members sorted by path. Holds
/// every input in memory: for many inputs, use [`list_inputs`] and read them in chunks.
pub fn read_inputs(paths: &[String]) -> Vec<Input> {
    list_inputs(paths).into_iter().map(Source::read).collect()
}

/// File extensions collected from directories.
const EXTENSIONS: [&str; 6] = ["json", "jwt", "jws", "sd-jwt", "png", "svg"];

/// Replaces a baked PNG or SVG badge by the text of the credential baked into it; any other
/// content is returned unchanged.
fn unbake_image(bytes: Vec<u8>) -> Result<Vec<u8>, InputError> {
    match Format::detect(&bytes) {
        Some(Format::Png | Format::Svg) => bake::unbake(&bytes)
            .map(|credential| credential.as_str().as_bytes().to_vec())
            .map_err(InputError::Unbake),
        _ => Ok(bytes),
    }
}

/// Collects the files with one of [`EXTENSIONS`] under `dir`; symbolic links to directories are not followed
/// (no cycles).
fn collect_json(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if depth > MAX_DIR_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_json(&path, depth + 1, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
            && (kind.is_file() || path.is_file())
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    let file = std::fs::File::open(path).map_err(InputError::Io)?;
    let size = file.metadata().map_err(InputError::Io)?.len();
    if size > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { size });
    }
    read_limited(file, Some(size))
}

fn read_limited(reader: impl Read, size_hint: Option<u64>) -> Result<Vec<u8>, InputError> {
    let capacity = usize::try_from(size_hint.unwrap_or(0).min(MAX_INPUT_BYTES)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// The input as a compact JWS (a VC-JWT or `vc+jwt`), when it is one: three base64url
/// segments, surrounding whitespace ignored.
pub fn as_jws(bytes: &[u8]) -> Option<&str> {
    let token = std::str::from_utf8(bytes).ok()?.trim();
    let segments = token.split('.').count();
    let alphabet = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    (segments == 3 && alphabet && !token.is_empty()).then_some(token)
}

/// The input as an SD-JWT (SD-JWT VC `dc+sd-jwt` or `vc+sd-jwt`), when it is one: an
/// issuer-signed compact JWS, then `~`-separated disclosures and an optional key-binding
/// JWT, surrounding whitespace ignored. Recognised by content, whatever the file name.
pub fn as_sd_jwt(bytes: &[u8]) -> Option<&str> {
    let token = std::str::from_utf8(bytes).ok()?.trim();
    let (jws, _) = token.split_once('~')?;
    let alphabet = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    (alphabet && jws.split('.').count() == 3).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_jws_and_sd_jwt_apart() {
        assert_eq!(as_jws(b" a.b.c\n"), Some("a.b.c"));
        assert_eq!(as_sd_jwt(b"a.b.c"), None);
        assert_eq!(as_sd_jwt(b"a.b.c~d~\n"), Some("a.b.c~d~"));
        assert_eq!(as_sd_jwt(b"a.b.c~d~e.f.g"), Some("a.b.c~d~e.f.g"));
        assert_eq!(as_jws(b"a.b.c~d~"), None);
        assert_eq!(as_sd_jwt(b"{\"a\": \"~\"}"), None);
        assert_eq!(as_sd_jwt(b"a.b~c"), None);
    }
}
