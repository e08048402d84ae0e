// Dossier's progressive script. The pages work without it; it adds:
//  - suggestions as you type in the search box (GET /v1/suggest), as an ARIA combobox;
//  - facet, sort, filter and page links that refresh the results without a reload
//    (the server renders the same page; only #results-area is swapped);
//  - folded filters at phone width.
// Suggestions are written with textContent only: nothing from the index becomes markup.
(function () {
  "use strict";

  // ---- Suggestions -------------------------------------------------------------------
  var input = document.getElementById("q");
  var form = document.getElementById("search-form");
  if (input && form) {
    var row = input.parentNode;
    var list = document.createElement("ul");
    list.id = "suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    row.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "suggestions");
    input.setAttribute("aria-expanded", "false");

    var items = [];
    var active = -1;
    var timer = null;
    var seq = 0;
    var labels = { person: "person", organisation: "organisation", instrument: "instrument",
                   country: "country", title: "document" };

    var close = function () {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    var highlight = function (i) {
      var opts = list.children;
      for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", opts[i].id);
      else input.removeAttribute("aria-activedescendant");
    };
    var quote = function (text) { return /\s/.test(text) ? '"' + text.replace(/"/g, "") + '"' : text; };
    var choose = function (s) {
      close();
      if (s.kind === "title" && s.id) {
        window.location.href = "/documents/" + encodeURIComponent(s.id);
        return;
      }
      var field = { person: "person:", organisation: "org:", instrument: "instrument:" }[s.kind];
      if (field) input.value = field + quote(s.text);
      else if (s.kind === "country") input.value = "country:" + s.id;
      else input.value = s.text;
      form.submit();
    };
    var render = function (suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var text = document.createElement("span");
        text.textContent = s.text;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = labels[s.kind] || s.kind;
        li.appendChild(text);
        li.appendChild(kind);
        // mousedown, not click: the input's blur would close the list first.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(s); });
        list.appendChild(li);
      });
      active = -1;
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    };
    var fetchSuggestions = function () {
      var text = input.value.trim();
      if (text.length < 2 || /[:"()]/.test(text)) { render([]); return; }
      var mine = ++seq;
      fetch("/v1/suggest?size=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (j) { if (mine === seq) render(j.suggestions || []); })
        .catch(function () { /* suggestions are a convenience; the form still works */ });
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // ---- Facets, sort, paging without a reload -------------------------------------------
  var area = function () { return document.getElementById("results-area"); };

  var load = function (url, push) {
    var current = area();
    if (!current || !window.fetch || !window.DOMParser) { window.location.href = url; return; }
    current.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (res) {
        var doc = new DOMParser().parseFromString(res.text, "text/html");
        var next = doc.getElementById("results-area");
        if (!next) { window.location.href = url; return; }
        var box = document.getElementById("facets-box");
        var wasOpen = box ? box.open : true;
        current.replaceWith(document.adoptNode(next));
        var filters = doc.getElementById("form-filters");
        var mine = document.getElementById("form-filters");
        if (filters && mine) mine.replaceWith(document.adoptNode(filters));
        var atom = doc.getElementById("atom-link");
        var myAtom = document.getElementById("atom-link");
        if (atom && myAtom) myAtom.setAttribute("href", atom.getAttribute("href"));
        document.title = doc.title;
        if (push) history.pushState({ dossier: true }, "", url);
        var newBox = document.getElementById("facets-box");
        if (newBox) newBox.open = wasOpen;
        var heading = document.getElementById("results-heading");
        if (heading) heading.focus({ preventScroll: true });
      })
      .catch(function () { window.location.href = url; });
  };

  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest ? e.target.closest("a[data-nav]") : null;
    if (!a || !area()) return;
    e.preventDefault();
    load(a.href, true);
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!f.hasAttribute("data-nav") || !area()) return;
    e.preventDefault();
    var params = new URLSearchParams();
    new FormData(f).forEach(function (v, k) { if (String(v).trim() !== "") params.append(k, v); });
    load("/?" + params.toString(), true);
  });
  window.addEventListener("popstate", function () {
    if (area()) load(window.location.href, false);
  });

  // ---- Phone width: the filters start folded ------------------------------------------
  var box = document.getElementById("facets-box");
  if (box && window.matchMedia && window.matchMedia("(max-width: 46rem)").matches) box.open = false;
})();
