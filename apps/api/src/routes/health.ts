import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import type { RouteDeps } from "./route-deps.js";
import { ErrorBodySchema } from "./schemas.js";

const WorkerSchema = z.object({
  id: z.string(),
  pid: z.number(),
  host: z.string(),
  model: z.record(z.string(), z.unknown()),
  startedAt: z.number(),
  lastBeatAt: z.number(),
});

const ReadinessSchema = z
  .object({ ready: z.boolean(), redis: z.boolean(), workers: z.array(WorkerSchema), reasons: z.array(z.string()) })
  .openapi("Readiness");

/** GET /healthz: the process lives. */
export const healthzRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["health"],
  summary: "Liveness: 200 while the process runs",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } },
  },
});

/** GET /readyz: Redis answers and at least one worker with a loaded model is alive. */
export const readyzRoute = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["health"],
  summary: "Readiness: 200 when Redis answers and a worker with a loaded model is alive",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: ReadinessSchema } } },
    503: {
      description: "Not ready; `reasons` says why",
      content: { "application/json": { schema: ReadinessSchema.extend(ErrorBodySchema.shape) } },
    },
  },
});

/** Registers /healthz and /readyz. */
export function registerHealth(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  app.openapi(healthzRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyzRoute, async (c) => {
    let report;
    try {
      report = await deps.service.readiness();
    } catch (err) {
      report = { ready: false, redis: false, workers: [], reasons: [`redis: ${(err as Error).message}`] };
    }
    if (deps.isShuttingDown()) report = { ...report, ready: false, reasons: [...report.reasons, "shutting down"] };
    if (report.ready) return c.json(report, 200);
    const error = {
      code: "SERVICE_UNAVAILABLE" as const,
      message: `not ready: ${report.reasons.join("; ")}`,
      requestId: c.get("requestId"),
    };
    return c.json({ ...report, error }, 503);
  });
}
