/* The set-up generator's page: builds the form from the data, keeps the choice in the query
 * string (and in the language switch's links), and shows what generator.js returns. Loaded
 * only on guide/generator (overrides/main.html). Works from file:// and needs no network. */
(function () {
  "use strict";

  var data = window.MIRROR_GENERATOR_DATA, G = window.MirrorGenerator;
  var box = document.getElementById("mirror-generator");
  if (!box || !data || !G) return;
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var T = function (z, e) { return zh ? z : e; };

  var KINDS = {
    prepare: T("先检查", "Check first"), ca: T("放置 CA 证书", "Put the CA certificate in place"),
    write: T("写入文件", "Write the file"), merge: T("合并进已有文件", "Merge into the existing file"),
    validate: T("检查语法", "Validate"), apply: T("生效", "Apply"),
    check: T("确认生效", "Check that it works"), undo: T("撤销", "Undo")
  };
  var ORDER = ["prepare", "ca", "merge", "write", "validate", "apply", "check", "undo"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  /* Guide links: the hrefs MkDocs wrote into the list of guide pages (right online, from
     disk and in either language), keyed by page name. */
  var hrefs = {};
  Array.prototype.forEach.call(document.querySelectorAll("#generator-pages a[href]"), function (a) {
    var path = a.getAttribute("href").split("#")[0].replace(/index\.html$/, "")
      .replace(/\.html$/, "").replace(/\/$/, "");
    hrefs[path.slice(path.lastIndexOf("/") + 1)] = a.getAttribute("href").split("#")[0];
  });
  function guideLink(link) {
    if (!link) return null;
    var parts = link.split("#"), base = hrefs[parts[0]];
    if (base === undefined) return null;
    return el("a", {href: base + (parts[1] ? "#" + parts[1] : ""), "class": "generator-guide",
                    text: T("指南里的说明", "Explained in the guide")});
  }

  /* ---- the form ---- */

  function field(label, control, id) {
    control.id = id;
    return el("p", {"class": "generator-field"}, [el("label", {"for": id, text: label}), control]);
  }
  function select(options, name) {
    var s = el("select", {name: name});
    options.forEach(function (o) {
      if (o.group) s.appendChild(o.group); else s.appendChild(el("option", {value: o.value, text: o.text}));
    });
    return s;
  }

  var groups = {};
  data.runtimes.forEach(function (r) {
    if (!groups[r.group]) {
      groups[r.group] = el("optgroup", {label: data.groups[r.group][zh ? "zh" : "en"]});
    }
    groups[r.group].appendChild(el("option", {value: r.id, text: r.label[zh ? "zh" : "en"]}));
  });
  var runtime = select([{value: "", text: T("（请选择）", "(choose)")}].concat(
    Object.keys(groups).map(function (g) { return {group: groups[g]}; })), "runtime");
  var ops = G.operators(data);
  var mirror = select(Object.keys(ops).map(function (id) {
    return {value: id, text: T("公共加速器：", "Public mirror: ") + ops[id].name};
  }).concat([{value: "own", text: T("我自己的加速器", "My own mirror")}]), "mirror");
  var scheme = select([{value: "https", text: "https"}, {value: "http", text: T("http（纯 HTTP）", "http (plain HTTP)")}], "scheme");
  var host = el("input", {type: "text", name: "host", autocomplete: "off", spellcheck: "false",
                          placeholder: "mirror.example.internal", inputmode: "url"});
  var port = el("input", {type: "text", name: "port", inputmode: "numeric", placeholder: "5000",
                          size: "6"});
  var ca = el("input", {type: "text", name: "ca", spellcheck: "false",
                        placeholder: "/etc/ssl/internal-ca.crt"});
  var existing = el("input", {type: "checkbox", name: "existing"});
  var regBoxes = {};
  var regs = el("fieldset", {"class": "generator-registries"}, [
    el("legend", {text: T("要加速的仓库", "Registries to mirror")})]);
  G.REGISTRIES.forEach(function (r) {
    var c = el("input", {type: "checkbox", name: "registries", value: r, id: "generator-reg-" + r});
    if (r === "docker.io") { c.checked = true; c.disabled = true; }
    regBoxes[r] = c;
    regs.appendChild(el("label", {"for": c.id}, [c, document.createTextNode(" " + r)]));
  });
  var own = el("div", {"class": "generator-own"}, [
    field(T("协议", "Scheme"), scheme, "generator-scheme"),
    field(T("主机名或 IP", "Host name or IP"), host, "generator-host"),
    field(T("端口（可不填）", "Port (optional)"), port, "generator-port"),
    field(T("私有 CA 证书的路径（可不填，仅 HTTPS）", "Path of the private CA certificate (optional, HTTPS only)"), ca, "generator-ca")]);
  var form = el("form", {"class": "generator-form", novalidate: "novalidate"}, [
    field(T("你在用什么", "What you run"), runtime, "generator-runtime"),
    field(T("加速器", "Mirror"), mirror, "generator-mirror"), own, regs,
    el("p", {"class": "generator-field"}, [el("label", {"for": "generator-existing"}, [existing,
      document.createTextNode(T(" 配置文件已经存在（合并，不覆盖）", " The configuration file already exists (merge, do not overwrite)"))])])]);
  existing.id = "generator-existing";
  var output = el("div", {"class": "generator-output", "aria-live": "polite"});
  box.textContent = "";
  box.appendChild(form);
  box.appendChild(output);

  function readForm() {
    return {runtime: runtime.value, mirror: mirror.value, scheme: scheme.value,
            host: host.value.trim(), port: port.value.trim(), ca: ca.value.trim(),
            registries: G.REGISTRIES.filter(function (r) {
              return r !== "docker.io" && regBoxes[r].checked && !regBoxes[r].disabled;
            }),
            existing: existing.checked};
  }
  function fillForm(choice) {
    if (choice.runtime) runtime.value = choice.runtime;
    mirror.value = choice.mirror || "";
    if (!mirror.value) mirror.value = Object.keys(ops)[0] || "own";
    scheme.value = choice.scheme === "http" ? "http" : "https";
    host.value = choice.host || "";
    port.value = choice.port || "";
    ca.value = choice.ca || "";
    existing.checked = !!choice.existing;
    (choice.registries || []).forEach(function (r) { if (regBoxes[r]) regBoxes[r].checked = true; });
  }

  /* ---- the address and the language switch ---- */

  function keepInAddress(query) {
    try {
      history.replaceState(null, "", location.pathname + query + location.hash);
    } catch (e) { /* some browsers refuse it from file://: the links below still carry it */ }
    Array.prototype.forEach.call(document.querySelectorAll("a.md-select__link[hreflang]"), function (a) {
      var href = a.getAttribute("href").split("?")[0].split("#")[0];
      a.setAttribute("href", href + query);
    });
  }

  /* ---- the output ---- */

  /* A <pre> without <code>: Material decorates only "pre > code" blocks, and only those
     present when the page loads; this block gets its own copy button instead. */
  function codeBlock(text, language) {
    var pre = el("pre", {"class": "generator-code", "data-language": language, tabindex: "0",
                         text: text});
    var wrap = el("div", {"class": "generator-block"});
    if (navigator.clipboard && window.isSecureContext) {
      var button = el("button", {type: "button", "class": "generator-copy md-button",
                                 text: T("复制", "Copy")});
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = T("已复制", "Copied");
        }, function () { /* the text can still be selected by hand */ });
      });
      wrap.appendChild(button);
    }
    wrap.appendChild(pre);
    return wrap;
  }

  function render(result) {
    output.textContent = "";
    if (result.errors.length) {
      var list = el("ul", {"class": "generator-errors", role: "alert"});
      result.errors.forEach(function (e) {
        list.appendChild(el("li", {"data-field": e.field, text: e[zh ? "zh" : "en"]}));
      });
      output.appendChild(list);
      return;
    }
    if (result.files.length) output.appendChild(el("h3", {text: T("文件", "Files")}));
    result.files.forEach(function (f) {
      output.appendChild(el("div", {"class": "generator-file", "data-path": f.path}, [
        el("p", {}, [el("strong", {}, [el("code", {text: f.path})]), document.createTextNode(" "),
                     guideLink(f.link)]),
        codeBlock(f.content, f.language)]));
    });
    ORDER.forEach(function (kind) {
      var commands = result.commands.filter(function (c) { return c.kind === kind; });
      if (!commands.length) return;
      output.appendChild(el("h3", {text: KINDS[kind]}));
      commands.forEach(function (c) {
        var item = el("div", {"class": "generator-command", "data-kind": kind}, [
          codeBlock(c.shell, c.language)]);
        if (c.expect) {
          item.appendChild(el("p", {"class": "generator-expect"}, [
            document.createTextNode(c.absent ? T("这一行不应出现：", "This line must not appear: ")
                                             : T("要看到这一行：", "Look for this line: ")),
            el("code", {text: c.expect})]));
        }
        var link = guideLink(c.link);
        if (link) item.appendChild(el("p", {}, [link]));
        output.appendChild(item);
      });
    });
    if (result.rewrites.length) {
      output.appendChild(el("h3", {text: T("改写镜像名", "Rewritten image references")}));
      var table = el("table", {"class": "generator-rewrites"}, [el("thead", {}, [el("tr", {}, [
        el("th", {text: T("原来的", "As written")}), el("th", {text: T("改写为", "Rewritten")})])])]);
      var body = el("tbody");
      result.rewrites.forEach(function (r) {
        body.appendChild(el("tr", {}, [el("td", {}, [el("code", {text: r.example})]),
                                       el("td", {}, [el("code", {text: r.rewritten})])]));
      });
      table.appendChild(body);
      output.appendChild(table);
    }
    if (result.notes.length) {
      output.appendChild(el("h3", {text: T("注意", "Notes")}));
      var notes = el("ul", {"class": "generator-notes"});
      result.notes.forEach(function (n) {
        notes.appendChild(el("li", {}, [document.createTextNode(n[zh ? "zh" : "en"] + " "),
                                        guideLink(n.link)]));
      });
      output.appendChild(notes);
    }
  }

  function update() {
    var choice = readForm();
    own.hidden = choice.mirror !== "own";
    ca.disabled = choice.scheme === "http";
    var served = choice.mirror === "own" ? ["docker.io"] :
      G.servedRegistries(choice, data);
    G.REGISTRIES.forEach(function (r) {
      if (r !== "docker.io") regBoxes[r].disabled = served.indexOf(r) < 0;
    });
    keepInAddress(choice.runtime ? G.toQuery(choice) : "");  // nothing chosen yet: a bare address
    if (!choice.runtime) { output.textContent = ""; return; }
    render(G.generate(readForm(), data));
  }

  fillForm(G.parseQuery(location.search));
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  update();
})();
