/* A stand-in for Web Workers on pages opened from disk (file://), where Chromium and
 * Firefox refuse to start a Worker. Only the offline copy loads it (hooks/offline.py).
 *
 * Material's search runs in a Worker. This runs the same worker script in a hidden iframe
 * of the page instead: messages are passed as events between the two windows, and
 * importScripts() loads scripts with <script> tags and returns a Promise (the search worker
 * awaits it, and finds its language scripts next to the first script of the frame when the
 * page has an `IFrameWorker`). On http(s) pages it does nothing. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      doc.body.appendChild(script);
    });
  }

  function FrameWorker(url) {
    url = new URL(url, location.href).href;
    var target = new EventTarget(), self = this;
    var frame = document.createElement("iframe");
    var queue = [], ready = false;
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    document.body.appendChild(frame);
    var scope = frame.contentWindow, doc = scope.document;

    function emit(type, init) {
      var event = type === "message" ? new MessageEvent(type, init) : new ErrorEvent(type, init);
      var handler = self["on" + type];
      if (typeof handler === "function") handler.call(self, event);
      target.dispatchEvent(event);
    }
    function deliver(data) {
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    scope.postMessage = function (data) {
      setTimeout(function () { emit("message", { data: data }); });
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, next) {
        return done.then(function () { return loadScript(doc, new URL(next, url).href); });
      }, Promise.resolve());
    };
    scope.addEventListener("error", function (event) {
      emit("error", { message: event.message, error: event.error });
    });

    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.postMessage = function (data) {
      if (ready) setTimeout(function () { deliver(data); });
      else queue.push(data);
    };
    this.terminate = function () { frame.remove(); };

    loadScript(doc, url).then(function () {
      ready = true;
      queue.splice(0).forEach(function (data) { setTimeout(function () { deliver(data); }); });
    }, function (error) {
      emit("error", { message: error.message, error: error });
    });
  }

  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
