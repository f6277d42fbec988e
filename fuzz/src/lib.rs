//! What hyde's fuzz targets share: a site configuration as `hyde build` reads it for a site
//! with no `_config.yml`, so each target runs hyde's code with Jekyll's defaults.

use hyde::config::Config;
use hyde::options::BuildOptions;
use hyde::value::{Hash, Value};

/// The configuration of an empty site in a fresh folder under the temporary directory
/// (nothing there for Sass imports or includes to find).
pub fn empty_site_config() -> Config {
    let dir = std::env::temp_dir().join(format!("hyde-fuzz-site-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary site folder");
    Config::load(&BuildOptions::default(), &dir).expect("default configuration")
}

/// `config` with `key: value` set (a nested setting such as `kramdown:` or `sass:`).
pub fn with_setting(config: &Config, key: &str, value: &[(&str, Value)]) -> Config {
    let mut c = config.clone();
    let mut h = match c.data.get(key) {
        Some(Value::Hash(h)) => (**h).clone(),
        _ => Hash::default(),
    };
    for (k, v) in value {
        h.insert((*k).to_string(), v.clone());
    }
    c.data.insert(key.to_string(), Value::from(h));
    c
}

/// The first byte of a fuzz input as settings (flags), and the rest as UTF-8 text; `None`
/// when the rest is not UTF-8 (hyde reads text files as UTF-8 and skips the others).
pub fn flags_and_text(data: &[u8]) -> Option<(u8, &str)> {
    let (&flags, rest) = data.split_first()?;
    Some((flags, std::str::from_utf8(rest).ok()?))
}

/// hyde catches panics inside grass (the third-party Sass compiler, whose assertions do not
/// always hold) and reports them as the stylesheet's error; libfuzzer-sys's panic hook would
/// abort on them before hyde's `catch_unwind` could, so this hook lets panics raised in grass's
/// code (and in `codemap`, through which grass reports errors: it slices lines at byte
/// offsets inside characters) through. Any other panic still aborts and is reported.
pub fn tolerate_grass_panics() {
    let libfuzzer_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_grass = info.location().is_some_and(|l| {
            ["/grass_compiler-", "/grass-", "/codemap-"]
                .iter()
                .any(|dir| l.file().contains(dir))
        });
        if !in_grass {
            libfuzzer_hook(info);
        }
    }));
}
