//! Option file TOML → [`OptionFile`], every problem at once (issue #14).
//!
//! The file is read as a TOML table first (a syntax error stops there, with its line); then the
//! file's own fields and each `[[ops]]` step are deserialised on their own, so three bad steps
//! give three messages, each at the line of its own `[[ops]]` header.

use super::{OPTIONS_SCHEMA, Op, OptionFile, op_lines};
use crate::diag::{Diagnostic, ElementKind};

fn line_at(src: &str, span: Option<std::ops::Range<usize>>) -> Option<usize> {
    span.map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1)
}

fn toml_error(message: String, line: Option<usize>, kind: ElementKind, id: String) -> Diagnostic {
    let mut d = Diagnostic::error("toml", message)
        .at(kind, id)
        .help("see docs/options.md for the op names and their fields");
    d.line = line;
    d
}

/// Parse an option file from TOML text. On failure, every problem found: the file's own fields
/// and each step's (named `<n> (<op>)`, at the line of its `[[ops]]`), and the schema version.
pub fn from_toml_str(src: &str) -> Result<OptionFile, Vec<Diagnostic>> {
    let mut table: toml::Table = toml::from_str(src).map_err(|e| {
        vec![toml_error(
            e.message().to_string(),
            line_at(src, e.span()),
            ElementKind::Plan,
            "options".into(),
        )]
    })?;
    let mut errors = Vec::new();
    let steps = match table.remove("ops") {
        Some(toml::Value::Array(steps)) => steps,
        Some(other) => {
            errors.push(toml_error(
                format!(
                    "`ops` must be a list of steps ([[ops]] tables), not a {}",
                    other.type_str()
                ),
                None,
                ElementKind::Plan,
                "options".into(),
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    let shell: Option<OptionFile> = match toml::Value::Table(table).try_into() {
        Ok(f) => Some(f),
        Err(e) => {
            errors.push(toml_error(
                e.message().to_string(),
                None,
                ElementKind::Plan,
                "options".into(),
            ));
            None
        }
    };
    let lines = op_lines(src);
    let mut ops = Vec::with_capacity(steps.len());
    for (k, step) in steps.into_iter().enumerate() {
        let name = step
            .get("op")
            .and_then(toml::Value::as_str)
            .map(|s| crate::diag::terminal_safe(s).into_owned())
            .unwrap_or_else(|| "?".into());
        match step.try_into::<Op>() {
            Ok(op) => ops.push(op),
            Err(e) => errors.push(toml_error(
                e.message().to_string(),
                lines.get(k).copied(),
                ElementKind::Op,
                format!("{} ({name})", k + 1),
            )),
        }
    }
    if let Some(f) = &shell
        && f.schema != OPTIONS_SCHEMA
    {
        errors.push(
            Diagnostic::error(
                "schema-version",
                format!(
                    "schema is {:?}; this version reads {OPTIONS_SCHEMA:?}",
                    f.schema
                ),
            )
            .at(ElementKind::Plan, "options")
            .help("set schema = \"carehome-options/1\""),
        );
    }
    match shell {
        Some(mut file) if errors.is_empty() => {
            file.ops = ops;
            Ok(file)
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bad_step_is_reported_at_its_own_line() {
        let src = "schema = \"carehome-options/1\"\nname = \"x\"\nbase = \"p.json\"\n\n\
                   [[ops]]\nop = \"set_beds\"\nroom = \"B01\"\nbeds = 1\n\n\
                   [[ops]]\nop = \"set_beds\"\nroom = \"B02\"\nbedz = 1\n\n\
                   [[ops]]\nop = \"set_beds\"\nroom = \"B02\"\nbeds = \"x\"\n";
        let err = from_toml_str(src).unwrap_err();
        // Hand-counted: the second `[[ops]]` header is line 10, the third line 15.
        let got: Vec<_> = err
            .iter()
            .map(|d| (d.element.as_ref().unwrap().id.as_str(), d.line))
            .collect();
        assert_eq!(
            got,
            [("2 (set_beds)", Some(10)), ("3 (set_beds)", Some(15))],
            "{err:#?}"
        );
        assert!(err[0].message.contains("bedz"), "{}", err[0].message);
    }

    #[test]
    fn file_fields_and_steps_together() {
        let src = "schema = \"carehome-options/9\"\nname = \"x\"\nbase = \"p.json\"\n\
                   [[ops]]\nop = \"explode\"\n";
        let err = from_toml_str(src).unwrap_err();
        let codes: Vec<_> = err.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["toml", "schema-version"], "{err:#?}");
        assert_eq!(err[0].line, Some(4));
    }
}
