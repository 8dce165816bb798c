//! Arithmetic and comparison of built-in values, with CPython's results and messages.
//!
//! Pure functions of values: what needs Python code (a class's `__add__`, `__lt__`) is
//! the VM's business, which calls these first and falls back to special methods.

use super::code::{BinOp, CmpOp};
use super::value::{as_num, values_equal, Num, Value};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::rc::Rc;

/// A built-in exception a value operation raises: its class name and message.
#[derive(Clone, Debug, PartialEq)]
pub struct OpError {
    pub kind: &'static str,
    pub message: String,
}

impl OpError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        OpError {
            kind,
            message: message.into(),
        }
    }
    pub fn type_error(message: impl Into<String>) -> Self {
        OpError::new("TypeError", message)
    }
    pub fn value_error(message: impl Into<String>) -> Self {
        OpError::new("ValueError", message)
    }
}

pub type OpResult<T = Value> = Result<T, OpError>;

/// The most items one list, tuple or string may hold; past it, `MemoryError`.
pub const MAX_ITEMS: usize = 10_000_000;

/// The most bits one int may hold (`2 ** 10**9` is refused rather than computed).
pub const MAX_INT_BITS: u64 = 1_000_000;

fn unsupported(op: BinOp, a: &Value, b: &Value) -> OpError {
    OpError::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

fn big(value: &Value) -> Option<BigInt> {
    match as_num(value)? {
        Num::Int(i) => Some(i),
        Num::Float(_) => None,
    }
}

/// A number as a float; `None` for an int too large for one (CPython's
/// OverflowError "int too large to convert to float").
fn float_of(value: &Value) -> Option<f64> {
    match as_num(value)? {
        Num::Int(i) => i.to_f64().filter(|f| f.is_finite()),
        Num::Float(f) => Some(f),
    }
}

/// A number as a float for ordering, a huge int as an infinity of its sign.
fn float_for_order(value: &Value) -> Option<f64> {
    match as_num(value)? {
        Num::Int(i) => i.to_f64(),
        Num::Float(f) => Some(f),
    }
}

/// `x / y` for ints, correctly rounded as CPython's `long_true_divide` rounds it:
/// the quotient to 55 bits, then half-even to 53 with the remainder as sticky bit.
fn int_true_divide(x: &BigInt, y: &BigInt) -> OpResult<f64> {
    let negative = x.is_negative() != y.is_negative();
    let (a, b) = (x.magnitude(), y.magnitude());
    let sign = if negative { -1.0 } else { 1.0 };
    if a.is_zero() {
        return Ok(sign * 0.0);
    }
    let shift = 55 - (a.bits() as i64 - b.bits() as i64);
    let (n, d) = if shift >= 0 {
        (a << shift as u64, b.clone())
    } else {
        (a.clone(), b << (-shift) as u64)
    };
    let (q, r) = n.div_rem(&d);
    let extra = q.bits().saturating_sub(53);
    let low_mask = (num_bigint::BigUint::from(1u8) << extra) - 1u8;
    let low = (&q & &low_mask).to_u64().unwrap_or(0);
    let mut m = (&q >> extra).to_u64().unwrap_or(0);
    let half = if extra == 0 { 0 } else { 1u64 << (extra - 1) };
    if extra > 0 && (low > half || (low == half && (!r.is_zero() || m & 1 == 1))) {
        m += 1;
    }
    let exp = extra as i64 - shift;
    let (e1, e2) = (exp / 2, exp - exp / 2);
    let e1 = e1.clamp(-2000, 2000) as i32;
    let e2 = e2.clamp(-2000, 2000) as i32;
    let q = m as f64 * 2f64.powi(e1) * 2f64.powi(e2);
    if q.is_infinite() {
        return Err(OpError::new(
            "OverflowError",
            "integer division result too large for a float",
        ));
    }
    Ok(sign * q)
}

fn is_int(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
}

fn is_number(value: &Value) -> bool {
    is_int(value) || matches!(value, Value::Float(_))
}

fn check_size(len: usize) -> OpResult<()> {
    if len > MAX_ITEMS {
        Err(OpError::new("MemoryError", ""))
    } else {
        Ok(())
    }
}

fn repeat_count(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::BigInt(b) => Some(if b.is_negative() { 0 } else { i64::MAX }),
        _ => None,
    }
}

/// `a <op> b` for built-in values; `Ok(None)` when neither side is built in for it, so
/// the VM can try special methods.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> OpResult<Option<Value>> {
    // The fast path: two small ints.
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let fast = match op {
            BinOp::Add => x.checked_add(y).map(Value::Int),
            BinOp::Sub => x.checked_sub(y).map(Value::Int),
            BinOp::Mul => x.checked_mul(y).map(Value::Int),
            BinOp::FloorDiv if y != 0 && !(x == i64::MIN && y == -1) => {
                Some(Value::Int(Integer::div_floor(&x, &y)))
            }
            BinOp::Mod if y != 0 && !(x == i64::MIN && y == -1) => {
                Some(Value::Int(Integer::mod_floor(&x, &y)))
            }
            BinOp::And => Some(Value::Int(x & y)),
            BinOp::Or => Some(Value::Int(x | y)),
            BinOp::Xor => Some(Value::Int(x ^ y)),
            _ => None,
        };
        if let Some(v) = fast {
            return Ok(Some(v));
        }
    }
    // `bool`'s own `&`, `|` and `^` give a bool; with an int they give an int.
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            BinOp::And => return Ok(Some(Value::Bool(x & y))),
            BinOp::Or => return Ok(Some(Value::Bool(x | y))),
            BinOp::Xor => return Ok(Some(Value::Bool(x ^ y))),
            _ => {}
        }
    }
    if is_number(a) && is_number(b) {
        return numeric(op, a, b).map(Some);
    }
    Ok(match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            check_size(x.len() + y.len())?;
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Some(Value::Str(Rc::from(s)))
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            let mut items = x.borrow().clone();
            items.extend(y.borrow().iter().cloned());
            check_size(items.len())?;
            Some(Value::list(items))
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            let mut items = (**x).clone();
            items.extend(y.iter().cloned());
            check_size(items.len())?;
            Some(Value::tuple(items))
        }
        (BinOp::Mul, seq, n) | (BinOp::Mul, n, seq)
            if matches!(seq, Value::Str(_) | Value::List(_) | Value::Tuple(_))
                && repeat_count(n).is_some() =>
        {
            let count = repeat_count(n).unwrap_or(0).max(0) as usize;
            Some(repeat(seq, count)?)
        }
        (BinOp::Mod, Value::Str(_), _) => {
            return Err(OpError::new(
                "NotImplementedError",
                "printf-style '%' formatting is not supported here: use an f-string",
            ))
        }
        (BinOp::Or, Value::Dict(x), Value::Dict(y)) => {
            let mut merged = x.borrow().clone();
            for (k, v) in y.borrow().iter() {
                merged.insert(k.clone(), v.clone());
            }
            Some(Value::dict(merged))
        }
        (
            BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor,
            Value::Set(_) | Value::FrozenSet(_),
            Value::Set(_) | Value::FrozenSet(_),
        ) => Some(super::pyset::binary(op, a, b)),
        _ => None,
    })
}

/// The error for an operator no side implements.
pub fn binary_unsupported(op: BinOp, a: &Value, b: &Value) -> OpError {
    match (op, a, b) {
        (BinOp::Add, Value::Str(_), other) => OpError::type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            other.type_name()
        )),
        (BinOp::Add, Value::List(_), other) => OpError::type_error(format!(
            "can only concatenate list (not \"{}\") to list",
            other.type_name()
        )),
        (BinOp::Add, Value::Tuple(_), other) => OpError::type_error(format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            other.type_name()
        )),
        (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_), other)
        | (BinOp::Mul, other, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
            OpError::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                other.type_name()
            ))
        }
        _ => unsupported(op, a, b),
    }
}

fn repeat(seq: &Value, count: usize) -> OpResult {
    Ok(match seq {
        Value::Str(s) => {
            check_size(s.len().saturating_mul(count))?;
            Value::Str(Rc::from(s.repeat(count)))
        }
        Value::List(items) => {
            let items = items.borrow();
            check_size(items.len().saturating_mul(count))?;
            let mut out = Vec::with_capacity(items.len() * count);
            for _ in 0..count {
                out.extend(items.iter().cloned());
            }
            Value::list(out)
        }
        Value::Tuple(items) => {
            check_size(items.len().saturating_mul(count))?;
            let mut out = Vec::with_capacity(items.len() * count);
            for _ in 0..count {
                out.extend(items.iter().cloned());
            }
            Value::tuple(out)
        }
        _ => Value::None,
    })
}

fn numeric(op: BinOp, a: &Value, b: &Value) -> OpResult {
    let both_int = is_int(a) && is_int(b);
    if both_int {
        let (x, y) = (big(a).unwrap_or_default(), big(b).unwrap_or_default());
        return int_op(op, x, y, a, b);
    }
    let (Some(x), Some(y)) = (float_of(a), float_of(b)) else {
        return Err(OpError::new(
            "OverflowError",
            "int too large to convert to float",
        ));
    };
    float_op(op, x, y, a, b)
}

fn int_op(op: BinOp, x: BigInt, y: BigInt, a: &Value, b: &Value) -> OpResult {
    let zero_div = || OpError::new("ZeroDivisionError", "division by zero");
    Ok(match op {
        BinOp::Add => Value::int(x + y),
        BinOp::Sub => Value::int(x - y),
        BinOp::Mul => {
            if x.bits() + y.bits() > MAX_INT_BITS {
                return Err(OpError::new("MemoryError", ""));
            }
            Value::int(x * y)
        }
        BinOp::Div => {
            if y.is_zero() {
                return Err(zero_div());
            }
            match (x.to_f64(), y.to_f64()) {
                (Some(fx), Some(fy)) if x.bits() <= 53 && y.bits() <= 53 => Value::Float(fx / fy),
                _ => Value::Float(int_true_divide(&x, &y)?),
            }
        }
        BinOp::FloorDiv => {
            if y.is_zero() {
                return Err(OpError::new(
                    "ZeroDivisionError",
                    "integer division or modulo by zero",
                ));
            }
            Value::int(x.div_floor(&y))
        }
        BinOp::Mod => {
            if y.is_zero() {
                return Err(OpError::new("ZeroDivisionError", "integer modulo by zero"));
            }
            Value::int(x.mod_floor(&y))
        }
        BinOp::Pow => {
            if y.is_negative() {
                let (Some(fx), Some(fy)) = (x.to_f64(), y.to_f64()) else {
                    return Err(OpError::new(
                        "OverflowError",
                        "int too large to convert to float",
                    ));
                };
                if fx == 0.0 {
                    return Err(OpError::new(
                        "ZeroDivisionError",
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                return Ok(Value::Float(fx.powf(fy)));
            }
            let exp = y.to_u64().unwrap_or(u64::MAX);
            if x.bits().saturating_mul(exp) > MAX_INT_BITS && x.bits() > 1 {
                return Err(OpError::new("MemoryError", ""));
            }
            let exp = u32::try_from(exp).unwrap_or(u32::MAX);
            Value::int(num_traits::pow::Pow::pow(x, exp))
        }
        BinOp::LShift => {
            if y.is_negative() {
                return Err(OpError::value_error("negative shift count"));
            }
            let shift = y.to_u64().unwrap_or(u64::MAX);
            if x.bits().saturating_add(shift) > MAX_INT_BITS && !x.is_zero() {
                return Err(OpError::new("MemoryError", ""));
            }
            Value::int(x << (shift as usize))
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(OpError::value_error("negative shift count"));
            }
            let shift = y
                .to_usize()
                .unwrap_or(usize::MAX)
                .min(MAX_INT_BITS as usize + 64);
            Value::int(x >> shift)
        }
        BinOp::And => Value::int(x & y),
        BinOp::Or => Value::int(x | y),
        BinOp::Xor => Value::int(x ^ y),
        BinOp::MatMul => return Err(unsupported(op, a, b)),
    })
}

fn float_op(op: BinOp, x: f64, y: f64, a: &Value, b: &Value) -> OpResult {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => {
            if y == 0.0 {
                return Err(OpError::new("ZeroDivisionError", "float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(OpError::new(
                    "ZeroDivisionError",
                    "float floor division by zero",
                ));
            }
            (x / y).floor()
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(OpError::new("ZeroDivisionError", "float modulo"));
            }
            let m = x % y;
            if m != 0.0 && ((m < 0.0) != (y < 0.0)) {
                m + y
            } else {
                m
            }
        }
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 {
                return Err(OpError::new(
                    "ZeroDivisionError",
                    "0.0 cannot be raised to a negative power",
                ));
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(OpError::new(
                    "OverflowError",
                    "(34, 'Numerical result out of range')",
                ));
            }
            r
        }
        _ => return Err(unsupported(op, a, b)),
    }))
}

/// `-x`, `+x`, `~x` for numbers.
pub fn unary_number(op: super::code::UnOp, value: &Value) -> Option<Value> {
    use super::code::UnOp;
    Some(match (op, value) {
        (UnOp::Neg, Value::Int(i)) => match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::int(-BigInt::from(*i)),
        },
        (UnOp::Neg, Value::BigInt(b)) => Value::int(-(**b).clone()),
        (UnOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
        (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
        (UnOp::Pos, Value::Bool(b)) => Value::Int(*b as i64),
        (UnOp::Pos, v @ (Value::Int(_) | Value::BigInt(_) | Value::Float(_))) => v.clone(),
        (UnOp::Invert, Value::Int(i)) => Value::Int(!i),
        (UnOp::Invert, Value::Bool(b)) => Value::Int(!(*b as i64)),
        (UnOp::Invert, Value::BigInt(b)) => Value::int(-(**b).clone() - 1),
        _ => return None,
    })
}

/// Orders two built-in values for `<`, `sorted`, `min`: `Ok(None)` if they do not order.
pub fn order(a: &Value, b: &Value) -> OpResult<Option<std::cmp::Ordering>> {
    use std::cmp::Ordering;
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Tuple(x), Value::Tuple(y)) => seq_order(x, y)?,
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            seq_order(&x, &y)?
        }
        _ if is_number(a) && is_number(b) => match (as_num(a), as_num(b)) {
            (Some(Num::Int(x)), Some(Num::Int(y))) => Some(x.cmp(&y)),
            _ => {
                let (x, y) = (
                    float_for_order(a).unwrap_or(f64::NAN),
                    float_for_order(b).unwrap_or(f64::NAN),
                );
                x.partial_cmp(&y)
                    .or(Some(Ordering::Equal))
                    .filter(|_| !x.is_nan() && !y.is_nan())
            }
        },
        (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
            let y = super::pyset::members(b, super::pyset::PySet::clone);
            return Ok(super::pyset::members(a, |x| {
                super::pyset::subset_order(x, &y)
            }));
        }
        _ => None,
    })
}

fn seq_order(x: &[Value], y: &[Value]) -> OpResult<Option<std::cmp::Ordering>> {
    super::value::nested(
        Err(OpError::new(
            "RecursionError",
            "maximum recursion depth exceeded in comparison",
        )),
        || seq_order_inner(x, y),
    )
}

fn seq_order_inner(x: &[Value], y: &[Value]) -> OpResult<Option<std::cmp::Ordering>> {
    for (a, b) in x.iter().zip(y.iter()) {
        if values_equal(a, b) {
            continue;
        }
        return order(a, b);
    }
    Ok(Some(x.len().cmp(&y.len())))
}

/// Applies a comparison to an ordering.
pub fn compare_result(op: CmpOp, ordering: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => ordering == Equal,
        CmpOp::Ne => ordering != Equal,
        CmpOp::Lt => ordering == Less,
        CmpOp::Le => ordering != Greater,
        CmpOp::Gt => ordering == Greater,
        CmpOp::Ge => ordering != Less,
    }
}

pub fn compare_unsupported(op: CmpOp, a: &Value, b: &Value) -> OpError {
    OpError::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

/// A Python index (possibly negative) into a sequence of `len`, or `None` if out of range.
pub fn normalize_index(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if index < 0 { index + len } else { index };
    (0..len).contains(&i).then_some(i as usize)
}

/// The indices a slice selects, as CPython's `PySlice_AdjustIndices` computes them.
pub fn slice_indices(
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    len: usize,
) -> OpResult<Vec<usize>> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(OpError::value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let clamp = |v: i64, low: i64, high: i64| v.max(low).min(high);
    let (default_start, default_stop) = if step > 0 { (0, len) } else { (len - 1, -1) };
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) => {
                let v = if v < 0 { v + len } else { v };
                if step > 0 {
                    clamp(v, 0, len)
                } else {
                    clamp(v, -1, len - 1)
                }
            }
        }
    };
    let (start, stop) = (adjust(start, default_start), adjust(stop, default_stop));
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

/// Python's `int(x)` truncation of a float, with CPython's errors.
pub fn float_to_int(f: f64) -> OpResult {
    if f.is_nan() {
        return Err(OpError::value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(OpError::new(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        Ok(Value::Int(t as i64))
    } else {
        Ok(Value::int(num_bigint::BigInt::from(t as i128)))
    }
}

/// `int(text)` with CPython's message for bad input.
pub fn parse_int(text: &str, base: u32) -> OpResult {
    let bad = || {
        OpError::value_error(format!(
            "invalid literal for int() with base {base}: {}",
            quote_str(text)
        ))
    };
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(bad());
    }
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let (cleaned, base) = match (base, lower.get(..2)) {
        (0 | 16, Some("0x")) => (lower[2..].to_string(), 16),
        (0 | 8, Some("0o")) => (lower[2..].to_string(), 8),
        (0 | 2, Some("0b")) => (lower[2..].to_string(), 2),
        (0, _) if lower.len() > 1 && lower.starts_with('0') && lower.chars().any(|c| c != '0') => {
            return Err(bad())
        }
        (0, _) => (lower, 10),
        _ => (lower, base),
    };
    if !(2..=36).contains(&base) || cleaned.is_empty() {
        return Err(bad());
    }
    let value = BigInt::parse_bytes(cleaned.as_bytes(), base).ok_or_else(bad)?;
    Ok(Value::int(if negative { -value } else { value }))
}

/// `float(text)`.
pub fn parse_float(text: &str) -> OpResult {
    let t = text.trim().to_ascii_lowercase();
    let value = match t.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => f64::INFINITY,
        "-inf" | "-infinity" => f64::NEG_INFINITY,
        "nan" | "+nan" | "-nan" => f64::NAN,
        _ => t.replace('_', "").parse::<f64>().map_err(|_| {
            OpError::value_error(format!(
                "could not convert string to float: {}",
                quote_str(text)
            ))
        })?,
    };
    Ok(Value::Float(value))
}

/// `repr(s)` for a str: single quotes unless the text has one and no double quote.
pub fn quote_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
