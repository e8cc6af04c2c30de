// Common Ground pages: progressive enhancement only. Without this script every page works:
// tables stand in for charts and maps, forms submit to the server, search has a results page.
(function () {
  "use strict";

  var EMBED_OPTIONS = {
    actions: { export: true, source: false, compiled: false, editor: false },
    renderer: "svg",
  };

  function hasVega() {
    return typeof window.vegaEmbed === "function";
  }

  // Charts: each <script type="application/json" data-vl-spec="ID"> holds a Vega-Lite spec.
  function drawCharts() {
    if (!hasVega()) return;
    document.querySelectorAll("script[data-vl-spec]").forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-vl-spec"));
      if (!target) return;
      window.vegaEmbed(target, JSON.parse(node.textContent), EMBED_OPTIONS).catch(report);
    });
  }

  function report(error) {
    // A chart that cannot be drawn leaves its table in place; say so without breaking the page.
    if (window.console) console.warn("chart not drawn:", error && error.message);
  }

  // The world map: one layer at a time, from the JSON the page holds or /maps/LAYER.json.
  function mapSpec(layer) {
    var colour;
    var share = layer.unit.indexOf("share") === 0;
    if (layer.scale === "nominal") {
      colour = {
        field: "value", type: "nominal", title: layer.unit,
        scale: { domain: Object.keys(layer.categories), range: Object.values(layer.categories) },
        // Below the map, so a phone-width map is not squeezed beside its legend.
        legend: { orient: "bottom", columns: 3 },
      };
    } else {
      colour = {
        field: "value", type: "quantitative", title: layer.unit,
        // Stocks and amounts span six orders of magnitude: a log-like scale keeps them apart.
        scale: share ? { type: "linear", scheme: "blues" } : { type: "symlog", scheme: "blues" },
        legend: { format: share ? ".0%" : ",.2~s", gradientLength: 260 },
      };
    }
    colour.condition = { test: "datum.value == null", value: "#e3e6ea" };
    var grey = colour.condition;
    delete colour.condition;
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container",
      height: 420,
      autosize: { type: "fit-x", contains: "padding" },
      projection: { type: "equalEarth" },
      data: { url: "/vendor/countries-110m.json", format: { type: "topojson", feature: "countries" } },
      transform: [
        { lookup: "id", from: { data: { values: layer.rows }, key: "m49", fields: ["name", "value", "label", "code"] } },
        { calculate: "datum.code ? '/countries/' + datum.code : null", as: "url" },
      ],
      mark: { type: "geoshape", stroke: "#ffffff", strokeWidth: 0.5, invalid: "show" },
      encoding: {
        color: Object.assign({ condition: grey }, colour),
        href: { field: "url" },
        tooltip: [
          { field: "name", title: "Country" },
          { field: "label", title: layer.unit },
        ],
      },
      config: { view: { stroke: null } },
    };
  }

  function drawMap(layer) {
    var canvas = document.getElementById("map-canvas");
    if (!canvas || !hasVega()) return;
    canvas.setAttribute("data-layer", layer.id);
    window.vegaEmbed(canvas, mapSpec(layer), EMBED_OPTIONS).then(function () {
      canvas.setAttribute("data-drawn", layer.id);
    }).catch(report);
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function showLayerDetails(layer) {
    var title = document.getElementById("map-title");
    if (title) title.textContent = layer.title;
    var canvas = document.getElementById("map-canvas");
    if (canvas) canvas.setAttribute("aria-label", "World map: " + layer.title + ". The figures are in the table below.");
    var csv = document.querySelector("[data-map-csv]");
    if (csv) csv.setAttribute("href", layer.csv);
    var count = document.querySelector("[data-map-count]");
    if (count) count.textContent = layer.rows.length;
    var cite = document.querySelector("[data-map-cite]");
    if (cite) {
      cite.innerHTML = layer.sources.length ? '<p class="cite">Source' + (layer.sources.length > 1 ? "s" : "") + ": " +
        layer.sources.map(function (s) {
          return '<a href="/sources#' + encodeURIComponent(s.id) + '">' + escapeHtml(s.publisher) + ", <cite>" +
            escapeHtml(s.title) + "</cite></a> (edition " + escapeHtml(s.edition) + ")";
        }).join("; ") + ".</p>" : "";
    }
    var note = document.querySelector("[data-map-note]");
    if (note) note.textContent = layer.note || "";
    var table = document.querySelector("[data-map-table]");
    if (table) {
      table.querySelector("caption").textContent = layer.title;
      table.querySelector("thead th.num").textContent = layer.unit.charAt(0).toUpperCase() + layer.unit.slice(1);
      table.querySelector("tbody").innerHTML = layer.rows.map(function (r) {
        return '<tr><th scope="row"><a href="/countries/' + encodeURIComponent(r.code) + '">' + escapeHtml(r.name) +
          '</a></th><td class="num">' + escapeHtml(r.label) + "</td></tr>";
      }).join("");
    }
  }

  function setupMap() {
    var data = document.getElementById("map-data");
    if (!data) return;
    drawMap(JSON.parse(data.textContent));
    var form = document.querySelector("[data-layer-form]");
    if (!form) return;
    var select = form.querySelector("select[name=layer]");
    function toggleFields() {
      form.querySelectorAll("[data-for-layer]").forEach(function (field) {
        field.hidden = field.getAttribute("data-for-layer").split(" ").indexOf(select.value) < 0;
      });
    }
    toggleFields();
    function load() {
      toggleFields();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (value !== "" && (key === "layer" || !form.querySelector("[data-for-layer] [name=" + key + "]") ||
            !form.querySelector("[name=" + key + "]").closest("[data-for-layer]").hidden)) {
          params.set(key, value);
        }
      });
      var layerId = params.get("layer");
      params.delete("layer");
      var query = params.toString();
      fetch("/maps/" + encodeURIComponent(layerId) + ".json" + (query ? "?" + query : ""))
        .then(function (response) { return response.json(); })
        .then(function (layer) {
          if (!layer.ok) throw new Error(layer.error || "map layer not available");
          showLayerDetails(layer);
          drawMap(layer);
          var url = "?layer=" + encodeURIComponent(layerId) + (query ? "&" + query : "");
          history.replaceState(null, "", url);
        })
        .catch(function (error) {
          var note = document.querySelector("[data-map-details]");
          if (note) note.insertAdjacentHTML("afterbegin", '<p class="error-box" role="alert">' + escapeHtml(error.message) + "</p>");
        });
    }
    form.addEventListener("change", load);
    form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  }

  // Instant search in the header: results as links, reachable with the arrow keys.
  function setupSearch() {
    var form = document.querySelector("form[data-search]");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".search-results");
    var status = form.querySelector("[role=status]");
    var paths = JSON.parse(form.getAttribute("data-paths") || "{}");
    var api = form.getAttribute("data-api");
    var timer = null;
    var latest = 0;
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    function render(result) {
      if (!result.hits.length) {
        list.innerHTML = '<li><a href="/search?q=' + encodeURIComponent(result.query) + '">No match: search page</a></li>';
      } else {
        list.innerHTML = result.hits.map(function (h) {
          var href = (paths[h.kind] || "/search?q={id}").replace("{id}", encodeURIComponent(h.id));
          return '<li><a href="' + href + '" data-kind="' + escapeHtml(h.kind) + '">' + escapeHtml(h.label) +
            '<span class="kind">' + escapeHtml(h.kind.replace("_", " ")) + "</span></a></li>";
        }).join("");
      }
      status.textContent = result.total + " result" + (result.total === 1 ? "" : "s");
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { close(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch(api + "&q=" + encodeURIComponent(text))
          .then(function (response) { return response.json(); })
          .then(function (result) { if (ticket === latest && result.ok) render(result); })
          .catch(function () { close(); });
      }, 150);
    });
    form.addEventListener("keydown", function (event) {
      var items = links();
      var at = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        items[Math.min(at + 1, items.length - 1)].focus();
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        if (at <= 0) input.focus(); else items[at - 1].focus();
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
  }

  // Printing: open the tables folded away behind charts so the brief holds the figures.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.data").forEach(function (d) { d.open = true; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    setupSearch();
    drawCharts();
    setupMap();
  });
})();
