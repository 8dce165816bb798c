//! The lessons: their order, slugs, titles and prose (rendered from Markdown by
//! `build.rs`), and which simulation each one embeds.
//!
//! Adding a lesson means adding `src/lessons/NN-slug.md`; if it has a
//! `<!-- simulation -->` marker, also give it a [`SimulationKind`] in
//! [`simulation_kind`].

/// One lesson page, as generated from its Markdown file.
#[derive(Debug)]
pub struct LessonPage {
    /// The URL path segment, from the file name: `03-gather.md` is served at `/gather`.
    pub slug: &'static str,
    /// The text of the Markdown's `# Title`, used in the navigation and the page `<title>`.
    pub title: &'static str,
    /// The page body: prose and, where the Markdown says so, the simulation panel.
    pub sections: &'static [Section],
}

/// A piece of a lesson page.
#[derive(Debug)]
pub enum Section {
    /// Prose rendered from Markdown at build time (trusted: it comes from this repository).
    Html(&'static str),
    /// The lesson's interactive simulation panel.
    Simulation,
}

/// Every lesson, in reading order.
pub static LESSONS: &[LessonPage] = include!(concat!(env!("OUT_DIR"), "/lesson_pages.rs"));

/// The lesson served at `/{slug}`, with its position in [`LESSONS`].
pub fn find(slug: &str) -> Option<(usize, &'static LessonPage)> {
    LESSONS
        .iter()
        .enumerate()
        .find(|(_, lesson)| lesson.slug == slug)
}

/// The href of a lesson.
pub fn href(lesson: &LessonPage) -> String {
    format!("/{}", lesson.slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_in_the_order_the_course_teaches_them() {
        let slugs: Vec<&str> = LESSONS.iter().map(|lesson| lesson.slug).collect();
        assert_eq!(
            slugs,
            [
                "why-async",
                "asyncio",
                "gather",
                "wait",
                "threads",
                "thread-workflow",
                "thread-pools",
                "shared-state",
                "cancellation",
                "producers-consumers",
                "asyncio-threads",
                "summary"
            ]
        );
    }

    #[test]
    fn every_lesson_has_exactly_one_h1_and_a_title() {
        for lesson in LESSONS {
            let h1s: usize = lesson
                .sections
                .iter()
                .map(|section| match section {
                    Section::Html(html) => html.matches("<h1").count(),
                    Section::Simulation => 0,
                })
                .sum();
            assert_eq!(h1s, 1, "{} has {h1s} <h1> elements", lesson.slug);
            assert!(
                !lesson.title.trim().is_empty(),
                "{} has no title",
                lesson.slug
            );
        }
    }

    /// Every point of the seed notes (`shared/seed/notes.md`) is taught somewhere.
    #[test]
    fn the_course_covers_every_topic_of_the_notes() {
        let text: String = LESSONS
            .iter()
            .flat_map(|lesson| lesson.sections.iter())
            .filter_map(|section| match section {
                Section::Html(html) => Some(*html),
                Section::Simulation => None,
            })
            .collect();
        for topic in [
            "async",
            "await",
            "event loop",
            "I/O",
            "asyncio.gather",
            "asyncio.wait",
            "FIRST_COMPLETED",
            "ALL_COMPLETED",
            "threading.Thread",
            "target",
            "args",
            "start()",
            "join()",
            "is_alive()",
            "daemon",
            "os.getpid()",
            "GIL",
            "ThreadPoolExecutor",
            "concurrent.futures",
            "submit(",
            "shutdown(",
            "map(",
            "max_workers",
        ] {
            assert!(text.contains(topic), "no lesson mentions {topic}");
        }
    }

    /// The corrections to the notes are taught, not the notes' mistakes.
    #[test]
    fn the_wait_lesson_teaches_the_default_is_all_completed() {
        let (_, wait) = find("wait").unwrap();
        let html: String = wait
            .sections
            .iter()
            .filter_map(|section| match section {
                Section::Html(html) => Some(*html),
                Section::Simulation => None,
            })
            .collect();
        assert!(html.contains("return_when=ALL_COMPLETED"));
    }

    #[test]
    fn find_knows_every_slug_and_nothing_else() {
        for (index, lesson) in LESSONS.iter().enumerate() {
            assert_eq!(find(lesson.slug).map(|(i, _)| i), Some(index));
        }
        assert!(find("no-such-lesson").is_none());
        assert!(find("").is_none());
    }
}
