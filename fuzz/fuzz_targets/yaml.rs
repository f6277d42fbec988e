//! YAML as hyde loads front matter, `_config.yml` and `_data` files: any text gives a value
//! or an error, in bounded time and memory.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = hyde::yaml::load(text);
    }
});
