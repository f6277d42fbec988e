//! SassScript expressions evaluated as libsass 3.6 evaluates them (`Eval` in libsass).
//! So far: literals, variables, lists and maps, parentheses, unary and binary operators.
//! Function calls, interpolation in all its libsass forms, and the statements come next.

use super::ast::{Args, BinOp, Expr, Interp, Piece, Span, UnaryOp};
use super::value::{self, At, Color, Number, Value};
use crate::sass::Style;
use std::collections::HashMap;

/// Variables in scope, innermost last.
#[derive(Debug, Default)]
pub struct Env {
    scopes: Vec<HashMap<String, Value>>,
}

impl Env {
    /// An environment with only the global scope.
    pub fn new() -> Env {
        Env {
            scopes: vec![HashMap::new()],
        }
    }

    /// Sass treats `-` and `_` in names as the same.
    fn key(name: &str) -> String {
        name.replace('_', "-")
    }

    /// The variable's value, innermost scope first.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let k = Env::key(name);
        self.scopes.iter().rev().find_map(|s| s.get(&k))
    }

    /// Sets a variable in the innermost scope.
    pub fn set(&mut self, name: &str, value: Value) {
        if let Some(s) = self.scopes.last_mut() {
            s.insert(Env::key(name), value);
        }
    }
}

/// An evaluation error: the message as libsass words it.
pub type EvalResult = Result<Value, String>;

/// What evaluation asks of its surroundings: variables, function calls (user-defined and
/// built in), and the parent selector for `&`.
pub trait Context {
    /// A variable's value.
    fn var(&self, name: &str) -> Option<Value>;
    /// Calls the function `name` with `args` (evaluated in this context).
    fn call(&mut self, name: &str, args: &Args) -> EvalResult;
    /// `&`: the current selector list as a value (`null` at the root).
    fn parent(&self) -> Value {
        Value::Null
    }
    /// The output style, which interpolation writes values in.
    fn style(&self) -> Style {
        Style::Nested
    }
}

impl Context for Env {
    fn var(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }

    fn call(&mut self, name: &str, _: &Args) -> EvalResult {
        Err(format!("no function {name} here"))
    }
}

/// Evaluates `e`; `force` is libsass's flag for a context that must compute (inside
/// parentheses, an argument, a variable's value), where `12px/1.5` divides.
pub fn eval(e: &Expr, env: &mut dyn Context, force: bool) -> EvalResult {
    eval_at(e, env, force, None)
}

/// [`eval`], a value made here placed at `at` instead of the expression's span: libsass's
/// parser gives a parenthesized expression the span of its parentheses.
fn eval_at(e: &Expr, env: &mut dyn Context, force: bool, at: Option<Span>) -> EvalResult {
    let here = |span: Span| Some(at.unwrap_or(span));
    match e {
        Expr::Number {
            value,
            unit,
            zero,
            signed,
            span,
        } => {
            // A signed number is libsass's unary operator on the number: a copy of it,
            // made where the number after the sign was.
            let own = Span {
                start: span.start + u32::from(*signed),
                ..*span
            };
            Ok(Value::Number(Number {
                value: *value,
                units: super::units::Units::single(unit),
                zero: *zero,
                at: At(Some(if *signed { own } else { at.unwrap_or(own) })),
            }))
        }
        Expr::Color { rgba, text, span } => Ok(Value::Color(Color {
            rgba: *rgba,
            disp: text.clone(),
            delayed: !force,
            hsl: None,
            at: At(here(*span)),
        })),
        Expr::Str { text, quote } => Ok(Value::Str {
            // A quoted string's escapes are read; an identifier's stay as written.
            text: text_of(text, env, quote.is_some())?,
            quote: *quote,
            at: At(here(text.span)),
        }),
        Expr::Bool(b, span) => Ok(Value::Bool(*b, At(here(*span)))),
        Expr::Null(_) => Ok(Value::Null),
        Expr::Var(name, _) => {
            let mut v = env
                .var(name)
                .ok_or_else(|| format!("Undefined variable: \"${name}\"."))?;
            // libsass: a number read from a variable may lose its leading zero, and a
            // colour its text.
            match &mut v {
                Value::Number(n) => n.zero = true,
                Value::Color(c) => c.delayed = false,
                _ => {}
            }
            Ok(v)
        }
        Expr::List {
            items,
            sep,
            bracketed,
            ..
        } => Ok(Value::List {
            items: std::rc::Rc::new(
                items
                    .iter()
                    .map(|x| eval(x, &mut *env, force))
                    .collect::<Result<_, _>>()?,
            ),
            sep: *sep,
            bracketed: *bracketed,
        }),
        Expr::Map(entries, _) => {
            let mut out: Vec<(Value, Value)> = Vec::new();
            for (k, v) in entries {
                let k = eval(k, env, true)?;
                if out.iter().any(|(k2, _)| value::equals(&k, k2)) {
                    return Err(format!("Duplicate key {} in map.", k.inspect()));
                }
                out.push((k, eval(v, env, true)?));
            }
            Ok(Value::Map(std::rc::Rc::new(out)))
        }
        Expr::Paren(inner, span) => eval_at(inner, env, true, here(*span)),
        // A negated number is a copy, made where the number was; anything else is new.
        Expr::Unary(op, operand, span) => {
            let v = unary(*op, &eval(operand, env, true)?)?;
            Ok(match (op, &v) {
                (UnaryOp::Minus | UnaryOp::Plus, Value::Number(_)) => v,
                _ => v.at(here(*span)),
            })
        }
        Expr::Binary {
            op: op @ (BinOp::And | BinOp::Or),
            lhs,
            rhs,
            ..
        } => binary(*op, lhs, rhs, env, force),
        // A new value is made where the operation is; libsass's shortcut for numbers
        // of one unit gives a copy of the left one.
        Expr::Binary {
            op, lhs, rhs, span, ..
        } => {
            let v = binary(*op, lhs, rhs, env, force)?;
            Ok(match v.span() {
                Some(_) if matches!(v, Value::Number(_)) => v,
                _ => v.at(here(*span)),
            })
        }
        Expr::Special(text) => Ok(Value::ident(text_of(text, env, false)?).at(here(text.span))),
        // A built-in function's value is made at the call unless it is (a copy of) an
        // argument; a user function's where its `@return` made it.
        Expr::Call { name, args, span } => {
            let name = text_of(name, env, false)?;
            let v = env.call(&name, args)?;
            Ok(match v.span() {
                Some(_) => v,
                None => v.at(here(*span)),
            })
        }
        Expr::Parent(_) => Ok(env.parent()),
    }
}

/// The text of `text`, its interpolations evaluated and written in the output's style;
/// `unescape` reads the escapes of its literal parts (a quoted string's).
pub fn text_of(text: &Interp, env: &mut dyn Context, unescape: bool) -> Result<String, String> {
    let mut out = String::new();
    for p in &text.parts {
        match p {
            Piece::Text(t) if unescape => out.push_str(&value::unescape(t)),
            Piece::Text(t) => out.push_str(t),
            Piece::Expr(x) => {
                let v = eval(x, env, true)?;
                out.push_str(&interpolated(&v, env.style())?)
            }
        }
    }
    Ok(out)
}

/// A value as interpolation writes it, in the output's style: strings unquoted.
pub fn interpolated(v: &Value, style: Style) -> Result<String, String> {
    match v {
        Value::Str { text, .. } => Ok(text.clone()),
        Value::Null => Ok(String::new()),
        other => other.to_css(style),
    }
}

fn unary(op: UnaryOp, v: &Value) -> EvalResult {
    match (op, v) {
        (UnaryOp::Not, v) => Ok(Value::bool(!v.truthy())),
        (UnaryOp::Minus, Value::Number(n)) => {
            let mut n = n.clone();
            n.value = -n.value;
            Ok(Value::Number(n))
        }
        (UnaryOp::Plus, Value::Number(n)) => Ok(Value::Number(n.clone())),
        (op, v) => {
            let sign = match op {
                UnaryOp::Minus => "-",
                UnaryOp::Plus => "+",
                _ => "/",
            };
            Ok(Value::ident(format!(
                "{sign}{}",
                interpolated(v, Style::Nested)?
            )))
        }
    }
}

fn binary(op: BinOp, lhs: &Expr, rhs: &Expr, env: &mut dyn Context, force: bool) -> EvalResult {
    match op {
        BinOp::And => {
            let l = eval(lhs, env, true)?;
            return if l.truthy() {
                eval(rhs, env, true)
            } else {
                Ok(l)
            };
        }
        BinOp::Or => {
            let l = eval(lhs, env, true)?;
            return if l.truthy() {
                Ok(l)
            } else {
                eval(rhs, env, true)
            };
        }
        _ => {}
    }
    let l = eval(lhs, env, true)?;
    let r = eval(rhs, env, true)?;
    let _ = force;
    let cmp = |less: bool, equal: bool| -> EvalResult {
        Ok(Value::bool(match op {
            BinOp::Lt => less,
            BinOp::Ge => !less,
            BinOp::Le => less || equal,
            _ => !(less || equal),
        }))
    };
    match op {
        BinOp::Eq => return Ok(Value::bool(value::equals(&l, &r))),
        BinOp::Ne => return Ok(Value::bool(!value::equals(&l, &r))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            return match (&l, &r) {
                (Value::Number(a), Value::Number(b)) => {
                    let less = a.less(b)?;
                    cmp(less, a.equals(b))
                }
                _ => Err(format!(
                    "Undefined operation: \"{} {} {}\".",
                    l.inspect(),
                    op_word(op),
                    r.inspect()
                )),
            };
        }
        _ => {}
    }
    let c = op_char(op);
    match (&l, &r) {
        (Value::Number(a), Value::Number(b)) => value::number_op(c, a, b),
        (Value::Number(a), Value::Color(b)) => value::number_color_op(c, a, b),
        (Value::Color(a), Value::Color(b)) => value::color_op(c, a, b),
        (Value::Color(a), Value::Number(b)) => value::color_number_op(c, a, b),
        _ => strings(c, &l, &r),
    }
}

/// libsass's `op_strings`: `+` joins (quoted if the left side is), `-` and `/` write both
/// sides around the operator, without spaces.
fn strings(op: char, l: &Value, r: &Value) -> EvalResult {
    if matches!(l, Value::Null) || matches!(r, Value::Null) {
        return Err(format!(
            "Invalid null operation: \"{} {} {}\".",
            l.inspect(),
            value::op_name(op),
            r.inspect()
        ));
    }
    let text = |v: &Value| -> Result<String, String> {
        match v {
            Value::Str { text, .. } => Ok(text.clone()),
            other => other.to_css(Style::Nested),
        }
    };
    let (ls, rs) = (text(l)?, text(r)?);
    match op {
        '+' => Ok(Value::Str {
            text: ls + &rs,
            quote: match l {
                Value::Str { quote, .. } => *quote,
                _ => None,
            },
            at: At::default(),
        }),
        '-' | '/' => {
            let requote = |v: &Value, s: String| match v {
                Value::Str { quote: Some(q), .. } => format!("{q}{s}{q}"),
                _ => s,
            };
            Ok(Value::ident(format!(
                "{}{op}{}",
                requote(l, ls),
                requote(r, rs)
            )))
        }
        _ => Err(format!(
            "Undefined operation: \"{} {} {}\".",
            l.inspect(),
            value::op_name(op),
            r.inspect()
        )),
    }
}

fn op_char(op: BinOp) -> char {
    match op {
        BinOp::Add => '+',
        BinOp::Sub => '-',
        BinOp::Mul => '*',
        BinOp::Div => '/',
        _ => '%',
    }
}

fn op_word(op: BinOp) -> &'static str {
    match op {
        BinOp::Lt => "lt",
        BinOp::Le => "lte",
        BinOp::Gt => "gt",
        BinOp::Ge => "gte",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sass::scss::ast::Stmt;

    /// Each expression of tests/fixtures/sass/values.txt, against libsass's values in
    /// tests/goldens/sass_values.json (made by tests/goldens/gen_sass_values.rb).
    #[test]
    fn expressions_evaluate_as_libsass() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("tests/goldens/sass_values.json"))
            .unwrap_or_default();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
        assert!(cases.len() > 80, "{}", cases.len());
        let mut wrong = Vec::new();
        for case in &cases {
            let expr = case["expr"].as_str().unwrap_or_default();
            let src = format!("a{{b: ({expr})}}");
            let value = match crate::sass::scss::parse::parse(&src, 0) {
                Ok(body) => match body.first() {
                    Some(Stmt::Rule { body, .. }) => match body.first() {
                        Some(Stmt::Decl { value: Some(v), .. }) => v.clone(),
                        other => panic!("{expr}: {other:?}"),
                    },
                    other => panic!("{expr}: {other:?}"),
                },
                Err(e) => {
                    wrong.push(format!("{expr}: parse error {e:?}"));
                    continue;
                }
            };
            let mut env = Env::new();
            let got = eval(&value, &mut env, false)
                .and_then(|v| Ok((v.to_css(Style::Expanded)?, v.to_css(Style::Compressed)?)));
            let want = match case.get("error").and_then(|e| e.as_str()) {
                Some(e) => Err(e.to_string()),
                None => Ok((
                    case["expanded"].as_str().unwrap_or_default().to_string(),
                    case["compressed"].as_str().unwrap_or_default().to_string(),
                )),
            };
            if got != want {
                wrong.push(format!("{expr}: got {got:?}, libsass {want:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {}:\n{}",
            wrong.len(),
            cases.len(),
            wrong.join("\n")
        );
    }
}
