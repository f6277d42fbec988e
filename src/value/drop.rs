//! Drops: objects whose fields are computed when Liquid asks for them.

use super::Value;
use std::fmt::Debug;

/// A lazily evaluated object, like Jekyll's `Drop`s (`site`, `page`, `forloop`).
///
/// Liquid asks a drop for one key at a time, so a drop can hand out large shared values
/// (`site.posts`) or values computed on demand (`page.content`) without building a hash.
pub trait Drop: Send + Sync + Debug {
    /// The value of `key`, or `None` when the drop has no such key.
    fn get(&self, key: &str) -> Option<Value>;

    /// The keys, in order, for iteration, `jsonify` and `inspect`.
    fn keys(&self) -> Vec<String>;

    /// The drop as a plain hash.
    fn to_value(&self) -> Value {
        let mut h = super::Hash::default();
        for k in self.keys() {
            let v = self.get(&k).unwrap_or_default();
            h.insert(k, v);
        }
        Value::from(h)
    }

    /// The hash JSON shows for the drop when it sits `depth` arrays or objects deep (Ruby's
    /// `hash_for_json(state)`): documents cut their `next`/`previous` chain from depth 2.
    fn to_json_value(&self, _depth: usize) -> Value {
        self.to_value()
    }

    /// What `{{ drop }}` prints.
    fn to_liquid_string(&self) -> String {
        self.to_value().inspect()
    }

    /// Gives `out` the strings that name this drop (what `get` returns for `url`, `path`,
    /// ...), for change detection, without building values; false when the drop has no
    /// such shortcut (then its values are read).
    fn identify(&self, _out: &mut dyn FnMut(&str)) -> bool {
        false
    }

    /// Ruby's class name, for error messages.
    fn class_name(&self) -> &'static str {
        "Drop"
    }

    /// `size`, where the drop has one.
    fn size(&self) -> Option<i64> {
        None
    }

    /// Ruby `==` against another drop of any kind (default: identity only).
    fn equals(&self, _other: &dyn Drop) -> bool {
        false
    }
}
