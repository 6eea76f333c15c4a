// Links and landing: where a result leads, and, after a result is chosen
// on the same page, the matched words highlighted in the paper it lands
// on (CSS Custom Highlight API, so the page's DOM is not touched) until
// Esc or "Clear highlights".

/**
 * Where a result links: into `results-page` if set; else to the paper on
 * this page if it is here; else where the index says the paper is read
 * (its page on the site, resolved against the index's address, or its own
 * address); for an index that says nothing (`#id`), with `day-pages`, to
 * its day's page, else to the digest page, index.html beside the script.
 * Only http(s) and file addresses become links: anything else from an
 * index leads to the paper's anchor.
 */
function resolve(widget, hit) {
  const anchor = "#" + hit.id;
  const page = widget.getAttribute("results-page");
  if (page) return new URL(page, location.href).href.split("#")[0] + anchor;
  // The paper's own address (JSON inputs) first: that is where it is read.
  if (/^https?:\/\//i.test(hit.url)) return safeUrl(hit.url) || anchor;
  if (document.getElementById(hit.id)) return anchor;
  if (hit.url && !hit.url.startsWith("#")) {
    const index = widget.engine && indexOf.get(widget.engine);
    return safeUrl(hit.url, index ? index.url : base) || anchor;
  }
  const days = widget.getAttribute("day-pages");
  if (days && /^\d{4}-\d{2}-\d{2}$/.test(hit.date)) return new URL(days + hit.date + ".html", base).href + anchor;
  return new URL("index.html", base).href + anchor;
}

/** `url` (resolved against `against`) when it is an http(s) or file address, else null. */
function safeUrl(url, against) {
  try {
    const resolved = new URL(url, against);
    return /^(https?|file):$/.test(resolved.protocol) ? resolved.href : null;
  } catch (_) {
    return null;
  }
}

/** Opens result `i`: on this page (and highlights it there), in a new tab, or on the digest page. */
function choose(widget, i, newTab) {
  const hit = widget.hits[i];
  if (!hit) return;
  rememberRecent(widget, widget.input.value);
  const href = resolve(widget, hit);
  if (newTab) {
    window.open(href, "_blank", "noopener");
    return;
  }
  widget.showList(false);
  widget.close();
  const target = new URL(href, location.href);
  if (target.href.split("#")[0] === location.href.split("#")[0] && target.hash) {
    location.hash = target.hash;
    markLanding(widget, hit, decodeURIComponent(target.hash.slice(1)));
  } else {
    location.href = target.href;
  }
}

function markLanding(widget, hit, id) {
  clearLanding(widget);
  const target = document.getElementById(id);
  if (!target || typeof Highlight === "undefined" || !CSS.highlights) return;
  const words = new Set();
  const collect = (text, ranges) => {
    for (const [s, e] of ranges || []) if (e > s) words.add(text.slice(s, e).toLowerCase());
  };
  collect(hit.title, hit.titleHighlights);
  collect(hit.excerpt.text, hit.excerpt.highlights);
  if (!words.size) return;
  const ranges = [];
  const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.toLowerCase();
    // Lower-casing may change a text's length ("İ"): its offsets would not
    // be the node's, so such a text is left unmarked.
    if (text.length !== node.data.length) continue;
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
