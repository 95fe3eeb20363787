// GraphML of the elements currently shown, following the GraphML contract
// of ARCHITECTURE.md (node keys label, label_en, type, aliases, date,
// place, docs; edge keys predicate, docs, evidence, offset, weight).

const nodeKeys = [
  ["label", "string"], ["label_en", "string"], ["type", "string"], ["aliases", "string"],
  ["date", "string"], ["place", "string"], ["docs", "string"],
];
const edgeKeys = [["predicate", "string"], ["docs", "string"], ["evidence", "string"], ["offset", "int"], ["weight", "int"]];

// xmlText escapes s for XML 1.0 text and attributes, dropping characters
// XML 1.0 cannot hold.
export function xmlText(s) {
  return String(s ?? "")
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

// toGraphML serialises entities (seckg.Entity) and relations (seckg.Relation).
export function toGraphML(entities, relations) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'];
  const extra = new Set();
  for (const e of entities) for (const k of Object.keys(e.attributes || {})) if (!["date", "place"].includes(k)) extra.add(k);
  const nk = [...nodeKeys, ...[...extra].sort().map((k) => [k, "string"])];
  for (const [k, ty] of nk) out.push(`  <key id="n_${xmlText(k)}" for="node" attr.name="${xmlText(k)}" attr.type="${ty}"/>`);
  for (const [k, ty] of edgeKeys) out.push(`  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${ty}"/>`);
  out.push('  <graph id="seckg" edgedefault="directed">');
  const data = (key, v) => (v === undefined || v === null || v === "" ? "" : `<data key="${xmlText(key)}">${xmlText(v)}</data>`);
  for (const e of entities) {
    const a = e.attributes || {};
    let s = `    <node id="${xmlText(e.id)}">` + data("n_label", e.name) + data("n_label_en", e.name_en) +
      data("n_type", e.type) + data("n_aliases", (e.aliases || []).join("|")) + data("n_date", a.date) +
      data("n_place", a.place) + data("n_docs", (e.docs || []).join("|"));
    for (const k of [...extra].sort()) s += data("n_" + k, a[k]);
    out.push(s + "</node>");
  }
  for (const r of relations) {
    const ev = r.evidence || [];
    const docs = [...new Set(ev.map((x) => x.doc))];
    const id = `${r.head} ${r.predicate} ${r.tail}`;
    out.push(`    <edge id="${xmlText(id)}" source="${xmlText(r.head)}" target="${xmlText(r.tail)}">` +
      data("e_predicate", r.predicate) + data("e_docs", docs.join("|")) +
      data("e_evidence", ev[0]?.sentence) + (ev.length ? data("e_offset", ev[0].offset ?? 0) : "") +
      data("e_weight", ev.length) + "</edge>");
  }
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}
