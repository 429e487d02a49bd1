/* Public pages: small enhancements over pages that work without JavaScript.
 *
 * - "Use my location": a button that fills the form's lat and lon from the browser and sends it.
 * - The map: a button that loads Leaflet (our own copy) and draws the list's places, only when
 *   asked, so a page stays light on a slow connection.
 * - Print buttons (data-print), and in the widget frame: telling the partner page our height.
 * Texts come from data- attributes, translated on the server.
 */
(function () {
  "use strict";

  function button(text, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className || "button button--secondary";
    b.textContent = text;
    return b;
  }

  function geolocation() {
    if (!("geolocation" in navigator)) return;
    document.querySelectorAll("[data-geo]").forEach(function (box) {
      var form = box.closest("form");
      var status = box.querySelector(".geo__status");
      var go = button(box.dataset.label);
      box.insertBefore(go, status);
      box.hidden = false;
      go.addEventListener("click", function () {
        status.textContent = box.dataset.busy;
        go.disabled = true;
        navigator.geolocation.getCurrentPosition(function (position) {
          form.elements.lat.value = position.coords.latitude.toFixed(5);
          form.elements.lon.value = position.coords.longitude.toFixed(5);
          form.elements.q.value = "";
          form.submit();
        }, function () {
          go.disabled = false;
          status.textContent = box.dataset.failed;
          form.elements.q.focus();
        }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
      });
    });
  }

  function load(box, done) {
    // Both the script and the stylesheet (Leaflet finds its marker images through the CSS).
    var waiting = 2;
    var ready = function () { waiting -= 1; if (waiting === 0) { done(); } };
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = box.dataset.leafletCss;
    css.onload = ready;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = box.dataset.leafletJs;
    js.onload = ready;
    document.head.appendChild(js);
  }

  function draw(box, el) {
    var points = JSON.parse(document.getElementById("map-points").textContent || "[]");
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: box.dataset.labelZoomIn, zoomOutTitle: box.dataset.labelZoomOut }).addTo(map);
    L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.attribution }).addTo(map);
    map.on("popupopen", function (e) {
      var close = e.popup._closeButton;
      if (close) { close.setAttribute("aria-label", box.dataset.labelClose); }
    });
    var bounds = [];
    points.forEach(function (p) {
      var label = p.name + ", " + p.place;
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = label;
      // Not tab stops: every place on the map is a link in the list as well.
      L.marker([p.lat, p.lon], { title: label, alt: label, keyboard: false }).bindPopup(link).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 15); } else { map.fitBounds(bounds, { padding: [24, 24] }); }
  }

  function maps() {
    var box = document.querySelector("[data-map]");
    if (!box || !document.getElementById("map-points")) return;
    var el = box.querySelector("#map");
    var toggle = button(box.dataset.show);
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "map");
    box.insertBefore(toggle, el);
    box.hidden = false;
    var drawn = false;
    toggle.addEventListener("click", function () {
      var show = el.hidden;
      el.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
      toggle.textContent = show ? box.dataset.hide : box.dataset.show;
      if (show && !drawn) {
        drawn = true;
        load(box, function () { draw(box, el); });
      }
    });
  }

  function printing() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  function frameHeight() {
    if (window.parent === window || !document.body.classList.contains("widget")) return;
    var send = function () {
      window.parent.postMessage({ wegwijsWidgetHeight: document.documentElement.scrollHeight }, "*");
    };
    send();
    window.addEventListener("resize", send);
  }

  function start() {
    geolocation();
    maps();
    printing();
    frameHeight();
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
