/* 大字版 before first paint: loaded synchronously in <head> (a file, not an inline script, so
   public pages need no per-response CSP nonce and a cached page stays valid as it is). */
try { if (localStorage.getItem("xyyj-large-text") === "1") { document.documentElement.classList.add("text-large"); } } catch (e) { /* storage off: standard size */ }
