//! Printing per-file reports: text, JSON, JUnit XML and GitHub workflow annotations.
//!
//! Shared by every command that judges files (`validate`, later `verify`): a command builds
//! one [`FileResult`] per input, in input order, and calls [`render`].

use std::io::{self, Write};

use openbadges::report::{JsonPath, PathSegment, Report, Severity};
use serde_json::{Value, json};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per file and per finding, for people.
    Text,
    /// One JSON document with per-file results and findings.
    Json,
    /// JUnit XML: one test case per file.
    Junit,
    /// GitHub Actions workflow commands (`::error file=...,line=...::`).
    Github,
}

/// The result of judging one input.
#[derive(Debug)]
pub struct FileResult {
    /// The input's name (path or `-`).
    pub name: String,
    /// The findings (empty when the input could not be read).
    pub report: Report,
    /// For each finding of `report`, the 1-based (line, column) it points at, when known.
    pub positions: Vec<Option<(usize, usize)>>,
    /// Why the input could not be read at all (then it was not judged).
    pub unreadable: Option<String>,
}

impl FileResult {
    /// The result for an input that could not be read: too large (an invalid input, with a
    /// `parse.too_large` finding) or unreadable (I/O error, image without a credential).
    pub fn input_failure(name: String, error: &crate::input::InputError) -> Self {
        use crate::input::{InputError, MAX_INPUT_BYTES};
        match error {
            InputError::TooLarge { size } => {
                let mut report = Report::new();
                report.push(openbadges::report::Finding::error(
                    "parse.too_large",
                    openbadges::report::JsonPath::root(),
                    format!(
                        "input is {size} bytes, more than the limit of {MAX_INPUT_BYTES} bytes"
                    ),
                ));
                FileResult {
                    name,
                    report,
                    positions: vec![None],
                    unreadable: None,
                }
            }
            InputError::Io(_) | InputError::Unbake(_) => FileResult {
                name,
                report: Report::new(),
                positions: Vec::new(),
                unreadable: Some(error.to_string()),
            },
        }
    }

    /// True when the input was read and has no error finding.
    pub fn is_valid(&self) -> bool {
        self.unreadable.is_none() && self.report.is_valid()
    }

    fn position(&self, i: usize) -> Option<(usize, usize)> {
        self.positions.get(i).copied().flatten()
    }
}

/// Counts over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs seen.
    pub files: usize,
    /// Inputs read and valid.
    pub valid: usize,
    /// Inputs read and invalid.
    pub invalid: usize,
    /// Inputs that could not be read.
    pub unreadable: usize,
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for r in results {
            match (&r.unreadable, r.report.is_valid()) {
                (Some(_), _) => s.unreadable += 1,
                (None, true) => s.valid += 1,
                (None, false) => s.invalid += 1,
            }
        }
        s
    }

    /// The exit code: 2 if anything was unreadable (the verdict is incomplete), else 1 if
    /// anything was invalid, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            crate::EXIT_ERROR
        } else if self.invalid > 0 {
            crate::EXIT_INVALID
        } else {
            crate::EXIT_VALID
        }
    }

    /// `3 files: 2 valid, 1 invalid, 0 unreadable`.
    pub fn line(&self) -> String {
        format!(
            "{} file{}: {} valid, {} invalid, {} unreadable",
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.valid,
            self.invalid,
            self.unreadable
        )
    }
}

/// Writes `results` to `out` in `format`; the summary line goes to `out` for text and
/// GitHub output, to `summary_out` for JSON and JUnit (whose stdout must stay one document).
///
/// # Errors
/// Any error writing to `out` or `summary_out`.
pub fn render(
    format: Format,
    results: &[FileResult],
    out: &mut dyn Write,
    summary_out: &mut dyn Write,
) -> io::Result<()> {
    let summary = Summary::of(results);
    match format {
        Format::Text => {
            text(results, out)?;
            writeln!(out, "{}", summary.line())
        }
        Format::Github => {
            github(results, out)?;
            writeln!(out, "{}", summary.line())
        }
        Format::Json => {
            json_document(results, &summary, out)?;
            writeln!(summary_out, "{}", summary.line())
        }
        Format::Junit => {
            junit(results, &summary, out)?;
            writeln!(summary_out, "{}", summary.line())
        }
    }
}

fn location(name: &str, position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => format!("{name}:{line}:{column}"),
        None => name.to_string(),
    }
}

fn text(results: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    for r in results {
        if let Some(reason) = &r.unreadable {
            writeln!(out, "{}: unreadable: {reason}", r.name)?;
            continue;
        }
        let errors = r.report.errors().count();
        let warnings = r
            .report
            .findings()
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        let verdict = if errors == 0 { "valid" } else { "invalid" };
        writeln!(
            out,
            "{}: {verdict} ({errors} error{}, {warnings} warning{})",
            r.name,
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        )?;
        for (i, f) in r.report.findings().iter().enumerate() {
            writeln!(
                out,
                "  {}: {} [{}] at {}: {}",
                location(&r.name, r.position(i)),
                f.severity,
                f.code,
                f.path,
                f.message
            )?;
        }
    }
    Ok(())
}

fn json_document(results: &[FileResult], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let files: Vec<Value> = results
        .iter()
        .map(|r| {
            let findings: Vec<Value> = r
                .report
                .findings()
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let (line, column) = r.position(i).unzip();
                    json!({
                        "code": f.code,
                        "severity": f.severity,
                        "path": f.path.to_string(),
                        "pointer": f.path.to_pointer(),
                        "message": f.message,
                        "line": line,
                        "column": column,
                    })
                })
                .collect();
            json!({
                "file": r.name,
                "valid": r.is_valid(),
                "unreadable": r.unreadable,
                "findings": findings,
            })
        })
        .collect();
    let doc = json!({
        "files": files,
        "summary": {
            "files": summary.files,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "unreadable": summary.unreadable,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn junit(results: &[FileResult], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="openbadges" tests="{}" failures="{}" errors="{}">"#,
        summary.files, summary.invalid, summary.unreadable
    )?;
    writeln!(
        out,
        r#"  <testsuite name="openbadges validate" tests="{}" failures="{}" errors="{}">"#,
        summary.files, summary.invalid, summary.unreadable
    )?;
    for r in results {
        let name = xml_escape(&r.name);
        write!(
            out,
            r#"    <testcase classname="openbadges.validate" name="{name}""#
        )?;
        let lines: Vec<String> = r
            .report
            .findings()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                format!(
                    "{}: {} [{}] at {}: {}",
                    location(&r.name, r.position(i)),
                    f.severity,
                    f.code,
                    f.path,
                    f.message
                )
            })
            .collect();
        if let Some(reason) = &r.unreadable {
            writeln!(out, ">")?;
            writeln!(
                out,
                r#"      <error message="{}" type="io"/>"#,
                xml_escape(reason)
            )?;
            writeln!(out, "    </testcase>")?;
        } else if !r.report.is_valid() {
            let first = r.report.errors().next();
            let message = first.map_or(String::new(), |f| format!("[{}] {}", f.code, f.message));
            let kind = first.map_or(String::new(), |f| f.code.to_string());
            writeln!(out, ">")?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml_escape(&message),
                xml_escape(&kind),
                xml_escape(&lines.join("\n"))
            )?;
            writeln!(out, "    </testcase>")?;
        } else if !lines.is_empty() {
            writeln!(out, ">")?;
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml_escape(&lines.join("\n"))
            )?;
            writeln!(out, "    </testcase>")?;
        } else {
            writeln!(out, "/>")?;
        }
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escapes a workflow-command message (`%`, CR, LF).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value (also `:` and `,`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(results: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    for r in results {
        let file = gh_property(&r.name);
        if let Some(reason) = &r.unreadable {
            writeln!(out, "::error file={file},title=io::{}", gh_data(reason))?;
            continue;
        }
        for (i, f) in r.report.findings().iter().enumerate() {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let position = r
                .position(i)
                .map_or(String::new(), |(l, c)| format!(",line={l},col={c}"));
            writeln!(
                out,
                "::{command} file={file}{position},title={}::{}",
                gh_property(&f.code),
                gh_data(&format!("{} at {}", f.message, f.path))
            )?;
        }
    }
    Ok(())
}

/// The 1-based (line, column) where the value at `path` starts in the JSON `text`, if the
/// path exists. Work is linear in the text; no recursion.
pub fn locate(text: &str, path: &JsonPath) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for segment in path.segments() {
        pos = match (segment, bytes.get(pos)?) {
            (PathSegment::Key(key), b'{') => find_member(bytes, pos, key)?,
            (PathSegment::Index(index), b'[') => find_item(bytes, pos, *index)?,
            _ => return None,
        };
    }
    let prefix = &bytes[..pos];
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = 1 + text[line_start..pos].chars().count();
    Some((line, column))
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// End (exclusive) of the string starting at `pos` (a `"`).
fn string_end(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// End (exclusive) of the value starting at `pos`.
fn value_end(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos)? {
        b'"' => string_end(bytes, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = pos;
            while i < bytes.len()
                && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                i += 1;
            }
            Some(i)
        }
    }
}

/// Start of the value of member `key` of the object at `pos`.
fn find_member(bytes: &[u8], pos: usize, key: &str) -> Option<usize> {
    let mut i = skip_ws(bytes, pos + 1);
    loop {
        match bytes.get(i)? {
            b'}' => return None,
            b',' => i = skip_ws(bytes, i + 1),
            b'"' => {
                let end = string_end(bytes, i)?;
                let name: String = serde_json::from_slice(&bytes[i..end]).ok()?;
                i = skip_ws(bytes, end);
                if bytes.get(i)? != &b':' {
                    return None;
                }
                let value = skip_ws(bytes, i + 1);
                if name == key {
                    return Some(value);
                }
                i = skip_ws(bytes, value_end(bytes, value)?);
            }
            _ => return None,
        }
    }
}

/// Start of item `index` of the array at `pos`.
fn find_item(bytes: &[u8], pos: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(bytes, pos + 1);
    let mut n = 0;
    loop {
        match bytes.get(i)? {
            b']' => return None,
            b',' => i = skip_ws(bytes, i + 1),
            _ => {
                if n == index {
                    return Some(i);
                }
                n += 1;
                i = skip_ws(bytes, value_end(bytes, i)?);
            }
        }
    }
}

/// Inputs from which a progress bar is shown (on a terminal only).
const PROGRESS_FROM: usize = 32;

/// A progress bar on stderr for `len` inputs, when stderr is a terminal and there are many.
pub fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    (len >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(len as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_members_and_items() {
        let text = "{\n  \"a\": [1, {\"b\\\"c\": \"x]\"}, 3],\n  \"d\": {\"e\": true}\n}";
        let at = |p: JsonPath| locate(text, &p);
        assert_eq!(at(JsonPath::root()), Some((1, 1)));
        assert_eq!(at(JsonPath::root().key("a")), Some((2, 8)));
        assert_eq!(at(JsonPath::root().key("a").index(2)), Some((2, 28)));
        assert_eq!(
            at(JsonPath::root().key("a").index(1).key("b\"c")),
            Some((2, 21))
        );
        assert_eq!(at(JsonPath::root().key("d").key("e")), Some((3, 14)));
        assert_eq!(at(JsonPath::root().key("zz")), None);
        assert_eq!(at(JsonPath::root().key("a").index(7)), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(gh_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(
            xml_escape("<a & \"b\">\u{1}"),
            "&lt;a &amp; &quot;b&quot;&gt;\u{FFFD}"
        );
    }
}
