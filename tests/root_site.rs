//! The site bundled at the repository root builds as real Jekyll 4.3.1 builds it
//! (golden: `tests/goldens/sites/_root`, made by `tests/goldens/gen_site_goldens.sh`).

mod common;

use hyde::options::BuildOptions;
use std::path::PathBuf;

#[test]
fn bundled_site_matches_jekyll() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dest = std::env::temp_dir().join(format!("hyde-root-site-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dest);
    let opts = BuildOptions {
        source: Some(root.clone()),
        destination: Some(dest.clone()),
        ..Default::default()
    };
    hyde::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let result = common::compare_trees(&root.join("tests/goldens/sites/_root"), &dest);
    let _ = std::fs::remove_dir_all(&dest);
    if let Err(report) = result {
        panic!("the bundled site differs from Jekyll's build:\n{report}");
    }
}
