/* The site's search ranking: a pure module. It knows nothing of Material, lunr or Web Workers
 * (hooks/search_worker.js, the worker, does) and keeps no state of its own: what it
 * learns from an index lives in the ranker object that `prepare` returns to the caller.
 *
 * Contract
 * --------
 * In:
 * - the index of one language, as hooks/search_by_language.py writes it
 *   ({config, docs}): `config.separator` (the regular expression the index was cut with,
 *   mkdocs.yml), `config.stop_words`, `config.error_words` and `config.synonyms` (from
 *   hooks/search_vocabulary.json), `config.hint` (the hint's links, heading first); each doc
 *   has `location`, `title`, `text` (HTML; Chinese already cut into words by jieba with
 *   U+200B) and optional `boost` and `error_boost`;
 * - the reader's text, as typed or pasted (any length, any characters).
 * Out:
 * - `normalise(ranker, text)`: the query, that is the words that count (`terms`: `key`, the
 *   indexed word it stands for as `word`, `prefix` when it is a word being typed, `weight`),
 *   every word in order (`sequence`), the names written as one (`phrases`), whether it
 *   reads like an error message (`error`);
 * - `rank(ranker, query, groups)`: the results, a list of groups (one per page, like
 *   Material's) of the index's documents with a `score`, best group first and best section
 *   first in each group. `groups` are candidates the caller gathered, if it has any
 *   (`answer` has none); when there are none, the sections that hold any word of the query are the
 *   candidates. The hint (the index's `config.hint`, one group) comes after the first three
 *   groups when nothing was found or the best result holds under half of the query's words.
 * - `answer(ranker, text)`: what the search box shows, as Material's search worker answers
 *   ({items, suggest}): `rank`'s groups gathered from the whole index, each document's
 *   title and an excerpt of its text as escaped HTML with the words that count in <mark>,
 *   and `terms` (each word typed that counts -> whether the section holds it).
 *   `answer(ranker, text, shown)` lays out only the first `shown` groups so; the others come
 *   as `rank` gives them, for a caller that reads only the first results (the test suite).
 * Promises:
 * - a pasted error message: variable parts (sha256 digests, hex ids, IP addresses, UUIDs)
 *   are dropped, of a long paste only the 24 rarest words count, a section that quotes three
 *   or more consecutive words of it (a query of four words or more) gains the rarity of
 *   those words, and the sections marked as error messages (`error_boost`) weigh more for
 *   a query that reads like an error (error_words), but not for a question in Chinese that
 *   names an error (five words or fewer with Chinese in them: "证书报错", "镜像拉取失败");
 * - a name written as one (registry-mirrors, daemon.json, hub-mirror.c.163.com): a section
 *   that holds its words in that order gains the rarity of the whole name;
 * - Chinese: the text is cut into the index's own words, the longest first; function words
 *   and question words (stop_words) never count; two single characters in a row that are no
 *   indexed word do not count (a function word, 很 or 呢, is a word of its own, not one of
 *   them; 非常 is cut as one even when the index lacks it); a word also matches, at half
 *   weight, the longer words it starts (加速 in 加速器); Latin and Han written together are
 *   two words (docker加速);
 * - typos: a word of five letters or more with one letter too many at its end, or of seven
 *   or more with two, is read as the indexed word ("Harbord" as harbor); any other word
 *   that starts no indexed word is dropped, never guessed;
 * - a question in the reader's words (a query that does not read like an error, or of five
 *   words or fewer even with an error word: "拉取 ghcr.io 报错"): a section's
 *   score for its words is multiplied by the share of the question's weight (the rarity of
 *   the words typed; a synonym's match counts at its own, lower weight) that the section
 *   holds, so a section that holds the question's rarest words outranks one (a short entry
 *   on a neighbouring topic) that holds only its common words, even in its title;
 * - English inflections (mirrors, mirrored, mirror) are one word; letter case and NFKC width
 *   do not change the answer; stop words never count on their own (in a quotation they join
 *   the run of words, which gains the rarity of its other words); synonyms (config.synonyms)
 *   of a word the index holds count at half its weight at most.
 * It throws on an index without `config.separator` or `docs`; nothing a reader types makes
 * it throw.
 *
 * Loaded as a classic script it defines `self.SearchRanking`; under node, module.exports. */
"use strict";
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.SearchRanking = factory();
})(typeof self !== "undefined" ? self : this, () => {
  const MAX_TERMS = 24;          // the most specific words of a long paste
  const MIN_QUOTE = 3;           // consecutive words of the query that make a quotation
  const MAX_PHRASES = 12;        // names written as one (registry-mirrors) that count, per query
  const TITLE = 3;               // a word in a section's title counts as three in its text
  const PAGE = 1;                // and in the title of its page, as one (the page's topic)
  const QUOTE = 1;               // weight of a quotation against the words' own scores
  const K1 = 1.2, B = 0.75;      // BM25: saturation of repeated words, length normalisation
  const SYNONYM = 0.5;           // a word the reader did not type, but means (the index's list)
  const COVERAGE = 1;            // a question's score times the share of its weight a section holds
  const QUESTION = 5;            // words of a query with an error word that still make a question
  const HINT_AFTER = 3;          // the hint comes after this many groups
  const EXCERPT = 200;           // characters of a section's text shown under its title
  const LEAD = 60;               // of them, at most this many before the first marked word
  const HAN = /\p{Script=Han}/u;
  const HAN_EDGE = /(?<=\p{Script=Han})(?!\p{Script=Han})|(?<!\p{Script=Han})(?=\p{Script=Han})/u;

  /* Index ------------------------------------------------------------------------------ */

  /* The ranker of one index: what the ranking needs from each section (the words of its
   * title, its text and its page's title counted by key (stem), its length, its words in
   * order (for quotations) and its boosts), the vocabulary, and the caches of later queries
   * (phrases, stems, word triples), all owned by the caller. */
  function prepare({ config, docs }) {
    if (typeof config?.separator !== "string" || !Array.isArray(docs))
      throw new TypeError("search ranking: an index needs config.separator and docs");
    const separator = new RegExp(config.separator, "g");
    const df = new Map(), sections = new Map();
    let total = 0;
    for (const doc of docs) {
      const title = split(doc.title, separator), text = split(strip(doc.text), separator);
      const section = { title: count(title), text: count(text), length: title.length +
        text.length, words: [...title, ...text], boost: doc.boost || 1,
        errorBoost: doc.error_boost || 1 };
      sections.set(doc.location, section);
      total += section.length;
      for (const key of new Set([...section.title.keys(), ...section.text.keys()]))
        df.set(key, (df.get(key) || 0) + 1);
    }
    for (const [location, section] of sections)
      if (location.includes("#"))
        section.page = sections.get(location.slice(0, location.indexOf("#")))?.title;
    const keys = [...df.keys()].sort();
    const errors = Array.isArray(config.error_words) ? config.error_words : [];
    return {
      df, sections, keys, count: docs.length || 1, average: total / (docs.length || 1),
      separator, documents: docs,
      longest: [...keys, ...Array.isArray(config.stop_words) ? config.stop_words : []]
        .reduce((n, key) => HAN.test(key) ? Math.max(n, key.length) : n, 1),
      hint: Array.isArray(config.hint) ? config.hint : [],
      stop: new Set(Array.isArray(config.stop_words) ? config.stop_words : []),
      error: errors.length ? new RegExp(errors.join("|"), "i") : null,
      synonyms: synonymMap(config.synonyms),
      cache: { phrases: new Map(), stems: new Map(), grams: new Map(), plain: new Map(),
               titles: new Map() },
    };
  }

  /* Groups of words a reader uses for one thing -> each word's others, by key. An entry of
   * two words ("docker hub") is looked up for neither, but is what a one-word entry
   * ("dockerhub") also means. */
  function synonymMap(groups) {
    const map = new Map();
    for (const group of Array.isArray(groups) ? groups : [])
      for (const word of group)
        if (!word.includes(" "))
          map.set(stem(word.toLowerCase()), group.filter(other => other !== word));
    return map;
  }

  function strip(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/&(?:lt|gt|amp|quot|#39);/g, " ");
  }

  function split(text, separator) {
    return text.toLowerCase().split(separator).filter(Boolean);
  }

  function count(words) {
    const counts = new Map();
    for (const word of words) counts.set(stem(word), (counts.get(stem(word)) || 0) + 1);
    return counts;
  }

  /* An English word without its inflection, so that "mirrors", "mirrored" and "mirror",
   * or "images" and "image", are one word; other words as they are. */
  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    return word.replace(/sses$/, "ss").replace(/ies$/, "y").replace(/([^su])s$/, "$1")
      .replace(/^(.{3,}?)(?:ing|ed)$/, "$1").replace(/^(.{3,}?)e$/, "$1");
  }

  /* Query ------------------------------------------------------------------------------ */

  /* The reader's text -> { raw, terms, sequence, phrases, error, grams }: `sequence` is every
   * word of the text in order (for quotations), `terms` the words that count ({ key, word,
   * prefix, compound, weight }). Variable parts of a pasted message (digests, ids, IP
   * addresses) are dropped first. */
  function normalise(site, raw) {
    const text = raw.normalize("NFKC")
      .replace(/\bsha256:[0-9a-f]{6,}/gi, " ")
      .replace(/\b[0-9a-f]{12,}\b/gi, " ")
      .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, " ")
      .replace(/\b[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}\b/gi, " ");
    const sequence = [], unknown = new Set();
    // Cut like the index (which keeps "1.28" and "c.163" whole), then drop what it keeps
    // that no indexed word holds (an ellipsis, a dash, a dot at either end).
    const pieces = split(text, site.separator).flatMap(piece =>
      piece.split(/[^\p{L}\p{N}_.]+/u).map(part => part.replace(/^\.+|\.+$/g, "")));
    for (const piece of pieces)
      for (const part of piece.split(HAN_EDGE))
        if (HAN.test(part)) {
          const words = segment(part, site);
          // Two or more single characters in a row are a word the site does not use
          // (官网 cut into 官 网): alone, each would match unrelated words. A function word
          // (很, 呢) is a word of its own, not part of such a run (很慢: 慢 counts).
          const single = word => word?.length === 1 && !site.stop.has(word);
          words.forEach((word, i) => {
            if (single(word) && (single(words[i - 1]) || single(words[i + 1])))
              unknown.add(sequence.length + i);
          });
          sequence.push(...words);
        } else if (part) {
          sequence.push(part);
        }
    const seen = new Set();
    let terms = [];
    sequence.forEach((word, i) => {
      const term = unknown.has(i) ? null : known(word, site);
      if (term && !seen.has(term.key)) {
        seen.add(term.key);
        terms.push(term);
      }
    });
    if (terms.length > MAX_TERMS) {
      const keep = new Set([...terms].sort((a, b) => rarity(b, site) - rarity(a, site))
        .slice(0, MAX_TERMS));
      terms = terms.filter(term => keep.has(term));
    }
    for (const term of terms) term.weight = rarity(term, site);
    for (const term of [...terms])
      for (const other of (site.synonyms.get(term.key) || []).flatMap(entry =>
        entry.split(" "))) {
        const synonym = known(other, site);
        if (synonym && !seen.has(synonym.key)) {
          seen.add(synonym.key);
          // never weighs more than the word typed: a rare synonym (仓库 on the English
          // site) must not decide the ranking
          const weight = Math.min(rarity(synonym, site), term.weight) * SYNONYM;
          terms.push({ ...synonym, weight, synonym: true });
        }
      }
    const words = sequence.length > MIN_QUOTE ? sequence : [];
    const grams = new Set();
    for (let i = 0; i + MIN_QUOTE <= words.length; i++)
      grams.add(words.slice(i, i + MIN_QUOTE).join(" "));
    return { raw, terms, sequence, grams, phrases: phrases(text, site),
             error: Boolean(site.error && site.error.test(text)) };
  }

  /* Names written as one, like registry-mirrors, hosts.toml or hub-mirror.c.163.com: the index
   * holds their words apart, and each word alone is common. A section that holds the words in
   * this order counts them once more, as rare as the whole name is. */
  function phrases(text, site) {
    const found = new Map();
    for (const [name] of text.matchAll(/[a-z0-9_]+(?:[-./][a-z0-9_]+)+/gi)) {
      const parts = split(name, site.separator).map(stem);
      const key = parts.join(" ");
      if (parts.length < 2 || parts.length > 8 || found.has(key)) continue;
      if (found.size >= MAX_PHRASES) break;
      if (!site.cache.phrases.has(key)) {
        let df = 0;
        for (const section of site.sections.values()) if (occurrences(section, parts, site)) df++;
        site.cache.phrases.set(key, df);
      }
      const df = site.cache.phrases.get(key);
      if (df) found.set(key, { parts, weight: Math.log(1 + (site.count - df + 0.5) / (df + 0.5)) });
    }
    return [...found.values()];
  }

  function stems(section, site) {
    let list = site.cache.stems.get(section);
    if (!list) site.cache.stems.set(section, list = section.words.map(stem));
    return list;
  }

  function occurrences(section, parts, site) {
    const list = stems(section, site);
    let n = 0;
    for (let i = list.indexOf(parts[0]); i >= 0 && i + parts.length <= list.length;
      i = list.indexOf(parts[0], i + 1))
      if (parts.every((part, j) => list[i + j] === part)) n++;
    return n;
  }

  /* A word of the query as the ranking counts it, or null: stop words, single letters,
   * numbers the index does not hold and words that start no indexed word are dropped (but
   * a word of five letters or more with one letter too many at its end, or of seven or more
   * with two, counts as the word).
   * A word the index holds counts exactly (`prefix` false; a Chinese word also counts, at
   * half weight, in the longer words it starts, `compound`: 加速 in 加速器), another word as
   * the prefix of indexed words (one being typed). `word` is the word as the index spells it
   * (after a slip at the end is taken off). */
  function known(word, site) {
    if (site.stop.has(word) || (!HAN.test(word) && word.length < 2)) return null;
    if (/^\d+$/.test(word))
      return word.length >= 3 && site.df.has(word) ? { key: word, word, prefix: false } : null;
    let key = stem(word);
    let exact = site.df.has(key);
    if (!exact && !starts(site.keys, key)) {
      // A slip at the end of a word ("Harbord"): the indexed word one or two letters shorter.
      const near = HAN.test(word) || word.length < 5 ? undefined :
        [word.slice(0, -1), word.length > 6 && word.slice(0, -2)]
          .find(shorter => shorter && !site.stop.has(shorter) && site.df.has(stem(shorter)));
      if (!near) return null;
      [word, key, exact] = [near, stem(near), true];
    }
    if (HAN.test(word)) return { key, word, prefix: !exact, compound: exact };
    return { key, word, prefix: !exact };
  }

  function first(list, prefix) {
    let low = 0, high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle] < prefix) low = middle + 1; else high = middle;
    }
    return low;
  }

  function starts(list, prefix) {
    const i = first(list, prefix);
    return i < list.length && list[i].startsWith(prefix);
  }

  /* Inverse document frequency; a prefix (or a Chinese word, with its compounds) counts the
   * sections of every word it starts. */
  function rarity(term, site) {
    let df = site.df.get(term.key) || 0;
    if (term.prefix || term.compound) {
      df = 0;
      for (let i = first(site.keys, term.key); i < site.keys.length &&
        site.keys[i].startsWith(term.key); i++) df += site.df.get(site.keys[i]);
      df = Math.min(df, site.count);
    }
    return Math.log(1 + (site.count - df + 0.5) / (df + 0.5));
  }

  /* Chinese text -> words, the longest indexed word or function word first (the index was cut
   * by jieba, so its words are the dictionary; 非常 in 非常慢 is a function word the index may
   * lack); a character that starts no such word stays alone. */
  function segment(run, site) {
    const words = [];
    for (let i = 0; i < run.length;) {
      let length = Math.min(site.longest, run.length - i);
      while (length > 1 && !site.df.has(run.slice(i, i + length)) &&
        !site.stop.has(run.slice(i, i + length))) length--;
      words.push(run.slice(i, i + length));
      i += length;
    }
    return words;
  }

  /* Ranking ---------------------------------------------------------------------------- */

  /* The candidates ranked: BM25 over the query's words that count (title words weigh TITLE
   * times, long sections do not win by length; for a question, times the share of its weight
   * the section holds), plus a quotation of the query, times the
   * section's boost (the Q&A and the error messages). A first search's own order (Material's)
   * puts a page's opening paragraph before the section that answers and lets one common word
   * in a title decide, so it is not kept. */
  function rank(site, query, candidates) {
    const groups = gathered(candidates || [], query, site).map(group => group.map(item => ({
      ...item, score: relevance(item.location, query, site),
    })));
    for (const group of groups) group.sort((a, b) => b.score - a.score);
    const items = groups.filter(group => group.length).sort((a, b) => b[0].score - a[0].score);
    items.forEach((group, i) => reveal(group, i + 1 < items.length ? items[i + 1][0].score : 0));
    return withHint(items, query, site);
  }

  /* The candidates given, or, when there are none for a query with words the index holds,
   * the sections that hold any of them, grouped by page as Material groups them (each group
   * holds its page's own document). */
  function gathered(candidates, query, site) {
    if (candidates.length || !query.terms.length) return candidates;
    const pages = new Map(), opening = new Map();
    for (const doc of site.documents) {
      const page = doc.location.split("#")[0], section = site.sections.get(doc.location);
      if (doc.location === page) opening.set(page, doc);
      if (query.terms.some(term => tally(section.title, term) + tally(section.text, term)))
        pages.set(page, [...pages.get(page) || [], doc]);
    }
    return [...pages].map(([page, docs]) =>
      [...new Set([...docs, opening.get(page)].filter(Boolean))]
        .map(doc => ({ ...doc, score: 0, terms: {} })));
  }

  /* Material shows the sections of a page that score as high as its best item and folds
   * the others under "more on this page". When the best item is a section, the page's
   * second section is shown too if it outranks the next page's best item (it gets the
   * group's best score and keeps its place): the first results are then the best sections
   * even when two are on one page. Under a page's opening paragraph nothing is unfolded:
   * Material shows that paragraph only while no section ties with it. */
  function reveal(group, next) {
    const [best, second] = group;
    if (second && best.location.includes("#") && second.location.includes("#") &&
        second.score > next)
      second.score = best.score;
  }

  function relevance(location, query, site) {
    const section = site.sections.get(location);
    if (!section) return 0;
    const norm = K1 * (1 - B + B * section.length / site.average);
    let score = 0, covered = 0, total = 0;
    for (const term of query.terms) {
      const frequency = TITLE * tally(section.title, term) + tally(section.text, term) +
        (section.page ? PAGE * tally(section.page, term) : 0);
      if (!term.synonym) total += term.weight;
      if (frequency) {
        score += term.weight * frequency * (K1 + 1) / (frequency + norm);
        covered += term.weight;
      }
    }
    // A question: times the share of its weight the section holds, so that a section that
    // holds its rare word wins over one that holds its common words often.
    if (question(query) && total) score *= Math.min(1, covered / total) ** COVERAGE;
    for (const phrase of query.phrases || []) {
      const frequency = occurrences(section, phrase.parts, site);
      if (frequency) score += phrase.weight * frequency * (K1 + 1) / (frequency + norm);
    }
    return (score + QUOTE * quotation(section, query, site)) * section.boost *
      (pasted(query) ? section.errorBoost : 1);
  }

  /* A query that reads like an error and is not a reader's question in Chinese: a short
   * Chinese sentence that names an error ("docker镜像pull一直失败", "证书报错") asks what
   * to do, which the Q&A and the guide answer, not which message it is. */
  function pasted(query) {
    return query.error && !(question(query) && HAN.test(query.raw));
  }

  /* A question in the reader's words rather than a pasted message: it reads like no error,
   * or it is as short as a question ("拉取 ghcr.io 报错", "systemctl start docker is failing"). */
  function question(query) {
    return !query.error || query.sequence.length <= QUESTION;
  }

  function tally(counts, term) {
    if (!term.prefix && !term.compound) return counts.get(term.key) || 0;
    let n = 0;
    for (const [key, value] of counts)
      if (key.startsWith(term.key)) n += key === term.key || term.prefix ? value : value / 2;
    return n;
  }

  /* How much of the query the section quotes: the rarity of the words that the section
   * holds in the query's order, in runs of MIN_QUOTE words or more; 0 for short queries. */
  function quotation(section, query, site) {
    if (!query.grams.size) return 0;
    let grams = site.cache.grams.get(section);
    if (!grams) {
      grams = section.words.slice(0, 1 - MIN_QUOTE)
        .map((_, i) => section.words.slice(i, i + MIN_QUOTE).join(" "));
      site.cache.grams.set(section, grams);
    }
    const quoted = new Set();
    grams.forEach((gram, i) => {
      if (query.grams.has(gram))
        for (let j = i; j < i + MIN_QUOTE; j++) quoted.add(stem(section.words[j]));
    });
    let weight = 0;
    for (const key of quoted)
      if (!site.stop.has(key)) weight += rarity({ key }, site);
    return weight;
  }

  /* The hint: when nothing matched, or the best match holds under half of the query's
   * words, links to the error-message page, the Q&A and the issue tracker (heading first),
   * after the first three results. */
  function withHint(items, query, site) {
    if (!site.hint.length || !query.raw.trim()) return items;
    const best = items[0] && items[0][0];
    const section = best && site.sections.get(best.location);
    const found = section ? query.terms.filter(term =>
      tally(section.title, term) + tally(section.text, term) > 0).length : 0;
    if (best && best.score > 0 && found * 2 >= query.terms.length) return items;
    const group = site.hint.map(link => ({ ...link, score: 0, terms: {} }));
    return [...items.slice(0, HINT_AFTER), group, ...items.slice(HINT_AFTER)];
  }

  /* Results --------------------------------------------------------------------------- */

  /* The reader's text -> what the search box shows, in the shape of Material's search result
   * ({items, suggest}): the ranked groups, each document with its title and a short excerpt
   * of its text (plain text, escaped) in which the words that count are marked (<mark>);
   * `terms`, each word the reader typed that counts -> whether the section holds it
   * (Material lists the missing ones and highlights the others on the page it opens); and
   * `suggest`, the last word being typed completed from the best result's title. */
  function answer(site, text, shownGroups = Infinity) {
    const query = normalise(site, text);
    const shownQuery = { ...query, start: keys(query), marks: new Map() };
    const items = rank(site, query, []).map((group, i) => i >= shownGroups ? group :
      group.map(doc => shown(doc, shownQuery, site)));
    return { items, suggest: suggestion(query, items, site) };
  }

  function shown(doc, query, site) {
    const section = site.sections.get(doc.location);
    if (!section) return doc;  // the hint's links: shown as they are
    const terms = {};
    for (const term of query.terms)
      if (!term.synonym)
        terms[term.word] = tally(section.title, term) + tally(section.text, term) > 0;
    let text = site.cache.plain.get(doc.location), title = site.cache.titles.get(doc.location);
    if (text === undefined) site.cache.plain.set(doc.location, text = plain(strip(doc.text)));
    if (title === undefined) site.cache.titles.set(doc.location, title = plain(doc.title));
    return { ...doc, title: marked(title, query, site, Infinity),
             text: `<p>${marked(text, query, site, EXCERPT)}</p>`, terms };
  }

  function plain(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  }

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const SPECIAL = /[&<>"'\u200b]/;
  const escape = text => !SPECIAL.test(text) ? text :
    text.replace(/[&<>"']/g, c => ESCAPES[c]).replace(/\u200b/g, "");

  /* `text` (plain) as HTML with each word that a term of the query matches in <mark>; cut to
   * about `limit` characters from a little before the first such word, "…" where cut. Only
   * the part shown is cut into words: a long section costs no more than a short one. */
  function marked(text, query, site, limit) {
    let from = 0, to = text.length;
    if (text.length > limit) {
      const at = text.search(query.start);
      if (at > LEAD) from = after(text, at - LEAD);
      to = Math.min(text.length, from + limit);
      if (to < text.length) to = Math.max(before(text, to), from + (limit >> 1));
    }
    const part = text.slice(from, to), words = [];
    let last = 0;
    for (const match of part.matchAll(site.separator)) {
      if (match.index > last) words.push([last, match.index]);
      last = match.index + match[0].length;
    }
    if (last < part.length) words.push([last, part.length]);
    let html = from > 0 ? "… " : "", cursor = 0;
    for (const [start, end] of words) {
      const word = escape(part.slice(start, end));
      html += escape(part.slice(cursor, start)) +
        (matches(part.slice(start, end), query) ? `<mark>${word}</mark>` : word);
      cursor = end;
    }
    return html + escape(part.slice(cursor)) + (to < text.length ? " …" : "");
  }

  /* Where a word of the query may start (any of its keys, in any letter case). */
  function keys(query) {
    return new RegExp(query.terms.map(term => term.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|") || "(?!)", "iu");
  }

  /* The first word break at or after `i`, and the last one before `i` (a space, or the
   * index's break between Chinese words); `i` itself when there is none. */
  function after(text, i) {
    const next = text.slice(i).search(/[\s\u200b]/);
    return next < 0 ? i : i + next + 1;
  }

  function before(text, i) {
    const space = Math.max(text.lastIndexOf(" ", i), text.lastIndexOf("\u200b", i));
    return space > 0 ? space : i;
  }

  /* Whether a term of the query matches the word; remembered in the shown query's `marks`,
   * since the excerpts of one answer repeat most of their words. */
  function matches(word, query) {
    let hit = query.marks.get(word);
    if (hit !== undefined) return hit;
    const key = stem(word.normalize("NFKC").toLowerCase());
    hit = query.terms.some(term => term.prefix || term.compound
      ? key.startsWith(term.key) : key === term.key);
    query.marks.set(word, hit);
    return hit;
  }

  /* The last word of the text while it is being typed (it starts indexed words but is none),
   * completed from a word of the best result's title that it starts, with the letters as
   * typed ("Dock" -> "Docker"); none otherwise. */
  function suggestion(query, items, site) {
    const typed = query.raw.split(/[\s-]+/).pop();
    const term = query.terms.find(term => !term.synonym && term.prefix &&
      typed.toLowerCase() === term.word);
    const best = items[0] && items[0][0];
    if (!term || !best || !site.sections.has(best.location)) return [];
    const title = plain(site.documents.find(doc => doc.location === best.location).title);
    const word = split(title, site.separator).find(word => word.startsWith(term.word) &&
      word.length > term.word.length);
    return word ? [typed + word.slice(typed.length)] : [];
  }

  return { prepare, normalise, rank, answer, stem };
});
