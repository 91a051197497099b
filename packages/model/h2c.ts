import * as tf from "@tensorflow/tfjs";
import { createDigitModel, selectBackend } from "./src/index.js";
import { createLogger } from "@repo/logger";
import { centroidModel } from "./src/convention/centroid-model.fixture.js";
const logger = createLogger("t", { level: "warn" });
const b = await selectBackend("auto", logger);
for (const sc of ["0..1", "0..255"] as const) for (const po of ["light-on-dark", "dark-on-light"] as const) {
  const t0 = performance.now();
  const m = createDigitModel({ model: centroidModel(sc, po, [28, 28, 1]), name: "x", path: "x", format: "keras3", kerasVersion: null, backend: b, logger });
  console.log(sc, po, "->", m.info.convention, (performance.now() - t0).toFixed(0), "ms");
}
