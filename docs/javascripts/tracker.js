/* China Stem Cell Therapy Tracker: progressive enhancement, no dependencies but the vendored
   tablesort. Without JavaScript every page is complete; with it, the profiles table sorts and
   filters, the timeline filters by event type, and stale profiles say so.
   Runs on every page view, including Material's instant navigation (document$). */
(function () {
  "use strict";

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function sortable(root) {
    each(root, "table[data-cst-sortable]", function (table) {
      if (table.dataset.cstSorted || typeof Tablesort === "undefined") return;
      table.dataset.cstSorted = "1";
      new Tablesort(table);
    });
  }

  /* Filter the profiles table by text (any cell: names, Chinese, identifiers) and by facet. */
  function profilesFilter(root) {
    var form = root.querySelector('form[data-cst-filter="profiles"]');
    var table = root.querySelector("table#cst-profiles");
    if (!form || !table || form.dataset.cstReady) return;
    form.dataset.cstReady = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var output = form.querySelector("output");
    var facets = Array.prototype.slice.call(form.querySelectorAll("select"));
    function apply() {
      var query = form.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = !query || row.textContent.toLowerCase().indexOf(query) !== -1;
        facets.forEach(function (select) {
          var key = select.name.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); });
          var values = " " + (row.dataset[key] || "") + " ";
          if (select.value && values.indexOf(" " + select.value + " ") === -1) ok = false;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      output.textContent = shown + " of " + rows.length + " profiles shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  /* Show or hide timeline entries, and their dots in the chart, by event type; a year or month
     with nothing shown hides its heading. (A crowded year's chart has a bar per month instead,
     which counts every milestone: its caption says so.) */
  function timelineFilter(root) {
    var form = root.querySelector('form[data-cst-filter="timeline"]');
    if (!form || form.dataset.cstReady) return;
    form.dataset.cstReady = "1";
    form.hidden = false;
    var output = form.querySelector("output");
    function apply() {
      var on = {};
      each(form, 'input[name="event"]', function (box) { on[box.value] = box.checked; });
      var shown = 0, total = 0;
      each(root, "[data-cst-group]", function (heading) {
        var list = heading.nextElementSibling;
        var visible = 0;
        each(list, "li[data-event]", function (item) {
          item.hidden = !on[item.dataset.event];
          total += 1;
          if (!item.hidden) visible += 1;
        });
        heading.hidden = list.hidden = visible === 0;
        shown += visible;
      });
      each(root, ".cst-chart a[data-event]", function (dot) {
        dot.style.display = on[dot.getAttribute("data-event")] ? "" : "none";
      });
      output.textContent = shown + " of " + total + " milestones shown";
    }
    form.addEventListener("change", apply);
    apply();
  }

  /* A profile not reviewed for 12 months says so. The page itself carries only the date, so the
     built site stays the same from day to day; the reader's clock decides. */
  function reviewAge(root) {
    each(root, "[data-cst-reviewed]", function (note) {
      var reviewed = new Date(note.dataset.cstReviewed + "T00:00:00Z");
      var limit = new Date();
      limit.setUTCFullYear(limit.getUTCFullYear() - 1);
      note.hidden = !(reviewed < limit);
    });
  }

  function run() {
    var root = document;
    sortable(root);
    profilesFilter(root);
    timelineFilter(root);
    reviewAge(root);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
