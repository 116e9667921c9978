/* The adapter between Material's search worker and the site's ranking (search_ranking.js):
 * the only code that knows Material's messages and lunr. hooks/search_worker.py builds the
 * site's worker from the two files (the ranking first) and installs it in place of
 * Material's, which this file loads after registering its own message listener (below), so
 * that it sees every message first.
 *
 * Material reads the reader's text with lunr's query syntax: "word:" names a field, + - ~ ^ *
 * are operators, "quoted parts" become required terms, so a pasted error message often finds
 * nothing. Here:
 * - the query is rewritten in place into plain words that the index holds (the text in the
 *   search box stays as the reader typed it): the ranking's words that count;
 * - Material's worker then only gathers the candidates; the ranking orders them and adds
 *   the hint.
 *
 * Messages are Material's (SETUP 0, READY 1, QUERY 2, RESULT 3). Any failure here leaves
 * Material's own behaviour in place: errors are caught and reported with console.warn. */
"use strict";
(() => {
  const SETUP = 0, QUERY = 2, RESULT = 3;
  const HAN = /\p{Script=Han}/u;
  const Ranking = self.SearchRanking;

  let index = null;              // the index Material was given, prepared on the first query
  let ranker = null;             // the ranking's state for that index
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
      [index, ranker] = [message.data, null];
    } else if (message && message.type === QUERY && index) {
      let query = null;
      try {
        ranker ||= Ranking.prepare(index);
      } catch (error) {
        index = null;
        console.warn("search: the site's ranking is off", error);
        return;
      }
      try {
        query = Ranking.normalise(ranker, String(message.data));
        message.data = lunrQuery(query);    // Material reads the rewritten query from here
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
        if (query) message = { ...message, data: { ...message.data,
          items: Ranking.rank(ranker, query, message.data.items || []) } };
      } catch (error) {
        console.warn("search: results left in Material's order", error);
      }
    }
    return post(message, ...rest);
  };

  /* The query for Material's worker, which only gathers the candidates: each word that
   * counts with lunr's trailing wildcard (Material adds it); for an English word, the part
   * that every form shares ("registr" for registries, registry). Material cuts a Chinese word
   * of the query again with a segmenter that never looks at the word as a whole; a trailing
   * ideographic zero (U+3007), which the index never holds, makes it keep the word. */
  function lunrQuery(query) {
    return query.terms.map(term => HAN.test(term.word) ? `${term.word}\u3007`
      : common(term.word, term.key)).join(" ");
  }

  function common(a, b) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  }

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
   * not hold are dropped from every expansion. (When lunr throws anyway, Material's answer is
   * empty and the ranking gathers the candidates itself.) */
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
})();
