/* What readers of a docs site expect and Material 9 lacks (mkdocs.yml extra_javascript):
 *
 * 1. Ctrl+K (Cmd+K on a Mac) opens the search box and puts the cursor in it, on every page,
 *    as "/", "s" and "f" do in Material. Material ignores keys pressed with Ctrl or Cmd, so
 *    its own keys are untouched; pressed again, Ctrl+K selects the query.
 * 2. The "report a problem" link under each page (overrides/main.html, block content) opens a
 *    new GitHub issue with the page's title and address; when it is followed, the section the
 *    reader was in is added to the title and body: the last heading above the upper
 *    third of the window, or, at the top of the page, the one the address's fragment names.
 *    The link is at the end of the page, so the section is taken when scrolling stops with
 *    the link out of view: the one read last before scrolling down to it, not the page's
 *    last. Nothing is requested until the reader follows the link.
 * 3. An address that moved: a link in the page whose id is the address's fragment and which
 *    points to that same fragment on another page is a forwarding address, and the reader is
 *    taken there. The error reference's index (guide/errors/) lists each message so, under
 *    the id it had when all messages were on that one page, so old links and bookmarks still
 *    land on the message; without JavaScript they land on the link to it. */
(function () {
  "use strict";

  function forward() {
    var id = decodeURIComponent(location.hash.slice(1));
    var link = id && document.getElementById(id);
    if (!link || link.tagName !== "A" || !link.closest(".md-content")) return;
    var to = new URL(link.href, location.href);
    if (to.hash === "#" + encodeURIComponent(id) && to.pathname !== location.pathname)
      location.replace(to.href);
  }
  forward();
  window.addEventListener("hashchange", forward);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "k" && event.key !== "K") return;
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    var input = document.querySelector("input.md-search__input");
    if (!input) return;
    event.preventDefault();  // Chromium's own Ctrl+K moves to the address bar
    // Material opens the search when its box gets the focus, but only once its script has
    // set up the box, which on a long page can come seconds after the page shows: the
    // toggle is set as Material sets it (its style sheet shows the box from the toggle).
    var toggle = document.getElementById("__search");
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    input.select();
  });

  function headings() {
    return Array.prototype.slice.call(
      document.querySelectorAll(".md-content article :is(h2, h3, h4, h5, h6)[id]"));
  }

  function headingOf(target) {
    if (/^H[2-6]$/.test(target.tagName)) return target;
    var before = null;
    headings().forEach(function (heading) {
      if (heading.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING)
        before = heading;
    });
    return before;
  }

  function currentSection() {
    var line = window.innerHeight / 3, found = null;
    headings().forEach(function (heading) {
      if (heading.getBoundingClientRect().top <= line) found = heading;
    });
    if (found) return found;
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    return target ? headingOf(target) : null;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return copy.textContent.trim();
  }

  function visible(link) {
    var box = link.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  var remembered;  // the reader's section when the link was last out of view (or null)

  function remember(link) {
    if (!visible(link)) remembered = currentSection();
  }

  function fill(link) {
    var data = link.dataset, lines = [data.pageLabel + data.page];
    var heading = visible(link) && remembered !== undefined ? remembered : currentSection();
    var title = data.title;
    if (heading) {
      lines.push(data.sectionLabel + headingText(heading) + " (" + data.page + "#" +
                 heading.id + ")");
      title += " › " + headingText(heading);
    }
    var url = new URL(link.href);
    url.searchParams.set("title", title);
    url.searchParams.set("body", lines.join("\n") + "\n\n" + data.prompt + "\n");
    link.href = url.href;
  }

  var link = document.querySelector(".md-report a"), timer;
  if (!link) return;
  ["click", "auxclick", "contextmenu"].forEach(function (type) {
    link.addEventListener(type, function () { fill(link); });
  });
  window.addEventListener("scroll", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(link); }, 100);
  }, { passive: true });
  window.addEventListener("load", function () { remember(link); });
})();
