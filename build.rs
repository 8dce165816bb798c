//! Renders the lesson Markdown in `src/lessons/` to HTML at build time.
//!
//! Lesson prose is content, not code: contributors write Markdown, and this script turns
//! it into a table of `LessonPage`s (slug and title) that `src/lessons.rs` includes, and
//! one body file per page (`src/lesson_body.rs`) that the page fetches when it opens.
//! Rendering here rather than in the page keeps the Markdown parser out of the
//! WebAssembly bundle, and keeping the prose out of the bundle means a first visit
//! carries one lesson's text, not thirteen.
//!
//! Conventions a lesson file follows (see CONTRIBUTING in the README):
//! - the file name is `NN-slug.md`; `NN` orders the lessons and `slug` is the URL path;
//! - the first line is `# Title`, the page's only `<h1>`;
//! - a line `<!-- simulation -->` marks where the interactive panel goes;
//! - a line `<!-- include: name.svg -->` inlines `src/lessons/name.svg` as a figure.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

// The panels' parameters (pure Rust): the lessons' defaults are predicted here.
#[allow(dead_code)]
#[path = "src/panel/params.rs"]
mod params;

const SIMULATION_MARKER: &str = "<!-- simulation -->";
const INCLUDE_PREFIX: &str = "<!-- include: ";

// What a page's body file holds (shared with the page).
#[allow(dead_code)]
#[path = "src/lesson_body.rs"]
mod lesson_body;

use lesson_body::{Body, Section};

fn main() {
    let lessons_dir = Path::new("src/lessons");
    println!("cargo:rerun-if-changed=src/lessons");

    let defaults = compile_programs(&lessons_dir.join("programs"));
    list_corpus(Path::new("core/tests/programs"));

    let mut files: Vec<_> = fs::read_dir(lessons_dir)
        .expect("src/lessons must exist")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();

    let mut generated = String::from("&[\n");
    let mut bodies: Vec<(String, Body)> = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let slug = slug_from_file_name(&file_name)
            .unwrap_or_else(|| panic!("{file_name}: lesson files are named NN-slug.md"));
        let markdown = fs::read_to_string(path).expect("readable lesson file");
        let title = title_of(&markdown)
            .unwrap_or_else(|| panic!("{file_name}: the first line must be `# Title`"));

        let mut sections = Vec::new();
        let has_panel = markdown.contains(SIMULATION_MARKER);
        for (index, part) in markdown.split(SIMULATION_MARKER).enumerate() {
            if index > 0 {
                sections.push(Section::Simulation);
            }
            let expanded = expand_includes(part, lessons_dir, &file_name);
            let rendered = render_lesson_markdown(&expanded, has_panel);
            if !rendered.trim().is_empty() {
                sections.push(Section::Html(rendered));
            }
        }
        let prediction = params::simulation_kind(&slug).map(|kind| {
            let file = params::program_file(kind);
            defaults
                .iter()
                .find(|(name, _, _)| name == file)
                .map(|(_, text, run)| (text.clone(), run.clone()))
                .unwrap_or_else(|| panic!("{file_name}: no default prediction for {file}"))
        });
        writeln!(
            generated,
            "    LessonPage {{ slug: {slug:?}, title: {title:?} }},"
        )
        .unwrap();
        bodies.push((
            slug,
            Body {
                sections,
                prediction,
            },
        ));
    }
    generated.push(']');

    let out_dir = env::var("OUT_DIR").unwrap();
    let out = Path::new(&out_dir).join("lesson_pages.rs");
    fs::write(out, generated).expect("writable OUT_DIR");

    // The reference page of what the interpreter runs (`/subset`).
    println!("cargo:rerun-if-changed=src/reference");
    let subset = fs::read_to_string("src/reference/subset.md").expect("src/reference/subset.md");
    bodies.push((
        "subset".to_string(),
        Body {
            sections: vec![Section::Html(render_markdown(&subset))],
            prediction: None,
        },
    ));
    write_bodies(&bodies, Path::new(&out_dir));
}

/// Writes each page body twice: all together into `OUT_DIR/lessons.bin`, which native
/// builds and the browser unit tests include (feature `embedded-lessons`), and one
/// file per page into `lessons/` beside the build's artifacts
/// (`target/<triple>/<profile>/lessons/{slug}.bin`, with `index.txt` listing them for
/// the service worker), which Trunk's post-build hook copies into the site
/// (`Trunk.toml`). The page fetches only the body of the page it opens.
fn write_bodies(bodies: &[(String, Body)], out_dir: &Path) {
    let all = postcard::to_allocvec(bodies).expect("serializable bodies");
    fs::write(out_dir.join("lessons.bin"), all).expect("writable OUT_DIR");
    // OUT_DIR is <profile dir>/build/<package>-<hash>/out.
    let site = out_dir
        .ancestors()
        .nth(3)
        .expect("OUT_DIR lies three levels under the profile's directory")
        .join("lessons");
    fs::create_dir_all(&site).expect("a writable target directory");
    let mut index = String::new();
    for (slug, body) in bodies {
        let bytes = postcard::to_allocvec(body).expect("serializable body");
        // Written whole, then renamed: the page and the workers' builds run this script
        // side by side (their features differ), so one must never read a half-written file.
        let path = site.join(format!("{slug}.bin"));
        let temporary = site.join(format!(".{slug}.bin.{}", std::process::id()));
        fs::write(&temporary, bytes).expect("a writable target directory");
        fs::rename(&temporary, &path).expect("a writable target directory");
        writeln!(index, "/lessons/{slug}.bin").unwrap();
    }
    let temporary = site.join(format!(".index.txt.{}", std::process::id()));
    fs::write(&temporary, index).expect("a writable target directory");
    fs::rename(&temporary, site.join("index.txt")).expect("a writable target directory");
}

/// Compiles the bundled Python modules and every lesson program
/// (`src/lessons/programs/*.py`, with their `$name` markers and `#if` variants) into
/// `OUT_DIR/engine.bin`, so the page runs them without carrying Python's parser
/// (`src/engine.rs`). A program that does not compile fails the build here, at its line.
/// Returns each lesson's program at its defaults and the model's run of it:
/// `(file, text, run)`.
fn compile_programs(dir: &Path) -> Vec<(String, String, interleave_core::sim::Run)> {
    let modules = interleave_core::interp::lib::bundle()
        .unwrap_or_else(|e| panic!("a bundled module does not compile: {e}"));
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("src/lessons/programs must exist")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    files.sort();
    let mut programs = Vec::new();
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).expect("readable lesson program");
        let program = interleave_core::template::Program::compile(&text, "main.py")
            .unwrap_or_else(|e| panic!("src/lessons/programs/{name}: {e}"));
        programs.push((name, program));
    }
    // Each lesson at its defaults, predicted now: the page draws it without loading
    // the interpreter (it travels in the lesson's body file).
    let mut defaults = Vec::new();
    for kind in params::SimulationKind::ALL {
        let file = params::program_file(kind);
        let values = params::Params::defaults(kind)
            .program_values()
            .unwrap_or_else(|e| panic!("{file}: the lesson's defaults are invalid: {e:?}"));
        let program = &programs
            .iter()
            .find(|(name, _)| name == file)
            .unwrap_or_else(|| panic!("no program src/lessons/programs/{file}"))
            .1;
        let (text, code) = program
            .variant(&values.choices())
            .and_then(|template| template.instantiate(&values.literals()))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let run = interleave_core::sim::predict_compiled(code, &text, &Default::default());
        if let Some(why) = &run.stopped {
            panic!("{file}: the model stopped the lesson's default program: {why}");
        }
        defaults.push((file.to_string(), text, run));
    }
    let out_dir = env::var("OUT_DIR").unwrap();
    let bytes = postcard::to_allocvec(&(modules, programs)).expect("serializable programs");
    fs::write(Path::new(&out_dir).join("engine.bin"), bytes).expect("writable OUT_DIR");
    defaults
}

/// The interpreter's differential corpus as `&[(name, source)]`, for the browser test
/// that runs every program live (`tests/live.rs`); nothing in the page includes it.
fn list_corpus(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("core/tests/programs must exist")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    files.sort();
    let mut list = String::from("&[\n");
    for path in files {
        let absolute = fs::canonicalize(&path).expect("a corpus file's path");
        writeln!(
            list,
            "    ({:?}, include_str!({:?})),",
            path.file_name().unwrap().to_string_lossy(),
            absolute.display().to_string()
        )
        .unwrap();
    }
    list.push(']');
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("corpus.rs");
    fs::write(out, list).expect("writable OUT_DIR");
}

/// After every ```` ```python ```` block, links that run it: in the lesson's own panel
/// when it has one ("Run this", which the panel loads into its editor), and in the
/// Playground. The page gives them their `#code=…` once the prose is in the document
/// (`pages::lesson::link_examples`), from the block's own text: written here, the
/// deflated programs would be 16 KB of incompressible text in the page's wasm. A block
/// right after a `<!-- not-run: why -->` comment gets none: it is not a program the
/// interpreter runs whole.
fn with_playground_links<'a>(
    events: impl Iterator<Item = Event<'a>>,
    has_panel: bool,
) -> Vec<Event<'a>> {
    use pulldown_cmark::CodeBlockKind;
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    let mut not_run = false;
    for event in events {
        match &event {
            Event::Html(text) if text.contains("<!-- not-run:") => not_run = true,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &**lang == "python" => {
                code = Some(String::new());
            }
            Event::Text(text) if code.is_some() => {
                if let Some(code) = code.as_mut() {
                    code.push_str(text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(program) = code.take() {
                    out.push(event);
                    if !not_run && !program.trim().is_empty() {
                        let here = if has_panel {
                            "<a class=\"run-here\" href=\"#example\">Run this in the lesson's panel</a> · "
                        } else {
                            ""
                        };
                        let link = format!(
                            "<p class=\"run-this\">{here}<a class=\"to-playground\" href=\"/playground\">Open this program in the Playground</a></p>\n"
                        );
                        out.push(Event::Html(link.into()));
                    }
                    not_run = false;
                    continue;
                }
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => not_run = false,
            _ => {}
        }
        out.push(event);
    }
    out
}

/// `03-gather.md` → `gather`.
fn slug_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name.strip_suffix(".md")?;
    let (order, slug) = stem.split_once('-')?;
    (order.chars().all(|c| c.is_ascii_digit()) && !slug.is_empty()).then(|| slug.to_string())
}

/// The plain text of the first level-one heading.
fn title_of(markdown: &str) -> Option<String> {
    let mut in_title = false;
    let mut title = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => in_title = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => return Some(title),
            Event::Text(text) | Event::Code(text) if in_title => title.push_str(&text),
            _ => {}
        }
    }
    None
}

/// Replaces each `<!-- include: name.svg -->` line with the file's contents in a figure.
fn expand_includes(markdown: &str, dir: &Path, lesson: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(INCLUDE_PREFIX) {
            let name = rest.trim_end_matches("-->").trim();
            let path = dir.join(name);
            println!("cargo:rerun-if-changed={}", path.display());
            let svg = fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{lesson}: cannot read included file {name}"));
            // A raw HTML block must not contain blank lines, or Markdown ends it early.
            let svg: Vec<&str> = svg.lines().filter(|l| !l.trim().is_empty()).collect();
            out.push_str("\n<figure class=\"diagram\">\n");
            out.push_str(&svg.join("\n"));
            out.push_str("\n</figure>\n\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn render_markdown(markdown: &str) -> String {
    render_lesson_markdown(markdown, false)
}

/// A lesson's Markdown as HTML; `has_panel` when the lesson has a simulation panel its
/// examples can run in.
fn render_lesson_markdown(markdown: &str, has_panel: bool) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut rendered = String::new();
    html::push_html(
        &mut rendered,
        with_playground_links(Parser::new_ext(markdown, options), has_panel).into_iter(),
    );
    // Tables and code scroll sideways on a phone instead of widening the page, so they
    // take the keyboard's focus to be scrolled; and the page's one <h1> gets the id the
    // lesson <article> is labelled by.
    rendered
        .replace("<pre>", "<pre tabindex=\"0\">")
        .replace(
            "<table>",
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>",
        )
        .replace("</table>", "</table></div>")
        .replacen("<h1>", "<h1 id=\"lesson-title\" tabindex=\"-1\">", 1)
}
