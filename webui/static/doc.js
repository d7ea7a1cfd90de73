// The document page: lands on the paragraph named by the URL (#pN) at a
// constant height, steps through the marked words of the query (buttons,
// keys n and p), and goes back to the results in history when it came from
// them, so that they come back where the reader left them.
(function () {
  "use strict";
  var MARK_CLASS = "is-target";
  var CURRENT_CLASS = "is-current";
  var marks = [];
  var current = -1;

  // Landing: CSS :target highlights the paragraph and scroll-margin-top sets
  // the height; scrolling with block "start" here gives the same height when
  // the browser did not scroll itself (page restored, script-driven change).
  function markTarget(event, noScroll) {
    var previous = document.querySelectorAll("." + MARK_CLASS);
    for (var i = 0; i < previous.length; i++) {
      previous[i].classList.remove(MARK_CLASS);
    }
    var id = window.location.hash.slice(1);
    if (!/^p[0-9]+$/.test(id)) {
      return null;
    }
    var paragraph = document.getElementById(id);
    if (!paragraph) {
      return null;
    }
    paragraph.classList.add(MARK_CLASS);
    if (!noScroll) {
      paragraph.scrollIntoView({ block: "start" });
    }
    // Screen readers and keyboard users continue from the paragraph.
    paragraph.focus({ preventScroll: true });
    return paragraph;
  }

  function showOccurrence(index) {
    var bar = document.getElementById("occurrences");
    if (!marks.length || !bar) {
      return;
    }
    if (current >= 0) {
      marks[current].classList.remove(CURRENT_CLASS);
    }
    current = (index + marks.length) % marks.length;
    var mark = marks[current];
    mark.classList.add(CURRENT_CLASS);
    bar.querySelector(".occurrence-status").textContent =
      "occurrence " + (current + 1) + "/" + marks.length;
  }

  function step(delta) {
    showOccurrence(current + delta);
    var mark = marks[current];
    mark.scrollIntoView({ block: "center" });
    var paragraph = mark.closest(".paragraph");
    if (paragraph) {
      // The address follows, so that a shared link or Back return here.
      history.replaceState(history.state, "", "#" + paragraph.id);
      markTarget(null, true);
    }
  }

  function firstMarkFrom(paragraph) {
    if (!paragraph) {
      return 0;
    }
    for (var i = 0; i < marks.length; i++) {
      var holder = marks[i].closest(".paragraph");
      if (holder === paragraph ||
          paragraph.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        return i;
      }
    }
    return 0;
  }

  function setUpOccurrences(target) {
    var bar = document.getElementById("occurrences");
    marks = Array.prototype.slice.call(document.querySelectorAll(".paragraph mark"));
    if (!bar || !marks.length) {
      return;
    }
    bar.hidden = false;
    var buttons = bar.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        step(Number(event.currentTarget.getAttribute("data-step")));
      });
    }
    showOccurrence(firstMarkFrom(target));
    document.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (event.altKey || event.ctrlKey || event.metaKey || tag === "INPUT" || tag === "TEXTAREA") {
        return;
      }
      if (event.key === "n" || event.key === "p") {
        event.preventDefault();
        step(event.key === "n" ? 1 : -1);
      }
    });
  }

  // Whether two addresses show the same results: same page, query, view, page number and filters.
  function sameResults(first, second) {
    if (!first) {
      return false;
    }
    var a = new URL(first, window.location.href);
    var b = new URL(second, window.location.href);
    var names = ["q", "tous", "page", "dossier", "format", "date", "tri"];
    if (a.origin !== b.origin || a.pathname !== b.pathname) {
      return false;
    }
    for (var i = 0; i < names.length; i++) {
      // An absent page is the first one.
      var empty = names[i] === "page" ? "1" : "";
      if ((a.searchParams.getAll(names[i]).join() || empty) !== (b.searchParams.getAll(names[i]).join() || empty)) {
        return false;
      }
    }
    return true;
  }

  function setUpBackLink() {
    var link = document.querySelector(".back-link");
    if (!link || !new URL(link.href).searchParams.get("q")) {
      return;
    }
    link.addEventListener("click", function (event) {
      // The results this page was opened from: going back restores their scroll and focus.
      if (sameResults(document.referrer, link.href) && history.length > 1) {
        event.preventDefault();
        history.back();
      }
    });
  }

  // « copier le lien »: the paragraph's deep link, to the clipboard when the page may write there.
  function setUpCopyLinks() {
    var status = document.getElementById("annonce-copie");
    var buttons = document.querySelectorAll(".copy-link");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (event) {
        var button = event.currentTarget;
        var link = new URL(button.getAttribute("data-link"), window.location.href).href;
        var done = function (message) {
          button.textContent = message;
          if (status) {
            status.textContent = message === "lien copié" ? "Lien copié : " + link : "Copiez ce lien : " + link;
          }
          window.setTimeout(function () {
            button.textContent = "copier le lien";
          }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(link).then(function () {
            done("lien copié");
          }, function () {
            done("copie refusée");
          });
        } else {
          done("copie impossible");
        }
      });
    }
  }

  function start() {
    var target = markTarget(null, false);
    setUpOccurrences(target);
    setUpBackLink();
    setUpCopyLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("hashchange", markTarget);
})();
