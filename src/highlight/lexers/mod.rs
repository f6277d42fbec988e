//! The lexers hyde reproduces, one file each, named by their Rouge tag.

mod console;
mod plaintext;
mod python;
mod shell;

pub(crate) use console::Console;
pub(crate) use plaintext::PlainText;
pub(crate) use python::Python;
pub(crate) use shell::Shell;
