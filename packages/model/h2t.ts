import { encode } from "fast-png";
import { createRequire } from "node:module";
import { decodeToModelImage } from "./src/index.js";
const mnist = createRequire(import.meta.url)("mnist");
let maxd = 0, tot = 0, same = 0, cnt = 0;
const t0 = performance.now();
for (let d = 0; d < 10; d++) for (let i = 0; i < 100; i++) {
  const s: number[] = mnist[d].get(i);
  const u8 = Uint8Array.from(s, (v) => Math.round(v * 255));
  const png = encode({ width: 28, height: 28, data: u8, channels: 1, depth: 8 });
  const img = await decodeToModelImage(png, { height: 28, width: 28 });
  let m = 0; for (let k = 0; k < 784; k++) m = Math.max(m, Math.abs(img[k]! - u8[k]! / 255));
  maxd = Math.max(maxd, m); tot += m; cnt++; if (m < 1e-6) same++;
}
console.log({ maxd, mean: tot / cnt, same, cnt, ms: (performance.now() - t0) / cnt });
