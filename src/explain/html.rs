//! A self-contained HTML page: inline CSS, the image as a `data:` URL, no script, no
//! request at view time (a Content-Security-Policy forbids both), semantic and printable.
//! Every string of the credential is escaped; only `http`/`https` URLs become links, and
//! an SVG image is shown through `<img>` (where its scripts never run).

use std::fmt::Write;

use super::layout::{Block, Item, Page, Span};
use crate::verify::Verdict;

/// Inline style: system fonts, WCAG 2.1 AA contrast (every pair ≥ 4.5:1), one column on
/// small screens, no colours needed to read the verdict (it is written out).
const STYLE: &str = "\
:root{color-scheme:light}\
body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\
main{max-width:46rem;margin:0 auto;padding:1.5rem}\
h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.4em 0 .4em}\
h1{font-size:1.8rem;margin-top:.6em}h2{font-size:1.25rem;border-bottom:1px solid #d0d0d0;padding-bottom:.2em}\
.verdict{border:2px solid;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;font-weight:700;font-size:1.1rem}\
.valid{background:#e6f4ea;border-color:#1e7b34;color:#0b4d1a}\
.invalid{background:#fdecea;border-color:#b3261e;color:#7a1010}\
.indeterminate{background:#fff4d6;border-color:#8a6100;color:#5c4000}\
dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem;margin:.5rem 0}\
dt{font-weight:600;color:#3a3a3a}dd{margin:0;overflow-wrap:anywhere;white-space:pre-line}\
ul{padding-left:1.4rem}li{margin:.15rem 0;overflow-wrap:anywhere;white-space:pre-line}\
code{font:.85em ui-monospace,Menlo,Consolas,monospace;background:#f2f2f2;padding:0 .25em;border-radius:.2em;overflow-wrap:anywhere}\
a{color:#0645ad}a:focus{outline:2px solid #0645ad;outline-offset:2px}\
img{max-width:12rem;max-height:12rem;display:block;margin:.5rem 0}\
table{border-collapse:collapse;width:100%;margin:.5rem 0}\
th,td{border:1px solid #c8c8c8;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
thead th{background:#f2f2f2}tbody th{font-weight:600}tbody th,thead th:first-child{white-space:nowrap;overflow-wrap:normal}\
@media (max-width:36rem){main{padding:1rem}dl{grid-template-columns:1fr}dt{margin-top:.4rem}}\
@media print{body{font-size:11pt}main{max-width:none;padding:0}a{color:#000}a[href]::after{content:' <' attr(href) '>';font-size:.85em}.verdict{break-inside:avoid}}";

/// No script, no network, nothing but inline style and embedded images.
const POLICY: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'";

/// Escapes text for an HTML element or a double-quoted attribute.
pub(crate) fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn spans(spans: &[Span], out: &mut String) {
    for span in spans {
        match span {
            Span::Text(t) => escape(t, out),
            Span::Code(t) => {
                out.push_str("<code>");
                escape(t, out);
                out.push_str("</code>");
            }
            Span::Link(t, url) => {
                out.push_str("<a href=\"");
                escape(url.as_str(), out);
                out.push_str("\" rel=\"noopener noreferrer nofollow\">");
                escape(t, out);
                out.push_str("</a>");
            }
        }
    }
}

fn items(list: &[Item], out: &mut String) {
    out.push_str("<ul>");
    for it in list {
        out.push_str("<li>");
        spans(&it.spans, out);
        if !it.children.is_empty() {
            items(&it.children, out);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// Renders `page` as one self-contained HTML document.
pub(super) fn render(page: &Page) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape(page.lang.as_deref().unwrap_or("en"), &mut out);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n<meta name=\"referrer\" content=\"no-referrer\">"
    );
    out.push_str("<title>");
    escape(&page.title, &mut out);
    let _ = write!(
        out,
        "</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    for block in &page.blocks {
        match block {
            Block::Verdict(verdict, headline) => {
                let class = match verdict {
                    Verdict::Valid => "valid",
                    Verdict::Indeterminate => "indeterminate",
                    Verdict::Invalid => "invalid",
                };
                let _ = write!(out, "<div class=\"verdict {class}\" role=\"status\"><p>");
                escape(headline, &mut out);
                out.push_str("</p></div>\n");
            }
            Block::Heading(level, title) => {
                let _ = write!(out, "<h{level}>");
                escape(title, &mut out);
                let _ = writeln!(out, "</h{level}>");
            }
            Block::Paragraph(s) => {
                out.push_str("<p>");
                spans(s, &mut out);
                out.push_str("</p>\n");
            }
            Block::Fields(fields) => {
                out.push_str("<dl>");
                for (label, value) in fields {
                    let _ = write!(out, "<dt>{label}</dt><dd>");
                    spans(value, &mut out);
                    out.push_str("</dd>");
                }
                out.push_str("</dl>\n");
            }
            Block::List(list) => {
                items(list, &mut out);
                out.push('\n');
            }
            Block::Table(head, rows) => {
                out.push_str("<table><thead><tr>");
                for h in head {
                    out.push_str("<th scope=\"col\">");
                    escape(h, &mut out);
                    out.push_str("</th>");
                }
                out.push_str("</tr></thead><tbody>");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        out.push_str(if i == 0 { "<th scope=\"row\">" } else { "<td>" });
                        escape(cell, &mut out);
                        out.push_str(if i == 0 { "</th>" } else { "</td>" });
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::Image(image) => {
                if let Some(data) = &image.data {
                    out.push_str("<img src=\"");
                    escape(data, &mut out);
                    out.push_str("\" alt=\"");
                    escape(&image.alt, &mut out);
                    out.push_str("\">\n");
                }
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn escaped_text_holds_no_markup_and_reads_back(text in "\\PC*") {
            let mut out = String::new();
            escape(&text, &mut out);
            proptest::prop_assert!(!out.contains(['<', '>', '"', '\'']));
            let back = out
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            proptest::prop_assert_eq!(back, text);
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        let mut out = String::new();
        escape("<script>alert('x')</script>\"&", &mut out);
        assert_eq!(
            out,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"
        );
    }
}
