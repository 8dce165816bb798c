//! "Did you mean: 'print'?": CPython 3.11's suggestions for a `NameError` or an
//! `AttributeError` that the traceback printer adds to the last line
//! (`Python/suggestions.c`, ported as it is: the same costs, limits and tie-breaking).

use super::value::Value;
use std::rc::Rc;

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// CPython's Levenshtein distance over UTF-8 bytes, giving up past `max_cost`.
fn levenshtein_distance(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let (mut a, mut b) = (a, b);
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (0..a.len()).map(|i| (i + 1) * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &a_char) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, a_char);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The closest of `candidates` to `name`, in their order, if any is close enough.
pub fn closest<'a>(candidates: &[&'a str], name: &str) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, distance)) = best {
            max_distance = max_distance.min(distance.saturating_sub(1));
        }
        let distance = levenshtein_distance(name.as_bytes(), item.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((item, distance));
        }
    }
    best.map(|(item, _)| item)
}

/// The attributes `dir()` lists for every object, sorted.
pub const OBJECT_DIR: &[&str] = &[
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// The public methods of the built-in types a learner mistypes most, as `dir()`
/// lists them (sorted; their dunders are too far from any typo to matter).
pub fn builtin_type_dir(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "list" => &[
            "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove",
            "reverse", "sort",
        ],
        "dict" => &[
            "clear",
            "copy",
            "fromkeys",
            "get",
            "items",
            "keys",
            "pop",
            "popitem",
            "setdefault",
            "update",
            "values",
        ],
        "str" => &[
            "capitalize",
            "casefold",
            "center",
            "count",
            "encode",
            "endswith",
            "expandtabs",
            "find",
            "format",
            "format_map",
            "index",
            "isalnum",
            "isalpha",
            "isascii",
            "isdecimal",
            "isdigit",
            "isidentifier",
            "islower",
            "isnumeric",
            "isprintable",
            "isspace",
            "istitle",
            "isupper",
            "join",
            "ljust",
            "lower",
            "lstrip",
            "maketrans",
            "partition",
            "removeprefix",
            "removesuffix",
            "replace",
            "rfind",
            "rindex",
            "rjust",
            "rpartition",
            "rsplit",
            "rstrip",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "swapcase",
            "title",
            "translate",
            "upper",
            "zfill",
        ],
        "set" => &[
            "add",
            "clear",
            "copy",
            "difference",
            "difference_update",
            "discard",
            "intersection",
            "intersection_update",
            "isdisjoint",
            "issubset",
            "issuperset",
            "pop",
            "remove",
            "symmetric_difference",
            "symmetric_difference_update",
            "union",
            "update",
        ],
        "tuple" => &["count", "index"],
        _ => &[],
    }
}

/// What a suggestion is computed from when the exception is printed.
#[derive(Clone, Debug)]
pub enum Source {
    /// A `NameError`: the candidates in CPython's order, local names, then the
    /// module's, then the builtins (the first group with a close name wins).
    Name {
        name: Rc<str>,
        groups: Vec<Vec<Rc<str>>>,
    },
    /// An `AttributeError` on `obj`: `dir(obj)`, sorted, when it is printed.
    Attribute { name: Rc<str>, obj: Value },
}

/// `dir(obj)` as far as suggestions need it: sorted and without repeats.
fn dir_of(obj: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let class_names = |class: &super::value::Class, names: &mut Vec<String>| {
        names.extend(class.dict.borrow().keys().map(|k| k.to_string()));
        for base in &class.mro {
            names.extend(base.dict.borrow().keys().map(|k| k.to_string()));
        }
    };
    match obj {
        Value::Instance(inst) => {
            names.extend(inst.dict.borrow().keys().map(|k| k.to_string()));
            if let Some(layout) = inst.class.layout.get() {
                names.extend(layout.iter().map(|n| n.to_string()));
            }
            class_names(&inst.class, &mut names);
            names.extend(["__dict__", "__module__", "__weakref__"].map(String::from));
            names.extend(OBJECT_DIR.iter().map(|n| n.to_string()));
        }
        Value::Class(class) => {
            class_names(class, &mut names);
            names.extend(OBJECT_DIR.iter().map(|n| n.to_string()));
        }
        Value::Module(module) => {
            names.extend(module.globals.borrow().keys().map(|k| k.to_string()));
        }
        other => {
            names.extend(
                builtin_type_dir(&other.type_name())
                    .iter()
                    .map(|n| n.to_string()),
            );
        }
    }
    names.sort();
    names.dedup();
    names
}

impl Source {
    /// The suggested name, if one is close enough.
    pub fn suggestion(&self) -> Option<String> {
        match self {
            Source::Name { name, groups } => groups.iter().find_map(|group| {
                let candidates: Vec<&str> = group.iter().map(|s| &**s).collect();
                closest(&candidates, name).map(str::to_string)
            }),
            Source::Attribute { name, obj } => {
                let dir = dir_of(obj);
                let candidates: Vec<&str> = dir.iter().map(String::as_str).collect();
                closest(&candidates, name).map(str::to_string)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_as_cpython_does() {
        assert_eq!(closest(&["print", "len"], "prnt"), Some("print"));
        assert_eq!(closest(&["append", "extend"], "apend"), Some("append"));
        assert_eq!(closest(&["None", "print"], "nope"), Some("None"));
        assert_eq!(closest(&["alpha"], "zzzzz"), None);
        // A case flip costs less than a substitution.
        assert_eq!(closest(&["Value", "valuf"], "value"), Some("Value"));
    }
}
