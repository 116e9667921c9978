/* The set-up generator's logic: a pure function from the reader's choice and the recipes
 * (sitecheck/data/generator.yaml, mirrors.yaml; in the browser window.MIRROR_GENERATOR_DATA,
 * written by hooks/generator_data.py) to the files, commands, rewritten image references,
 * notes and guide links for that choice. No DOM, no framework, no build step: the page's
 * UI (generator-ui.js) and node (sitecheck/generator.py, the tests) call the same code.
 *
 *   generate(choice, data) -> {errors, files: [{path, language, content, link}],
 *     commands: [{kind, shell, language, expect, absent, link}], rewrites: [...],
 *     notes: [{id, zh, en, link}], links: ["page#id", ...]}
 *
 * choice: {runtime, mirror: <operator id> | "own", scheme: "https" | "http", host, port,
 *          ca, registries: ["ghcr.io", ...], existing: bool}
 */
(function (root) {
  "use strict";

  var REGISTRIES = ["docker.io", "ghcr.io", "registry.k8s.io", "quay.io", "gcr.io"];
  var UPSTREAM = {"docker.io": "https://registry-1.docker.io"};
  var CERTS = "/etc/containerd/certs.d";
  var CRI = {2: "io.containerd.grpc.v1.cri", 3: "io.containerd.cri.v1.images"};
  var TEST_IMAGE = "docker.io/library/busybox:latest";
  var EXAMPLES = {"ghcr.io": "ghcr.io/home-assistant/home-assistant:stable",
                  "registry.k8s.io": "registry.k8s.io/pause:3.10",
                  "quay.io": "quay.io/<namespace>/<image>:<tag>",
                  "gcr.io": "gcr.io/<project>/<image>:<tag>"};

  var MESSAGES = {
    runtime: ["请选择运行时。", "Choose what you run."],
    mirror: ["请选择加速器。", "Choose a mirror."],
    "host-empty": ["请填写加速器的主机名，例如 mirror.example.internal。",
                   "Enter the mirror's host name, like mirror.example.internal."],
    "host-scheme": ["主机名里不要写 http:// 或 https://：协议在“协议”一栏里选。",
                    "Enter the host without http:// or https://: choose the scheme in its own field."],
    "host-path": ["主机名里不能带路径（/）：加速器须在根路径提供服务，Docker Engine 24.0.8 以前遇到路径会拒绝启动。",
                  "No path (/) in the host: a mirror is served at the root, and Docker Engine before 24.0.8 refuses to start with a path."],
    "host-port": ["端口请填在“端口”一栏里。", "Put the port in the port field."],
    "host-unicode": ["请填写 ASCII 形式的主机名（国际化域名用 xn-- 开头的 punycode 形式）。",
                     "Enter the host name in ASCII (an internationalised name in its xn-- punycode form)."],
    "host-chars": ["主机名只能包含字母、数字、点和连字符（不能有空格、引号、; 或 $ 等）。",
                   "A host name holds only letters, digits, dots and hyphens (no spaces, quotes, ; or $)."],
    "host-form": ["这不是一个有效的主机名或 IPv4 地址。", "This is not a valid host name or IPv4 address."],
    port: ["端口须是 1 到 65535 之间的数字，或留空。", "The port is a number from 1 to 65535, or empty."],
    scheme: ["协议只能是 https 或 http。", "The scheme is https or http."],
    "ca-http": ["私有 CA 证书只用于 HTTPS：纯 HTTP 的加速器不需要。",
                "A private CA applies to HTTPS only: a plain-HTTP mirror needs none."],
    "ca-path": ["CA 证书须写绝对路径，只含字母、数字和 . _ - /，例如 /etc/ssl/internal-ca.crt。",
                "Write the CA certificate as an absolute path of letters, digits and . _ - /, like /etc/ssl/internal-ca.crt."],
    registries: ["未知的仓库。", "Unknown registry."]
  };

  var NOTES = {
    "reload": ["reload 让 dockerd 重新读取配置（SIGHUP），容器继续运行；restart 会停掉没有重启策略的容器（除非启用了 live-restore）。",
               "reload makes dockerd read its configuration again (SIGHUP) and keeps containers running; restart stops containers without a restart policy (unless live-restore is on)."],
    "snap-restart": ["snap 版 Docker 只能 restart：它会停掉正在运行的容器。", "The snap's Docker can only be restarted: that stops running containers."],
    "merge": ["合并命令需要 python3（Linux 上最可能已有的解释器）：它先备份（同目录下 .bak 文件），保留其他所有键；文件无效时报错退出，不改动文件。",
              "The merge command needs python3 (the interpreter a Linux host most likely has): it backs the file up first (a .bak file beside it) and keeps every other key; on an invalid file it stops with an error and changes nothing."],
    "no-overwrite": ["写入命令不会覆盖已有的文件：文件已存在时它只报错。已有文件请勾选“配置文件已经存在”，用合并命令。", "The write command never overwrites a file: if the file exists it only says so. For an existing file, tick \"already exists\" and use the merge command."],
    "merge-replaces": ["已有的 registry-mirrors 会被替换为上面的列表（旧值在备份里）。",
                       "An existing registry-mirrors list is replaced by the one above (the old one is in the backup)."],
    "merge-yaml": ["合并 YAML 还需要 PyYAML（Debian/Ubuntu：python3-yaml）；写回时注释不会保留，原文件在备份里。",
                   "Merging YAML also needs PyYAML (Debian/Ubuntu: python3-yaml); comments are not kept when the file is written back, the original is in the backup."],
    "merge-toml": ["合并 TOML 需要 Python 3.11 或更高版本（tomllib）；文件其余部分原样保留。节名按文件里的 version 选：version = 3 用 io.containerd.cri.v1.images，version = 2 用 io.containerd.grpc.v1.cri。",
                   "Merging TOML needs Python 3.11 or later (tomllib); the rest of the file stays as it is. The section follows the file's version line: version = 3 takes io.containerd.cri.v1.images, version = 2 io.containerd.grpc.v1.cri."],
    "flags": ["如果 systemd 单元里已有 --registry-mirror，dockerd 会因“flag 与文件重复”拒绝启动：二者只留其一。",
              "If the systemd unit already passes --registry-mirror, dockerd refuses to start (the same directive as a flag and in the file): keep only one."],
    "hub-only": ["registry-mirrors 只对 Docker Hub（docker.io）生效：其他仓库的镜像请改写镜像名，见下。",
                 "registry-mirrors applies to Docker Hub (docker.io) only: for other registries, rewrite the image reference as below."],
    "own-hub-only": ["自建的拉取缓存（distribution）一个实例只镜像一个上游：这里只为 docker.io 生成配置。",
                     "A pull-through cache of your own (distribution) mirrors one upstream per instance: the outputs cover docker.io only."],
    "desktop-editor": ["在 Settings → Docker Engine 的编辑器里，把 registry-mirrors 加进最外层的大括号，保留已有的键，然后点 Apply & restart（引擎会重启，容器随之停止）。",
                       "In Settings → Docker Engine, add registry-mirrors inside the outermost braces, keep the keys already there, then click Apply & restart (the engine restarts, and containers stop with it)."],
    "desktop-recovery": ["Desktop 起不来时，退出它并直接改这个文件：", "If Desktop no longer starts, quit it and edit this file directly: "],
    "desktop-ca": ["Docker Desktop 的私有 CA 设置本站未核实，请看 Docker 的文档。", "This site has not checked the private-CA steps for Docker Desktop: see Docker's documentation."],
    "colima-edit": ["在 colima start --edit 打开的编辑器里把 docker: 一节改成上面的内容；保存后 Colima 会校验并（询问后）重启。不要进虚拟机改 /etc/docker/daemon.json：每次启动都会被覆盖。",
                    "In the editor that colima start --edit opens, change the docker: section to the content above; on saving, Colima validates it and (after asking) restarts. Do not edit /etc/docker/daemon.json in the VM: every start overwrites it."],
    "no-ca": ["这个运行时的私有 CA 设置不在生成器里：请看链接的页面。", "The private-CA set-up of this runtime is not in the generator: see the linked page."],
    "containerd-restart": ["config.toml 只在 containerd 启动时读取，所以要重启一次；containerd 的 systemd 单元是 KillMode=process，容器不会因此停止。hosts.toml 不需要重启。containerd 2.2 起 Linux 默认就读 /etc/containerd/certs.d。",
                           "containerd reads config.toml only when it starts, hence one restart; its systemd unit has KillMode=process, so containers keep running. hosts.toml needs no restart. From containerd 2.2, Linux reads /etc/containerd/certs.d by default."],
    "ctr-local": ["containerd 2.x 的 ctr 默认把拉取交给守护进程，加 --local 才会在终端打出 host= 调试行。", "containerd 2.x's ctr hands the pull to the daemon unless given --local, and only then prints the host= debug lines."],
    "ctr-16": ["containerd 1.6 的 ctr 没有 --local，1.7 默认就在本地拉取，所以这里不加 --local。", "containerd 1.6's ctr has no --local and 1.7 pulls locally by default, so the command has none."],
    "sandbox": ["pause（sandbox）镜像由 containerd 自己拉取，不看 kubeadm 的 imageRepository：registry.k8s.io 的 hosts.toml 覆盖了它。", "containerd pulls the pause (sandbox) image itself, whatever kubeadm's imageRepository says: the registry.k8s.io hosts.toml covers it."],
    "k8s-own": ["你的加速器只镜像 docker.io：registry.k8s.io（控制面组件和 pause 镜像）需要自己的镜像源或能直连。", "Your mirror serves docker.io only: registry.k8s.io (the control plane and the pause image) needs a mirror of its own or a direct route."],
    "every-node": ["每个拉镜像的节点都要有这些文件（包括 server 节点）。", "Every node that pulls images needs these files (server nodes included)."],
    "k3s-restart": ["registries.yaml 只在启动时读取，所以要重启服务；k3s 和 RKE2 的 systemd 单元是 KillMode=process，重启不会停掉 Pod 里的容器。", "registries.yaml is read only at start, hence the restart; the k3s and RKE2 systemd units have KillMode=process, so a restart does not stop the pods' containers."],
    "k3s-agent": ["agent 节点上重启的是 ", "On agent nodes, restart "],
    "k3d-create": ["--registry-config 只在创建集群时生效：已有的集群要重新创建。", "--registry-config takes effect only when the cluster is created: create an existing cluster again."],
    "k3d-ca": ["k3d 的私有 CA 需要把证书挂进节点容器，生成器不覆盖这一步。", "A private CA with k3d needs the certificate mounted into the node containers, which the generator does not cover."],
    "kind-mount": ["extraMounts 是按节点写的：多节点集群里每个节点都要写。之后改宿主机上的 hosts.toml 立即生效。", "extraMounts is per node: repeat it under every node of a multi-node cluster. Later edits to the host's hosts.toml apply at once."],
    "minikube-delete": ["这些参数只在创建集群时生效：minikube delete 会删除现有集群。", "These flags apply only when the cluster is created: minikube delete deletes the existing cluster."],
    "minikube-ca": ["minikube docker 运行时的私有 CA 不在生成器里。", "A private CA for minikube's docker runtime is not in the generator."],
    "podman-dropin": ["生成的是独立的 drop-in 文件，发行版的 registries.conf 不动；Podman 每次运行都读取，CRI-O 需要 sudo systemctl restart crio。", "These are drop-in files of their own, the distribution's registries.conf stays untouched; Podman reads them on every run, CRI-O needs sudo systemctl restart crio."],
    "podman-rootless": ["不要创建 ~/.config/containers/registries.conf：它一存在，系统的 drop-in 就不再读取。", "Do not create ~/.config/containers/registries.conf: once it exists, the system's drop-ins are no longer read."],
    "buildkit-recreate": ["buildkitd.toml 只在创建 builder 时读取：改了之后先 docker buildx rm，再创建。builder 自己的镜像 moby/buildkit 由 Docker Engine 拉取，走的是 daemon 的 registry-mirrors。", "buildkitd.toml is read only when the builder is created: after a change, docker buildx rm it and create it again. The builder's own image, moby/buildkit, is pulled by Docker Engine, through the daemon's registry-mirrors."],
    "dind": ["docker:dind 服务里是一个全新的 dockerd，不读 runner 主机的 daemon.json；command 的参数传给它。把 29 换成你用的 Docker 版本。", "The docker:dind service runs a fresh dockerd that does not read the runner host's daemon.json; the command's arguments go to it. Replace 29 with the Docker version you use."],
    "dind-existing": ["已有 .gitlab-ci.yml 时，只给你的 docker:dind 服务加上 command 这一行。", "With an existing .gitlab-ci.yml, add only the command line to your docker:dind service."],
    "http": ["纯 HTTP 只适合可信的内网。", "Plain HTTP belongs on a trusted internal network only."],
    "docker-ca-store": ["Docker Engine 29 起新装默认用 containerd 镜像存储：那时给 registry-mirrors 加载证书的目录是 docker.io 的，而不是加速器主机名的，本站未测试这种组合，见链接。", "New installs of Docker Engine 29 and later use the containerd image store: there, the certificates for registry-mirrors are looked up in docker.io's directory, not the mirror's; this site has not tested that combination, see the link."],
    "editor-undo": ["撤销：删掉同一处的 registry-mirrors 键，再应用一次。", "To undo: delete the registry-mirrors key in the same place and apply again."],
    "kubeadm-init": ["新建集群时，把同一个文件交给 kubeadm init --config kubeadm-config.yaml。", "When you create the cluster, give the same file to kubeadm init --config kubeadm-config.yaml."],
    "kind-node-image": ["节点镜像 kindest/node 由宿主机的 docker pull 拉取：走宿主机 Docker 的 registry-mirrors，见链接。", "The node image kindest/node is pulled by the host's docker pull: it goes through the host Docker's registry-mirrors, see the link."],
    "k3d-node-images": ["节点镜像 docker.io/rancher/k3s 由宿主机的 Docker Engine 拉取；k3d 的辅助镜像来自 ghcr.io，registry-mirrors 管不到。", "The node image docker.io/rancher/k3s is pulled by the host's Docker Engine; k3d's helper images come from ghcr.io, which registry-mirrors does not cover."],
    "buildx-dockerfile": ["在有 Dockerfile 的目录里构建，它的 FROM 要是一个 Docker Hub 镜像。", "Build in a directory with a Dockerfile whose FROM is a Docker Hub image."],
    "check-absent": ["没有这一行才对：有它说明加速器失败、回退到了上游。", "This line must be absent: it means the mirror failed and the pull fell back to the upstream."]
  };

  function note(id, extra, link) {
    var text = NOTES[id];
    return {id: id, zh: text[0] + (extra || ""), en: text[1] + (extra || ""), link: link || null};
  }

  function error(field, id) {
    return {field: field, id: id, zh: MESSAGES[id][0], en: MESSAGES[id][1]};
  }

  /* ---- the reader's input ---- */

  var LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

  function hostProblem(host) {
    if (!host) return "host-empty";
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return "host-scheme";
    if (/[^\x00-\x7f]/.test(host)) return "host-unicode";
    if (host.indexOf("/") >= 0) return "host-path";
    if (/^[^:]+:\d*$/.test(host)) return "host-port";
    if (!/^[A-Za-z0-9.-]+$/.test(host)) return "host-chars";
    var labels = host.toLowerCase().split(".");
    if (host.length > 253 || !labels.every(function (l) { return LABEL.test(l); })) {
      return "host-form";
    }
    if (/^[0-9.]+$/.test(host) && !(labels.length === 4 && labels.every(function (l) {
      return Number(l) <= 255 && String(Number(l)) === l;
    }))) return "host-form";
    return null;
  }

  function validate(choice, data) {
    var errors = [];
    if (!runtimeOf(choice.runtime, data)) errors.push(error("runtime", "runtime"));
    if (choice.mirror === "own") {
      var problem = hostProblem(choice.host || "");
      if (problem) errors.push(error("host", problem));
      var port = choice.port || "";
      if (port && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
        errors.push(error("port", "port"));
      }
      if (choice.scheme !== "https" && choice.scheme !== "http") errors.push(error("scheme", "scheme"));
      if (choice.ca) {
        if (choice.scheme === "http") errors.push(error("ca", "ca-http"));
        else if (!/^\/[A-Za-z0-9._\/-]+$/.test(choice.ca)) errors.push(error("ca", "ca-path"));
      }
    } else if (!operators(data)[choice.mirror]) {
      errors.push(error("mirror", "mirror"));
    }
    (choice.registries || []).forEach(function (r) {
      if (REGISTRIES.indexOf(r) < 0) errors.push(error("registries", "registries"));
    });
    return errors;
  }

  /* ---- the mirror: per registry, the host that serves it ---- */

  function operators(data) {
    var result = {};
    (data.mirrors || []).forEach(function (m) {
      var id = m.operator.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      var op = result[id] || (result[id] = {id: id, name: m.operator, hosts: {}, prefix: null});
      if (m.form === "prefix") op.prefix = m.host;
      else op.hosts[m.serves] = m.host;
    });
    return result;
  }

  /* {registry: {scheme, host, url, ca}} for the registries the mirror serves, and the
     prefix host (for rewritten references) or null. */
  function endpoints(choice, data) {
    var served = {};
    if (choice.mirror === "own") {
      var host = choice.host.toLowerCase() + (choice.port ? ":" + Number(choice.port) : "");
      served["docker.io"] = {scheme: choice.scheme, host: host, url: choice.scheme + "://" + host,
                             ca: choice.ca || null};
      return {served: served, prefix: null};
    }
    var op = operators(data)[choice.mirror];
    Object.keys(op.hosts).forEach(function (registry) {
      var h = op.hosts[registry];
      served[registry] = {scheme: "https", host: h, url: "https://" + h, ca: null};
    });
    return {served: served, prefix: op.prefix};
  }

  function servedRegistries(choice, data) {
    var served = endpoints(choice, data).served;
    return REGISTRIES.filter(function (r) { return served[r]; });
  }

  /* ---- small writers ---- */

  function shq(text) {
    return /^[A-Za-z0-9_.,:\/=@%+-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
  }

  function shellPath(path) {
    return path.indexOf("~/") === 0 ? '"$HOME/' + path.slice(2) + '"' : shq(path);
  }

  function dirname(path) {
    return path.indexOf("/") < 0 ? "" : path.slice(0, path.lastIndexOf("/"));
  }

  /* Write a new file; an existing one is never overwritten (that is the merge's job). */
  function writeFile(path, content, sudo) {
    var dir = dirname(path), p = shellPath(path);
    var lines = dir ? [(sudo ? "sudo " : "") + "mkdir -p " + shellPath(dir)] : [];
    lines.push("if [ -e " + p + " ]; then",
               "  echo " + shq(path + " already exists: not overwritten") + " >&2; false",
               "else",
               sudo ? "  sudo tee " + p + " > /dev/null <<'EOF'" : "  cat > " + p + " <<'EOF'");
    return lines.concat([content.replace(/\n$/, ""), "EOF", "fi"]).join("\n");
  }

  function mergeCommand(script, path, changes, sudo) {
    return (sudo ? "sudo " : "") + "python3 - " + shellPath(path) + " " +
      shq(JSON.stringify(changes)) + " <<'EOF'\n" + script.replace(/\n$/, "") + "\nEOF";
  }

  function copyCa(ca, dir, sudo) {
    var s = sudo ? "sudo " : "";
    return s + "mkdir -p " + shellPath(dir) + "\n" + s + "cp " + shq(ca) + " " +
      shellPath(dir + "/ca.crt");
  }

  function hostField(host) {
    // logrus quotes a value holding a character outside [A-Za-z0-9-._/@^+], such as ':'
    return /^[A-Za-z0-9._\/@^+-]+$/.test(host) ? "host=" + host : 'host="' + host + '"';
  }

  function daemonJson(url) {
    return '{\n  "registry-mirrors": ["' + url + '"]\n}\n';
  }

  function hostsToml(registry, endpoint, ca) {
    var lines = ['server = "' + (UPSTREAM[registry] || "https://" + registry) + '"', "",
                 '[host."' + endpoint.url + '"]', '  capabilities = ["pull", "resolve"]'];
    if (ca) lines.push('  ca = "' + ca + '"');
    return lines.join("\n") + "\n";
  }

  function registriesYaml(regs, served, withConfigs) {
    var lines = ["mirrors:"];
    regs.forEach(function (r) {
      lines.push("  " + r + ":", "    endpoint:", '      - "' + served[r].url + '"');
    });
    var d = served["docker.io"];
    if (withConfigs && d.ca) {
      lines.push("configs:", '  "' + d.host + '":', "    tls:", "      ca_file: " + d.ca);
    }
    return lines.join("\n") + "\n";
  }

  function registriesConf(registry, endpoint) {
    var lines = ["[[registry]]", 'location = "' + registry + '"', "", "[[registry.mirror]]",
                 'location = "' + endpoint.host + '"'];
    if (endpoint.scheme === "http") lines.push("insecure = true");
    return lines.join("\n") + "\n";
  }

  function buildkitdToml(regs, served) {
    var blocks = regs.map(function (r) {
      return '[registry."' + r + '"]\n  mirrors = ["' + served[r].host + '"]';
    });
    var d = served["docker.io"];
    if (d.scheme === "http") blocks.push('[registry."' + d.host + '"]\n  http = true');
    else if (d.ca) blocks.push('[registry."' + d.host + '"]\n  ca = ["' + d.ca + '"]');
    return blocks.join("\n\n") + "\n";
  }

  function containerdConfig(version) {
    return "version = " + version + '\n\n[plugins."' + CRI[version] + '".registry]\n' +
      '  config_path = "' + CERTS + '"\n';
  }

  function containerdChanges(version) {
    var sets = {}, forbid = {};
    [2, 3].forEach(function (v) {
      var table = ["plugins", CRI[v], "registry"];
      sets[v] = [[table, "config_path", CERTS]];
      forbid[v] = [[table, "mirrors"]];
    });
    return {new_version: version, sets: sets, forbid: forbid};
  }

  function registryDir(registry) {
    return registry.replace(/\./g, "-");
  }

  /* ---- one output collector per call ---- */

  function Out(runtime) {
    this.runtime = runtime;
    this.files = [];
    this.commands = [];
    this.rewrites = [];
    this.notes = [];
  }
  Out.prototype.link = function (kind) {
    return (this.runtime.links || {})[kind] || null;
  };
  Out.prototype.file = function (path, language, content, kind) {
    this.files.push({path: path, language: language, content: content, link: this.link(kind || "file")});
  };
  Out.prototype.command = function (kind, shell, extra) {
    var c = {kind: kind, shell: shell, language: "bash", expect: null, absent: false,
             link: this.link(kind)};
    Object.keys(extra || {}).forEach(function (k) { c[k] = extra[k]; });
    this.commands.push(c);
  };
  Out.prototype.note = function (id, extra, kind) {
    this.notes.push(note(id, extra, kind ? this.link(kind) : null));
  };

  /* ---- the families ---- */

  function rewrites(out, choice, regs, ep) {
    regs.filter(function (r) { return r !== "docker.io"; }).forEach(function (r) {
      var target = ep.prefix ? ep.prefix + "/" + r : ep.served[r].host;
      var example = EXAMPLES[r];
      out.rewrites.push({registry: r, from: r + "/", to: target + "/", example: example,
                         rewritten: target + example.slice(r.length)});
    });
    if (regs.length > 1) out.notes.push(note("hub-only", "", "other-registries#rewrite"));
  }

  /* docker info shows the configuration; a pull that names the mirror cannot fall back to
     Docker Hub (verify#pull-from-mirror): it works only if the mirror does. */
  function directPull(out, endpoint, language) {
    if (endpoint.scheme !== "https") return;  // a plain-HTTP host pulled by name needs insecure-registries
    var image = endpoint.host + "/library/busybox:latest";
    out.command("check", "docker pull " + image + "\ndocker image rm " + image,
      {expect: "Digest: sha256:", link: "verify#pull-from-mirror", language: language || "bash"});
  }

  function dockerChecks(out, url, logs) {
    out.command("check", "docker info", {expect: url + "/"});
    if (logs) {
      out.command("check", "docker pull busybox:latest\n" + logs +
        ' | grep -e "Attempting next endpoint" -e "trying next host"',
        {expect: "Attempting next endpoint for pull after error", absent: true});
    }
  }

  var FAMILIES = {};

  FAMILIES["daemon-json"] = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var content = daemonJson(d.url);
    out.file(r.file, "json", content);
    if (r.prepare) {
      out.command("prepare", r.prepare, {expect: "--registry-mirror", absent: true});
      out.note("flags", "", "prepare");
    }
    if (d.ca) {
      if (r.certs_dir) {
        out.command("ca", copyCa(d.ca, r.certs_dir + "/" + d.host, r.sudo));
        out.note("docker-ca-store", "", "ca");
      } else {
        out.note("no-ca");
      }
    }
    if (choice.existing) {
      out.command("merge", mergeCommand(data.scripts.merge_tree, r.file,
        {"registry-mirrors": [d.url]}, r.sudo), {link: out.link("file")});
      out.note("merge");
      out.note("merge-replaces");
    } else {
      out.command("write", writeFile(r.file, content, r.sudo), {link: out.link("file")});
      out.note("no-overwrite");
    }
    if (r.validate) {
      out.command("validate", r.validate,
        {expect: /dockerd --validate/.test(r.validate) ? "configuration OK" : null});
    }
    out.command("apply", r.apply);
    if (r.restart_stops_containers) out.note("snap-restart", "", "apply");
    else if (/ reload /.test(r.apply)) out.note("reload", "", "apply");
    dockerChecks(out, d.url, r.logs);
    directPull(out, d);
    out.command("undo", mergeCommand(data.scripts.merge_tree, r.file, {"registry-mirrors": null},
      r.sudo) + "\n" + r.apply);
    rewrites(out, choice, regs, ep);
  };

  FAMILIES.desktop = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    out.file("Settings → Docker Engine", "json", daemonJson(d.url));
    out.note("desktop-editor", "", "file");
    out.note("desktop-recovery", r.recovery_file, "recovery");
    out.note("editor-undo", "", "undo");
    if (d.ca) out.note("desktop-ca");
    var language = r.shell === "powershell" ? "powershell" : "bash";
    if (r.context) {
      out.command("check", "docker context ls", {expect: r.context + " *", language: language});
    }
    out.command("check", "docker info", {expect: d.url + "/", language: language});
    directPull(out, d, language);
    rewrites(out, choice, regs, ep);
  };

  FAMILIES.colima = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    out.file(r.file, "yaml", "docker:\n  registry-mirrors:\n    - " + d.url + "\n");
    out.command("apply", "colima start --edit", {link: out.link("file")});
    out.note("colima-edit", "", "file");
    out.note("editor-undo", "", "undo");
    if (d.ca) out.note("no-ca");
    out.command("check", "docker info", {expect: d.url + "/"});
    out.command("check", "colima ssh -- cat /etc/docker/daemon.json", {expect: '"registry-mirrors"'});
    directPull(out, d);
    rewrites(out, choice, regs, ep);
  };

  FAMILIES.dind = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    out.file(r.file, "yaml", ["build:", "  image: docker:29", "  services:",
      "    - name: docker:29-dind",
      '      command: ["--registry-mirror", "' + d.url + '"]',
      "  variables:", '    DOCKER_TLS_CERTDIR: "/certs"', "  script:", "    - docker info",
      "    - docker build -t my-image ."].join("\n") + "\n");
    out.note("dind", "", "file");
    if (choice.existing) out.note("dind-existing", "", "file");
    out.note("editor-undo", "", "undo");
    if (d.ca) out.note("no-ca");
    out.command("check", "docker info", {expect: d.url + "/"});
    rewrites(out, choice, regs, ep);
  };

  function containerdHosts(out, regs, ep, dir, sudo, caDir) {
    var paths = [];
    regs.forEach(function (reg) {
      var e = ep.served[reg], path = dir + "/" + reg + "/hosts.toml", ca = e.ca;
      if (ca && caDir) {
        out.command("ca", copyCa(ca, dir + "/" + reg, sudo));
        ca = caDir + "/" + reg + "/ca.crt";
      }
      var content = hostsToml(reg, e, ca);
      out.file(path, "toml", content, reg === "docker.io" ? "file" : "other");
      out.command("write", writeFile(path, content, sudo),
        {link: out.link(reg === "docker.io" ? "file" : "other")});
      paths.push(path);
    });
    return paths;
  }

  function containerdBase(out, choice, data, ep, regs) {
    var r = out.runtime, v = r.config_version, path = "/etc/containerd/config.toml";
    var content = containerdConfig(v);
    out.file(path, "toml", content, "config");
    if (choice.existing) {
      out.command("merge", mergeCommand(data.scripts.merge_toml, path, containerdChanges(v), true),
        {link: out.link("config")});
      out.note("merge");
      out.note("merge-toml");
    } else {
      out.command("write", writeFile(path, content, true), {link: out.link("config")});
      out.note("no-overwrite");
    }
    var files = containerdHosts(out, regs, ep, CERTS, true, null);
    // containerd 2.x prints its configuration with go-toml v2 (literal strings, '...'),
    // 1.x with go-toml v1 ("...")
    var quote = v === 3 ? "'" : '"';
    out.command("validate", "sudo containerd config dump | grep config_path",
      {expect: "config_path = " + quote + CERTS + quote, link: out.link("config")});
    out.command("apply", "sudo systemctl restart containerd");
    out.note("containerd-restart", "", "apply");
    return files;
  }

  FAMILIES.containerd = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var files = containerdBase(out, choice, data, ep, regs);
    out.command("check", "sudo ctr --debug images pull " + (r.ctr_local ? "--local " : "") +
      "--hosts-dir " + CERTS + " " + TEST_IMAGE, {expect: hostField(d.host)});
    out.note(r.ctr_local ? "ctr-local" : "ctr-16", "", "check");
    out.command("undo", "sudo rm " + files.join(" "));
  };

  FAMILIES.kubeadm = function (out, choice, data, ep, regs) {
    var d = ep.served["docker.io"];
    if (regs.indexOf("registry.k8s.io") < 0 && ep.served["registry.k8s.io"]) {
      regs = regs.concat(["registry.k8s.io"]);
      regs = REGISTRIES.filter(function (r) { return regs.indexOf(r) >= 0; });
    }
    var files = containerdBase(out, choice, data, ep, regs);
    var k8s = ep.served["registry.k8s.io"];
    if (k8s) {
      out.note("sandbox", "", "sandbox");
      var config = ["apiVersion: kubeadm.k8s.io/v1beta4", "kind: ClusterConfiguration",
                    "imageRepository: " + k8s.host, "dns:",
                    "  imageRepository: " + k8s.host + "/coredns"].join("\n") + "\n";
      out.file("kubeadm-config.yaml", "yaml", config, "kubeadm");
      out.command("write", writeFile("kubeadm-config.yaml", config, false), {link: out.link("kubeadm")});
      out.note("kubeadm-init", "", "kubeadm");
      out.command("apply", "kubeadm config images list --config kubeadm-config.yaml\n" +
        "sudo kubeadm config images pull --config kubeadm-config.yaml", {link: out.link("kubeadm")});
    } else {
      out.note("k8s-own", "", "sandbox");
    }
    out.note("every-node");
    out.command("check", "sudo ctr --debug images pull " + (out.runtime.ctr_local ? "--local " : "") +
      "--hosts-dir " + CERTS + " " + TEST_IMAGE, {expect: hostField(d.host)});
    out.command("check", "sudo crictl pull " + TEST_IMAGE + "\n" +
      'sudo journalctl -u containerd --since "10 min ago" | grep -e "trying next host"',
      {expect: "trying next host", absent: true});
    out.command("undo", "sudo rm " + files.join(" "));
  };

  FAMILIES.k3s = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var content = registriesYaml(regs, ep.served, true);
    out.file(r.file, "yaml", content);
    var mirrors = {}, undoMirrors = {};
    regs.forEach(function (reg) {
      mirrors[reg] = {endpoint: [ep.served[reg].url]};
      undoMirrors[reg] = null;
    });
    var changes = {mirrors: mirrors}, undo = {mirrors: undoMirrors};
    if (d.ca) {
      changes.configs = {};
      changes.configs[d.host] = {tls: {ca_file: d.ca}};
      undo.configs = {};
      undo.configs[d.host] = null;
    }
    var restart = "sudo systemctl restart " + r.services[0];
    if (choice.existing) {
      out.command("merge", mergeCommand(data.scripts.merge_tree, r.file, changes, true),
        {link: out.link("file")});
      out.note("merge");
      out.note("merge-yaml");
    } else {
      out.command("write", writeFile(r.file, content, true), {link: out.link("file")});
      out.note("no-overwrite");
    }
    out.command("apply", restart);
    out.note("k3s-restart", "", "apply");
    out.note("k3s-agent", r.services[1], "apply");
    out.note("every-node");
    out.command("check", "sudo cat " + r.generated + "/docker.io/hosts.toml",
      {expect: '[host."' + d.url});
    out.command("check", r.ctr + " --debug images pull --local --hosts-dir " + r.generated +
      " " + TEST_IMAGE, {expect: hostField(d.host)});
    out.note("ctr-local", "", "check");
    out.command("undo", (choice.existing ? mergeCommand(data.scripts.merge_tree, r.file, undo, true)
      : "sudo rm " + r.file) + "\n" + restart);
  };

  FAMILIES.k3d = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var content = registriesYaml(regs, ep.served, false);
    out.file(r.file, "yaml", content);
    out.command("write", writeFile(r.file, content, false), {link: out.link("file")});
    if (d.ca) out.note("k3d-ca", "", "ca");
    out.command("apply", "k3d cluster create " + r.cluster + " --registry-config " + r.file);
    out.note("k3d-create", "", "apply");
    out.note("k3d-node-images", "", "apply");
    out.command("check", "docker exec k3d-" + r.cluster +
      "-server-0 cat /var/lib/rancher/k3s/agent/etc/containerd/certs.d/docker.io/hosts.toml",
      {expect: '[host."' + d.url});
  };

  FAMILIES.kind = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var files = containerdHosts(out, regs, ep, r.hosts_dir, true, CERTS);
    var config = ["kind: Cluster", "apiVersion: kind.x-k8s.io/v1alpha4",
      "containerdConfigPatches:", "- |-", '  [plugins."io.containerd.grpc.v1.cri".registry]',
      '    config_path = "' + CERTS + '"', "nodes:", "- role: control-plane", "  extraMounts:",
      "  - hostPath: " + r.hosts_dir, "    containerPath: " + CERTS, "    readOnly: true"
    ].join("\n") + "\n";
    out.file("kind-config.yaml", "yaml", config, "apply");
    out.command("write", writeFile("kind-config.yaml", config, false), {link: out.link("apply")});
    out.note("kind-node-image", "", "node_image");
    out.command("apply", "kind create cluster --config kind-config.yaml");
    out.note("kind-mount", "", "apply");
    out.command("check", "docker exec kind-control-plane sh -c " + shq("ctr --debug images pull " +
      "--local --hosts-dir " + CERTS + " " + TEST_IMAGE), {expect: hostField(d.host)});
    out.command("undo", "sudo rm " + files.join(" "));
  };

  FAMILIES["minikube-docker"] = function (out, choice, data, ep, regs) {
    var d = ep.served["docker.io"];
    if (d.ca) out.note("minikube-ca");
    out.command("apply", "minikube delete\nminikube start --container-runtime=docker " +
      "--registry-mirror=" + d.url);
    out.note("minikube-delete", "", "apply");
    out.command("check", "minikube ssh -- docker info", {expect: d.url + "/"});
    rewrites(out, choice, regs, ep);
  };

  FAMILIES["minikube-containerd"] = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var files = containerdHosts(out, regs, ep, r.hosts_dir, false, CERTS);
    out.command("apply", "minikube start --container-runtime=containerd");
    out.command("check", "minikube ssh -- sudo ctr --debug images pull --local --hosts-dir " +
      CERTS + " " + TEST_IMAGE, {expect: hostField(d.host)});
    out.command("undo", "rm " + files.map(shellPath).join(" ") + "\nminikube ssh -- sudo rm " +
      files.map(function (f) { return CERTS + f.slice(r.hosts_dir.length); }).join(" "));
  };

  FAMILIES.podman = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"], paths = [];
    if (d.ca) out.command("ca", copyCa(d.ca, r.certs_dir + "/" + d.host, r.sudo));
    regs.forEach(function (reg) {
      var path = r.dir + "/" + registryDir(reg) + "-mirror.conf";
      var content = registriesConf(reg, ep.served[reg]);
      out.file(path, "toml", content, reg === "docker.io" ? "file" : "other");
      out.command("write", writeFile(path, content, r.sudo),
        {link: out.link(reg === "docker.io" ? "file" : "other")});
      paths.push(path);
    });
    out.note("podman-dropin", "", "file");
    if (!r.sudo) out.note("podman-rootless", "", "file");
    if (d.scheme === "http") out.note("http", "", "http");
    out.command("check", "podman pull --log-level=debug " + TEST_IMAGE,
      {expect: 'Trying to access "' + d.host + '/library/busybox:latest"'});
    out.command("undo", (r.sudo ? "sudo " : "") + "rm " + paths.map(shellPath).join(" "));
  };

  FAMILIES.buildkit = function (out, choice, data, ep, regs) {
    var r = out.runtime, d = ep.served["docker.io"];
    var content = buildkitdToml(regs, ep.served);
    out.file(r.file, "toml", content);
    if (choice.existing) {
      var sets = regs.map(function (reg) {
        return [["registry", reg], "mirrors", [ep.served[reg].host]];
      });
      if (d.scheme === "http") sets.push([["registry", d.host], "http", true]);
      else if (d.ca) sets.push([["registry", d.host], "ca", [d.ca]]);
      out.command("merge", mergeCommand(data.scripts.merge_toml, r.file,
        {new_version: null, sets: {"*": sets}}, false), {link: out.link("file")});
      out.note("merge");
      out.note("merge-toml");
    } else {
      out.command("write", writeFile(r.file, content, false), {link: out.link("file")});
      out.note("no-overwrite");
    }
    out.command("apply", "docker buildx create --name " + r.builder + " --driver docker-container " +
      "--buildkitd-config " + r.file + " --buildkitd-flags '--debug' --use\n" +
      "docker buildx inspect --bootstrap");
    out.note("buildkit-recreate", "", "apply");
    out.command("check", "docker buildx build --progress=plain .\ndocker logs buildx_buildkit_" +
      r.builder + "0 2>&1 | grep -e " + shq(d.host) + ' -e "trying next host"',
      {expect: hostField(d.host)});
    out.note("buildx-dockerfile", "", "check");
    out.command("undo", "docker buildx rm " + r.builder);
  };

  /* ---- entry points ---- */

  function runtimeOf(id, data) {
    return (data.runtimes || []).filter(function (r) { return r.id === id; })[0] || null;
  }

  function generate(choice, data) {
    var errors = validate(choice, data);
    var empty = {errors: errors, files: [], commands: [], rewrites: [], notes: [], links: []};
    if (errors.length) return empty;
    var runtime = runtimeOf(choice.runtime, data);
    var ep = endpoints(choice, data);
    var wanted = ["docker.io"].concat(choice.registries || []);
    var regs = REGISTRIES.filter(function (r) { return wanted.indexOf(r) >= 0 && ep.served[r]; });
    var out = new Out(runtime);
    if (choice.mirror === "own" && wanted.length > 1) out.note("own-hub-only");
    FAMILIES[runtime.family](out, choice, data, ep, regs);
    if (ep.served["docker.io"].scheme === "http" && runtime.family !== "podman") {
      out.note("http", "", "http");
    }
    var links = [];
    out.files.concat(out.commands, out.notes).forEach(function (item) {
      if (item.link && links.indexOf(item.link) < 0) links.push(item.link);
    });
    return {errors: [], files: out.files, commands: out.commands, rewrites: out.rewrites,
            notes: out.notes, links: links};
  }

  /* The choice <-> the query string (?runtime=k3s&mirror=http://10.0.0.5:5000&...). */
  function parseQuery(search) {
    var params = {};
    String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf("="), key = i < 0 ? pair : pair.slice(0, i);
      var value = i < 0 ? "" : pair.slice(i + 1);
      try { params[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, " ")); }
      catch (e) { /* a malformed escape: the parameter is ignored */ }
    });
    var choice = {runtime: params.runtime || "", mirror: "", scheme: "https", host: "", port: "",
                  ca: params.ca || "", registries: [], existing: params.existing === "1"};
    var mirror = params.mirror || "";
    var m = /^(https?):\/\/(.*)$/i.exec(mirror);
    if (m) {
      choice.mirror = "own";
      choice.scheme = m[1].toLowerCase();
      var hp = /^(.*):(\d*)$/.exec(m[2]);
      choice.host = hp ? hp[1] : m[2];
      choice.port = hp ? hp[2] : "";
    } else {
      choice.mirror = mirror;
    }
    if (params.registries) choice.registries = params.registries.split(",").filter(Boolean);
    return choice;
  }

  function toQuery(choice) {
    var parts = [];
    if (choice.runtime) parts.push("runtime=" + encodeURIComponent(choice.runtime));
    if (choice.mirror === "own") {
      parts.push("mirror=" + encodeURIComponent(choice.scheme + "://" + (choice.host || "") +
        (choice.port ? ":" + choice.port : "")).replace(/%3A/g, ":").replace(/%2F/g, "/"));
      if (choice.ca) parts.push("ca=" + encodeURIComponent(choice.ca).replace(/%2F/g, "/"));
    } else if (choice.mirror) {
      parts.push("mirror=" + encodeURIComponent(choice.mirror));
    }
    if (choice.registries && choice.registries.length) {
      parts.push("registries=" + choice.registries.map(encodeURIComponent).join(","));
    }
    if (choice.existing) parts.push("existing=1");
    return parts.length ? "?" + parts.join("&") : "";
  }

  var api = {generate: generate, validate: validate, operators: operators,
             servedRegistries: servedRegistries, parseQuery: parseQuery, toQuery: toQuery,
             REGISTRIES: REGISTRIES};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.MirrorGenerator = api;
})(this);
