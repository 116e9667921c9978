/* The site's search worker. hooks/search_worker.py installs it in place of Material's, which
 * it loads after registering its own message listener (below), so that it sees every
 * message first.
 *
 * Material reads the reader's text with lunr's query syntax: "word:" names a field, + - ~ ^ *
 * are operators, "quoted parts" become required terms, so a pasted error message often finds
 * nothing. Here:
 * - the query is rewritten in place into plain words that the index holds (the text in the
 *   search box stays as the reader typed it): variable parts of a paste, stop words and
 *   Chinese function words go, Chinese is cut into the site's own words;
 * - Material's worker then only gathers the candidates; they are ranked here (BM25 over the
 *   words that count, a quotation of the pasted text, the boosts the index carries), since
 *   Material's own order lets a page's opening paragraph and one common word in a title win;
 * - a hint in the reader's language is added when nothing, or little, was found.
 *
 * Messages are Material's (SETUP 0, READY 1, QUERY 2, RESULT 3). Any failure here leaves
 * Material's own behaviour in place: errors are caught and reported with console.warn. */
"use strict";
(() => {
  const SETUP = 0, QUERY = 2, RESULT = 3;
  const MAX_TERMS = 24;          // the most specific words of a long paste
  const MIN_QUOTE = 3;           // consecutive words of the query that make a quotation
  const MAX_PHRASES = 12;        // names written as one (registry-mirrors) that count, per query
  const TITLE = 3;               // a word in a section's title counts as three in its text
  const PAGE = 1;                // and in the title of its page, as one (the page's topic)
  const QUOTE = 1;               // weight of a quotation against the words' own scores
  const K1 = 1.2, B = 0.75;      // BM25: saturation of repeated words, length normalisation
  const SYNONYM = 0.5;           // a word the reader did not type, but means (the index's list)
  const HAN = /\p{Script=Han}/u;
  // A query that reads like an error message (the error reference's sections count more)
  const ERROR = /error|fail|denied|refused|time(?:d ?)?out|invalid|unable|cannot|can't|unknown|unauthori[sz]ed|forbidden|exceeded|not found|no such|x509|eof|too ?many ?requests|reset by peer|unexpected|报错|错误|失败|出错|超时|拒绝/i;
  const HAN_EDGE = /(?<=\p{Script=Han})(?!\p{Script=Han})|(?<!\p{Script=Han})(?=\p{Script=Han})/u;

  /* Words that never decide a ranking: English stop words and Chinese function words and
   * question words. Both lists apply in both languages (readers paste English errors into
   * the Chinese site). */
  const STOP = new Set((
    "a about above after again all also am an and any are as at be been before being below " +
    "between both but by can cannot could did do does doing don down during each even ever " +
    "every few for from further get got had has have having he her here hers him his how i " +
    "if in into is it its itself just let me more most my no nor not now of off on once only " +
    "or other our out over own please same she should so some such than that the their them " +
    "then there these they this those through to too under until up us very was we were what " +
    "when where which while who whom why will with would yet you your yours anyone help " +
    "use used using want way like new still even though otherwise anymore " +
    // the first half of a negative contraction ("doesn't" is cut into "doesn" and "t")
    "doesn don didn isn aren wasn weren won wouldn couldn shouldn haven hasn hadn " +
    "的 了 吗 呢 吧 啊 呀 么 嘛 哦 是 在 和 与 及 或 或者 也 都 就 还 又 很 把 被 对 给 让 从 " +
    "这 那 这个 那个 这样 那样 这些 那些 这种 我 你 他 她 它 我们 你们 他们 大家 如何 怎么 " +
    "怎么办 怎样 怎么样 为什么 为何 为啥 什么 啥 哪个 哪些 哪里 哪儿 请问 请 一下 可以 " +
    "能 能否 是否 会 想 要 有 没有 不 没 一个 一些 如果 但是 但 而 所以 因为 然后 时候 " +
    "时 里 中 上 下 后 问题 出现 提示 总是 一直 还是 已经 现在 最近 求助 大佬 谢谢 意思 " +
    "是不是 有没有 能不能 可不可以 要不要 会不会 对不对 行不行 怎么回事 好像 貌似 似乎 " +
    "应该 应当 一样 跟 到底 究竟 其实 的话 就是 不过 那么 这么 比如 例如"
  ).split(" "));

  let index = null;              // the index Material was given, prepared on the first query
  let site = null;               // what prepare() learnt from it
  const asked = [];              // queries in flight, in order (Material answers in order)
  let loaded = false;            // Material's worker has been loaded
  const held = [];               // messages that came before

  addEventListener("message", event => {
    const message = event.data;
    if (!loaded) {
      event.stopImmediatePropagation();
      held.push(message);
    } else if (message && message.type === SETUP) {
      // nothing is done here, so that a page load costs no more than Material's own worker
      [index, site] = [message.data, null];
    } else if (message && message.type === QUERY && index) {
      let query = null;
      try {
        site ||= prepare(index);
      } catch (error) {
        index = null;
        console.warn("search: the site's ranking is off", error);
        return;
      }
      try {
        query = normalise(String(message.data), site);
        message.data = query.text;    // Material reads the rewritten query from here
      } catch (error) {
        console.warn("search: query left as typed", error);
      }
      asked.push(query);
    }
  });

  const post = self.postMessage.bind(self);
  self.postMessage = (message, ...rest) => {
    if (message && message.type === RESULT && asked.length) {
      const query = asked.shift();
      try {
        if (query) message = { ...message, data: rerank(gathered(message.data, query, site),
                                                        query, site) };
      } catch (error) {
        console.warn("search: results left in Material's order", error);
      }
    }
    return post(message, ...rest);
  };

  /* Material's worker, loaded after this file's listener (hooks/search_worker.py fills in its
   * name). In a worker importScripts is synchronous; the offline copy's stand-in for Worker
   * (hooks/offline_worker.js) loads it with a <script> tag and returns a Promise, and the
   * messages that arrive meanwhile are held, then dispatched again. */
  Promise.resolve(importScripts("@material-worker@")).then(() => {
    try {
      guardWildcards(self.lunr);
    } catch (error) {
      console.warn("search: lunr left as it is", error);
    }
    loaded = true;
    for (const data of held.splice(0)) self.dispatchEvent(new MessageEvent("message", { data }));
  });

  /* lunr expands a trailing wildcard ("v1*") through a compressed set of the index's words,
   * and that set can spell a word the index does not hold (after "1.11" joined a page, "v1*"
   * produced one); lunr then throws, and Material answers with nothing. Words the index does
   * not hold are dropped from every expansion. */
  function guardWildcards(lunr) {
    if (!lunr?.Index?.prototype?.query) return;
    const query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (build) {
      const words = this.tokenSet, postings = this.invertedIndex;
      if (words && !words.guarded) {
        const intersect = words.intersect;
        words.intersect = function (other) {
          const found = intersect.call(this, other), spelt = found.toArray;
          found.toArray = function () {
            return spelt.call(this).filter(word => Object.hasOwn(postings, word));
          };
          return found;
        };
        words.guarded = true;
      }
      return query.call(this, build);
    };
  }

  /* Index ------------------------------------------------------------------------------ */

  /* What the ranking needs from each section: the words of its title, its text and its
   * page's title counted by key (stem), its length, its words in order (for quotations) and
   * its boost. */
  function prepare({ config, docs }) {
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
    return {
      df, sections, keys, count: docs.length || 1, average: total / (docs.length || 1),
      separator, phrases: new Map(), documents: docs,
      longest: keys.reduce((n, key) => HAN.test(key) ? Math.max(n, key.length) : n, 1),
      hint: Array.isArray(config.hint) ? config.hint : [],
      synonyms: synonymMap(config.synonyms),
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

  /* The reader's text -> { raw, terms, sequence, text }: `sequence` is every word of the
   * text in order (for quotations), `terms` the words that count ({ key, prefix }), `text`
   * the plain query that Material's worker gets. Variable parts of a pasted message
   * (digests, ids, IP addresses) are dropped first. */
  function normalise(raw, site) {
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
          // (官网 cut into 官 网): alone, each would match unrelated words.
          words.forEach((word, i) => {
            if (word.length === 1 && (words[i - 1]?.length === 1 || words[i + 1]?.length === 1))
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
          terms.push({ ...synonym, weight });
        }
      }
    return { raw, terms, sequence, phrases: phrases(text, site), error: ERROR.test(text),
             text: terms.map(term => term.lunr).join(" ") };
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
      if (!site.phrases.has(key)) {
        let df = 0;
        for (const section of site.sections.values()) if (occurrences(section, parts)) df++;
        site.phrases.set(key, df);
      }
      const df = site.phrases.get(key);
      if (df) found.set(key, { parts, weight: Math.log(1 + (site.count - df + 0.5) / (df + 0.5)) });
    }
    return [...found.values()];
  }

  function occurrences(section, parts) {
    section.stems ||= section.words.map(stem);
    let n = 0;
    for (let i = section.stems.indexOf(parts[0]); i >= 0 && i + parts.length <= section.stems.length;
      i = section.stems.indexOf(parts[0], i + 1))
      if (parts.every((part, j) => section.stems[i + j] === part)) n++;
    return n;
  }

  /* A word of the query as the ranking counts it, or null: stop words, single letters,
   * numbers the index does not hold and words that start no indexed word are dropped (but
   * a word of five letters or more with one letter too many at its end, or of seven or more
   * with two, counts as the word).
   * A word the index holds counts exactly (`prefix` false; a Chinese word also counts, at
   * half weight, in the longer words it starts: 加速 in 加速器), another word as the prefix
   * of indexed words (one being typed). `lunr` is the term for Material's worker, which only
   * gathers the candidates, with a trailing wildcard: for an English word, the part that
   * every form shares ("registr" for registries, registry). */
  function known(word, site) {
    if (STOP.has(word) || (!HAN.test(word) && word.length < 2)) return null;
    if (/^\d+$/.test(word))
      return word.length >= 3 && site.df.has(word) ? { key: word, prefix: false, lunr: word } : null;
    let key = stem(word);
    let exact = site.df.has(key);
    if (!exact && !starts(site.keys, key)) {
      // A slip at the end of a word ("Harbord"): the indexed word one or two letters shorter.
      const near = HAN.test(word) || word.length < 5 ? undefined :
        [word.slice(0, -1), word.length > 6 && word.slice(0, -2)]
          .find(shorter => shorter && !STOP.has(shorter) && site.df.has(stem(shorter)));
      if (!near) return null;
      [word, key, exact] = [near, stem(near), true];
    }
    // Material cuts a Chinese word of the query again with a segmenter that never looks at
    // the word as a whole; a trailing ideographic zero (U+3007), which the index never holds,
    // makes it keep the word.
    if (HAN.test(word)) return { key, prefix: !exact, compound: exact, lunr: `${word}\u3007` };
    return { key, prefix: !exact, lunr: common(word, key) };
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

  function common(a, b) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(0, i);
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

  /* Chinese text -> words, the longest indexed word first (the index was cut by jieba, so
   * its words are the dictionary); a character that starts no indexed word stays alone. */
  function segment(run, site) {
    const words = [];
    for (let i = 0; i < run.length;) {
      let length = Math.min(site.longest, run.length - i);
      while (length > 1 && !site.df.has(run.slice(i, i + length))) length--;
      words.push(run.slice(i, i + length));
      i += length;
    }
    return words;
  }

  /* Ranking ---------------------------------------------------------------------------- */

  /* Material's answer, ranked again: BM25 over the query's words that count (title words
   * weigh TITLE times, long sections do not win by length), plus a quotation of the query,
   * times the section's boost (the Q&A and the error messages). Material's own order puts
   * a page's opening paragraph before the section that answers and lets one common word
   * in a title decide. */
  function rerank(result, query, site) {
    const groups = (result.items || []).map(group => group.map(item => ({
      ...item, score: relevance(item.location, query, site),
    })));
    for (const group of groups) group.sort((a, b) => b.score - a.score);
    const items = groups.filter(group => group.length).sort((a, b) => b[0].score - a[0].score);
    items.forEach((group, i) => reveal(group, i + 1 < items.length ? items[i + 1][0].score : 0));
    return { ...result, items: withHint(items, query, site) };
  }

  /* Material's candidates, or, when it found none for a query with words the index holds, the
   * sections that hold any of them, grouped by page as Material groups them. When lunr throws
   * on a query, Material answers with nothing; guardWildcards removes the one cause seen so
   * far, and this keeps any other from leaving the reader without an answer. */
  function gathered(result, query, site) {
    if ((result.items || []).length || !query.terms.length) return result;
    const pages = new Map(), opening = new Map();
    for (const doc of site.documents) {
      const page = doc.location.split("#")[0], section = site.sections.get(doc.location);
      if (doc.location === page) opening.set(page, doc);
      if (query.terms.some(term => tally(section.title, term) + tally(section.text, term)))
        pages.set(page, [...pages.get(page) || [], doc]);
    }
    // like Material's, each group holds its page's own document
    return { ...result, items: [...pages].map(([page, docs]) =>
      [...new Set([...docs, opening.get(page)].filter(Boolean))]
        .map(doc => ({ ...doc, score: 0, terms: {} }))) };
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
    let score = 0;
    for (const term of query.terms) {
      const frequency = TITLE * tally(section.title, term) + tally(section.text, term) +
        (section.page ? PAGE * tally(section.page, term) : 0);
      if (frequency) score += term.weight * frequency * (K1 + 1) / (frequency + norm);
    }
    for (const phrase of query.phrases || []) {
      const frequency = occurrences(section, phrase.parts);
      if (frequency) score += phrase.weight * frequency * (K1 + 1) / (frequency + norm);
    }
    return (score + QUOTE * quotation(section, query, site)) * section.boost *
      (query.error ? section.errorBoost : 1);
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
    if (!query.grams) {
      query.grams = new Set();
      const words = query.sequence.length > MIN_QUOTE ? query.sequence : [];
      for (let i = 0; i + MIN_QUOTE <= words.length; i++)
        query.grams.add(words.slice(i, i + MIN_QUOTE).join(" "));
    }
    if (!query.grams.size) return 0;
    section.grams ||= section.words.slice(0, 1 - MIN_QUOTE)
      .map((_, i) => section.words.slice(i, i + MIN_QUOTE).join(" "));
    const quoted = new Set();
    section.grams.forEach((gram, i) => {
      if (query.grams.has(gram))
        for (let j = i; j < i + MIN_QUOTE; j++) quoted.add(stem(section.words[j]));
    });
    let weight = 0;
    for (const key of quoted)
      if (!STOP.has(key)) weight += rarity({ key }, site);
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
    return [...items.slice(0, 3), group, ...items.slice(3)];
  }
})();
