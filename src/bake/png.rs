//! PNG: the credential `iTXt` chunk (streaming, bounded reader; chunk-preserving baker).

use std::io::{self, Read};

use super::{
    BakeError, BakedCredential, ChunkType, CredentialSpec, Duplicates, Format, Location, Payload,
    PngError, UnbakeError, UnbakeOptions,
};

/// The 8-byte PNG signature.
pub(crate) const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

const IHDR: [u8; 4] = *b"IHDR";
const IDAT: [u8; 4] = *b"IDAT";
const IEND: [u8; 4] = *b"IEND";
const ITXT: [u8; 4] = *b"iTXt";
const TEXT: [u8; 4] = *b"tEXt";
const ZTXT: [u8; 4] = *b"zTXt";
/// The largest chunk length the PNG specification allows.
const MAX_LENGTH: u32 = 0x7FFF_FFFF;
/// A keyword is 1–79 bytes followed by a NUL.
const KEYWORD_PREFIX: usize = 80;
/// The keyword of an Open Badges 2.0 baked assertion.
const LEGACY_KEYWORD: &[u8] = b"openbadges";

/// Reads exactly `buf.len()` bytes; `Ok(false)` if the input ended first.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => return Ok(false),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Checks a chunk header: length in range, type made of ASCII letters.
fn check_header(offset: u64, length: u32, ty: [u8; 4]) -> Result<(), PngError> {
    if length > MAX_LENGTH {
        return Err(PngError::BadLength { offset, length });
    }
    if !ty.iter().all(u8::is_ascii_alphabetic) {
        return Err(PngError::BadChunkType {
            offset,
            chunk_type: ChunkType(ty),
        });
    }
    Ok(())
}

/// [`PngError::ChunkPastLimit`] when the chunk at `offset` with data of `length` bytes ends
/// past `limit`.
fn check_limit(offset: u64, length: u32, limit: u64) -> Result<(), PngError> {
    if offset + 12 + u64::from(length) > limit {
        return Err(PngError::ChunkPastLimit {
            offset,
            length,
            limit,
        });
    }
    Ok(())
}

/// The keyword of a text chunk (`iTXt`, `tEXt`, `zTXt`): the bytes before the first NUL of
/// the first 80 bytes, if any.
fn keyword(data_prefix: &[u8]) -> Option<&[u8]> {
    let end = data_prefix
        .iter()
        .take(KEYWORD_PREFIX)
        .position(|&b| b == 0)?;
    Some(&data_prefix[..end])
}

/// Parses the data of a credential `iTXt` chunk and returns its text.
fn itxt_text(offset: u64, data: &[u8]) -> Result<String, PngError> {
    let malformed = |reason| PngError::MalformedItxt { offset, reason };
    let nul = data
        .iter()
        .position(|&b| b == 0)
        .ok_or(malformed("the keyword is not NUL-terminated"))?;
    let rest = &data[nul + 1..];
    let [flag, method, rest @ ..] = rest else {
        return Err(malformed("the compression flag and method are missing"));
    };
    match flag {
        0 => {}
        1 => return Err(PngError::CompressedCredential { offset }),
        _ => return Err(malformed("the compression flag is neither 0 nor 1")),
    }
    if *method != 0 {
        return Err(malformed("the compression method is not 0"));
    }
    let lang_end = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or(malformed("the language tag is not NUL-terminated"))?;
    let rest = &rest[lang_end + 1..];
    let translated_end = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or(malformed("the translated keyword is not NUL-terminated"))?;
    let text = &rest[translated_end + 1..];
    String::from_utf8(text.to_vec()).map_err(|e| PngError::NotUtf8 {
        offset,
        valid_up_to: e.utf8_error().valid_up_to(),
    })
}

/// A credential found in a chunk.
struct Found {
    location: Location,
    kind: CredentialSpec,
    text: String,
}

/// Reads a PNG from `source` (signature included), checking every chunk's CRC, until `IEND`
/// (or, with [`Duplicates::FirstWins`], until the first credential chunk).
pub(crate) fn unbake<R: Read>(
    mut source: R,
    options: &UnbakeOptions,
) -> Result<BakedCredential, UnbakeError> {
    let limits = options.limits;
    let mut signature = [0u8; 8];
    if !read_full(&mut source, &mut signature)? || signature != SIGNATURE {
        return Err(PngError::BadSignature.into());
    }
    let mut offset: u64 = 8;
    let mut found: Option<Found> = None;
    let mut legacy_ob2 = false;
    let mut buf = vec![0u8; 8192];
    for index in 0usize.. {
        let mut header = [0u8; 8];
        match read_full(&mut source, &mut header[..1])? {
            false => return Err(PngError::MissingIend { offset }.into()),
            true if !read_full(&mut source, &mut header[1..])? => {
                return Err(PngError::Truncated {
                    offset,
                    what: "the length and type",
                }
                .into());
            }
            true => {}
        }
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let ty = [header[4], header[5], header[6], header[7]];
        check_header(offset, length, ty)?;
        if index == 0 && ty != IHDR {
            return Err(PngError::FirstChunkNotIhdr {
                chunk_type: ChunkType(ty),
            }
            .into());
        }
        let end = offset + 12 + u64::from(length);
        check_limit(offset, length, limits.max_image_bytes)?;
        let location = Location::Png {
            offset,
            chunk: index,
        };
        let truncated_data = PngError::Truncated {
            offset,
            what: "the data",
        };
        let mut crc = crc32fast::Hasher::new();
        crc.update(&ty);
        // The first bytes of the data: enough for a text chunk's keyword.
        let prefix_len = match ty {
            ITXT | TEXT | ZTXT => (length as usize).min(KEYWORD_PREFIX),
            _ => 0,
        };
        let mut data = vec![0u8; prefix_len];
        if !read_full(&mut source, &mut data)? {
            return Err(truncated_data.into());
        }
        let kw = keyword(&data);
        legacy_ob2 |= kw == Some(LEGACY_KEYWORD);
        let credential_kind = match ty {
            ITXT => kw.and_then(CredentialSpec::from_png_keyword),
            _ => None,
        };
        if credential_kind.is_some() {
            // Hold the whole chunk, within the credential limit.
            if u64::from(length) > limits.max_credential_bytes as u64 {
                return Err(UnbakeError::CredentialTooLarge {
                    location,
                    size: u64::from(length),
                    limit: limits.max_credential_bytes,
                });
            }
            let already = data.len();
            data.resize(length as usize, 0);
            if !read_full(&mut source, &mut data[already..])? {
                return Err(truncated_data.into());
            }
            crc.update(&data);
        } else {
            crc.update(&data);
            let mut remaining = u64::from(length) - data.len() as u64;
            while remaining > 0 {
                let n = remaining.min(buf.len() as u64) as usize;
                if !read_full(&mut source, &mut buf[..n])? {
                    return Err(truncated_data.into());
                }
                crc.update(&buf[..n]);
                remaining -= n as u64;
            }
        }
        let mut stored = [0u8; 4];
        if !read_full(&mut source, &mut stored)? {
            return Err(PngError::Truncated {
                offset,
                what: "the CRC",
            }
            .into());
        }
        let stored = u32::from_be_bytes(stored);
        let computed = crc.finalize();
        if stored != computed {
            return Err(PngError::BadCrc {
                offset,
                chunk_type: ChunkType(ty),
                stored,
                computed,
            }
            .into());
        }
        if let Some(kind) = credential_kind {
            let text = itxt_text(offset, &data)?;
            if let Some(first) = &found {
                return Err(UnbakeError::SeveralCredentials {
                    first: first.location,
                    second: location,
                });
            }
            found = Some(Found {
                location,
                kind,
                text,
            });
            if options.duplicates == Duplicates::FirstWins {
                break;
            }
        }
        offset = end;
        if ty == IEND {
            break;
        }
    }
    let found = found.ok_or(UnbakeError::NotFound {
        format: Format::Png,
        legacy_ob2,
    })?;
    let payload = Payload::classify(found.text).ok_or(UnbakeError::UnrecognizedPayload {
        location: found.location,
    })?;
    Ok(BakedCredential::new(payload, found.kind))
}

/// One chunk of an in-memory PNG.
struct Chunk {
    /// Byte range of the whole chunk (length, type, data, CRC).
    start: usize,
    end: usize,
    ty: [u8; 4],
    /// Whether it is a credential `iTXt` chunk (of either kind).
    credential: bool,
}

/// Splits an in-memory PNG into chunks, checking structure and CRCs; returns the chunks up
/// to and including `IEND`.
fn chunks(image: &[u8], max_image_bytes: u64) -> Result<Vec<Chunk>, PngError> {
    if !image.starts_with(&SIGNATURE) {
        return Err(PngError::BadSignature);
    }
    let mut out = Vec::new();
    let mut pos = SIGNATURE.len();
    loop {
        let offset = pos as u64;
        if pos == image.len() {
            return Err(PngError::MissingIend { offset });
        }
        let Some(header) = image.get(pos..pos + 8) else {
            return Err(PngError::Truncated {
                offset,
                what: "the length and type",
            });
        };
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let ty = [header[4], header[5], header[6], header[7]];
        check_header(offset, length, ty)?;
        if out.is_empty() && ty != IHDR {
            return Err(PngError::FirstChunkNotIhdr {
                chunk_type: ChunkType(ty),
            });
        }
        // The same answer as unbaking gives for a chunk this long.
        check_limit(offset, length, max_image_bytes)?;
        let data_end = pos + 8 + length as usize;
        let Some(data) = image.get(pos + 8..data_end) else {
            return Err(PngError::Truncated {
                offset,
                what: "the data",
            });
        };
        let Some(stored) = image.get(data_end..data_end + 4) else {
            return Err(PngError::Truncated {
                offset,
                what: "the CRC",
            });
        };
        let stored = u32::from_be_bytes([stored[0], stored[1], stored[2], stored[3]]);
        let mut crc = crc32fast::Hasher::new();
        crc.update(&ty);
        crc.update(data);
        let computed = crc.finalize();
        if stored != computed {
            return Err(PngError::BadCrc {
                offset,
                chunk_type: ChunkType(ty),
                stored,
                computed,
            });
        }
        let credential = ty == ITXT
            && keyword(data)
                .and_then(CredentialSpec::from_png_keyword)
                .is_some();
        let end = data_end + 4;
        out.push(Chunk {
            start: pos,
            end,
            ty,
            credential,
        });
        pos = end;
        if ty == IEND {
            return Ok(out);
        }
    }
}

/// Serializes a credential `iTXt` chunk: keyword, NUL, flag 0, method 0, empty language tag,
/// empty translated keyword, text; then the CRC.
fn credential_chunk(credential: &BakedCredential) -> Result<Vec<u8>, BakeError> {
    let keyword = credential.kind().png_keyword().as_bytes();
    let text = credential.as_str().as_bytes();
    let data_len = keyword.len() + 5 + text.len();
    let length = u32::try_from(data_len)
        .ok()
        .filter(|&l| l <= MAX_LENGTH)
        .ok_or(BakeError::CredentialTooLarge {
            size: text.len(),
            limit: MAX_LENGTH as usize - keyword.len() - 5,
        })?;
    let mut chunk = Vec::with_capacity(data_len + 12);
    chunk.extend_from_slice(&length.to_be_bytes());
    chunk.extend_from_slice(&ITXT);
    chunk.extend_from_slice(keyword);
    chunk.extend_from_slice(&[0, 0, 0, 0, 0]);
    chunk.extend_from_slice(text);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    Ok(chunk)
}

/// Bakes into an in-memory PNG: every credential chunk (either kind) is dropped, the new one
/// goes where the first of them was if that was before `IDAT`, else right after `IHDR`.
/// Other chunks and bytes after `IEND` are copied unchanged.
pub(crate) fn bake(
    image: &[u8],
    credential: &BakedCredential,
    limits: &super::Limits,
) -> Result<Vec<u8>, BakeError> {
    let chunks = chunks(image, limits.max_image_bytes)?;
    let new_chunk = credential_chunk(credential)?;
    let first_idat = chunks.iter().position(|c| c.ty == IDAT);
    let insert_at = chunks
        .iter()
        .position(|c| c.credential)
        .filter(|&i| first_idat.is_none_or(|d| i < d))
        .unwrap_or(1);
    let mut out = Vec::with_capacity(image.len() + new_chunk.len());
    out.extend_from_slice(&SIGNATURE);
    for (i, chunk) in chunks.iter().enumerate() {
        if i == insert_at {
            out.extend_from_slice(&new_chunk);
        }
        if !chunk.credential {
            out.extend_from_slice(&image[chunk.start..chunk.end]);
        }
    }
    let iend_end = chunks.last().map_or(image.len(), |c| c.end);
    out.extend_from_slice(&image[iend_end..]);
    Ok(out)
}
