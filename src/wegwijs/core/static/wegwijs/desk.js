/* Desk screen enhancements; the form works without them.
 * - Choosing a theme preselects the organisation it usually concerns, unless the worker
 *   already chose one.
 * - "Referred to" is shown only when the help given is "referred". */
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
  form.querySelectorAll("[data-referral-for]").forEach(function (block) {
    toggleReferral(block);
    form.querySelectorAll("input[name='" + block.dataset.referralFor + "']").forEach(function (radio) {
      radio.addEventListener("change", function () { toggleReferral(block); });
    });
  });
})();
