// Interleave's Python editor: CodeMirror 6, bundled by build.mjs into one ES module
// (dist/codemirror.js) that the page imports only when a learner first edits code.
//
// API (everything the Rust side binds through wasm-bindgen):
//
//   createEditor(parent, { doc, label, describedBy?, errorMessageId?, onChange }) -> handle
//   handle.getDoc() -> string
//   handle.setDoc(text)                      // no onChange; resets undo history and marks
//   handle.setErrorLine(line)                // 1-based; 0 (or anything invalid) clears
//   handle.setStepLines([{ line, colour, name }, ...])   // [] clears
//   handle.focus()
//   handle.destroy()
//
// Marks: setErrorLine puts a "!" (span.cm-error-marker) in a gutter of its own between
// the line numbers and the text, the class cm-error-line on the line, cm-error-gutter-line on its
// gutter cells, and aria-invalid="true" on the content element. setStepLines puts the
// class cm-step-line and style "--step-colour: <colour>" on each marked line (the first
// mark's colour when several share a line) and, at the line's end, one widget
// span.cm-step-tags (aria-hidden) holding a span.cm-step-tag per mark, text = its name.
// Both kinds of mark follow their line through the learner's edits; setDoc clears them.
//
// Keyboard: Tab indents and Shift-Tab dedents the cursor's lines by four spaces
// (wherever the cursor is in the line); Enter keeps or adds indentation; Ctrl/Cmd-Z
// undoes, Shift-Ctrl/Cmd-Z and Ctrl-Y redo; Ctrl/Cmd-/ toggles a comment; the rest of
// CodeMirror's default keymap applies, without Ctrl-m. Escape, then Tab (or
// Shift-Tab), moves focus out of the editor: Escape arms this until the next key other
// than Tab or a modifier, a click in the editor, or the editor losing focus, with no
// time limit (CodeMirror's own Escape rule lasts only two seconds; this one is longer
// so that a slow typist or a screen-reader user is never trapped).
//
// Colours and fonts come from the page's custom properties (--bg-code, --fg, --fg-soft,
// --border, --focus, --danger, --danger-soft, --code-*, --mono), so the light and dark
// schemes follow the page.

import { EditorState, StateEffect, StateField, RangeSetBuilder, RangeSet } from "@codemirror/state";
import {
  EditorView,
  Decoration,
  WidgetType,
  GutterMarker,
  ViewPlugin,
  keymap,
  lineNumbers,
  gutter,
  gutterLineClass,
} from "@codemirror/view";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
  toggleTabFocusMode,
} from "@codemirror/commands";
import {
  LanguageSupport,
  HighlightStyle,
  syntaxHighlighting,
  syntaxTree,
  indentOnInput,
  indentUnit,
  bracketMatching,
} from "@codemirror/language";
// Only the language, not python(): python() adds completion sources, which would
// pull @codemirror/autocomplete into the bundle for a feature the page does not use.
import { pythonLanguage } from "@codemirror/lang-python";
import { styleTags, tags as t } from "@lezer/highlight";

// ---- Highlighting -------------------------------------------------------------------

// The same hues as the page's highlight.js classes (style/main.css).
const pythonHighlightStyle = HighlightStyle.define([
  { tag: t.comment, color: "var(--code-comment)", fontStyle: "italic" },
  { tag: [t.keyword, t.meta], color: "var(--code-keyword)" },
  { tag: [t.string, t.escape], color: "var(--code-string)" },
  { tag: [t.number, t.bool, t.null], color: "var(--code-number)" },
  {
    tag: [t.function(t.definition(t.variableName)), t.definition(t.className)],
    color: "var(--code-title)",
  },
]);

// A decorator's name is coloured like its "@", as highlight.js does.
const python = new LanguageSupport(
  pythonLanguage.configure({
    props: [styleTags({ "Decorator/VariableName Decorator/.": t.meta })],
  }),
);

// Python's built-in functions (highlight.js's list), coloured --code-builtin. The
// grammar has no node for them, so a small plugin marks them by name.
const BUILTINS = new Set(
  (
    "__import__ abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr " +
    "classmethod compile complex delattr dict dir divmod enumerate eval exec filter float " +
    "format frozenset getattr globals hasattr hash help hex id input int isinstance " +
    "issubclass iter len list locals map max memoryview min next object oct open ord pow " +
    "print property range repr reversed round set setattr slice sorted staticmethod str " +
    "sum super tuple type vars zip"
  ).split(" "),
);
const builtinMark = Decoration.mark({ class: "cm-builtin" });

function builtinDecorations(view) {
  const builder = new RangeSetBuilder();
  const tree = syntaxTree(view.state);
  for (const { from, to } of view.visibleRanges) {
    tree.iterate({
      from,
      to,
      enter(node) {
        if (
          (node.name === "VariableName" || node.name === "print") &&
          BUILTINS.has(view.state.sliceDoc(node.from, node.to))
        ) {
          builder.add(node.from, node.to, builtinMark);
        }
      },
    });
  }
  return builder.finish();
}

const builtinHighlighter = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = builtinDecorations(view);
    }
    update(update) {
      if (
        update.docChanged ||
        update.viewportChanged ||
        syntaxTree(update.startState) !== syntaxTree(update.state)
      ) {
        this.decorations = builtinDecorations(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// ---- The error line -------------------------------------------------------------------

class ErrorMarker extends GutterMarker {
  toDOM() {
    const span = document.createElement("span");
    span.className = "cm-error-marker";
    span.textContent = "!";
    return span;
  }
}
const errorMarker = new ErrorMarker();
// A class for every gutter cell of the error line (the number turns red too).
const errorGutterLine = new (class extends GutterMarker {
  constructor() {
    super();
    this.elementClass = "cm-error-gutter-line";
  }
})();
const errorLineDecoration = Decoration.line({ class: "cm-error-line" });

const setErrorEffect = StateEffect.define();

// The value is the position of the start of the marked line (mapped through edits, so
// the mark stays on its line while the learner types elsewhere), or -1.
const errorField = StateField.define({
  create: () => -1,
  update(pos, tr) {
    if (pos >= 0 && tr.docChanged) pos = tr.newDoc.lineAt(tr.changes.mapPos(pos, -1)).from;
    for (const effect of tr.effects) if (effect.is(setErrorEffect)) pos = effect.value;
    return pos;
  },
  provide: (field) => [
    EditorView.decorations.from(field, (pos) =>
      pos < 0 ? Decoration.none : Decoration.set([errorLineDecoration.range(pos)]),
    ),
    gutterLineClass.from(field, (pos) =>
      pos < 0 ? RangeSet.empty : RangeSet.of([errorGutterLine.range(pos)]),
    ),
    EditorView.contentAttributes.from(field, (pos) => ({
      "aria-invalid": pos < 0 ? "false" : "true",
    })),
  ],
});

const errorGutter = gutter({
  class: "cm-error-gutter",
  markers: (view) => {
    const pos = view.state.field(errorField);
    return pos < 0 ? RangeSet.empty : RangeSet.of([errorMarker.range(pos)]);
  },
});

// ---- Step lines -----------------------------------------------------------------------

// A colour goes into a style attribute, so only a real CSS colour (a name, #hex, rgb(),
// var(--x), ...) is let through; anything else falls back to the soft text colour.
function safeColour(colour) {
  const text = String(colour ?? "").trim();
  if (text && !/[;{}<>"'\\]/.test(text) && globalThis.CSS?.supports?.("color", text)) return text;
  return "var(--fg-soft)";
}

// The tags of one line, in one widget at its end: <span class="cm-step-tags"> holding a
// <span class="cm-step-tag"> per mark.
class StepTags extends WidgetType {
  constructor(tags) {
    super();
    this.tags = tags; // [{ name, colour }]
  }
  eq(other) {
    return (
      other.tags.length === this.tags.length &&
      other.tags.every((tag, i) => tag.name === this.tags[i].name && tag.colour === this.tags[i].colour)
    );
  }
  toDOM() {
    const wrap = document.createElement("span");
    wrap.className = "cm-step-tags";
    // The tags picture the step-through's state; they are not part of the program's
    // text, so keep them out of what a screen reader reads as the editor's value.
    wrap.setAttribute("aria-hidden", "true");
    for (const { name, colour } of this.tags) {
      const tag = document.createElement("span");
      tag.className = "cm-step-tag";
      tag.textContent = name;
      tag.style.setProperty("--step-colour", colour);
      wrap.append(tag);
    }
    return wrap;
  }
}

const setStepsEffect = StateEffect.define();

// The value: [{ pos (a line's start), colour, name }], mapped through edits.
const stepField = StateField.define({
  create: () => [],
  update(marks, tr) {
    if (marks.length && tr.docChanged) {
      marks = marks.map((m) => ({
        ...m,
        pos: tr.newDoc.lineAt(tr.changes.mapPos(m.pos, -1)).from,
      }));
    }
    for (const effect of tr.effects) if (effect.is(setStepsEffect)) marks = effect.value;
    return marks;
  },
  provide: (field) =>
    EditorView.decorations.compute([field], (state) => {
      const marks = state.field(field);
      if (!marks.length) return Decoration.none;
      // Marks by line, in the order given: the line takes the first mark's colour, and
      // every mark gets a tag.
      const byLine = new Map();
      for (const mark of marks) {
        const line = state.doc.lineAt(mark.pos);
        if (!byLine.has(line.from)) byLine.set(line.from, { line, tags: [] });
        byLine.get(line.from).tags.push({ name: mark.name, colour: mark.colour });
      }
      const ranges = [];
      for (const { line, tags } of byLine.values()) {
        ranges.push(
          Decoration.line({
            class: "cm-step-line",
            attributes: { style: `--step-colour: ${tags[0].colour}` },
          }).range(line.from),
          Decoration.widget({ widget: new StepTags(tags), side: 1 }).range(line.to),
        );
      }
      return Decoration.set(ranges, true);
    }),
});

// ---- Escape, then Tab, leaves the editor ---------------------------------------------

const MODIFIERS = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock", "OS"]);

function escapeThenTabLeaves() {
  // CodeMirror skips its Tab bindings while its tab-focus mode is on. Escape turns it on
  // (mode "true" has no time limit); this turns it off again at the next key that is not
  // Tab or a modifier, at a click, and when the editor loses focus.
  let armed = false;
  const disarm = (view) => {
    if (armed) {
      armed = false;
      view.setTabFocusMode(false);
    }
  };
  return EditorView.domEventObservers({
    keydown(event, view) {
      if (event.key === "Escape") {
        armed = true;
        view.setTabFocusMode(true);
      } else if (event.key !== "Tab" && !MODIFIERS.has(event.key)) {
        disarm(view);
      }
    },
    mousedown(_event, view) {
      disarm(view);
    },
    blur(_event, view) {
      disarm(view);
    },
  });
}

// ---- Theme -----------------------------------------------------------------------------

const LINE_HEIGHT = 1.45; // as the page's <pre> and textarea editor
const PAD_Y = "0.5rem";

const theme = EditorView.theme({
  "&": {
    color: "var(--fg)",
    backgroundColor: "var(--bg-code)",
    border: "1px solid var(--border)",
    borderRadius: "var(--radius, 8px)",
    fontSize: "0.88rem",
    // Grows with the text up to 40 lines, then scrolls.
    maxHeight: `calc(40 * ${LINE_HEIGHT}em + 2 * ${PAD_Y} + 2px)`,
  },
  "&.cm-focused": {
    outline: "3px solid var(--focus)",
    outlineOffset: "2px",
  },
  ".cm-scroller": {
    fontFamily: "var(--mono, monospace)",
    lineHeight: String(LINE_HEIGHT),
    overflow: "auto",
    borderRadius: "inherit",
  },
  // At least 8 lines tall.
  ".cm-content, .cm-gutter": {
    minHeight: `calc(8 * ${LINE_HEIGHT}em + 2 * ${PAD_Y})`,
  },
  ".cm-content": {
    padding: `${PAD_Y} 0`,
    caretColor: "var(--fg)",
  },
  ".cm-line": {
    padding: "0 0.9rem 0 0.6rem",
  },
  ".cm-gutters": {
    backgroundColor: "var(--bg-code)",
    color: "var(--fg-soft)",
    borderRight: "1px solid var(--border)",
    borderRadius: "inherit",
    borderTopRightRadius: "0",
    borderBottomRightRadius: "0",
  },
  ".cm-lineNumbers .cm-gutterElement": {
    padding: "0 0.5rem 0 0.2rem",
    minWidth: "2.2em",
  },
  ".cm-error-gutter": {
    width: "1.5em",
  },
  ".cm-error-gutter .cm-gutterElement": {
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
  },
  ".cm-error-marker": {
    display: "inline-block",
    width: "1.15em",
    height: "1.15em",
    lineHeight: "1.15em",
    borderRadius: "50%",
    textAlign: "center",
    fontWeight: "700",
    fontSize: "0.9em",
    color: "var(--bg-code)",
    backgroundColor: "var(--danger)",
  },
  ".cm-gutterElement.cm-error-gutter-line": {
    color: "var(--danger)",
    backgroundColor: "var(--danger-soft)",
    fontWeight: "700",
  },
  ".cm-builtin, .cm-builtin *": {
    color: "var(--code-builtin)",
  },
  // A step line: a stripe and a light wash of its lane's colour. An error line is
  // washed red instead (its rule comes later), keeping the stripe.
  ".cm-step-line": {
    boxShadow: "inset 4px 0 0 var(--step-colour)",
    backgroundColor: "color-mix(in srgb, var(--step-colour) 14%, transparent)",
  },
  ".cm-error-line": {
    backgroundColor: "var(--danger-soft)",
  },
  ".cm-step-tags": {
    display: "inline-flex",
    gap: "0.3ch",
    // Opaque, so that text under tags kept in view (below) never shows between them.
    backgroundColor: "var(--bg-code)",
    borderRadius: "4px",
    marginLeft: "1.5ch",
    verticalAlign: "baseline",
    // On a line wider than the editor (a phone), the tags stay in view at the right
    // edge, over the end of the visible text, instead of off past the scroll.
    position: "sticky",
    right: "0.25rem",
  },
  ".cm-step-tag": {
    display: "inline-block",
    padding: "0 0.45em",
    border: "1px solid var(--step-colour)",
    borderLeftWidth: "0.4em",
    borderRadius: "4px",
    color: "var(--fg)",
    backgroundColor: "var(--bg-code)",
    fontFamily: "var(--font, system-ui, sans-serif)",
    fontSize: "0.85em",
    fontWeight: "600",
    lineHeight: "1.25",
    whiteSpace: "nowrap",
  },
  "&.cm-focused .cm-matchingBracket": {
    outline: "1px solid var(--fg-soft)",
  },
});

// ---- The editor ------------------------------------------------------------------------

const keys = [
  // Ctrl-m (CodeMirror's permanent tab-focus toggle) is left out: Escape then Tab is the
  // one way out, the one the page's help text names.
  ...defaultKeymap.filter((binding) => binding.run !== toggleTabFocusMode),
  ...historyKeymap,
  indentWithTab,
];

/**
 * Make an editor in `parent` (appended as its last child).
 * @param {HTMLElement} parent
 * @param {{doc: string, label: string, describedBy?: string, errorMessageId?: string,
 *          onChange: (doc: string) => void}} options
 */
export function createEditor(parent, options) {
  const opts = options || {};
  const onChange = typeof opts.onChange === "function" ? opts.onChange : () => {};
  // tabindex 0 on the (already focusable) content: axe's scrollable-region rule does
  // not count a contenteditable as focusable, and a long line makes the scroller scroll.
  const attributes = { "aria-label": String(opts.label ?? "Python code"), tabindex: "0" };
  if (opts.describedBy) attributes["aria-describedby"] = String(opts.describedBy);
  if (opts.errorMessageId) attributes["aria-errormessage"] = String(opts.errorMessageId);

  const extensions = [
    lineNumbers(),
    errorGutter,
    history(),
    indentUnit.of("    "),
    EditorState.tabSize.of(4),
    python,
    syntaxHighlighting(pythonHighlightStyle),
    builtinHighlighter,
    indentOnInput(),
    bracketMatching(),
    escapeThenTabLeaves(),
    keymap.of(keys),
    errorField,
    stepField,
    EditorView.contentAttributes.of(attributes),
    // setDoc replaces the whole state (see below), so every document change that
    // reaches this listener is the learner's: typing, paste, cut, drop, undo, redo.
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
    theme,
  ];

  const makeState = (doc) => EditorState.create({ doc: String(doc ?? ""), extensions });
  let view = new EditorView({ state: makeState(opts.doc), parent });

  const lineStart = (line) => {
    const doc = view.state.doc;
    return Number.isInteger(line) && line >= 1 && line <= doc.lines ? doc.line(line).from : -1;
  };

  return {
    getDoc() {
      return view ? view.state.doc.toString() : "";
    },
    // Replaces the document without calling onChange. It starts afresh: the undo
    // history is emptied (Ctrl-Z cannot bring the old text back), the cursor goes to
    // the start, and the error line and step lines are cleared (set them again after).
    // Text equal to the current document changes nothing (no reset), so echoing the
    // editor's own text back costs nothing.
    setDoc(text) {
      if (!view) return;
      const doc = String(text ?? "");
      if (doc === view.state.doc.toString()) return;
      view.setState(makeState(doc));
    },
    setErrorLine(line) {
      if (!view) return;
      view.dispatch({ effects: setErrorEffect.of(lineStart(line)) });
    },
    setStepLines(marks) {
      if (!view) return;
      const list = [];
      for (const mark of Array.from(marks ?? [])) {
        if (!mark) continue;
        const pos = lineStart(mark.line);
        if (pos < 0) continue;
        list.push({
          pos,
          colour: safeColour(mark.colour ?? mark.color),
          name: String(mark.name ?? ""),
        });
      }
      view.dispatch({ effects: setStepsEffect.of(list) });
    },
    focus() {
      if (view) view.focus();
    },
    destroy() {
      if (view) {
        view.destroy();
        view = null;
      }
    },
  };
}
