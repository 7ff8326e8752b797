//! Diagnostics: every problem found in a user's input, with the element it concerns, what is wrong
//! and how to fix it.
//!
//! Loading and validation never stop at the first problem: they push [`Diagnostic`]s into a list and
//! go on, so a user sees everything that is wrong with a file in one run. Rendering (file name, line
//! numbers, colours) happens at the edge, in [`crate::report::diagnostics`]; the core only builds values.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Valid but suspicious: the plan can be used, the user should look.
    Warning,
    /// The plan cannot be used until this is fixed.
    Error,
}

/// The kind of element a diagnostic points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ElementKind {
    Plan,
    Floor,
    Room,
    Door,
    Window,
    Outdoor,
    Household,
    Vertical,
    /// An entity of an imported drawing (DXF handle).
    Entity,
    /// A retrofit operation, by index.
    Op,
}

impl fmt::Display for ElementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ElementKind::Plan => "plan",
            ElementKind::Floor => "floor",
            ElementKind::Room => "room",
            ElementKind::Door => "door",
            ElementKind::Window => "window",
            ElementKind::Outdoor => "outdoor area",
            ElementKind::Household => "household",
            ElementKind::Vertical => "vertical link",
            ElementKind::Entity => "entity",
            ElementKind::Op => "op",
        };
        f.write_str(s)
    }
}

/// One element of the input, by kind and id (or JSON path when it has no usable id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ElementRef {
    pub kind: ElementKind,
    pub id: String,
}

/// One problem in the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `door-off-wall`; documented in `docs/plan-format.md`.
    pub code: &'static str,
    /// The element concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<ElementRef>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// 1-based line in the source file, when known (filled in at load or render time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            element: None,
            message: message.into(),
            help: None,
            line: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    /// Attach the element this diagnostic concerns.
    pub fn at(mut self, kind: ElementKind, id: impl Into<String>) -> Self {
        self.element = Some(ElementRef {
            kind,
            id: id.into(),
        });
        self
    }

    /// Attach advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a 1-based source line.
    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]", self.code)?;
        if let Some(el) = self
            .element
            .as_ref()
            .filter(|e| e.kind != ElementKind::Plan)
        {
            write!(f, " {} {}", el.kind, terminal_safe(&el.id))?;
        }
        write!(f, ": {}", terminal_safe_lines(&self.message))?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {}", terminal_safe_lines(h))?;
        }
        Ok(())
    }
}

/// True if any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// True for a character that must never reach a terminal raw: C0 and C1 control characters
/// (ESC starts terminal escape sequences, BEL rings, NUL truncates), DEL, and the bidirectional
/// overrides and isolates U+202A–U+202E and U+2066–U+2069, which reorder what is displayed
/// ("Trojan Source", CVE-2021-42574, Boucher & Anderson 2021).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every [`is_unsafe_char`] written as an escape (`\n`, `\t`, `\r`, else `\u{1b}`), so
/// text from a user's file (ids, names, DXF text, file names) prints as what it is. The one
/// escaping function of everything carehome prints to a terminal.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe_char(c) => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`terminal_safe`] on each line of a message of several lines, keeping its line breaks.
pub fn terminal_safe_lines(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.split('\n')
            .map(terminal_safe)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// A number from a user's file as a message shows it: plainly when it is of everyday size
/// (`0.9`, `2500`), in exponent form when it is not (`1e308`, `5e-324`), so an absurd value is
/// never printed with hundreds of digits.
pub fn num(x: f64) -> String {
    let a = x.abs();
    if x.is_finite() && x != 0.0 && !(1e-4..1e6).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A point `[x, y]` from a user's file, its coordinates formatted by [`num`].
pub fn num_xy(p: [f64; 2]) -> String {
    format!("[{}, {}]", num(p[0]), num(p[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(terminal_safe("B12"), "B12");
        assert_eq!(
            terminal_safe("a\u{1b}[2Jb\u{7}\0\n\u{202e}x\u{2066}"),
            "a\\u{1b}[2Jb\\u{7}\\u{0}\\n\\u{202e}x\\u{2066}"
        );
        assert_eq!(terminal_safe_lines("one\ntwo\u{1b}"), "one\ntwo\\u{1b}");
        let d = Diagnostic::error("x", "bad \u{1b}[31m").at(ElementKind::Room, "R\u{7}");
        let shown = d.to_string();
        assert!(!shown.chars().any(is_unsafe_char), "{shown}");
        assert!(shown.contains("room R\\u{7}: bad \\u{1b}[31m"), "{shown}");
    }
}

#[cfg(test)]
mod num_tests {
    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(super::num(1e308), "1e308");
        assert_eq!(super::num(5e-324), "5e-324");
        assert_eq!(super::num(-2.5e7), "-2.5e7");
        assert_eq!(super::num(0.9), "0.9");
        assert_eq!(super::num(50.0), "50");
        assert_eq!(super::num(f64::NAN), "NaN");
        assert_eq!(super::num_xy([1e300, 2.0]), "[1e300, 2]");
    }
}
