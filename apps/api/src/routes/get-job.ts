import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors/api-error.js";
import type { RouteDeps } from "./route-deps.js";
import { JobIdParamSchema, JobViewSchema, apiKeySecurity, errorResponse } from "./schemas.js";

/** GET /jobs/{id}: a batch, or a single prediction's job. */
export const getJobRoute = createRoute({
  method: "get",
  path: "/jobs/{id}",
  tags: ["jobs"],
  summary: "A batch's (or one prediction's) status and results, in upload order",
  security: apiKeySecurity,
  request: { params: JobIdParamSchema },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: JobViewSchema } } },
    400: errorResponse("Malformed id"),
    401: errorResponse("API_KEYS is set and no valid key was given"),
    404: errorResponse("Unknown or expired id (results are kept RESULT_TTL_SECONDS)"),
    503: errorResponse("Redis unreachable"),
  },
});

/** Registers GET /jobs/{id}. */
export function registerGetJob(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  app.openapi(getJobRoute, async (c) => {
    const { id } = c.req.valid("param");
    let view;
    try {
      view = await deps.service.getJob(id);
    } catch (err) {
      throw new ApiError("SERVICE_UNAVAILABLE", `queue unreachable: ${(err as Error).message}`);
    }
    if (!view) throw new ApiError("NOT_FOUND", `no job ${id} (unknown, or expired after RESULT_TTL_SECONDS)`);
    return c.json(view, 200);
  });
}
