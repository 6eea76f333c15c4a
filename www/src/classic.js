// papersift widget: the <papersift-search> custom element.
//
// Layers: engine (the wasm module, loaded once per page) → loader (fetch, or
// the base64 copy when the page is opened from disk) → widget (this element).
// All text is rendered as DOM text nodes; nothing is ever parsed as HTML.
//
// papersift.js is this file as joined by the site build (xtask/src/widget.rs):
// the wasm-bindgen glue (global `papersiftWasm`) at `@glue`, and the
// widget's sources (www/src/*.js) in order at `@sources`, inside one
// function so that only `papersiftWasm` and `papersift` become globals.
// @glue
(function () {
"use strict";
if (typeof customElements === "undefined" || customElements.get("papersift-search")) return;

const script = document.currentScript;
const base = new URL(".", script && script.src ? script.src : location.href);
// The engine's version, as the page names the script (`?v=…`): the style
// sheet is asked for with it, so no cache mixes an old one with a new engine.
const version = script && script.src ? new URL(script.src).search : "";

// @sources
})();
