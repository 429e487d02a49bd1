/* Desk screen enhancements; the form works without them.
 * - Choosing a theme preselects the organisation it usually concerns, unless the worker
 *   already chose one.
 * - "Referred to" is shown only when the help given is "referred".
 * - Triage: suggestions appear as the worker types the citizen's words (htmx, debounced);
 *   a click on a suggestion, or Enter in the words field, puts its theme and organisation
 *   into the question, and focus moves on to "help given". Without JavaScript the same
 *   buttons submit the form and the server fills them in. */
(function () {
  "use strict";
  var typical = {};
  var data = document.getElementById("typical-organisation");
  if (data) { typical = JSON.parse(data.textContent || "{}"); }
  var form = document.getElementById("desk-form");
  if (!form) return;

  form.querySelectorAll("select[name$='-theme']").forEach(function (theme) {
    var org = form.querySelector("select[name='" + theme.name.replace(/-theme$/, "-organisation") + "']");
    if (!org) return;
    org.addEventListener("change", function () { org.dataset.touched = "1"; });
    theme.addEventListener("change", function () {
      if (org.dataset.touched === "1" || !typical[theme.value]) return;
      org.value = typical[theme.value];
    });
  });

  function toggleReferral(block) {
    var name = block.dataset.referralFor;
    var checked = form.querySelector("input[name='" + name + "']:checked");
    var show = checked && checked.value === "doorverwezen";
    var hasError = block.querySelector(".field-error");
    block.hidden = !show && !hasError;
  }
  function apply(button) {
    var prefix = button.dataset.prefix;
    var theme = form.querySelector("select[name='" + prefix + "-theme']");
    var org = form.querySelector("select[name='" + prefix + "-organisation']");
    if (!theme || !org) return;
    theme.value = button.dataset.theme;
    org.value = button.dataset.organisation;
    org.dataset.touched = "1";
    var status = document.getElementById("desk-status");
    if (status) { status.textContent = button.textContent.replace(/\s+/g, " ").trim(); }
    var help = form.querySelector("input[name='" + prefix + "-help_given']");
    if (help) { help.focus(); }
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.suggestion");
    if (!button) return;
    event.preventDefault();
    apply(button);
  });
  form.querySelectorAll("[data-suggest-for]").forEach(function (input) {
    var prefix = input.dataset.suggestFor;
    var waiting = false;
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();  // Enter here takes a suggestion; it never registers half a visit
      var first = form.querySelector("#suggestions-" + prefix + " button.suggestion");
      if (first) { apply(first); return; }
      waiting = true;
      if (window.htmx) { window.htmx.trigger(input, "suggest"); }
    });
    var target = document.getElementById("suggestions-" + prefix);
    if (target) {
      target.addEventListener("htmx:afterSwap", function () {
        if (!waiting) return;
        waiting = false;
        var first = target.querySelector("button.suggestion");
        if (first) { apply(first); }
      });
    }
  });
  form.querySelectorAll(".js-hidden").forEach(function (el) { el.hidden = true; });

  form.querySelectorAll("[data-referral-for]").forEach(function (block) {
    toggleReferral(block);
    form.querySelectorAll("input[name='" + block.dataset.referralFor + "']").forEach(function (radio) {
      radio.addEventListener("change", function () { toggleReferral(block); });
    });
  });
})();
