//! grass's compressed declaration values, made from its expanded ones.
//!
//! The compressed style starts from grass's compressed values (`compress::libsass_value`
//! turns them into libsass's). Compiling the stylesheet a second time to get them doubled a
//! cold build's Sass: Academic Pages' theme took 0.70 G instructions for the second compile
//! against 0.72 G for the first. A declaration's value differs between grass's two styles only
//! in how its serializer writes numbers (`0.5` → `.5`), colours (the shortest of name and hex;
//! rgba without spaces), list and argument separators (`, ` → `,`, ` / ` → `/`) and a
//! calculation's `*` and `/`, so that is redone here on the expanded text.
//!
//! The text cannot always tell what grass held: an HSL or four/eight-digit hex colour, or a
//! verbatim function (`-webkit-calc(…)`, `progid:…`, a custom property) whose interpolations
//! grass wrote in the compressed style while leaving its literal text alone. Then `packed`
//! answers `None` and the caller compiles the compressed style after all. Text grass made
//! from an unquoted string (`unquote("0.5")`) is taken for what it looks like; checked
//! against grass on every stylesheet in the repository (`tests` below). A calculation or
//! verbatim function reached through a variable (`width: $w`) is judged by the declaration's
//! own text, which shows no interpolation even when `$w`'s had some.

/// grass's compressed text of the declaration value `expanded` (grass's expanded text of it),
/// or `None` when the text cannot tell. `written` is the value as the source wrote it, when
/// known; `custom` says the property is a custom property (`--x`), kept as written.
pub fn packed(expanded: &str, written: Option<&str>, custom: bool) -> Option<String> {
    // Interpolation inside text grass keeps as written is the one place the two styles mix
    // literal text (kept) and values (written compressed).
    let interpolated = written.is_none_or(|w| w.contains("#{"));
    // `inspect` writes its value in the expanded style whatever the output's.
    if written.is_some_and(|w| w.contains("inspect(")) {
        return None;
    }
    if custom {
        return (!interpolated || convert(expanded, false)?.as_str() == expanded)
            .then(|| expanded.to_string());
    }
    convert(expanded, interpolated)
}

/// Whether `packed` is turned off, so that tests can compare with grass's own compressed
/// output.
#[cfg(test)]
pub fn off() -> bool {
    tests::OFF.with(|o| o.get())
}

#[cfg(not(test))]
pub fn off() -> bool {
    false
}

/// Notes, for tests, that a compile made its values here.
#[cfg(test)]
pub fn note_used() {
    tests::USED.with(|u| u.set(true));
}

#[cfg(not(test))]
pub fn note_used() {}

/// `text` converted; with `interpolated`, text kept verbatim is checked for interpolations
/// the compressed style would write differently (`None` then).
fn convert(text: &str, interpolated: bool) -> Option<String> {
    let mut w = Writer {
        s: text.as_bytes(),
        i: 0,
        out: String::with_capacity(text.len()),
        calc: Vec::new(),
        interpolated,
    };
    w.value()?;
    Some(w.out)
}

/// What a bracket opens, for what grass writes inside it.
#[derive(Clone, Copy, PartialEq)]
enum Bracket {
    /// A calculation (`calc`, `min`, `max`, `clamp`) or a group inside one: grass drops the
    /// spaces around `*` and `/` and after `,`.
    Calc,
    /// A plain CSS function (`scale(-1, 1)`): grass joins its arguments with `, ` in both
    /// styles, each argument written in the output's style.
    Plain,
    /// Any other group.
    Group,
}

struct Writer<'a> {
    s: &'a [u8],
    i: usize,
    out: String,
    /// What each open bracket belongs to.
    calc: Vec<Bracket>,
    interpolated: bool,
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'\\') || b >= 0x80
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'_' | b'\\') || b >= 0x80
}

impl Writer<'_> {
    fn at(&self, k: usize) -> u8 {
        self.s.get(self.i + k).copied().unwrap_or(0)
    }

    fn text(&self, from: usize, to: usize) -> &str {
        // Cuts fall on ASCII bytes, so they are character boundaries.
        std::str::from_utf8(&self.s[from..to]).unwrap_or("")
    }

    fn copy(&mut self, from: usize, to: usize) {
        let t = std::str::from_utf8(&self.s[from..to]).unwrap_or("");
        self.out.push_str(t);
    }

    fn in_calc(&self) -> bool {
        self.calc.last() == Some(&Bracket::Calc)
    }

    fn value(&mut self) -> Option<()> {
        while self.i < self.s.len() {
            let b = self.at(0);
            match b {
                b'"' | b'\'' => {
                    let from = self.i;
                    self.skip_string();
                    self.copy(from, self.i);
                }
                b'#' => self.hash()?,
                b',' if self.calc.last() == Some(&Bracket::Plain) => {
                    self.out.push(',');
                    self.i += 1;
                }
                b',' => {
                    self.out.push(',');
                    self.i += 1;
                    while self.at(0) == b' ' {
                        self.i += 1;
                    }
                }
                b' ' if matches!(self.at(1), b'/' | b'*') && self.at(2) == b' ' => {
                    // A slash-separated list, or a calculation's division or product.
                    if self.at(1) == b'/' || self.in_calc() {
                        self.out.push(self.at(1) as char);
                        self.i += 3;
                    } else {
                        self.out.push(' ');
                        self.i += 1;
                    }
                }
                b'(' => {
                    let inside = if self.in_calc() {
                        Bracket::Calc
                    } else {
                        Bracket::Group
                    };
                    self.calc.push(inside);
                    self.out.push('(');
                    self.i += 1;
                }
                b')' => {
                    self.calc.pop();
                    self.out.push(')');
                    self.i += 1;
                }
                b'0'..=b'9' => self.number(),
                b'.' if self.at(1).is_ascii_digit() => self.number(),
                b'-' | b'+'
                    if self.at(1).is_ascii_digit()
                        || (self.at(1) == b'.' && self.at(2).is_ascii_digit()) =>
                {
                    self.number()
                }
                b'-' if is_name_start(self.at(1)) || self.at(1) == b'-' => self.name()?,
                _ if is_name_start(b) => self.name()?,
                _ => {
                    let from = self.i;
                    self.i += 1;
                    while self.i < self.s.len() && self.s[self.i] >= 0x80 {
                        self.i += 1;
                    }
                    self.copy(from, self.i);
                }
            }
        }
        Some(())
    }

    fn skip_string(&mut self) {
        let q = self.at(0);
        self.i += 1;
        while self.i < self.s.len() && self.s[self.i] != q {
            self.i += if self.s[self.i] == b'\\' { 2 } else { 1 };
        }
        self.i = (self.i + 1).min(self.s.len());
    }

    /// Past the bracket that closes the one just opened (`self.i` is after its `(`).
    fn skip_brackets(&mut self) {
        let mut depth = 1;
        while self.i < self.s.len() && depth > 0 {
            match self.at(0) {
                b'"' | b'\'' => {
                    self.skip_string();
                    continue;
                }
                b'(' => depth += 1,
                b')' => depth -= 1,
                b'\\' => self.i += 1,
                _ => {}
            }
            self.i += 1;
        }
        self.i = self.i.min(self.s.len());
    }

    /// A number and its unit: grass's compressed style drops the zero before the point.
    fn number(&mut self) {
        let from = self.i;
        if matches!(self.at(0), b'-' | b'+') {
            self.i += 1;
        }
        let digits = self.i;
        while self.at(0).is_ascii_digit() {
            self.i += 1;
        }
        if self.at(0) == b'.' && self.at(1).is_ascii_digit() {
            self.i += 1;
            while self.at(0).is_ascii_digit() {
                self.i += 1;
            }
        }
        let body = self.text(digits, self.i);
        if body.starts_with("0.") {
            self.copy(from, digits);
            self.copy(digits + 1, self.i);
        } else {
            self.copy(from, self.i);
        }
        let unit = self.i;
        if self.at(0) == b'%' {
            self.i += 1;
        } else {
            while is_name(self.at(0)) {
                self.i += if self.at(0) == b'\\' { 2 } else { 1 };
            }
        }
        self.i = self.i.min(self.s.len());
        self.copy(unit, self.i);
    }

    /// `#` and what follows: a hex colour, or text.
    fn hash(&mut self) -> Option<()> {
        let from = self.i;
        self.i += 1;
        while is_name(self.at(0)) {
            self.i += if self.at(0) == b'\\' { 2 } else { 1 };
        }
        self.i = self.i.min(self.s.len());
        let digits = self.text(from + 1, self.i);
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            self.copy(from, self.i);
            return Some(());
        }
        let channel = |k: usize, n: usize| u8::from_str_radix(&digits[k * n..k * n + n], 16).ok();
        match digits.len() {
            3 => {
                let c = [channel(0, 1)?, channel(1, 1)?, channel(2, 1)?].map(|v| v * 17);
                self.out.push_str(&shortest(c));
            }
            6 => {
                let c = [channel(0, 2)?, channel(1, 2)?, channel(2, 2)?];
                self.out.push_str(&shortest(c));
            }
            // With an alpha channel: grass writes `rgba(…)` unless it is opaque; not worth
            // telling apart here.
            4 | 8 => return None,
            _ => self.copy(from, self.i),
        }
        Some(())
    }

    /// A name: a colour keyword, a function and its arguments, or text.
    fn name(&mut self) -> Option<()> {
        let from = self.i;
        while is_name(self.at(0)) {
            self.i += if self.at(0) == b'\\' { 2 } else { 1 };
        }
        self.i = self.i.min(self.s.len());
        let name = self.text(from, self.i).to_ascii_lowercase();
        match self.at(0) {
            b'(' => self.function(from, &name),
            b':' if name == "progid" => {
                // An old IE filter, kept as written to the end of the value.
                let rest = self.s.len();
                self.verbatim(from, rest)
            }
            _ => {
                if name == "transparent" {
                    self.out.push_str("rgba(0,0,0,0)");
                } else if let Some(c) = named(&name) {
                    self.out.push_str(&shortest(c));
                } else {
                    self.copy(from, self.i);
                }
                Some(())
            }
        }
    }

    /// `name(` at `from`, `self.i` on the bracket.
    fn function(&mut self, from: usize, name: &str) -> Option<()> {
        let unvendored = match name.strip_prefix('-') {
            Some(rest) => rest.split_once('-').map_or(name, |(_, n)| n),
            None => name,
        };
        // hyde's colour functions leave a call they cannot compute as CSS
        // (`rgba(var(--x), 0.5)`, `opacity(0.5)` as a filter), written in the expanded style
        // whatever the output's (`colour::css_function`).
        let left_as_css = matches!(name, "grayscale" | "saturate" | "invert" | "opacity")
            || (matches!(name, "rgb" | "rgba" | "hsl" | "hsla") && !self.numeric_arguments());
        let verbatim = name == "url"
            || left_as_css
            || matches!(unvendored, "element" | "expression")
            || (unvendored == "calc" && name != "calc");
        if verbatim {
            self.i += 1;
            self.skip_brackets();
            let to = self.i;
            // What hyde wrote is not interpolated; nor is a URL, as far as numbers and
            // colours go.
            if left_as_css || name == "url" {
                self.copy(from, to);
                return Some(());
            }
            return self.verbatim(from, to);
        }
        if matches!(name, "rgb" | "rgba" | "hsl" | "hsla") {
            let open = self.i + 1;
            let mut end = open;
            while end < self.s.len() && self.s[end] != b')' {
                end += 1;
            }
            let args: Vec<&str> = self.text(open, end.min(self.s.len())).split(", ").collect();
            let numbers: Option<Vec<f64>> = args.iter().map(|a| a.parse().ok()).collect();
            if name.starts_with("hsl")
                && args.iter().all(|a| {
                    a.trim_end_matches(['%', 'g', 'e', 'd'])
                        .parse::<f64>()
                        .is_ok()
                })
            {
                return None;
            }
            if let Some(n) = numbers
                && (n.len() == 3 || (n.len() == 4 && (n[3] - 1.0).abs() < 1e-11))
            {
                let c = [n[0], n[1], n[2]].map(|v| v.round().clamp(0.0, 255.0) as u8);
                self.out.push_str(&shortest(c));
                self.i = (end + 1).min(self.s.len());
                return Some(());
            }
        }
        self.copy(from, self.i + 1);
        self.i += 1;
        let calculation = matches!(name, "calc" | "min" | "max" | "clamp");
        if calculation && self.interpolated && !self.in_calc() {
            // grass keeps a bracket with interpolation in a calculation as written
            // (`(#{$unit} / 2)` stays spaced), which the text does not show.
            self.i += 1;
            self.skip_brackets();
            let to = self.i;
            return self.verbatim(from, to);
        }
        let inside = if self.in_calc() || calculation {
            Bracket::Calc
        } else if matches!(name, "rgb" | "rgba") {
            // A colour with an alpha, which grass writes as `rgba(…)` with its separators.
            Bracket::Group
        } else {
            Bracket::Plain
        };
        self.calc.push(inside);
        Some(())
    }

    /// Whether the arguments of the call whose `(` is at `self.i` are all numbers.
    fn numeric_arguments(&self) -> bool {
        let open = self.i + 1;
        let close = self.s[open.min(self.s.len())..]
            .iter()
            .position(|&b| b == b')')
            .map_or(self.s.len(), |k| open + k);
        self.text(open, close).split(", ").all(|a| {
            a.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%')
                .parse::<f64>()
                .is_ok()
        })
    }

    /// Text grass keeps as written in both styles, unless interpolation may have put values
    /// into it that the compressed style would write differently.
    fn verbatim(&mut self, from: usize, to: usize) -> Option<()> {
        let text = self.text(from, to);
        if self.interpolated {
            let inner = text.split_once('(').map_or("", |(_, rest)| rest);
            if convert(inner, false)?.as_str() != inner {
                return None;
            }
        }
        self.copy(from, to);
        self.i = to;
        Some(())
    }
}

/// How grass's compressed style writes an opaque colour: its name when no longer than its
/// hex, else the hex, shortened when it can be.
fn shortest(c: [u8; 3]) -> String {
    let short = c.iter().all(|v| v >> 4 == v & 0xF);
    let hex_len = if short { 4 } else { 7 };
    if let Some(name) = super::names::name_of(c)
        && name.len() <= hex_len
    {
        return name.to_string();
    }
    if short {
        format!("#{:x}{:x}{:x}", c[0] & 0xF, c[1] & 0xF, c[2] & 0xF)
    } else {
        format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
    }
}

fn named(name: &str) -> Option<[u8; 3]> {
    super::names::keyword(name).map(|[r, g, b, _]| [r as u8, g as u8, b as u8])
}

#[cfg(test)]
mod tests {
    use super::packed;
    use crate::sass::css::{self, Node};
    use std::path::{Path, PathBuf};

    /// grass's output of `scss` in both styles, with hyde's colour functions, as the
    /// pipeline compiles it; `None` for a stylesheet grass refuses on its own.
    fn both(scss: &str, load_paths: &[PathBuf]) -> Option<(String, String)> {
        let run = |style| {
            let opts = grass::Options::default()
                .style(style)
                .quiet(true)
                .load_paths(load_paths);
            grass::from_string(scss.to_string(), &super::super::colour::register(opts)).ok()
        };
        Some((
            run(grass::OutputStyle::Expanded)?,
            run(grass::OutputStyle::Compressed)?,
        ))
    }

    fn decls(css: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        css::walk(&css::parse(css), &mut |n| {
            if let Node::Decl { prop, value, .. } = n {
                out.push((prop.clone(), value.clone()));
            }
        });
        out
    }

    /// For each declaration of `scss`: what `packed` makes of grass's expanded value, and
    /// grass's compressed value, where the two differ (`None` answers are not differences).
    fn differences(scss: &str, load_paths: &[PathBuf]) -> (usize, Vec<String>) {
        let Some((expanded, compressed)) = both(scss, load_paths) else {
            return (0, Vec::new());
        };
        let (wide, narrow) = (decls(&expanded), decls(&compressed));
        assert_eq!(wide.len(), narrow.len(), "{expanded}\n{compressed}");
        let mut seen = 0;
        let mut wrong = Vec::new();
        for ((prop, e), (_, c)) in wide.iter().zip(&narrow) {
            if let Some(p) = packed(e, None, prop.starts_with("--")) {
                seen += 1;
                if &p != c {
                    wrong.push(format!("{prop}: {e}\n  packed  {p}\n  grass   {c}"));
                }
            }
        }
        (seen, wrong)
    }

    #[test]
    fn values_as_grass_compresses_them() {
        let scss = r#"
            $n: 0.5em; $c: #FFFFFF; $list: 0.25em, 1px;
            .a {
              a: $n -0.5em 0.75 * 2px; b: $c #FF0000 #AbCdEf white WHITE red navy;
              c: rgba(0, 0, 0, 0.5) rgb(10, 20, 30) transparent cyan magenta gray grey;
              d: $list; e: 1px / 2px 3px; f: calc(100% - 0.5em) calc(100% / 3) calc(var(--x) * 0.5) calc((100% - 1px) / 3);
              g: rotate3d(0, 0, 1, 0.5turn) scale(-1, 1) translate(0.5px, 0); h: "0.5, #fff" 'a, b';
              i: url(data:image/png;base64,0.5) url("x, 0.5.png"); j: rgba(var(--x), 0.5);
              k: opacity(0.5) grayscale(0.5); l: 12px/1.5 Georgia, "Times New Roman", serif;
              m: 0 0 0.5em rgba(0,0,0,0.25) !important; n: -webkit-calc(100% - 0.5em);
              o: min(100%, 0.5em) max(1px, 2px); p: mix(#fff, #000, 33%) lighten(#123, 5%);
              q: 0.0001 -0 1.000 0.1px; r: U+0025-00FF; s: var(--x, 0.5em);
              --custom: 0.5em, #FFFFFF; t: darken($c, 10%) transparentize(#000, 0.5);
            }
        "#;
        let (seen, wrong) = differences(scss, &[]);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // Not known as written here, so taken as possibly interpolated: all but `n` and
        // `--custom` (verbatim text) and `f` and `o` (calculations, which grass writes as
        // written where they hold interpolation).
        assert_eq!(seen, 17);
    }

    #[test]
    fn what_the_text_cannot_tell_is_left_to_grass() {
        for (value, custom) in [
            ("hsl(120deg, 50%, 50%)", false),
            ("#fff8", false),
            ("#11223344", false),
            ("-webkit-calc(100% - 0.5em)", false),
            ("0.5em #FFFFFF", true),
        ] {
            assert_eq!(packed(value, Some("#{$x}"), custom), None, "{value}");
        }
        // Without interpolation, verbatim text is verbatim.
        assert_eq!(
            packed(
                "-webkit-calc(100% - 0.5em)",
                Some("-webkit-calc(100% - 0.5em)"),
                false
            ),
            Some("-webkit-calc(100% - 0.5em)".into())
        );
        assert_eq!(
            packed("0.5em #FFFFFF", Some("0.5em #FFFFFF"), true),
            Some("0.5em #FFFFFF".into())
        );
    }

    thread_local! {
        pub static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        /// Whether the last compile made its values here.
        pub static USED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Every stylesheet in the repository (the scenarios', the bundled site's), compiled in
    /// the compressed style with `packed` and with grass's compressed output: the same CSS.
    #[test]
    fn every_stylesheet_here_compresses_as_with_grass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sites = vec![root.to_path_buf()];
        for e in std::fs::read_dir(root.join("tests/scenarios/sass"))
            .into_iter()
            .flatten()
        {
            sites.extend(e.ok().map(|e| e.path().join("site")));
        }
        let (mut same, mut packed) = (0, 0);
        let mut wrong = Vec::new();
        for site in sites {
            let (s, p, w) = check_site(&site);
            (same, packed) = (same + s, packed + p);
            wrong.extend(w);
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // Most stylesheets take the fast way; a few have what only grass can tell.
        assert!(
            same >= 40 && packed * 10 >= same * 8,
            "{same} same, {packed} packed"
        );
    }

    /// `HYDE_PACKED_SITES=a:b cargo test packed -- --ignored`: the same check on other sites
    /// (Academic Pages forks, themes) kept out of the repository.
    #[test]
    #[ignore]
    fn other_sites_compress_as_with_grass() {
        let sites = std::env::var("HYDE_PACKED_SITES").unwrap_or_default();
        let mut wrong = Vec::new();
        for site in sites.split(':').filter(|s| !s.is_empty()) {
            let (same, packed, w) = check_site(Path::new(site));
            eprintln!(
                "{site}: {same} stylesheets, {packed} made without grass's compressed output, {} differ",
                w.len()
            );
            wrong.extend(w);
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The site's `.scss` pages without Liquid, compiled as `site` configures Sass but
    /// compressed: how many compile, how many of those without grass's compressed output,
    /// and the differences from compiling with it.
    fn check_site(site: &Path) -> (usize, usize, Vec<String>) {
        let opts = crate::options::BuildOptions {
            source: Some(site.to_path_buf()),
            ..Default::default()
        };
        let Ok(config) = crate::config::Config::load(&opts, site) else {
            return (0, 0, Vec::new());
        };
        let mut sass = crate::sass::Sass::new(&config);
        sass.style = crate::sass::Style::Compressed;
        let mut pages = Vec::new();
        let mut todo = vec![site.to_path_buf()];
        while let Some(dir) = todo.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if p.is_dir() && !name.starts_with(['_', '.']) && name != "target" {
                    todo.push(p);
                } else if name.ends_with(".scss") && !name.starts_with('_') {
                    pages.push((p, name));
                }
            }
        }
        let (mut same, mut packed) = (0, 0);
        let mut wrong = Vec::new();
        for (page, name) in pages {
            let text = std::fs::read_to_string(&page).unwrap_or_default();
            let Some((_, body)) = text.strip_prefix("---").and_then(|t| t.split_once("\n---"))
            else {
                continue;
            };
            let body = body.split_once('\n').map_or("", |(_, b)| b);
            if body.contains("{{") || body.contains("{%") {
                continue;
            }
            let base = name.trim_end_matches(".scss");
            let compile = |off: bool| {
                OFF.with(|o| o.set(off));
                USED.with(|u| u.set(false));
                // Both through grass: hyde's own evaluator would take these pages.
                crate::sass::scss::expand::OFF.with(|o| o.set(true));
                let page = crate::sass::SassPage {
                    name: &name,
                    basename: base,
                };
                let recorder = crate::sass::cache::Recorder::default();
                let out =
                    sass.compile_uncached(body, crate::sass::Syntax::Scss, Some(page), &recorder);
                OFF.with(|o| o.set(false));
                crate::sass::scss::expand::OFF.with(|o| o.set(false));
                out
            };
            let Ok(fast) = compile(false) else {
                continue;
            };
            let used = USED.with(|u| u.get());
            let Ok(slow) = compile(true) else {
                continue;
            };
            USED.with(|u| u.set(used));
            same += 1;
            if fast != slow {
                let at = fast
                    .css
                    .bytes()
                    .zip(slow.css.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                let around = |t: &str| {
                    let from = t.floor_char_boundary(at.saturating_sub(80));
                    t[from..t.ceil_char_boundary((at + 80).min(t.len()))].to_string()
                };
                wrong.push(format!(
                    "{}:\n  with packed: {}\n  with grass:  {}",
                    page.display(),
                    around(&fast.css),
                    around(&slow.css)
                ));
            }
            packed += usize::from(USED.with(|u| u.get()));
        }
        (same, packed, wrong)
    }
}
