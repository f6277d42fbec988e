//! The `hyde` binary: a thin command line over the `hyde` library.

mod cmd;

use std::process::ExitCode;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cmd::run()
}
