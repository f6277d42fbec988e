//! The lexers hyde reproduces, one file each, named by their Rouge tag.

mod c;
mod c_words;
mod console;
mod javascript;
mod json;
mod plaintext;
mod python;
mod r;
mod shell;
mod tex;

pub(crate) use c::C;
pub(crate) use console::Console;
pub(crate) use javascript::Javascript;
pub(crate) use json::Json;
pub(crate) use plaintext::PlainText;
pub(crate) use python::Python;
pub(crate) use r::R;
pub(crate) use shell::Shell;
pub(crate) use tex::Tex;
