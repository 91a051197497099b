import { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "@repo/logger";
import type { PredictionService } from "@repo/queue";
import { createAdmission, type Admission } from "./admission.js";
import type { AppEnv } from "./app-env.js";
import { ApiError } from "./errors/api-error.js";
import { createOnError, notFound } from "./errors/on-error.js";
import { apiKeyAuth } from "./middleware/api-key.js";
import { drainUnreadBody } from "./middleware/drain-body.js";
import { requestId } from "./middleware/request-id.js";
import { requestLogger } from "./middleware/request-logger.js";
import { noopRequestObserver, requestMetrics, type RequestObserver } from "./middleware/request-metrics.js";
import { registerCreateJob } from "./routes/create-job.js";
import { registerGetJob } from "./routes/get-job.js";
import { registerHealth } from "./routes/health.js";
import { registerPages } from "./routes/home.js";
import { registerPredict } from "./routes/predict.js";
import type { RouteDeps } from "./routes/route-deps.js";
import type { SniffImage } from "./upload/check-image.js";

/** The settings createApp reads (a subset of ApiEnv, so tests pass only what they change). */
export interface AppConfig {
  MAX_UPLOAD_BYTES: number;
  MAX_BATCH_FILES: number;
  MAX_BATCH_BYTES: number;
  MAX_IMAGE_PIXELS: number;
  PREDICT_TIMEOUT_MS: number;
  MAX_QUEUE_DEPTH: number;
  API_KEYS: string[];
}

/** Defaults of {@link AppConfig}, the same as env.ts. */
export const defaultAppConfig: AppConfig = {
  MAX_UPLOAD_BYTES: 10 * 1024 * 1024,
  MAX_BATCH_FILES: 1000,
  MAX_BATCH_BYTES: 256 * 1024 * 1024,
  MAX_IMAGE_PIXELS: 25_000_000,
  PREDICT_TIMEOUT_MS: 10_000,
  MAX_QUEUE_DEPTH: 10_000,
  API_KEYS: [],
};

/** Everything the app depends on; each has a small interface so tests pass fakes. */
export interface AppDeps {
  service: PredictionService;
  sniffImage: SniffImage;
  logger: Logger;
  config?: Partial<AppConfig>;
  metrics?: RequestObserver;
  /** Override the cached readiness/queue-depth gate (tests). */
  admission?: Admission;
  isShuttingDown?: () => boolean;
}

/** Build the Hono app without listening: main.ts serves it, tests call `app.request()`. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const config = { ...defaultAppConfig, ...deps.config };
  const app = new OpenAPIHono<AppEnv>({
    // zod validation failures (params) become our BAD_REQUEST, not zod-openapi's default body.
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new ApiError("BAD_REQUEST", `invalid ${issue?.path.join(".") || "request"}: ${issue?.message ?? ""}`);
      }
    },
  });

  const routeDeps: RouteDeps = {
    service: deps.service,
    sniffImage: deps.sniffImage,
    admission:
      deps.admission ?? createAdmission({ service: deps.service, maxQueueDepth: config.MAX_QUEUE_DEPTH }),
    limits: {
      maxUploadBytes: config.MAX_UPLOAD_BYTES,
      maxBatchFiles: config.MAX_BATCH_FILES,
      maxBatchBytes: config.MAX_BATCH_BYTES,
      maxImagePixels: config.MAX_IMAGE_PIXELS,
      predictTimeoutMs: config.PREDICT_TIMEOUT_MS,
    },
    isShuttingDown: deps.isShuttingDown ?? (() => false),
  };

  app.use("*", requestId());
  app.use("*", requestLogger(deps.logger));
  app.use("*", requestMetrics(deps.metrics ?? noopRequestObserver));
  app.use("*", drainUnreadBody());
  const auth = apiKeyAuth({ keys: config.API_KEYS });
  for (const path of ["/predict", "/predict/", "/jobs", "/jobs/*"]) app.use(path, auth);

  registerPages(app);
  registerHealth(app, routeDeps);
  registerPredict(app, routeDeps);
  registerCreateJob(app, routeDeps);
  registerGetJob(app, routeDeps);

  app.onError(createOnError(deps.logger));
  app.notFound(notFound);
  return app;
}
