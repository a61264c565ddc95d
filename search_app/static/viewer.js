/* The page viewer (/documents/<id>/view): an enhancement of a page that already reads without
   JavaScript. pdf.js (vendored, static/vendor/pdfjs) draws the page on a canvas and lays its
   text over it; the cited passage and the search words are then marked in that text layer.
   The server puts everything needed in data attributes: the PDF's address, the page, the
   passage's text and the word forms to mark. */
import * as pdfjs from "./vendor/pdfjs/pdf.min.mjs";

const WORD = /[\p{L}\p{N}]+/gu;

function tokens(text) {
  return (text.normalize("NFKD").toLowerCase().match(WORD) || []);
}

/* Where the passage's words run in the page's words: anchor a few words at each end
   (sliding inwards when an anchor is broken by hyphenation or a running header). */
function locate(pageTokens, passage) {
  const words = pageTokens.map((t) => t.word);
  const want = tokens(passage);
  if (want.length === 0 || words.length === 0) return null;
  const k = Math.min(5, want.length);
  const at = (seq, from) => {
    outer: for (let i = from; i + seq.length <= words.length; i++) {
      for (let j = 0; j < seq.length; j++) if (words[i + j] !== seq[j]) continue outer;
      return i;
    }
    return -1;
  };
  let start = -1;
  for (let shift = 0; shift + k <= want.length && shift < 40; shift++) {
    const found = at(want.slice(shift, shift + k), 0);
    if (found !== -1) { start = Math.max(0, found - shift); break; }
  }
  if (start === -1) return null;
  let end = Math.min(words.length - 1, start + want.length - 1);
  for (let shift = 0; want.length - shift - k >= 0 && shift < 40; shift++) {
    const from = want.length - shift - k;
    const found = at(want.slice(from, from + k), start);
    if (found !== -1) { end = found + k - 1; break; }
  }
  return [pageTokens[start].span, pageTokens[end].span];
}

function markWords(spans, words) {
  if (words.length === 0) return 0;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + escaped.join("|") + ")(?![\\p{L}\\p{N}])", "giu");
  let count = 0;
  spans.forEach((span) => {
    const text = span.textContent;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) return;
    pattern.lastIndex = 0;
    const parts = [];
    let pos = 0;
    for (const m of text.matchAll(pattern)) {
      if (m.index > pos) parts.push(document.createTextNode(text.slice(pos, m.index)));
      const mark = document.createElement("mark");
      mark.className = "hl-word";
      mark.textContent = m[0];
      parts.push(mark);
      pos = m.index + m[0].length;
      count += 1;
    }
    if (pos < text.length) parts.push(document.createTextNode(text.slice(pos)));
    span.replaceChildren(...parts);
  });
  return count;
}

function start(root) {
  const box = root.querySelector("[data-viewer-page]");
  const status = root.querySelector("[data-viewer-status]");
  const pageNumber = Number(root.dataset.page);
  const passage = root.dataset.passage || "";
  // the page by the page rule, from the server: "p. 4 (PDF p. 6 of 13)"
  const where = root.dataset.where || "PDF p. " + pageNumber;
  let words = [];
  try { words = JSON.parse(root.dataset.words || "[]"); } catch (e) { words = []; }
  const say = (text) => { status.textContent = text; };
  root.classList.add("viewer--js");
  pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;
  say("Loading " + where + "…");

  let drawnWidth = 0;
  let busy = null;

  async function draw(pdf) {
    const page = await pdf.getPage(pageNumber);
    const width = Math.max(240, Math.floor(box.clientWidth));
    drawnWidth = width;
    const scale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale });
    // a phone draws the page small: extra pixels keep it sharp when pinched to zoom
    const ratio = Math.max(window.devicePixelRatio || 1, width < 600 ? 3 : 1);

    const sheet = document.createElement("div");
    sheet.className = "pdf-page";
    sheet.style.setProperty("--scale-factor", String(scale));
    sheet.style.setProperty("--total-scale-factor", String(scale));
    sheet.style.setProperty("--scale-round-x", "1px");
    sheet.style.setProperty("--scale-round-y", "1px");
    sheet.style.width = Math.floor(viewport.width) + "px";
    sheet.style.height = Math.floor(viewport.height) + "px";
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.setAttribute("aria-hidden", "true");  // the text layer carries the words
    const layer = document.createElement("div");
    layer.className = "textLayer";
    layer.setAttribute("aria-label", "Text of PDF p. " + pageNumber);
    layer.setAttribute("role", "region");
    sheet.append(canvas, layer);
    box.replaceChildren(sheet);

    await page.render({
      canvasContext: canvas.getContext("2d"),
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
    }).promise;
    const textLayer = new pdfjs.TextLayer({
      textContentSource: page.streamTextContent(),
      container: layer,
      viewport,
    });
    await textLayer.render();

    const spans = textLayer.textDivs.filter((d) => d.tagName === "SPAN");
    const pageTokens = [];
    spans.forEach((span, i) => tokens(span.textContent).forEach((word) => pageTokens.push({ word, span: i })));
    let marked = 0;
    const range = passage ? locate(pageTokens, passage) : null;
    if (range) {
      for (let i = range[0]; i <= range[1]; i++) {
        spans[i].classList.add("hl-passage");
        marked += 1;
      }
    }
    const hits = markWords(spans, words);
    const first = spans.find((s) => s.classList.contains("hl-passage")) || layer.querySelector(".hl-word");

    const parts = ["Showing " + where + "."];
    if (passage) {
      parts.push(range ? "The passage is highlighted." : "The passage could not be found in this page’s text.");
    }
    if (words.length) parts.push(hits === 1 ? "1 search word marked." : hits + " search words marked.");
    say(parts.join(" "));
    root.dataset.state = "ready";
    root.dataset.passageSpans = String(marked);
    return first;
  }

  pdfjs.getDocument({ url: root.dataset.pdf, isEvalSupported: false, enableXfa: false })
    .promise.then(async (pdf) => {
      const next = root.querySelector("[data-viewer-next]");
      if (next && pageNumber >= pdf.numPages) next.hidden = true;
      if (pageNumber > pdf.numPages) { say("This PDF has " + pdf.numPages + " pages."); return; }
      const first = await draw(pdf);
      if (first && !location.hash) first.scrollIntoView({ block: "center" });
      let timer = null;
      window.addEventListener("resize", () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (busy || Math.abs(box.clientWidth - drawnWidth) < 24) return;
          busy = draw(pdf).finally(() => { busy = null; });
        }, 200);
      });
    })
    .catch((err) => {
      root.classList.remove("viewer--js");
      root.dataset.state = "failed";
      say("The page could not be drawn here (" + (err && err.message ? err.message : err) + "). Use the link to open the PDF.");
    });
}

const root = document.querySelector("[data-viewer]");
if (root) start(root);
