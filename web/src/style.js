// Colours and shapes of the node types, and the Cytoscape stylesheet.
export const TYPE_STYLE = {
  Organization: { color: "#2b6cb0", shape: "round-rectangle" },
  Event: { color: "#dd6b20", shape: "diamond" },
  Document: { color: "#2f855a", shape: "rectangle" },
  Principle: { color: "#c53030", shape: "hexagon" },
  Concept: { color: "#6b46c1", shape: "ellipse" },
  Person: { color: "#975a16", shape: "triangle" },
  Country: { color: "#b83280", shape: "pentagon" },
  Place: { color: "#0f7c8c", shape: "octagon" },
};
const fallback = { color: "#718096", shape: "ellipse" };
export const typeStyle = (t) => TYPE_STYLE[t] || fallback;

// shapeSVG draws a legend swatch for a node type.
export function shapeSVG(type, size = 16) {
  const { color, shape } = typeStyle(type);
  const s = size, h = s / 2;
  const poly = (n, rot) => Array.from({ length: n }, (_, i) => {
    const a = rot + (i * 2 * Math.PI) / n;
    return `${(h + (h - 1) * Math.cos(a)).toFixed(1)},${(h + (h - 1) * Math.sin(a)).toFixed(1)}`;
  }).join(" ");
  let body;
  switch (shape) {
    case "round-rectangle": body = `<rect x="1" y="3" width="${s - 2}" height="${s - 6}" rx="3"/>`; break;
    case "rectangle": body = `<rect x="1" y="3" width="${s - 2}" height="${s - 6}"/>`; break;
    case "diamond": body = `<polygon points="${poly(4, -Math.PI / 2)}"/>`; break;
    case "hexagon": body = `<polygon points="${poly(6, 0)}"/>`; break;
    case "triangle": body = `<polygon points="${h},1 ${s - 1},${s - 2} 1,${s - 2}"/>`; break;
    case "pentagon": body = `<polygon points="${poly(5, -Math.PI / 2)}"/>`; break;
    case "octagon": body = `<polygon points="${poly(8, Math.PI / 8)}"/>`; break;
    default: body = `<circle cx="${h}" cy="${h}" r="${h - 1}"/>`;
  }
  return `<svg class="swatch" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true"><g fill="${color}">${body}</g></svg>`;
}

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

// stylesheet is the Cytoscape style; big selects the cheap variant for
// views of thousands of elements.
export function stylesheet(big = false) {
  const s = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-family": FONT,
        "font-size": 11,
        color: "#1a202c",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": 130,
        "text-outline-color": "#fff",
        "text-outline-width": 2,
        width: 24,
        height: 24,
        "border-width": 1,
        "border-color": "#fff",
        "min-zoomed-font-size": 7,
      },
    },
    {
      selector: "node[?focus]",
      style: { width: 38, height: 38, "font-size": 13, "font-weight": "bold", "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2, "z-index": 20 },
    },
    {
      selector: "edge",
      style: {
        label: "data(plabel)",
        "font-family": FONT,
        "font-size": 9,
        color: "#4a5568",
        "text-rotation": "autorotate",
        "text-background-color": "#fff",
        "text-background-opacity": 0.8,
        "text-background-padding": 1,
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        width: "mapData(weight, 1, 6, 1.2, 4)",
        "line-color": "#a0aec0",
        "target-arrow-color": "#a0aec0",
        "min-zoomed-font-size": 8,
      },
    },
    { selector: ".hidden", style: { display: "none" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#ecc94b" } },
    { selector: "edge:selected", style: { "line-color": "#d69e2e", "target-arrow-color": "#d69e2e", width: 4, color: "#744210" } },
    { selector: "edge.path", style: { "line-color": "#e53e3e", "target-arrow-color": "#e53e3e", width: 4, "z-index": 10 } },
    { selector: "node.path", style: { "border-color": "#e53e3e", "border-width": 3, "z-index": 10 } },
    { selector: ".faded", style: { opacity: 0.25 } },
  ];
  for (const [type, { color, shape }] of Object.entries(TYPE_STYLE)) {
    s.splice(1, 0, { selector: `node[type = "${type}"]`, style: { "background-color": color, shape } });
  }
  if (big) {
    // Thousands of elements: straight haystack edges without labels or
    // arrows, the cheapest edges Cytoscape draws; node labels only when
    // zoomed in far enough to read them.
    s.push({ selector: "edge", style: { "curve-style": "haystack", "haystack-radius": 0, label: "", "target-arrow-shape": "none", width: 1 } });
    s.push({ selector: "node", style: { "min-zoomed-font-size": 10, "text-outline-width": 0 } });
    s.push({ selector: "edge.path", style: { width: 4 } });
  }
  return s;
}
