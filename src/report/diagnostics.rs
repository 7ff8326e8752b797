//! Render diagnostics as `file:line: error[code] room B01: message` lines with help.

use crate::diag::{Diagnostic, Severity};
use std::fmt::Write;

/// Render all diagnostics of one file, errors first, then a summary line.
pub fn render(file: &str, diags: &[Diagnostic]) -> String {
    let file = &crate::diag::terminal_safe(file);
    let mut out = String::new();
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by_key(|d| std::cmp::Reverse(d.severity));
    for d in sorted {
        let loc = match d.line {
            Some(l) => format!("{file}:{l}"),
            None => file.to_string(),
        };
        let _ = writeln!(out, "{loc}: {d}");
    }
    let _ = writeln!(out, "{}", summary(file, diags));
    out
}

/// `file: valid (2 warnings)` or `file: invalid: 3 errors, 1 warning`.
pub fn summary(file: &str, diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if errors == 0 {
        format!("{file}: valid ({})", plural(warnings, "warning"))
    } else {
        format!(
            "{file}: invalid: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
