/* The rollout map: branches with an Informatiepunt, marked by their library's status
 * (opened, behind schedule, planned, no date yet). An enhancement: the same branches are
 * in the list on the page, with their status in words.
 *
 * Uses the markup of includes/map.html (#map, #map-points). Each marker has its own shape
 * and letter as well as its colour (rollout.css), and says its status in its title and
 * popup, so colour is never the only clue. Markers are not tab stops (the list is the
 * keyboard route), as on the other maps of Wegwijs.
 */
(function () {
  "use strict";
  var SYMBOLS = { opened: "\u2713", behind: "!", planned: "\u25F7", unplanned: "?" };
  function draw() {
    var el = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!el || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent || "[]");
    if (!points.length) return;
    el.hidden = false;
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
      var status = SYMBOLS[p.status] ? p.status : "unplanned";
      var icon = L.divIcon({
        className: "rollout-marker rollout-marker--" + status,
        html: "<span aria-hidden=\"true\">" + SYMBOLS[status] + "</span>",
        iconSize: [22, 22],
        iconAnchor: [11, 11],
        popupAnchor: [0, -10]
      });
      var label = p.name + ", " + p.place + ": " + p.status_label;
      var marker = L.marker([p.lat, p.lon], { icon: icon, title: label, keyboard: false });
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.organisation;
      box.appendChild(document.createTextNode(p.name + ", " + p.place));
      box.appendChild(document.createElement("br"));
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      var strong = document.createElement("strong");
      strong.textContent = p.status_label;
      box.appendChild(strong);
      marker.bindPopup(box);
      marker.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 13); } else { map.fitBounds(bounds, { padding: [20, 20] }); }
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
