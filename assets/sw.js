// Interleave's service worker: after one visit, every lesson opens without a network.
//
// Strategy: network first, cache as fallback. Online, the learner always gets the
// current build (nothing stale after a deploy); each successful response is kept.
// Offline, the kept copy answers, and any lesson URL is answered with index.html,
// whose router shows the right lesson.
//
// Trunk gives the app's files hashed names, so on install this worker reads
// index.html to learn them and stores everything the page needs at once, together with
// the files the page fetches only later (the lessons' worker, the highlighter, the
// editor, so that editing works offline too, and every page's text, listed in
// /lessons/index.txt). The
// Playground's engine (with Python's parser, a megabyte) is kept the first time the
// Playground fetches it, not before.
const CACHE = "interleave-v3";
const ALWAYS = ["/", "/runner_loader.js", "/runner.js", "/runner_bg.wasm", "/favicon.svg",
  "/vendor/highlight/core.min.js", "/vendor/highlight/python.min.js", "/vendor/codemirror.js"];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch("/", { cache: "no-store" });
    const html = await index.clone().text();
    await cache.put("/", index);
    const linked = [...html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*['"](\/[^'"]+)['"]/g)].map((m) => m[1]);
    // Each page's text is a file of its own (/lessons/{slug}.bin), listed in index.txt.
    const pages = await fetch("/lessons/index.txt", { cache: "no-store" })
      .then((response) => (response.ok ? response.text() : ""))
      .catch(() => "");
    const bodies = pages.split("\n").filter((line) => line.startsWith("/lessons/"));
    const wanted = [...new Set([...ALWAYS.slice(1), ...linked, ...bodies])];
    // A file that is missing (say, in a build without workers) must not stop the rest.
    await Promise.all(wanted.map((url) => cache.add(url).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) {
        // Lesson URLs all share index.html; keep it under "/" rather than per lesson.
        const key = request.mode === "navigate" ? "/" : request;
        await cache.put(key, response.clone());
      }
      return response;
    } catch (offline) {
      const cached = await cache.match(request.mode === "navigate" ? "/" : request, { ignoreSearch: request.mode === "navigate" });
      if (cached) return cached;
      throw offline;
    }
  })());
});
