// Draws a page of results from /api/search's JSON as the server draws it
// (search/_results.html, _hit.html, _facets.html): used by search.js for
// the results shown as one types.
(function () {
  "use strict";
  var DATE_LABELS = { semaine: "cette semaine", mois: "ce mois-ci", annee: "cette année", ancien: "plus ancien" };

  // context: narrowing (the page's [name, value] filter pairs), everyParagraph (tous=1), zone (the results' box).
  window.FrSearchResults = function (context) {
    var narrowing = context.narrowing;
    var everyParagraph = context.everyParagraph;
    var zone = context.zone;
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
      // The document's way back keeps the filters, as the server's links do.
      narrowing.forEach(function (pair) {
        url.searchParams.append(pair[0], pair[1]);
      });
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


    return { section: resultsSection, searchUrl: searchUrl, summaryText: summaryText, element: element, number: number };
  };
})();
