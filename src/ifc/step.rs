//! A small reader of ISO 10303-21 ("STEP physical file") exchange structure, the text form of IFC.
//!
//! One pass over the DATA section records, for each instance `#id=TYPE(...);`, its type and the
//! byte range of its arguments; arguments are parsed only when an instance is asked for, so a
//! large model costs an index of ranges, not a tree of every point. Grammar from ISO 10303-21:2016
//! §6–§7 (instances, parameters, `$` unset, `*` derived, typed values `IFCLABEL('x')`, strings
//! with `''` escapes and `\X\hh`, `\X2\hhhh...\X0\` encodings of §6.4.3).

use std::collections::HashMap;

/// A parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Ref(u64),
    Int(i64),
    Real(f64),
    Str(String),
    /// An enumeration value without its dots, e.g. `LENGTHUNIT`.
    Enum(String),
    List(Vec<Val>),
    /// A typed value such as `IFCLENGTHMEASURE(0.3048)`.
    Typed(String, Box<Val>),
    /// `$`: not given.
    Null,
    /// `*`: derived.
    Derived,
}

impl Val {
    pub fn as_ref_id(&self) -> Option<u64> {
        match self {
            Val::Ref(r) => Some(*r),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Real(x) => Some(*x),
            Val::Int(i) => Some(*i as f64),
            Val::Typed(_, v) => v.as_f64(),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Typed(_, v) => v.as_str(),
            _ => None,
        }
    }
    pub fn as_enum(&self) -> Option<&str> {
        match self {
            Val::Enum(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_list(&self) -> &[Val] {
        match self {
            Val::List(v) => v,
            _ => &[],
        }
    }
}

/// Why a file is not a readable STEP file.
#[derive(Clone, Debug, PartialEq)]
pub struct StepError {
    /// 1-based line of the problem.
    pub line: usize,
    pub message: String,
}

/// The indexed instances of one file.
pub struct Step<'a> {
    src: &'a [u8],
    /// `FILE_SCHEMA` of the header, e.g. `IFC2X3`, `IFC4`.
    pub schema: String,
    index: HashMap<u64, (u32, usize, usize)>,
    types: Vec<String>,
    by_type: HashMap<String, Vec<u64>>,
}

impl<'a> Step<'a> {
    /// Index a file. Instances that cannot be delimited are an error with their line.
    pub fn index(src: &'a [u8]) -> Result<Step<'a>, StepError> {
        let text_start = find(src, b"ISO-10303-21").ok_or(StepError {
            line: 1,
            message: "not a STEP file (no ISO-10303-21 header)".into(),
        })?;
        let data = find(src, b"DATA;").ok_or(StepError {
            line: 1,
            message: "no DATA section".into(),
        })?;
        let schema = find(&src[text_start..data], b"FILE_SCHEMA")
            .and_then(|k| {
                let h = &src[text_start + k..data];
                let q0 = h.iter().position(|&c| c == b'\'')?;
                let q1 = h[q0 + 1..].iter().position(|&c| c == b'\'')?;
                Some(String::from_utf8_lossy(&h[q0 + 1..q0 + 1 + q1]).to_ascii_uppercase())
            })
            .unwrap_or_default();
        let mut s = Step {
            src,
            schema,
            index: HashMap::new(),
            types: Vec::new(),
            by_type: HashMap::new(),
        };
        let mut type_ids: HashMap<String, u32> = HashMap::new();
        let mut i = data + 5;
        let n = src.len();
        while i < n {
            i = skip_space(src, i);
            if i >= n || src[i..].starts_with(b"ENDSEC") {
                break;
            }
            if src[i] != b'#' {
                return Err(StepError {
                    line: line_of(src, i),
                    message: "expected an instance `#id=...;`".into(),
                });
            }
            let start = i;
            i += 1;
            let id_start = i;
            while i < n && src[i].is_ascii_digit() {
                i += 1;
            }
            let id: u64 = std::str::from_utf8(&src[id_start..i])
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| StepError {
                    line: line_of(src, start),
                    message: "bad instance number".into(),
                })?;
            i = skip_space(src, i);
            if i >= n || src[i] != b'=' {
                return Err(StepError {
                    line: line_of(src, start),
                    message: format!("#{id}: expected `=`"),
                });
            }
            i = skip_space(src, i + 1);
            let t0 = i;
            while i < n && (src[i].is_ascii_alphanumeric() || src[i] == b'_') {
                i += 1;
            }
            let ty = String::from_utf8_lossy(&src[t0..i]).to_ascii_uppercase();
            i = skip_space(src, i);
            if i >= n || src[i] != b'(' || ty.is_empty() {
                // Complex (multi-type) instances `#1=(A()B());` are not needed for IFC: skip.
                let end = end_of_instance(src, i).ok_or_else(|| StepError {
                    line: line_of(src, start),
                    message: format!("#{id}: instance never ends with `;`"),
                })?;
                i = end + 1;
                continue;
            }
            let end = end_of_instance(src, i).ok_or_else(|| StepError {
                line: line_of(src, start),
                message: format!("#{id}: instance never ends with `;`"),
            })?;
            let next = type_ids.len() as u32;
            let tid = *type_ids.entry(ty.clone()).or_insert(next);
            if tid == next {
                s.types.push(ty.clone());
            }
            s.index.insert(id, (tid, i, end));
            s.by_type.entry(ty).or_default().push(id);
            i = end + 1;
        }
        for v in s.by_type.values_mut() {
            v.sort_unstable();
        }
        Ok(s)
    }

    /// Instances of a type (upper case, e.g. `IFCSPACE`), in id order.
    pub fn of_type(&self, ty: &str) -> &[u64] {
        self.by_type.get(ty).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The type of an instance.
    pub fn type_of(&self, id: u64) -> Option<&str> {
        self.index
            .get(&id)
            .map(|&(t, _, _)| self.types[t as usize].as_str())
    }

    /// The arguments of an instance, parsed.
    pub fn args(&self, id: u64) -> Option<Vec<Val>> {
        let &(_, a, b) = self.index.get(&id)?;
        let mut p = Parser {
            s: &self.src[a..b],
            i: 0,
        };
        match p.value()? {
            Val::List(v) => Some(v),
            _ => None,
        }
    }

    /// Number of instances.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

fn find(h: &[u8], needle: &[u8]) -> Option<usize> {
    h.windows(needle.len()).position(|w| w == needle)
}

fn line_of(src: &[u8], at: usize) -> usize {
    src[..at.min(src.len())]
        .iter()
        .filter(|&&c| c == b'\n')
        .count()
        + 1
}

/// Skip white space and `/* comments */`.
fn skip_space(src: &[u8], mut i: usize) -> usize {
    loop {
        while i < src.len() && src[i].is_ascii_whitespace() {
            i += 1;
        }
        if src[i..].starts_with(b"/*") {
            match find(&src[i + 2..], b"*/") {
                Some(k) => i += k + 4,
                None => return src.len(),
            }
        } else {
            return i;
        }
    }
}

/// The `;` ending an instance, outside strings.
fn end_of_instance(src: &[u8], mut i: usize) -> Option<usize> {
    let mut in_str = false;
    while i < src.len() {
        let c = src[i];
        if in_str {
            if c == b'\'' {
                if src.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    in_str = false;
                }
            }
        } else if c == b'\'' {
            in_str = true;
        } else if c == b';' {
            return Some(i);
        }
        i += 1;
    }
    None
}

struct Parser<'s> {
    s: &'s [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Option<Val> {
        self.ws();
        let c = *self.s.get(self.i)?;
        match c {
            b'(' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b')') {
                        self.i += 1;
                        return Some(Val::List(items));
                    }
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b')' => {}
                        _ => return None,
                    }
                }
            }
            b'$' => {
                self.i += 1;
                Some(Val::Null)
            }
            b'*' => {
                self.i += 1;
                Some(Val::Derived)
            }
            b'#' => {
                self.i += 1;
                let t = self.take(|c| c.is_ascii_digit());
                t.parse().ok().map(Val::Ref)
            }
            b'.' => {
                self.i += 1;
                let t = self.take(|c| c != b'.').to_string();
                self.i += 1;
                Some(Val::Enum(t))
            }
            b'\'' => self.string().map(Val::Str),
            b'"' => {
                // Binary: kept as text.
                self.i += 1;
                let t = self.take(|c| c != b'"').to_string();
                self.i += 1;
                Some(Val::Str(t))
            }
            c if c.is_ascii_alphabetic() => {
                let name = self
                    .take(|c| c.is_ascii_alphanumeric() || c == b'_')
                    .to_string();
                self.ws();
                if self.s.get(self.i) != Some(&b'(') {
                    return None;
                }
                let inner = self.value()?;
                let v = match inner {
                    Val::List(mut v) if v.len() == 1 => v.pop()?,
                    other => other,
                };
                Some(Val::Typed(name.to_ascii_uppercase(), Box::new(v)))
            }
            _ => {
                let t = self
                    .take(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'E' | b'e'));
                if t.is_empty() {
                    return None;
                }
                if t.contains(['.', 'E', 'e']) {
                    t.parse().ok().map(Val::Real)
                } else {
                    t.parse().ok().map(Val::Int)
                }
            }
        }
    }

    fn take(&mut self, keep: impl Fn(u8) -> bool) -> &str {
        let a = self.i;
        while self.i < self.s.len() && keep(self.s[self.i]) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[a..self.i]).unwrap_or("")
    }

    /// A quoted string with its `''` escapes and `\X\`, `\X2\` encodings decoded.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut raw = Vec::new();
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            if c == b'\'' {
                if self.s.get(self.i) == Some(&b'\'') {
                    raw.push(b'\'');
                    self.i += 1;
                    continue;
                }
                break;
            }
            raw.push(c);
        }
        Some(decode(&raw))
    }
}

/// Decode the control directives of ISO 10303-21 §6.4.3 that IFC writers use.
fn decode(raw: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    let hex = |b: &[u8]| u32::from_str_radix(std::str::from_utf8(b).ok()?, 16).ok();
    while i < raw.len() {
        if raw[i..].starts_with(b"\\X2\\") {
            i += 4;
            let mut units = Vec::new();
            while i + 4 <= raw.len() && !raw[i..].starts_with(b"\\X0\\") {
                match hex(&raw[i..i + 4]) {
                    Some(u) => units.push(u as u16),
                    None => break,
                }
                i += 4;
            }
            out.push_str(&String::from_utf16_lossy(&units));
            if raw[i..].starts_with(b"\\X0\\") {
                i += 4;
            }
        } else if raw[i..].starts_with(b"\\X\\") && i + 5 <= raw.len() {
            if let Some(c) = hex(&raw[i + 3..i + 5]).and_then(char::from_u32) {
                out.push(c);
            }
            i += 5;
        } else if raw[i..].starts_with(b"\\\\") {
            out.push('\\');
            i += 2;
        } else {
            // Plain bytes: ASCII by the standard; UTF-8 from some writers is kept.
            let start = i;
            while i < raw.len() && raw[i] != b'\\' {
                i += 1;
            }
            if i == start {
                out.push('\\');
                i += 1;
            } else {
                out.push_str(&String::from_utf8_lossy(&raw[start..i]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_and_values() {
        let src = b"ISO-10303-21;\nHEADER;\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n\
#1=IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.);\n\
#2= IFCSPACE('g',$,'K\\X2\\00FC\\X0\\che','it''s',(#1,#3),1.5E3,-2, IFCLABEL('x'));\n\
/* note */ #3=IFCDIRECTION((1.,0.));\nENDSEC;\nEND-ISO-10303-21;\n";
        let s = Step::index(src).unwrap();
        assert_eq!(s.schema, "IFC4");
        assert_eq!(s.len(), 3);
        assert_eq!(s.of_type("IFCSPACE"), &[2]);
        let a = s.args(1).unwrap();
        assert_eq!(a[0], Val::Derived);
        assert_eq!(a[2].as_enum(), Some("MILLI"));
        let b = s.args(2).unwrap();
        assert_eq!(b[2].as_str(), Some("Küche"));
        assert_eq!(b[3].as_str(), Some("it's"));
        assert_eq!(b[4].as_list()[1].as_ref_id(), Some(3));
        assert_eq!(b[5].as_f64(), Some(1500.0));
        assert_eq!(b[6], Val::Int(-2));
        assert_eq!(b[7].as_str(), Some("x"));
        assert_eq!(s.type_of(3), Some("IFCDIRECTION"));
    }

    #[test]
    fn broken_files_are_errors_with_lines() {
        assert!(Step::index(b"hello").is_err());
        let e = Step::index(b"ISO-10303-21;\nDATA;\n#1=IFCX('never ends)\n")
            .err()
            .unwrap();
        assert_eq!(e.line, 3);
    }
}
