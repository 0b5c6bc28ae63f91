//! Plain text: for a terminal or an e-mail.

use std::fmt::Write;

use super::layout::{Block, Item, Page, Span};
use crate::verify::Verdict;

fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(t) | Span::Code(t) => out.push_str(t),
            Span::Link(t, url) if t == url.as_str() => out.push_str(t),
            Span::Link(t, url) => {
                let _ = write!(out, "{t} <{}>", url.as_str());
            }
        }
    }
    out
}

/// Multi-line text with its continuation lines indented (blank ones left empty).
fn continued(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line.trim_end());
    }
    out
}

fn items(list: &[Item], depth: usize, out: &mut String) {
    for it in list {
        let indent = "  ".repeat(depth + 1);
        let line = continued(&spans(&it.spans), &format!("{indent}  "));
        let _ = writeln!(out, "{indent}- {line}");
        items(&it.children, depth + 1, out);
    }
}

/// Renders `page` as plain text.
pub(super) fn render(page: &Page) -> String {
    let mut out = String::new();
    for block in &page.blocks {
        match block {
            Block::Verdict(verdict, headline) => {
                let bar = if *verdict == Verdict::Valid { '=' } else { '!' };
                let line: String =
                    std::iter::repeat_n(bar, headline.chars().count().min(78)).collect();
                let _ = writeln!(out, "{line}\n{headline}\n{line}");
            }
            Block::Heading(1, title) => {
                let _ = writeln!(
                    out,
                    "\n{title}\n{}",
                    "-".repeat(title.chars().count().min(78))
                );
            }
            Block::Heading(_, title) => {
                let _ = writeln!(out, "\n{title}");
            }
            Block::Paragraph(s) => {
                let _ = writeln!(out, "{}", spans(s));
            }
            Block::Fields(fields) => {
                for (label, value) in fields {
                    let value = continued(&spans(value), "      ");
                    let _ = writeln!(out, "  {label}: {value}");
                }
            }
            Block::List(list) => items(list, 0, &mut out),
            Block::Table(head, rows) => table(head, rows, &mut out),
            Block::Image(image) => {
                let _ = writeln!(out, "  [image: {}]", image.alt);
            }
        }
    }
    out
}

/// Cuts `text` into lines of at most `width` characters, at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while !word.is_empty() {
            let used = line.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.extend(word.drain(..));
            } else if used > 0 {
                lines.push(std::mem::take(&mut line));
            } else {
                // A word longer than the column: cut it.
                line.extend(word.drain(..width));
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn table(head: &[String], rows: &[Vec<String>], out: &mut String) {
    let width = |i: usize| {
        std::iter::once(&head[i])
            .chain(rows.iter().filter_map(|r| r.get(i)))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(1, 32)
    };
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let line = |cells: &[String], out: &mut String| {
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| wrap(cells.get(i).map(String::as_str).unwrap_or(""), *w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for row in 0..height {
            let mut text = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = wrapped[i].get(row).map(String::as_str).unwrap_or("");
                let _ = write!(text, "{cell:<w$}  ");
            }
            let _ = writeln!(out, "{}", text.trim_end());
        }
    };
    line(head, out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, out);
    for row in rows {
        line(row, out);
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert!(wrap("", 5).is_empty());
    }
}
