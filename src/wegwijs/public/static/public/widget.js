/* Wegwijs widget: shows "find an Informatiepunt near you" on a partner website.
 *
 *   <div data-wegwijs-widget data-postcode="1541 AB"></div>
 *   <script src="https://WEGWIJS-HOST/static/public/widget.js" async></script>
 *
 * Inserts a frame with /hulp/widget/ from the server this script came from (a postcode field
 * and the three nearest Informatiepunten); the frame reports its height, so it needs no
 * scroll bar. data-postcode (optional) fills in the field; data-title names the frame.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var frames = [];

  function insert(box) {
    if (box.dataset.wegwijsDone) return;
    box.dataset.wegwijsDone = "1";
    var url = new URL("/hulp/widget/", origin);
    if (box.dataset.postcode) { url.searchParams.set("q", box.dataset.postcode); }
    var frame = document.createElement("iframe");
    frame.src = url.toString();
    frame.title = box.dataset.title || "Informatiepunt Digitale Overheid: hulp in de bibliotheek bij u in de buurt";
    frame.setAttribute("allow", "geolocation");
    frame.setAttribute("loading", "lazy");
    frame.style.width = "100%";
    frame.style.minHeight = "22rem";
    frame.style.border = "1px solid #6b7280";
    box.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.wegwijsWidgetHeight !== "number") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.min(4000, Math.max(200, event.data.wegwijsWidgetHeight + 4)) + "px";
      }
    });
  });

  function start() {
    document.querySelectorAll("[data-wegwijs-widget]").forEach(insert);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
