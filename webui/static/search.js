// The search page: results as one types (from /api/search, drawn by results.js,
// completions by complete.js), keys (/ for the
// box, ↑ ↓ between results), the length cap said aloud, and Back returning
// focus to the result that was opened.  Without this script the plain form
// does all of it but the live results.
(function () {
  "use strict";
  // Pause after the last key before searching: typing a word sends one request, not one per letter.
  var DEBOUNCE_MS = 150;
  // Share of the cap from which the count of characters is shown.
  var NEAR_LIMIT = 0.9;
  var FOCUS_KEY = "fr-search:resultat-ouvert:";

  var form = document.querySelector("form.search-form[data-api]");
  var box = document.getElementById("q");
  var zone = document.getElementById("zone-resultats");
  if (!form || !box || !zone) {
    return;
  }
  var announce = document.getElementById("annonce-resultats");
  var limit = document.getElementById("limite-requete");
  var maxChars = Number(box.getAttribute("maxlength")) || 500;
  var everyParagraph = !!form.querySelector("input[name=tous]");
  // The filters and sort of the page (hidden fields of the form), kept by every new query.
  var narrowing = Array.prototype.map.call(
    form.querySelectorAll("input[type=hidden]:not([name=tous])"), function (input) {
      return [input.name, input.value];
    });
  var API_NAMES = { dossier: "folder", format: "kind", date: "date", tri: "sort" };
  var homeContent = document.body.classList.contains("page-home") ? zone.innerHTML : "";
  var timer = 0;
  var controller = null;
  var latest = 0;
  var cut = false;

  var drawn = window.FrSearchResults({ narrowing: narrowing, everyParagraph: everyParagraph, zone: zone });
  var element = drawn.element;
  var searchUrl = drawn.searchUrl;
  var summaryText = drawn.summaryText;
  var resultsSection = drawn.section;
  var number = drawn.number;
  var completion = window.FrSearchCompletion(box, element, function () {
    sayLimit();
    window.clearTimeout(timer);
    search();
  });

  // -- searching as one types ------------------------------------------------

  function show(query, nodes, message) {
    zone.replaceChildren.apply(zone, nodes);
    if (announce) {
      announce.textContent = message;
    }
    document.body.classList.toggle("page-results", !!query);
    document.body.classList.toggle("page-home", !query);
    document.title = (query ? query + " — résultats" : "Recherche") + " · fr-search";
    // The address is that of the page the server would draw: shareable, and what Back returns to.
    var address = query ? searchUrl(query, everyParagraph ? { tous: "1" } : {}) : "/";
    history.replaceState(history.state, "", address);
  }

  function search() {
    var query = box.value.trim();
    var mine = ++latest;
    if (controller) {
      controller.abort();
      controller = null;
    }
    if (!query) {
      var home = element("div");
      home.innerHTML = homeContent;
      show("", Array.prototype.slice.call(home.childNodes), "");
      return;
    }
    controller = new AbortController();
    var params = new URLSearchParams({ q: query, group: everyParagraph ? "0" : "1" });
    narrowing.forEach(function (pair) {
      params.append(API_NAMES[pair[0]], pair[0] === "tri" ? (pair[1] === "date" ? "date" : "relevance") : pair[1]);
    });
    fetch(form.getAttribute("data-api") + "?" + params.toString(), {
      signal: controller.signal,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    }).then(function (answer) {
      // An answer to an older text never replaces a newer one.
      if (mine !== latest) {
        return;
      }
      if (!answer.ok) {
        var error = element("p", { class: "notice notice-error", role: "alert" }, [answer.body.error || "La recherche a échoué."]);
        show(query, [error], "");
        return;
      }
      show(query, [resultsSection(query, answer.body)], answer.body.total ? summaryText(answer.body) : "Aucun résultat");
    }).catch(function (error) {
      if (error.name !== "AbortError" && mine === latest && announce) {
        announce.textContent = "La recherche n'a pas pu être faite : appuyez sur Entrée pour réessayer.";
      }
    });
  }

  // -- the length cap ----------------------------------------------------------

  function sayLimit() {
    if (!limit) {
      return;
    }
    var length = box.value.length;
    var text = "";
    if (cut || length >= maxChars) {
      text = "Limite atteinte : " + number(maxChars) + " caractères au plus, la suite n'a pas été prise en compte.";
    } else if (length >= NEAR_LIMIT * maxChars) {
      text = number(length) + " caractères sur " + number(maxChars) + " au plus.";
    }
    if (limit.textContent !== text) {
      limit.textContent = text;
    }
    limit.classList.toggle("is-full", cut || length >= maxChars);
  }

  box.addEventListener("beforeinput", function (event) {
    var added = event.data || (event.dataTransfer && event.dataTransfer.getData("text/plain")) || "";
    var selected = (box.selectionEnd || 0) - (box.selectionStart || 0);
    // maxlength drops what does not fit without a word: remember that it did.
    cut = box.value.length - selected + added.length > maxChars;
  });

  box.addEventListener("input", function () {
    sayLimit();
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      search();
      completion.complete();
    }, DEBOUNCE_MS);
  });

  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    completion.close();
    if (controller) {
      controller.abort();
    }
  });

  // -- keys ------------------------------------------------------------------

  function inField(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }

  function resultLinks() {
    return Array.prototype.slice.call(zone.querySelectorAll(".hit-title a"));
  }

  function moveBetweenResults(event) {
    var links = resultLinks();
    if (!links.length) {
      return;
    }
    var active = document.activeElement;
    var card = active && active.closest ? active.closest(".hit") : null;
    var index = card ? links.indexOf(card.querySelector(".hit-title a")) : -1;
    var next;
    if (active === box) {
      next = event.key === "ArrowDown" ? links[0] : null;
    } else if (index >= 0) {
      next = event.key === "ArrowDown" ? links[index + 1] : (index === 0 ? box : links[index - 1]);
    } else {
      return;
    }
    if (next) {
      event.preventDefault();
      next.focus();
      if (next !== box) {
        next.scrollIntoView({ block: "nearest" });
      }
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.key === "/" && !inField(event.target)) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      moveBetweenResults(event);
    }
  });

  // -- Back returns to the result that was opened -----------------------------

  zone.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (link) {
      var links = Array.prototype.slice.call(zone.querySelectorAll("a"));
      sessionStorage.setItem(FOCUS_KEY + window.location.href, String(links.indexOf(link)));
    }
  });

  function restoreFocus() {
    var navigation = performance.getEntriesByType("navigation")[0];
    var saved = sessionStorage.getItem(FOCUS_KEY + window.location.href);
    if (!navigation || navigation.type !== "back_forward" || saved === null) {
      return;
    }
    var link = zone.querySelectorAll("a")[Number(saved)];
    if (link) {
      // The browser has put the scroll back; focusing must not move it.
      link.focus({ preventScroll: true });
    }
  }

  sayLimit();
  restoreFocus();
})();
