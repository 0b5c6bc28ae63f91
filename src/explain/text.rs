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

fn items(list: &[Item], depth: usize, out: &mut String) {
    for it in list {
        let indent = "  ".repeat(depth + 1);
        let line = spans(&it.spans).replace('\n', &format!("\n{indent}  "));
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
                    let value = spans(value).replace('\n', "\n      ");
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

fn table(head: &[String], rows: &[Vec<String>], out: &mut String) {
    let columns = head.len();
    let width = |i: usize| {
        std::iter::once(&head[i])
            .chain(rows.iter().filter_map(|r| r.get(i)))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
            .min(40)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let line = |cells: &[String], out: &mut String| {
        let mut text = String::new();
        for (i, w) in widths.iter().enumerate() {
            let cell = cells.get(i).map(String::as_str).unwrap_or("");
            let cell: String = cell.chars().take(*w).collect();
            let _ = write!(text, "{cell:<w$}  ");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(head, out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, out);
    for row in rows {
        line(row, out);
    }
}
