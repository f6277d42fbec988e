//! Helpers shared by integration tests.

#![allow(dead_code)]

pub mod html;

/// Whether two HTML documents are equal at the DOM level (see [`html::normalize`]).
pub fn html_dom_equal(a: &str, b: &str) -> bool {
    html::normalize(a) == html::normalize(b)
}
