// The workbench's maps: Natural Earth countries (vendored TopoJSON) under incident or place
// markers, drawn with Leaflet and no tile server. Data comes from the page without inline
// script: a map element names a JSON block (data-points) or carries one point (data-lat/lon).
(function () {
  "use strict";

  function readPoints(el) {
    if (el.dataset.points) {
      var block = document.getElementById(el.dataset.points);
      return block ? JSON.parse(block.textContent || "[]") : [];
    }
    if (el.dataset.lat && el.dataset.lon) {
      return [{ lat: +el.dataset.lat, lon: +el.dataset.lon, place: el.dataset.name || "" }];
    }
    return [];
  }

  function popup(p) {
    // Built as DOM nodes, never as HTML strings: place names come from article text.
    var box = document.createElement("div");
    if (p.id) {
      var link = document.createElement("a");
      link.href = "/incidents/" + encodeURIComponent(p.id);
      link.textContent = (p.category || "incident").replace(/_/g, " ");
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
    }
    box.appendChild(document.createTextNode([p.place, p.date].filter(Boolean).join(", ")));
    return box;
  }

  function draw(el) {
    var points = readPoints(el).filter(function (p) {
      return typeof p.lat === "number" && typeof p.lon === "number";
    });
    var map = L.map(el, { attributionControl: true, worldCopyJump: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    var markers = L.featureGroup(points.map(function (p) {
      return L.circleMarker([p.lat, p.lon], {
        radius: 6, color: "#8b1a1a", weight: 1, fillColor: "#d9480f", fillOpacity: 0.8
      }).bindPopup(popup(p));
    }));
    if (points.length) {
      map.fitBounds(markers.getBounds().pad(0.3), { maxZoom: 6 });
    } else {
      map.setView([48.5, 33], 5);  // no located incident: show the region the ledger covers
    }
    fetch(el.dataset.countries).then(function (r) { return r.json(); }).then(function (topo) {
      var countries = topo.objects.countries || topo.objects[Object.keys(topo.objects)[0]];
      L.geoJSON(topojson.feature(topo, countries), {
        style: { color: "#7b8794", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
      }).addTo(map);
      markers.addTo(map).bringToFront();
    }).catch(function () { markers.addTo(map); });
  }

  document.querySelectorAll(".map[data-countries]").forEach(draw);
})();
