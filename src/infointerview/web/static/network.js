// The Network page's picture: reads /network.json and draws it with cytoscape.js
// (static/vendor/): a tree from you at the left, each person right of their referrer.
// Clicking a person opens their page. Names are drawn on a canvas as text, never as
// HTML. The page works without this file: the list below the picture has everyone.
(function () {
  "use strict";

  var figure = document.getElementById("network-figure");
  var box = document.getElementById("network-canvas");
  if (!figure || !box || typeof window.cytoscape !== "function") {
    return;
  }

  var COLUMN = 170; // px between a referrer and the people they referred
  var ROW = 36; // px between two people in the same column
  var PADDING = 24;
  var MAX_START_ZOOM = 1.2; // a small network is not blown up past this
  var READABLE_ZOOM = 0.8; // names are still legible; a large network starts here

  // The colours of the legend (static/network.css).
  var STYLE = [
    {
      selector: "node",
      style: {
        label: "data(name)",
        width: 16,
        height: 16,
        "background-color": "#fff",
        "border-width": 2,
        "border-color": "#607d8b",
        "font-size": 12,
        color: "#212121",
        "text-valign": "top",
        "text-margin-y": -3,
        "text-wrap": "ellipsis",
        "text-max-width": COLUMN - 16,
        "text-background-color": "#fff",
        "text-background-opacity": 0.75,
        "text-background-padding": 1,
      },
    },
    { selector: "node.you", style: { "background-color": "#263238", "border-color": "#263238", width: 24, height: 24, "font-weight": "bold" } },
    { selector: "node.met", style: { "background-color": "#2e7d32", "border-color": "#2e7d32" } },
    { selector: "node.agreed", style: { "background-color": "#1565c0", "border-color": "#1565c0" } },
    { selector: "node.asked", style: { "background-color": "#f9a825", "border-color": "#f9a825" } },
    { selector: "node.declined", style: { "background-color": "#b00020", "border-color": "#b00020" } },
    { selector: "node.not-asked", style: { "border-style": "dashed" } },
    { selector: "node.dead-end", style: { shape: "diamond", width: 20, height: 20 } },
    { selector: "node.owed", style: { "border-color": "#e65100", "border-width": 4 } },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "line-color": "#455a64",
        "target-arrow-color": "#455a64",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        "curve-style": "straight",
      },
    },
    { selector: "edge.unnamed", style: { "line-style": "dashed" } },
    { selector: "edge.from-you", style: { "line-color": "#cfd8dc", "target-arrow-color": "#cfd8dc", width: 1 } },
  ];

  function elements(data) {
    var nodes = data.nodes.map(function (node) {
      var classes = [node.group];
      if (node.dead_end) classes.push("dead-end");
      if (node.owed) classes.push("owed");
      return {
        data: { id: String(node.id), name: node.name, url: node.url, depth: node.depth },
        classes: classes.join(" "),
      };
    });
    var edges = data.links.map(function (link) {
      var kind = link.from === 0 ? "from-you" : link.may_use_name ? "named" : "unnamed";
      return {
        data: { id: link.from + "-" + link.to, source: String(link.from), target: String(link.to) },
        classes: kind,
      };
    });
    return nodes.concat(edges);
  }

  // A tidy tree, growing rightwards: each person under the first referrer who reaches
  // them (the list's order below: names in alphabetical order, depth first), each
  // referrer level with the middle of their people. Names are horizontal text, so a
  // column of siblings fits far more of them than a row would.
  function positions(data) {
    var names = {};
    var children = {};
    data.nodes.forEach(function (node) {
      names[node.id] = node.name;
      children[node.id] = [];
    });
    data.links.forEach(function (link) {
      children[link.from].push(link.to);
    });
    function byName(a, b) {
      return names[a].localeCompare(names[b], undefined, { sensitivity: "base" }) || a - b;
    }
    var at = {};
    var rows = 0;
    function place(id, depth) {
      at[id] = null;
      var placed = [];
      children[id].sort(byName).forEach(function (child) {
        if (!(child in at)) placed.push(place(child, depth + 1));
      });
      var row = placed.length ? (placed[0] + placed[placed.length - 1]) / 2 : rows++;
      at[id] = { x: depth * COLUMN, y: row * ROW };
      deepest = Math.max(deepest, depth);
      return row;
    }
    var deepest = 0;
    place(0, 0);
    data.nodes.forEach(function (node) {
      if (!(node.id in at)) at[node.id] = { x: COLUMN, y: rows++ * ROW };
    });
    return { at: at, width: (deepest + 1) * COLUMN, height: rows * ROW };
  }

  // As tall as the whole tree needs at the zoom it starts at (see start), within the window.
  function fitHeight(tree) {
    var fits = Math.min(MAX_START_ZOOM, (box.clientWidth - 2 * PADDING) / tree.width);
    var zoom = Math.max(fits, READABLE_ZOOM);
    var tall = tree.height * zoom + 2 * PADDING;
    box.style.height = Math.max(200, Math.min(tall, window.innerHeight * 0.85)) + "px";
  }

  function draw(data) {
    var tree = positions(data);
    fitHeight(tree);
    box.textContent = "";
    var cy = window.cytoscape({
      container: box,
      elements: elements(data),
      style: STYLE,
      layout: {
        name: "preset",
        positions: function (node) {
          return tree.at[node.id()];
        },
        fit: true,
        padding: PADDING,
      },
      minZoom: 0.1,
      maxZoom: 3,
      userZoomingEnabled: false, // the wheel scrolls the page; the buttons zoom
      boxSelectionEnabled: false,
      autoungrabify: true,
      autounselectify: true,
    });
    start(cy);
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) window.location.assign(url);
    });
    cy.on("mouseover", "node", function (event) {
      box.style.cursor = event.target.data("url") ? "pointer" : "";
    });
    cy.on("mouseout", "node", function () {
      box.style.cursor = "";
    });
    tools(cy);
    window.infointerviewNetwork = cy; // for the browser tests
    box.dataset.ready = "true";
  }

  function showAll(cy) {
    cy.fit(undefined, PADDING);
    if (cy.zoom() > MAX_START_ZOOM) {
      cy.zoom(MAX_START_ZOOM);
      cy.center();
    }
  }

  // The whole network when its names stay legible; else legible, from you.
  function start(cy) {
    showAll(cy);
    if (cy.zoom() >= READABLE_ZOOM) return;
    cy.zoom(READABLE_ZOOM);
    var you = cy.getElementById("0").renderedPosition();
    cy.panBy({ x: 2 * PADDING - you.x, y: box.clientHeight / 2 - you.y });
  }

  function tools(cy) {
    function zoomBy(factor) {
      cy.zoom({
        level: cy.zoom() * factor,
        renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 },
      });
    }
    document.getElementById("network-zoom-in").addEventListener("click", function () {
      zoomBy(1.25);
    });
    document.getElementById("network-zoom-out").addEventListener("click", function () {
      zoomBy(0.8);
    });
    document.getElementById("network-fit").addEventListener("click", function () {
      showAll(cy);
    });
  }

  function failed(reason) {
    box.textContent = "The picture could not be drawn (" + reason + "); the list below has everyone.";
    box.classList.add("network-failed");
  }

  figure.hidden = false;
  box.textContent = "Drawing…";
  fetch(box.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      failed(error.message);
    });
})();
