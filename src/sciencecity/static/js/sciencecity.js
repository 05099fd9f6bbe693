// Science City: the few lines of script the pages need beyond htmx.
//
// Back and Forward restore a page from htmx's history cache. The snapshot keeps the filters as the
// server rendered them for the first page, not as they were for the address being restored, so the
// list could be filtered while the selects say "Any". The address is the truth: set the filters from it.
document.addEventListener("htmx:historyRestore", function () {
  var params = new URLSearchParams(window.location.search);
  document.querySelectorAll("form.filters select[name], form.filters input[name]").forEach(function (el) {
    if (el.type === "hidden" || el.type === "submit") {
      return;
    }
    var wanted = params.get(el.name) || "";
    if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === wanted; })) {
      wanted = "";
    }
    el.value = wanted;
  });
});
