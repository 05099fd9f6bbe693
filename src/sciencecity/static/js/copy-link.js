// Science City: a button data-copy="ID" copies the value of the input #ID (a calendar feed's address).
// The input stays selectable by hand where the clipboard is not allowed (plain http, old browsers).
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-copy") + "-status");
  if (!field) {
    return;
  }
  field.select();
  function done(ok) {
    if (status) {
      status.textContent = ok ? button.getAttribute("data-copied") : button.getAttribute("data-copy-failed");
    }
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(false); });
  } else {
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    done(ok);
  }
});
