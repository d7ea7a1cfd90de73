// The search box as an ARIA combobox: completions of the word being typed,
// from /api/suggest, in a listbox under the box (↑ ↓ to choose, Enter to
// take, Escape to close).  Used by search.js.
(function () {
  "use strict";

  // box: the search field; element: builds a node; onPick: called once a completion replaced the text.
  window.FrSearchCompletion = function (box, element, onPick) {
    var listbox = document.getElementById("completions");
    var completions = [];
    var active = -1;
    var completing = null;
    var latestCompletion = 0;

    function closeCompletions() {
      completions = [];
      active = -1;
      if (listbox) {
        listbox.hidden = true;
        listbox.replaceChildren();
      }
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }

    function setActive(index) {
      var options = listbox.querySelectorAll("[role=option]");
      active = index;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0) {
        box.setAttribute("aria-activedescendant", options[index].id);
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      box.value = completions[index].query;
      closeCompletions();
      onPick();
    }

    function showCompletions(items) {
      completions = items;
      active = -1;
      listbox.replaceChildren.apply(listbox, items.map(function (item, i) {
        var option = element("li", { role: "option", id: "completion-" + i, "aria-selected": "false" }, [item.word]);
        // mousedown, not click: the box keeps the focus.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        return option;
      }));
      listbox.hidden = !items.length;
      box.setAttribute("aria-expanded", items.length ? "true" : "false");
    }

    function complete() {
      var text = box.value;
      var mine = ++latestCompletion;
      if (completing) {
        completing.abort();
        completing = null;
      }
      // Only a word being typed is completed: not after a space, nor with fewer than two letters.
      if (!listbox || !/[^\s"*():-]{2,}$/.test(text) || box !== document.activeElement) {
        closeCompletions();
        return;
      }
      completing = new AbortController();
      fetch(box.getAttribute("data-suggest") + "?" + new URLSearchParams({ q: text.trim() }).toString(), {
        signal: completing.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        return response.ok ? response.json() : { completions: [] };
      }).then(function (body) {
        if (mine === latestCompletion && box.value === text) {
          showCompletions(body.completions);
        }
      }).catch(function () {
        // No completion is no harm: the search itself goes on.
      });
    }

    box.addEventListener("keydown", function (event) {
      if (!completions.length) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        // Handled here: the page's arrow keys move between results only when no list is open.
        event.stopPropagation();
        var step = event.key === "ArrowDown" ? 1 : -1;
        // Past the last word, or before the first, back to the text as typed (-1).
        var next = active + step;
        setActive(next >= completions.length ? -1 : (next < -1 ? completions.length - 1 : next));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeCompletions();
      } else if (event.key === "Tab") {
        closeCompletions();
      }
    });

    box.addEventListener("blur", closeCompletions);

    return { complete: complete, close: closeCompletions };
  };
})();
