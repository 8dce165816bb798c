//! Lowers a Python program to [`Code`]: parse with Ruff, resolve scopes, emit instructions.
//!
//! Two passes, as CPython's compiler does: [`scopes`] walks the AST once to learn, for
//! every function, lambda, comprehension and class body, which names are its locals,
//! which are captured from an enclosing function (free), and which of its own locals an
//! inner function captures (cells). The second pass emits instructions, each with the
//! source range it came from. A construct outside the subset this page runs is refused
//! at its line with a [`CompileError`], never misread.

use super::code::{BinOp, CmpOp, Code, CodeKind, Const, Loc, Op, RaiseKind, UnOp};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::rc::Rc;

pub use super::code::{CompileError, CompileErrorKind};

/// Maps byte offsets to lines and character columns.
pub struct LineIndex {
    starts: Vec<usize>,
    source: Rc<str>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            source: Rc::from(source),
        }
    }

    /// 1-based line and 0-based character column of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = self
            .source
            .get(start..offset.min(self.source.len()))
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line as u32 + 1, col as u32)
    }

    pub fn loc(&self, range: TextRange) -> Loc {
        let (line, col) = self.position(range.start().to_usize());
        let (end_line, end_col) = self.position(range.end().to_usize());
        Loc {
            line,
            col,
            end_line,
            end_col,
        }
    }

    /// The source between two byte offsets.
    pub fn text(&self, start: usize, end: usize) -> Option<&str> {
        self.source.get(start..end)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self
            .starts
            .get(i + 1)
            .map(|e| e - 1)
            .unwrap_or(self.source.len());
        self.source.get(start..end.max(start))
    }
}

/// Parses and compiles a whole program. `file` is how tracebacks name it.
pub fn compile_module(source: &str, file: &str) -> Result<Rc<Code>, CompileError> {
    let index = LineIndex::new(source);
    check_nesting(source, &index)?;
    let parsed = ruff_python_parser::parse_module(source).map_err(|error| {
        let at = usize::from(error.location.start());
        if let Some((offset, message)) = bracket_error(source, at) {
            let (line, col) = index.position(offset);
            return CompileError {
                kind: CompileErrorKind::Syntax,
                line,
                col: col + 1,
                end_line: line,
                end_col: col + 2,
                message,
            };
        }
        let loc = index.loc(error.location);
        CompileError {
            kind: CompileErrorKind::Syntax,
            line: loc.line,
            col: loc.col + 1,
            end_line: loc.end_line,
            end_col: loc.end_col + 1,
            message: syntax_message(&error.error.to_string()),
        }
    })?;
    let module = parsed.into_syntax();
    let scopes = scopes::analyze(&module.body, &index)?;
    let mut compiler = Compiler {
        index: &index,
        scopes: &scopes,
        file: Rc::from(file),
        units: Vec::new(),
        depth: 0,
        string_annotations: has_future_annotations(&module.body),
    };
    compiler.compile_module(&module.body)
}

/// Whether the module starts (after its docstring) with `from __future__ import
/// annotations`, which makes every annotation the string of its source.
fn has_future_annotations(body: &[Stmt]) -> bool {
    body.iter()
        .skip_while(|s| matches!(s, Stmt::Expr(e) if e.value.is_string_literal_expr()))
        .map_while(|s| match s {
            Stmt::ImportFrom(i) if i.module.as_deref() == Some("__future__") => Some(i),
            _ => None,
        })
        .any(|i| i.names.iter().any(|n| n.name.as_str() == "annotations"))
}

/// Whether a module or class body annotates a name anywhere outside nested scopes, so
/// that it needs an `__annotations__` dict (CPython's `SETUP_ANNOTATIONS`).
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::AnnAssign(_) => true,
        Stmt::If(s) => {
            has_annotations(&s.body) || s.elif_else_clauses.iter().any(|c| has_annotations(&c.body))
        }
        Stmt::For(s) => has_annotations(&s.body) || has_annotations(&s.orelse),
        Stmt::While(s) => has_annotations(&s.body) || has_annotations(&s.orelse),
        Stmt::With(s) => has_annotations(&s.body),
        Stmt::Try(s) => {
            has_annotations(&s.body)
                || has_annotations(&s.orelse)
                || has_annotations(&s.finalbody)
                || s.handlers.iter().any(|h| match h {
                    ast::ExceptHandler::ExceptHandler(h) => has_annotations(&h.body),
                })
        }
        _ => false,
    })
}

/// The error CPython's tokenizer reports about brackets, where it reports one before
/// its parser would fail at `parse_error_at` (a byte offset): a closing bracket that
/// closes nothing or the wrong one, or, when parsing fails at the end of the file, a
/// bracket that was never closed. Ruff's parser recovers and words these otherwise
/// ("unexpected EOF while parsing"). Strings and comments are skipped.
fn bracket_error(source: &str, parse_error_at: usize) -> Option<(usize, String)> {
    let bytes = source.as_bytes();
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = bytes.get(i..i + 3) == Some(&[c, c, c][..]);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !triple && bytes[i] == b'\n' {
                        break; // an unterminated string: the parser's error stands
                    }
                    if bytes[i] == c && (!triple || bytes.get(i..i + 3) == Some(&[c, c, c][..])) {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => open.push((c, i)),
            b')' | b']' | b'}' => {
                if i > parse_error_at {
                    return None;
                }
                let expected = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match open.pop() {
                    None => return Some((i, format!("unmatched '{}'", c as char))),
                    Some((opener, at)) if opener != expected => {
                        let closer = c as char;
                        let opener = opener as char;
                        let line_of = |offset: usize| source[..offset].matches('\n').count() + 1;
                        let message = if line_of(at) == line_of(i) {
                            format!("closing parenthesis '{closer}' does not match opening parenthesis '{opener}'")
                        } else {
                            format!(
                                "closing parenthesis '{closer}' does not match opening parenthesis '{opener}' on line {}",
                                line_of(at)
                            )
                        };
                        return Some((i, message));
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    let last_token = source.trim_end().len();
    match open.last() {
        Some(&(opener, at)) if parse_error_at >= last_token => {
            Some((at, format!("'{}' was never closed", opener as char)))
        }
        _ => None,
    }
}

/// Ruff's messages, closer to CPython's words where they differ only in phrasing.
fn syntax_message(message: &str) -> String {
    let message = message.trim();
    if message.is_empty() {
        "invalid syntax".to_string()
    } else {
        message.to_string()
    }
}

pub mod scopes {
    //! The first pass: which names each scope binds, captures and lends.
    use super::{CompileError, CompileErrorKind, LineIndex};
    use ruff_python_ast::visitor::{self, Visitor};
    use ruff_python_ast::{self as ast, Expr, Stmt};
    use ruff_text_size::TextRange;
    use rustc_hash::FxHashMap;
    use std::collections::BTreeSet;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum ScopeKind {
        Module,
        Function,
        Class,
    }

    /// What the compiler needs to know about one scope.
    #[derive(Debug, Default, Clone)]
    pub struct Scope {
        pub kind: Option<ScopeKind>,
        pub parent: Option<usize>,
        /// Names bound here, in the order first seen (parameters first for functions).
        pub bound: Vec<String>,
        pub declared_global: BTreeSet<String>,
        pub declared_nonlocal: BTreeSet<String>,
        pub used: BTreeSet<String>,
        /// Own locals an inner scope captures.
        pub cells: Vec<String>,
        /// Names captured from an enclosing function.
        pub frees: Vec<String>,
        pub is_generator: bool,
    }

    impl Scope {
        pub fn is_local(&self, name: &str) -> bool {
            self.bound.iter().any(|b| b == name)
                && !self.declared_global.contains(name)
                && !self.declared_nonlocal.contains(name)
        }
    }

    /// Every scope of a program; index 0 is the module. Scopes are keyed by the range of
    /// the node that opens them.
    pub struct Scopes {
        pub scopes: Vec<Scope>,
        pub by_range: FxHashMap<(u32, u32), usize>,
    }

    impl Scopes {
        pub fn of(&self, range: TextRange) -> usize {
            self.by_range
                .get(&(range.start().to_u32(), range.end().to_u32()))
                .copied()
                .unwrap_or(0)
        }
    }

    struct Collector<'i> {
        scopes: Vec<Scope>,
        by_range: FxHashMap<(u32, u32), usize>,
        current: usize,
        index: &'i LineIndex,
        error: Option<CompileError>,
    }

    impl Collector<'_> {
        fn bind(&mut self, name: &str) {
            let scope = &mut self.scopes[self.current];
            if !scope.bound.iter().any(|b| b == name) {
                scope.bound.push(name.to_string());
            }
        }

        fn open(&mut self, kind: ScopeKind, range: TextRange) -> usize {
            let id = self.scopes.len();
            self.scopes.push(Scope {
                kind: Some(kind),
                parent: Some(self.current),
                ..Scope::default()
            });
            self.by_range
                .insert((range.start().to_u32(), range.end().to_u32()), id);
            id
        }

        fn with_scope(&mut self, id: usize, f: impl FnOnce(&mut Self)) {
            let saved = self.current;
            self.current = id;
            f(self);
            self.current = saved;
        }

        fn bind_parameters(&mut self, parameters: &ast::Parameters) {
            for p in parameters.posonlyargs.iter().chain(parameters.args.iter()) {
                self.bind(p.parameter.name.as_str());
            }
            // CPython's order of locals: positional, keyword-only, then *args, **kwargs.
            for p in parameters.kwonlyargs.iter() {
                self.bind(p.parameter.name.as_str());
            }
            if let Some(v) = &parameters.vararg {
                self.bind(v.name.as_str());
            }
            if let Some(k) = &parameters.kwarg {
                self.bind(k.name.as_str());
            }
        }

        fn visit_parameter_defaults(&mut self, parameters: &ast::Parameters) {
            for p in parameters
                .posonlyargs
                .iter()
                .chain(parameters.args.iter())
                .chain(parameters.kwonlyargs.iter())
            {
                if let Some(default) = &p.default {
                    self.visit_expr(default);
                }
            }
        }

        fn comprehension(
            &mut self,
            range: TextRange,
            generators: &[ast::Comprehension],
            elements: &[&Expr],
        ) {
            let Some(first) = generators.first() else {
                return;
            };
            self.visit_expr(&first.iter);
            let id = self.open(ScopeKind::Function, range);
            self.with_scope(id, |this| {
                this.bind(".0");
                for (i, generator) in generators.iter().enumerate() {
                    if i > 0 {
                        this.visit_expr(&generator.iter);
                    }
                    this.visit_expr(&generator.target);
                    for condition in &generator.ifs {
                        this.visit_expr(condition);
                    }
                }
                for element in elements {
                    this.visit_expr(element);
                }
            });
        }
    }

    impl<'a> Visitor<'a> for Collector<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::FunctionDef(def) => {
                    for decorator in &def.decorator_list {
                        self.visit_expr(&decorator.expression);
                    }
                    self.visit_parameter_defaults(&def.parameters);
                    self.bind(def.name.as_str());
                    let id = self.open(ScopeKind::Function, def.range);
                    self.with_scope(id, |this| {
                        this.bind_parameters(&def.parameters);
                        this.visit_body(&def.body);
                    });
                }
                Stmt::ClassDef(class) => {
                    for decorator in &class.decorator_list {
                        self.visit_expr(&decorator.expression);
                    }
                    if let Some(arguments) = &class.arguments {
                        self.visit_arguments(arguments);
                    }
                    self.bind(class.name.as_str());
                    let id = self.open(ScopeKind::Class, class.range);
                    self.with_scope(id, |this| this.visit_body(&class.body));
                }
                Stmt::Global(global) => {
                    for name in &global.names {
                        self.scopes[self.current]
                            .declared_global
                            .insert(name.to_string());
                    }
                }
                Stmt::Nonlocal(nonlocal) => {
                    for name in &nonlocal.names {
                        self.scopes[self.current]
                            .declared_nonlocal
                            .insert(name.to_string());
                    }
                }
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let name = match &alias.asname {
                            Some(asname) => asname.to_string(),
                            None => alias
                                .name
                                .as_str()
                                .split('.')
                                .next()
                                .unwrap_or("")
                                .to_string(),
                        };
                        self.bind(&name);
                    }
                }
                Stmt::ImportFrom(import) => {
                    for alias in &import.names {
                        let name = alias.asname.as_ref().unwrap_or(&alias.name);
                        self.bind(name.as_str());
                    }
                }
                Stmt::Try(try_stmt) => {
                    for handler in &try_stmt.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        if let Some(name) = &handler.name {
                            self.bind(name.as_str());
                        }
                    }
                    visitor::walk_stmt(self, stmt);
                }
                _ => visitor::walk_stmt(self, stmt),
            }
        }

        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Name(name) => match name.ctx {
                    ast::ExprContext::Load => {
                        self.scopes[self.current].used.insert(name.id.to_string());
                    }
                    _ => self.bind(name.id.as_str()),
                },
                Expr::Lambda(lambda) => {
                    if let Some(parameters) = &lambda.parameters {
                        self.visit_parameter_defaults(parameters);
                    }
                    let id = self.open(ScopeKind::Function, lambda.range);
                    self.with_scope(id, |this| {
                        if let Some(parameters) = &lambda.parameters {
                            this.bind_parameters(parameters);
                        }
                        this.visit_expr(&lambda.body);
                    });
                }
                Expr::ListComp(comp) => {
                    self.comprehension(comp.range, &comp.generators, &[&comp.elt])
                }
                Expr::SetComp(comp) => {
                    self.comprehension(comp.range, &comp.generators, &[&comp.elt])
                }
                Expr::Generator(comp) => {
                    self.comprehension(comp.range, &comp.generators, &[&comp.elt]);
                    let id = self.scopes.len() - 1;
                    self.scopes[id].is_generator = true;
                }
                Expr::DictComp(comp) => {
                    let mut elements: Vec<&Expr> = vec![&comp.value];
                    if let Some(key) = &comp.key {
                        elements.insert(0, key);
                    }
                    self.comprehension(comp.range, &comp.generators, &elements)
                }
                Expr::Yield(_) | Expr::YieldFrom(_) => {
                    self.scopes[self.current].is_generator = true;
                    visitor::walk_expr(self, expr);
                }
                Expr::Named(named) => {
                    self.visit_expr(&named.value);
                    if let Expr::Name(name) = &*named.target {
                        // An assignment expression binds in the enclosing function, even
                        // inside a comprehension.
                        let mut target = self.current;
                        while self.scopes[target].bound.first().is_some_and(|b| b == ".0") {
                            target = self.scopes[target].parent.unwrap_or(0);
                        }
                        let saved = self.current;
                        self.current = target;
                        self.bind(name.id.as_str());
                        self.current = saved;
                    }
                }
                _ => visitor::walk_expr(self, expr),
            }
        }
    }

    /// Runs the first pass over a module's body.
    pub fn analyze(body: &[Stmt], index: &LineIndex) -> Result<Scopes, CompileError> {
        let mut collector = Collector {
            scopes: vec![Scope {
                kind: Some(ScopeKind::Module),
                ..Scope::default()
            }],
            by_range: FxHashMap::default(),
            current: 0,
            index,
            error: None,
        };
        collector.visit_body(body);
        if let Some(error) = collector.error {
            return Err(error);
        }
        let mut scopes = collector.scopes;
        resolve(&mut scopes).map_err(|name| CompileError {
            kind: CompileErrorKind::Syntax,
            line: 1,
            col: 1,
            end_line: 1,
            end_col: 1,
            message: format!("no binding for nonlocal '{name}' found"),
        })?;
        let _ = collector.index;
        Ok(Scopes {
            scopes,
            by_range: collector.by_range,
        })
    }

    /// Decides, for every name a function or class uses, whether an enclosing function
    /// lends it; marks it free here (and in every scope in between) and a cell there.
    fn resolve(scopes: &mut [Scope]) -> Result<(), String> {
        for id in 0..scopes.len() {
            if scopes[id].kind == Some(ScopeKind::Module) {
                continue;
            }
            let mut wanted: Vec<String> = scopes[id]
                .used
                .iter()
                .filter(|n| !scopes[id].is_local(n) && !scopes[id].declared_global.contains(*n))
                .cloned()
                .collect();
            for name in &scopes[id].declared_nonlocal {
                if !wanted.contains(name) {
                    wanted.push(name.clone());
                }
            }
            if scopes[id].kind == Some(ScopeKind::Function) && scopes[id].used.contains("super") {
                wanted.push("__class__".to_string());
            }
            for name in wanted {
                let mut path = vec![id];
                let mut cursor = scopes[id].parent;
                let mut owner = None;
                while let Some(candidate) = cursor {
                    match scopes[candidate].kind {
                        Some(ScopeKind::Module) => break,
                        Some(ScopeKind::Class) => {
                            if name == "__class__" {
                                owner = Some(candidate);
                                break;
                            }
                            // A class body between passes the cell on to its methods
                            // (CPython gives it the name as a free variable too).
                            path.push(candidate);
                        }
                        _ => {
                            if scopes[candidate].is_local(&name) {
                                owner = Some(candidate);
                                break;
                            }
                            path.push(candidate);
                        }
                    }
                    cursor = scopes[candidate].parent;
                }
                match owner {
                    Some(owner) => {
                        if !scopes[owner].cells.contains(&name) {
                            scopes[owner].cells.push(name.clone());
                        }
                        for &scope in &path {
                            if !scopes[scope].frees.contains(&name) {
                                scopes[scope].frees.push(name.clone());
                            }
                        }
                    }
                    None if scopes[id].declared_nonlocal.contains(&name) => return Err(name),
                    None => {}
                }
            }
        }
        Ok(())
    }
}

/// A block the compiler is inside, for `break`, `continue` and `return` to unwind.
#[derive(Clone, Debug)]
enum Block {
    /// A `for` loop: its iterator is on the stack.
    For {
        head: usize,
        breaks: Vec<usize>,
    },
    While {
        head: usize,
        breaks: Vec<usize>,
    },
    /// Inside a `try` body with a handler pushed.
    Handler,
    /// Inside a `try` body whose `finally` must run on the way out.
    Finally(Vec<Stmt>),
    /// Inside a `with` body: `__exit__` sits on the stack, and a handler is pushed.
    With {
        is_async: bool,
    },
    /// Inside an `except` clause (with its cleanup handler pushed).
    Except {
        name: Option<String>,
    },
}

/// One code object being emitted.
struct Unit {
    scope: usize,
    kind: CodeKind,
    name: Rc<str>,
    qualname: Rc<str>,
    ops: Vec<Op>,
    locs: Vec<Loc>,
    consts: Vec<Const>,
    names: Vec<Rc<str>>,
    name_index: FxHashMap<Rc<str>, u32>,
    varnames: Vec<Rc<str>>,
    cellnames: Vec<Rc<str>>,
    ncells: usize,
    blocks: Vec<Block>,
    loc: Loc,
    first_line: u32,
}

struct Compiler<'a> {
    index: &'a LineIndex,
    scopes: &'a scopes::Scopes,
    file: Rc<str>,
    units: Vec<Unit>,
    /// How deeply the statement and expression being compiled are nested.
    depth: usize,
    /// `from __future__ import annotations`: annotations are kept as their source text.
    string_annotations: bool,
}

/// The deepest nesting of statements and expressions compiled. CPython allows 200
/// nested parentheses; this bounds every kind of nesting, so that neither the parser
/// nor the compiler can overflow the host's stack.
pub const MAX_NESTING: usize = 200;

/// Refuses source nested deeper than [`MAX_NESTING`] before Ruff's recursive-descent
/// parser sees it: brackets, indentation, and chains of unary operators or `not`.
fn check_nesting(source: &str, index: &LineIndex) -> Result<(), CompileError> {
    let too_deep = |offset: usize, what: &str| {
        let (line, col) = index.position(offset);
        Err(CompileError {
            kind: CompileErrorKind::Syntax,
            line,
            col: col + 1,
            end_line: line,
            end_col: col + 2,
            message: format!("too many nested {what} (this page allows {MAX_NESTING})"),
        })
    };
    let mut depth = 0usize;
    let mut unary_run = 0usize;
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (offset, c) in source.char_indices() {
        if let Some(q) = quote {
            // A string or comment ends at its closing quote or at the end of the line
            // (triple-quoted strings are only approximated, which is enough here).
            if (c == q && previous != '\\') || c == '\n' {
                quote = None;
            }
            previous = if previous == '\\' { ' ' } else { c };
            continue;
        }
        match c {
            '#' => quote = Some('\n'),
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return too_deep(offset, "parentheses");
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if matches!(c, '-' | '+' | '~') {
            unary_run += 1;
            if unary_run > MAX_NESTING {
                return too_deep(offset, "unary operators");
            }
        } else if !c.is_whitespace() {
            unary_run = 0;
        }
        previous = c;
    }
    for (i, line) in source.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if indent > 4 * MAX_NESTING && !line.trim().is_empty() {
            let offset = source.lines().take(i).map(|l| l.len() + 1).sum();
            return too_deep(offset, "blocks");
        }
        let nots = line.split_whitespace().filter(|w| *w == "not").count();
        let operators = line.chars().filter(|c| "+-*/%&|^<>@".contains(*c)).count();
        if operators > 5 * MAX_NESTING {
            let offset = source.lines().take(i).map(|l| l.len() + 1).sum();
            return too_deep(offset, "operators on one line");
        }
        if nots > MAX_NESTING {
            let offset = source.lines().take(i).map(|l| l.len() + 1).sum();
            return too_deep(offset, "`not`s");
        }
    }
    Ok(())
}

/// How a name is reached in the scope being compiled.
enum NameAccess {
    Fast(u32),
    Deref(u32),
    Global(u32),
    Name(u32),
}

type CResult<T = ()> = Result<T, CompileError>;

impl Compiler<'_> {
    fn unsupported(&self, range: TextRange, what: &str) -> CompileError {
        let loc = self.index.loc(range);
        CompileError {
            kind: CompileErrorKind::Unsupported,
            line: loc.line,
            col: loc.col + 1,
            end_line: loc.end_line,
            end_col: loc.end_col + 1,
            message: format!("{what} is not supported here: this page does not run it"),
        }
    }

    fn syntax(&self, range: TextRange, message: &str) -> CompileError {
        let loc = self.index.loc(range);
        CompileError {
            kind: CompileErrorKind::Syntax,
            line: loc.line,
            col: loc.col + 1,
            end_line: loc.end_line,
            end_col: loc.end_col + 1,
            message: message.to_string(),
        }
    }

    fn unit(&mut self) -> &mut Unit {
        self.units
            .last_mut()
            .expect("a unit is always open while compiling")
    }

    fn push_unit(&mut self, scope: usize, kind: CodeKind, name: &str, qualname: &str, line: u32) {
        let info = &self.scopes.scopes[scope];
        let mut cellnames: Vec<Rc<str>> = info.cells.iter().map(|c| Rc::from(c.as_str())).collect();
        let ncells = cellnames.len();
        cellnames.extend(info.frees.iter().map(|c| Rc::from(c.as_str())));
        let varnames = if info.kind == Some(scopes::ScopeKind::Function) {
            info.bound
                .iter()
                .filter(|b| info.is_local(b))
                .map(|b| Rc::from(b.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        self.units.push(Unit {
            scope,
            kind,
            name: Rc::from(name),
            qualname: Rc::from(qualname),
            ops: Vec::new(),
            locs: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            name_index: FxHashMap::default(),
            varnames,
            cellnames,
            ncells,
            blocks: Vec::new(),
            loc: Loc {
                line,
                col: 0,
                end_line: line,
                end_col: 0,
            },
            first_line: line,
        });
    }

    fn pop_unit(&mut self, params: Option<&ast::Parameters>) -> Rc<Code> {
        let unit = self.units.pop().expect("a unit is open");
        let mut argcount = 0;
        let mut posonly = 0;
        let mut kwonly = 0;
        let mut has_varargs = false;
        let mut has_varkw = false;
        if let Some(p) = params {
            argcount = p.posonlyargs.len() + p.args.len();
            posonly = p.posonlyargs.len();
            kwonly = p.kwonlyargs.len();
            has_varargs = p.vararg.is_some();
            has_varkw = p.kwarg.is_some();
        }
        let cell_params = unit
            .cellnames
            .iter()
            .take(unit.ncells)
            .enumerate()
            .filter_map(|(ci, name)| {
                unit.varnames
                    .iter()
                    .position(|v| v == name)
                    .map(|vi| (ci, vi))
            })
            .collect();
        Rc::new(Code {
            name: unit.name,
            qualname: unit.qualname,
            ops: unit.ops,
            locs: unit.locs,
            consts: unit.consts,
            names: unit.names,
            varnames: unit.varnames,
            cellnames: unit.cellnames,
            ncells: unit.ncells,
            cell_params,
            argcount,
            posonlyargcount: posonly,
            kwonlyargcount: kwonly,
            has_varargs,
            has_varkw,
            kind: unit.kind,
            first_line: unit.first_line,
            file: self.file.clone(),
            hints: Default::default(),
        })
    }

    fn emit(&mut self, op: Op) -> usize {
        let unit = self.unit();
        unit.ops.push(op);
        unit.locs.push(unit.loc);
        unit.ops.len() - 1
    }

    fn here(&mut self) -> usize {
        self.unit().ops.len()
    }

    /// Points the jump at `at` to the current position.
    fn patch(&mut self, at: usize) {
        let target = self.here() as u32;
        self.patch_to(at, target);
    }

    fn patch_to(&mut self, at: usize, target: u32) {
        let unit = self.unit();
        if let Some(op) = unit.ops.get_mut(at) {
            *op = match *op {
                Op::Jump(_) => Op::Jump(target),
                Op::JumpBack(_) => Op::JumpBack(target),
                Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
                Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
                Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
                Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
                Op::ForIter(_) => Op::ForIter(target),
                Op::SetupExcept(_) => Op::SetupExcept(target),
                other => other,
            };
        }
    }

    fn set_loc(&mut self, range: TextRange) -> Loc {
        let loc = self.index.loc(range);
        std::mem::replace(&mut self.unit().loc, loc)
    }

    fn restore_loc(&mut self, loc: Loc) {
        self.unit().loc = loc;
    }

    fn konst(&mut self, value: Const) -> u32 {
        let unit = self.unit();
        // Reuse simple constants; code and name tuples are always new.
        let found = unit.consts.iter().position(|c| match (c, &value) {
            (Const::None, Const::None) => true,
            (Const::Bool(a), Const::Bool(b)) => a == b,
            (Const::Int(a), Const::Int(b)) => a == b,
            (Const::Str(a), Const::Str(b)) => a == b,
            _ => false,
        });
        match found {
            Some(i) => i as u32,
            None => {
                unit.consts.push(value);
                (unit.consts.len() - 1) as u32
            }
        }
    }

    fn load_const(&mut self, value: Const) {
        let i = self.konst(value);
        self.emit(Op::LoadConst(i));
    }

    fn name_id(&mut self, name: &str) -> u32 {
        let unit = self.unit();
        if let Some(&i) = unit.name_index.get(name) {
            return i;
        }
        let rc: Rc<str> = Rc::from(name);
        unit.names.push(rc.clone());
        let i = (unit.names.len() - 1) as u32;
        unit.name_index.insert(rc, i);
        i
    }

    fn access(&mut self, name: &str) -> NameAccess {
        let scope_id = self.unit().scope;
        let scope = &self.scopes.scopes[scope_id];
        if let Some(i) = self.unit().cellnames.iter().position(|c| &**c == name) {
            let is_class_own = scope.kind == Some(scopes::ScopeKind::Class) && scope.is_local(name);
            if !is_class_own {
                return NameAccess::Deref(i as u32);
            }
        }
        match scope.kind {
            Some(scopes::ScopeKind::Function) => {
                if scope.is_local(name) {
                    if let Some(i) = self.unit().varnames.iter().position(|v| &**v == name) {
                        return NameAccess::Fast(i as u32);
                    }
                }
                NameAccess::Global(self.name_id(name))
            }
            Some(scopes::ScopeKind::Class) => {
                if scope.declared_global.contains(name) {
                    NameAccess::Global(self.name_id(name))
                } else {
                    NameAccess::Name(self.name_id(name))
                }
            }
            _ => NameAccess::Global(self.name_id(name)),
        }
    }

    fn load_name(&mut self, name: &str) {
        let op = match self.access(name) {
            NameAccess::Fast(i) => Op::LoadFast(i),
            NameAccess::Deref(i) => Op::LoadDeref(i),
            NameAccess::Global(i) => Op::LoadGlobal(i),
            NameAccess::Name(i) => Op::LoadName(i),
        };
        self.emit(op);
    }

    fn store_name(&mut self, name: &str) {
        let op = match self.access(name) {
            NameAccess::Fast(i) => Op::StoreFast(i),
            NameAccess::Deref(i) => Op::StoreDeref(i),
            NameAccess::Global(i) => Op::StoreGlobal(i),
            NameAccess::Name(i) => Op::StoreName(i),
        };
        self.emit(op);
    }

    fn delete_name(&mut self, name: &str) {
        let op = match self.access(name) {
            NameAccess::Fast(i) => Op::DeleteFast(i),
            NameAccess::Deref(i) => Op::DeleteDeref(i),
            NameAccess::Global(i) | NameAccess::Name(i) => Op::DeleteGlobal(i),
        };
        self.emit(op);
    }

    fn compile_module(&mut self, body: &[Stmt]) -> CResult<Rc<Code>> {
        self.push_unit(0, CodeKind::Module, "<module>", "<module>", 1);
        self.setup_annotations(body);
        self.body(body)?;
        self.load_const(Const::None);
        self.emit(Op::Return);
        Ok(self.pop_unit(None))
    }

    fn body(&mut self, body: &[Stmt]) -> CResult {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt) -> CResult {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.depth -= 1;
            return Err(self.syntax(
                stmt.range(),
                "too many nested blocks (this page allows 200)",
            ));
        }
        let saved = self.set_loc(stmt.range());
        let result = self.stmt_inner(stmt);
        self.restore_loc(saved);
        self.depth -= 1;
        result
    }

    fn stmt_inner(&mut self, stmt: &Stmt) -> CResult {
        match stmt {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.emit(Op::Pop);
            }
            Stmt::Assign(assign) => {
                self.expr(&assign.value)?;
                for (i, target) in assign.targets.iter().enumerate() {
                    if i + 1 < assign.targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store_target(target)?;
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.expr(value)?;
                    self.store_target(&assign.target)?;
                }
                // Outside functions the annotation is evaluated; a simple name's is
                // stored in `__annotations__` (a function's locals' are not evaluated).
                let in_function = !matches!(self.unit().kind, CodeKind::Module | CodeKind::Class);
                if !in_function {
                    match &*assign.target {
                        Expr::Name(name) if assign.simple => {
                            self.annotation(&assign.annotation)?;
                            self.load_name("__annotations__");
                            self.load_const(Const::Str(Rc::from(name.id.as_str())));
                            self.emit(Op::StoreSubscr);
                        }
                        _ => {
                            self.annotation(&assign.annotation)?;
                            self.emit(Op::Pop);
                        }
                    }
                }
            }
            Stmt::AugAssign(aug) => self.aug_assign(aug)?,
            Stmt::Pass(_) => {}
            Stmt::If(if_stmt) => self.if_stmt(if_stmt)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(b) => self.break_stmt(b.range)?,
            Stmt::Continue(c) => self.continue_stmt(c.range)?,
            Stmt::Return(r) => {
                let kind = self.unit().kind;
                if self.units.len() == 1 || kind == CodeKind::Class {
                    return Err(self.syntax(r.range, "'return' outside function"));
                }
                match &r.value {
                    Some(value) => self.expr(value)?,
                    None => self.load_const(Const::None),
                }
                self.unwind_all(true)?;
                self.emit(Op::Return);
            }
            Stmt::FunctionDef(def) => self.function_def(def)?,
            Stmt::ClassDef(class) => self.class_def(class)?,
            Stmt::Delete(del) => {
                for target in &del.targets {
                    self.delete_target(target)?;
                }
            }
            Stmt::Raise(raise) => match (&raise.exc, &raise.cause) {
                (None, _) => {
                    self.emit(Op::Raise(RaiseKind::Reraise));
                }
                (Some(exc), None) => {
                    self.expr(exc)?;
                    self.emit(Op::Raise(RaiseKind::Raise));
                }
                (Some(exc), Some(cause)) => {
                    self.expr(exc)?;
                    self.expr(cause)?;
                    self.emit(Op::Raise(RaiseKind::RaiseFrom));
                }
            },
            Stmt::Assert(assert) => {
                self.expr(&assert.test)?;
                let ok = self.emit(Op::PopJumpIfTrue(0));
                self.emit(Op::LoadAssertionError);
                if let Some(msg) = &assert.msg {
                    self.expr(msg)?;
                    self.emit(Op::Call(1));
                }
                self.emit(Op::Raise(RaiseKind::Raise));
                self.patch(ok);
            }
            Stmt::Try(try_stmt) => self.try_stmt(try_stmt)?,
            Stmt::With(with) => self.with_stmt(with, 0)?,
            Stmt::Import(import) => {
                for alias in &import.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(asname) => {
                            let id = self.name_id(full);
                            self.emit(Op::ImportName(id));
                            self.store_name(asname.as_str());
                        }
                        None => {
                            let top = full.split('.').next().unwrap_or(full);
                            if top != full {
                                let id = self.name_id(full);
                                self.emit(Op::ImportName(id));
                                self.emit(Op::Pop);
                            }
                            let id = self.name_id(top);
                            self.emit(Op::ImportName(id));
                            self.store_name(top);
                        }
                    }
                }
            }
            Stmt::ImportFrom(import) => {
                if import.level > 0 {
                    return Err(self.unsupported(import.range, "a relative import"));
                }
                let module = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let id = self.name_id(module);
                self.emit(Op::ImportName(id));
                for alias in &import.names {
                    if alias.name.as_str() == "*" {
                        return Err(self.unsupported(alias.range, "`from ... import *`"));
                    }
                    let id = self.name_id(alias.name.as_str());
                    self.emit(Op::ImportFrom(id));
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.store_name(bound.as_str());
                }
                self.emit(Op::Pop);
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Match(m) => return Err(self.unsupported(m.range, "The `match` statement")),
            Stmt::TypeAlias(t) => return Err(self.unsupported(t.range, "A `type` alias")),
            Stmt::IpyEscapeCommand(c) => return Err(self.syntax(c.range, "invalid syntax")),
        }
        Ok(())
    }

    fn aug_assign(&mut self, aug: &ast::StmtAugAssign) -> CResult {
        let op = binop(aug.op);
        match &*aug.target {
            Expr::Name(name) => {
                self.load_name(name.id.as_str());
                self.expr(&aug.value)?;
                self.emit(Op::Inplace(op));
                self.store_name(name.id.as_str());
            }
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                self.emit(Op::Dup);
                let id = self.name_id(attr.attr.as_str());
                self.emit(Op::LoadAttr(id));
                self.expr(&aug.value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(id));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.expr(&sub.slice)?;
                self.emit(Op::Dup2);
                self.emit(Op::Subscr);
                self.expr(&aug.value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            other => {
                return Err(self.syntax(
                    other.range(),
                    "'expression' is an illegal expression for augmented assignment",
                ))
            }
        }
        Ok(())
    }

    fn store_target(&mut self, target: &Expr) -> CResult {
        match target {
            Expr::Name(name) => {
                // STORE_NAME's place is the target's (a finaliser it triggers points there).
                let saved = self.set_loc(name.range);
                self.store_name(name.id.as_str());
                self.restore_loc(saved);
            }
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                let id = self.name_id(attr.attr.as_str());
                self.emit(Op::StoreAttr(id));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.expr(&sub.slice)?;
                self.emit(Op::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        self.emit(Op::UnpackSequence(elts.len() as u32));
                    }
                    Some(i) => {
                        let after = elts.len() - i - 1;
                        self.emit(Op::UnpackEx(i as u32, after as u32));
                    }
                }
                for elt in elts {
                    match elt {
                        Expr::Starred(starred) => self.store_target(&starred.value)?,
                        other => self.store_target(other)?,
                    }
                }
            }
            Expr::Starred(s) => {
                return Err(self.syntax(
                    s.range,
                    "starred assignment target must be in a list or tuple",
                ))
            }
            other => return Err(self.syntax(other.range(), "cannot assign to expression")),
        }
        Ok(())
    }

    fn delete_target(&mut self, target: &Expr) -> CResult {
        match target {
            Expr::Name(name) => {
                let saved = self.set_loc(name.range);
                self.delete_name(name.id.as_str());
                self.restore_loc(saved);
            }
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                let id = self.name_id(attr.attr.as_str());
                self.emit(Op::DeleteAttr(id));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.expr(&sub.slice)?;
                self.emit(Op::DeleteSubscr);
            }
            Expr::Tuple(t) => {
                for elt in &t.elts {
                    self.delete_target(elt)?;
                }
            }
            other => return Err(self.syntax(other.range(), "cannot delete expression")),
        }
        Ok(())
    }

    fn if_stmt(&mut self, if_stmt: &ast::StmtIf) -> CResult {
        let mut ends = Vec::new();
        self.expr(&if_stmt.test)?;
        let mut next = self.emit(Op::PopJumpIfFalse(0));
        self.body(&if_stmt.body)?;
        for clause in &if_stmt.elif_else_clauses {
            ends.push(self.emit(Op::Jump(0)));
            self.patch(next);
            match &clause.test {
                Some(test) => {
                    let saved = self.set_loc(test.range());
                    self.expr(test)?;
                    next = self.emit(Op::PopJumpIfFalse(0));
                    self.restore_loc(saved);
                    self.body(&clause.body)?;
                }
                None => {
                    self.body(&clause.body)?;
                    next = usize::MAX;
                }
            }
        }
        if next != usize::MAX {
            self.patch(next);
        }
        for end in ends {
            self.patch(end);
        }
        Ok(())
    }

    /// Compiles a loop's body inside its block; returns the jumps its `break`s left.
    fn loop_body(&mut self, block: Block, body: &[Stmt]) -> CResult<Vec<usize>> {
        self.unit().blocks.push(block);
        self.body(body)?;
        Ok(match self.unit().blocks.pop() {
            Some(Block::For { breaks, .. } | Block::While { breaks, .. }) => breaks,
            _ => Vec::new(),
        })
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> CResult {
        let head = self.here();
        self.expr(&w.test)?;
        let exit = self.emit(Op::PopJumpIfFalse(0));
        let breaks = self.loop_body(
            Block::While {
                head,
                breaks: Vec::new(),
            },
            &w.body,
        )?;
        self.emit(Op::JumpBack(head as u32));
        self.patch(exit);
        self.body(&w.orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    /// `async for x in it:`: awaits `it.__anext__()` each round; `StopAsyncIteration`
    /// ends the loop.
    fn async_for_stmt(&mut self, f: &ast::StmtFor) -> CResult {
        if !matches!(
            self.unit().kind,
            CodeKind::Coroutine | CodeKind::AsyncGenerator
        ) {
            return Err(self.syntax(f.range, "'async for' outside async function"));
        }
        self.expr(&f.iter)?;
        self.emit(Op::GetAIter);
        let head = self.here();
        let setup = self.anext_step();
        self.store_target(&f.target)?;
        let breaks = self.loop_body(
            Block::For {
                head,
                breaks: Vec::new(),
            },
            &f.body,
        )?;
        self.emit(Op::JumpBack(head as u32));
        self.anext_exit(setup, &f.orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    /// One round of `async for`, the async iterator on the stack: awaits its
    /// `__anext__()` under a handler, whose setup it returns for [`Self::anext_exit`].
    fn anext_step(&mut self) -> usize {
        let setup = self.emit(Op::SetupExcept(0));
        self.emit(Op::GetANext);
        self.load_const(Const::None);
        self.emit(Op::YieldFrom);
        self.emit(Op::PopBlock);
        setup
    }

    /// The exception path of an `async for` round: `StopAsyncIteration` pops the
    /// iterator and ends the loop (through its `else:`), anything else goes on.
    fn anext_exit(&mut self, setup: usize, orelse: &[Stmt]) -> CResult {
        self.patch(setup);
        let id = self.name_id("StopAsyncIteration");
        self.emit(Op::LoadGlobal(id));
        self.emit(Op::ExcMatch);
        let other = self.emit(Op::PopJumpIfFalse(0));
        self.emit(Op::Pop);
        self.emit(Op::Pop);
        self.body(orelse)?;
        let end = self.emit(Op::Jump(0));
        self.patch(other);
        self.emit(Op::Reraise);
        self.patch(end);
        Ok(())
    }

    fn for_stmt(&mut self, f: &ast::StmtFor) -> CResult {
        if f.is_async {
            return self.async_for_stmt(f);
        }
        self.expr(&f.iter)?;
        self.emit(Op::GetIter);
        let head = self.here();
        let exit = self.emit(Op::ForIter(0));
        self.store_target(&f.target)?;
        let breaks = self.loop_body(
            Block::For {
                head,
                breaks: Vec::new(),
            },
            &f.body,
        )?;
        self.emit(Op::JumpBack(head as u32));
        self.patch(exit);
        self.body(&f.orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    /// Emits what leaving one block takes. `keep_top` says a return value sits on top.
    fn unwind_block(&mut self, block: &Block, keep_top: bool) -> CResult {
        match block {
            Block::For { .. } => {
                if keep_top {
                    self.emit(Op::Rot2);
                }
                self.emit(Op::Pop);
            }
            Block::While { .. } => {}
            Block::Handler => {
                self.emit(Op::PopBlock);
            }
            Block::Finally(body) => {
                // The caller has already cut the block stack down to the blocks outside
                // this one, so the finally body unwinds correctly if it jumps too.
                self.emit(Op::PopBlock);
                let body = body.clone();
                self.body(&body)?;
            }
            Block::With { is_async } => {
                self.emit(Op::PopBlock);
                if keep_top {
                    self.emit(Op::Rot2);
                }
                self.load_const(Const::None);
                self.emit(Op::Dup);
                self.emit(Op::Dup);
                self.emit(Op::Call(3));
                if *is_async {
                    self.emit(Op::GetAwaitable);
                    self.load_const(Const::None);
                    self.emit(Op::YieldFrom);
                }
                self.emit(Op::Pop);
            }
            Block::Except { name } => {
                self.emit(Op::PopBlock);
                self.emit(Op::PopExcept);
                if let Some(name) = name {
                    self.load_const(Const::None);
                    self.store_name(name);
                    self.delete_name(name);
                }
            }
        }
        Ok(())
    }

    fn unwind_all(&mut self, keep_top: bool) -> CResult {
        let blocks = self.unit().blocks.clone();
        for (depth, block) in blocks.iter().enumerate().rev() {
            let saved = self.unit().blocks.clone();
            self.unit().blocks.truncate(depth);
            self.unwind_block(block, keep_top)?;
            self.unit().blocks = saved;
        }
        Ok(())
    }

    fn loop_depth(&self) -> Option<usize> {
        self.units.last().and_then(|u| {
            u.blocks
                .iter()
                .rposition(|b| matches!(b, Block::For { .. } | Block::While { .. }))
        })
    }

    fn break_stmt(&mut self, range: TextRange) -> CResult {
        let Some(depth) = self.loop_depth() else {
            return Err(self.syntax(range, "'break' outside loop"));
        };
        let blocks = self.unit().blocks.clone();
        for (d, block) in blocks.iter().enumerate().skip(depth + 1).rev() {
            self.unit().blocks.truncate(d);
            self.unwind_block(block, false)?;
        }
        self.unit().blocks = blocks;
        if matches!(self.unit().blocks.get(depth), Some(Block::For { .. })) {
            self.emit(Op::Pop);
        }
        let jump = self.emit(Op::Jump(0));
        match self.unit().blocks.get_mut(depth) {
            Some(Block::For { breaks, .. }) | Some(Block::While { breaks, .. }) => {
                breaks.push(jump)
            }
            _ => {}
        }
        Ok(())
    }

    fn continue_stmt(&mut self, range: TextRange) -> CResult {
        let Some(depth) = self.loop_depth() else {
            return Err(self.syntax(range, "'continue' not properly in loop"));
        };
        let blocks = self.unit().blocks.clone();
        for (d, block) in blocks.iter().enumerate().skip(depth + 1).rev() {
            self.unit().blocks.truncate(d);
            self.unwind_block(block, false)?;
        }
        self.unit().blocks = blocks;
        let head = match self.unit().blocks.get(depth) {
            Some(Block::For { head, .. }) | Some(Block::While { head, .. }) => *head,
            _ => 0,
        };
        self.emit(Op::JumpBack(head as u32));
        Ok(())
    }

    fn try_stmt(&mut self, t: &ast::StmtTry) -> CResult {
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        // try/finally around whatever the try has besides `finally`.
        let setup = self.emit(Op::SetupExcept(0));
        self.unit()
            .blocks
            .push(Block::Finally(t.finalbody.to_vec()));
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().blocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.finalbody)?;
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        // The exception path: the finally body runs while the exception is "being
        // handled", then it propagates again.
        self.emit(Op::EnterExcept);
        let inner = self.emit(Op::SetupExcept(0));
        self.body(&t.finalbody)?;
        self.emit(Op::PopBlock);
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(inner);
        self.emit(Op::Rot2);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(end);
        Ok(())
    }

    fn try_except(&mut self, t: &ast::StmtTry) -> CResult {
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().blocks.push(Block::Handler);
        self.body(&t.body)?;
        self.unit().blocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.orelse)?;
        let mut ends = vec![self.emit(Op::Jump(0))];
        self.patch(setup);
        self.emit(Op::EnterExcept);
        if t.is_star {
            return self.except_star(t, ends);
        }
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            let saved = self.set_loc(handler.range);
            let mut next = None;
            if let Some(type_) = &handler.type_ {
                // ExcMatch keeps the exception on the stack and pushes the verdict.
                self.expr(type_)?;
                self.emit(Op::ExcMatch);
                next = Some(self.emit(Op::PopJumpIfFalse(0)));
            }
            let name = handler.name.as_ref().map(|n| n.to_string());
            match &name {
                Some(name) => self.store_name(name),
                None => {
                    self.emit(Op::Pop);
                }
            }
            let cleanup = self.emit(Op::SetupExcept(0));
            self.unit()
                .blocks
                .push(Block::Except { name: name.clone() });
            self.restore_loc(saved);
            self.body(&handler.body)?;
            self.unit().blocks.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::PopExcept);
            if let Some(name) = &name {
                self.load_const(Const::None);
                self.store_name(name);
                self.delete_name(name);
            }
            ends.push(self.emit(Op::Jump(0)));
            // An exception raised inside the clause: restore, then propagate it.
            self.patch(cleanup);
            self.emit(Op::PopExcept);
            if let Some(name) = &name {
                self.load_const(Const::None);
                self.store_name(name);
                self.delete_name(name);
            }
            self.emit(Op::Reraise);
            if let Some(next) = next {
                self.patch(next);
            }
        }
        // Nothing matched: the exception goes on.
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        for end in ends {
            self.patch(end);
        }
        Ok(())
    }

    /// `except*`: each clause takes the part of the group that matches its type; what no
    /// clause took is raised again at the end, still as a group.
    fn except_star(&mut self, t: &ast::StmtTry, mut ends: Vec<usize>) -> CResult {
        // Stack: [group]. Each clause: Dup type ExcStarMatch -> [rest, match or None].
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            let Some(type_) = &handler.type_ else {
                return Err(self.syntax(handler.range, "expected one or more exception types"));
            };
            self.expr(type_)?;
            self.emit(Op::ExcStarMatch);
            self.emit(Op::Dup);
            self.load_const(Const::None);
            self.emit(Op::Is(false));
            let skip = self.emit(Op::PopJumpIfTrue(0));
            let name = handler.name.as_ref().map(|n| n.to_string());
            match &name {
                Some(name) => self.store_name(name),
                None => {
                    self.emit(Op::Pop);
                }
            }
            self.body(&handler.body)?;
            if let Some(name) = &name {
                self.load_const(Const::None);
                self.store_name(name);
                self.delete_name(name);
            }
            let after = self.emit(Op::Jump(0));
            self.patch(skip);
            self.emit(Op::Pop);
            self.patch(after);
        }
        self.emit(Op::ExcStarReraise);
        ends.push(self.emit(Op::Jump(0)));
        for end in ends {
            self.patch(end);
        }
        Ok(())
    }

    fn with_stmt(&mut self, with: &ast::StmtWith, item: usize) -> CResult {
        let Some(current) = with.items.get(item) else {
            return self.body(&with.body);
        };
        self.expr(&current.context_expr)?;
        if with.is_async {
            self.emit(Op::BeforeAsyncWith);
            self.emit(Op::GetAwaitable);
            self.load_const(Const::None);
            self.emit(Op::YieldFrom);
        } else {
            self.emit(Op::BeforeWith);
        }
        match &current.optional_vars {
            Some(target) => self.store_target(target)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().blocks.push(Block::With {
            is_async: with.is_async,
        });
        self.with_stmt(with, item + 1)?;
        self.unit().blocks.pop();
        self.emit(Op::PopBlock);
        self.load_const(Const::None);
        self.emit(Op::Dup);
        self.emit(Op::Dup);
        self.emit(Op::Call(3));
        if with.is_async {
            self.emit(Op::GetAwaitable);
            self.load_const(Const::None);
            self.emit(Op::YieldFrom);
        }
        self.emit(Op::Pop);
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        // Stack: [exit, exc].
        self.emit(Op::EnterExcept);
        self.emit(Op::WithExcept);
        if with.is_async {
            self.emit(Op::GetAwaitable);
            self.load_const(Const::None);
            self.emit(Op::YieldFrom);
        }
        let suppress = self.emit(Op::PopJumpIfTrue(0));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(suppress);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.emit(Op::Pop);
        self.patch(end);
        Ok(())
    }

    /// Pushes a tuple of defaults and a dict of keyword-only defaults, returning flags.
    fn defaults(&mut self, parameters: &ast::Parameters) -> CResult<u8> {
        let mut flags = 0;
        let positional: Vec<&Expr> = parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .filter_map(|p| p.default.as_deref())
            .collect();
        if !positional.is_empty() {
            for d in &positional {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(positional.len() as u32));
            flags |= 1;
        }
        let kw: Vec<(&str, &Expr)> = parameters
            .kwonlyargs
            .iter()
            .filter_map(|p| p.default.as_deref().map(|d| (p.parameter.name.as_str(), d)))
            .collect();
        if !kw.is_empty() {
            for (name, d) in &kw {
                self.load_const(Const::Str(Rc::from(*name)));
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// `__annotations__ = {}` at the start of a module or class body that annotates.
    fn setup_annotations(&mut self, body: &[Stmt]) {
        if has_annotations(body) {
            self.emit(Op::BuildMap(0));
            self.store_name("__annotations__");
        }
    }

    /// Pushes an annotation's value: the expression, or under `from __future__ import
    /// annotations` its source text.
    fn annotation(&mut self, expr: &Expr) -> CResult {
        if self.string_annotations {
            let range = expr.range();
            let text = self
                .index
                .text(range.start().to_usize(), range.end().to_usize())
                .unwrap_or_default();
            self.load_const(Const::Str(Rc::from(text)));
            Ok(())
        } else {
            self.expr(expr)
        }
    }

    /// Pushes a function's annotations as a dict (CPython's order: parameters, then
    /// `return`), returning the `MakeFunction` flag for it, or 0 when it has none.
    fn function_annotations(
        &mut self,
        parameters: &ast::Parameters,
        returns: Option<&Expr>,
    ) -> CResult<u8> {
        let mut n = 0;
        let params = parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .map(|p| &p.parameter)
            .chain(parameters.vararg.as_deref())
            .chain(parameters.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(parameters.kwarg.as_deref());
        for param in params {
            if let Some(annotation) = &param.annotation {
                self.load_const(Const::Str(Rc::from(param.name.as_str())));
                self.annotation(annotation)?;
                n += 1;
            }
        }
        if let Some(returns) = returns {
            self.load_const(Const::Str(Rc::from("return")));
            self.annotation(returns)?;
            n += 1;
        }
        if n == 0 {
            return Ok(0);
        }
        self.emit(Op::BuildMap(n));
        Ok(8)
    }

    /// Pushes the cells a new function captures (if any) and emits `MakeFunction`.
    fn make_function(&mut self, code: Rc<Code>, mut flags: u8) {
        let frees: Vec<Rc<str>> = code.cellnames[code.ncells..].to_vec();
        if !frees.is_empty() {
            for free in &frees {
                let i = self
                    .unit()
                    .cellnames
                    .iter()
                    .position(|c| c == free)
                    .unwrap_or(0);
                self.emit(Op::LoadClosure(i as u32));
            }
            self.emit(Op::BuildTuple(frees.len() as u32));
            flags |= 4;
        }
        let i = self.konst(Const::Code(code));
        self.emit(Op::MakeFunction(i, flags));
    }

    fn qualname(&self, name: &str) -> String {
        match self.units.last() {
            Some(unit) if unit.kind != CodeKind::Module => {
                if unit.kind == CodeKind::Class {
                    format!("{}.{}", unit.qualname, name)
                } else {
                    format!("{}.<locals>.{}", unit.qualname, name)
                }
            }
            _ => name.to_string(),
        }
    }

    fn function_def(&mut self, def: &ast::StmtFunctionDef) -> CResult {
        for decorator in &def.decorator_list {
            self.expr(&decorator.expression)?;
        }
        let flags = self.defaults(&def.parameters)?
            | self.function_annotations(&def.parameters, def.returns.as_deref())?;
        let scope = self.scopes.of(def.range);
        let is_gen = self.scopes.scopes[scope].is_generator;
        let kind = match (def.is_async, is_gen) {
            (true, true) => CodeKind::AsyncGenerator,
            (true, false) => CodeKind::Coroutine,
            (false, true) => CodeKind::Generator,
            (false, false) => CodeKind::Function,
        };
        let line = self.index.loc(def.name.range).line;
        let qualname = self.qualname(def.name.as_str());
        self.push_unit(scope, kind, def.name.as_str(), &qualname, line);
        let body_loc = self.index.loc(def.range);
        self.unit().loc = Loc {
            line,
            col: body_loc.col,
            end_line: line,
            end_col: body_loc.col,
        };
        self.body(&def.body)?;
        self.load_const(Const::None);
        self.emit(Op::Return);
        let code = self.pop_unit(Some(&def.parameters));
        self.make_function(code, flags);
        for _ in &def.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(def.name.as_str());
        Ok(())
    }

    fn class_def(&mut self, class: &ast::StmtClassDef) -> CResult {
        if class.type_params.is_some() {
            return Err(self.unsupported(class.range, "A generic class"));
        }
        for decorator in &class.decorator_list {
            self.expr(&decorator.expression)?;
        }
        let scope = self.scopes.of(class.range);
        let line = self.index.loc(class.name.range).line;
        let qualname = self.qualname(class.name.as_str());
        self.push_unit(scope, CodeKind::Class, class.name.as_str(), &qualname, line);
        self.setup_annotations(&class.body);
        self.body(&class.body)?;
        self.load_const(Const::None);
        self.emit(Op::Return);
        let code = self.pop_unit(None);
        self.make_function(code, 0);
        self.load_const(Const::Str(Rc::from(class.name.as_str())));
        let mut nbases = 0;
        if let Some(arguments) = &class.arguments {
            if let Some(keyword) = arguments.keywords.first() {
                return Err(
                    self.unsupported(keyword.range, "A class keyword (such as `metaclass=`)")
                );
            }
            for base in arguments.args.iter() {
                self.expr(base)?;
                nbases += 1;
            }
        }
        self.emit(Op::BuildClass(nbases));
        for _ in &class.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(class.name.as_str());
        Ok(())
    }

    fn expr(&mut self, expr: &Expr) -> CResult {
        // Deeply nested code is refused, as CPython refuses it, before it can exhaust
        // the host's stack (a browser tab's is small).
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.depth -= 1;
            return Err(self.syntax(
                expr.range(),
                "too many nested expressions (this page allows 200)",
            ));
        }
        let result = self.expr_inner(expr);
        self.depth -= 1;
        result
    }

    fn expr_inner(&mut self, expr: &Expr) -> CResult {
        match expr {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => self.load_const(Const::Int(v)),
                    None => {
                        let text = i.to_string().replace('_', "");
                        let parsed = parse_int_literal(&text)
                            .ok_or_else(|| self.syntax(n.range, "invalid integer literal"))?;
                        self.load_const(Const::BigInt(Rc::new(parsed)));
                    }
                },
                ast::Number::Float(f) => self.load_const(Const::Float(*f)),
                ast::Number::Complex { .. } => {
                    return Err(self.unsupported(n.range, "A complex number"))
                }
            },
            Expr::StringLiteral(s) => self.load_const(Const::Str(Rc::from(s.value.to_str()))),
            Expr::BytesLiteral(b) => return Err(self.unsupported(b.range, "A bytes literal")),
            Expr::BooleanLiteral(b) => self.load_const(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => self.load_const(Const::None),
            Expr::EllipsisLiteral(_) => {
                let id = self.name_id("Ellipsis");
                self.emit(Op::LoadGlobal(id));
            }
            Expr::FString(f) => self.fstring(f)?,
            Expr::TString(t) => return Err(self.unsupported(t.range, "A template string")),
            Expr::Name(name) => {
                // The name's own place, as CPython's LOAD_NAME has: a NameError
                // underlines the name.
                let saved = self.set_loc(name.range);
                self.load_name(name.id.as_str());
                self.restore_loc(saved);
            }
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                let saved = self.set_loc(attr.range);
                let id = self.name_id(attr.attr.as_str());
                self.emit(Op::LoadAttr(id));
                self.restore_loc(saved);
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.expr(&sub.slice)?;
                let saved = self.set_loc(sub.range);
                self.emit(Op::Subscr);
                self.restore_loc(saved);
            }
            Expr::Slice(slice) => {
                for part in [&slice.lower, &slice.upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_const(Const::None),
                    }
                }
                match &slice.step {
                    Some(step) => {
                        self.expr(step)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => {
                        self.emit(Op::BuildSlice(2));
                    }
                }
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                let saved = self.set_loc(b.range);
                self.emit(Op::Binary(binop(b.op)));
                self.restore_loc(saved);
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.emit(Op::Unary(match u.op {
                    ast::UnaryOp::Invert => UnOp::Invert,
                    ast::UnaryOp::Not => UnOp::Not,
                    ast::UnaryOp::UAdd => UnOp::Pos,
                    ast::UnaryOp::USub => UnOp::Neg,
                }));
            }
            Expr::BoolOp(b) => {
                let mut jumps = Vec::new();
                for (i, value) in b.values.iter().enumerate() {
                    self.expr(value)?;
                    if i + 1 < b.values.len() {
                        jumps.push(self.emit(match b.op {
                            ast::BoolOp::And => Op::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::If(e) => {
                self.expr(&e.test)?;
                let else_ = self.emit(Op::PopJumpIfFalse(0));
                self.expr(&e.body)?;
                let end = self.emit(Op::Jump(0));
                self.patch(else_);
                self.expr(&e.orelse)?;
                self.patch(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Dup);
                self.store_target(&n.target)?;
            }
            Expr::Call(call) => self.call(call)?,
            Expr::List(l) => self.sequence(&l.elts, Seq::List)?,
            Expr::Tuple(t) => self.sequence(&t.elts, Seq::Tuple)?,
            Expr::Set(s) => self.sequence(&s.elts, Seq::Set)?,
            Expr::Dict(d) => {
                let has_unpack = d.items.iter().any(|i| i.key.is_none());
                if has_unpack {
                    self.emit(Op::BuildMap(0));
                    for item in &d.items {
                        match &item.key {
                            Some(key) => {
                                self.expr(key)?;
                                self.expr(&item.value)?;
                                self.emit(Op::MapAdd(1));
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Op::DictUpdate(1));
                            }
                        }
                    }
                } else {
                    for item in &d.items {
                        if let Some(key) = &item.key {
                            self.expr(key)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Op::BuildMap(d.items.len() as u32));
                }
            }
            Expr::Lambda(lambda) => {
                let empty = ast::Parameters::default();
                let parameters = lambda.parameters.as_deref().unwrap_or(&empty);
                let flags = self.defaults(parameters)?;
                let scope = self.scopes.of(lambda.range);
                let line = self.index.loc(lambda.range).line;
                let qualname = self.qualname("<lambda>");
                self.push_unit(scope, CodeKind::Function, "<lambda>", &qualname, line);
                self.unit().loc = self.index.loc(lambda.body.range());
                self.expr(&lambda.body)?;
                self.emit(Op::Return);
                let code = self.pop_unit(Some(parameters));
                self.make_function(code, flags);
            }
            Expr::ListComp(c) => self.comprehension(c.range, &c.generators, Comp::List(&c.elt))?,
            Expr::SetComp(c) => self.comprehension(c.range, &c.generators, Comp::Set(&c.elt))?,
            Expr::DictComp(c) => {
                let Some(key) = &c.key else {
                    return Err(self.unsupported(c.range, "`**` in a dict comprehension"));
                };
                self.comprehension(c.range, &c.generators, Comp::Dict(key, &c.value))?
            }
            Expr::Generator(c) => {
                self.comprehension(c.range, &c.generators, Comp::Generator(&c.elt))?
            }
            Expr::Await(a) => {
                if !matches!(
                    self.unit().kind,
                    CodeKind::Coroutine | CodeKind::AsyncGenerator
                ) {
                    return Err(self.syntax(a.range, "'await' outside async function"));
                }
                self.expr(&a.value)?;
                let saved = self.set_loc(a.range);
                self.emit(Op::GetAwaitable);
                self.load_const(Const::None);
                self.emit(Op::YieldFrom);
                self.restore_loc(saved);
            }
            Expr::Yield(y) => {
                if !matches!(
                    self.unit().kind,
                    CodeKind::Generator | CodeKind::AsyncGenerator
                ) {
                    return Err(self.syntax(y.range, "'yield' outside function"));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.emit(Op::YieldValue);
            }
            Expr::YieldFrom(y) => {
                if !matches!(self.unit().kind, CodeKind::Generator) {
                    return Err(self.syntax(y.range, "'yield from' outside function"));
                }
                self.expr(&y.value)?;
                self.emit(Op::GetIter);
                self.load_const(Const::None);
                self.emit(Op::YieldFrom);
            }
            Expr::Starred(s) => {
                return Err(self.syntax(s.range, "can't use starred expression here"))
            }
            Expr::IpyEscapeCommand(c) => return Err(self.syntax(c.range, "invalid syntax")),
        }
        Ok(())
    }

    fn compare(&mut self, c: &ast::ExprCompare) -> CResult {
        self.expr(&c.left)?;
        let saved = self.set_loc(c.range);
        let n = c.ops.len();
        let mut cleanups = Vec::new();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            if i + 1 < n {
                self.emit(Op::Dup);
                self.emit(Op::Rot3);
            }
            self.emit(match op {
                ast::CmpOp::Eq => Op::Compare(CmpOp::Eq),
                ast::CmpOp::NotEq => Op::Compare(CmpOp::Ne),
                ast::CmpOp::Lt => Op::Compare(CmpOp::Lt),
                ast::CmpOp::LtE => Op::Compare(CmpOp::Le),
                ast::CmpOp::Gt => Op::Compare(CmpOp::Gt),
                ast::CmpOp::GtE => Op::Compare(CmpOp::Ge),
                ast::CmpOp::Is => Op::Is(false),
                ast::CmpOp::IsNot => Op::Is(true),
                ast::CmpOp::In => Op::Contains(false),
                ast::CmpOp::NotIn => Op::Contains(true),
            });
            if i + 1 < n {
                cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
            }
        }
        if !cleanups.is_empty() {
            let end = self.emit(Op::Jump(0));
            for c in cleanups {
                self.patch(c);
            }
            self.emit(Op::Rot2);
            self.emit(Op::Pop);
            self.patch(end);
        }
        self.restore_loc(saved);
        Ok(())
    }

    fn sequence(&mut self, elts: &[Expr], kind: Seq) -> CResult {
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !starred {
            for e in elts {
                self.expr(e)?;
            }
            let n = elts.len() as u32;
            self.emit(match kind {
                Seq::List => Op::BuildList(n),
                Seq::Tuple => Op::BuildTuple(n),
                Seq::Set if n > 2 && elts.iter().all(is_constant) => Op::BuildConstSet(n),
                Seq::Set => Op::BuildSet(n),
            });
            return Ok(());
        }
        match kind {
            Seq::Set => self.emit(Op::BuildSet(0)),
            _ => self.emit(Op::BuildList(0)),
        };
        for e in elts {
            match (e, kind) {
                (Expr::Starred(s), Seq::Set) => {
                    self.expr(&s.value)?;
                    self.emit(Op::SetUpdate(1));
                }
                (Expr::Starred(s), _) => {
                    self.expr(&s.value)?;
                    self.emit(Op::ListExtend(1));
                }
                (other, Seq::Set) => {
                    self.expr(other)?;
                    self.emit(Op::SetAdd(1));
                }
                (other, _) => {
                    self.expr(other)?;
                    self.emit(Op::ListAppend(1));
                }
            }
        }
        if matches!(kind, Seq::Tuple) {
            // tuple(list): the list is the only argument.
            let id = self.name_id("tuple");
            self.emit(Op::LoadGlobal(id));
            self.emit(Op::Rot2);
            self.emit(Op::Call(1));
        }
        Ok(())
    }

    fn call(&mut self, call: &ast::ExprCall) -> CResult {
        let args = &call.arguments;
        let has_star = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none());
        // `obj.method(a, b)`: look the method up without binding it, as CPython's
        // LOAD_METHOD does, so a call does not allocate a bound method.
        if let Expr::Attribute(attr) = &*call.func {
            if !has_star && args.keywords.is_empty() {
                self.expr(&attr.value)?;
                let saved = self.set_loc(attr.range);
                let id = self.name_id(attr.attr.as_str());
                self.emit(Op::LoadMethod(id));
                self.restore_loc(saved);
                for a in args.args.iter() {
                    self.expr(a)?;
                }
                let saved = self.set_loc(call.range());
                self.emit(Op::CallMethod(args.args.len() as u32));
                self.restore_loc(saved);
                return Ok(());
            }
        }
        self.expr(&call.func)?;
        let saved = self.set_loc(call.range());
        if has_star {
            self.emit(Op::BuildList(0));
            for a in args.args.iter() {
                match a {
                    Expr::Starred(s) => {
                        self.expr(&s.value)?;
                        self.emit(Op::ListExtend(1));
                    }
                    other => {
                        self.expr(other)?;
                        self.emit(Op::ListAppend(1));
                    }
                }
            }
            let has_kw = !args.keywords.is_empty();
            if has_kw {
                self.emit(Op::BuildMap(0));
                for k in args.keywords.iter() {
                    match &k.arg {
                        Some(name) => {
                            self.load_const(Const::Str(Rc::from(name.as_str())));
                            self.expr(&k.value)?;
                            self.emit(Op::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Op::DictUpdate(1));
                        }
                    }
                }
            }
            self.emit(Op::CallEx(has_kw));
        } else if args.keywords.is_empty() {
            for a in args.args.iter() {
                self.expr(a)?;
            }
            self.emit(Op::Call(args.args.len() as u32));
        } else {
            for a in args.args.iter() {
                self.expr(a)?;
            }
            let mut names = Vec::new();
            let mut seen = HashSet::new();
            for k in args.keywords.iter() {
                let name = k.arg.as_ref().map(|n| n.as_str()).unwrap_or("");
                if !seen.insert(name.to_string()) {
                    return Err(self.syntax(k.range, &format!("keyword argument repeated: {name}")));
                }
                self.expr(&k.value)?;
                names.push(Rc::from(name));
            }
            let total = args.args.len() + names.len();
            self.load_const(Const::Names(Rc::from(names)));
            self.emit(Op::CallKw(total as u32));
        }
        self.restore_loc(saved);
        Ok(())
    }

    fn comprehension(
        &mut self,
        range: TextRange,
        generators: &[ast::Comprehension],
        comp: Comp,
    ) -> CResult {
        let Some(first) = generators.first() else {
            return Err(self.syntax(range, "invalid syntax"));
        };
        // As in CPython: a comprehension with `async for`, or with `await` in it, is
        // asynchronous. A generator expression then makes an async generator (allowed
        // anywhere); a list, set or dict comprehension a coroutine that the enclosing
        // code awaits, which only an async function may do.
        let is_async = comprehension_is_async(generators, &comp);
        let in_async = matches!(
            self.unit().kind,
            CodeKind::Coroutine | CodeKind::AsyncGenerator
        );
        let awaited = is_async && !matches!(comp, Comp::Generator(_));
        if awaited && !in_async {
            return Err(self.syntax(
                range,
                "asynchronous comprehension outside of an asynchronous function",
            ));
        }
        let scope = self.scopes.of(range);
        let (name, kind) = match comp {
            Comp::List(_) => ("<listcomp>", CodeKind::Function),
            Comp::Set(_) => ("<setcomp>", CodeKind::Function),
            Comp::Dict(..) => ("<dictcomp>", CodeKind::Function),
            Comp::Generator(_) => ("<genexpr>", CodeKind::Generator),
        };
        let kind = match (is_async, kind) {
            (false, kind) => kind,
            (true, CodeKind::Generator) => CodeKind::AsyncGenerator,
            (true, _) => CodeKind::Coroutine,
        };
        let line = self.index.loc(range).line;
        let qualname = self.qualname(name);
        let outer_loc = self.unit().loc;
        self.push_unit(scope, kind, name, &qualname, line);
        self.unit().loc = outer_loc;
        match comp {
            Comp::List(_) => {
                self.emit(Op::BuildList(0));
            }
            Comp::Set(_) => {
                self.emit(Op::BuildSet(0));
            }
            Comp::Dict(..) => {
                self.emit(Op::BuildMap(0));
            }
            Comp::Generator(_) => {}
        }
        let mut heads = Vec::new();
        for (i, generator) in generators.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(0));
            } else {
                self.expr(&generator.iter)?;
                self.emit(if generator.is_async {
                    Op::GetAIter
                } else {
                    Op::GetIter
                });
            }
            let head = self.here();
            let exit = if generator.is_async {
                // `async for`'s step: await `__anext__`, StopAsyncIteration ends it.
                // A traceback through it points at the whole comprehension, as CPython's.
                let saved = self.set_loc(range);
                let setup = self.anext_step();
                self.restore_loc(saved);
                Exit::Async(setup)
            } else {
                Exit::Sync(self.emit(Op::ForIter(0)))
            };
            self.store_target(&generator.target)?;
            for condition in &generator.ifs {
                self.expr(condition)?;
                let skip = self.emit(Op::PopJumpIfFalse(head as u32));
                let _ = skip;
            }
            heads.push((head, exit));
        }
        let depth = generators.len() as u32 + 1;
        match comp {
            Comp::List(elt) => {
                self.expr(elt)?;
                self.emit(Op::ListAppend(depth));
            }
            Comp::Set(elt) => {
                self.expr(elt)?;
                self.emit(Op::SetAdd(depth));
            }
            Comp::Dict(key, value) => {
                self.expr(key)?;
                self.expr(value)?;
                self.emit(Op::MapAdd(depth));
            }
            Comp::Generator(elt) => {
                self.expr(elt)?;
                self.emit(Op::YieldValue);
                self.emit(Op::Pop);
            }
        }
        for (head, exit) in heads.into_iter().rev() {
            self.emit(Op::JumpBack(head as u32));
            match exit {
                Exit::Sync(exit) => self.patch(exit),
                Exit::Async(setup) => self.anext_exit(setup, &[])?,
            }
        }
        if matches!(comp, Comp::Generator(_)) {
            self.load_const(Const::None);
        }
        self.emit(Op::Return);
        let empty = ast::Parameters::default();
        let mut code = self.pop_unit(Some(&empty));
        if let Some(code) = Rc::get_mut(&mut code) {
            code.argcount = 1;
        }
        self.make_function(code, 0);
        self.expr(&first.iter)?;
        // The call, and a traceback through it, is at the comprehension.
        let saved = self.set_loc(range);
        self.emit(if first.is_async {
            Op::GetAIter
        } else {
            Op::GetIter
        });
        self.emit(Op::Call(1));
        if awaited {
            self.emit(Op::GetAwaitable);
            self.load_const(Const::None);
            self.emit(Op::YieldFrom);
        }
        self.restore_loc(saved);
        Ok(())
    }

    fn fstring(&mut self, f: &ast::ExprFString) -> CResult {
        let mut parts = 0;
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(lit) => {
                    self.load_const(Const::Str(Rc::from(&*lit.value)));
                    parts += 1;
                }
                ast::FStringPart::FString(fs) => {
                    parts += self.fstring_elements(&fs.elements)?;
                }
            }
        }
        if parts != 1 {
            self.emit(Op::BuildString(parts));
        }
        Ok(())
    }

    fn fstring_elements(&mut self, elements: &ast::InterpolatedStringElements) -> CResult<u32> {
        let mut parts = 0;
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(lit) => {
                    self.load_const(Const::Str(Rc::from(&*lit.value)));
                    parts += 1;
                }
                ast::InterpolatedStringElement::Interpolation(e) => {
                    let mut conversion = match e.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(debug) = &e.debug_text {
                        let text = format!(
                            "{}{}{}",
                            debug.leading(),
                            debug.expression(),
                            debug.trailing()
                        );
                        self.load_const(Const::Str(Rc::from(text.as_str())));
                        parts += 1;
                        if conversion == 0 && e.format_spec.is_none() {
                            conversion = 2;
                        }
                    }
                    self.expr(&e.expression)?;
                    let has_spec = match &e.format_spec {
                        Some(spec) => {
                            let n = self.fstring_elements(&spec.elements)?;
                            if n != 1 {
                                self.emit(Op::BuildString(n));
                            }
                            true
                        }
                        None => false,
                    };
                    self.emit(Op::FormatValue(conversion, has_spec));
                    parts += 1;
                }
            }
        }
        if parts == 0 {
            self.load_const(Const::Str(Rc::from("")));
            parts = 1;
        }
        Ok(parts)
    }
}

#[derive(Clone, Copy)]
enum Seq {
    List,
    Tuple,
    Set,
}

#[derive(Clone, Copy)]
enum Comp<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Generator(&'a Expr),
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::Or,
        ast::Operator::BitXor => BinOp::Xor,
        ast::Operator::BitAnd => BinOp::And,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

/// Parses an int literal as written (`123`, `0x1F`, `0o17`, `0b101`), underscores removed.
pub fn parse_int_literal(text: &str) -> Option<num_bigint::BigInt> {
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(rest) = lower.strip_prefix("0x") {
        (rest, 16)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (rest, 8)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (rest, 2)
    } else {
        (lower.as_str(), 10)
    };
    num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix)
}

/// How a comprehension's loop level ends: `FOR_ITER`'s exit, or the handler of an
/// `async for` step.
enum Exit {
    Sync(usize),
    Async(usize),
}

/// Whether a comprehension is asynchronous, as CPython decides: an `async for` in it,
/// or an `await` (or an asynchronous comprehension) in its element or conditions, or in
/// an iterable after the first (the first is evaluated outside it).
fn comprehension_is_async(generators: &[ast::Comprehension], comp: &Comp) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Awaits(bool);
    impl<'a> Visitor<'a> for Awaits {
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Await(_) => self.0 = true,
                Expr::Lambda(_) => {}
                // An inner generator expression with `await` is an async generator, not
                // awaited here; only its first iterable is evaluated in this one.
                Expr::Generator(inner) => {
                    if let Some(first) = inner.generators.first() {
                        self.visit_expr(&first.iter);
                    }
                }
                Expr::ListComp(ast::ExprListComp { generators, .. })
                | Expr::SetComp(ast::ExprSetComp { generators, .. })
                | Expr::DictComp(ast::ExprDictComp { generators, .. })
                    if generators.iter().any(|g| g.is_async) =>
                {
                    self.0 = true
                }
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    if generators.iter().any(|g| g.is_async) {
        return true;
    }
    let mut awaits = Awaits(false);
    for (i, generator) in generators.iter().enumerate() {
        if i > 0 {
            awaits.visit_expr(&generator.iter);
        }
        for condition in &generator.ifs {
            awaits.visit_expr(condition);
        }
    }
    match comp {
        Comp::List(elt) | Comp::Set(elt) | Comp::Generator(elt) => awaits.visit_expr(elt),
        Comp::Dict(key, value) => {
            awaits.visit_expr(key);
            awaits.visit_expr(value);
        }
    }
    awaits.0
}

/// Whether CPython's AST optimiser folds `e` into a constant: literals, a sign on a
/// number, and tuples of constants.
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::EllipsisLiteral(_) => true,
        Expr::UnaryOp(u) => {
            matches!(
                u.op,
                ruff_python_ast::UnaryOp::USub | ruff_python_ast::UnaryOp::UAdd
            ) && matches!(&*u.operand, Expr::NumberLiteral(_))
        }
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        _ => false,
    }
}
