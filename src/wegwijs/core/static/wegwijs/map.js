/* Leaflet map of branches: an enhancement over the list, which works without it. */
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!el || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent || "[]");
    if (!points.length) return;
    el.hidden = false;
    if (el._leaflet_map) { el._leaflet_map.remove(); }
    var map = L.map(el, { scrollWheelZoom: false });
    el._leaflet_map = map;
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name + ", " + p.place });
      var link = document.createElement("a");
      link.href = p.url;
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
})();
