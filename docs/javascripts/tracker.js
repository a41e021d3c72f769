/* China Stem Cell Therapy Tracker: progressive enhancement, no dependencies. Without JavaScript
   every page is complete (the profiles overview is sorted and paged when the site is built); with
   it, the timeline filters by event type, and stale profiles say so.
   Runs on every page view, through Material's document$ (one per page load; it would fire per page
   under instant navigation too, which mkdocs.yml leaves off). */
(function () {
  "use strict";

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  /* Show or hide timeline entries, and their dots in the chart, by event type; a year or month
     with nothing shown hides its heading. (A crowded year's chart has a bar per month instead,
     which counts every milestone: its caption says so.) */
  function timelineFilter(root) {
    var form = root.querySelector('form[data-cst-filter="timeline"]');
    if (!form || form.dataset.cstReady) return;
    form.dataset.cstReady = "1";
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
