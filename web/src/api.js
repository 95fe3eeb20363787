// A small client of the seckg HTTP API (/api/v1). Every failure becomes an
// ApiError carrying the server's code and message, for the UI to show.

export class ApiError extends Error {
  constructor(status, code, message, path) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

const base = "/api/v1";

async function get(path, params, signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  }
  const url = base + path + (qs.toString() ? "?" + qs : "");
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "network", `${path}: ${err.message}`, path);
  }
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const e = body && body.error;
    throw new ApiError(res.status, e?.code || "http_" + res.status,
      e?.message || `${path}: HTTP ${res.status} ${text.slice(0, 200)}`, path);
  }
  if (body === null) throw new ApiError(res.status, "bad_response", `${path}: response is not JSON`, path);
  return body;
}

const enc = encodeURIComponent;

export const api = {
  search: (q, limit = 10, signal) => get("/entities", { q, limit }, signal),
  entity: (id) => get("/entities/" + enc(id)),
  neighbors: (id, params) => get("/entities/" + enc(id) + "/neighbors", params),
  subgraph: (ids, expand = 1) => get("/subgraph", { ids: ids.join(","), expand, format: "cytoscape" }),
  paths: (from, to, max = 4, k = 5) => get("/paths", { from, to, max, k }),
  timeline: (entity) => get("/timeline", { entity }),
  stats: () => get("/stats"),
};

// toSubgraph accepts either a seckg.Subgraph ({nodes:[Entity], edges:[Relation]})
// or the Cytoscape.js form ({elements:{nodes:[{data}], edges:[{data}]}}) and
// returns the Subgraph form.
export function toSubgraph(body) {
  if (body && body.elements) {
    const nodes = (body.elements.nodes || []).map(({ data: d }) => ({
      id: d.id, type: d.type, name: d.name ?? d.label, name_en: d.name_en ?? d.label_en,
      aliases: Array.isArray(d.aliases) ? d.aliases : (d.aliases ? String(d.aliases).split("|") : []),
      attributes: d.attributes || rest(d, ["id", "label", "label_en", "name", "name_en", "type", "aliases", "docs"]),
      docs: Array.isArray(d.docs) ? d.docs : (d.docs ? String(d.docs).split("|") : []),
    }));
    const edges = (body.elements.edges || []).map(({ data: d }) => ({
      head: d.source, predicate: d.predicate, tail: d.target,
      evidence: Array.isArray(d.evidence) ? d.evidence
        : (d.evidence ? [{ doc: Array.isArray(d.docs) ? d.docs[0] : String(d.docs || "").split("|")[0], sentence: d.evidence, offset: d.offset ?? 0 }] : []),
    }));
    return { nodes, edges };
  }
  return { nodes: body?.nodes || [], edges: body?.edges || [] };
}

// rest is the string-valued data keys other than the reserved ones: the
// entity's attributes, which the Cytoscape form spreads into data.
function rest(o, reserved) {
  const r = {};
  for (const [k, v] of Object.entries(o)) if (!reserved.includes(k) && v !== "" && (typeof v === "string" || typeof v === "number")) r[k] = String(v);
  return r;
}
