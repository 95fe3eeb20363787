// seckg frontend: search, neighbourhood graph, side panel with evidence,
// filters, path finder, timeline, exports, URL state and zh/en UI.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { api, toSubgraph } from "./api.js";
import { TYPES, PREDICATES, t, setLang, getLang, typeLabel, predLabel, entityLabel, applyStatic } from "./i18n.js";
import { stylesheet, shapeSVG } from "./style.js";
import { toGraphML } from "./graphml.js";

cytoscape.use(fcose);

const BIG = 500;
const REL_CAP = 40; // relations listed per predicate in the side panel // above this many nodes: cheaper layout and viewport textures
const $ = (id) => document.getElementById(id);

const state = {
  entities: new Map(), // id → Entity (the richest form seen)
  relations: new Map(), // "head predicate tail" → Relation
  details: new Map(), // id → EntityDetail
  focus: null,
  hiddenTypes: new Set(),
  hiddenPreds: new Set(),
  panel: null, // what the side panel shows: {kind:"entity"|"edge", id}
  paths: null,
  timeline: null,
  pending: 0,
  big: false, // more than BIG nodes: the cheap stylesheet and layout
};

const hook = { cy: null, state, api, errors: [], timings: {}, lastExport: null, lastLayout: null, get pending() { return state.pending; } };
window.__seckg = hook;

// ---------- helpers ----------

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
const relKey = (r) => `${r.head} ${r.predicate} ${r.tail}`;

async function busy(p) {
  state.pending++;
  $("busy").hidden = false;
  try { return await p; } finally {
    state.pending--;
    if (state.pending === 0) $("busy").hidden = true;
  }
}

function showError(err) {
  if (err && err.name === "AbortError") return;
  const msg = err && err.message ? err.message : String(err);
  const code = err && err.code ? ` [${err.code}]` : "";
  hook.errors.push(msg + code);
  $("error-text").textContent = `${t("error")}: ${msg}${code}`;
  $("error").hidden = false;
  console.error(err);
}
function clearError() { $("error").hidden = true; }

// guard runs an async UI action, showing its failure.
const guard = (fn) => (...args) => Promise.resolve().then(() => fn(...args)).catch(showError);

function mergeEntity(e) {
  if (!e || !e.id) return;
  const old = state.entities.get(e.id);
  if (!old) { state.entities.set(e.id, e); return; }
  state.entities.set(e.id, {
    ...old, ...e,
    aliases: e.aliases?.length ? e.aliases : old.aliases,
    attributes: e.attributes && Object.keys(e.attributes).length ? e.attributes : old.attributes,
    docs: e.docs?.length ? e.docs : old.docs,
  });
}
function mergeRelation(r) {
  const k = relKey(r);
  const old = state.relations.get(k);
  if (!old || (r.evidence?.length || 0) > (old.evidence?.length || 0)) state.relations.set(k, r);
  return k;
}

// ---------- graph ----------

const cy = cytoscape({
  container: $("cy"),
  style: stylesheet(),
  minZoom: 0.02,
  maxZoom: 4,
  motionBlur: false,
  textureOnViewport: false,
  hideEdgesOnViewport: false,
  selectionType: "single",
});
hook.cy = cy;
// Cytoscape draws in requestAnimationFrame callbacks. Some headless modes
// (chromium --screenshot with a virtual time budget) run those only a few
// times and never show what later frames draw. A watchdog sends one rAF
// probe per 200 ms; once a probe stays unanswered for two ticks, and while
// the page is visible (so never in a background tab), the view is drawn
// with cy.png() into an image over the graph whenever it changed. Where
// frames run, the watchdog costs one rAF callback per 200 ms.
let probe = false, waited = 0, rafDead = false, alive = 0, dirty = true;
cy.on("add remove position viewport style data select unselect resize", () => { dirty = true; });
setInterval(() => {
  // Ticks run only when the page is idle, so a probe still waiting after
  // two ticks means frames are not being scheduled at all (a long task
  // alone cannot cause it).
  if (probe) { if (++waited >= 2) { rafDead = true; alive = 0; } }
  else {
    waited = 0;
    probe = true;
    requestAnimationFrame(() => {
      probe = false;
      // A lone frame (such headless modes run one after a DOM change) is
      // not a working render loop: wait for five answered probes in a row.
      if (++alive >= 5 && rafDead) { rafDead = false; $("cy-still").hidden = true; }
    });
  }
  if (!rafDead || document.visibilityState !== "visible" || !dirty || cy.batching()) return;
  dirty = false;
  const img = $("cy-still");
  img.src = cy.png({ full: false, scale: 1 });
  img.style.width = cy.width() + "px";
  img.style.height = cy.height() + "px";
  img.hidden = false;
  hook.stills = (hook.stills || 0) + 1;
}, 200);
// The container changes size when the timeline opens or closes.
if (window.ResizeObserver) new ResizeObserver(() => cy.resize()).observe($("cy"));

function nodeData(e) {
  return { id: e.id, type: e.type, label: entityLabel(e) };
}
function edgeData(k, r) {
  return { id: k, source: r.head, target: r.tail, predicate: r.predicate, plabel: predLabel(r.predicate), weight: Math.max(1, r.evidence?.length || 1) };
}

// addSubgraph adds entities and relations to the view; it returns the
// number of new nodes.
function addSubgraph(sg, near) {
  const origin = near && cy.getElementById(near).nonempty() ? { ...cy.getElementById(near).position() } : null;
  const add = [], pending = new Set();
  const addNode = (e) => {
    pending.add(e.id);
    const pos = origin ? { x: origin.x + (Math.random() - 0.5) * 80, y: origin.y + (Math.random() - 0.5) * 80 } : undefined;
    add.push({ group: "nodes", data: nodeData(e), position: pos });
  };
  const has = (id) => pending.has(id) || cy.getElementById(id).nonempty();
  cy.batch(() => {
    for (const e of sg.nodes || []) {
      mergeEntity(e);
      if (!has(e.id)) addNode(state.entities.get(e.id));
      else if (!pending.has(e.id)) cy.getElementById(e.id).data("label", entityLabel(state.entities.get(e.id)));
    }
    for (const r of sg.edges || []) {
      const k = mergeRelation(r);
      if (pending.has(k)) continue;
      const old = cy.getElementById(k);
      if (old.nonempty()) { old.data("weight", edgeData(k, state.relations.get(k)).weight); continue; }
      for (const end of [r.head, r.tail]) if (!has(end)) addNode(state.entities.get(end) || { id: end, type: "", name: end });
      pending.add(k);
      add.push({ group: "edges", data: edgeData(k, state.relations.get(k)) });
    }
    if (add.length) cy.add(add);
  });
  afterChange();
  return add.filter((x) => x.group === "nodes").length;
}

function afterChange() {
  const n = cy.nodes().length;
  const big = n > BIG;
  const r = cy.renderer && cy.renderer();
  if (r) { r.textureOnViewport = big; r.hideEdgesOnViewport = big; }
  if (big !== state.big) { state.big = big; cy.style(stylesheet(big)); }
  $("empty").hidden = n > 0;
  applyFilters();
  renderFilters();
}

// shown is what the filters leave visible: nodes not hidden, and edges
// not hidden whose two ends are shown. (Computed from classes: the cached
// visibility of elements can lag a class change.)
function shown() {
  const nodes = cy.nodes().not(".hidden");
  const edges = cy.edges().filter((e) => !e.hasClass("hidden") && !e.source().hasClass("hidden") && !e.target().hasClass("hidden"));
  return nodes.union(edges);
}
hook.shown = shown;

function spiral(vis) {
  const nodes = vis.nodes();
  const f = state.focus ? nodes.getElementById(state.focus) : null;
  const root = f && f.nonempty() ? f : nodes.max((x) => x.degree(false)).ele;
  const order = [], seen = new Set();
  vis.bfs({ roots: root, directed: false, visit: (v) => { order.push(v); seen.add(v.id()); } });
  nodes.forEach((x) => { if (!seen.has(x.id())) order.push(x); });
  const pos = {};
  order.forEach((x, i) => {
    const r = 30 * Math.sqrt(i), a = i * 2.399963;
    pos[x.id()] = { x: r * Math.cos(a), y: r * Math.sin(a) };
  });
  return pos;
}

let layoutRun = null;
function runLayout({ randomize = false } = {}) {
  if (layoutRun) layoutRun.stop();
  const vis = shown();
  const n = vis.nodes().length;
  if (n === 0) return;
  let opts;
  if (n > BIG) {
    // Big views: a golden-angle spiral in breadth-first order from the
    // focus, O(n + e), no force iterations, no animation. Neighbours of
    // the focus land near the middle.
    // The viewport is fitted from the positions: fitting to bounding boxes
    // would measure thousands of labels.
    const pos = spiral(vis);
    opts = { name: "preset", positions: (node) => pos[node.id()], animate: false, fit: false };
    const fitSpiral = () => {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const p of Object.values(pos)) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); }
      const w = cy.width(), h = cy.height(), pad = 30;
      const zoom = Math.max(cy.minZoom(), Math.min(1, (w - 2 * pad) / Math.max(1, x1 - x0), (h - 2 * pad) / Math.max(1, y1 - y0)));
      cy.viewport({ zoom, pan: { x: w / 2 - zoom * (x0 + x1) / 2, y: h / 2 - zoom * (y0 + y1) / 2 } });
    };
    hook.fitBig = fitSpiral;
  } else {
    opts = {
      name: "fcose", quality: "default", randomize, animate: !randomize && n < 150, animationDuration: 350, fit: true, padding: 40,
      nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 110, edgeElasticity: () => 0.35,
      nodeSeparation: 90, numIter: 2500, packComponents: true,
    };
  }
  hook.lastLayout = { name: opts.name, quality: opts.quality, nodes: n, done: false };
  const info = hook.lastLayout;
  layoutRun = vis.layout(opts);
  layoutRun.one("layoutstop", () => { if (hook.fitBig && n > BIG) hook.fitBig(); info.done = true; });
  layoutRun.run();
}

cy.on("tap", "node", (ev) => { guard(showEntity)(ev.target.id(), { push: true }); });
cy.on("dbltap", "node", (ev) => { guard(expand)(ev.target.id()); });
cy.on("tap", "edge", (ev) => { guard(showEdge)(ev.target.id()); });

async function expand(id) {
  const t0 = performance.now();
  const sg = toSubgraph(await busy(api.neighbors(id, { depth: 1, limit: 200 })));
  const t1 = performance.now();
  const e = state.entities.get(id);
  if (e && !sg.nodes.some((n) => n.id === id)) sg.nodes.unshift(e);
  const had = cy.nodes().length;
  const added = addSubgraph(sg, id);
  cy.getElementById(id).data("expanded", true);
  const t2 = performance.now();
  if (added > 0 || had === 0) runLayout({ randomize: had === 0 });
  hook.timings.expand = { fetch: t1 - t0, add: t2 - t1, layout: performance.now() - t2 };
}

// focusEntity makes id the focused entity: its neighbourhood drawn, its
// node selected, its detail shown and its id in the URL.
async function focusEntity(id, { push = true, seed } = {}) {
  if (seed) mergeEntity(seed);
  if (cy.getElementById(id).empty() || !cy.getElementById(id).data("expanded")) await expand(id);
  setFocus(id);
  const n = cy.getElementById(id);
  if (n.nonempty() && !n.hasClass("hidden") && !state.big) cy.animate({ center: { eles: n } }, { duration: 250 });
  await showEntity(id, { push });
}

function setFocus(id) {
  cy.nodes("[?focus]").data("focus", false);
  state.focus = id;
  const n = cy.getElementById(id);
  if (n.nonempty()) { n.data("focus", true); cy.elements().unselect(); n.select(); }
  if (state.timeline && !$("timeline").hidden) renderTimeline();
}

// ---------- URL state ----------

function writeURL(push) {
  const u = new URL(location.href);
  if (state.focus) u.searchParams.set("id", state.focus); else u.searchParams.delete("id");
  const q = $("q").value.trim();
  if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
  if (getLang() === "en") u.searchParams.set("lang", "en"); else u.searchParams.delete("lang");
  if (u.href === location.href) return;
  if (push) history.pushState({ id: state.focus }, "", u); else history.replaceState({ id: state.focus }, "", u);
}

window.addEventListener("popstate", guard(async () => {
  const p = new URLSearchParams(location.search);
  const id = p.get("id");
  $("q").value = p.get("q") || "";
  if (id) await focusEntity(id, { push: false });
  else { state.focus = null; cy.elements().unselect(); renderDetailEmpty(); }
}));

// ---------- suggestions ----------

function attachSuggest(input, list, onPick) {
  let timer = null, ctrl = null, items = [], active = -1;
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
  const render = (res) => {
    items = res.items || [];
    if (!items.length) {
      list.innerHTML = `<li class="none">${esc(t("noResults"))}</li>`;
    } else {
      list.innerHTML = items.map((e, i) => `<li role="option" data-i="${i}">${shapeSVG(e.type, 14)}<span class="nm">${esc(e.name)}</span>` +
        `<span class="sub">${esc(e.name_en || "")}</span><span class="ty">${esc(typeLabel(e.type))}</span></li>`).join("") +
        (res.total > items.length ? `<li class="none">${esc(t("moreResults", { n: res.total }))}</li>` : "");
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const lookup = async () => {
    const q = input.value.trim();
    if (ctrl) ctrl.abort();
    if (!q) { close(); return; }
    ctrl = new AbortController();
    try { render(await api.search(q, 8, ctrl.signal)); clearError(); } catch (err) { showError(err); }
  };
  const pick = (i) => { const e = items[i]; if (!e) return; close(); onPick(e); };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 140); });
  input.addEventListener("keydown", async (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (list.hidden || !items.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      list.querySelectorAll("li[data-i]").forEach((li) => li.classList.toggle("active", Number(li.dataset.i) === active));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(timer);
      if (active < 0) await lookup();
      pick(active < 0 ? 0 : active);
    } else if (ev.key === "Escape") close();
  });
  list.addEventListener("mousedown", (ev) => {
    const li = ev.target.closest("li[data-i]");
    if (li) { ev.preventDefault(); pick(Number(li.dataset.i)); }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

attachSuggest($("q"), $("suggest"), (e) => { $("q").value = e.name; guard(focusEntity)(e.id, { push: true, seed: e }); });

// ---------- side panel ----------

function renderDetailEmpty() {
  state.panel = null;
  $("detail").innerHTML = `<p class="hint">${esc(t("hint"))}</p>`;
}

function entityLink(id) {
  const e = state.entities.get(id);
  const ty = e?.type || "";
  return `<a href="?id=${encodeURIComponent(id)}" class="ent" data-id="${esc(id)}">${shapeSVG(ty, 12)}${esc(e ? entityLabel(e) : id)}</a>`;
}

// highlight marks the names of the given entities in an escaped sentence.
function highlight(sentence, ids) {
  const names = new Set();
  for (const id of ids) {
    const e = state.entities.get(id);
    if (!e) continue;
    for (const n of [e.name, e.name_en, ...(e.aliases || [])]) if (n && n.length > 1) names.add(n);
  }
  let s = esc(sentence);
  const sorted = [...names].map(esc).sort((a, b) => b.length - a.length);
  if (!sorted.length) return s;
  const re = new RegExp(sorted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return s.replace(re, (m) => `<mark>${m}</mark>`);
}

function evidenceHTML(r) {
  const ev = r.evidence || [];
  if (!ev.length) return `<p class="none">${esc(t("noEvidence"))}</p>`;
  return `<ul class="evidence">` + ev.map((x) => `<li><q>${highlight(x.sentence, [r.head, r.tail])}</q>` +
    `<cite><span class="doc">${esc(x.doc)}</span> · ${esc(t("offset"))} ${esc(x.offset)}</cite></li>`).join("") + "</ul>";
}

async function showEntity(id, { push = false } = {}) {
  let d = state.details.get(id);
  if (!d) {
    d = await busy(api.entity(id));
    state.details.set(id, d);
  }
  mergeEntity(d.entity);
  for (const o of Object.values(d.others || {})) mergeEntity(o);
  for (const r of d.relations || []) mergeRelation(r);
  if (state.focus !== id) setFocus(id);
  state.panel = { kind: "entity", id };
  const t0 = performance.now();
  renderEntity(d);
  hook.timings.panel = performance.now() - t0;
  writeURL(push);
}

function renderEntity(d) {
  const e = state.entities.get(d.entity.id) || d.entity;
  const attrs = Object.entries(e.attributes || {});
  const groups = new Map();
  for (const r of d.relations || []) {
    if (!groups.has(r.predicate)) groups.set(r.predicate, []);
    groups.get(r.predicate).push(r);
  }
  const order = [...groups.keys()].sort((a, b) => PREDICATES.indexOf(a) - PREDICATES.indexOf(b));
  let h = `<div class="ent-head">${shapeSVG(e.type, 20)}<div><h2>${esc(e.name)}</h2>` +
    (e.name_en ? `<div class="en">${esc(e.name_en)}</div>` : "") +
    `<div class="meta"><span class="badge">${esc(typeLabel(e.type))}</span> <code>${esc(e.id)}</code></div></div></div>` +
    `<div class="actions"><button type="button" data-act="expand">${esc(t("expand"))}</button>` +
    `<button type="button" data-act="from">${esc(t("pathFrom"))}</button><button type="button" data-act="to">${esc(t("pathTo"))}</button></div>`;
  if (attrs.length) {
    h += `<h3>${esc(t("attributes"))}</h3><table class="attrs">` + attrs.map(([k, v]) => {
      const label = t("attr_" + k) === "attr_" + k ? k : t("attr_" + k);
      const val = state.entities.has(v) ? entityLink(v) : esc(v);
      return `<tr><th>${esc(label)}</th><td>${val}</td></tr>`;
    }).join("") + "</table>";
  }
  if (e.aliases?.length) h += `<h3>${esc(t("aliases"))}</h3><div class="chips">` + e.aliases.map((a) => `<span class="chip">${esc(a)}</span>`).join("") + "</div>";
  if (e.docs?.length) h += `<h3>${esc(t("documents"))}</h3><ul class="docs">` + e.docs.map((x) => `<li>${esc(x)}</li>`).join("") + "</ul>";
  h += `<h3>${esc(t("relations"))} (${(d.relations || []).length})</h3>`;
  for (const p of order) {
    const rs = groups.get(p);
    h += `<details open class="pred"><summary>${esc(predLabel(p))} <span class="n">${rs.length}</span></summary><ul class="rels">`;
    for (const r of rs.slice(0, REL_CAP)) {
      const out = r.head === e.id;
      h += `<li class="rel" data-key="${esc(relKey(r))}"><div class="ends">${out ? "→" : "←"} ${entityLink(out ? r.tail : r.head)}</div>${evidenceHTML(r)}</li>`;
    }
    if (rs.length > REL_CAP) h += `<li class="none">${esc(t("more", { n: rs.length - REL_CAP }))}</li>`;
    h += "</ul></details>";
  }
  $("detail").innerHTML = h;
}

async function showEdge(key) {
  let r = state.relations.get(key);
  if (!r) return;
  if (!r.evidence?.length) {
    const d = state.details.get(r.head) || await busy(api.entity(r.head));
    state.details.set(r.head, d);
    for (const o of Object.values(d.others || {})) mergeEntity(o);
    const found = (d.relations || []).find((x) => relKey(x) === key);
    if (found) { mergeRelation(found); r = state.relations.get(key); }
  }
  const edge = cy.getElementById(key);
  if (edge.nonempty()) { cy.elements().unselect(); edge.select(); }
  state.panel = { kind: "edge", id: key };
  renderEdge(r);
}

function renderEdge(r) {
  $("detail").innerHTML = `<div class="edge-head"><div>${entityLink(r.head)}</div><div class="pred-arrow">— ${esc(predLabel(r.predicate))} →</div><div>${entityLink(r.tail)}</div>` +
    `<code>${esc(r.predicate)}</code></div><h3>${esc(t("evidence"))} (${(r.evidence || []).length})</h3>${evidenceHTML(r)}`;
}

function rerenderPanel() {
  if (!state.panel) { renderDetailEmpty(); return; }
  if (state.panel.kind === "entity" && state.details.has(state.panel.id)) renderEntity(state.details.get(state.panel.id));
  else if (state.panel.kind === "edge" && state.relations.has(state.panel.id)) renderEdge(state.relations.get(state.panel.id));
}

$("panel").addEventListener("click", (ev) => {
  const a = ev.target.closest("a.ent");
  if (a) { ev.preventDefault(); guard(focusEntity)(a.dataset.id, { push: true }); return; }
  const b = ev.target.closest("button[data-act]");
  if (b && state.panel?.kind === "entity") {
    const id = state.panel.id;
    if (b.dataset.act === "expand") guard(expand)(id);
    else setPathEnd(b.dataset.act, id);
    return;
  }
  const li = ev.target.closest("li.rel");
  if (li && !ev.target.closest("a")) {
    const k = li.dataset.key;
    const edge = cy.getElementById(k);
    if (edge.nonempty()) { cy.elements().unselect(); edge.select(); cy.animate({ center: { eles: edge } }, { duration: 200 }); }
  }
});

// ---------- filters and legend ----------

function applyFilters() {
  if (!state.hiddenTypes.size && !state.hiddenPreds.size) cy.elements(".hidden").removeClass("hidden");
  else cy.batch(() => {
    cy.nodes().forEach((n) => { n.toggleClass("hidden", state.hiddenTypes.has(n.data("type"))); });
    cy.edges().forEach((e) => { e.toggleClass("hidden", state.hiddenPreds.has(e.data("predicate"))); });
  });
  const vis = shown();
  const n = vis.nodes().length, e = vis.edges().length;
  $("count").textContent = t("shown", { n, e });
}

function renderFilters() {
  const tc = new Map(), pc = new Map();
  cy.nodes().forEach((n) => tc.set(n.data("type"), (tc.get(n.data("type")) || 0) + 1));
  cy.edges().forEach((e) => pc.set(e.data("predicate"), (pc.get(e.data("predicate")) || 0) + 1));
  $("types").innerHTML = TYPES.map((ty) => `<li class="${tc.get(ty) ? "" : "zero"}"><label><input type="checkbox" data-type="${ty}" ${state.hiddenTypes.has(ty) ? "" : "checked"}>` +
    `${shapeSVG(ty)}<span class="nm">${esc(typeLabel(ty))}</span><span class="n">${tc.get(ty) || 0}</span></label></li>`).join("");
  $("preds").innerHTML = PREDICATES.map((p) => `<li class="${pc.get(p) ? "" : "zero"}"><label><input type="checkbox" data-pred="${p}" ${state.hiddenPreds.has(p) ? "" : "checked"}>` +
    `<span class="nm">${esc(predLabel(p))}</span>${getLang() === "zh" ? `<span class="sub">${p}</span>` : ""}<span class="n">${pc.get(p) || 0}</span></label></li>`).join("");
}

$("left").addEventListener("change", (ev) => {
  const i = ev.target;
  if (i.dataset.type) { if (i.checked) state.hiddenTypes.delete(i.dataset.type); else state.hiddenTypes.add(i.dataset.type); }
  else if (i.dataset.pred) { if (i.checked) state.hiddenPreds.delete(i.dataset.pred); else state.hiddenPreds.add(i.dataset.pred); }
  else return;
  applyFilters();
});

// ---------- path finder ----------

function setPathEnd(which, id) {
  $("pathfinder").hidden = false;
  const input = $(which === "from" ? "pf-from" : "pf-to");
  input.dataset.id = id;
  input.value = entityLabel(state.entities.get(id)) || id;
}
for (const which of ["from", "to"]) {
  const input = $("pf-" + which);
  attachSuggest(input, input.nextElementSibling, (e) => { mergeEntity(e); setPathEnd(which, e.id); });
  input.addEventListener("input", () => { delete input.dataset.id; });
}
$("btn-path").addEventListener("click", () => {
  $("pathfinder").hidden = !$("pathfinder").hidden;
  if (!$("pathfinder").hidden && state.focus && !$("pf-from").dataset.id) setPathEnd("from", state.focus);
});

async function findPaths(from, to, max) {
  from = from || $("pf-from").dataset.id;
  to = to || $("pf-to").dataset.id;
  max = max || Number($("pf-max").value) || 4;
  if (!from || !to) { $("pf-result").innerHTML = `<p class="none">${esc(t("pickBoth"))}</p>`; return []; }
  const res = await busy(api.paths(from, to, max, 5));
  state.paths = res.paths || [];
  for (const p of state.paths) for (const n of p.nodes || []) mergeEntity(n);
  renderPaths();
  if (state.paths.length) showPath(0);
  return state.paths;
}

function renderPaths() {
  const ps = state.paths;
  if (!ps) { $("pf-result").innerHTML = ""; return; }
  if (!ps.length) { $("pf-result").innerHTML = `<p class="none">${esc(t("noPaths"))}</p>`; return; }
  $("pf-result").innerHTML = `<ol class="paths">` + ps.map((p, i) => {
    let s = `<li data-i="${i}"><strong>${esc(t("pathN"))} ${i + 1}</strong> (${p.edges.length}) <div class="chain">`;
    p.nodes.forEach((n, j) => {
      s += `<span class="pnode">${shapeSVG(n.type, 11)}${esc(entityLabel(n))}</span>`;
      const e = p.edges[j];
      if (e) s += `<span class="pedge">${e.head === n.id ? "—" : "←"}${esc(predLabel(e.predicate))}${e.head === n.id ? "→" : "—"}</span>`;
    });
    return s + "</div></li>";
  }).join("") + "</ol>";
}

function showPath(i) {
  const p = state.paths?.[i];
  if (!p) return;
  const added = addSubgraph({ nodes: p.nodes, edges: p.edges });
  cy.elements().removeClass("path");
  const eles = cy.collection();
  for (const n of p.nodes) eles.merge(cy.getElementById(n.id));
  for (const e of p.edges) eles.merge(cy.getElementById(relKey(e)));
  eles.addClass("path");
  $("pf-result").querySelectorAll("li[data-i]").forEach((li) => li.classList.toggle("active", Number(li.dataset.i) === i));
  if (added) runLayout();
  cy.animate({ fit: { eles, padding: 60 } }, { duration: 300 });
}

$("pf-go").addEventListener("click", guard(() => findPaths()));
$("pf-result").addEventListener("click", (ev) => { const li = ev.target.closest("li[data-i]"); if (li) showPath(Number(li.dataset.i)); });

// ---------- timeline ----------

async function openTimeline() {
  $("timeline").hidden = false;
  const entity = $("tl-scope").checked ? state.focus || undefined : undefined;
  const res = await busy(api.timeline(entity));
  state.timeline = res.items || [];
  for (const it of state.timeline) mergeEntity(it.entity);
  renderTimeline();
  return state.timeline;
}

function renderTimeline() {
  const items = state.timeline || [];
  if (!items.length) { $("tl-items").innerHTML = `<li class="none">${esc(t("noItems"))}</li>`; return; }
  $("tl-items").innerHTML = items.map((it, i) => {
    const rels = (it.relations || []).slice(0, 3).map((r) => {
      const other = r.head === it.entity.id ? r.tail : r.head;
      return `${esc(predLabel(r.predicate))}: ${esc(entityLabel(state.entities.get(other)) || other)}`;
    }).join(" · ");
    return `<li data-i="${i}" class="${it.entity.id === state.focus ? "active" : ""}"><time>${esc(it.date)}</time>` +
      `<div class="tl-name">${shapeSVG(it.entity.type, 12)}${esc(entityLabel(it.entity))}</div><div class="tl-rels">${rels}</div></li>`;
  }).join("");
}

$("btn-timeline").addEventListener("click", () => {
  if ($("timeline").hidden) guard(openTimeline)(); else $("timeline").hidden = true;
});
$("tl-close").addEventListener("click", () => { $("timeline").hidden = true; });
$("tl-scope").addEventListener("change", guard(openTimeline));
$("tl-items").addEventListener("click", (ev) => {
  const li = ev.target.closest("li[data-i]");
  if (!li) return;
  const it = state.timeline[Number(li.dataset.i)];
  guard(async () => { await focusEntity(it.entity.id, { push: true, seed: it.entity }); renderTimeline(); })();
});

// ---------- exports ----------

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function exportPNG() {
  if (!cy.nodes().length) throw new Error("nothing to export");
  const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff", maxWidth: 8000, maxHeight: 8000 });
  hook.lastExport = { kind: "png", bytes: blob.size, type: blob.type };
  download(blob, `seckg-${state.focus || "graph"}.png`);
  return hook.lastExport;
}

function exportGraphML() {
  const vis = shown();
  const nodes = vis.nodes().map((n) => state.entities.get(n.id()) || { id: n.id(), type: n.data("type"), name: n.data("label") });
  const edges = vis.edges().map((e) => state.relations.get(e.id())).filter(Boolean);
  const xml = toGraphML(nodes, edges);
  const blob = new Blob([xml], { type: "application/graphml+xml" });
  hook.lastExport = { kind: "graphml", bytes: blob.size, nodes: nodes.length, edges: edges.length, text: xml };
  download(blob, `seckg-${state.focus || "graph"}.graphml`);
  return hook.lastExport;
}

$("btn-png").addEventListener("click", guard(exportPNG));
$("btn-graphml").addEventListener("click", guard(exportGraphML));
$("btn-fit").addEventListener("click", () => cy.animate({ fit: { eles: shown(), padding: 30 } }, { duration: 250 }));
$("btn-clear").addEventListener("click", () => {
  cy.elements().remove();
  state.focus = null; state.paths = null;
  renderPaths(); renderDetailEmpty(); afterChange(); writeURL(true);
});
$("error-close").addEventListener("click", clearError);

// ---------- language ----------

function applyLang(l) {
  setLang(l);
  try { localStorage.setItem("seckg.lang", getLang()); } catch { /* private mode */ }
  applyStatic();
  $("btn-lang").textContent = getLang() === "zh" ? "EN" : "中文";
  cy.batch(() => {
    cy.nodes().forEach((n) => { const e = state.entities.get(n.id()); if (e) n.data("label", entityLabel(e)); });
    cy.edges().forEach((e) => e.data("plabel", predLabel(e.data("predicate"))));
  });
  renderFilters();
  applyFilters();
  rerenderPanel();
  renderPaths();
  if (state.timeline) renderTimeline();
}
$("btn-lang").addEventListener("click", () => { applyLang(getLang() === "zh" ? "en" : "zh"); writeURL(false); });

// ---------- start ----------

Object.assign(hook, { focus: focusEntity, expand, showEdge, findPaths, openTimeline, exportPNG, exportGraphML, applyLang, addSubgraph, runLayout });

async function start() {
  const p = new URLSearchParams(location.search);
  let l = p.get("lang");
  if (!l) { try { l = localStorage.getItem("seckg.lang"); } catch { /* ignore */ } }
  applyLang(l || "zh");
  const id = p.get("id"), q = p.get("q");
  if (q) $("q").value = q;
  if (id) {
    await focusEntity(id, { push: false });
  } else if (q) {
    const res = await busy(api.search(q, 10));
    const first = res.items?.[0];
    if (!first) { showError(new Error(`${t("noResults")}: ${q}`)); return; }
    await focusEntity(first.id, { push: false, seed: first });
  }
}
hook.ready = start().catch(showError).then(() => { hook.started = true; });
