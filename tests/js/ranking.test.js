/* Unit tests of the search ranking (hooks/search_ranking.js), one or more per promise of the
 * contract at its top, on the small index of fixture.js: `node --test tests/js/`. They need
 * neither Material nor a browser (tests/test_search.py runs the real search box). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Ranking = require("../../hooks/search_ranking.js");
const { index } = require("./fixture.js");

const rankers = { zh: Ranking.prepare(index("zh")), en: Ranking.prepare(index("en")) };
const HINT = "from=search-hint";

/* The groups for `text`, ranked from the index's own candidates (or from `candidates`). */
function rank(language, text, candidates = []) {
  const ranker = rankers[language];
  return Ranking.rank(ranker, Ranking.normalise(ranker, text), candidates);
}

/* Result locations in display order, the hint left out. */
function results(language, text) {
  return rank(language, text).flat().map(doc => doc.location)
    .filter(location => !location.includes(HINT));
}

const first = (language, text) => results(language, text)[0];
const words = (language, text) => Ranking.normalise(rankers[language], text).terms
  .map(term => term.word);
const hinted = groups => groups.some(group => group.some(doc => doc.location.includes(HINT)));

// In and out ---------------------------------------------------------------------------------

test("out: groups of the index's documents, one page each, best first, with scores", () => {
  const groups = rank("en", "restart docker daemon");
  assert.ok(groups.length >= 2);
  for (const group of groups) {
    const pages = new Set(group.map(doc => doc.location.split("#")[0]));
    assert.equal(pages.size, 1, JSON.stringify(group.map(doc => doc.location)));
    for (let i = 1; i < group.length; i++) assert.ok(group[i - 1].score >= group[i].score);
  }
  for (let i = 1; i < groups.length; i++) assert.ok(groups[i - 1][0].score >= groups[i][0].score);
  assert.equal(groups[0][0].location, "guide/docker-engine/#restart");
  assert.equal(groups[0][0].title, "Restart Docker");  // the document itself, with its fields
});

test("in: the candidates of a first search are ranked, and only they", () => {
  const candidates = [[{ location: "guide/docker-engine/#daemon-json", title: "x", text: "" },
                       { location: "guide/docker-engine/#restart", title: "y", text: "" }]];
  const groups = rank("en", "restart docker", candidates);
  assert.deepEqual(groups.flat().map(doc => doc.location),
                   ["guide/docker-engine/#restart", "guide/docker-engine/#daemon-json"]);
  assert.equal(groups[0][0].title, "y");  // the candidate's own fields are kept
});

test("in: with no candidates, the sections that hold a word of the query are gathered", () => {
  const found = results("en", "hosts.toml");
  assert.equal(found[0], "guide/containerd/#hosts-toml");
  assert.ok(!found.includes("qa/#speed"));
});

test("the ranker keeps its state in the object the caller owns", () => {
  const one = Ranking.prepare(index("en")), two = Ranking.prepare(index("en"));
  const query = text => Ranking.rank(one, Ranking.normalise(one, text), []);
  const before = query("registry-mirrors in daemon.json");
  Ranking.rank(two, Ranking.normalise(two, "hub-mirror.c.163.com hosts.toml"), []);
  assert.deepEqual(query("registry-mirrors in daemon.json"), before);  // same again
  assert.notEqual(one.cache, two.cache);
  assert.equal(two.cache.phrases.size, 2);
  assert.ok(!one.cache.phrases.has("hub mirror c.163 com"));
});

// Pasted errors ------------------------------------------------------------------------------

test("a pasted error: the section that quotes it comes first", () => {
  const paste = "Error response from daemon: Get https://registry.example/v2/: tls: " +
    "x509: certificate signed by unknown authority";
  assert.equal(first("en", paste), "guide/errors/tls/#x509");
  assert.equal(first("zh", paste), "guide/errors/tls/#x509");
  const limit = "toomanyrequests: You have reached your pull rate limit. You may increase " +
    "the limit by authenticating and upgrading";
  assert.equal(first("en", limit), "guide/errors/refused/#toomanyrequests");
});

test("a pasted error: digests, ids and IP addresses do not count", () => {
  const plain = words("en", "pull access denied x509 unknown authority");
  assert.deepEqual(words("en", "pull access denied sha256:28147ecda6596be570548a7f81be5bc8eb487a3e " +
    "10.0.0.12:5000 0123456789abcdef0123 x509 unknown authority"), plain);
  assert.deepEqual(
    words("en", "x509 unknown authority 123e4567-e89b-12d3-a456-426614174000"),
    words("en", "x509 unknown authority"));
});

test("a pasted error: of a long paste only the 24 rarest words count", () => {
  const known = ["registry", "mirror", "daemon", "json", "restart", "docker", "containerd",
    "hosts", "toml", "certs", "directory", "harbor", "proxy", "cache", "project", "kubernetes",
    "node", "configure", "upstream", "private", "signed", "certificate", "trust", "anonymous",
    "pulls", "limits", "network", "message"];
  const terms = Ranking.normalise(rankers.en, known.join(" ")).terms;
  assert.ok(known.every(word => words("en", word)[0] === word));  // each counts alone
  const typed = terms.filter(term => known.includes(term.word));
  assert.equal(typed.length, 24);
  // the ones left out are among the most common
  const left = known.filter(word => !typed.some(term => term.word === word));
  const weight = word => Ranking.normalise(rankers.en, word).terms[0].weight;
  const lightest = Math.min(...typed.map(term => term.weight));
  assert.ok(left.every(word => weight(word) <= lightest), left);
});

test("an error message weighs the error reference's sections more, other queries not", () => {
  const ranker = rankers.en;
  const score = (text, location) => Ranking.rank(ranker, Ranking.normalise(ranker, text), [])
    .flat().find(doc => doc.location === location).score;
  // "failed" is an error word that no section holds: it changes nothing but `error`
  assert.ok(Ranking.normalise(ranker, "certificate failed").error);
  assert.ok(!Ranking.normalise(ranker, "certificate").error);
  assert.deepEqual(words("en", "certificate failed"), ["certificate"]);
  const gain = location => score("certificate failed", location) / score("certificate", location);
  assert.ok(Math.abs(gain("guide/errors/tls/#x509") - 1.5) < 1e-9);  // its error_boost
  assert.ok(Math.abs(gain("qa/#self-signed") - 1) < 1e-9);
  assert.equal(first("en", "certificate"), "qa/#self-signed");
  assert.equal(first("en", "certificate failed"), "guide/errors/tls/#x509");
  assert.ok(Ranking.normalise(rankers.zh, "拉取镜像报错").error);
});

test("a question in Chinese that names an error is a question: no error boost", () => {
  const ranker = rankers.zh;
  const score = (text, location) => Ranking.rank(ranker, Ranking.normalise(ranker, text), [])
    .flat().find(doc => doc.location === location).score;
  // 失败 is an error word that no section holds: it changes nothing but `error`
  assert.ok(Ranking.normalise(ranker, "证书失败").error);
  assert.deepEqual(words("zh", "证书失败"), words("zh", "证书"));
  for (const location of ["guide/errors/tls/#x509", "qa/#self-signed"])
    assert.ok(Math.abs(score("证书失败", location) / score("证书", location) - 1) < 1e-9);
  assert.equal(first("zh", "证书失败"), first("zh", "证书"));
  // a longer text with Chinese in it that names an error still weighs it more
  const paste = "私有 CA 签发 的 证书 需要 加入 信任 失败";
  const plain = "私有 CA 签发 的 证书 需要 加入 信任";
  assert.ok(Math.abs(score(paste, "guide/errors/tls/#x509") /
    score(plain, "guide/errors/tls/#x509") - 1.5) < 1e-9);
});

// Names written as one ---------------------------------------------------------------------

test("a name written as one: the section that holds it whole comes first", () => {
  // #restart holds "registry" and "mirrors" apart, #daemon-json holds registry-mirrors (and
  // the home page's title "Registry Mirror")
  const found = results("en", "registry-mirrors");
  assert.ok(found.indexOf("guide/docker-engine/#daemon-json") <
            found.indexOf("guide/docker-engine/#restart"), found);
  assert.ok(found.indexOf("") < found.indexOf("guide/docker-engine/#restart"), found);
  assert.equal(first("zh", "registry-mirrors 不生效"), "guide/docker-engine/#daemon-json");
  const query = Ranking.normalise(rankers.en, "registry-mirrors");
  assert.deepEqual(query.phrases.map(phrase => phrase.parts), [["registry", "mirror"]]);
});

test("a file name written as one: daemon.json, hosts.toml", () => {
  assert.equal(first("en", "daemon.json"), "guide/docker-engine/#daemon-json");
  assert.equal(first("zh", "daemon.json 在哪里"), "guide/docker-engine/#daemon-json");
  assert.equal(first("zh", "hosts.toml 怎么写"), "guide/containerd/#hosts-toml");
});

test("a name the index does not hold whole counts as its words", () => {
  assert.deepEqual(Ranking.normalise(rankers.en, "docker-compose.yml").phrases, []);
});

// Chinese ----------------------------------------------------------------------------------

test("Chinese: cut into the index's words, the longest first", () => {
  assert.deepEqual(words("zh", "代理缓存项目"), ["代理", "缓存", "项目"]);
  assert.deepEqual(words("zh", "自签名证书"), ["自签名", "证书"]);
  assert.equal(first("zh", "自签名证书的仓库"), "qa/#self-signed");
});

test("Chinese: function and question words do not count", () => {
  assert.deepEqual(words("zh", "请问自签名证书怎么办呢？"), words("zh", "自签名证书"));
  assert.deepEqual(results("zh", "请问Harbor代理缓存怎么配置吗"), results("zh", "Harbor代理缓存配置"));
});

test("Chinese: two single characters in a row that are no indexed word do not count", () => {
  // 官网 is no word of the index: 官 and 网 alone would match unrelated words
  assert.deepEqual(words("zh", "官网 加速器"), words("zh", "加速器"));
  // a function word is a word of its own, not one of such a run: 写 counts next to 呢, and
  // next to 非常, a function word the index does not hold
  assert.deepEqual(words("zh", "怎么写呢"), ["写"]);
  assert.deepEqual(words("zh", "非常写"), ["写"]);
});

test("Chinese: a word also finds, at half weight, the longer words it starts", () => {
  const query = Ranking.normalise(rankers.zh, "加速");
  assert.ok(query.terms[0].compound);
  const found = results("zh", "加速");
  assert.equal(found[0], "qa/#speed");  // holds 加速 itself
  assert.ok(found.includes("guide/harbor/#proxy-cache"));  // holds 加速器
});

test("Chinese: Latin and Han written together are two words", () => {
  assert.deepEqual(words("zh", "Harbor代理"), ["harbor", "代理"]);
  assert.deepEqual(results("zh", "Harbor代理"), results("zh", "Harbor 代理"));
});

// Typos and the rest -------------------------------------------------------------------------

test("typos: one or two letters too many at the end of a long word are read as the word", () => {
  assert.deepEqual(words("en", "Harbord proxy"), ["harbor", "proxy"]);
  assert.deepEqual(words("en", "containerdd"), ["containerd"]);
  assert.deepEqual(results("en", "Harbord proxy cache"), results("en", "Harbor proxy cache"));
});

test("typos: a word that starts no indexed word is dropped, never guessed", () => {
  assert.deepEqual(words("en", "Harbxyz proxy"), ["proxy"]);
  assert.deepEqual(words("en", "Harb"), ["harb"]);  // a word being typed: a prefix
  assert.ok(Ranking.normalise(rankers.en, "Harb").terms[0].prefix);
  assert.deepEqual(words("en", "dock"), ["dock"]);  // short: no slip, a prefix
  assert.deepEqual(words("en", "qqzzxxyy"), []);
});

test("inflections, letter case, width and stop words do not change the answer", () => {
  assert.deepEqual(results("en", "restarting the daemon"), results("en", "restart daemon"));
  assert.deepEqual(results("en", "MIRRORS"), results("en", "mirror"));
  assert.deepEqual(results("en", "ｈａｒｂｏｒ"), results("en", "harbor"));  // full width
  assert.deepEqual(results("en", "how do I restart dockerd?"), results("en", "restart dockerd"));
  assert.deepEqual(words("en", "the mirror doesn't restart"), ["mirror", "restart"]);
  // in a quotation (three words in a row of a query of four or more) a stop word joins the
  // run: "restart the daemon" is quoted by #restart only, which then comes first
  const quoted = Ranking.normalise(rankers.en, "please restart the daemon");
  assert.deepEqual(quoted.terms.map(term => term.word), ["restart", "daemon"]);
  assert.equal(first("en", "please restart the daemon"), "guide/docker-engine/#restart");
  assert.equal(first("en", "please restart a daemon"), "guide/docker-engine/#daemon-json");
});

test("synonyms count at half the weight of the word typed, never more", () => {
  const query = Ranking.normalise(rankers.en, "k8s");
  const typed = query.terms.find(term => term.word === "k8s");
  const synonym = query.terms.find(term => term.word === "kubernetes");
  assert.ok(synonym, JSON.stringify(query.terms));
  assert.ok(synonym.weight <= typed.weight * 0.5 + 1e-12);
  // a word the index does not hold brings no synonym
  assert.deepEqual(words("en", "osx"), []);
  assert.equal(first("en", "k8s nodes"), "guide/kubernetes/#nodes");
  assert.equal(first("zh", "k8s 节点"), "guide/kubernetes/#nodes");
});

test("a question: the section with its rarest word outranks one with its common words", () => {
  // A short entry whose title holds the question's two common words (docker, daemon) against
  // a longer section that holds them once each and the rare word (ignored) as well.
  const { config } = index("en");
  const other = ["Podman", "BuildKit", "k3s", "Harbor", "Colima", "kind"].map((name, i) => ({
    location: `guide/tool-${i}/#setup`, title: `Set up ${name}`,
    text: `Install ${name}, edit its configuration file and restart it.` }));
  const ranker = Ranking.prepare({ config, docs: [
    { location: "qa/#daemon-mirror", title: "Docker: the daemon's mirror", boost: 1.5,
      text: "docker asks the daemon; the daemon asks its mirror." },
    { location: "guide/proxy/#shell", title: "The shell's proxy", boost: 1.5,
      text: "The daemon is a service of its own: it never reads your shell, so a proxy " +
        "exported there is ignored by docker; set it for the service and restart it." },
    { location: "guide/desktop/#settings", title: "Docker Desktop",
      text: "Open the settings of Docker Desktop and its mirror list." },
    ...other] });
  const best = text => Ranking.rank(ranker, Ranking.normalise(ranker, text), [])[0][0].location;
  assert.equal(best("docker daemon ignored"), "guide/proxy/#shell");
  // a short question with an error word is still a question
  assert.ok(Ranking.normalise(ranker, "docker daemon ignored: error").error);
  assert.equal(best("docker daemon ignored: error"), "guide/proxy/#shell");
  // a pasted error is ranked by its words alone: the entry that repeats them comes first
  const pasted = "Error response from daemon: docker ignored the request";
  assert.ok(Ranking.normalise(ranker, pasted).error);
  assert.equal(best(pasted), "qa/#daemon-mirror");
});

// The hint ---------------------------------------------------------------------------------

test("the hint: shown when nothing is found, heading first, in the index's language", () => {
  for (const [language, heading] of [["zh", "没有找到答案？"], ["en", "No answer found?"]]) {
    const groups = rank(language, "qqzzxxyy 😂");
    assert.equal(groups.length, 1);
    assert.equal(groups[0][0].title, heading);
    assert.ok(groups[0].every(doc => doc.location.endsWith(HINT)));
  }
});

test("the hint: after the first three groups when the best holds under half the words", () => {
  // no section holds more than one of these words
  const weak = rank("en", "harbor trust anonymous network upstream");
  const at = weak.findIndex(group => group[0].location.includes(HINT));
  assert.equal(at, 3, weak.map(group => group[0].location).join(" "));
  assert.ok(weak.length > 4);
});

test("the hint: not shown for a good answer nor for an empty query", () => {
  assert.ok(!hinted(rank("en", "hosts.toml")));
  assert.ok(!hinted(rank("zh", "自签名证书")));
  assert.deepEqual(rank("en", "   "), []);
});

// Nothing a reader types makes it throw -----------------------------------------------------

test("hostile input gives an answer or the hint, never an exception", () => {
  const hostile = ['"unbalanced quote', "+ - ~ ^ * :", "title:docker", "docker^2", "*docker*",
    "。。。？？", "()[]{}<>", "\\", "😂".repeat(200), "拉取镜像总是超时".repeat(200),
    "C:\\ProgramData\\docker\\config\\daemon.json", "sha256:" + "a".repeat(64),
    '[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]', "", "v1*", "1.11"];
  for (const text of hostile)
    for (const language of ["zh", "en"])
      assert.ok(Array.isArray(rank(language, text)), text);
});

test("an index without a separator is refused", () => {
  assert.throws(() => Ranking.prepare({ config: {}, docs: [] }));
});

// What the search box shows (answer) -------------------------------------------------------

const answer = (language, text) => Ranking.answer(rankers[language], text);

test("answer: Material's result shape, gathered from the whole index, ranked as rank ranks", () => {
  const { items, suggest } = answer("en", "restart docker daemon");
  assert.deepEqual(items.map(group => group.map(doc => doc.location)),
                   rank("en", "restart docker daemon").map(group => group.map(doc => doc.location)));
  assert.ok(Array.isArray(suggest));
  for (const doc of items.flat()) {
    assert.equal(typeof doc.score, "number");
    assert.equal(typeof doc.terms, "object");
  }
});

test("answer: the words that count are marked in the title and the excerpt, nothing else", () => {
  const [best] = answer("en", "restart docker").items[0];
  assert.equal(best.location, "guide/docker-engine/#restart");
  assert.equal(best.title, "<mark>Restart</mark> <mark>Docker</mark>");
  assert.match(best.text, /^<p>.*<mark>docker<\/mark> info.*<\/p>$/);
  assert.ok(!/<mark>(then|with)<\/mark>/i.test(best.text), best.text);  // stop words unmarked
  const [zh] = answer("zh", "重启 docker").items[0];
  assert.ok(zh.title.includes("<mark>重启</mark>"), zh.title);
  assert.ok(!zh.text.includes("\u200b"), "the index's word breaks are not shown");
});

test("answer: terms say which typed words a section holds, synonyms left out", () => {
  const { items } = answer("en", "restart docker harbor");
  const best = items[0][0];
  assert.deepEqual(best.terms, { restart: true, docker: true, harbor: false });
});

test("answer: the excerpt is escaped text around the first marked word, cut with an ellipsis", () => {
  const { items } = answer("en", "x509 certificate signed by unknown authority");
  const x509 = items.flat().find(doc => doc.location === "guide/errors/tls/#x509");
  assert.ok(!/<(?!\/?(p|mark)>)/.test(x509.text), x509.text);  // no markup but <p> and <mark>
  const long = "lorem ipsum ".repeat(60) + "harbor proxy cache " + "dolor sit ".repeat(60);
  const doc = { location: "guide/harbor/#proxy-cache", title: "T", text: `<p>${long}</p>` };
  const { config, docs } = index("en");
  const ranker = Ranking.prepare({ config, docs: docs.map(d => d.location === doc.location ? doc : d) });
  const shown = Ranking.answer(ranker, "harbor").items.flat()
    .find(d => d.location === doc.location);
  assert.ok(shown, "the section is found");
  assert.match(shown.text, /^<p>… (ipsum|lorem) .*<mark>harbor<\/mark> proxy cache dolor .* …<\/p>$/);
  assert.ok(shown.text.length < 400, shown.text.length);
});

test("answer: with a count, only the first groups are laid out, the rest come as rank gives them", () => {
  const full = answer("en", "restart docker daemon").items;
  const part = Ranking.answer(rankers.en, "restart docker daemon", 2).items;
  assert.ok(full.length > 3, full.length);
  assert.deepEqual(part.slice(0, 2), full.slice(0, 2));
  assert.deepEqual(part.map(group => group.map(doc => doc.location)),
                   full.map(group => group.map(doc => doc.location)));
  assert.deepEqual(part.slice(2), rank("en", "restart docker daemon").slice(2),
                   "the later groups are rank's, not laid out");
  assert.notDeepEqual(part.slice(2), full.slice(2));
});

test("answer: a word being typed is completed from the best result's title, as typed", () => {
  assert.deepEqual(answer("en", "Harb").suggest, ["Harbor"]);
  assert.deepEqual(answer("en", "harbor").suggest, []);  // a whole word is not completed
});

test("answer: hostile input gives Material's shape, never an exception", () => {
  for (const text of ["", "   ", "title:docker", "<script>alert(1)</script>", "😂".repeat(300)])
    for (const language of ["zh", "en"]) {
      const { items } = answer(language, text);
      assert.ok(Array.isArray(items), text);
      for (const doc of items.flat()) assert.ok(!String(doc.text).includes("<script"), text);
    }
});
