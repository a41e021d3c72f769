/* China Stem Cell Therapy Tracker: the search worker behind Material's search box.

   Material's own worker loads one lunr index of the whole site into the reader's browser; at a
   few thousand profiles that is tens of megabytes and many seconds before the first result.
   This worker speaks Material's worker protocol (SETUP -> READY, QUERY -> RESULT) but answers
   from a Pagefind index (built into /pagefind/ by the MkDocs hook), which the browser fetches in
   small chunks for the words actually typed. Material's search box, keyboard shortcuts and
   result list stay as they are. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var MAX_PAGES = 10, MAX_SECTIONS = 3, EXCERPT_WORDS = 24;
var base = new URL("../", self.location.href);  // this file lives in <site>/javascripts/
var pagefind = null;

function load() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
      return pf.options({ baseUrl: new URL(base).pathname, excerptLength: EXCERPT_WORDS })
        .then(function () { return pf.init(); })
        .then(function () { return pf; });
    });
  }
  return pagefind;
}

/* Material sends lunr syntax (+term, term*, field:term); Pagefind wants plain words. */
function plain(query) {
  return query.replace(/[+*~^:]/g, " ").replace(/\s+/g, " ").trim();
}

function relative(url) {
  var path = new URL(url, base).pathname;
  var root = new URL(base).pathname;
  return path.indexOf(root) === 0 ? path.slice(root.length) + (new URL(url, base).hash || "") : path;
}

/* Profile, source and regulatory pages end with a hidden list of Chinese search words
   (generator/search_terms.py): every tail of every run of Chinese on the page, so that a query can
   start anywhere in a name. Pagefind indexes the list as page text and would quote it in excerpts,
   so a page says how many words it is (meta cst_hidden_words), and on such a page every excerpt is
   made here from the words before it. A query found only in the list is part of a longer run of
   Chinese the page shows: that word is quoted. Returns the excerpt, "" when the page shows none of
   the words found, or null on a page without the list (Pagefind's own excerpt is kept).
   Pagefind's locations count the words of its content split at white space. That content is the
   page's text, unescaped: each word is escaped here, since Material shows the excerpt as HTML and
   the text is a contributor's. */
function visibleExcerpt(page, weighted, terms, fallback) {
  var hidden = parseInt(page.meta.cst_hidden_words || "0", 10);
  if (!hidden) return null;
  var words = page.content.split(/\s+/);
  var end = words.length - hidden;
  var marked = {}, at = -1, best = -1;
  weighted.forEach(function (w) {
    if (w.location >= end) return;
    marked[w.location] = true;
    if (w.balanced_score > best) { best = w.balanced_score; at = w.location; }
  });
  for (var i = 0; at < 0 && fallback && i < end; i++) {
    for (var term in terms) {
      if (term && words[i].toLowerCase().indexOf(term) >= 0) { marked[i] = true; at = i; break; }
    }
  }
  if (at < 0) return "";
  var start = Math.max(0, Math.min(at - Math.floor(EXCERPT_WORDS / 2), end - EXCERPT_WORDS));
  var out = [];
  for (var k = start; k < Math.min(start + EXCERPT_WORDS, end); k++) {
    out.push(marked[k] ? "<mark>" + escapeHtml(words[k]) + "</mark>" : escapeHtml(words[k]));
  }
  return out.join(" ");
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* Material links each result with ?h=<terms> to highlight them on the page it opens, and shows
   title and text as HTML: the titles Pagefind gives are the headings' text, unescaped. */
function item(location, title, text, score, terms) {
  return { location: location, title: escapeHtml(title), text: text, score: score, terms: terms };
}

function search(query) {
  var words = plain(query);
  if (!words) return Promise.resolve({ items: [] });
  var terms = {};
  words.toLowerCase().split(" ").forEach(function (word) { terms[word] = true; });
  return load().then(function (pf) {
    return pf.search(words);
  }).then(function (found) {
    return Promise.all(found.results.slice(0, MAX_PAGES).map(function (r) { return r.data(); }));
  }).then(function (pages) {
    return {
      items: pages.map(function (page, rank) {
        var score = 1 / (rank + 1);
        var excerpt = visibleExcerpt(page, page.weighted_locations, terms, true);
        var group = [item(relative(page.url), page.meta.title || page.url, excerpt === null ? page.excerpt : excerpt,
          score, terms)];
        (page.sub_results || []).filter(function (sub) { return sub.url !== page.url; })
          .map(function (sub) {
            var text = visibleExcerpt(page, sub.weighted_locations || [], terms, false);
            return text === "" ? null : item(relative(sub.url), sub.title, text === null ? sub.excerpt : text, score / 2, terms);
          })
          .filter(Boolean).slice(0, MAX_SECTIONS).forEach(function (sub) { group.push(sub); });
        return group;
      })
    };
  });
}

/* Only the answer to the latest query goes out. Pagefind searches take different times and
   Material shows whatever answer comes last, so an earlier, shorter query answered late would
   replace the results for what the reader has typed since; and answering every keystroke would
   redraw the list under the reader's cursor. */
var latest = 0;

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === SETUP) {
    load();  // start fetching Pagefind while the reader types
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var mine = ++latest;
    search(message.data).catch(function (error) {
      console.warn("search failed", error);
      return { items: [] };
    }).then(function (data) {
      if (mine === latest) postMessage({ type: RESULT, data: data });
    });
  }
});
