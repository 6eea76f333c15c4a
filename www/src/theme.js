// The widget's theme follows the page's. A site that switches dark mode
// itself (a class or attribute on <html> or <body>, whatever it is named)
// gets a widget that matches: the widget reads the background behind it,
// and reads it again when those attributes change. `theme="light"` or
// `theme="dark"` fixes it; a page with no background of its own leaves it
// to the visitor's `prefers-color-scheme`. The host's `data-theme` is
// always set: the style sheet holds the dark colours once.

/** "dark" or "light" by the first opaque background behind `widget`, or null. */
function backgroundTheme(widget) {
  for (let node = widget.parentElement; node; node = node.parentElement) {
    const m = getComputedStyle(node).backgroundColor.match(/[\d.]+/g);
    if (!m || (m.length > 3 && Number(m[3]) < 0.5)) continue;
    const luminance = 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2];
    return luminance < 128 ? "dark" : "light";
  }
  return null;
}

/** Sets the host's `data-theme` now and whenever the page's theme may change. */
function watchTheme(widget) {
  const apply = () => {
    const fixed = widget.getAttribute("theme");
    const preferred = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    const theme = fixed === "light" || fixed === "dark" ? fixed : backgroundTheme(widget) || preferred;
    widget.setAttribute("data-theme", theme);
  };
  apply();
  const observer = new MutationObserver(apply);
  const watched = { attributes: true, attributeFilter: ["class", "style", "data-theme", "data-mode", "data-color-scheme"] };
  for (const node of [document.documentElement, document.body]) if (node) observer.observe(node, watched);
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", apply);
  return observer;
}
