//! What hyde's disk caches in `<cache_dir>` share: their format, length-prefixed fields
//! (`<length>\n<bytes>\n`: entries are text that may hold anything, line breaks included),
//! and the folder's `.gitignore`.

/// Replaces `file` with `bytes` whole (written beside it under this process's name, then
/// renamed into place, so a reader never sees half of it), making its folder if needed.
pub(crate) fn replace(file: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_with(file, |w| w.write_all(bytes))
}

/// [`replace`] with what `write` writes, so a large cache is not first gathered in memory.
pub(crate) fn replace_with(
    file: &std::path::Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let written = file
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::File::create(&tmp))
        .and_then(|f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut w)?;
            w.flush()
        })
        .and_then(|()| std::fs::rename(&tmp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes `bytes` over `file` in place, without a new file: for files their reader checks
/// (a partly written one must read as damaged, as it is not replaced atomically).
pub(crate) fn overwrite(file: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(file)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)
}

/// Writes `<cache_dir>/.gitignore` if it is not there, as Jekyll hides its cache folder from
/// git when it uses it.
pub(crate) fn hide_from_git(cache_dir: &std::path::Path) {
    let ignore = cache_dir.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(ignore, "# ignore everything in this directory\n*\n");
    }
}

/// Appends one field.
pub(crate) fn push(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(bytes.len().to_string().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

/// Writes one field, as [`push`] appends it.
pub(crate) fn write_field(w: &mut dyn std::io::Write, bytes: &[u8]) -> std::io::Result<()> {
    writeln!(w, "{}", bytes.len())?;
    w.write_all(bytes)?;
    w.write_all(b"\n")
}

/// Reads fields off the front of a buffer; `None` at its end or at anything malformed.
pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl<'a> Reader<'a> {
    /// Skips `magic`, which must come first.
    pub(crate) fn expect(&mut self, magic: &[u8]) -> Option<()> {
        self.0 = self.0.strip_prefix(magic)?;
        Some(())
    }

    /// The next field, as text.
    pub(crate) fn field(&mut self) -> Option<&'a str> {
        let nl = self.0.iter().position(|&b| b == b'\n')?;
        let len: usize = std::str::from_utf8(&self.0[..nl]).ok()?.parse().ok()?;
        let rest = &self.0[nl + 1..];
        if rest.len() < len + 1 || rest[len] != b'\n' {
            return None;
        }
        let text = std::str::from_utf8(&rest[..len]).ok()?;
        self.0 = &rest[len + 1..];
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_read_back_as_written() {
        let mut out = Vec::new();
        super::push(&mut out, b"a\nb");
        super::push(&mut out, b"");
        let mut r = super::Reader(&out);
        assert_eq!(r.field(), Some("a\nb"));
        assert_eq!(r.field(), Some(""));
        assert_eq!(r.field(), None);
        assert_eq!(super::Reader(b"5\nab\n").field(), None, "cut short");
    }
}
