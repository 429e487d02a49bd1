/* The citizen card: a print button and copying the SMS text. Without JavaScript the buttons
 * stay hidden: the browser prints the page (a print stylesheet shows only the card), and the
 * text in the read-only field can be selected and copied by hand. */
(function () {
  "use strict";
  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }
  function ready() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var status = document.querySelector("[data-copy-status]");
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        if (status) status.textContent = "";
        copy(field).then(
          function () { if (status) status.textContent = button.dataset.copied || ""; },
          function () { field.focus(); field.select(); }
        );
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
