/* The site's search worker: Material's search box talks to it with Material's messages
 * (SETUP 0, READY 1, QUERY 2, RESULT 3), the protocol Material documents for a custom worker
 * (`__config.search`, set by hooks/search_worker.py). It holds no search logic: the ranking
 * (search_ranking.js, defined just before this in the same file) answers every query.
 * Neither Material's worker nor lunr is loaded.
 *
 * A failure is reported with console.warn and answered with no results, as Material's own
 * worker does, so the search box never waits for an answer that does not come. */
"use strict";
(() => {
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  const Ranking = self.SearchRanking;
  let index = null, ranker = null;

  addEventListener("message", ({ data: message }) => {
    if (message?.type === SETUP) {
      [index, ranker] = [message.data, null];
      postMessage({ type: READY });
      // ready at once; the ranker is prepared while the reader has not typed yet
      setTimeout(() => prepared());
    } else if (message?.type === QUERY) {
      let data = { items: [] };
      try {
        if (prepared()) data = Ranking.answer(ranker, String(message.data));
      } catch (error) {
        console.warn("search: no answer for this query", error);
      }
      postMessage({ type: RESULT, data });
    }
  });

  function prepared() {
    if (!ranker && index) {
      try {
        ranker = Ranking.prepare(index);
      } catch (error) {
        index = null;
        console.warn("search: the index cannot be read", error);
      }
    }
    return ranker;
  }
})();
