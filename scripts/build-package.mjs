#!/usr/bin/env node
// Builds one workspace package: transpiles src/**/*.ts to dist/ with esbuild,
// one output file per source file (no bundling), leaving tests and test helpers out.
// Type checking is a separate step (`npm run typecheck`, run by `npm test`):
// tsc over tfjs's types took minutes on 2 cores, which kept `npm start` on a fresh
// clone far from its 60 s budget; esbuild does the whole tree in about a second.
import { build } from "esbuild";
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const isTestFile = (name) => /\.test\.ts$/.test(name) || /^test-/.test(name) || /\.fixture\.ts$/.test(name);

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts") && !isTestFile(name)) out.push(p);
  }
  return out;
}

const pkgDir = process.cwd();
rmSync(join(pkgDir, "dist"), { recursive: true, force: true });
await build({
  entryPoints: sources(join(pkgDir, "src")),
  outdir: join(pkgDir, "dist"),
  outbase: join(pkgDir, "src"),
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
