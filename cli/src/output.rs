//! Printing per-file reports: text, JSON, JUnit XML and GitHub workflow annotations.
//!
//! Shared by every command that judges files (`validate`, `verify`): a command lists its
//! inputs, judges them a bounded chunk at a time in parallel ([`judge_in_order`]) and hands
//! each [`FileResult`], in input order, to a [`Renderer`]. Text, GitHub and JSON output are
//! written as results arrive, so memory does not grow with the number of inputs; JUnit XML,
//! whose header carries the counts, keeps the (small) results until the end.

use std::io::{self, Write};

use openbadges::report::{JsonPath, PathSegment, Report, Severity};
use openbadges::verify::{Check, CheckStatus};
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
    /// The verifier's checklist (`verify` only): every check that ran or was skipped.
    pub checks: Vec<Check>,
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
                    checks: Vec::new(),
                }
            }
            InputError::Io(_) | InputError::Unbake(_) => FileResult {
                name,
                report: Report::new(),
                positions: Vec::new(),
                unreadable: Some(error.to_string()),
                checks: Vec::new(),
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
    #[cfg(test)]
    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Summary::default();
        for r in results {
            s.add(r);
        }
        s
    }

    /// Counts one more result.
    pub fn add(&mut self, r: &FileResult) {
        self.files += 1;
        match (&r.unreadable, r.report.is_valid()) {
            (Some(_), _) => self.unreadable += 1,
            (None, true) => self.valid += 1,
            (None, false) => self.invalid += 1,
        }
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
#[cfg(test)]
pub fn render(
    format: Format,
    results: Vec<FileResult>,
    out: &mut dyn Write,
    summary_out: &mut dyn Write,
) -> io::Result<()> {
    let mut renderer = Renderer::new(format);
    for r in results {
        renderer.push(r, out)?;
    }
    renderer.finish(out, summary_out).map(|_| ())
}

/// Writes results one at a time, in the order given, in one format.
///
/// Text, GitHub and JSON output are written as each result is pushed (JSON as one document
/// whose `files` array grows); JUnit keeps the results, since its header carries the counts.
#[derive(Debug)]
pub struct Renderer {
    format: Format,
    summary: Summary,
    kept: Vec<FileResult>,
}

impl Renderer {
    /// A renderer for `format`, nothing written yet.
    pub fn new(format: Format) -> Self {
        Renderer {
            format,
            summary: Summary::default(),
            kept: Vec::new(),
        }
    }

    /// Writes (or, for JUnit, keeps) one result.
    ///
    /// # Errors
    /// Any error writing to `out`.
    pub fn push(&mut self, r: FileResult, out: &mut dyn Write) -> io::Result<()> {
        let first = self.summary.files == 0;
        self.summary.add(&r);
        match self.format {
            Format::Text => text(&r, out),
            Format::Github => github(&r, out),
            Format::Json => {
                if first {
                    write!(out, "{{\n  \"files\": [")?;
                }
                writeln!(out, "{}", if first { "" } else { "," })?;
                write_indented(out, &json_file(&r), "    ", true)
            }
            Format::Junit => {
                self.kept.push(r);
                Ok(())
            }
        }
    }

    /// Ends the output: the summary line goes to `out` for text and GitHub output, to
    /// `summary_out` for JSON and JUnit (whose stdout must stay one document). Returns the
    /// counts.
    ///
    /// # Errors
    /// Any error writing to `out` or `summary_out`.
    pub fn finish(self, out: &mut dyn Write, summary_out: &mut dyn Write) -> io::Result<Summary> {
        let summary = self.summary;
        match self.format {
            Format::Text | Format::Github => writeln!(out, "{}", summary.line())?,
            Format::Json => {
                if summary.files == 0 {
                    write!(out, "{{\n  \"files\": []")?;
                } else {
                    write!(out, "\n  ]")?;
                }
                write!(out, ",\n  \"summary\": ")?;
                write_indented(out, &summary_json(&summary), "  ", false)?;
                writeln!(out, "\n}}")?;
                writeln!(summary_out, "{}", summary.line())?;
            }
            Format::Junit => {
                junit(&self.kept, &summary, out)?;
                writeln!(summary_out, "{}", summary.line())?;
            }
        }
        Ok(summary)
    }
}

/// Writes `value` pretty-printed, every line but the first (or, with `first_too`, every line)
/// prefixed with `indent`: the layout `serde_json::to_writer_pretty` gives a value nested at
/// that depth (JSON strings hold no raw line breaks, so lines are safe to split).
fn write_indented(
    out: &mut dyn Write,
    value: &Value,
    indent: &str,
    first_too: bool,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if i > 0 || first_too {
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// How many inputs are read and judged at once: enough to keep every thread busy, few enough
/// that memory stays flat however many inputs there are.
pub fn chunk_size() -> usize {
    rayon::current_num_threads()
        .saturating_mul(16)
        .clamp(16, 1024)
}

/// Judges `items` in parallel, a chunk of [`chunk_size`] at a time, and hands each result to
/// `emit` in the order of `items`, whatever the parallel schedule; stops at `emit`'s first
/// error. At most one chunk of inputs and results is in memory at once.
///
/// # Errors
/// The first error of `emit`.
pub fn judge_in_order<I, T, E>(
    items: Vec<I>,
    judge: impl Fn(I) -> T + Sync,
    mut emit: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    T: Send,
{
    use rayon::prelude::*;
    let size = chunk_size();
    let mut items = items.into_iter();
    loop {
        let chunk: Vec<I> = items.by_ref().take(size).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let judged: Vec<T> = chunk.into_par_iter().map(&judge).collect();
        for result in judged {
            emit(result)?;
        }
    }
}

fn location(name: &str, position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => format!("{name}:{line}:{column}"),
        None => name.to_string(),
    }
}

fn text(r: &FileResult, out: &mut dyn Write) -> io::Result<()> {
    {
        if let Some(reason) = &r.unreadable {
            return writeln!(out, "{}: unreadable: {reason}", r.name);
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
        checklist(&r.checks, out)?;
    }
    Ok(())
}

/// The checklist in text: one line per check that ran, then the skipped ones on one line.
fn checklist(checks: &[Check], out: &mut dyn Write) -> io::Result<()> {
    let mut skipped = Vec::new();
    for check in checks {
        if check.status == CheckStatus::Skipped {
            skipped.push(format!("{} ({})", check.check, check.reason));
        } else {
            writeln!(
                out,
                "  check {} {}: {}",
                check.check, check.status, check.reason
            )?;
        }
    }
    if !skipped.is_empty() {
        writeln!(out, "  skipped: {}", skipped.join("; "))?;
    }
    Ok(())
}

fn json_file(r: &FileResult) -> Value {
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
        "checks": r.checks,
    })
}

fn summary_json(summary: &Summary) -> Value {
    json!({
        "files": summary.files,
        "valid": summary.valid,
        "invalid": summary.invalid,
        "unreadable": summary.unreadable,
    })
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

fn github(r: &FileResult, out: &mut dyn Write) -> io::Result<()> {
    {
        let file = gh_property(&r.name);
        if let Some(reason) = &r.unreadable {
            return writeln!(out, "::error file={file},title=io::{}", gh_data(reason));
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

    fn sample(name: &str, findings: usize, unreadable: bool) -> FileResult {
        let mut report = Report::new();
        for i in 0..findings {
            report.push(openbadges::report::Finding::error(
                "x.y",
                JsonPath::root().key("a").index(i),
                format!("line\nbreak {i} \"quoted\""),
            ));
        }
        FileResult {
            name: name.to_owned(),
            positions: (0..findings).map(|i| Some((i + 1, 2))).collect(),
            report,
            unreadable: unreadable.then(|| "gone".to_owned()),
            checks: Vec::new(),
        }
    }

    /// The streamed JSON document is byte for byte what `to_writer_pretty` gives the whole.
    #[test]
    fn streamed_json_equals_the_whole_document() {
        for results in [
            vec![],
            vec![sample("a", 0, false)],
            vec![
                sample("a", 2, false),
                sample("b", 0, true),
                sample("c", 1, false),
            ],
        ] {
            let summary = Summary::of(&results);
            let files: Vec<Value> = results.iter().map(json_file).collect();
            let whole = json!({"files": files, "summary": summary_json(&summary)});
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            let (mut out, mut err) = (Vec::new(), Vec::new());
            render(Format::Json, results, &mut out, &mut err).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            assert_eq!(
                String::from_utf8(err).unwrap(),
                format!("{}\n", summary.line())
            );
        }
    }

    #[test]
    fn judges_in_input_order_chunk_after_chunk() {
        let n = chunk_size() * 3 + 7;
        let mut seen = Vec::new();
        judge_in_order(
            (0..n).collect(),
            |i: usize| {
                // Later items finish first within a chunk.
                std::thread::sleep(std::time::Duration::from_micros((n - i) as u64 % 50));
                i * 2
            },
            |v| {
                seen.push(v);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..n).map(|i| i * 2).collect::<Vec<_>>());
        let mut count = 0;
        let stopped = judge_in_order(
            (0..n).collect(),
            |i: usize| i,
            |i| {
                count += 1;
                if i == 5 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!((stopped, count), (Err(5), 6));
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
