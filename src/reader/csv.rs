//! CSV and TSV as Ruby's `CSV` (csv 3.2, Jekyll's `DataReader`) reads them. Our own parser,
//! because Ruby tells apart what CSV crates don't: an unquoted empty field is nil, a quoted
//! one `""`; a blank line is a row; the row separator is the first line break in the file
//! (`\r\n`, `\n` or `\r`), and a different line break in an unquoted field is an error.

/// One row's fields: `None` for an unquoted empty field.
pub type Row = Vec<Option<String>>;

/// Ruby's `CSV.parse(text, col_sep: sep)`: the rows, or Ruby's `MalformedCSVError` message.
pub fn parse(text: &str, sep: char) -> Result<Vec<Row>, String> {
    let row_sep = row_separator(text);
    let mut rows = Vec::new();
    let mut rest = text;
    // Ruby's "line" in its messages is the row's number.
    let mut line = 1;
    while !rest.is_empty() {
        let mut row = Vec::new();
        loop {
            let (field, after) = field(rest, sep, row_sep, line)?;
            row.push(field);
            if let Some(r) = after.strip_prefix(sep) {
                rest = r;
                continue;
            }
            rest = after.strip_prefix(row_sep).unwrap_or(after);
            break;
        }
        // A blank line is a row with no fields.
        if row.len() == 1 && row[0].is_none() {
            row.clear();
        }
        rows.push(row);
        line += 1;
    }
    Ok(rows)
}

/// The first line break in `text`, which Ruby takes as the row separator.
fn row_separator(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// One field at the start of `text`: its value and what follows it (a separator or the end
/// of the row).
fn field<'a>(
    text: &'a str,
    sep: char,
    row_sep: &str,
    line: usize,
) -> Result<(Option<String>, &'a str), String> {
    if let Some(body) = text.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '"' {
                value.push(c);
                continue;
            }
            if body[i + 1..].starts_with('"') {
                value.push('"');
                chars.next();
                continue;
            }
            let after = &body[i + 1..];
            if !(after.is_empty() || after.starts_with(sep) || after.starts_with(row_sep)) {
                return Err(format!(
                    "Any value after quoted field isn't allowed in line {line}."
                ));
            }
            return Ok((Some(value), after));
        }
        return Err(format!("Unclosed quoted field in line {line}."));
    }
    let end = text
        .char_indices()
        .find(|&(i, c)| c == sep || text[i..].starts_with(row_sep))
        .map_or(text.len(), |(i, _)| i);
    let value = &text[..end];
    if value.contains('"') {
        return Err(format!("Illegal quoting in line {line}."));
    }
    if let Some(i) = value.find(['\r', '\n']) {
        // Ruby shows the whole line break, even when its `\n` is the row separator.
        let nl = if text[i..].starts_with("\r\n") {
            "\\r\\n"
        } else if value.as_bytes()[i] == b'\r' {
            "\\r"
        } else {
            "\\n"
        };
        return Err(format!(
            "Unquoted fields do not allow new line <\"{nl}\"> in line {line}."
        ));
    }
    let value = (!value.is_empty()).then(|| value.to_string());
    Ok((value, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    // Each expectation is what Ruby 3.1's CSV 3.2.2 returned for the same input.
    #[test]
    fn fields_as_ruby_reads_them() {
        assert_eq!(
            parse("a,\"\",,\"x\"\"y\"\n\n\"m\nl\",z\n", ',').unwrap(),
            vec![
                vec![s("a"), s(""), None, s("x\"y")],
                vec![],
                vec![s("m\nl"), s("z")]
            ]
        );
        assert_eq!(
            parse("a,b\r1,2\r", ',').unwrap(),
            vec![vec![s("a"), s("b")], vec![s("1"), s("2")]]
        );
    }

    #[test]
    fn malformed_as_ruby_words_it() {
        assert_eq!(
            parse("a,b\n1,x\"y\n", ',').unwrap_err(),
            "Illegal quoting in line 2."
        );
        assert_eq!(
            parse("a,b\n1,\"x\"y\n", ',').unwrap_err(),
            "Any value after quoted field isn't allowed in line 2."
        );
        assert_eq!(
            parse("a,b\n1,\"xy\n", ',').unwrap_err(),
            "Unclosed quoted field in line 2."
        );
        assert_eq!(
            parse("a,b\n1,2\r\n3,4", ',').unwrap_err(),
            "Unquoted fields do not allow new line <\"\\r\\n\"> in line 2."
        );
        assert_eq!(
            parse("a,b\n1,2\rx\n", ',').unwrap_err(),
            "Unquoted fields do not allow new line <\"\\r\"> in line 2."
        );
        // Rows, not lines: the quoted field spans two lines.
        assert_eq!(
            parse("a\n\"x\ny\"\nb\"c\n", ',').unwrap_err(),
            "Illegal quoting in line 3."
        );
    }
}
