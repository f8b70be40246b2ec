//! Prose: `text` and `aside` blocks, the Markdown checks every prose field
//! gets (footnote references, math inside `$...$`), and the lesson's
//! `[footnotes]` table.

use toml::de::DeValue;

use super::super::raw::{Str, Table};
use super::super::scan;
use super::super::{BlockKind, Footnote, Pos};
use super::{Validator, did_you_mean};

impl Validator<'_, '_> {
    pub(super) fn text_block(&mut self, table: &Table<'_, '_>) -> Option<BlockKind> {
        let text = self.sink.str_req(table, "text")?;
        self.markdown(&text);
        Some(BlockKind::Text { text: text.value })
    }

    pub(super) fn aside_block(&mut self, table: &Table<'_, '_>) -> Option<BlockKind> {
        let title = self.sink.str_opt(table, "title");
        let text = self.sink.str_req(table, "text");
        if let Some(t) = &text {
            self.markdown(t);
        }
        Some(BlockKind::Aside {
            title: title.map(|t| t.value).unwrap_or_default(),
            text: text?.value,
        })
    }

    pub(super) fn footnotes(&mut self, root: &Table<'_, '_>) -> Vec<(Footnote, Pos)> {
        let Some(node) = root.get("footnotes") else {
            return Vec::new();
        };
        let DeValue::Table(map) = node.get_ref() else {
            let found = self.sink.found(node);
            self.sink.error(
                node.span().start,
                format!("`footnotes` should be a table of footnote id = \"text\", {found}"),
            );
            return Vec::new();
        };
        let table = Table::new(map, node.span(), "[footnotes]");
        let mut out = Vec::new();
        for (id, key_span, value) in table.entries() {
            let pos = self.sink.lines.pos(key_span.start);
            if id.is_empty() || id.chars().any(|c| c.is_whitespace() || "[]^".contains(c)) {
                self.sink.error_at(
                    pos,
                    format!(
                        "footnote id \"{id}\" is not valid: use letters, digits, \"-\" or \"_\""
                    ),
                );
                continue;
            }
            let Some(text) = self.sink.as_str(&format!("footnote `{id}`"), value) else {
                continue;
            };
            self.markdown(&text);
            out.push((
                Footnote {
                    id: id.to_string(),
                    text: text.value,
                },
                pos,
            ));
        }
        out
    }

    /// Checks inside a Markdown field: footnote references are collected
    /// for the end; math is linted now.
    pub(super) fn markdown(&mut self, s: &Str) {
        let found = scan::scan(&s.value);
        for r in found.footnotes {
            let pos = self.sink.lines.pos_in_string(&s.span, &s.value, r.offset);
            self.footnote_refs.push((r.id, pos));
        }
        for m in found.math {
            self.lint_tex(s, &m.tex, m.offset);
        }
        for (offset, phrase) in colour_only_phrases(&s.value) {
            let pos = self.sink.lines.pos_in_string(&s.span, &s.value, offset);
            self.sink.warn_at(
                pos,
                format!(
                    "\"{phrase}\" names a shape by its colour alone, which a reader without \
                     colour (NO_COLOR, colour blindness) cannot tell: add its style (\"the \
                     solid curve\", \"the dashed line\") or its label"
                ),
            );
        }
        for at in found.unclosed {
            let pos = self.sink.lines.pos_in_string(&s.span, &s.value, at);
            self.sink.warn_at(
                pos,
                "this `$` opens math that is never closed: add the closing `$`, or write `\\$` \
                 for a dollar sign",
            );
        }
    }

    pub(super) fn check_footnote_refs(&mut self, defs: &[(Footnote, Pos)]) {
        let ids: Vec<&str> = defs.iter().map(|(f, _)| f.id.as_str()).collect();
        let refs = std::mem::take(&mut self.footnote_refs);
        for (id, pos) in &refs {
            if ids.contains(&id.as_str()) {
                continue;
            }
            let mut msg =
                format!("footnote reference \"[^{id}]\" has no definition in [footnotes]");
            if let Some(near) = did_you_mean(id, &ids) {
                msg.push_str(&format!("; did you mean \"[^{near}]\"?"));
            } else {
                msg.push_str(&format!("; add `{id} = \"...\"` under [footnotes]"));
            }
            self.sink.error_at(*pos, msg);
        }
        for (f, pos) in defs {
            if !refs.iter().any(|(id, _)| *id == f.id) {
                self.sink.warn_at(
                    *pos,
                    format!(
                        "footnote \"{}\" is defined but never referenced (write [^{}] where it belongs)",
                        f.id, f.id
                    ),
                );
            }
        }
    }
}

/// Phrases such as "green curve" that pick out a shape by its colour only
/// (no "solid", "dashed" or "dotted" just before), with their byte offsets.
fn colour_only_phrases(text: &str) -> Vec<(usize, String)> {
    const COLOURS: [&str; 10] = [
        "red", "green", "blue", "orange", "yellow", "cyan", "magenta", "purple", "gray", "grey",
    ];
    const SHAPES: [&str; 16] = [
        "curve",
        "curves",
        "line",
        "lines",
        "point",
        "points",
        "dot",
        "dots",
        "strip",
        "strips",
        "area",
        "areas",
        "graph",
        "square",
        "rectangle",
        "region",
    ];
    const STYLES: [&str; 6] = ["solid", "dashed", "dotted", "thick", "filled", "hollow"];
    // Words with their byte offsets (separators may be several bytes).
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                words.push((b, &text[b..i]));
                start = None;
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, pair) in words.windows(2).enumerate() {
        let ((at, colour), (_, shape)) = (pair[0], pair[1]);
        let lower = |w: &str| w.to_lowercase();
        if !COLOURS.contains(&lower(colour).as_str()) || !SHAPES.contains(&lower(shape).as_str()) {
            continue;
        }
        let styled = words[i.saturating_sub(2)..i]
            .iter()
            .any(|(_, w)| STYLES.contains(&lower(w).as_str()));
        if !styled {
            out.push((at, format!("{colour} {shape}")));
        }
    }
    out
}

#[cfg(test)]
mod colour_tests {
    use super::colour_only_phrases;

    #[test]
    fn shapes_named_by_colour_alone_are_found() {
        let found =
            colour_only_phrases("The green curve and the solid green curve; Orange points.");
        // Offsets count bytes, past multi-byte characters too.
        assert_eq!(colour_only_phrases("s′ — red dots")[0].0, 9);
        assert_eq!(
            found,
            vec![
                (4, "green curve".to_string()),
                (43, "Orange points".to_string())
            ]
        );
        assert!(colour_only_phrases("a green light, the dashed red line").is_empty());
    }
}
