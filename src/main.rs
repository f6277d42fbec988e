//! The `hyde` binary: a thin command line over the `hyde` library.

mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    cmd::run()
}
