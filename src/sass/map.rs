//! The `.css.map` file as libsass writes it: source map version 3, pretty-printed with tabs
//! by libsass's JSON writer, `names` always empty.

use super::emit::Mapping;
use crate::value::json_string;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn vlq(out: &mut String, value: i64) {
    let mut v = if value < 0 {
        ((-value) << 1) | 1
    } else {
        value << 1
    };
    loop {
        let mut digit = (v & 31) as usize;
        v >>= 5;
        if v > 0 {
            digit |= 32;
        }
        out.push(BASE64[digit] as char);
        if v == 0 {
            break;
        }
    }
}

/// The `mappings` string: libsass's `serialize_mappings`, which writes the mappings in the
/// order it recorded them (not sorted) and ends lines with `;`.
pub fn serialize(mappings: &[Mapping]) -> String {
    let mut out = String::new();
    let (mut line, mut col) = (0usize, 0i64);
    let (mut file, mut sline, mut scol) = (0i64, 0i64, 0i64);
    for (i, m) in mappings.iter().enumerate() {
        if m.line != line {
            col = 0;
            if m.line > line {
                out.push_str(&";".repeat(m.line - line));
                line = m.line;
            }
        } else if i > 0 {
            out.push(',');
        }
        vlq(&mut out, m.col as i64 - col);
        col = m.col as i64;
        vlq(&mut out, m.src.file as i64 - file);
        file = m.src.file as i64;
        vlq(&mut out, m.src.line as i64 - sline);
        sline = m.src.line as i64;
        vlq(&mut out, m.src.col as i64 - scol);
        scol = m.src.col as i64;
    }
    out
}

fn array(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".into();
    }
    let body: Vec<String> = items
        .iter()
        .map(|s| format!("\t\t{}", json_string(s)))
        .collect();
    format!("[\n{}\n\t]", body.join(",\n"))
}

/// The whole map file: `file` is the CSS file's name, `sources` the source paths relative to
/// the map, `contents` their text.
pub fn render(file: &str, sources: &[String], contents: &[String], mappings: &[Mapping]) -> String {
    format!(
        "{{\n\t\"version\": 3,\n\t\"file\": {},\n\t\"sources\": {},\n\t\"sourcesContent\": {},\n\t\"names\": [],\n\t\"mappings\": {}\n}}",
        json_string(file),
        array(sources),
        array(contents),
        json_string(&serialize(mappings))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sass::mark::Pos;

    #[test]
    fn vlq_matches_the_spec() {
        let mut s = String::new();
        for v in [0, 1, -1, 16, 123456] {
            vlq(&mut s, v);
        }
        assert_eq!(s, "ACDgBgkxH");
    }

    #[test]
    fn mappings_serialize_like_libsass() {
        let at = |line, col, sl, sc| Mapping {
            line,
            col,
            src: Pos {
                file: 0,
                line: sl,
                col: sc,
            },
        };
        let m = [
            at(0, 0, 0, 0),
            at(0, 0, 0, 0),
            at(0, 8, 0, 8),
            at(2, 0, 1, 0),
        ];
        assert_eq!(serialize(&m), "AAAA,AAAA,QAAQ;;AACR");
    }
}
