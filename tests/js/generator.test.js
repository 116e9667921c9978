// node --test tests/js/ (run by tests/test_generator.py): the query string round trip and
// the host check of docs/assets/generator/generator.js, without the data.
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const G = require(path.join(__dirname, "..", "..", "docs", "assets", "generator", "generator.js"));

test("an own mirror with port and CA survives the query string", () => {
  const query = "?runtime=k3s&mirror=https://mirror.example.internal:5000&ca=/etc/ssl/ca.crt" +
    "&registries=ghcr.io,quay.io&existing=1";
  const choice = G.parseQuery(query);
  assert.deepStrictEqual(choice, {runtime: "k3s", mirror: "own", scheme: "https",
    host: "mirror.example.internal", port: "5000", ca: "/etc/ssl/ca.crt",
    registries: ["ghcr.io", "quay.io"], existing: true});
  assert.strictEqual(G.toQuery(choice), query);
});

test("a catalogue mirror and plain HTTP survive the query string", () => {
  for (const query of ["?runtime=podman&mirror=daocloud", "?runtime=kind&mirror=http://10.0.0.5:5000"]) {
    assert.strictEqual(G.toQuery(G.parseQuery(query)), query);
  }
});

test("a hostile query string is read as text, never as code", () => {
  const choice = G.parseQuery("?runtime=k3s&mirror=https://a%22%3B%24(reboot)&ca=%E0%A4");
  assert.strictEqual(choice.host, 'a";$(reboot)');
  assert.strictEqual(choice.ca, "");  // a malformed escape is ignored
  const errors = G.validate(choice, {runtimes: [{id: "k3s"}], mirrors: []});
  assert.deepStrictEqual(errors.map(e => e.field), ["host"]);
});
