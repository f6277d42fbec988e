//! Liquid render speed on a realistic layout (an Academic Pages-like archive page: 150 posts
//! through an include, publications sorted, nav, author sidebar), the same template and data
//! as `benches/liquid/bench.rb` runs on Ruby Liquid 5.4. Run `benches/liquid/run.sh` for both.
//!
//! Prints parse and render times (median of the runs) in milliseconds.

use hyde::liquid::{Context, Engine, Error, ErrorKind, FileSystem, Template};
use hyde::value::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Partials parsed once and shared, as hyde's build caches includes.
struct Partials(HashMap<String, Arc<Template>>);

impl FileSystem for Partials {
    fn read_template(&self, _: &Engine, name: &str) -> Result<Arc<Template>, Error> {
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::FileSystem, format!("no partial {name}")))
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/liquid");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("data.json")).expect("data.json"))
            .expect("json");
    let globals = Value::from(&data);
    let layout = std::fs::read_to_string(dir.join("layout.liquid")).expect("layout");
    let engine = Engine::liquid();

    let runs = 200;
    let mut parse_times = Vec::new();
    let mut template = None;
    for _ in 0..runs {
        let t = Instant::now();
        template = Some(engine.parse(&layout, "layout.liquid").expect("parses"));
        parse_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let template = template.expect("parsed");
    let mut partials = HashMap::new();
    for entry in std::fs::read_dir(dir.join("includes")).expect("includes") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        let src = std::fs::read_to_string(&path).expect("partial");
        partials.insert(
            name.clone(),
            Arc::new(engine.parse(&src, &name).expect("partial parses")),
        );
    }
    let fs = Arc::new(Partials(partials));

    let mut render_times = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let mut ctx = Context::new(&engine, globals.clone());
        ctx.set_file_system(fs.clone());
        let out = template.render(&mut ctx).expect("renders");
        render_times.push(t.elapsed().as_secs_f64() * 1e3);
        size = out.len();
    }
    if let Ok(path) = std::env::var("OUT") {
        let mut ctx = Context::new(&engine, globals.clone());
        ctx.set_file_system(fs.clone());
        std::fs::write(path, template.render(&mut ctx).expect("renders")).expect("write OUT");
    }
    println!(
        "hyde liquid: parse {:.3} ms, render {:.3} ms ({size} bytes)",
        median(parse_times),
        median(render_times)
    );
}
