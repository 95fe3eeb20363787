// Builds web/src into web/dist: app.js and app.css minified by esbuild,
// index.html copied, and dist/.source-hash written so that the Go test
// TestDistFresh can tell when dist is stale. Run with `npm run build`.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const dist = join(root, "dist");

// sourceHash must match sourceHash in web/web_test.go: sorted paths
// relative to web/ (slash-separated) of every file under src/ plus
// build.mjs and package-lock.json; for each, "path\nsha256hex(content)\n".
function sourceHash() {
  const files = ["build.mjs", "package-lock.json"];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(relative(root, p).split(sep).join("/"));
    }
  };
  walk(join(root, "src"));
  files.sort();
  const h = createHash("sha256");
  for (const f of files) {
    const sum = createHash("sha256").update(readFileSync(join(root, f))).digest("hex");
    h.update(`${f}\n${sum}\n`);
  }
  return h.digest("hex");
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: { app: join(root, "src/app.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: dist,
  legalComments: "none",
  sourcemap: false,
  logLevel: "warning",
});
await build({
  entryPoints: { app: join(root, "src/app.css") },
  bundle: true,
  minify: true,
  outdir: dist,
  logLevel: "warning",
});
copyFileSync(join(root, "src/index.html"), join(dist, "index.html"));
writeFileSync(join(dist, ".source-hash"), sourceHash() + "\n");
for (const f of readdirSync(dist)) console.log(`dist/${f}\t${statSync(join(dist, f)).size} bytes`);
