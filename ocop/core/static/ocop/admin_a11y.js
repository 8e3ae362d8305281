// Accessibility fixes to the back office's third-party markup (Unfold, select2, import-export),
// found by axe-core (ocop/core/tests/test_browser_admin_axe.py). Loaded through UNFOLD["SCRIPTS"].
(function () {
  "use strict";

  function fix() {
    // One main landmark around the page's content (Unfold's layout has none).
    var main = document.getElementById("main") || document.querySelector("body > div");
    if (main && !document.querySelector("main, [role=main]")) main.setAttribute("role", "main");
    // A list holds only list items: wrap the object tools' bare links and forms.
    document.querySelectorAll("ul.object-tools").forEach(function (list) {
      Array.prototype.slice.call(list.children).forEach(function (child) {
        if (["LI", "SCRIPT", "TEMPLATE"].indexOf(child.tagName) === -1) {
          var item = document.createElement("li");
          list.replaceChild(item, child);
          item.appendChild(child);
        }
      });
    });
    // select2's combobox carries the name of the <select> it replaces.
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      if (box.getAttribute("aria-label") || box.getAttribute("aria-labelledby")) return;
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
      if (label) {
        if (!label.id) label.id = select.id + "-label";
        box.setAttribute("aria-labelledby", label.id);
      }
    });
    document.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (box) {
      if (!box.getAttribute("aria-label")) box.setAttribute("aria-label", box.textContent.trim() || "—");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
  window.addEventListener("load", fix);
  // select2 and Alpine build parts of the page after load: name them as they appear.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
