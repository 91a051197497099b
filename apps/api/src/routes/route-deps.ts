import type { PredictionService } from "@repo/queue";
import type { Admission } from "../admission.js";
import type { SniffImage } from "../upload/check-image.js";

/** What the route modules need; built once by createApp. */
export interface RouteDeps {
  service: PredictionService;
  admission: Admission;
  sniffImage: SniffImage;
  limits: {
    maxUploadBytes: number;
    maxBatchFiles: number;
    maxBatchBytes: number;
    maxImagePixels: number;
    predictTimeoutMs: number;
  };
  /** True once SIGTERM arrived: /readyz turns 503 so load balancers stop sending. */
  isShuttingDown: () => boolean;
}
