// UI strings in Chinese and English, and the Chinese labels of node types
// and predicates.

export const TYPES = ["Organization", "Event", "Document", "Principle", "Concept", "Person", "Country", "Place"];
export const PREDICATES = ["proposed-by", "adopted-at", "evolved-into", "part-of", "member-of", "held-in", "signed-by", "chaired-by", "based-on"];

const zh = {
  title: "亚洲安全知识图谱",
  searchPlaceholder: "搜索实体：亚信、SCO、東盟…",
  pathFinder: "路径",
  timeline: "时间线",
  fit: "适应",
  clear: "清空",
  exportPNG: "导出 PNG",
  exportGraphML: "导出 GraphML",
  nodeTypes: "节点类型",
  predicates: "关系",
  loading: "加载中…",
  empty: "输入名称开始搜索，或在时间线中选择事件。",
  hint: "单击节点查看属性与证据，双击展开邻居；单击边查看证据句。",
  tlScope: "仅当前实体",
  from: "起点",
  to: "终点",
  maxLen: "最大长度",
  findPaths: "查找路径",
  noPaths: "未找到路径。",
  pathN: "路径",
  pickBoth: "请先从建议中选择起点和终点。",
  noResults: "无匹配结果",
  attributes: "属性",
  aliases: "别名",
  documents: "文献",
  relations: "关系",
  evidence: "证据",
  noEvidence: "无证据句。",
  expand: "展开邻居",
  pathFrom: "设为起点",
  pathTo: "设为终点",
  offset: "偏移",
  nodes: "节点",
  edges: "边",
  noItems: "没有带日期的事件。",
  error: "错误",
  moreResults: "共 {n} 条",
  more: "另有 {n} 条未列出",
  attr_date: "日期",
  attr_place: "地点",
  attr_number: "届次",
  attr_series: "系列",
  attr_location: "所在地",
  shown: "显示 {n} 个节点、{e} 条边",
};

const en = {
  title: "Asian Security Knowledge Graph",
  searchPlaceholder: "Search: CICA, 上合, ASEAN…",
  pathFinder: "Paths",
  timeline: "Timeline",
  fit: "Fit",
  clear: "Clear",
  exportPNG: "Export PNG",
  exportGraphML: "Export GraphML",
  nodeTypes: "Node types",
  predicates: "Relations",
  loading: "Loading…",
  empty: "Type a name to search, or pick an event from the timeline.",
  hint: "Click a node for its attributes and evidence, double-click to expand; click an edge for its evidence.",
  tlScope: "Focused entity only",
  from: "From",
  to: "To",
  maxLen: "Max length",
  findPaths: "Find paths",
  noPaths: "No path found.",
  pathN: "Path",
  pickBoth: "Pick both ends from the suggestions first.",
  noResults: "No match",
  attributes: "Attributes",
  aliases: "Aliases",
  documents: "Documents",
  relations: "Relations",
  evidence: "Evidence",
  noEvidence: "No evidence sentence.",
  expand: "Expand neighbours",
  pathFrom: "Path from here",
  pathTo: "Path to here",
  offset: "offset",
  nodes: "nodes",
  edges: "edges",
  noItems: "No dated events.",
  error: "Error",
  moreResults: "{n} in all",
  more: "{n} more not listed",
  attr_date: "date",
  attr_place: "place",
  attr_number: "number",
  attr_series: "series",
  attr_location: "location",
  shown: "{n} nodes, {e} edges shown",
};

const typeZh = {
  Organization: "组织", Event: "事件", Document: "文件", Principle: "原则",
  Concept: "理念", Person: "人物", Country: "国家", Place: "地点",
};

const predZh = {
  "proposed-by": "提出者", "adopted-at": "通过于", "evolved-into": "演变为",
  "part-of": "隶属于", "member-of": "成员", "held-in": "举办地",
  "signed-by": "签署方", "chaired-by": "主席国", "based-on": "基于",
};

const dicts = { zh, en };
let lang = "zh";

export function setLang(l) { lang = l === "en" ? "en" : "zh"; }
export function getLang() { return lang; }

// t returns the UI string for key in the current language, with {x}
// placeholders replaced from vars.
export function t(key, vars) {
  let s = dicts[lang][key] ?? zh[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function typeLabel(type) { return lang === "zh" ? (typeZh[type] ?? type) : type; }
export function predLabel(p) { return lang === "zh" ? (predZh[p] ?? p) : p; }

// entityLabel is the name shown for an entity: Chinese name in zh mode,
// English name (falling back to Chinese) in en mode.
export function entityLabel(e) {
  if (!e) return "";
  if (lang === "en" && e.name_en) return e.name_en;
  return e.name || e.name_en || e.id;
}

// applyStatic rewrites every element marked with data-i18n(-placeholder).
export function applyStatic(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}
