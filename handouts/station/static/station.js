// Search-as-you-type and filters for the catalogue, entirely in the browser.
// Without JavaScript every handout is simply listed.
"use strict";

(function () {
  const finder = document.getElementById("finder");
  if (!finder) return;
  const query = document.getElementById("q");
  const tag = document.getElementById("tag");
  const language = document.getElementById("language");
  const count = document.getElementById("count");
  const none = document.getElementById("none");
  const items = Array.from(document.querySelectorAll("[data-search]"));
  const cards = items.filter((el) => el.classList.contains("card"));

  function matches(el, words, wantedTag, wantedLanguage) {
    const text = el.dataset.search;
    if (!words.every((w) => text.includes(w))) return false;
    if (wantedTag && !el.dataset.tags.includes("|" + wantedTag + "|")) return false;
    if (wantedLanguage && !el.dataset.language.split(" ").includes(wantedLanguage)) return false;
    return true;
  }

  // As the server folds the cards' words (catalogue.folded), with its table: case
  // folded, then only combining marks dropped ("sueño" is "sueno", but Hindi keeps
  // its vowel signs, which are marks too).
  const table = JSON.parse(finder.dataset.fold);
  const marks = new RegExp("[" + table.marks + "]", "gu");
  function fold(text) {
    const lower = Array.from(text.toLowerCase(), (c) => table.map[c] ?? c).join("");
    return lower.normalize("NFKD").replace(marks, "");
  }

  function update() {
    const words = fold(query.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const el of items) {
      const ok = matches(el, words, tag.value, language.value);
      el.hidden = !ok;
      if (ok && cards.includes(el)) shown += 1;
    }
    count.textContent = shown + " of " + cards.length + " handout" + (cards.length === 1 ? "" : "s");
    none.hidden = shown !== 0;
  }

  finder.addEventListener("submit", (event) => event.preventDefault());
  query.addEventListener("input", update);
  tag.addEventListener("change", update);
  language.addEventListener("change", update);
  update();
})();
