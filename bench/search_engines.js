/* Search engines side by side on the real query sets: the site's own ranker
 * (hooks/search_ranking.js, what the search box runs) against MiniSearch, a maintained
 * library, with its defaults and tuned for this index.
 *
 *   node bench/search_engines.js SITE QUERIES.tsv [MORE.tsv ...] [--json] [--engines a,b]
 *   node bench/search_engines.js SITE tests/data/real-queries.tsv --tune
 *
 * SITE is a built site: its per-language indexes are SITE/search/search_index.json (zh) and
 * SITE/en/search/search_index.json (en). Each query is answered by each engine, the answer is
 * laid out as Material's search box lays it out (display() below), and the first three
 * results are judged as sitecheck/search_eval.py judges them in the browser (judge() below):
 * hit@1 and hit@3 per language and per kind, with the time per query and to build the index.
 * --engines picks engines by key (site, defaults, tuned); --answers-only skips the repeated
 * index builds and the ranking-only timing (the test suite reads only the answers); --tune runs the tuned engine's
 * variants (TUNING) on the one file given, which must be the tuned set, never the held-out
 * one. A malformed query line or a regex that does not compile stops it, naming the file and
 * the line. Needs only node and, for the MiniSearch engines, bench/node_modules/minisearch
 * (`npm ci --prefix bench`). */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { performance } = require("perf_hooks");
const Ranking = require("../hooks/search_ranking.js");

const INDEXES = { zh: "search/search_index.json", en: "en/search/search_index.json" };
const KINDS = ["question", "error"];
const HINT_MARKER = "from=search-hint";  // the worker's no-result hint; its links are no results
const HELDOUT = "real-queries-heldout.tsv";

class InputError extends Error {}

/* Query files ------------------------------------------------------------------------- */

/* The queries of a TSV file (lang, kind, query, answer_regex, source; '#' starts a comment
 * line), each with its regex compiled for JavaScript. */
function readQueries(file) {
  const queries = [];
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith("#")) return;
    const where = `${path.basename(file)}:${i + 1}`;
    const fields = line.split("\t");
    if (fields.length !== 5)
      throw new InputError(`${where}: ${fields.length} tab-separated fields, expected 5 ` +
        "(lang, kind, query, answer_regex, source)");
    const [lang, kind, text, pattern, source] = fields;
    if (!(lang in INDEXES)) throw new InputError(`${where}: language ${JSON.stringify(lang)} ` +
      `is not one of ${Object.keys(INDEXES).join(", ")}`);
    if (!KINDS.includes(kind)) throw new InputError(`${where}: kind ${JSON.stringify(kind)} ` +
      `is not one of ${KINDS.join(", ")}`);
    if (!text.trim()) throw new InputError(`${where}: empty query`);
    if (!source.startsWith("https://"))
      throw new InputError(`${where}: source ${JSON.stringify(source)} is not an https address`);
    let regex;
    try {
      regex = jsRegex(pattern);
    } catch (error) {
      throw new InputError(`${where}: the regex does not compile for JavaScript: ${error.message}`);
    }
    queries.push({ lang, kind, text, regex, line: i + 1 });
  });
  return queries;
}

/* A Python regular expression (re.search with re.IGNORECASE on str) as a JavaScript one with
 * the same meaning on this text: leading inline flags become flags; \b, \B, \w, \W and \d
 * become Unicode-aware as Python's are (Chinese characters are word characters there);
 * escaped punctuation that Python allows and JavaScript's Unicode mode does not is written
 * as the character itself. Anything else Python-only throws. */
const WORD = "\\p{L}\\p{N}_";
function jsRegex(pattern) {
  let flags = "iu", source = pattern;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (inline) {
    for (const flag of inline[1]) {
      if (flag === "s" || flag === "m") flags += flag;
      else if (flag !== "i" && flag !== "u") throw new Error(`inline flag (?${flag}) unsupported`);
    }
    source = source.slice(inline[0].length);
  }
  const syntax = "^$\\.*+?()[]{}|/";
  let out = "", inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const next = source[++i];
      if (next === undefined) throw new Error("trailing backslash");
      if (next === "b" && !inClass) out += `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
      else if (next === "B" && !inClass) out += `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
      else if (next === "w") out += inClass ? WORD : `[${WORD}]`;
      else if (next === "W" && !inClass) out += `[^${WORD}]`;
      else if (next === "d") out += "\\p{Nd}";
      else if (next === "D") out += "\\P{Nd}";
      else if ("WAZUNgPE".includes(next)) throw new Error(`\\${next} unsupported`);
      else if (/[A-Za-z0-9]/.test(next) || syntax.includes(next) || (inClass && next === "-"))
        out += "\\" + next;
      else out += next;
      continue;
    }
    if (c === "(" && source.startsWith("(?P", i)) throw new Error("(?P...) groups unsupported");
    if (c === "[" && !inClass) {
      inClass = true;
      if (source[i + 1] === "]" || source.startsWith("^]", i + 1))
        throw new Error("a class that starts with ] unsupported");
    } else if (c === "]" && inClass) inClass = false;
    else if (c === "(" && source.startsWith("(?", i) && /^\(\?[a-zA-Z]/.test(source.slice(i)))
      throw new Error("inline flags inside the pattern unsupported");
    out += c;
  }
  return new RegExp(out, flags);
}

/* Indexes and the judge ----------------------------------------------------------------- */

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
function unescapeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16)
        : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/* A section as the judge reads it (search_eval.section_text): title and text, tags and
 * zero-width spaces removed, HTML entities decoded. */
function sectionText(title, text) {
  return unescapeHtml(`${title}\n${text}`.replace(/<[^>]+>/g, " ").replace(/\u200b/g, ""));
}

function loadIndex(site, lang) {
  const file = path.join(site, INDEXES[lang]);
  const index = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof index?.config?.separator !== "string" || !Array.isArray(index.docs))
    throw new InputError(`${file}: not a search index (config.separator and docs expected)`);
  // What the browser judge finds under each result's address (it decodes a percent-encoded
  // Chinese section id, #三步快速配置, before it looks the section up).
  const sections = new Map();
  for (const doc of index.docs) sections.set(doc.location, sectionText(doc.title, doc.text));
  return { index, sections, bytes: fs.statSync(file).size };
}

/* The first three results of an answer, judged: right when the section's text matches. */
function judge(query, results, sections) {
  return results.slice(0, 3).map(location => query.regex.test(sections.get(location) ?? ""));
}

/* Display --------------------------------------------------------------------------------- */

/* The results of one group (one page) as Material's search box shows them (its bundle's
 * renderSearchResultItem): the page's own document is taken out of the group (the first
 * document without '#'; when there is none, JavaScript's splice(-1) takes the last one); it
 * is a result, shown with its text, only when it is the group's first item and no other item
 * ties with it, else it is only the heading above the sections. After it, the sections that
 * score as high as the group's first item, in the group's order, up to the first one that
 * scores lower: that one and the rest are folded under "more on this page", no results. A
 * heading is a page shown with nothing but its title (the browser judge's test): a page whose
 * text is empty and that misses no term of the query is no result even when shown first. */
function display(group) {
  const best = group[0].score, rest = [...group];
  const at = rest.findIndex(doc => !doc.location.includes("#"));
  const [page] = rest.splice(at, 1);
  let tied = rest.findIndex(doc => doc.score < best);
  if (tied === -1) tied = rest.length;
  const results = [];
  if (at === 0 && tied === 0 && hasTeaser(page)) results.push(page.location);
  for (const doc of rest.slice(0, tied)) results.push(doc.location);
  return results.filter(location => !location.includes(HINT_MARKER));
}

function hasTeaser(doc) {
  const text = String(doc.text || "").replace(/<[^>]*>/g, "").trim();
  const missing = Object.values(doc.terms || {}).some(found => !found);
  return text.length > 0 || missing;
}

function shownResults(groups) {
  return groups.flatMap(display);
}

/* Engines ----------------------------------------------------------------------------------- */

const site = {
  key: "site", name: "site ranker",
  build: ({ index }) => Ranking.prepare(index),
  search: (ranker, text) => Ranking.answer(ranker, text).items,
  // timed apart: the ranking alone, without answer()'s excerpts and marks
  core: (ranker, text) => Ranking.rank(ranker, Ranking.normalise(ranker, text), []),
  first: firstResults,
};

/* The first `count` results the box shows (fewer when there are no more), laying out only as
 * many groups as they need: the same first results as shownResults(answer()) at half its cost
 * (the excerpts of the other groups were most of it), for --answers-only. */
function firstResults(ranker, text, count) {
  for (let groups = count; ; groups *= 2) {
    const items = Ranking.answer(ranker, text, groups).items;
    const results = shownResults(items.slice(0, groups));
    if (results.length >= count || groups >= items.length) return results;
  }
}

function loadMiniSearch() {
  try {
    // the package's CommonJS build (its "exports"), from bench/node_modules
    return require(require.resolve("minisearch", { paths: [__dirname] }));
  } catch (error) {
    throw new InputError("minisearch is not installed: run `npm ci --prefix bench` " +
      `(${error.code || error.message})`);
  }
}

function miniSearchFile() {
  return path.join(__dirname, "node_modules", "minisearch", "dist", "umd", "index.js");
}

/* Text for MiniSearch: tags out (as a word boundary), entities decoded. */
function plainText(html) {
  return unescapeHtml(html.replace(/<[^>]*>/g, " "));
}

function miniDocs(index) {
  return index.docs.map((doc, id) => ({
    id, location: doc.location, boost: doc.boost || 1, errorBoost: doc.error_boost || 1,
    title: plainText(doc.title), text: plainText(doc.text),
  }));
}

/* MiniSearch's flat list of results grouped as the site's worker groups its answer: one group
 * per page (the location before '#'), groups in the order of their best (first) result,
 * results by score inside a group; the page's own document closes its group at score 0 when
 * it did not match, so that it is the group's heading (a worker built on MiniSearch would
 * have to hand Material each page's document, as Material's own worker does). */
function groupFlat(results) {
  const groups = new Map();
  for (const result of results) {
    const page = result.location.split("#")[0];
    if (!groups.has(page)) groups.set(page, []);
    groups.get(page).push({ location: result.location, score: result.score, text: result.text });
  }
  return [...groups].map(([page, docs]) =>
    docs.some(doc => doc.location === page) ? docs : [...docs, { location: page, score: 0 }]);
}

const defaults = {
  key: "defaults", name: "MiniSearch defaults",
  build: ({ index }) => {
    const MiniSearch = loadMiniSearch();
    const engine = new MiniSearch({ fields: ["title", "text"], storeFields: ["location", "text"] });
    engine.addAll(miniDocs(index));
    return engine;
  },
  search: (engine, text) => groupFlat(engine.search(text)),
};

/* The tuned engine: the index's own separator as tokenizer (it splits the Chinese text at the
 * jieba cuts, U+200B), its stop words dropped, lower case and NFKC width, title boosted, prefix
 * and fuzzy matching, OR, each document's own boost. Han runs of a query are cut into the
 * index's own words, longest first (`cut`; a reader types no U+200B), else a Chinese query is
 * one term that matches nothing.
 *
 * Tried on tests/data/real-queries.tsv only, never on the held-out set (`--tune` reruns
 * them; hit@1/hit@3 in %, measured 2026-12-06 on the site of that day):
 *   variant              settings                                       zh      en
 *   brief                the settings above, Han runs of a query uncut  55/67   67/82
 *   cut                  + Han runs cut into indexed words (title 3)    73/86   67/82
 *   cut-title1           title boost 1                                  74/88   69/82
 *   cut-title1.5         title boost 1.5                 (kept: TUNED)  76/88   71/82
 *   cut-title2           title boost 2                                  75/88   70/82
 *   cut-title5           title boost 5                                  71/84   65/81
 *   cut-fuzzy1           fuzzy 0.1                                      72/87   67/81
 *   cut-noprefix         prefix only for the query's last word          72/85   67/81
 *   cut-error            x error_boost when the query reads like an     73/86   65/82
 *                        error (the index's error_words)
 *   cut-and              combineWith "AND" (every word must match)      22/24   37/39
 *   cut-title2-fuzzy1    title 2, fuzzy 0.1                             75/88   68/81
 *   cut-title2-error     title 2, error_boost                           75/88   69/82
 *   cut-title2-noprefix  title 2, prefix on the last word only          72/86   69/81
 * Differences of one or two points are one to four queries: the kept variant is the best on
 * the sum, not a clear winner over title 2 or 1. */
const TUNING = {
  brief: { cut: false },
  cut: {},
  "cut-title2": { title: 2 },
  "cut-title5": { title: 5 },
  "cut-fuzzy1": { fuzzy: 0.1 },
  "cut-noprefix": { prefixLast: true },
  "cut-error": { errorBoost: true },
  "cut-and": { combineWith: "AND" },
  "cut-title1": { title: 1 },
  "cut-title1.5": { title: 1.5 },
  "cut-title2-fuzzy1": { title: 2, fuzzy: 0.1 },
  "cut-title2-error": { title: 2, errorBoost: true },
  "cut-title2-noprefix": { title: 2, prefixLast: true },
};
const TUNED = "cut-title1.5";

function tunedEngine(variant = TUNED) {
  const settings = { cut: true, title: 3, fuzzy: 0.2, prefixLast: false, errorBoost: false,
    combineWith: "OR", ...TUNING[variant] };
  return {
    key: "tuned", name: variant === TUNED ? "MiniSearch tuned" : `MiniSearch ${variant}`,
    build: ({ index }) => {
      const MiniSearch = loadMiniSearch();
      const separator = new RegExp(index.config.separator, "u");
      const stop = new Set(index.config.stop_words || []);
      const errors = (index.config.error_words || []).length
        ? new RegExp(index.config.error_words.join("|"), "i") : null;
      const tokenize = text => text.split(separator);
      const processTerm = term => {
        const word = term.normalize("NFKC").toLowerCase();
        return word && !stop.has(word) ? word : null;
      };
      const docs = miniDocs(index);
      const vocabulary = new Set();
      let longest = 1;
      for (const doc of docs)
        for (const word of [...tokenize(doc.title), ...tokenize(doc.text)]) {
          const term = processTerm(word);
          if (term && /^\p{Script=Han}+$/u.test(term)) {
            vocabulary.add(term);
            longest = Math.max(longest, term.length);
          }
        }
      const cut = text => tokenize(text).flatMap(word => settings.cut
        ? word.split(/(?<=\p{Script=Han})(?!\p{Script=Han})|(?<!\p{Script=Han})(?=\p{Script=Han})/u)
          .flatMap(part => /^\p{Script=Han}+$/u.test(part) ? longest_first(part) : [part])
        : [word]);
      const longest_first = run => {
        const words = [];
        for (let i = 0; i < run.length;) {
          let n = Math.min(longest, run.length - i);
          while (n > 1 && !vocabulary.has(run.slice(i, i + n))) n--;
          words.push(run.slice(i, i + n));
          i += n;
        }
        return words;
      };
      const engine = new MiniSearch({
        fields: ["title", "text"], storeFields: ["location", "text", "boost", "errorBoost"],
        tokenize, processTerm,
      });
      engine.addAll(docs);
      return { engine, cut, errors };
    },
    search: ({ engine, cut, errors }, text) => {
      const error = settings.errorBoost && errors && errors.test(text);
      const words = cut(text).filter(Boolean);
      return groupFlat(engine.search(text, {
        tokenize: () => words,
        boost: { title: settings.title }, fuzzy: settings.fuzzy,
        prefix: settings.prefixLast ? (term, i, terms) => i === terms.length - 1 : true,
        combineWith: settings.combineWith,
        boostDocument: (id, term, stored) =>
          (stored?.boost || 1) * (error ? stored?.errorBoost || 1 : 1),
      }));
    },
  };
}

/* Measuring ----------------------------------------------------------------------------------- */

function median(values) {
  return percentile(values, 50);
}

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
}

const BUILD_RUNS = 3;

/* Each engine's index per language (median build ms of BUILD_RUNS), then every query of every
 * file: its shown results, hits and ms. `answersOnly` (--answers-only, for the test suite,
 * which reads only the answers): each index is built once, only the first three results are
 * laid out (firstResults) and the ranking is not timed apart. */
function measure(siteDir, files, engines, answersOnly = false) {
  const indexes = Object.fromEntries(Object.keys(INDEXES).map(lang => [lang, loadIndex(siteDir, lang)]));
  const queries = files.map(file => ({ file, queries: readQueries(file) }));
  const report = { engines: [], files: queries.map(({ file, queries: list }) =>
    ({ file: path.basename(file), queries: list.length })) };
  for (const engine of engines) {
    const built = {}, build = {};
    for (const lang of Object.keys(INDEXES)) {
      const times = [];
      for (let run = 0; run < (answersOnly ? 1 : BUILD_RUNS); run++) {
        const start = performance.now();
        built[lang] = engine.build(indexes[lang]);
        times.push(performance.now() - start);
      }
      build[lang] = median(times);
    }
    const row = { key: engine.key, name: engine.name, build, files: [], ms: [], core: [] };
    for (const { file, queries: list } of queries) {
      const outcomes = [];
      for (const query of list) {
        const start = performance.now();
        const results = answersOnly && engine.first ? engine.first(built[query.lang], query.text, 3)
          : shownResults(engine.search(built[query.lang], query.text));
        const ms = performance.now() - start;
        row.ms.push(ms);
        const hits = judge(query, results, indexes[query.lang].sections);
        if (engine.core && !answersOnly) {
          const begin = performance.now();
          engine.core(built[query.lang], query.text);
          row.core.push(performance.now() - begin);
        }
        outcomes.push({ lang: query.lang, kind: query.kind, line: query.line, ms,
          results: results.slice(0, 3), hit1: hits.slice(0, 1).some(Boolean),
          hit3: hits.some(Boolean) });
      }
      row.files.push({ file: path.basename(file), scores: scores(outcomes), outcomes });
    }
    row.median = median(row.ms);
    row.p95 = percentile(row.ms, 95);
    row.coreMedian = median(row.core);
    row.coreP95 = percentile(row.core, 95);
    report.engines.push(row);
  }
  report.sizes = sizes(siteDir, engines);
  report.indexBytes = Object.fromEntries(Object.entries(indexes).map(([l, i]) => [l, i.bytes]));
  return report;
}

function scores(outcomes) {
  const cells = {};
  for (const lang of Object.keys(INDEXES))
    for (const kind of ["all", ...KINDS]) {
      const group = outcomes.filter(o => o.lang === lang && (kind === "all" || o.kind === kind));
      cells[`${lang} ${kind}`] = { n: group.length, hit1: group.filter(o => o.hit1).length,
        hit3: group.filter(o => o.hit3).length };
    }
  return cells;
}

/* Bytes of code each engine ships: the site's worker file (ranking and worker) and
 * MiniSearch's browser build (unminified, as published; a worker around it would come on top). */
function sizes(siteDir, engines) {
  const result = {};
  const workers = path.join(siteDir, "assets", "javascripts", "workers");
  const measureFile = file => {
    const data = fs.readFileSync(file);
    return { file: path.relative(siteDir, file).startsWith("..") ? path.relative(__dirname, file)
      : path.relative(siteDir, file), raw: data.length, gzip: zlib.gzipSync(data).length };
  };
  if (engines.some(e => e.key === "site") && fs.existsSync(workers)) {
    const worker = fs.readdirSync(workers).find(name => /^search-site\..*\.js$/.test(name));
    if (worker) result.site = measureFile(path.join(workers, worker));
  }
  if (engines.some(e => e.key !== "site") && fs.existsSync(miniSearchFile()))
    result.minisearch = measureFile(miniSearchFile());
  return result;
}

/* Output ---------------------------------------------------------------------------------------- */

function percent(count, n) {
  return n ? String(Math.round(100 * count / n)) : "-";
}

function table(report) {
  const lines = [];
  const cells = Object.keys(report.engines[0]?.files[0]?.scores || {});
  for (const [i, { file, queries }] of report.files.entries()) {
    const which = file === HELDOUT ? "held-out, never tuned on" : "tuned on";
    lines.push(`${file} (${which}; ${queries} queries): hit@1/hit@3 in %`);
    const counts = report.engines[0].files[i].scores;
    lines.push(`  ${"engine".padEnd(26)}` + cells.map(cell =>
      `${cell} (${counts[cell].n})`.padStart(19)).join(""));
    for (const engine of report.engines) {
      const s = engine.files[i].scores;
      lines.push(`  ${engine.name.padEnd(26)}` + cells.map(cell =>
        `${percent(s[cell].hit1, s[cell].n)}/${percent(s[cell].hit3, s[cell].n)}`.padStart(19))
        .join(""));
    }
    lines.push("");
  }
  lines.push("time: ms per query (median, 95th percentile, all files) and to build the index " +
    `(median of ${BUILD_RUNS})`);
  for (const engine of report.engines)
    lines.push(`  ${engine.name.padEnd(26)} query ${engine.median.toFixed(2)} / ` +
      `${engine.p95.toFixed(2)} ms   build ` + Object.entries(engine.build)
      .map(([lang, ms]) => `${lang} ${ms.toFixed(0)} ms`).join(", ") +
      (engine.core.length ? `\n  ${"  of which ranking alone".padEnd(26)} query ` +
        `${engine.coreMedian.toFixed(2)} / ${engine.coreP95.toFixed(2)} ms (answer() also writes ` +
        "every result's excerpt)" : ""));
  lines.push("code: bytes raw / gzip");
  for (const [key, size] of Object.entries(report.sizes))
    lines.push(`  ${key.padEnd(26)} ${size.raw.toLocaleString("en")} / ` +
      `${size.gzip.toLocaleString("en")}  ${size.file}`);
  lines.push("index: bytes " + Object.entries(report.indexBytes)
    .map(([lang, bytes]) => `${lang} ${bytes.toLocaleString("en")}`).join(", "));
  return lines.join("\n");
}

function main(argv) {
  const flags = new Set(argv.filter(arg => arg.startsWith("--") && !arg.includes("=")));
  const options = Object.fromEntries(argv.filter(arg => arg.startsWith("--") && arg.includes("="))
    .map(arg => arg.slice(2).split("=")));
  const positional = argv.filter(arg => !arg.startsWith("--"));
  if (positional.length < 2)
    throw new InputError("usage: node bench/search_engines.js SITE QUERIES.tsv [...] " +
      "[--json] [--engines=site,defaults,tuned] [--tune] [--answers-only]");
  const [siteDir, ...files] = positional;
  let engines;
  if (flags.has("--tune")) {
    if (files.length !== 1 || path.basename(files[0]) === HELDOUT)
      throw new InputError("--tune runs on the tuned set alone, never on the held-out one");
    engines = Object.keys(TUNING).map(tunedEngine);
  } else {
    const all = { site, defaults, tuned: tunedEngine() };
    const keys = (options.engines || "site,defaults,tuned").split(",");
    for (const key of keys) if (!(key in all)) throw new InputError(`unknown engine ${key}`);
    engines = keys.map(key => all[key]);
  }
  const report = measure(siteDir, files, engines, flags.has("--answers-only"));
  process.stdout.write((flags.has("--json") ? JSON.stringify(report, null, 1) : table(report)) + "\n");
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`search_engines: ${error.message}\n`);
    process.exit(2);
  }
}

module.exports = { readQueries, jsRegex, display, sectionText, judge, measure };
