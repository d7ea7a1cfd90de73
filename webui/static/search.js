// The search page: results as one types (from /api/search), keys (/ for the
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
  var DATE_LABELS = { semaine: "cette semaine", mois: "ce mois-ci", annee: "cette année", ancien: "plus ancien" };
  var homeContent = document.body.classList.contains("page-home") ? zone.innerHTML : "";
  var timer = 0;
  var controller = null;
  var latest = 0;
  var cut = false;

  // -- French wording ------------------------------------------------------

  function number(value) {
    return value.toLocaleString("fr-FR");
  }

  function milliseconds(value) {
    return value < 10 ? value.toFixed(1).replace(".", ",") + " ms" : number(Math.round(value)) + " ms";
  }

  // As webui.metadata.french_size: octets, then Ko, Mo ... with a decimal comma below 10.
  function size(bytes) {
    if (bytes < 1024) {
      return bytes + " o";
    }
    var units = ["Ko", "Mo", "Go", "To"];
    var value = bytes;
    var unit = 0;
    for (value /= 1024; value >= 1024 && unit < units.length - 1; unit++) {
      value /= 1024;
    }
    return (value < 10 ? value.toFixed(1).replace(".", ",") : String(Math.round(value))) + " " + units[unit];
  }

  function plural(count, singular, many) {
    return count < 2 ? singular : many;
  }

  // -- building the results ----------------------------------------------

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  // Snippets and titles come from the server as HTML whose text is escaped, with <mark> added.
  function marked(tag, className, html) {
    var node = element(tag, { class: className });
    node.innerHTML = html;
    return node;
  }

  // The page's address for *query*: the view in *extra*, then the filters (as *changes* alter them).
  function searchUrl(query, extra, changes) {
    var params = new URLSearchParams({ q: query });
    Object.keys(extra || {}).forEach(function (name) {
      params.set(name, extra[name]);
    });
    var kept = narrowing.filter(function (pair) {
      return !changes || !(pair[0] in changes);
    });
    Object.keys(changes || {}).forEach(function (name) {
      [].concat(changes[name] || []).forEach(function (value) {
        kept.push([name, value]);
      });
    });
    kept.forEach(function (pair) {
      params.append(pair[0], pair[1]);
    });
    return "/?" + params.toString();
  }

  function current(name) {
    return narrowing.filter(function (pair) {
      return pair[0] === name;
    }).map(function (pair) {
      return pair[1];
    });
  }

  function facetGroup(id, title, items) {
    return element("section", { class: "facet", "aria-labelledby": id }, [
      element("h2", { id: id }, [title]),
      element("ul", {}, items.map(function (item) {
        var attributes = { href: item.href };
        if (item.on) {
          attributes["aria-current"] = "true";
          attributes.class = "facet-on";
        }
        var entry = element("li", {}, [element("a", attributes, [item.label])]);
        if (item.count !== undefined) {
          entry.append(" ", element("span", { class: "facet-count" }, [number(item.count)]));
        }
        return entry;
      })),
    ]);
  }

  // The same block as search/_facets.html, from the API's counts.
  function facetsBlock(query, facets) {
    var view = everyParagraph ? { tous: "1" } : {};
    var folder = current("dossier")[0];
    var kinds = current("format");
    var range = current("date")[0];
    var sort = current("tri")[0] || "pertinence";
    var chosen = (folder ? 1 : 0) + (kinds.length ? 1 : 0) + (range ? 1 : 0);
    var folders = facets.folders.map(function (value) {
      return { href: searchUrl(query, view, { dossier: value.value }), label: value.value.split("/").pop(), count: value.count };
    });
    var formats = facets.kinds.map(function (value) {
      var on = kinds.indexOf(value.value) >= 0;
      var next = on ? kinds.filter(function (k) { return k !== value.value; }) : kinds.concat([value.value]);
      return { href: searchUrl(query, view, { format: next }), label: value.value.toUpperCase(), count: value.count, on: on };
    });
    var dates = facets.dates.filter(function (value) {
      return value.count || value.value === range;
    }).map(function (value) {
      var on = value.value === range;
      return { href: searchUrl(query, view, { date: on ? null : value.value }), label: DATE_LABELS[value.value], count: value.count, on: on };
    });
    var sorts = [["pertinence", "pertinence"], ["date", "date, récents d'abord"]].map(function (pair) {
      return { href: searchUrl(query, view, { tri: pair[0] === "pertinence" ? null : pair[0] }), label: pair[1], on: pair[0] === sort };
    });
    var folderGroup = facetGroup("facette-dossier", "Dossier", folders);
    if (folder) {
      folderGroup.insertBefore(element("p", { class: "facet-current" }, [
        element("span", {}, [folder]), " ",
        element("a", { href: searchUrl(query, view, { dossier: null }), "aria-label": "Retirer le filtre du dossier " + folder }, ["× retirer"]),
      ]), folderGroup.children[1]);
    }
    var details = element("details", { class: "facets" }, [
      element("summary", {}, ["Affiner et trier" + (chosen ? " (" + chosen + " " + plural(chosen, "filtre actif", "filtres actifs") + ")" : "")]),
      element("div", { class: "facet-groups" }, [
        folderGroup,
        facetGroup("facette-format", "Format", formats),
        facetGroup("facette-date", "Modifié", dates),
        facetGroup("facette-tri", "Trier par", sorts),
      ]),
    ]);
    var before = zone.querySelector("details.facets");
    details.open = chosen > 0 || !!(before && before.open);
    return details;
  }

  function documentUrl(hit, paragraph) {
    var url = new URL(hit.url, window.location.href);
    if (paragraph) {
      url.searchParams.set("p", paragraph);
      url.hash = "p" + paragraph;
    }
    if (everyParagraph) {
      url.searchParams.set("tous", "1");
    }
    return url.pathname + url.search + url.hash;
  }

  function pathLine(hit) {
    var line = element("p", { class: "hit-path" }, [element("span", { class: "hit-source" }, [hit.source])]);
    if (hit.mtime !== null) {
      var day = new Date(hit.mtime * 1000).toLocaleDateString("fr-FR", {
        day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
      });
      line.append(" · ", element("span", { class: "hit-date" }, ["modifié le " + day]));
    }
    if (hit.size !== null) {
      line.append(" · ", element("span", { class: "hit-size" }, [size(hit.size)]));
    }
    return line;
  }

  function hitItem(hit) {
    var link = element("a", { href: documentUrl(hit) });
    link.innerHTML = hit.title_html;
    if (hit.twin) {
      link.append(element("span", { class: "hit-twin" }, [" — " + hit.twin]));
    }
    var meta = element("p", { class: "hit-meta" }, [
      element("span", { class: "kind-badge kind-" + hit.kind, title: "Format du document" }, [hit.kind.toUpperCase()]),
      element("span", { class: "hit-paragraph" }, ["§\u00a0" + hit.paragraph]),
    ]);
    if (hit.page) {
      meta.append(element("span", { class: "hit-page" }, ["p.\u00a0" + hit.page]));
    }
    if (hit.section) {
      meta.append(element("span", { class: "hit-section" }, [hit.section]));
    }
    meta.append(element("a", { class: "hit-file", href: hit.file_url }, ["fichier d'origine"]));
    var item = element("li", { class: "hit" }, [
      element("h2", { class: "hit-title" }, [link]),
      pathLine(hit),
      meta,
      marked("p", "hit-snippet", hit.snippet),
    ]);
    var others = hit.other_paragraphs;
    if (others.length) {
      var list = element("p");
      others.slice(0, 8).forEach(function (paragraph, i) {
        list.append(i ? ", " : "", element("a", { href: documentUrl(hit, paragraph) }, ["§\u00a0" + paragraph]));
      });
      if (others.length > 8) {
        list.append(" …");
      }
      item.append(element("details", { class: "hit-others" }, [
        element("summary", {}, [others.length + " " + plural(others.length, "autre passage", "autres passages")]),
        list,
      ]));
    }
    return item;
  }

  function summaryText(body) {
    var found = body.grouped
      ? plural(body.total, "document trouvé", "documents trouvés")
      : plural(body.total, "paragraphe trouvé", "paragraphes trouvés");
    return number(body.total) + " " + found;
  }

  function resultsSection(query, body) {
    var section = element("section", { class: "results", "aria-labelledby": "resultats-titre" }, [
      element("h1", { class: "visually-hidden", id: "resultats-titre" }, ["Résultats pour « " + query + " »"]),
    ]);
    if (body.total) {
      var summary = element("p", { class: "summary" }, [
        element("strong", {}, [number(body.total)]),
        summaryText(body).slice(number(body.total).length) + " en " + milliseconds(body.took_ms),
      ]);
      if (body.pages > 1) {
        summary.append(" · page 1 sur " + number(body.pages));
      }
      var view = body.grouped
        ? ["Le meilleur passage de chaque document. ", element("a", { href: searchUrl(query, { tous: "1" }, {}) }, ["Voir tous les paragraphes"])]
        : ["Tous les paragraphes, un par un. ", element("a", { href: searchUrl(query) }, ["Regrouper par document"])];
      section.append(summary, element("p", { class: "view-switch" }, view));
    }
    if (body.facets) {
      section.append(facetsBlock(query, body.facets));
    }
    if (body.expansions.length) {
      var expansions = element("p", { class: "expansions" }, ["Recherché\u00a0: "]);
      body.expansions.forEach(function (expansion, i) {
        expansions.append(i ? " · " : "", element("span", { class: "expansion" }, [
          element("span", { class: "expansion-word" }, [expansion.word]), " → " + expansion.matches.join(", "),
        ]));
      });
      section.append(expansions);
    }
    if (body.suggestion) {
      section.append(element("p", { class: "suggestion" }, [
        "Vouliez-vous dire ", element("a", { href: searchUrl(body.suggestion) }, [body.suggestion]), "\u00a0?",
      ]));
    }
    if (body.hits.length) {
      section.append(element("ol", { class: "hit-list", start: "1" }, body.hits.map(hitItem)));
      if (body.pages > 1) {
        var extra = everyParagraph ? { tous: "1", page: "2" } : { page: "2" };
        section.append(element("nav", { class: "pagination", "aria-label": "Pages de résultats" }, [
          element("ul", {}, [element("li", {}, [element("a", { class: "page-next", rel: "next", href: searchUrl(query, extra) }, ["Suivante →"])])]),
        ]));
      }
    } else {
      section.append(element("div", { class: "notice no-results" }, [
        element("p", {}, [element("strong", {}, ["Aucun paragraphe ne correspond à « " + query + " »."])]),
        element("p", {}, ["Essayez des mots plus courants, moins de mots, ou le début d'un mot suivi de ", element("code", {}, ["*"]), "."]),
        // The server's page tries looser forms of the query and offers those that find something.
        element("p", {}, [element("a", { href: searchUrl(query, everyParagraph ? { tous: "1" } : {}) }, ["Voir ce qui s'en approche"])]),
      ]));
    }
    return section;
  }

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

  // -- completing the word being typed (ARIA combobox with a listbox) --------------

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
    sayLimit();
    window.clearTimeout(timer);
    search();
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
      complete();
    }, DEBOUNCE_MS);
  });

  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    closeCompletions();
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
