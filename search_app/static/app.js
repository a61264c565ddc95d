/* Progressive enhancement only: every page works without this file.
   - a citation basket kept in localStorage (the no-JS path is the checkbox form)
   - word suggestions as you type in the search box (ARIA combobox)
   - copy-to-clipboard for formatted citations
   - the search filters open beside the results on wide screens */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var KEY = "healthsearch.basket";

  function readBasket() {
    try {
      var ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) { return []; }
  }
  function writeBasket(ids) {
    try { localStorage.setItem(KEY, JSON.stringify(ids)); } catch (e) { /* private mode */ }
    refresh();
  }
  function citeUrl(ids) {
    var base = (document.querySelector("[data-basket-link]") || {}).pathname || "/cite/";
    var qs = ids.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");
    return base + (qs ? "?" + qs : "");
  }
  function toast(message) {
    var el = document.createElement("div");
    el.className = "toast";
    el.setAttribute("role", "status");
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2200);
  }

  function refresh() {
    var ids = readBasket();
    var count = document.querySelector("[data-basket-count]");
    var link = document.querySelector("[data-basket-link]");
    if (count) { count.textContent = String(ids.length); count.hidden = ids.length === 0; }
    if (link) {
      link.href = citeUrl(ids);
      link.setAttribute("aria-label", "Basket, " + ids.length + (ids.length === 1 ? " section" : " sections"));
    }
    document.querySelectorAll("[data-basket-toggle]").forEach(function (btn) {
      var inBasket = ids.indexOf(btn.getAttribute("data-basket-toggle")) !== -1;
      btn.hidden = false;
      btn.setAttribute("aria-pressed", inBasket ? "true" : "false");
      var label = btn.querySelector("[data-label]");
      if (label) label.textContent = inBasket ? "In basket ✓" : "Add to basket";
      var hit = btn.closest(".hit");
      if (hit) hit.classList.toggle("in-basket", inBasket);
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-basket-toggle]");
    if (toggle) {
      var id = toggle.getAttribute("data-basket-toggle");
      var ids = readBasket();
      var at = ids.indexOf(id);
      if (at === -1) { ids.push(id); toast("Added to the basket (" + ids.length + ")"); }
      else { ids.splice(at, 1); toast("Removed from the basket"); }
      writeBasket(ids);
      return;
    }
    var remove = event.target.closest("[data-basket-remove]");
    if (remove) {
      var left = readBasket().filter(function (x) { return x !== remove.getAttribute("data-basket-remove"); });
      writeBasket(left);
      location.assign(citeUrl(left));
      return;
    }
    if (event.target.closest("[data-basket-clear]")) {
      writeBasket([]);
      location.assign(citeUrl([]));
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var parts = [copy.getAttribute("data-copy"), copy.getAttribute("data-copy-extra")]
        .filter(Boolean).map(function (sel) { var el = document.querySelector(sel); return el ? el.innerText.trim() : ""; });
      var text = parts.join("\n");
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { toast("Copied to the clipboard"); },
          function () { toast("Copy failed: select the text and copy it"); });
      } else { toast("Select the text and copy it"); }
    }
  });

  function basketPage() {
    var page = document.querySelector("[data-basket-page]");
    if (!page) return;
    document.querySelectorAll("[data-basket-remove], [data-basket-clear]").forEach(function (b) { b.hidden = false; });
    var inUrl = new URLSearchParams(location.search).getAll("id");
    var stored = readBasket();
    if (inUrl.length === 0 && stored.length > 0) { location.replace(citeUrl(stored)); return; }
    if (inUrl.length > 0) {  // ids arriving from the checkbox form or a shared link join the basket
      var merged = stored.slice();
      inUrl.forEach(function (id) { if (merged.indexOf(id) === -1) merged.push(id); });
      if (merged.length !== stored.length) writeBasket(merged);
    }
  }

  function suggestions() {
    var combo = document.querySelector(".combo[data-suggest-url]");
    var input = combo && combo.querySelector("input");
    if (!input) return;
    var url = combo.getAttribute("data-suggest-url");
    var list = document.createElement("ul");
    list.id = "q-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    combo.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function lastWord() { var m = /([^\s"():]+)$/.exec(input.value); return m ? m[1] : ""; }
    function choose(word) {
      // a word completes the word being typed; a heading (several words) becomes the query
      input.value = /\s/.test(word) ? word : input.value.replace(/([^\s"():]+)$/, word) + " ";
      close(); input.focus();
    }
    function mark(i) {
      var items = list.querySelectorAll("li");
      items.forEach(function (li, n) { li.setAttribute("aria-selected", n === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && items[i]) input.setAttribute("aria-activedescendant", items[i].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function show(words) {
      list.innerHTML = "";
      words.forEach(function (w, n) {
        var li = document.createElement("li");
        li.id = "q-suggestion-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = w;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(w); });
        list.appendChild(li);
      });
      var open = words.length > 0;
      list.hidden = !open; active = -1;
      input.setAttribute("aria-expanded", open ? "true" : "false");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var word = lastWord();
      if (word.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(url + "?q=" + encodeURIComponent(word), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (body) {
            if (mine !== seq) return;
            show((body.suggestions || []).filter(function (w) { return w !== word; }).slice(0, 8));
          })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      var n = list.querySelectorAll("li").length;
      if (list.hidden || n === 0) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % n); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark((active - 1 + n) % n); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(list.querySelectorAll("li")[active].textContent); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // The facets sit in a "Filter results" disclosure: closed on a phone so that the results
  // come first, open beside them on a wide screen (the server sends it closed).
  function filterPanel() {
    var panel = document.querySelector("[data-filter]");
    if (!panel || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 901px)");
    function fit() { panel.open = wide.matches; }
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
  }

  // Copy buttons need the Clipboard API (a secure context: https or localhost); without it
  // they stay hidden and the text is there to select.
  function copyButtons() {
    if (!(navigator.clipboard && navigator.clipboard.writeText)) return;
    document.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = false; });
  }

  function ready() { refresh(); copyButtons(); basketPage(); suggestions(); filterPanel(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
