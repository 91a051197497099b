import { loadDigitModel, evaluateOnMnist } from "./src/index.js";
import { createLogger } from "@repo/logger";
const logger = createLogger("t", { level: "info", destination: process.stderr });
for (const f of ["seed-mlp-legacy-h5.keras", "cnn-rescaling-keras3.keras"]) {
  const t0 = performance.now();
  const m = await loadDigitModel({ path: `/work/shared/fixtures/keras/${f}`, logger });
  console.log(f, "load ms", (performance.now() - t0).toFixed(0), m.info.convention);
  const ev = await evaluateOnMnist(m, { limit: Number(process.argv[2] ?? 2000) });
  console.log(ev);
  m.dispose();
}
