//! Lesson programs with knobs: Python whose `$name` markers a lesson's controls fill.
//!
//! A lesson's program is ordinary Python written as a learner would write it, except
//! that a value the panel lets the learner change is written `$name`:
//!
//! ```python
//! DOWNLOADS = $durations
//! ...
//! results = await asyncio.gather(*tasks, return_exceptions=$return_exceptions)
//! ```
//!
//! At build time (with the `parser` feature) [`Template::compile`] parses and lowers the
//! program once, with each marker standing for a constant it leaves empty. On the page,
//! which carries no parser, [`Template::instantiate`] fills those constants with the
//! knobs' [`Literal`]s and returns the program's text (each marker replaced by the
//! literal as Python source) and its compiled [`Code`], whose every instruction still
//! points at the right line and column of that text. The shown code is the code that
//! runs: a literal is a constant in both, and nothing else differs.
//!
//! A marker stands for one expression on one line; the literal it becomes stays on that
//! line, so only the columns after it on that line move.

#[cfg(feature = "parser")]
use crate::interp::code::Op;
use crate::interp::code::{Code, Const, Loc};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// A value a knob writes into a program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Literal {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Tuple(Vec<Literal>),
    List(Vec<Literal>),
    /// A constant the program names rather than spells, such as
    /// `asyncio.FIRST_COMPLETED`: `text` is shown, `value` is what it evaluates to.
    Named {
        text: String,
        value: Box<Literal>,
    },
}

impl Literal {
    /// The literal as Python source. Strings take double quotes, as in most programs a
    /// learner reads (Black's style); floats are spelled as `repr()` spells them.
    pub fn source(&self) -> String {
        match self {
            Literal::None => "None".to_string(),
            Literal::Bool(true) => "True".to_string(),
            Literal::Bool(false) => "False".to_string(),
            Literal::Int(n) => n.to_string(),
            Literal::Float(x) => crate::interp::fmt::float_repr(*x),
            Literal::Str(s) => double_quoted(s),
            Literal::Tuple(items) if items.len() == 1 => format!("({},)", items[0].source()),
            Literal::Tuple(items) => format!("({})", join(items)),
            Literal::List(items) => format!("[{}]", join(items)),
            Literal::Named { text, .. } => text.clone(),
        }
    }

    fn to_const(&self) -> Const {
        match self {
            Literal::None => Const::None,
            Literal::Bool(b) => Const::Bool(*b),
            Literal::Int(n) => Const::Int(*n),
            Literal::Float(x) => Const::Float(*x),
            Literal::Str(s) => Const::Str(Rc::from(s.as_str())),
            Literal::Tuple(items) => Const::Tuple(items.iter().map(Literal::to_const).collect()),
            Literal::List(items) => Const::List(items.iter().map(Literal::to_const).collect()),
            Literal::Named { value, .. } => value.to_const(),
        }
    }
}

fn join(items: &[Literal]) -> String {
    items
        .iter()
        .map(Literal::source)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A str literal in double quotes, escaped as Python reads it back.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where a marker's constant sits in the compiled program: the path of nested code
/// objects (indices into `consts`) from the module down, and the constant's index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ConstAt {
    path: Vec<u32>,
    index: u32,
}

/// One `$name` marker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub name: String,
    /// 1-based line and 0-based character column of the `$`.
    pub line: u32,
    pub col: u32,
    /// Characters of the stand-in the program was compiled with.
    compiled_len: u32,
    consts: Vec<ConstAt>,
}

/// A lesson program compiled once, to be filled by knobs.
#[derive(Debug, Serialize, Deserialize)]
pub struct Template {
    /// The program as written, markers included.
    pub text: String,
    /// The file name tracebacks show.
    pub file_name: String,
    pub slots: Vec<Slot>,
    /// The compiled program (postcard), decoded afresh for each instantiation so its
    /// constants can be filled in place.
    code: Vec<u8>,
}

/// Why a template could not be compiled or filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The markers of a template, in order: (name, byte offset of the `$`, line, column).
fn markers(text: &str) -> Vec<(String, usize, u32, u32)> {
    let mut found = Vec::new();
    for (line_index, line) in text.split('\n').enumerate() {
        let line_start = line.as_ptr() as usize - text.as_ptr() as usize;
        for (col, (at, c)) in line.char_indices().enumerate() {
            if c == '$' {
                let name: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push((name, line_start + at, line_index as u32 + 1, col as u32));
                }
            }
        }
    }
    found
}

/// The name a marker is compiled as: a global no program would choose.
#[cfg(feature = "parser")]
fn stand_in(name: &str) -> String {
    format!("__interleave_slot_{name}")
}

impl Template {
    /// Compiles a template. Every marker must stand where an expression may, and the
    /// program must compile once each is a plain name.
    #[cfg(feature = "parser")]
    pub fn compile(text: &str, file_name: &str) -> Result<Template, TemplateError> {
        let found = markers(text);
        let mut source = String::with_capacity(text.len() + 32 * found.len());
        let mut last = 0;
        for (name, at, _, _) in &found {
            source.push_str(&text[last..*at]);
            source.push_str(&stand_in(name));
            last = at + 1 + name.len();
        }
        source.push_str(&text[last..]);
        let code = crate::interp::compile::compile_module(&source, file_name)
            .map_err(|e| TemplateError(format!("{file_name}: {e}")))?;
        let mut code = Rc::try_unwrap(code)
            .map_err(|_| TemplateError("the compiled program is shared".to_string()))?;
        let mut slots: Vec<Slot> = Vec::new();
        // The stand-ins move the columns of what follows them on their line; the slots
        // record where each marker is in the template itself.
        for (name, _, line, col) in &found {
            if slots.iter().any(|s| &s.name == name) {
                return Err(TemplateError(format!(
                    "{file_name}: ${name} appears twice; write it once and name the value"
                )));
            }
            slots.push(Slot {
                name: name.clone(),
                line: *line,
                col: *col,
                compiled_len: stand_in(name).chars().count() as u32,
                consts: Vec::new(),
            });
        }
        let mut path = Vec::new();
        replace_stand_ins(&mut code, &mut path, &mut slots)?;
        for slot in &slots {
            if slot.consts.is_empty() {
                return Err(TemplateError(format!(
                    "{file_name}: ${} is not read as a value",
                    slot.name
                )));
            }
        }
        // The compiled columns count each stand-in's length; re-base them on the
        // markers' own, so instantiation has one rule: shift by the literal's length.
        // Here a slot's column is where its stand-in begins in the compiled source.
        let mut compiled: Vec<Slot> = slots.clone();
        for i in 0..compiled.len() {
            let earlier: i64 = slots[..i]
                .iter()
                .filter(|s| s.line == slots[i].line)
                .map(|s| s.compiled_len as i64 - 1 - s.name.chars().count() as i64)
                .sum();
            compiled[i].col = (slots[i].col as i64 + earlier) as u32;
        }
        shift_columns(&mut code, &compiled, |slot| {
            1 + slot.name.chars().count() as i64 - slot.compiled_len as i64
        });
        let code =
            postcard::to_allocvec(&code).map_err(|e| TemplateError(format!("{file_name}: {e}")))?;
        Ok(Template {
            text: text.to_string(),
            file_name: file_name.to_string(),
            slots,
            code,
        })
    }

    /// The program's text with every marker replaced by its literal. `values` gives a
    /// literal for each slot by name; a slot without one is an error.
    pub fn render(&self, values: &[(&str, Literal)]) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut last = 0;
        for (name, at, _, _) in markers(&self.text) {
            out.push_str(&self.text[last..at]);
            out.push_str(&self.literal(values, &name)?.source());
            last = at + 1 + name.len();
        }
        out.push_str(&self.text[last..]);
        Ok(out)
    }

    /// The program's text and its compiled code, every slot filled.
    pub fn instantiate(
        &self,
        values: &[(&str, Literal)],
    ) -> Result<(String, Rc<Code>), TemplateError> {
        let text = self.render(values)?;
        let mut code: Code = postcard::from_bytes(&self.code)
            .map_err(|e| TemplateError(format!("{}: unreadable program: {e}", self.file_name)))?;
        let mut lengths = Vec::with_capacity(self.slots.len());
        for slot in &self.slots {
            let literal = self.literal(values, &slot.name)?;
            let source = literal.source();
            if source.contains('\n') {
                return Err(TemplateError(format!(
                    "${}: a value must fit on its line",
                    slot.name
                )));
            }
            lengths.push(source.chars().count() as i64);
            let value = literal.to_const();
            for at in &slot.consts {
                let target = code_at(&mut code, &at.path).ok_or_else(|| {
                    TemplateError(format!("{}: a slot points nowhere", self.file_name))
                })?;
                if let Some(c) = target.consts.get_mut(at.index as usize) {
                    *c = value.clone();
                }
            }
        }
        let slots = &self.slots;
        shift_columns(&mut code, slots, |slot| {
            let i = slots.iter().position(|s| s.name == slot.name).unwrap_or(0);
            lengths[i] - 1 - slot.name.chars().count() as i64
        });
        Ok((text, Rc::new(code)))
    }

    fn literal<'v>(
        &self,
        values: &'v [(&str, Literal)],
        name: &str,
    ) -> Result<&'v Literal, TemplateError> {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| TemplateError(format!("{}: no value for ${name}", self.file_name)))
    }
}

/// A lesson program in every shape its choices give it.
///
/// Besides `$name` markers, a program may hold lines that only some choices keep:
///
/// ```text
/// #if work == "cpu"
///     spin(seconds)  # CPU work holds the GIL
/// #else
///     time.sleep(seconds)  # waiting releases it
/// #end
/// ```
///
/// Directive lines (`#if NAME == "VALUE"`, `#elif ...`, `#else`, `#end`, not nested)
/// never show; each combination of the values the conditions name, and "any other"
/// (`*`), is its own [`Template`], compiled once at build time.
#[derive(Debug, Serialize, Deserialize)]
pub struct Program {
    pub file_name: String,
    variants: Vec<(Vec<(String, String)>, Template)>,
}

#[cfg(feature = "parser")]
/// One line of a program with directives: what it is and the condition it sits under.
enum Directive {
    If(String, String),
    Elif(String, String),
    Else,
    End,
}

#[cfg(feature = "parser")]
fn directive(line: &str) -> Option<Result<Directive, String>> {
    let line = line.trim();
    let rest = line.strip_prefix('#')?;
    let condition = |text: &str| -> Result<(String, String), String> {
        let (name, value) = text
            .split_once("==")
            .ok_or_else(|| format!("{line:?}: write the condition as NAME == \"VALUE\""))?;
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(|| format!("{line:?}: the value goes in double quotes"))?;
        Ok((name.trim().to_string(), value.to_string()))
    };
    Some(if let Some(text) = rest.strip_prefix("if ") {
        condition(text).map(|(n, v)| Directive::If(n, v))
    } else if let Some(text) = rest.strip_prefix("elif ") {
        condition(text).map(|(n, v)| Directive::Elif(n, v))
    } else if rest == "else" {
        Ok(Directive::Else)
    } else if rest == "end" {
        Ok(Directive::End)
    } else {
        return None;
    })
}

#[cfg(feature = "parser")]
/// The choices a program's conditions name, each with the values they test.
fn choice_domains(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut domains: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(d) = directive(line) {
            if let Directive::If(name, value) | Directive::Elif(name, value) = d? {
                match domains.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, values)) if !values.contains(&value) => values.push(value),
                    Some(_) => {}
                    None => domains.push((name, vec![value])),
                }
            }
        }
    }
    for (_, values) in &mut domains {
        values.push("*".to_string());
    }
    Ok(domains)
}

#[cfg(feature = "parser")]
/// The text one combination of choices keeps, directive lines dropped.
fn select(text: &str, choices: &[(String, String)]) -> Result<String, String> {
    let chosen = |name: &str, value: &str| choices.iter().any(|(n, v)| n == name && (v == value));
    let mut out = String::with_capacity(text.len());
    // Inside a block: whether some branch was taken, and whether this one is.
    let mut block: Option<(bool, bool)> = None;
    for line in text.split_inclusive('\n') {
        match directive(line) {
            Some(d) => match (d?, block) {
                (Directive::If(n, v), None) => {
                    let on = chosen(&n, &v);
                    block = Some((on, on));
                }
                (Directive::Elif(n, v), Some((taken, _))) => {
                    let on = !taken && chosen(&n, &v);
                    block = Some((taken || on, on));
                }
                (Directive::Else, Some((taken, _))) => block = Some((true, !taken)),
                (Directive::End, Some(_)) => block = None,
                (Directive::If(..), Some(_)) => return Err("#if blocks do not nest".to_string()),
                _ => return Err(format!("{:?} outside an #if block", line.trim())),
            },
            None => {
                if block.is_none_or(|(_, on)| on) {
                    out.push_str(line);
                }
            }
        }
    }
    if block.is_some() {
        return Err("an #if block has no #end".to_string());
    }
    Ok(out)
}

impl Program {
    /// Compiles every variant of a program.
    #[cfg(feature = "parser")]
    pub fn compile(text: &str, file_name: &str) -> Result<Program, TemplateError> {
        let error = |e: String| TemplateError(format!("{file_name}: {e}"));
        let domains = choice_domains(text).map_err(error)?;
        let mut combinations: Vec<Vec<(String, String)>> = vec![Vec::new()];
        for (name, values) in &domains {
            combinations = combinations
                .into_iter()
                .flat_map(|combo| {
                    values.iter().map(move |value| {
                        let mut combo = combo.clone();
                        combo.push((name.clone(), value.clone()));
                        combo
                    })
                })
                .collect();
        }
        let mut variants = Vec::new();
        for choices in combinations {
            let selected = select(text, &choices).map_err(error)?;
            variants.push((choices, Template::compile(&selected, file_name)?));
        }
        Ok(Program {
            file_name: file_name.to_string(),
            variants,
        })
    }

    /// The variant for these choices (name, value); a value no condition names is `*`.
    pub fn variant(&self, choices: &[(&str, &str)]) -> Result<&Template, TemplateError> {
        self.variants
            .iter()
            .find(|(combo, _)| {
                combo.iter().all(|(name, value)| {
                    let given = choices.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
                    match given {
                        Some(given) if value != "*" => given == value,
                        // "Any other": a value that no variant of this name spells.
                        _ if value == "*" => !self.variants.iter().any(|(other, _)| {
                            other
                                .iter()
                                .any(|(n, v)| n == name && v != "*" && Some(v.as_str()) == given)
                        }),
                        _ => false,
                    }
                })
            })
            .map(|(_, template)| template)
            .ok_or_else(|| TemplateError(format!("{}: no variant for {choices:?}", self.file_name)))
    }
}

/// The nested code object at `path` (indices of `Const::Code` constants), for filling.
fn code_at<'c>(code: &'c mut Code, path: &[u32]) -> Option<&'c mut Code> {
    let Some((first, rest)) = path.split_first() else {
        return Some(code);
    };
    match code.consts.get_mut(*first as usize)? {
        Const::Code(inner) => code_at(Rc::get_mut(inner)?, rest),
        _ => None,
    }
}

/// Turns every load of a stand-in name into a load of a constant of its own, recording
/// where that constant is. The instruction count does not change, so no jump moves.
#[cfg(feature = "parser")]
fn replace_stand_ins(
    code: &mut Code,
    path: &mut Vec<u32>,
    slots: &mut [Slot],
) -> Result<(), TemplateError> {
    for i in 0..code.ops.len() {
        let name = match code.ops[i] {
            Op::LoadName(k) | Op::LoadGlobal(k) => code.names[k as usize].clone(),
            Op::StoreName(k) | Op::StoreGlobal(k) | Op::DeleteGlobal(k) => {
                let name = code.names[k as usize].clone();
                if slots.iter().any(|s| stand_in(&s.name) == *name) {
                    return Err(TemplateError(format!(
                        "a marker stands where a value is assigned (line {})",
                        code.locs[i].line
                    )));
                }
                continue;
            }
            _ => continue,
        };
        if let Some(slot) = slots.iter_mut().find(|s| stand_in(&s.name) == *name) {
            code.consts.push(Const::None);
            let index = (code.consts.len() - 1) as u32;
            code.ops[i] = Op::LoadConst(index);
            slot.consts.push(ConstAt {
                path: path.clone(),
                index,
            });
        }
    }
    for c in 0..code.consts.len() {
        if let Const::Code(inner) = &mut code.consts[c] {
            let inner = Rc::get_mut(inner)
                .ok_or_else(|| TemplateError("a nested body is shared".to_string()))?;
            path.push(c as u32);
            replace_stand_ins(inner, path, slots)?;
            path.pop();
        }
    }
    Ok(())
}

/// Moves the columns that follow each slot on its line by `delta(slot)` characters.
fn shift_columns(code: &mut Code, slots: &[Slot], delta: impl Fn(&Slot) -> i64 + Copy) {
    fn shift(line: u32, col: u32, slots: &[Slot], delta: &impl Fn(&Slot) -> i64) -> u32 {
        let moved: i64 = slots
            .iter()
            .filter(|s| s.line == line && s.col < col)
            .map(delta)
            .sum();
        (col as i64 + moved).max(0) as u32
    }
    for loc in &mut code.locs {
        let Loc {
            line,
            col,
            end_line,
            end_col,
        } = *loc;
        loc.col = shift(line, col, slots, &delta);
        loc.end_col = shift(end_line, end_col, slots, &delta);
    }
    for c in &mut code.consts {
        if let Const::Code(inner) = c {
            if let Some(inner) = Rc::get_mut(inner) {
                shift_columns(inner, slots, delta);
            }
        }
    }
}

#[cfg(all(test, feature = "parser"))]
mod tests {
    use super::*;
    use crate::sim::{predict, predict_compiled, Options};

    const PROGRAM: &str = "import asyncio\n\nJOBS = $jobs\n\n\nasync def job(name, seconds):\n    await asyncio.sleep(seconds)\n    return name\n\n\nasync def main():\n    print(await asyncio.gather(*(job(n, s) for n, s in JOBS), return_exceptions=$flag), 1 / $zero)\n\n\nasyncio.run(main())\n";

    fn values(zero: i64) -> Vec<(&'static str, Literal)> {
        vec![
            (
                "jobs",
                Literal::List(vec![
                    Literal::Tuple(vec![Literal::Str("A \"x\"".into()), Literal::Float(0.3)]),
                    Literal::Tuple(vec![Literal::Str("B".into()), Literal::Float(0.1)]),
                ]),
            ),
            ("flag", Literal::Bool(true)),
            ("zero", Literal::Int(zero)),
        ]
    }

    #[test]
    fn an_instantiated_template_runs_as_its_text_does() {
        let template = Template::compile(PROGRAM, "main.py").unwrap();
        for zero in [4, 0] {
            let (text, code) = template.instantiate(&values(zero)).unwrap();
            assert!(text.contains("JOBS = [(\"A \\\"x\\\"\", 0.3), (\"B\", 0.1)]"));
            let options = Options::default();
            let filled = predict_compiled(code, &text, &options);
            let parsed = predict(&text, &options).unwrap();
            assert_eq!(filled.stdout, parsed.stdout);
            // The traceback's caret line points at the same columns.
            assert_eq!(filled.stderr, parsed.stderr);
            assert_eq!(filled.timeline, parsed.timeline);
        }
    }

    #[test]
    fn directives_pick_lines_and_compile_each_variant() {
        let text = "import time\n\n\ndef work(seconds):\n#if work == \"cpu\"\n    print(\"spin\", $n)\n#elif work == \"io\"\n    print(\"sleep\", $n)\n#else\n    print(\"other\", $n)\n#end\n\n\nwork(1)\n";
        let program = Program::compile(text, "main.py").unwrap();
        let run = |work: &str| {
            let template = program.variant(&[("work", work)]).unwrap();
            let (text, code) = template.instantiate(&[("n", Literal::Int(7))]).unwrap();
            assert!(!text.contains('#'), "{text}");
            predict_compiled(code, &text, &Options::default()).stdout
        };
        assert_eq!(run("cpu"), "spin 7\n");
        assert_eq!(run("io"), "sleep 7\n");
        assert_eq!(run("gpu"), "other 7\n");
        assert!(Program::compile("#if a == \"b\"\nx = 1\n", "t.py").is_err());
        assert!(Program::compile("#else\n", "t.py").is_err());
    }

    #[test]
    fn markers_must_be_values_read_once() {
        assert!(Template::compile("$x = 1\n", "t.py").is_err());
        assert!(Template::compile("print($x, $x)\n", "t.py").is_err());
        assert!(Template::compile("print($x\n", "t.py").is_err());
        let template = Template::compile("print($x)\n", "t.py").unwrap();
        assert!(template.instantiate(&[]).is_err());
    }
}
