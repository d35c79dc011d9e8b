/* 大字版: a remembered large-text toggle. The class is applied before paint by text-size-early.js. */
(function () {
  "use strict";
  var KEY = "xyyj-large-text";
  var root = document.documentElement;
  var button = document.getElementById("text-size-toggle");
  if (!button) { return; }
  function render() {
    var large = root.classList.contains("text-large");
    button.setAttribute("aria-pressed", large ? "true" : "false");
    button.textContent = large ? "标准字" : "大字版";
  }
  button.addEventListener("click", function () {
    var large = root.classList.toggle("text-large");
    try { localStorage.setItem(KEY, large ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
    render();
  });
  render();
})();
