//! The compiled form of a program: compact instructions that remember their source range.
//!
//! [`crate::interp::compile`] lowers Ruff's AST into one [`Code`] per function body (and
//! one for the module), as CPython compiles to bytecode. The eval loop in
//! [`crate::interp::vm`] runs these over explicit frames, which is what lets a coroutine
//! suspend at any `await`, a thread be switched out between two instructions, and deep
//! recursion raise `RecursionError` instead of overflowing the host's stack.

use num_bigint::BigInt;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Where an instruction came from: 1-based line, and the columns (0-based, in characters)
/// of the expression or statement it belongs to on that line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loc {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

/// A constant an instruction can load.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    /// A nested function or class body.
    Code(Rc<Code>),
    /// Names of keyword arguments of one call, in order.
    Names(Rc<[Rc<str>]>),
    /// A tuple of constants. The compiler does not fold `(1, 2)` into one; these come
    /// from a program template's slots ([`crate::template`]).
    Tuple(Rc<[Const]>),
    /// A list display of constants, `[("A", 0.3), ("B", 0.1)]`, from a template's slot:
    /// each load builds a new list, as evaluating the display does.
    List(Rc<[Const]>),
}

impl Const {
    /// What a load of this constant costs beyond one instruction: a tuple or list a
    /// template filled in costs what its display would, one instruction per item
    /// and one to build each container, so a filled program runs as its text does.
    pub fn extra_cost(&self) -> u64 {
        match self {
            Const::Tuple(items) | Const::List(items) => {
                items.iter().map(|item| 1 + item.extra_cost()).sum()
            }
            _ => 0,
        }
    }

    /// The value a load of this constant pushes.
    pub fn value(&self) -> crate::interp::value::Value {
        use crate::interp::value::Value;
        match self {
            Const::None => Value::None,
            Const::Bool(b) => Value::Bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::BigInt(b) => Value::BigInt(b.clone()),
            Const::Float(f) => Value::Float(*f),
            Const::Str(s) => Value::Str(s.clone()),
            Const::Names(names) => {
                Value::tuple(names.iter().map(|n| Value::Str(n.clone())).collect())
            }
            Const::Tuple(items) => Value::tuple(items.iter().map(Const::value).collect()),
            Const::List(items) => Value::list(items.iter().map(Const::value).collect()),
            Const::Code(_) => Value::None,
        }
    }
}

/// Binary operators, shared by `a + b` and `a += b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinOp {
    /// The operator as Python spells it, for `TypeError: unsupported operand type(s) for +`.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }

    /// The special method a class defines for the operator.
    pub fn dunder(self) -> &'static str {
        match self {
            BinOp::Add => "__add__",
            BinOp::Sub => "__sub__",
            BinOp::Mul => "__mul__",
            BinOp::MatMul => "__matmul__",
            BinOp::Div => "__truediv__",
            BinOp::FloorDiv => "__floordiv__",
            BinOp::Mod => "__mod__",
            BinOp::Pow => "__pow__",
            BinOp::LShift => "__lshift__",
            BinOp::RShift => "__rshift__",
            BinOp::And => "__and__",
            BinOp::Or => "__or__",
            BinOp::Xor => "__xor__",
        }
    }
}

/// Comparison operators (`in` and `is` have their own instructions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn dunder(self) -> &'static str {
        match self {
            CmpOp::Eq => "__eq__",
            CmpOp::Ne => "__ne__",
            CmpOp::Lt => "__lt__",
            CmpOp::Le => "__le__",
            CmpOp::Gt => "__gt__",
            CmpOp::Ge => "__ge__",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnOp {
    Neg,
    Pos,
    Invert,
    Not,
}

/// How `raise` was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RaiseKind {
    /// Bare `raise`: re-raise the exception being handled.
    Reraise,
    /// `raise exc`.
    Raise,
    /// `raise exc from cause`.
    RaiseFrom,
}

/// One instruction. Jump targets are instruction indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Nop,
    Pop,
    /// Duplicates the top of the stack.
    Dup,
    /// Duplicates the top two values, keeping their order.
    Dup2,
    /// Swaps the top two values.
    Rot2,
    /// Lifts the second and third values over the top: `a b c` -> `c a b`.
    Rot3,
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// A cell or free variable (captured by a closure), by index into the frame's cells.
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Pushes the cell itself, to build a closure.
    LoadClosure(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Names in a class body: the class namespace, then globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    LoadAttr(u32),
    /// `obj.name` about to be called: pushes the function and `obj` (a method found
    /// on the class), or a null marker and the attribute.
    LoadMethod(u32),
    /// Calls what [`Op::LoadMethod`] pushed with `n` arguments above it.
    CallMethod(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    /// `a[b:c]` or `a[b:c:d]`: pops that many parts.
    BuildSlice(u8),
    Binary(BinOp),
    Inplace(BinOp),
    Unary(UnOp),
    Compare(CmpOp),
    /// `in` (false) and `not in` (true).
    Contains(bool),
    /// `is` (false) and `is not` (true).
    Is(bool),
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// A display of more than two constants, `{1, 2, 3}`: CPython folds it into a
    /// frozenset constant and copies that, which can lay the table out differently.
    BuildConstSet(u32),
    /// Pops 2n values: key, value, key, value, ...
    BuildMap(u32),
    /// Pops n strings and joins them (f-strings).
    BuildString(u32),
    /// Appends TOS to the list that sits `depth` below it (comprehensions, `[*a, b]`).
    ListAppend(u32),
    ListExtend(u32),
    SetAdd(u32),
    SetUpdate(u32),
    /// Pops value and key; stores them in the dict `depth` below.
    MapAdd(u32),
    DictUpdate(u32),
    /// Converts TOS for an f-string: 0 none, 1 `!s`, 2 `!r`, 3 `!a`; `true` if a format
    /// spec string sits above the value.
    FormatValue(u8, bool),
    UnpackSequence(u32),
    /// `a, *b, c = ...`: (before the star, after it).
    UnpackEx(u32, u32),
    Jump(u32),
    /// A jump back to a loop's head: one of the places CPython 3.11 checks whether to
    /// switch threads.
    JumpBack(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// `and`: jumps with the value kept if it is false, else pops it.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Pushes the iterator's next value, or pops the iterator and jumps when it is done.
    ForIter(u32),
    /// `async for`: awaits `__anext__`, ending the loop on `StopAsyncIteration`.
    GetAIter,
    /// `async for`: replaces nothing; pushes the awaitable of `TOS.__anext__()`.
    GetANext,
    /// `await x`: replaces TOS by the iterator that drives it.
    GetAwaitable,
    /// Sends TOS into the iterator below it (`yield from` / `await`) until it returns.
    YieldFrom,
    YieldValue,
    Return,
    /// `f(a, b)`: the callable sits below `n` arguments.
    Call(u32),
    /// `f(a, k=b)`: TOS is the tuple of keyword names (a `Const::Names`), below it the
    /// positional then keyword values, below them the callable.
    CallKw(u32),
    /// `f(*args, **kwargs)`: the callable, a tuple, and (if the flag is set) a dict.
    CallEx(bool),
    /// Builds a function from the code constant at the index. The flags say what sits on
    /// the stack below it, bottom to top: bit 0 a tuple of defaults, bit 1 a dict of
    /// keyword-only defaults, bit 3 a dict of annotations, bit 2 a tuple of cells.
    MakeFunction(u32, u8),
    /// Runs a class body (the function on TOS) with its name and bases below it.
    BuildClass(u32),
    /// Pushes a handler: an exception unwinds the stack to its height and jumps there.
    SetupExcept(u32),
    PopBlock,
    /// Ends an `except` clause: pops the handled exception and restores the one before.
    PopExcept,
    /// Marks the start of an `except` clause: the exception on TOS becomes the one being
    /// handled (for bare `raise` and for `__context__`).
    EnterExcept,
    Raise(RaiseKind),
    /// Re-raises the exception on TOS (end of a `finally` or an unmatched `except`).
    Reraise,
    /// `except T:`: pops T and pushes whether the exception below matches it.
    ExcMatch,
    /// `except* T:`: splits the exception group on TOS-1 by T, pushing the rest and
    /// the match (or None).
    ExcStarMatch,
    /// After the `except*` clauses: raises what is left of the group, if anything.
    ExcStarReraise,
    /// `import name`: pushes the module.
    ImportName(u32),
    /// `from module import name`: pushes `module.name`, keeping the module.
    ImportFrom(u32),
    /// `assert`: raises `AssertionError` with the message on TOS if the flag says there is one.
    LoadAssertionError,
    /// Enters a `with` block: the context manager on TOS is replaced by its bound
    /// `__exit__` and then the result of `__enter__`.
    BeforeWith,
    /// `async with`: like [`Op::BeforeWith`] with `__aenter__`/`__aexit__`; the result
    /// still has to be awaited.
    BeforeAsyncWith,
    /// Calls `__exit__(type, value, tb)` for the exception on TOS (below it the bound
    /// `__exit__`) and pushes its result.
    WithExcept,
}

/// The compiled body of a module, function, lambda, comprehension or class.
#[derive(Debug, Serialize, Deserialize)]
pub struct Code {
    /// `<module>`, the function's name, `<lambda>`, `<listcomp>`, ...
    pub name: Rc<str>,
    /// Dotted name, as in `Outer.method` (for `repr` of functions).
    pub qualname: Rc<str>,
    pub ops: Vec<Op>,
    /// Parallel to `ops`: where each instruction came from.
    pub locs: Vec<Loc>,
    pub consts: Vec<Const>,
    /// Global, attribute and import names used by the instructions.
    pub names: Vec<Rc<str>>,
    /// Fast locals: parameters first, in order, then other local names.
    pub varnames: Vec<Rc<str>>,
    /// Cell variables (locals captured by inner functions) then free variables.
    pub cellnames: Vec<Rc<str>>,
    /// How many of `cellnames` are this code's own cells (the rest are free).
    pub ncells: usize,
    /// For each own cell that is also a parameter, the parameter's local index.
    pub cell_params: Vec<(usize, usize)>,
    pub argcount: usize,
    /// How many of the positional parameters are positional-only (before `/`).
    pub posonlyargcount: usize,
    pub kwonlyargcount: usize,
    pub has_varargs: bool,
    pub has_varkw: bool,
    pub kind: CodeKind,
    /// The line of the `def` (for `defined at FILE:LINE`).
    pub first_line: u32,
    /// Which file the code came from: the learner's program or a bundled module.
    pub file: Rc<str>,
    /// Where each instruction found its name last time (an inline cache).
    #[serde(skip)]
    pub hints: Hints,
}

/// Per instruction, the index in a namespace where its name was found last time: a
/// global in the module's dict, an attribute in an instance's (instances of one class
/// mostly share their dicts' order). A name is still compared before the slot is used,
/// so a wrong hint costs one comparison, never a wrong value.
#[derive(Debug, Default)]
pub struct Hints(std::cell::OnceCell<Box<[std::cell::Cell<u32>]>>);

impl Code {
    /// The hint of the instruction at `ip`.
    pub fn hint(&self, ip: usize) -> &std::cell::Cell<u32> {
        let hints = self.hints.0.get_or_init(|| {
            (0..self.ops.len().max(1))
                .map(|_| std::cell::Cell::new(u32::MAX))
                .collect()
        });
        &hints[ip.min(hints.len() - 1)]
    }
}

/// What kind of body a [`Code`] is; it decides what calling it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeKind {
    Module,
    Function,
    /// A `def` with `yield`: calling it makes a generator.
    Generator,
    /// An `async def`: calling it makes a coroutine.
    Coroutine,
    /// An `async def` with `yield`: an async generator, driven by `async for`.
    AsyncGenerator,
    Class,
}

impl Code {
    /// The source location of instruction `ip` (or of the last one).
    pub fn loc(&self, ip: usize) -> Loc {
        self.locs
            .get(ip)
            .or_else(|| self.locs.last())
            .copied()
            .unwrap_or_default()
    }
}

/// Why a program cannot run: a syntax error, or a construct this page does not run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileError {
    pub kind: CompileErrorKind,
    /// 1-based line and column (in characters) of the offending code.
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompileErrorKind {
    /// CPython would refuse it too: `SyntaxError`.
    Syntax,
    /// Valid Python that this interpreter does not run.
    Unsupported,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            CompileErrorKind::Syntax => write!(
                f,
                "SyntaxError: {} (line {}, column {})",
                self.message, self.line, self.col
            ),
            CompileErrorKind::Unsupported => write!(f, "{} (line {})", self.message, self.line),
        }
    }
}
