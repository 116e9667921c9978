/* A small index in each language, shaped as hooks/search_by_language.py writes one: the
 * separator of mkdocs.yml, the vocabulary of hooks/search_vocabulary.json, the hint, and a
 * dozen sections (Chinese already cut into words with U+200B, as jieba cuts them at build
 * time; boosts as the vocabulary's rules give them). */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..");
const vocabulary = JSON.parse(fs.readFileSync(path.join(ROOT, "hooks", "search_vocabulary.json"),
                                              "utf8"));

/* The search separator of mkdocs.yml (a single-quoted YAML string). */
function separator() {
  const yml = fs.readFileSync(path.join(ROOT, "mkdocs.yml"), "utf8");
  const match = yml.match(/^\s*separator: '((?:[^']|'')*)'\s*$/m);
  if (!match) throw new Error("mkdocs.yml: no search separator in single quotes");
  return match[1].replace(/''/g, "'");
}

const cut = text => text.split(" ").join("\u200b");  // words as jieba leaves them

/* [location, title, text, boosts] */
const SECTIONS = {
  zh: [
    ["", "Docker 镜像加速器指南", cut("镜像 加速器 是 什么 ， 如何 配置"), { boost: 0.8 }],
    ["guide/docker-engine/", "Docker Engine", cut("为 Docker Engine 配置 镜像 加速器"), { boost: 0.8 }],
    ["guide/docker-engine/#daemon-json", "写入 daemon.json",
     cut("在 /etc/docker/daemon.json 里 写 registry-mirrors ， 然后 重启 dockerd")],
    ["guide/docker-engine/#restart", "重启 Docker",
     cut("修改 配置 后 重启 ， 再 用 docker info 查看 registry 和 mirrors 两项")],
    ["guide/containerd/#hosts-toml", "containerd 的 hosts.toml",
     cut("containerd 从 certs.d 目录 读取 hosts.toml ， 每个 上游 一个 目录")],
    ["guide/harbor/#proxy-cache", "Harbor 代理 缓存",
     cut("Harbor 的 代理 缓存 项目 可以 当作 镜像 加速器 使用")],
    ["guide/kubernetes/#nodes", "Kubernetes 节点",
     cut("在 每个 Kubernetes （ k8s ） 节点 上 配置 containerd 的 加速器")],
    ["guide/errors/", "错误信息对照", cut("按 报错 原文 查"), { boost: 0.8 }],
    ["guide/errors/tls/#x509", "x509 证书 错误",
     "<pre><code>x509: certificate signed by unknown authority</code></pre>" +
     cut("私有 CA 签发 的 证书 需要 加入 信任"), { error_boost: 1.5 }],
    ["guide/errors/refused/#toomanyrequests", "toomanyrequests",
     "<pre><code>toomanyrequests: You have reached your pull rate limit</code></pre>" +
     cut("Docker Hub 限制 了 匿名 拉取 次数"), { error_boost: 1.5 }],
    ["qa/", "常见问题", cut("常见 问题 的 回答"), { boost: 0.8 }],
    ["qa/#self-signed", "自签名 证书 的 镜像 仓库", cut("把 CA 证书 放进 certs.d 目录"),
     { boost: 1.5 }],
    ["qa/#speed", "加速 没有 效果", cut("先 确认 镜像 加速器 已经 生效 ， 再 看 网络"),
     { boost: 1.5 }],
    ["guide/verify/#sources", "来源", cut("Docker 文档 ， containerd 文档"), { boost: 0.2 }],
  ],
  en: [
    ["", "Docker Registry Mirror Guide", "What a registry mirror is and how to set one up",
     { boost: 0.8 }],
    ["guide/docker-engine/", "Docker Engine", "Set up a mirror for Docker Engine", { boost: 0.8 }],
    ["guide/docker-engine/#daemon-json", "Edit daemon.json",
     "Add registry-mirrors to /etc/docker/daemon.json, then restart dockerd."],
    ["guide/docker-engine/#restart", "Restart Docker",
     "After a change, restart the daemon; docker info lists the registry and its mirrors."],
    ["guide/containerd/#hosts-toml", "containerd's hosts.toml",
     "containerd reads hosts.toml from the certs.d directory, one directory per upstream."],
    ["guide/harbor/#proxy-cache", "Harbor as a proxy cache",
     "A Harbor proxy cache project can serve as a registry mirror."],
    ["guide/kubernetes/#nodes", "Kubernetes nodes",
     "Configure containerd on every Kubernetes (k8s) node to use the mirror."],
    ["guide/errors/", "Error messages", "Look up the message you got.", { boost: 0.8 }],
    ["guide/errors/tls/#x509", "x509 certificate errors",
     "<pre><code>x509: certificate signed by unknown authority</code></pre>" +
     "A private CA signed the certificate: trust it.", { error_boost: 1.5 }],
    ["guide/errors/refused/#toomanyrequests", "toomanyrequests",
     "<pre><code>toomanyrequests: You have reached your pull rate limit</code></pre>" +
     "Docker Hub limits anonymous pulls.", { error_boost: 1.5 }],
    ["qa/", "Q&amp;A", "Answers to common questions", { boost: 0.8 }],
    ["qa/#self-signed", "A mirror with a self-signed certificate",
     "Put the CA certificate in the certs.d directory.", { boost: 1.5 }],
    ["qa/#speed", "The mirror makes no difference",
     "First check that the mirror is used, then look at the network.", { boost: 1.5 }],
    ["guide/verify/#sources", "Sources", "Docker documentation, containerd documentation",
     { boost: 0.2 }],
  ],
};

const HINT = {
  zh: ["没有找到答案？", "错误信息对照", "常见问题", "到 GitHub 提问"],
  en: ["No answer found?", "Error messages", "Q&A", "Ask on GitHub"],
};

function index(language) {
  const [heading, ...titles] = HINT[language];
  const pages = ["guide/errors/", "guide/errors/", "qa/", "https://github.com/o/r/issues"];
  return {
    config: {
      lang: ["en"], separator: separator(), pipeline: [],
      stop_words: vocabulary.stop_words, error_words: vocabulary.error_words,
      synonyms: vocabulary.synonyms,
      hint: [heading, ...titles].map((title, i) => ({
        location: `${pages[i]}?from=search-hint`, title, text: i ? "…" : "" })),
    },
    docs: SECTIONS[language].map(([location, title, text, boosts]) =>
      ({ location, title, text, ...boosts })),
  };
}

module.exports = { index, vocabulary, separator };
