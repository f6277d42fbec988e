//! The element tree kramdown's parsers build and its converters walk.
//!
//! Element kinds, their `value` and their options follow kramdown's `Kramdown::Element`, so that
//! the behaviour read in kramdown's sources maps onto this tree one to one.

/// What an element is (kramdown's element `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Root,
    Blank,
    /// Text whose span-level syntax is still to be parsed (block parsing stage).
    RawText,
    Text,
    /// Raw output (`{::nomarkdown}`, script bodies, footnote backlinks).
    Raw,
    P,
    Header,
    Blockquote,
    Codeblock,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Hr,
    Br,
    A,
    Img,
    Codespan,
    Footnote,
    Em,
    Strong,
    Entity,
    TypographicSym,
    SmartQuote,
    Abbreviation,
    HtmlElement,
    XmlComment,
    XmlPi,
    Comment,
    Math,
    /// End-of-block marker (`^`, or the trace a definition or IAL leaves).
    Eob,
    /// The container a footnote definition is parsed into.
    FootnoteDef,
    /// A scratch container (list item bodies).
    Temp,
}

/// Whether an element that can be either is block-level or span-level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    Block,
    Span,
}

/// How the body of an HTML element is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContentModel {
    Raw,
    Block,
    Span,
}

/// Table column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Default,
    Left,
    Right,
    Center,
}

/// What left an end-of-block marker behind; `None` on an [`Element`] is the explicit `^` marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EobKind {
    Ial,
    Ald,
    Extension,
    LinkDef,
    AbbrevDef,
    FootnoteDef,
}

/// An insertion-ordered attribute map: HTML attributes come out in the order they were set,
/// as with Ruby hashes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attrs(pub Vec<(String, String)>);

impl Attrs {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Sets `key`, keeping its position if it is already there.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        let value = value.into();
        if let Some(slot) = self.0.iter_mut().find(|(k, _)| k == key) {
            slot.1 = value;
        } else {
            self.0.push((key.to_string(), value));
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An inline attribute list (`{: .class #id key="value" ref}`), unresolved: references to
/// attribute list definitions are kept by name and resolved when applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ial {
    pub attrs: Attrs,
    pub refs: Vec<String>,
}

impl Ial {
    /// kramdown's `update_ial_with_ial`: merges `other` into `self`, classes appended.
    pub fn merge(&mut self, other: &Ial) {
        self.refs.extend(other.refs.iter().cloned());
        for (k, v) in &other.attrs.0 {
            if k == "class" {
                let joined = join_class(self.attrs.get("class"), v);
                self.attrs.set("class", joined);
            } else {
                self.attrs.set(k, v.clone());
            }
        }
    }
}

/// `"#{old} #{new}".lstrip`, how kramdown appends a class.
pub(crate) fn join_class(old: Option<&str>, new: &str) -> String {
    let old = old.unwrap_or("");
    let mut joined = String::with_capacity(old.len() + 1 + new.len());
    joined.push_str(old);
    joined.push(' ');
    joined.push_str(new);
    let start = joined.len()
        - joined
            .trim_start_matches(crate::markdown::scan::is_rb_strip)
            .len();
    joined.drain(..start);
    joined
}

/// Element options kramdown keeps in its per-element `options` hash.
#[derive(Clone, Debug, Default)]
pub(crate) struct ElOpts {
    pub category: Option<Category>,
    pub ial: Option<Box<Ial>>,
    pub level: u8,
    pub transparent: bool,
    pub content_model: Option<ContentModel>,
    pub is_closed: bool,
    /// An entity's code point.
    pub code_point: u32,
    pub first_as_para: bool,
    pub eob: Option<EobKind>,
    /// Index into the parser's side tables (link definitions, footnotes) for elements that
    /// refer to one.
    pub key: usize,
    rare: Option<Box<RareOpts>>,
}

/// Options only a few kinds carry, boxed: a page's tree has tens of thousands of elements,
/// moved and dropped one by one, and these would more than double each one's size.
#[derive(Clone, Debug, Default)]
pub(crate) struct RareOpts {
    /// A header's or term's text, for its id.
    pub raw_text: Option<String>,
    /// A fenced code block's language.
    pub lang: Option<String>,
    /// A table's column alignments.
    pub alignment: Vec<Align>,
    /// An entity's source form.
    pub original: Option<String>,
    /// `{::nomarkdown type="..."}`.
    pub raw_types: Vec<String>,
}

static NO_RARE_OPTS: RareOpts = RareOpts {
    raw_text: None,
    lang: None,
    alignment: Vec::new(),
    original: None,
    raw_types: Vec::new(),
};

impl ElOpts {
    pub fn rare(&self) -> &RareOpts {
        self.rare.as_deref().unwrap_or(&NO_RARE_OPTS)
    }

    pub fn rare_mut(&mut self) -> &mut RareOpts {
        self.rare.get_or_insert_default()
    }
}

/// One node of the element tree.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub kind: Kind,
    pub value: String,
    pub attr: Attrs,
    pub opts: ElOpts,
    pub children: Vec<Element>,
}

impl Element {
    pub fn new(kind: Kind) -> Element {
        Element {
            kind,
            value: String::new(),
            attr: Attrs::default(),
            opts: ElOpts::default(),
            children: Vec::new(),
        }
    }

    pub fn with_value(kind: Kind, value: impl Into<String>) -> Element {
        let mut el = Element::new(kind);
        el.value = value.into();
        el
    }

    /// kramdown's `Element.category`: fixed for most kinds, from the options for the others.
    pub fn category(&self) -> Option<Category> {
        use Kind::*;
        match self.kind {
            Blank | P | Header | Blockquote | Codeblock | Ul | Ol | Li | Dl | Dt | Dd | Table
            | Td | Hr => Some(Category::Block),
            Text | A | Br | Img | Codespan | Footnote | Em | Strong | Entity | TypographicSym
            | SmartQuote | Abbreviation => Some(Category::Span),
            _ => self.opts.category,
        }
    }

    pub fn is_block(&self) -> bool {
        self.category() == Some(Category::Block)
    }

    /// Whether this is an HTML element whose body is raw.
    pub fn is_raw_html(&self) -> bool {
        self.kind == Kind::HtmlElement && self.opts.content_model == Some(ContentModel::Raw)
    }
}

// Elements are moved into and out of child lists constantly: keep them small.
const _: () = assert!(std::mem::size_of::<Element>() <= 120);
