// Landing: after a result is chosen on the same page, the matched words
// are highlighted in the paper it lands on (CSS Custom Highlight API, so
// the page's DOM is not touched) until Esc or "Clear highlights".

function markLanding(widget, hit, id) {
  clearLanding(widget);
  const target = document.getElementById(id);
  if (!target || typeof Highlight === "undefined" || !CSS.highlights) return;
  const words = new Set();
  const collect = (text, ranges) => {
    for (const [s, e] of ranges || []) words.add(text.slice(s, e).toLowerCase());
  };
  collect(hit.title, hit.titleHighlights);
  collect(hit.excerpt.text, hit.excerpt.highlights);
  if (!words.size) return;
  const ranges = [];
  const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.toLowerCase();
    for (const word of words) {
      for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
        const range = new Range();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        ranges.push(range);
      }
    }
  }
  CSS.highlights.set("papersift-hit", new Highlight(...ranges));
  target.classList.add("papersift-landed");
  widget.landed = target;
  widget.clearButton.hidden = false;
}

function clearLanding(widget) {
  if (typeof CSS !== "undefined" && CSS.highlights) CSS.highlights.delete("papersift-hit");
  if (widget.landed) widget.landed.classList.remove("papersift-landed");
  widget.landed = null;
  if (widget.clearButton) widget.clearButton.hidden = true;
}
