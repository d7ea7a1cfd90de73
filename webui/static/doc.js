// Marks the paragraph named by the URL fragment (#pN) and brings it into view.
// CSS :target already highlights it; the class also survives focus changes
// and lets tests and styles tell which paragraph a result pointed to.
(function () {
  "use strict";
  var MARK_CLASS = "is-target";

  function markTarget() {
    var previous = document.querySelectorAll("." + MARK_CLASS);
    for (var i = 0; i < previous.length; i++) {
      previous[i].classList.remove(MARK_CLASS);
    }
    var id = window.location.hash.slice(1);
    if (!/^p[0-9]+$/.test(id)) {
      return;
    }
    var paragraph = document.getElementById(id);
    if (!paragraph) {
      return;
    }
    paragraph.classList.add(MARK_CLASS);
    paragraph.scrollIntoView({ block: "center" });
    // Screen readers and keyboard users continue from the paragraph.
    paragraph.focus({ preventScroll: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markTarget);
  } else {
    markTarget();
  }
  window.addEventListener("hashchange", markTarget);
})();
