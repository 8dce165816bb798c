//! Formatting numbers and strings exactly as CPython 3.11 does.
//!
//! The interpreter prints through `repr()`, `str()`, `format()`, f-strings and `round()`,
//! and a lesson is only trustworthy if every character matches what CPython would print.
//! This module is a self-contained port of the relevant parts of CPython's
//! `Python/formatter_unicode.c` (format-spec parsing, padding, grouping) and
//! `Python/pystrtod.c` (`format_float_short`, the float-to-text layout), with
//! `Objects/floatobject.c`'s `double_round` for `round()`.
//!
//! CPython obtains its decimal digits from David Gay's `dtoa`; here the digits come from
//! Rust's float formatting (`{:e}` for the shortest round-trip digits, `{:.*e}` and `{:.*}`
//! for correctly rounded fixed counts, both rounding exact ties to even like `dtoa`), and
//! only the layout is re-done by hand, so every result is the same string CPython builds.
//!
//! Errors are returned as the message CPython's exception carries. Most are `ValueError`s;
//! the caller must raise `OverflowError` for the messages `"int too large to convert to
//! float"`, `"%c arg not in range(0x110000)"` and `"Python int too large to convert to C
//! long"`, and `MemoryError` for [`TOO_LARGE`]'s message, which guards widths and
//! precisions so large that building the string could exhaust memory.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// The largest width or (output-producing) precision this module will honour.
///
/// CPython happily builds a string a billion characters wide and fails only when memory
/// runs out; inside a browser tab that would abort the whole page, so anything past this
/// bound is refused with [`TOO_LARGE`] instead.
const MAX_FORMAT_LEN: usize = 1 << 24;

/// The message returned when a width or precision exceeds [`MAX_FORMAT_LEN`]; the caller
/// should raise `MemoryError`, as CPython eventually would.
const TOO_LARGE: &str = "format result too large";

/// Code points of the digit zero of every run of Unicode decimal digits (Python 3.11's
/// Unicode 14 database); each run holds the ten digits 0-9 consecutively.
///
/// CPython reads widths and precisions with `Py_UNICODE_TODECIMAL`, so `format(1, '٥')`
/// is a width of 5; this table lets the parser accept the same characters.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// CPython's `repr(float)` / `str(float)`: the shortest digits that round-trip, laid out by
/// the `'r'` rules (exponent form below `1e-4` and from `1e16` on, `.0` added to integers).
///
/// `repr` is what the REPL, `print` and containers show, so it must match byte for byte:
/// `1e16` prints as `1e+16`, `0.0001` as `0.0001`, `1e-05` as `1e-05`, `-0.0` as `-0.0`.
pub fn float_repr(x: f64) -> String {
    double_to_string(x, 'r', 0, false, true, false)
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
///
/// The fields record what the spec said, before any type-specific defaults: `align` is
/// `None` unless an alignment character was written, `zero_pad` is true when the `0` flag
/// was consumed (which makes numbers default to `'='` alignment and strings keep `'<'`),
/// `fill` is the explicit fill, else `'0'` for `zero_pad`, else a space, and `kind` is the
/// presentation type if one was given. The `z` flag is accepted but not recorded here, so
/// that the struct keeps the shape the interpreter was written against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatSpec {
    /// The character used for padding.
    pub fill: char,
    /// The explicit alignment (`<`, `>`, `^` or `=`), if any.
    pub align: Option<char>,
    /// The sign option (`+`, `-` or space), if any.
    pub sign: Option<char>,
    /// Whether `#` (alternate form) was given.
    pub alternate: bool,
    /// Whether the `0` flag was given (zero padding).
    pub zero_pad: bool,
    /// The minimum field width, if any.
    pub width: Option<usize>,
    /// The grouping separator (`,` or `_`), if any.
    pub grouping: Option<char>,
    /// The precision, if any.
    pub precision: Option<usize>,
    /// The presentation type, if any.
    pub kind: Option<char>,
}

/// A format spec parsed for one target type, with the defaults CPython applies resolved.
struct Parsed {
    /// The spec as written.
    spec: FormatSpec,
    /// The effective alignment after applying the type's default and the `0` flag.
    align: char,
    /// Whether the `z` flag (coerce negative zero to positive) was given.
    no_neg_zero: bool,
    /// The effective presentation type (the spec's or the type's default).
    kind: Option<char>,
}

/// Parses a format spec the way CPython's `parse_internal_render_format_spec` does,
/// without knowing the type of the value; `Err` carries the `ValueError` message.
///
/// Because no type is known, the "Invalid format specifier" message carries no type
/// suffix here; [`format_int`], [`format_float`] and [`format_str`] produce the full
/// 3.11 message (`"Invalid format specifier 'xx' for object of type 'int'"`).
pub fn parse_format_spec(spec: &str) -> Result<FormatSpec, String> {
    parse_spec(spec, None, None, '>').map(|parsed| parsed.spec)
}

/// The value of `c` as a decimal digit, as `Py_UNICODE_TODECIMAL` reads it.
fn decimal_value(c: char) -> Option<u32> {
    let code = u32::from(c);
    DECIMAL_ZEROS.iter().find_map(|&zero| {
        let offset = code.checked_sub(zero)?;
        (offset < 10).then_some(offset)
    })
}

/// Reads a run of decimal digits starting at `*pos` (CPython's `get_integer`), returning
/// the value if at least one digit was read; overflow past `Py_ssize_t` is an error.
fn read_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    const OVERFLOW: &str = "Too many decimal digits in format string";
    let mut accumulator: i64 = 0;
    let mut consumed = false;
    while let Some(digit) = chars.get(*pos).and_then(|&c| decimal_value(c)) {
        accumulator = accumulator
            .checked_mul(10)
            .and_then(|a| a.checked_add(i64::from(digit)))
            .ok_or_else(|| OVERFLOW.to_string())?;
        consumed = true;
        *pos += 1;
    }
    if !consumed {
        return Ok(None);
    }
    usize::try_from(accumulator)
        .map(Some)
        .map_err(|_| OVERFLOW.to_string())
}

/// How CPython prints a presentation-type character in an error message: as itself when
/// it is printable ASCII, else as `\x` and its lowercase hex code.
fn code_display(c: char) -> String {
    let code = u32::from(c);
    if code > 32 && code < 128 {
        c.to_string()
    } else {
        format!("\\x{code:x}")
    }
}

/// Parses `spec` for a value of type `type_name` (None when unknown), whose default
/// presentation type is `default_type` and default alignment `default_align`.
fn parse_spec(
    spec: &str,
    type_name: Option<&str>,
    default_type: Option<char>,
    default_align: char,
) -> Result<Parsed, String> {
    let chars: Vec<char> = spec.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let is_align = |c: Option<char>| matches!(c, Some('<' | '>' | '=' | '^'));
    let mut pos = 0usize;
    let mut out = FormatSpec {
        fill: ' ',
        ..FormatSpec::default()
    };
    let mut fill_specified = false;

    if is_align(at(1)) {
        out.fill = at(0).unwrap_or(' ');
        out.align = at(1);
        fill_specified = true;
        pos = 2;
    } else if is_align(at(0)) {
        out.align = at(0);
        pos = 1;
    }
    if let Some(c @ ('+' | '-' | ' ')) = at(pos) {
        out.sign = Some(c);
        pos += 1;
    }
    let mut no_neg_zero = false;
    if at(pos) == Some('z') {
        no_neg_zero = true;
        pos += 1;
    }
    if at(pos) == Some('#') {
        out.alternate = true;
        pos += 1;
    }
    if !fill_specified && at(pos) == Some('0') {
        out.fill = '0';
        out.zero_pad = true;
        pos += 1;
    }
    out.width = read_integer(&chars, &mut pos)?;

    const BOTH: &str = "Cannot specify both ',' and '_'.";
    if at(pos) == Some(',') {
        out.grouping = Some(',');
        pos += 1;
    }
    if at(pos) == Some('_') {
        if out.grouping.is_some() {
            return Err(BOTH.to_string());
        }
        out.grouping = Some('_');
        pos += 1;
    }
    if at(pos) == Some(',') && out.grouping == Some('_') {
        return Err(BOTH.to_string());
    }
    if at(pos) == Some('.') {
        pos += 1;
        out.precision = read_integer(&chars, &mut pos)?;
        if out.precision.is_none() {
            return Err("Format specifier missing precision".to_string());
        }
    }
    let remaining = chars.len().saturating_sub(pos);
    if remaining > 1 {
        return Err(match type_name {
            Some(name) => {
                format!("Invalid format specifier '{spec}' for object of type '{name}'")
            }
            None => "Invalid format specifier".to_string(),
        });
    }
    if remaining == 1 {
        out.kind = at(pos);
    }
    let kind = out.kind.or(default_type);

    if let Some(sep) = out.grouping {
        let allowed = match kind {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => sep == '_',
            Some(_) => false,
        };
        if !allowed {
            let shown = code_display(kind.unwrap_or('\0'));
            return Err(format!("Cannot specify '{sep}' with '{shown}'."));
        }
    }

    let align = match out.align {
        Some(a) => a,
        None if out.zero_pad && default_align == '>' => '=',
        None => default_align,
    };
    Ok(Parsed {
        spec: out,
        align,
        no_neg_zero,
        kind,
    })
}

/// CPython's "Unknown format code" error for `code` on a value of type `type_name`.
fn unknown_code(code: char, type_name: &str) -> String {
    format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        code_display(code)
    )
}

/// The width as CPython's signed `Py_ssize_t` (-1 when absent), refusing absurd widths.
fn checked_width(parsed: &Parsed) -> Result<i64, String> {
    match parsed.spec.width {
        None => Ok(-1),
        Some(w) if w > MAX_FORMAT_LEN => Err(TOO_LARGE.to_string()),
        Some(w) => i64::try_from(w).map_err(|_| TOO_LARGE.to_string()),
    }
}

/// Appends `count` copies of `c` (nothing when `count` is not positive).
fn push_repeat(out: &mut String, c: char, count: i64) {
    for _ in 0..count.max(0) {
        out.push(c);
    }
}

/// `format(str_value, spec)`: fill, alignment, width and precision (truncation).
///
/// Strings default to left alignment, and a `0` flag pads with zeros without changing
/// that (`format('ab', '05') == 'ab000'`). Signs, `z`, `#` and `=` alignment are errors
/// with CPython's messages, checked in CPython's order after the presentation type.
pub fn format_str(value: &str, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let parsed = parse_spec(spec, Some("str"), Some('s'), '<')?;
    match parsed.kind {
        Some('s') | None => {}
        Some(other) => return Err(unknown_code(other, "str")),
    }
    match parsed.spec.sign {
        Some(' ') => return Err("Space not allowed in string format specifier".to_string()),
        Some(_) => return Err("Sign not allowed in string format specifier".to_string()),
        None => {}
    }
    if parsed.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in string format specifier".to_string(),
        );
    }
    if parsed.spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".to_string());
    }
    if parsed.align == '=' {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let width = checked_width(&parsed)?;
    let body: String = match parsed.spec.precision {
        Some(p) => value.chars().take(p).collect(),
        None => value.to_string(),
    };
    let len = i64::try_from(body.chars().count()).unwrap_or(i64::MAX);
    let total = width.max(len);
    let left = match parsed.align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    let right = total - len - left;
    let mut out = String::with_capacity(body.len() + usize::try_from(total - len).unwrap_or(0));
    push_repeat(&mut out, parsed.spec.fill, left);
    out.push_str(&body);
    push_repeat(&mut out, parsed.spec.fill, right);
    Ok(out)
}

/// The parts of a number's text that CPython's `calc_number_widths` lays out:
/// `[sign][prefix][digits][.remainder]`, where only `digits` is grouped and zero-padded.
struct NumberParts<'a> {
    /// Whether the number carries a minus sign.
    negative: bool,
    /// The `0x`-style prefix, if alternate form asked for one.
    prefix: &'a str,
    /// The integer digits (grouped, and zero-padded for `=` alignment with `0` fill).
    digits: &'a str,
    /// Whether a decimal point follows the digits.
    has_decimal: bool,
    /// Everything after the digits (and the decimal point): fraction, exponent, `%`,
    /// `inf`/`nan` or the `c` character.
    remainder: &'a str,
}

/// Inserts thousands separators into `digits` every `group` digits from the right (no
/// grouping when `group` is 0), padding with leading zeros up to `min_width` characters;
/// a port of `_PyUnicode_InsertThousandsGrouping`, including its quirk that zero padding
/// may overshoot by one to avoid a leading separator (`format(1234, '08,')` is
/// `'0,001,234'`).
fn group_digits(digits: &str, min_width: i64, group: i64, sep: char) -> String {
    let bytes = digits.as_bytes();
    let mut remaining = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let mut min_width = min_width.max(0);
    let mut end = bytes.len();
    // Built right to left, then reversed.
    let mut rev: Vec<char> = Vec::with_capacity(bytes.len() * 2);
    let mut emit = |rev: &mut Vec<char>, n_chars: i64, n_zeros: i64, use_sep: bool| {
        if use_sep {
            rev.push(sep);
        }
        let n = usize::try_from(n_chars).unwrap_or(0).min(end);
        let start = end - n;
        for &b in bytes.get(start..end).unwrap_or(&[]).iter().rev() {
            rev.push(char::from(b));
        }
        end = start;
        for _ in 0..n_zeros.max(0) {
            rev.push('0');
        }
    };
    let mut use_sep = false;
    let mut broken = false;
    if group > 0 {
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            emit(&mut rev, n_chars, n_zeros, use_sep);
            use_sep = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !broken {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        emit(&mut rev, n_chars, n_zeros, use_sep);
    }
    rev.iter().rev().collect()
}

/// Lays out a number with sign, padding, grouping and alignment exactly as CPython's
/// `calc_number_widths` and `fill_number` do.
fn layout_number(parts: &NumberParts<'_>, parsed: &Parsed, group: i64) -> Result<String, String> {
    let width = checked_width(parsed)?;
    let sign = match (parsed.spec.sign, parts.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let count = |s: &str| i64::try_from(s.chars().count()).unwrap_or(i64::MAX);
    let non_digit = i64::from(sign.is_some())
        + count(parts.prefix)
        + i64::from(parts.has_decimal)
        + count(parts.remainder);
    let fill = parsed.spec.fill;
    let min_width = if fill == '0' && parsed.align == '=' {
        width - non_digit
    } else {
        0
    };
    let sep = parsed.spec.grouping.unwrap_or(',');
    let grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        let group = if parsed.spec.grouping.is_some() {
            group
        } else {
            0
        };
        group_digits(parts.digits, min_width, group, sep)
    };
    let padding = width.saturating_sub(non_digit.saturating_add(count(&grouped)));
    let (mut left, mut middle, mut right) = (0, 0, 0);
    if padding > 0 {
        match parsed.align {
            '<' => right = padding,
            '^' => {
                left = padding / 2;
                right = padding - left;
            }
            '=' => middle = padding,
            _ => left = padding,
        }
    }
    let mut out = String::new();
    push_repeat(&mut out, fill, left);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(parts.prefix);
    push_repeat(&mut out, fill, middle);
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_repeat(&mut out, fill, right);
    Ok(out)
}

/// `format(int_value, spec)` for Python `int`s of any size.
///
/// Handles the integer types `b o x X c d n` (with `#` prefixes `0b`, `0o`, `0x`/`0X`,
/// grouping `,`/`_`, and `_` every four digits for `b o x X`), and the float types
/// `e E f F g G %`, which convert the int to a float first as CPython does. `Err` is
/// the exception's message; see the module docs for the few that are `OverflowError`s.
pub fn format_int(value: &BigInt, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let parsed = parse_spec(spec, Some("int"), Some('d'), '>')?;
    let kind = parsed.kind.unwrap_or('d');
    match kind {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_long(value, &parsed, kind),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let as_float = value
                .to_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| "int too large to convert to float".to_string())?;
            format_float_parsed(as_float, &parsed)
        }
        other => Err(unknown_code(other, "int")),
    }
}

/// CPython's `format_long_internal`: an int rendered with an integer presentation type.
fn format_long(value: &BigInt, parsed: &Parsed, kind: char) -> Result<String, String> {
    if parsed.spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    if parsed.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in integer format specifier".to_string(),
        );
    }
    if kind == 'c' {
        if parsed.spec.sign.is_some() {
            return Err("Sign not allowed with integer format specifier 'c'".to_string());
        }
        if parsed.spec.alternate {
            return Err("Alternate form (#) not allowed with integer format specifier 'c'".into());
        }
        let code = value
            .to_i64()
            .ok_or_else(|| "Python int too large to convert to C long".to_string())?;
        let ch = u32::try_from(code)
            .ok()
            .filter(|&c| c <= 0x10FFFF)
            .ok_or_else(|| "%c arg not in range(0x110000)".to_string())?;
        // Lone surrogates cannot live in a Rust string; they show as U+FFFD.
        let text = char::from_u32(ch).unwrap_or('\u{FFFD}').to_string();
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: "",
            has_decimal: false,
            remainder: &text,
        };
        return layout_number(&parts, parsed, 3);
    }
    let (base, prefix, group) = match kind {
        'b' => (2, "0b", 4),
        'o' => (8, "0o", 4),
        'x' => (16, "0x", 4),
        'X' => (16, "0X", 4),
        _ => (10, "", 3),
    };
    let mut digits = value.magnitude().to_str_radix(base);
    if kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: value.is_negative(),
        prefix: if parsed.spec.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    // 'n' uses the C locale, which has no grouping (and ',' with 'n' is rejected).
    let group = if kind == 'n' { 0 } else { group };
    layout_number(&parts, parsed, group)
}

/// `format(float_value, spec)`.
///
/// An empty spec is `repr`; no type with a precision behaves like `g` but keeps at least
/// one digit after the point; `n` is `g`; `%` multiplies by 100 and uses `f`. Infinities
/// and NaN print as `inf`/`nan` (upper case for `E F G`) under every type.
pub fn format_float(value: f64, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(float_repr(value));
    }
    let parsed = parse_spec(spec, Some("float"), None, '>')?;
    match parsed.kind {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            format_float_parsed(value, &parsed)
        }
        Some(other) => Err(unknown_code(other, "float")),
    }
}

/// CPython's `format_float_internal`, for an already-parsed spec.
fn format_float_parsed(value: f64, parsed: &Parsed) -> Result<String, String> {
    let spec = &parsed.spec;
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err("precision too big".to_string());
    }
    let mut kind = parsed.kind.unwrap_or('r');
    let mut default_precision = 6;
    let add_dot_0 = parsed.kind.is_none();
    if add_dot_0 {
        default_precision = 0;
    }
    if kind == 'n' {
        kind = 'g';
    }
    let mut val = value;
    let add_pct = kind == '%';
    if add_pct {
        kind = 'f';
        val *= 100.0;
    }
    let precision = match spec.precision {
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p
        }
        None => default_precision,
    };
    // Only these layouts write one character per unit of precision; 'g' without '#'
    // strips trailing zeros, so its output stays short whatever the precision.
    let long_output = matches!(kind, 'e' | 'E' | 'f' | 'F') || spec.alternate;
    if long_output && precision > MAX_FORMAT_LEN {
        return Err(TOO_LARGE.to_string());
    }
    let mut text = double_to_string(
        val,
        kind,
        precision,
        spec.alternate,
        add_dot_0,
        parsed.no_neg_zero,
    );
    if add_pct {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let digit_end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (digits, rest) = body.split_at(digit_end);
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        has_decimal,
        remainder,
    };
    layout_number(&parts, parsed, 3)
}

/// Splits Rust's `{:e}` output (`"d.ddde-x"`) into its digit string and the decimal
/// point position `decpt` (the value is `0.DIGITS * 10**decpt`), as `dtoa` reports them.
fn split_exponential(text: &str) -> (String, i64) {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp: i64 = exp.parse().unwrap_or(0);
    (digits, exp.saturating_add(1))
}

/// Removes trailing zeros from a digit string, keeping `"0"` for zero, as `dtoa` does.
fn strip_trailing_zeros(mut digits: String, decpt: i64) -> (String, i64) {
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept);
    if digits.is_empty() {
        ("0".to_string(), 1)
    } else {
        (digits, decpt)
    }
}

/// `dtoa` mode 0: the shortest digits that round-trip, for a finite non-negative `a`.
///
/// Rust's shortest digits can differ from `dtoa`'s in the last place when two shortest
/// candidates are equally near `a` (`-1597092245463044.25` lies exactly between `...4.2`
/// and `...4.3`); `dtoa` picks the nearest candidate, ties to even, which is exactly the
/// correctly rounded value at the same number of digits, so that one is preferred
/// whenever it still reads back as `a`.
fn shortest_digits(a: f64) -> (String, i64) {
    let (digits, decpt) = split_exponential(&format!("{a:e}"));
    let (digits, decpt) = strip_trailing_zeros(digits, decpt);
    if digits.len() > 1 {
        let nearest = format!("{:.*e}", digits.len() - 1, a);
        if nearest.parse::<f64>() == Ok(a) {
            let (near_digits, near_decpt) = split_exponential(&nearest);
            return strip_trailing_zeros(near_digits, near_decpt);
        }
    }
    (digits, decpt)
}

/// `dtoa` mode 2: `n` (>= 1) significant digits, correctly rounded, trailing zeros removed.
fn significant_digits(a: f64, n: usize) -> (String, i64) {
    // A double has at most 767 significant decimal digits, so past 800 every further
    // digit is an exact zero and asking Rust for them would only waste memory.
    let n = n.clamp(1, 800);
    let (digits, decpt) = split_exponential(&format!("{:.*e}", n - 1, a));
    strip_trailing_zeros(digits, decpt)
}

/// `dtoa` mode 3: correctly rounded to `p` digits after the point, trailing zeros removed;
/// a value that rounds to zero gives `"0"` at position 1.
fn fixed_digits(a: f64, p: usize) -> (String, i64) {
    // A double has at most 1074 digits after the point; beyond that all are zeros.
    let text = format!("{:.*}", p.min(1100), a);
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut decpt = i64::try_from(int_part.len()).unwrap_or(i64::MAX);
    let all = format!("{int_part}{frac_part}");
    let trimmed = all.trim_start_matches('0');
    decpt -= i64::try_from(all.len() - trimmed.len()).unwrap_or(0);
    strip_trailing_zeros(trimmed.to_string(), decpt)
}

/// CPython's `PyOS_double_to_string` + `format_float_short`: formats `val` with type code
/// `code` (`e E f F g G r`) and `precision`, honouring `#` (`alt`), the "add `.0` to
/// integers" flag of the type-less format, and `z` (`no_neg_zero`).
fn double_to_string(
    val: f64,
    code: char,
    precision: usize,
    alt: bool,
    add_dot_0: bool,
    no_neg_zero: bool,
) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    if val.is_nan() {
        return if upper { "NAN" } else { "nan" }.to_string();
    }
    if val.is_infinite() {
        let word = if upper { "INF" } else { "inf" };
        return if val < 0.0 {
            format!("-{word}")
        } else {
            word.to_string()
        };
    }
    let mut negative = val.is_sign_negative();
    let a = val.abs();
    let mut precision = i64::try_from(precision).unwrap_or(i64::MAX);
    let (digits, mut decpt) = match code {
        'e' => {
            precision = precision.saturating_add(1);
            significant_digits(a, usize::try_from(precision).unwrap_or(usize::MAX))
        }
        'f' => fixed_digits(a, usize::try_from(precision).unwrap_or(usize::MAX)),
        'g' => {
            if precision == 0 {
                precision = 1;
            }
            significant_digits(a, usize::try_from(precision).unwrap_or(usize::MAX))
        }
        _ => shortest_digits(a),
    };
    if no_neg_zero && negative && digits == "0" {
        negative = false;
    }
    let digits_len = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let mut use_exp = false;
    let mut vdigits_end = digits_len;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt.saturating_add(precision),
        'g' => {
            let limit = if add_dot_0 { precision - 1 } else { precision };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };

    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if decpt <= 0 {
        push_repeat(&mut out, '0', decpt - vdigits_start);
        out.push('.');
        push_repeat(&mut out, '0', -decpt);
    } else {
        push_repeat(&mut out, '0', -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        let split = usize::try_from(decpt).unwrap_or(0).min(digits.len());
        let (head, tail) = digits.split_at(split);
        out.push_str(head);
        out.push('.');
        out.push_str(tail);
    } else {
        out.push_str(&digits);
    }
    if digits_len < decpt {
        push_repeat(&mut out, '0', decpt - digits_len);
        out.push('.');
        push_repeat(&mut out, '0', vdigits_end - decpt);
    } else {
        push_repeat(&mut out, '0', vdigits_end - digits_len);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push_str(&format!("{exp:+03}"));
    }
    out
}

/// `round(x, ndigits)` for a float exactly as CPython computes it, and `round(x)` when
/// called with `ndigits == 0` (the caller converts the float result to an `int`).
///
/// CPython rounds through the exact decimal expansion of `x`, halves going to even, so
/// `round(0.125, 2) == 0.12` and `round(2.675, 2) == 2.67` (2.675 is really 2.67499...).
/// Negative `ndigits` round to tens, hundreds and so on. NaN and infinities are returned
/// unchanged (for `round(x)` the caller must raise `ValueError("cannot convert float NaN
/// to integer")` / `OverflowError("cannot convert float infinity to integer")`). A finite
/// `x` that rounds past the float range comes back infinite; the caller must then raise
/// `OverflowError("rounded value too large to represent")`.
pub fn round_float(x: f64, ndigits: i64) -> f64 {
    // CPython's NDIGITS_MAX and NDIGITS_MIN: beyond them x rounds to itself or to zero.
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return x;
    }
    if ndigits < NDIGITS_MIN {
        return 0.0 * x;
    }
    let text = if ndigits >= 0 {
        format!("{:.*}", usize::try_from(ndigits).unwrap_or(0), x)
    } else {
        round_to_power_of_ten(x, ndigits.unsigned_abs())
    };
    text.parse().unwrap_or(x)
}

/// Rounds finite `x` to a multiple of `10**k` (k >= 1), halves to even, on its exact
/// binary value, and returns the result as a decimal string such as `"-12e3"`.
fn round_to_power_of_ten(x: f64, k: u64) -> String {
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exp_bits = i64::try_from((bits >> 52) & 0x7FF).unwrap_or(0);
    let fraction = bits & ((1u64 << 52) - 1);
    // x = mantissa * 2**exp exactly.
    let (mantissa, exp) = if exp_bits == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exp_bits - 1075)
    };
    let ten_k = num_traits::pow(BigInt::from(10u32), usize::try_from(k).unwrap_or(0));
    let shift = usize::try_from(exp.unsigned_abs()).unwrap_or(0);
    let (numerator, denominator) = if exp >= 0 {
        (BigInt::from(mantissa) << shift, ten_k)
    } else {
        (BigInt::from(mantissa), ten_k << shift)
    };
    let quotient = &numerator / &denominator;
    let twice_rem: BigInt = (&numerator - &quotient * &denominator) * 2u32;
    let round_up = twice_rem > denominator
        || (twice_rem == denominator && (&quotient % 2u32) == BigInt::from(1u32));
    let quotient = if round_up { quotient + 1u32 } else { quotient };
    let sign = if negative { "-" } else { "" };
    if quotient.is_zero() {
        format!("{sign}0e{k}")
    } else {
        format!("{sign}{quotient}e{k}")
    }
}

#[cfg(test)]
mod tests {
    //! Every expectation below was produced by running the same call under python3 3.11
    //! and printing the results as Rust literals.

    use super::*;

    /// `(f64 bits, repr(x))` pairs produced by python3 3.11.
    const REPR_CASES: &[(u64, &str)] = &[
        (0x0000000000000000, "0.0"),
        (0x8000000000000000, "-0.0"),
        (0x3ff0000000000000, "1.0"),
        (0xbff0000000000000, "-1.0"),
        (0x3ff8000000000000, "1.5"),
        (0x4059000000000000, "100.0"),
        (0x3fb999999999999a, "0.1"),
        (0x3fc999999999999a, "0.2"),
        (0x3fd3333333333334, "0.30000000000000004"),
        (0x3fd5555555555555, "0.3333333333333333"),
        (0x3fe5555555555555, "0.6666666666666666"),
        (0x4341c37937e08000, "1e+16"),
        (0x3ee4f8b588e368f1, "1e-05"),
        (0x3f1a36e2eb1c432d, "0.0001"),
        (0x3f1a36e2eb1c432d, "0.0001"),
        (0x3f202e4b6ce5dc68, "0.00012345"),
        (0x437b69b4ba630f35, "1.2345678901234568e+17"),
        (0x4341c37937e07fff, "9999999999999998.0"),
        (0x430c6bf526340000, "1000000000000000.0"),
        (0x4376345785d8a000, "1e+17"),
        (0x4480f0cf064dd592, "1e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x54b249ad2594c37d, "1e+100"),
        (0x2b2bff2ee48e0530, "1e-100"),
        (0x0000000000000001, "5e-324"),
        (0x0010000000000000, "2.2250738585072014e-308"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0x7ff0000000000000, "inf"),
        (0xfff0000000000000, "-inf"),
        (0x7ff8000000000000, "nan"),
        (0x400921fb54442d18, "3.141592653589793"),
        (0x4005bf0a8b145769, "2.718281828459045"),
        (0xc316b2300fdb8011, "-1597092245463044.2"),
        (0x40934a0000000000, "1234.5"),
        (0x3fe0000000000000, "0.5"),
        (0x41678c29dccccccd, "12345678.9"),
        (0x3e7ad7f29abcaf48, "1e-07"),
        (0x3c36b082c2148b8e, "1.23e-18"),
        (0x4340000000000000, "9007199254740992.0"),
        (0x43e0000000000000, "9.223372036854776e+18"),
        (0xbdf12e0be826d695, "-2.5e-10"),
        (0x2e84496e7857dd86, "1.3053460867029954e-84"),
        (0x940eee3cba6f875c, "-4.593900756363754e-212"),
        (0x33406bc44dc2a627, "7.983430509249571e-62"),
        (0xb938451ee325faa6, "-4.674232466673235e-33"),
        (0xc1d8fac168fb90d7, "-1676346787.9307153"),
        (0xc2354e2bb7740a63, "-91505801076.04057"),
        (0x887e840043e58844, "-9.242004904000638e-268"),
        (0xa2da95a83ec33dd6, "-8.72031439815143e-141"),
        (0xbc38d756d0055979, "-1.3466424375819714e-18"),
        (0x5aab0a377f90ade7, "5.857245089853537e+128"),
        (0x86ff0de26a769806, "-5.6058932322064184e-275"),
        (0x9d9b532aba4e6c36, "-4.633834494019838e-166"),
        (0x37d72e4af6978770, "1.064411574118151e-39"),
        (0x8b3890644f3d4e7b, "-1.3087699255072154e-254"),
        (0x548a84a5b43d4318, "1.8125578230860703e+99"),
        (0x131db61884f42b4b, "1.346681689596359e-216"),
        (0xc63d5f77bb3a6a06, "-2.327162535179311e+30"),
        (0xddfa7fa4ffe9ec11, "-5.1701251164991826e+144"),
        (0xb070e38434d57084, "-2.333663540648899e-75"),
        (0xba49c19fc0a9c8be, "-6.501815279748911e-28"),
    ];

    /// `(f64 bits, spec, format(x, spec))` triples produced by python3 3.11; `Err` holds
    /// the exception message.
    const FLOAT_CASES: &[(u64, &str, Result<&str, &str>)] = &[
        (0x3f1a36e2eb1c432d, ".3g", Ok("0.0001")),
        (0x7e37e43c8800759c, ",", Ok("1e+300")),
        (0x8000000000000000, "%", Ok("-0.000000%")),
        (0x4058ffae147ae148, ".3g", Ok("100")),
        (0x3ee4f8b588e368f1, ".0e", Ok("1e-05")),
        (0x3ff8000000000000, "#g", Ok("1.50000")),
        (0x4005666666666666, "#g", Ok("2.67500")),
        (0x4059000000000000, "%", Ok("10000.000000%")),
        (0x7e37e43c8800759c, "*^15,.2f", Ok("1,000,000,000,000,000,052,504,760,255,204,420,248,704,468,581,108,159,154,915,854,115,511,802,457,988,908,195,786,371,375,080,447,864,043,704,443,832,883,878,176,942,523,235,360,430,575,644,792,184,786,706,982,848,387,200,926,575,803,737,830,233,794,788,090,059,368,953,234,970,799,945,081,119,038,967,640,880,074,652,742,780,142,494,579,258,788,820,056,842,838,115,669,472,196,386,865,459,400,540,160.00")),
        (0x4058ffae147ae148, "G", Ok("99.995")),
        (0x3ee4f8b588e368f1, "z.1f", Ok("0.0")),
        (0x0000000000000001, "e", Ok("4.940656e-324")),
        (0x400c000000000000, "#.3e", Ok("3.500e+00")),
        (0x0000000000000000, "<10", Ok("0.0       ")),
        (0x4341c37937e08000, "E", Ok("1.000000E+16")),
        (0x3fe0000000000000, ".3", Ok("0.5")),
        (0x437b69b4ba630f35, "E", Ok("1.234568E+17")),
        (0x4132d687e4189375, "^10", Ok("1234567.891")),
        (0x0000000000000001, "-", Ok("5e-324")),
        (0x4005666666666666, "010", Ok("000002.675")),
        (0xc00c000000000000, ".3", Ok("-3.5")),
        (0x3fc0000000000000, "<10", Ok("0.125     ")),
        (0xbf1a36e2eb1c432d, "+.2f", Ok("-0.00")),
        (0x3fc0000000000000, ".2f", Ok("0.12")),
        (0x3fc0000000000000, "#.0f", Ok("0.")),
        (0x0000000000000000, ",", Ok("0.0")),
        (0x0000000000000000, "_", Ok("0.0")),
        (0xc0934a0000000000, "010,", Ok("-001,234.5")),
        (0x4341c37937e08000, ".0f", Ok("10000000000000000")),
        (0x4005666666666666, ".0%", Ok("268%")),
        (0x4005666666666666, "#.0", Ok("3.e+00")),
        (0x437b69b4ba630f35, "015,.2f", Ok("123,456,789,012,345,680.00")),
        (0x7ff0000000000000, "20.17g", Ok("                 inf")),
        (0xc0934a0000000000, "#g", Ok("-1234.50")),
        (0xc0934a0000000000, "x<+10.2f", Ok("-1234.50xx")),
        (0xc0934a0000000000, "%", Ok("-123450.000000%")),
        (0x0000000000000001, "_", Ok("5e-324")),
        (0x7ff0000000000000, "08.2f", Ok("00000inf")),
        (0x8000000000000000, ".2f", Ok("-0.00")),
        (0x7e37e43c8800759c, "+.2f", Ok("+1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.00")),
        (0x3fe0000000000000, "x<+10.2f", Ok("+0.50xxxxx")),
        (0x3fc0000000000000, "20.17g", Ok("               0.125")),
        (0x3f1a36e2eb1c432d, " ", Ok(" 0.0001")),
        (0xc00c000000000000, ".1%", Ok("-350.0%")),
        (0xfff0000000000000, "_.3e", Ok("-inf")),
        (0x7ff0000000000000, "F", Ok("INF")),
        (0x0000000000000000, "g", Ok("0")),
        (0x7ff8000000000000, ".1%", Ok("nan%")),
        (0xc00c000000000000, "g", Ok("-3.5")),
        (0x7ff0000000000000, "x<+10.2f", Ok("+infxxxxxx")),
        (0x7ff8000000000000, "#.0", Ok("nan")),
        (0x7ff0000000000000, " ", Ok(" inf")),
        (0x4058ffae147ae148, ".0%", Ok("10000%")),
        (0xfff0000000000000, ".2f", Ok("-inf")),
        (0x4132d687e4189375, "_.3e", Ok("1.235e+06")),
        (0x4058ffae147ae148, "#.0", Ok("1.e+02")),
        (0x4058ffae147ae148, ".10g", Ok("99.995")),
        (0x4132d687e4189375, "%", Ok("123456789.100000%")),
        (0x3ff8000000000000, "*^15,.2f", Ok("*****1.50******")),
        (0x3f1a36e2eb1c432d, "+.2f", Ok("+0.00")),
        (0x8000000000000000, ",", Ok("-0.0")),
        (0x7e37e43c8800759c, ".2f", Ok("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.00")),
        (0x3fe0000000000000, "_", Ok("0.5")),
        (0x0000000000000000, ".0e", Ok("0e+00")),
        (0x3fe0000000000000, "20.17g", Ok("                 0.5")),
        (0x7e37e43c8800759c, ".3", Ok("1e+300")),
        (0x7e37e43c8800759c, "#.0", Ok("1.e+300")),
        (0x0000000000000000, ".3", Ok("0.0")),
        (0xbf1a36e2eb1c432d, " ", Ok("-0.0001")),
        (0x3ff8000000000000, "08.2f", Ok("00001.50")),
        (0x4132d687e4189375, "<10", Ok("1234567.891")),
        (0xc0934a0000000000, "F", Ok("-1234.500000")),
        (0x4059000000000000, "^10", Ok("  100.0   ")),
        (0x3ee4f8b588e368f1, "*^15,.2f", Ok("*****0.00******")),
        (0x4058ffae147ae148, "", Ok("99.995")),
        (0x7ff8000000000000, "n", Ok("nan")),
        (0x4028000000000000, "n", Ok("12")),
        (0x7ff8000000000000, ".0%", Ok("nan%")),
        (0x4028000000000000, ".1", Ok("1e+01")),
        (0x3ee4f8b588e368f1, "20.17g", Ok("1.0000000000000001e-05")),
        (0x4058ffae147ae148, ".2f", Ok("100.00")),
        (0x4059000000000000, "g", Ok("100")),
        (0x7e37e43c8800759c, ".10g", Ok("1e+300")),
        (0x7ff0000000000000, ",", Ok("inf")),
        (0x8000000000000000, "x<+10.2f", Ok("-0.00xxxxx")),
        (0x4004000000000000, "<10", Ok("2.5       ")),
        (0x400c000000000000, "G", Ok("3.5")),
        (0xc0934a0000000000, "#.0", Ok("-1.e+03")),
        (0x7ff8000000000000, "08.2f", Ok("00000nan")),
        (0x4028000000000000, ".3", Ok("12.0")),
        (0x7e37e43c8800759c, ".0f", Ok("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160")),
        (0x4005666666666666, "8.3f", Ok("   2.675")),
        (0x7ff8000000000000, "+.2f", Ok("+nan")),
        (0x437b69b4ba630f35, "e", Ok("1.234568e+17")),
        (0x400c000000000000, "%", Ok("350.000000%")),
        (0x7ff0000000000000, ".0e", Ok("inf")),
        (0xfff0000000000000, ",", Ok("-inf")),
        (0x7ff0000000000000, "010", Ok("0000000inf")),
        (0x4132d687e4189375, "#", Ok("1234567.891")),
        (0xc00c000000000000, "z.1f", Ok("-3.5")),
        (0x4005666666666666, ",", Ok("2.675")),
        (0x7ff0000000000000, "z.1f", Ok("inf")),
        (0x4480f0cf064dd592, ".2f", Ok("10000000000000000000000.00")),
        (0x4005666666666666, "=+12.3f", Ok("+      2.675")),
        (0x3ff8000000000000, "E", Ok("1.500000E+00")),
        (0xc00c000000000000, "#.3e", Ok("-3.500e+00")),
        (0x3fe0000000000000, "G", Ok("0.5")),
        (0x8000000000000000, "+", Ok("-0.0")),
        (0x3ee4f8b588e368f1, "E", Ok("1.000000E-05")),
        (0x7ff8000000000000, "%", Ok("nan%")),
        (0x3ee4f8b588e368f1, "#.0", Ok("1.e-05")),
        (0xbf1a36e2eb1c432d, "*^15,.2f", Ok("*****-0.00*****")),
        (0x4004000000000000, ",", Ok("2.5")),
        (0x3ff8000000000000, "^10", Ok("   1.5    ")),
        (0x8000000000000000, " ", Ok("-0.0")),
        (0x4480f0cf064dd592, ".10g", Ok("1e+22")),
        (0xfff0000000000000, "#.0", Ok("-inf")),
        (0xc0934a0000000000, ".0e", Ok("-1e+03")),
        (0x3fc0000000000000, "08.2f", Ok("00000.12")),
        (0x3fc0000000000000, "E", Ok("1.250000E-01")),
        (0x3fe0000000000000, "*^15,.2f", Ok("*****0.50******")),
        (0x4059000000000000, ",", Ok("100.0")),
        (0x4132d687e4189375, ".2f", Ok("1234567.89")),
        (0x4004000000000000, "=+12.3f", Ok("+      2.500")),
        (0x7e37e43c8800759c, "x<+10.2f", Ok("+1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.00")),
        (0x4005666666666666, ".1%", Ok("267.5%")),
        (0x3ff8000000000000, "_.3e", Ok("1.500e+00")),
        (0x4004000000000000, ".2f", Ok("2.50")),
        (0x7ff0000000000000, ".2f", Ok("inf")),
        (0x3fc0000000000000, "z.1f", Ok("0.1")),
        (0xbf1a36e2eb1c432d, "010", Ok("-0000.0001")),
        (0x4132d687e4189375, "8.3f", Ok("1234567.891")),
        (0x4028000000000000, ".0e", Ok("1e+01")),
        (0x4480f0cf064dd592, "_", Ok("1e+22")),
        (0xfff0000000000000, "e", Ok("-inf")),
        (0x4058ffae147ae148, ".30f", Ok("99.995000000000004547473508864641")),
        (0x437b69b4ba630f35, "8.3f", Ok("123456789012345680.000")),
        (0x437b69b4ba630f35, ".0e", Ok("1e+17")),
        (0x4058ffae147ae148, "%", Ok("9999.500000%")),
        (0x3fe0000000000000, "08.2f", Ok("00000.50")),
        (0x3fc0000000000000, ".1", Ok("0.1")),
        (0x4059000000000000, "F", Ok("100.000000")),
        (0x7e37e43c8800759c, "010,", Ok("0,001e+300")),
        (0x4132d687e4189375, "-", Ok("1234567.891")),
        (0x4480f0cf064dd592, "015,.2f", Ok("10,000,000,000,000,000,000,000.00")),
        (0x7ff8000000000000, "e", Ok("nan")),
        (0x4132d687e4189375, " ", Ok(" 1234567.891")),
        (0x400c000000000000, "_", Ok("3.5")),
        (0x4480f0cf064dd592, ".3", Ok("1e+22")),
        (0x3f1a36e2eb1c432d, "010,", Ok("0,000.0001")),
        (0x4028000000000000, "-", Ok("12.0")),
        (0x4480f0cf064dd592, "20.17g", Ok("               1e+22")),
        (0xc00c000000000000, "", Ok("-3.5")),
        (0x7ff8000000000000, "20.17g", Ok("                 nan")),
        (0x8000000000000000, ">10", Ok("      -0.0")),
        (0x7e37e43c8800759c, "E", Ok("1.000000E+300")),
        (0x437b69b4ba630f35, "%", Ok("12345678901234567168.000000%")),
        (0x4480f0cf064dd592, "e", Ok("1.000000e+22")),
        (0x3f1a36e2eb1c432d, "<10", Ok("0.0001    ")),
        (0x437b69b4ba630f35, ".1", Ok("1e+17")),
        (0x4132d687e4189375, ".10g", Ok("1234567.891")),
        (0x0000000000000000, "-", Ok("0.0")),
        (0x4058ffae147ae148, "010", Ok("000099.995")),
        (0xfff0000000000000, "+", Ok("-inf")),
        (0x437b69b4ba630f35, ".2f", Ok("123456789012345680.00")),
        (0x4058ffae147ae148, "8.3f", Ok("  99.995")),
        (0x437b69b4ba630f35, "x<+10.2f", Ok("+123456789012345680.00")),
        (0x4480f0cf064dd592, ".30f", Ok("10000000000000000000000.000000000000000000000000000000")),
        (0x7ff8000000000000, ".1", Ok("nan")),
        (0x7ff8000000000000, " ", Ok(" nan")),
        (0x7ff8000000000000, "#", Ok("nan")),
        (0x3fe0000000000000, "#", Ok("0.5")),
        (0x7ff8000000000000, "^10", Ok("   nan    ")),
        (0x4132d687e4189375, "08.2f", Ok("1234567.89")),
        (0xbf1a36e2eb1c432d, ".3", Ok("-0.0001")),
        (0x7e37e43c8800759c, "F", Ok("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000")),
        (0x4028000000000000, "=+12.3f", Ok("+     12.000")),
        (0x3fc0000000000000, "x<+10.2f", Ok("+0.12xxxxx")),
        (0xc0934a0000000000, "#", Ok("-1234.5")),
        (0x7e37e43c8800759c, "_", Ok("1e+300")),
        (0x4058ffae147ae148, "z.1f", Ok("100.0")),
        (0x437b69b4ba630f35, "#g", Ok("1.23457e+17")),
        (0xc00c000000000000, "x<+10.2f", Ok("-3.50xxxxx")),
        (0x3fe0000000000000, "#.3e", Ok("5.000e-01")),
        (0x4132d687e4189375, ".3g", Ok("1.23e+06")),
        (0x4028000000000000, "010", Ok("00000012.0")),
        (0x7ff0000000000000, "n", Ok("inf")),
        (0x3f1a36e2eb1c432d, ".0%", Ok("0%")),
        (0x8000000000000000, "E", Ok("-0.000000E+00")),
        (0xc0934a0000000000, "E", Ok("-1.234500E+03")),
        (0x4005666666666666, "<10", Ok("2.675     ")),
        (0xbf1a36e2eb1c432d, "", Ok("-0.0001")),
        (0x4341c37937e08000, ".3", Ok("1e+16")),
        (0x4132d687e4189375, "010", Ok("1234567.891")),
        (0x8000000000000000, ".1", Ok("-0e+00")),
        (0x4058ffae147ae148, "#", Ok("99.995")),
        (0x4341c37937e08000, "015,.2f", Ok("10,000,000,000,000,000.00")),
        (0x3ff8000000000000, " ", Ok(" 1.5")),
        (0x3fc0000000000000, "F", Ok("0.125000")),
        (0x4059000000000000, ".0f", Ok("100")),
        (0xfff0000000000000, ".1%", Ok("-inf%")),
        (0x4132d687e4189375, ">10", Ok("1234567.891")),
        (0x4058ffae147ae148, ".1", Ok("1e+02")),
        (0xc0934a0000000000, "08.2f", Ok("-1234.50")),
        (0x8000000000000000, "*^15,.2f", Ok("*****-0.00*****")),
        (0x3fe0000000000000, "015,.2f", Ok("0,000,000,000.50")),
        (0x4058ffae147ae148, "g", Ok("99.995")),
        (0x7ff8000000000000, "z.1f", Ok("nan")),
        (0x0000000000000001, ".1%", Ok("0.0%")),
        (0xc0934a0000000000, "z.1f", Ok("-1234.5")),
        (0x3ee4f8b588e368f1, "G", Ok("1E-05")),
        (0x7e37e43c8800759c, "_.3e", Ok("1.000e+300")),
        (0x0000000000000000, ".2f", Ok("0.00")),
        (0x7ff8000000000000, "=+12.3f", Ok("+        nan")),
        (0x3fe0000000000000, "E", Ok("5.000000E-01")),
        (0x437b69b4ba630f35, ".0f", Ok("123456789012345680")),
        (0x3fe0000000000000, "+", Ok("+0.5")),
        (0x4059000000000000, "#g", Ok("100.000")),
        (0x400c000000000000, "+", Ok("+3.5")),
        (0x7ff0000000000000, "8.3f", Ok("     inf")),
        (0x7ff8000000000000, ".3g", Ok("nan")),
        (0x437b69b4ba630f35, "010,", Ok("1.2345678901234568e+17")),
        (0x7ff8000000000000, "x<+10.2f", Ok("+nanxxxxxx")),
        (0x3fc0000000000000, "g", Ok("0.125")),
        (0x3fe0000000000000, "010,", Ok("0,000,000.5")),
        (0x3fe0000000000000, ".10g", Ok("0.5")),
        (0x7e37e43c8800759c, "010", Ok("00001e+300")),
        (0x4058ffae147ae148, ".0f", Ok("100")),
        (0x3fc0000000000000, "015,.2f", Ok("0,000,000,000.12")),
        (0x0000000000000001, "08.2f", Ok("00000.00")),
        (0x4058ffae147ae148, "*^15,.2f", Ok("****100.00*****")),
        (0x3fc0000000000000, "G", Ok("0.125")),
        (0x0000000000000001, "+.2f", Ok("+0.00")),
        (0x3fc0000000000000, "*^15,.2f", Ok("*****0.12******")),
        (0xfff0000000000000, ".10g", Ok("-inf")),
        (0x7e37e43c8800759c, ".0%", Ok("100000000000000007629703079084894925347346855150656811701601734206211380288125794484142188964691784076639747577138548761372210387844799938291815611350519830750167649856488981626536368095414607314235151058373458986890825155659063617715863205282622390509284183439858617103083735673849899204570498157510656%")),
        (0x4004000000000000, "#", Ok("2.5")),
        (0x4004000000000000, " ", Ok(" 2.5")),
        (0x4058ffae147ae148, "#.3e", Ok("1.000e+02")),
        (0x0000000000000001, ",", Ok("5e-324")),
        (0x0000000000000001, "#.0f", Ok("0.")),
        (0x4005666666666666, " ", Ok(" 2.675")),
        (0x3f1a36e2eb1c432d, "%", Ok("0.010000%")),
        (0x7ff0000000000000, "G", Ok("INF")),
        (0x4480f0cf064dd592, ">10", Ok("     1e+22")),
        (0x3ee4f8b588e368f1, "010,", Ok("00,001e-05")),
        (0x0000000000000000, "20.17g", Ok("                   0")),
        (0xfff0000000000000, "+.2f", Ok("-inf")),
        (0x7ff0000000000000, ">10", Ok("       inf")),
        (0x437b69b4ba630f35, ">10", Ok("1.2345678901234568e+17")),
        (0x3fc0000000000000, ".30f", Ok("0.125000000000000000000000000000")),
        (0x8000000000000000, "e", Ok("-0.000000e+00")),
        (0x4059000000000000, "_.3e", Ok("1.000e+02")),
        (0xbf1a36e2eb1c432d, "e", Ok("-1.000000e-04")),
        (0x3ee4f8b588e368f1, "=+12.3f", Ok("+      0.000")),
        (0x8000000000000000, ".0%", Ok("-0%")),
        (0x3fc0000000000000, ".10g", Ok("0.125")),
        (0x0000000000000001, "=+12.3f", Ok("+      0.000")),
        (0x0000000000000000, ">10", Ok("       0.0")),
        (0x4058ffae147ae148, ".0e", Ok("1e+02")),
        (0x3ee4f8b588e368f1, "010", Ok("000001e-05")),
        (0x4480f0cf064dd592, "G", Ok("1E+22")),
        (0x3f1a36e2eb1c432d, "x<+10.2f", Ok("+0.00xxxxx")),
        (0x4005666666666666, "F", Ok("2.675000")),
        (0x437b69b4ba630f35, "<10", Ok("1.2345678901234568e+17")),
        (0x4480f0cf064dd592, "#", Ok("1.e+22")),
        (0x4058ffae147ae148, "<10", Ok("99.995    ")),
        (0x4059000000000000, ">10", Ok("     100.0")),
        (0x0000000000000000, "015,.2f", Ok("0,000,000,000.00")),
        (0x3fc0000000000000, "", Ok("0.125")),
        (0x7ff0000000000000, "E", Ok("INF")),
        (0x437b69b4ba630f35, "#", Ok("1.2345678901234568e+17")),
        (0x7ff8000000000000, "", Ok("nan")),
        (0x7ff0000000000000, "e", Ok("inf")),
        (0x8000000000000000, ".0f", Ok("-0")),
        (0x4058ffae147ae148, ".1%", Ok("9999.5%")),
        (0x8000000000000000, "z.1f", Ok("0.0")),
        (0x0000000000000000, "e", Ok("0.000000e+00")),
        (0x3f1a36e2eb1c432d, "", Ok("0.0001")),
        (0x4059000000000000, "e", Ok("1.000000e+02")),
        (0xc0934a0000000000, ".1%", Ok("-123450.0%")),
        (0x0000000000000000, "=+12.3f", Ok("+      0.000")),
        (0x4004000000000000, "F", Ok("2.500000")),
        (0x4058ffae147ae148, "20.17g", Ok("  99.995000000000005")),
        (0x0000000000000001, "F", Ok("0.000000")),
        (0x4058ffae147ae148, "^10", Ok("  99.995  ")),
        (0x0000000000000001, "^10", Ok("  5e-324  ")),
        (0x7ff0000000000000, "#", Ok("inf")),
        (0x7ff0000000000000, "_.3e", Ok("inf")),
        (0x3fc0000000000000, "_.3e", Ok("1.250e-01")),
        (0x4005666666666666, ".0e", Ok("3e+00")),
        (0x4058ffae147ae148, "015,.2f", Ok("0,000,000,100.00")),
        (0x4480f0cf064dd592, "*^15,.2f", Ok("10,000,000,000,000,000,000,000.00")),
        (0xfff0000000000000, "x<+10.2f", Ok("-infxxxxxx")),
        (0x4005666666666666, "E", Ok("2.675000E+00")),
        (0x4004000000000000, ".0f", Ok("2")),
        (0xc00c000000000000, ".0f", Ok("-4")),
        (0x4341c37937e08000, "010,", Ok("00,001e+16")),
        (0x3f1a36e2eb1c432d, "z.1f", Ok("0.0")),
        (0x400c000000000000, "8.3f", Ok("   3.500")),
        (0x3ff8000000000000, ".1", Ok("2e+00")),
        (0x8000000000000000, "08.2f", Ok("-0000.00")),
        (0xfff0000000000000, ".0e", Ok("-inf")),
        (0x3fe0000000000000, "#.0f", Ok("0.")),
        (0x4480f0cf064dd592, ".3g", Ok("1e+22")),
        (0x3ff8000000000000, "G", Ok("1.5")),
        (0x4059000000000000, ".0e", Ok("1e+02")),
        (0x4059000000000000, ".30f", Ok("100.000000000000000000000000000000")),
        (0x4059000000000000, "#.0f", Ok("100.")),
        (0x3fc0000000000000, "n", Ok("0.125")),
        (0x437b69b4ba630f35, "20.17g", Ok("1.2345678901234568e+17")),
        (0x4004000000000000, "#.3e", Ok("2.500e+00")),
        (0x4005666666666666, "e", Ok("2.675000e+00")),
        (0x4132d687e4189375, "*^15,.2f", Ok("*1,234,567.89**")),
        (0x4132d687e4189375, ".30f", Ok("1234567.891000000061467289924621582031")),
        (0xc00c000000000000, "+.2f", Ok("-3.50")),
        (0x4341c37937e08000, "g", Ok("1e+16")),
        (0x3ff8000000000000, ",", Ok("1.5")),
        (0x0000000000000001, "8.3f", Ok("   0.000")),
        (0x437b69b4ba630f35, "G", Ok("1.23457E+17")),
        (0x3ff8000000000000, "z.1f", Ok("1.5")),
        (0x0000000000000001, ".1", Ok("5e-324")),
        (0x0000000000000000, "#g", Ok("0.00000")),
        (0x400c000000000000, "F", Ok("3.500000")),
        (0x7ff0000000000000, ".1", Ok("inf")),
        (0x4480f0cf064dd592, "E", Ok("1.000000E+22")),
        (0x7ff8000000000000, ".30f", Ok("nan")),
        (0x7e37e43c8800759c, ".30f", Ok("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000000000000000000000000000")),
        (0x3fc0000000000000, "010", Ok("000000.125")),
        (0x4005666666666666, "+.2f", Ok("+2.67")),
        (0x3ff0000000000000, ".3", Ok("1.0")),
        (0x405ec00000000000, ".3", Ok("1.23e+02")),
        (0x405ec00000000000, ".2", Ok("1.2e+02")),
        (0x4415af1d78b58c40, ".3", Ok("1e+20")),
        (0x4341c37937e08000, ".17", Ok("1e+16")),
        (0x4341c37937e08000, "#", Ok("1.e+16")),
        (0x4341c37937e08000, "#.3", Ok("1.00e+16")),
        (0x3ee4f8b588e368f1, "g", Ok("1e-05")),
        (0x40fe240000000000, "g", Ok("123456")),
        (0x4132d68700000000, "g", Ok("1.23457e+06")),
        (0x4059000000000000, ".1g", Ok("1e+02")),
        (0x4059000000000000, "#.1g", Ok("1.e+02")),
        (0x3f202e7ef70994dd, ".3g", Ok("0.000123")),
        (0x3fb999999999999a, ".25f", Ok("0.1000000000000000055511151")),
        (0x3fd5555555555555, ".20f", Ok("0.33333333333333331483")),
        (0x3ff6a09e667f3bcd, ".30e", Ok("1.414213562373095145474621858739e+00")),
        (0x7fefffffffffffff, ",.0f", Ok("179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368")),
        (0x3fb999999999999a, ".1000g", Ok("0.1000000000000000055511151231257827021181583404541015625")),
        (0x3ff8000000000000, ".2147483648g", Err("precision too big")),
        (0x3ff8000000000000, ".3000000000f", Err("precision too big")),
        (0x3ff8000000000000, ".99999999999999999999", Err("Too many decimal digits in format string")),
        (0x3ff8000000000000, "d", Err("Unknown format code 'd' for object of type 'float'")),
        (0x3ff8000000000000, "x", Err("Unknown format code 'x' for object of type 'float'")),
        (0x3ff8000000000000, "r", Err("Unknown format code 'r' for object of type 'float'")),
        (0x3ff8000000000000, "ab", Err("Invalid format specifier 'ab' for object of type 'float'")),
        (0x3ff8000000000000, "zz", Err("Unknown format code 'z' for object of type 'float'")),
        (0x3ff8000000000000, ",n", Err("Cannot specify ',' with 'n'.")),
        (0x3ff8000000000000, "_n", Err("Cannot specify '_' with 'n'.")),
        (0x3ff8000000000000, ".", Err("Format specifier missing precision")),
        (0x3ff8000000000000, ",_", Err("Cannot specify both ',' and '_'.")),
        (0x3ff8000000000000, "_,", Err("Cannot specify both ',' and '_'.")),
        (0x3ff8000000000000, ",,", Err("Cannot specify ',' with ','.")),
        (0x3ff8000000000000, "\u{1234}", Err("Unknown format code '\\x1234' for object of type 'float'")),
        (0x3ff8000000000000, "\u{a}", Err("Unknown format code '\\xa' for object of type 'float'")),
        (0x3ff8000000000000, "0=10", Ok("00000001.5")),
        (0x3ff8000000000000, "0^10", Ok("0001.50000")),
        (0x3ff8000000000000, "0>10", Ok("00000001.5")),
        (0x3ff8000000000000, "\u{e9}^9", Ok("\u{e9}\u{e9}\u{e9}1.5\u{e9}\u{e9}\u{e9}")),
        (0x3ff0000000000000, " z#010,.3f", Ok(" 0,001.000")),
        (0x8000000000000000, "z", Ok("0.0")),
        (0x8000000000000000, "ze", Ok("0.000000e+00")),
        (0xbe112e0be826d695, "z.3f", Ok("0.000")),
        (0x7ff8000000000000, "+", Ok("+nan")),
        (0x7ff0000000000000, "+10.3", Ok("      +inf")),
        (0x7ff8000000000000, "F", Ok("NAN")),
        (0x7ff0000000000000, "E", Ok("INF")),
        (0x54b249ad2594c37d, "G", Ok("1E+100")),
        (0xc0934a0000000000, "015,.2f", Ok("-000,001,234.50")),
        (0x40934a0000000000, "+015_.1f", Ok("+0_000_001_234.5")),
        (0x40934a456d5cfaad, "09,", Ok("1,234.5678")),
        (0x3e7ad7f29abcaf48, "", Ok("1e-07")),
        (0x3e7ad7f29abcaf48, "10", Ok("     1e-07")),
    ];

    /// `(int as decimal text, spec, format(n, spec))` triples produced by python3 3.11.
    const INT_CASES: &[(&str, &str, Result<&str, &str>)] = &[
        ("11259375", " ", Ok(" 11259375")),
        ("-1267650600228229401496703205376", ",", Ok("-1,267,650,600,228,229,401,496,703,205,376")),
        ("-1", "c", Err("%c arg not in range(0x110000)")),
        ("-9223372036854775808", ".2f", Ok("-9223372036854775808.00")),
        ("1114112", "<10", Ok("1114112   ")),
        ("-255", "_b", Ok("-1111_1111")),
        ("1", "d", Ok("1")),
        ("0", "", Ok("0")),
        ("42", "X", Ok("2A")),
        ("65", "e", Ok("6.500000e+01")),
        ("-1267650600228229401496703205376", "<10", Ok("-1267650600228229401496703205376")),
        ("-9223372036854775808", "_x", Ok("-8000_0000_0000_0000")),
        ("1114112", "+d", Ok("+1114112")),
        ("1114111", "n", Ok("1114111")),
        ("1234567", "08,", Ok("1,234,567")),
        ("-12345", "o", Ok("-30071")),
        ("1114112", "n", Ok("1114112")),
        ("0", "08,", Ok("0,000,000")),
        ("-255", "*^15,", Ok("*****-255******")),
        ("-9223372036854775808", "n", Ok("-9223372036854775808")),
        ("-42", "08,", Ok("-000,042")),
        ("1114111", "*^15,", Ok("***1,114,111***")),
        ("2147483648", "*^15,", Ok("*2,147,483,648*")),
        ("1267650600228229401496703205376", ",", Ok("1,267,650,600,228,229,401,496,703,205,376")),
        ("1267650600228229401496703205376", "_", Ok("1_267_650_600_228_229_401_496_703_205_376")),
        ("128512", "#_X", Ok("0X1_F600")),
        ("-1", "<10", Ok("-1        ")),
        ("-42", "010", Ok("-000000042")),
        ("-1267650600228229401496703205376", "", Ok("-1267650600228229401496703205376")),
        ("1267650600228229401496703205376", "=+12,", Ok("+1,267,650,600,228,229,401,496,703,205,376")),
        ("128512", "n", Ok("128512")),
        ("1114111", "=+12,", Ok("+  1,114,111")),
        ("-255", "-", Ok("-255")),
        ("11259375", "=+12,", Ok("+ 11,259,375")),
        ("1000000000000000000000000000000", "_", Ok("1_000_000_000_000_000_000_000_000_000_000")),
        ("128512", "+", Ok("+128512")),
        ("-1", "+", Ok("-1")),
        ("9223372036854775808", "b", Ok("1000000000000000000000000000000000000000000000000000000000000000")),
        ("-12345", "-", Ok("-12345")),
        ("-1", "08_", Ok("-000_001")),
        ("1234567", "c", Err("%c arg not in range(0x110000)")),
        ("2147483648", "08_", Ok("2_147_483_648")),
        ("-255", "x", Ok("-ff")),
        ("9223372036854775808", "08_", Ok("9_223_372_036_854_775_808")),
        ("11259375", "X", Ok("ABCDEF")),
        ("11259375", "#X", Ok("0XABCDEF")),
        ("1114112", "010", Ok("0001114112")),
        ("-42", "+d", Ok("-42")),
        ("128512", "#010x", Ok("0x0001f600")),
        ("65", "b", Ok("1000001")),
        ("1234", "c", Ok("\u{4d2}")),
        ("-1", "*^15,", Ok("******-1*******")),
        ("1", "c", Ok("\u{1}")),
        ("-1267650600228229401496703205376", "=+12,", Ok("-1,267,650,600,228,229,401,496,703,205,376")),
        ("-42", "^10", Ok("   -42    ")),
        ("65", "08_", Ok("0_000_065")),
        ("1234567", "#X", Ok("0X12D687")),
        ("-9223372036854775808", "e", Ok("-9.223372e+18")),
        ("-42", "+", Ok("-42")),
        ("18446744073709551616", "08_", Ok("18_446_744_073_709_551_616")),
        ("-1267650600228229401496703205376", "_x", Ok("-10_0000_0000_0000_0000_0000_0000")),
        ("65", "_", Ok("65")),
        ("128512", "e", Ok("1.285120e+05")),
        ("18446744073709551616", ",", Ok("18,446,744,073,709,551,616")),
        ("0", "%", Ok("0.000000%")),
        ("65", "", Ok("65")),
        ("1114112", ".3g", Ok("1.11e+06")),
        ("255", "x^+9", Ok("xx+255xxx")),
        ("1000000000000000000000000000000", "x", Ok("c9f2c9cd04674edea40000000")),
        ("9223372036854775808", "#x", Ok("0x8000000000000000")),
        ("1234", "08_", Ok("0_001_234")),
        ("1234567", "X", Ok("12D687")),
        ("-1267650600228229401496703205376", "*^15,", Ok("-1,267,650,600,228,229,401,496,703,205,376")),
        ("5", "#_X", Ok("0X5")),
        ("-1", "-", Ok("-1")),
        ("18446744073709551616", "#x", Ok("0x10000000000000000")),
        ("128512", "c", Ok("\u{1f600}")),
        ("18446744073709551616", "#010x", Ok("0x10000000000000000")),
        ("-42", "08_", Ok("-000_042")),
        ("5", ",", Ok("5")),
        ("1000000000000000000000000000000", "c", Err("Python int too large to convert to C long")),
        ("11259375", "b", Ok("101010111100110111101111")),
        ("-255", "08,", Ok("-000,255")),
        ("1234", ".3g", Ok("1.23e+03")),
        ("1114111", "#012_x", Ok("0x0_0010_ffff")),
        ("-42", " ", Ok("-42")),
        ("1234567", ".2f", Ok("1234567.00")),
        ("-9223372036854775808", "*^15,", Ok("-9,223,372,036,854,775,808")),
        ("255", "_", Ok("255")),
        ("5", "#010x", Ok("0x00000005")),
        ("-1267650600228229401496703205376", "010b", Ok("-10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")),
        ("-42", "x^+9", Ok("xxx-42xxx")),
        ("1114112", "#X", Ok("0X110000")),
        ("18446744073709551616", "e", Ok("1.844674e+19")),
        ("0", "_", Ok("0")),
        ("-42", "_x", Ok("-2a")),
        ("42", "%", Ok("4200.000000%")),
        ("0", "010", Ok("0000000000")),
        ("65", "_b", Ok("100_0001")),
        ("-12345", "#012_x", Ok("-0x0000_3039")),
        ("1267650600228229401496703205376", ".3g", Ok("1.27e+30")),
        ("128512", "o", Ok("373000")),
        ("1000000000000000000000000000000", "08_", Ok("1_000_000_000_000_000_000_000_000_000_000")),
        ("1000000000000000000000000000000", "+d", Ok("+1000000000000000000000000000000")),
        ("1234", "^10", Ok("   1234   ")),
        ("1234567", "08_", Ok("1_234_567")),
        ("1234567", "=+12,", Ok("+  1,234,567")),
        ("1267650600228229401496703205376", "", Ok("1267650600228229401496703205376")),
        ("2147483648", "b", Ok("10000000000000000000000000000000")),
        ("1234", "#x", Ok("0x4d2")),
        ("5", "+d", Ok("+5")),
        ("128512", ",", Ok("128,512")),
        ("11259375", "#012_x", Ok("0x0_00ab_cdef")),
        ("1", "-", Ok("1")),
        ("-42", "#X", Ok("-0X2A")),
        ("9223372036854775808", "d", Ok("9223372036854775808")),
        ("-1267650600228229401496703205376", "n", Ok("-1267650600228229401496703205376")),
        ("2147483648", ",", Ok("2,147,483,648")),
        ("-1", "=+12,", Ok("-          1")),
        ("9223372036854775808", "-", Ok("9223372036854775808")),
        ("255", "010b", Ok("0011111111")),
        ("1114111", "#010x", Ok("0x0010ffff")),
        ("1000000000000000000000000000000", "X", Ok("C9F2C9CD04674EDEA40000000")),
        ("128512", "b", Ok("11111011000000000")),
        ("9223372036854775808", "<10", Ok("9223372036854775808")),
        ("9223372036854775808", "^10", Ok("9223372036854775808")),
        ("1234567", "%", Ok("123456700.000000%")),
        ("-1", "#b", Ok("-0b1")),
        ("18446744073709551616", "^10", Ok("18446744073709551616")),
        ("9223372036854775808", "x", Ok("8000000000000000")),
        ("-9223372036854775808", "#_X", Ok("-0X8000_0000_0000_0000")),
        ("1234", "08,", Ok("0,001,234")),
        ("2147483648", "08,", Ok("2,147,483,648")),
        ("-1", "_b", Ok("-1")),
        ("-42", "#012_x", Ok("-0x0000_002a")),
        ("-255", " ", Ok("-255")),
        ("9223372036854775808", "e", Ok("9.223372e+18")),
        ("-9223372036854775808", ".3g", Ok("-9.22e+18")),
        ("42", "n", Ok("42")),
        ("0", "+", Ok("+0")),
        ("11259375", "+", Ok("+11259375")),
        ("1267650600228229401496703205376", "c", Err("Python int too large to convert to C long")),
        ("5", "+", Ok("+5")),
        ("-255", "X", Ok("-FF")),
        ("1114111", "010b", Ok("100001111111111111111")),
        ("1114112", "_b", Ok("1_0001_0000_0000_0000_0000")),
        ("-42", "_", Ok("-42")),
        ("-255", "c", Err("%c arg not in range(0x110000)")),
        ("18446744073709551616", "c", Err("Python int too large to convert to C long")),
        ("128512", "#o", Ok("0o373000")),
        ("-12345", "_x", Ok("-3039")),
        ("128512", "_b", Ok("1_1111_0110_0000_0000")),
        ("-255", "#x", Ok("-0xff")),
        ("2147483648", "<10", Ok("2147483648")),
        ("2147483648", "010b", Ok("10000000000000000000000000000000")),
        ("1000000000000000000000000000000", "#_X", Ok("0XC_9F2C_9CD0_4674_EDEA_4000_0000")),
        ("-9223372036854775808", "%", Ok("-922337203685477580800.000000%")),
        ("1114111", "^10", Ok(" 1114111  ")),
        ("1114112", "o", Ok("4200000")),
        ("-9223372036854775808", "+", Ok("-9223372036854775808")),
        ("-9223372036854775808", "08,", Ok("-9,223,372,036,854,775,808")),
        ("-9223372036854775808", "010b", Ok("-1000000000000000000000000000000000000000000000000000000000000000")),
        ("42", "d", Ok("42")),
        ("1114111", "d", Ok("1114111")),
        ("18446744073709551616", "x", Ok("10000000000000000")),
        ("1114111", "o", Ok("4177777")),
        ("65", "d", Ok("65")),
        ("-9223372036854775808", "c", Err("%c arg not in range(0x110000)")),
        ("-12345", "#o", Ok("-0o30071")),
        ("1234567", "_b", Ok("1_0010_1101_0110_1000_0111")),
        ("42", "08,", Ok("0,000,042")),
        ("1000000000000000000000000000000", "08,", Ok("1,000,000,000,000,000,000,000,000,000,000")),
        ("1234567", "^10", Ok(" 1234567  ")),
        ("128512", "+d", Ok("+128512")),
        ("128512", "#x", Ok("0x1f600")),
        ("11259375", "010b", Ok("101010111100110111101111")),
        ("128512", "=+12,", Ok("+    128,512")),
        ("128512", "#b", Ok("0b11111011000000000")),
        ("42", "010", Ok("0000000042")),
        ("1234", "#X", Ok("0X4D2")),
        ("1267650600228229401496703205376", "#010x", Ok("0x10000000000000000000000000")),
        ("0", "#b", Ok("0b0")),
        ("1000000000000000000000000000000", "=+12,", Ok("+1,000,000,000,000,000,000,000,000,000,000")),
        ("9223372036854775808", ".2f", Ok("9223372036854775808.00")),
        ("1", "08,", Ok("0,000,001")),
        ("-42", "#b", Ok("-0b101010")),
        ("0", "e", Ok("0.000000e+00")),
        ("11259375", "d", Ok("11259375")),
        ("-1267650600228229401496703205376", "#o", Ok("-0o2000000000000000000000000000000000")),
        ("5", "#b", Ok("0b101")),
        ("1234567", "-", Ok("1234567")),
        ("1114112", "X", Ok("110000")),
        ("18446744073709551616", "X", Ok("10000000000000000")),
        ("65", "010b", Ok("0001000001")),
        ("1", "*^15,", Ok("*******1*******")),
        ("11259375", "#x", Ok("0xabcdef")),
        ("42", "#_X", Ok("0X2A")),
        ("-255", "08_", Ok("-000_255")),
        ("1000000000000000000000000000000", "#012_x", Ok("0xc_9f2c_9cd0_4674_edea_4000_0000")),
        ("0", "_b", Ok("0")),
        ("9223372036854775808", "", Ok("9223372036854775808")),
        ("1114111", "e", Ok("1.114111e+06")),
        ("65", "+", Ok("+65")),
        ("-1", "X", Ok("-1")),
        ("-9223372036854775808", "_", Ok("-9_223_372_036_854_775_808")),
        ("255", "+d", Ok("+255")),
        ("-1", "e", Ok("-1.000000e+00")),
        ("1000000000000000000000000000000", "^10", Ok("1000000000000000000000000000000")),
        ("1000000000000000000000000000000", "<10", Ok("1000000000000000000000000000000")),
        ("42", "x", Ok("2a")),
        ("255", "#010x", Ok("0x000000ff")),
        ("-12345", "d", Ok("-12345")),
        ("42", "o", Ok("52")),
        ("1", "b", Ok("1")),
        ("1114112", " ", Ok(" 1114112")),
        ("-1", "010b", Ok("-000000001")),
        ("1114112", "-", Ok("1114112")),
        ("-9223372036854775808", "+d", Ok("-9223372036854775808")),
        ("-9223372036854775808", "X", Ok("-8000000000000000")),
        ("1", "x^+9", Ok("xxx+1xxxx")),
        ("0", ".3g", Ok("0")),
        ("1267650600228229401496703205376", "<10", Ok("1267650600228229401496703205376")),
        ("5", "08,", Ok("0,000,005")),
        ("-1", "_x", Ok("-1")),
        ("42", " ", Ok(" 42")),
        ("11259375", "o", Ok("52746757")),
        ("11259375", "x", Ok("abcdef")),
        ("18446744073709551616", "#o", Ok("0o2000000000000000000000")),
        ("0", " ", Ok(" 0")),
        ("5", "n", Ok("5")),
        ("1114111", "_", Ok("1_114_111")),
        ("128512", "<10", Ok("128512    ")),
        ("65", "-", Ok("65")),
        ("9223372036854775808", "+", Ok("+9223372036854775808")),
        ("11259375", "", Ok("11259375")),
        ("1114111", "#o", Ok("0o4177777")),
        ("-255", ".3g", Ok("-255")),
        ("-9223372036854775808", " ", Ok("-9223372036854775808")),
        ("1", "%", Ok("100.000000%")),
        ("11259375", "08_", Ok("11_259_375")),
        ("5", "z", Err("Negative zero coercion (z) not allowed in integer format specifier")),
        ("5", ".2", Err("Precision not allowed in integer format specifier")),
        ("5", "+c", Err("Sign not allowed with integer format specifier 'c'")),
        ("65", "#c", Err("Alternate form (#) not allowed with integer format specifier 'c'")),
        ("-1", "c", Err("%c arg not in range(0x110000)")),
        ("1114112", "c", Err("%c arg not in range(0x110000)")),
        ("18446744073709551616", "c", Err("Python int too large to convert to C long")),
        ("9223372036854775808", "c", Err("Python int too large to convert to C long")),
        ("-9223372036854775808", "c", Err("%c arg not in range(0x110000)")),
        ("65", "05c", Ok("0000A")),
        ("55295", "c", Ok("\u{d7ff}")),
        ("1", "q", Err("Unknown format code 'q' for object of type 'int'")),
        ("1", ",s", Err("Cannot specify ',' with 's'.")),
        ("1", "_n", Err("Cannot specify '_' with 'n'.")),
        ("1", ",n", Err("Cannot specify ',' with 'n'.")),
        ("1", "abc", Err("Invalid format specifier 'abc' for object of type 'int'")),
        ("1", "99999999999999999999", Err("Too many decimal digits in format string")),
        ("179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216", "f", Err("int too large to convert to float")),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "e", Err("int too large to convert to float")),
        ("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368", "e", Ok("1.797693e+308")),
        ("9007199254740993", "f", Ok("9007199254740992.000000")),
        ("9007199254740995", "f", Ok("9007199254740996.000000")),
        ("1", "\u{665}", Ok("    1")),
        ("1", "0\u{665}", Ok("00001")),
        ("1", "\u{e9}", Err("Unknown format code '\\xe9' for object of type 'int'")),
        ("1", "5 ", Err("Unknown format code '\\x20' for object of type 'int'")),
        ("1", "  ", Err("Unknown format code '\\x20' for object of type 'int'")),
        ("1", ",\u{a}", Err("Cannot specify ',' with '\\xa'.")),
        ("1", "_\u{e9}", Err("Cannot specify '_' with '\\xe9'.")),
        ("1", "z.2f", Ok("1.00")),
        ("5", ".2q", Err("Unknown format code 'q' for object of type 'int'")),
        ("1", "<010", Ok("1000000000")),
        ("1", "0=10", Ok("0000000001")),
        ("1", "\u{0}>5", Ok("\u{0}\u{0}\u{0}\u{0}1")),
        ("1", ".0", Err("Precision not allowed in integer format specifier")),
        ("1", "d", Ok("1")),
    ];

    /// `(str, spec, format(s, spec))` triples produced by python3 3.11.
    const STR_CASES: &[(&str, &str, Result<&str, &str>)] = &[
        ("", "", Ok("")),
        ("", "s", Ok("")),
        ("", "5", Ok("     ")),
        ("", "<5", Ok("     ")),
        ("", ">5", Ok("     ")),
        ("", "^5", Ok("     ")),
        ("", "x^6", Ok("xxxxxx")),
        ("", ".1", Ok("")),
        ("", ".3s", Ok("")),
        ("", "x^7.2", Ok("xxxxxxx")),
        ("", "05", Ok("00000")),
        ("", "0<5", Ok("00000")),
        (
            "",
            "z",
            Err("Negative zero coercion (z) not allowed in string format specifier"),
        ),
        ("", "+", Err("Sign not allowed in string format specifier")),
        ("", " ", Err("Space not allowed in string format specifier")),
        (
            "",
            "#",
            Err("Alternate form (#) not allowed in string format specifier"),
        ),
        (
            "",
            "=",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        (
            "",
            "=5",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        ("", ",", Err("Cannot specify ',' with 's'.")),
        ("", "_", Err("Cannot specify '_' with 's'.")),
        (
            "",
            "d",
            Err("Unknown format code 'd' for object of type 'str'"),
        ),
        (
            "",
            "ab",
            Err("Invalid format specifier 'ab' for object of type 'str'"),
        ),
        (
            "",
            "\u{e9}>8",
            Ok("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ),
        ("", "10.0", Ok("          ")),
        ("", ".0", Ok("")),
        ("", "3.10", Ok("   ")),
        ("ab", "", Ok("ab")),
        ("ab", "s", Ok("ab")),
        ("ab", "5", Ok("ab   ")),
        ("ab", "<5", Ok("ab   ")),
        ("ab", ">5", Ok("   ab")),
        ("ab", "^5", Ok(" ab  ")),
        ("ab", "x^6", Ok("xxabxx")),
        ("ab", ".1", Ok("a")),
        ("ab", ".3s", Ok("ab")),
        ("ab", "x^7.2", Ok("xxabxxx")),
        ("ab", "05", Ok("ab000")),
        ("ab", "0<5", Ok("ab000")),
        (
            "ab",
            "z",
            Err("Negative zero coercion (z) not allowed in string format specifier"),
        ),
        (
            "ab",
            "+",
            Err("Sign not allowed in string format specifier"),
        ),
        (
            "ab",
            " ",
            Err("Space not allowed in string format specifier"),
        ),
        (
            "ab",
            "#",
            Err("Alternate form (#) not allowed in string format specifier"),
        ),
        (
            "ab",
            "=",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        (
            "ab",
            "=5",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        ("ab", ",", Err("Cannot specify ',' with 's'.")),
        ("ab", "_", Err("Cannot specify '_' with 's'.")),
        (
            "ab",
            "d",
            Err("Unknown format code 'd' for object of type 'str'"),
        ),
        (
            "ab",
            "ab",
            Err("Invalid format specifier 'ab' for object of type 'str'"),
        ),
        (
            "ab",
            "\u{e9}>8",
            Ok("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}ab"),
        ),
        ("ab", "10.0", Ok("          ")),
        ("ab", ".0", Ok("")),
        ("ab", "3.10", Ok("ab ")),
        ("h\u{e9}llo", "", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", "s", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", "5", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", "<5", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", ">5", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", "^5", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", "x^6", Ok("h\u{e9}llox")),
        ("h\u{e9}llo", ".1", Ok("h")),
        ("h\u{e9}llo", ".3s", Ok("h\u{e9}l")),
        ("h\u{e9}llo", "x^7.2", Ok("xxh\u{e9}xxx")),
        ("h\u{e9}llo", "05", Ok("h\u{e9}llo")),
        ("h\u{e9}llo", "0<5", Ok("h\u{e9}llo")),
        (
            "h\u{e9}llo",
            "z",
            Err("Negative zero coercion (z) not allowed in string format specifier"),
        ),
        (
            "h\u{e9}llo",
            "+",
            Err("Sign not allowed in string format specifier"),
        ),
        (
            "h\u{e9}llo",
            " ",
            Err("Space not allowed in string format specifier"),
        ),
        (
            "h\u{e9}llo",
            "#",
            Err("Alternate form (#) not allowed in string format specifier"),
        ),
        (
            "h\u{e9}llo",
            "=",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        (
            "h\u{e9}llo",
            "=5",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        ("h\u{e9}llo", ",", Err("Cannot specify ',' with 's'.")),
        ("h\u{e9}llo", "_", Err("Cannot specify '_' with 's'.")),
        (
            "h\u{e9}llo",
            "d",
            Err("Unknown format code 'd' for object of type 'str'"),
        ),
        (
            "h\u{e9}llo",
            "ab",
            Err("Invalid format specifier 'ab' for object of type 'str'"),
        ),
        ("h\u{e9}llo", "\u{e9}>8", Ok("\u{e9}\u{e9}\u{e9}h\u{e9}llo")),
        ("h\u{e9}llo", "10.0", Ok("          ")),
        ("h\u{e9}llo", ".0", Ok("")),
        ("h\u{e9}llo", "3.10", Ok("h\u{e9}llo")),
        ("\u{1f600}x", "", Ok("\u{1f600}x")),
        ("\u{1f600}x", "s", Ok("\u{1f600}x")),
        ("\u{1f600}x", "5", Ok("\u{1f600}x   ")),
        ("\u{1f600}x", "<5", Ok("\u{1f600}x   ")),
        ("\u{1f600}x", ">5", Ok("   \u{1f600}x")),
        ("\u{1f600}x", "^5", Ok(" \u{1f600}x  ")),
        ("\u{1f600}x", "x^6", Ok("xx\u{1f600}xxx")),
        ("\u{1f600}x", ".1", Ok("\u{1f600}")),
        ("\u{1f600}x", ".3s", Ok("\u{1f600}x")),
        ("\u{1f600}x", "x^7.2", Ok("xx\u{1f600}xxxx")),
        ("\u{1f600}x", "05", Ok("\u{1f600}x000")),
        ("\u{1f600}x", "0<5", Ok("\u{1f600}x000")),
        (
            "\u{1f600}x",
            "z",
            Err("Negative zero coercion (z) not allowed in string format specifier"),
        ),
        (
            "\u{1f600}x",
            "+",
            Err("Sign not allowed in string format specifier"),
        ),
        (
            "\u{1f600}x",
            " ",
            Err("Space not allowed in string format specifier"),
        ),
        (
            "\u{1f600}x",
            "#",
            Err("Alternate form (#) not allowed in string format specifier"),
        ),
        (
            "\u{1f600}x",
            "=",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        (
            "\u{1f600}x",
            "=5",
            Err("'=' alignment not allowed in string format specifier"),
        ),
        ("\u{1f600}x", ",", Err("Cannot specify ',' with 's'.")),
        ("\u{1f600}x", "_", Err("Cannot specify '_' with 's'.")),
        (
            "\u{1f600}x",
            "d",
            Err("Unknown format code 'd' for object of type 'str'"),
        ),
        (
            "\u{1f600}x",
            "ab",
            Err("Invalid format specifier 'ab' for object of type 'str'"),
        ),
        (
            "\u{1f600}x",
            "\u{e9}>8",
            Ok("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{1f600}x"),
        ),
        ("\u{1f600}x", "10.0", Ok("          ")),
        ("\u{1f600}x", ".0", Ok("")),
        ("\u{1f600}x", "3.10", Ok("\u{1f600}x ")),
    ];

    /// `(x bits, ndigits, round(x, ndigits) bits)` produced by python3 3.11 (where CPython
    /// raises OverflowError the expectation is the infinity this module returns).
    const ROUND_CASES: &[(u64, i64, u64)] = &[
        (0x3fc0000000000000, 2, 0x3fbeb851eb851eb8),
        (0x4005666666666666, 2, 0x40055c28f5c28f5c),
        (0x4004000000000000, 0, 0x4000000000000000),
        (0x400c000000000000, 0, 0x4010000000000000),
        (0xbfd999999999999a, 0, 0x8000000000000000),
        (0xbfe0000000000000, 0, 0x8000000000000000),
        (0x3fe0000000000000, 0, 0x0000000000000000),
        (0x3ff8000000000000, 0, 0x4000000000000000),
        (0xc010000000000000, -1, 0x8000000000000000),
        (0x4039000000000000, -1, 0x4034000000000000),
        (0x4041800000000000, -1, 0x4044000000000000),
        (0x402e000000000000, -1, 0x4034000000000000),
        (0x7e41eb2d66005835, -300, 0x7e47e43c8800759c),
        (0x0000000000000001, 323, 0x0000000000000000),
        (0x0000000000000001, 324, 0x0000000000000001),
        (0x40934a456d5cfaad, 2, 0x40934a47ae147ae1),
        (0x40934a456d5cfaad, -2, 0x4092c00000000000),
        (0xc0934a456d5cfaad, -3, 0xc08f400000000000),
        (0xc0934a456d5cfaad, -4, 0x8000000000000000),
        (0x3fd3333333333334, 15, 0x3fd3333333333333),
        (0x3fd3333333333334, 16, 0x3fd3333333333333),
        (0x3ddb7cdfd9d7bdbb, 5, 0x0000000000000000),
        (0xbddb7cdfd9d7bdbb, 5, 0x8000000000000000),
        (0x419d6f3454000000, -9, 0x0000000000000000),
        (0x419d6f3454000000, -308, 0x0000000000000000),
        (0x419d6f3454000000, -309, 0x0000000000000000),
        (0xc19d6f3454000000, -309, 0x8000000000000000),
        (0x7fefffffffffffff, -308, 0x7ff0000000000000),
        (0xffefffffffffffff, -308, 0xfff0000000000000),
        (0x7fefffffffffffff, -307, 0x7ff0000000000000),
        (0x7ff0000000000000, 2, 0x7ff0000000000000),
        (0xfff0000000000000, -2, 0xfff0000000000000),
        (0x7ff8000000000000, 1, 0x7ff8000000000000),
        (0x0000000000000000, 3, 0x0000000000000000),
        (0x8000000000000000, -3, 0x8000000000000000),
        (0x4480f0cf064dd592, -22, 0x4480f0cf064dd592),
        (0x44a52d02c7e14af6, -23, 0x0000000000000000),
        (0x01bac9a7b3b7302f, 300, 0x01b56e1fc2f8f359),
        (0x3fd23d70a3d70a3d, 2, 0x3fd1eb851eb851ec),
        (0x3ff0147ae147ae14, 2, 0x3ff0000000000000),
        (0x4021000000000000, 0, 0x4020000000000000),
        (0xc021000000000000, 0, 0xc020000000000000),
        (0x405edd2f1a9fbe77, 1000000, 0x405edd2f1a9fbe77),
        (0x405edd2f1a9fbe77, -1000000, 0x0000000000000000),
        (0x4330000000000000, 0, 0x4330000000000000),
        (0x3fa999999999999a, 1, 0x3fb999999999999a),
        (0x3fc3333333333333, 1, 0x3fb999999999999a),
        (0x3fd0000000000000, 1, 0x3fc999999999999a),
        (0x3fd6666666666666, 1, 0x3fd3333333333333),
        (0x4330000000000001, -1, 0x4330000000000004),
    ];

    /// Renders a result the way the tables spell it, for readable failure messages.
    fn show(result: &Result<String, String>) -> String {
        format!("{result:?}")
    }

    #[test]
    fn repr_matches_cpython() {
        for &(bits, expected) in REPR_CASES {
            let x = f64::from_bits(bits);
            assert_eq!(float_repr(x), expected, "repr({x:e})");
            assert_eq!(
                format_float(x, ""),
                Ok(expected.to_string()),
                "format({x:e}, '')"
            );
        }
    }

    #[test]
    fn format_float_matches_cpython() {
        for &(bits, spec, expected) in FLOAT_CASES {
            let x = f64::from_bits(bits);
            let got = format_float(x, spec);
            let want = expected.map(str::to_string).map_err(str::to_string);
            assert_eq!(got, want, "format({x:e}, {spec:?}) gave {}", show(&got));
        }
    }

    #[test]
    fn format_int_matches_cpython() {
        for &(text, spec, expected) in INT_CASES {
            let value: BigInt = text.parse().expect("table holds valid ints");
            let got = format_int(&value, spec);
            let want = expected.map(str::to_string).map_err(str::to_string);
            assert_eq!(got, want, "format({text}, {spec:?}) gave {}", show(&got));
        }
    }

    #[test]
    fn format_str_matches_cpython() {
        for &(value, spec, expected) in STR_CASES {
            let got = format_str(value, spec);
            let want = expected.map(str::to_string).map_err(str::to_string);
            assert_eq!(got, want, "format({value:?}, {spec:?}) gave {}", show(&got));
        }
    }

    #[test]
    fn round_matches_cpython() {
        for &(bits, ndigits, expected) in ROUND_CASES {
            let x = f64::from_bits(bits);
            let got = round_float(x, ndigits);
            assert_eq!(
                got.to_bits(),
                expected,
                "round({x:e}, {ndigits}) gave {got:e}, want {:e}",
                f64::from_bits(expected)
            );
        }
    }

    #[test]
    fn parse_records_the_spec_as_written() {
        let full = FormatSpec {
            fill: '*',
            align: Some('^'),
            sign: Some('+'),
            alternate: true,
            zero_pad: false,
            width: Some(12),
            grouping: Some(','),
            precision: Some(3),
            kind: Some('f'),
        };
        let zero = FormatSpec {
            fill: '0',
            sign: Some('-'),
            zero_pad: true,
            width: Some(8),
            grouping: Some('_'),
            kind: Some('x'),
            ..FormatSpec::default()
        };
        let plain = FormatSpec {
            fill: ' ',
            ..FormatSpec::default()
        };
        let cases: &[(&str, Result<FormatSpec, &str>)] = &[
            ("*^+#12,.3f", Ok(full)),
            ("-z08_x", Ok(zero)),
            ("", Ok(plain)),
            ("xx", Err("Invalid format specifier")),
            (".", Err("Format specifier missing precision")),
            (",_", Err("Cannot specify both ',' and '_'.")),
            (",s", Err("Cannot specify ',' with 's'.")),
            (
                "99999999999999999999",
                Err("Too many decimal digits in format string"),
            ),
        ];
        for (spec, expected) in cases {
            let want = expected.clone().map_err(str::to_string);
            assert_eq!(parse_format_spec(spec), want, "parse {spec:?}");
        }
    }

    #[test]
    fn absurd_widths_and_precisions_are_refused_not_allocated() {
        let huge = "999999999999999999";
        let cases = [
            (format_int(&BigInt::from(1), huge), TOO_LARGE),
            (format_float(1.0, huge), TOO_LARGE),
            (format_str("a", huge), TOO_LARGE),
            (format_float(1.0, ".2000000000f"), TOO_LARGE),
            (format_float(1.0, "#.2000000000g"), TOO_LARGE),
            // Past C's INT_MAX CPython itself refuses, with its own message.
            (format_float(1.0, &format!(".{huge}f")), "precision too big"),
        ];
        for (got, message) in cases {
            assert_eq!(got, Err(message.to_string()));
        }
        // Precision that produces no output is still honoured, as in CPython.
        assert_eq!(format_str("abc", ".2000000000"), Ok("abc".to_string()));
        assert_eq!(format_float(1.5, ".2000000000g"), Ok("1.5".to_string()));
    }

    #[test]
    fn arbitrary_specs_never_panic() {
        // A small deterministic generator (xorshift) over the spec alphabet.
        let alphabet: Vec<char> = "<>=^+- z#0123456789,_.bcdeEfFgGnosxX%é٥\n"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let floats = [
            0.0,
            -0.0,
            1.5,
            -1e300,
            5e-324,
            f64::INFINITY,
            f64::NAN,
            1e16,
        ];
        let ints = [
            BigInt::from(0),
            BigInt::from(-65),
            BigInt::from(1u64) << 200u32,
        ];
        for _ in 0..20_000 {
            let len = usize::try_from(next() % 9).unwrap_or(0);
            let spec: String = (0..len)
                .map(|_| alphabet[usize::try_from(next()).unwrap_or(0) % alphabet.len()])
                .collect();
            let pick = usize::try_from(next()).unwrap_or(0);
            let _ = format_float(floats[pick % floats.len()], &spec);
            let _ = format_int(&ints[pick % ints.len()], &spec);
            let _ = format_str("héllo", &spec);
            let _ = parse_format_spec(&spec);
        }
        for ndigits in [i64::MIN, -400, -308, -1, 0, 1, 400, i64::MAX] {
            for x in floats {
                let _ = round_float(x, ndigits);
            }
        }
    }
}
