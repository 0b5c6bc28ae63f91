//! Markdown: for a README, an issue, a chat message. Credential text is escaped so that it
//! cannot add markup (links, images, HTML) of its own.

use std::fmt::Write;

use super::layout::{Block, Item, Page, Span};
use crate::verify::Verdict;

/// Escapes Markdown punctuation and HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Code(t) => {
                let _ = write!(out, "`{}`", t.replace('`', "'"));
            }
            Span::Link(t, url) => {
                // A SafeUrl holds no whitespace; parentheses would end the link early.
                let url = url.as_str().replace('(', "%28").replace(')', "%29");
                let _ = write!(out, "[{}](<{}>)", escape(t), url.replace('>', "%3E"));
            }
        }
    }
    out
}

fn items(list: &[Item], depth: usize, out: &mut String) {
    for it in list {
        let _ = writeln!(out, "{}- {}", "  ".repeat(depth), spans(&it.spans));
        items(&it.children, depth + 1, out);
    }
}

/// Renders `page` as Markdown.
pub(super) fn render(page: &Page) -> String {
    let mut out = String::new();
    for block in &page.blocks {
        match block {
            Block::Verdict(verdict, headline) => {
                let icon = match verdict {
                    Verdict::Valid => "✅",
                    Verdict::Indeterminate => "⚠️",
                    Verdict::Invalid => "❌",
                };
                let _ = writeln!(out, "> {icon} **{}**\n", escape(headline));
            }
            Block::Heading(level, title) => {
                let _ = writeln!(
                    out,
                    "{} {}\n",
                    "#".repeat(usize::from(*level)),
                    escape(title)
                );
            }
            Block::Paragraph(s) => {
                let _ = writeln!(out, "{}\n", spans(s));
            }
            Block::Fields(fields) => {
                for (label, value) in fields {
                    let _ = writeln!(out, "- **{label}:** {}", spans(value));
                }
                out.push('\n');
            }
            Block::List(list) => {
                items(list, 0, &mut out);
                out.push('\n');
            }
            Block::Table(head, rows) => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
                    format!("| {} |", cells.join(" | "))
                };
                let _ = writeln!(out, "{}", row(head));
                let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
                for r in rows {
                    let _ = writeln!(out, "{}", row(r));
                }
                out.push('\n');
            }
            Block::Image(image) => {
                let _ = writeln!(out, "*Image: {}*\n", escape(&image.alt));
            }
        }
    }
    out
}
