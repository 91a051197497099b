import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import type { AppEnv } from "../app-env.js";
import { homePageHtml } from "../ui/home-page.js";

/** Registers GET / (the drawing page), GET /openapi.json and GET /docs (Swagger UI). */
export function registerPages(app: OpenAPIHono<AppEnv>): void {
  app.get("/", (c) => c.html(homePageHtml));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "x-api-key",
  });
  app.doc("/openapi.json", {
    openapi: "3.0.3",
    info: {
      title: "Digit recognition API",
      version: "1.0.0",
      description:
        "Upload an image of a handwritten digit, get the digit. Errors are `{error:{code,message,requestId}}`. Authentication applies only when the server sets API_KEYS.",
    },
  });
  app.get("/docs", swaggerUI({ url: "/openapi.json", title: "Digit recognition API" }));
}
