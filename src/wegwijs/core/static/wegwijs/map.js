/* Leaflet map of branches: an enhancement over the list, which works without it.
 *
 * Keyboard: the map itself is one tab stop (arrow keys pan, + and - zoom), followed by the
 * zoom buttons. The markers are not tab stops: every branch on the map is also a link in the
 * list next to it, and 100+ markers would stand between a keyboard user and that list.
 */
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!el || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent || "[]");
    if (!points.length) return;
    el.hidden = false;
    // A map drawn before (htmx swap), or a lifeless copy of one (htmx history restore).
    if (el._leaflet_map) { el._leaflet_map.remove(); } else { el.replaceChildren(); }
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false });
    el._leaflet_map = map;
    L.control.zoom({
      zoomInTitle: el.dataset.labelZoomIn || "Zoom in",
      zoomOutTitle: el.dataset.labelZoomOut || "Zoom out"
    }).addTo(map);
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
    map.on("popupopen", function (e) {
      var close = e.popup._closeButton;
      if (close && el.dataset.labelClose) { close.setAttribute("aria-label", el.dataset.labelClose); }
    });
    var bounds = [];
    points.forEach(function (p) {
      var label = p.name + ", " + p.place;
      var marker = L.marker([p.lat, p.lon], { title: label, alt: label, keyboard: false });
      var link = document.createElement(p.url ? "a" : "strong");  // no page to open: the name only
      if (p.url) { link.href = p.url; }
      link.textContent = p.name;
      var box = document.createElement("div");
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(p.organisation + ", " + p.place + (p.ido ? " · " + el.dataset.labelIdo : "")));
      marker.bindPopup(box);
      marker.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 14); } else { map.fitBounds(bounds, { padding: [20, 20] }); }
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
  document.addEventListener("htmx:historyRestore", draw);
})();
