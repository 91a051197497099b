import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors/api-error.js";
import { DOCS_INIT_FILE, docsCsp, docsInitScript, docsPageHtml } from "../ui/docs-page.js";
import { homeCsp, homePageHtml } from "../ui/home-page.js";
import { sendAsset, textAsset } from "../ui/static-asset.js";
import { createSwaggerAssets } from "../ui/swagger-assets.js";

const SPEC_URL = "/openapi.json";
const ASSET_BASE = "/docs/assets";

/**
 * Registers GET / (the drawing page), GET /openapi.json, GET /docs (Swagger
 * UI) and GET /docs/assets/:file (Swagger UI's files, from swagger-ui-dist).
 */
export function registerPages(app: OpenAPIHono<AppEnv>): void {
  app.get("/", (c) => {
    c.header("Content-Security-Policy", homeCsp);
    c.header("Cache-Control", "no-cache");
    return c.html(homePageHtml);
  });

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "x-api-key",
  });
  app.doc(SPEC_URL, {
    openapi: "3.0.3",
    info: {
      title: "Digit recognition API",
      version: "1.0.0",
      description:
        "Upload an image of a handwritten digit, get the digit. Errors are `{error:{code,message,requestId}}`. Authentication applies only when the server sets API_KEYS.",
    },
  });

  const swagger = createSwaggerAssets();
  const init = textAsset(docsInitScript(SPEC_URL), "text/javascript; charset=utf-8");
  // Changes with the swagger-ui-dist install or with our start-up script, so cached copies never go stale.
  const version = `${swagger.version}-${init.etag.slice(1, 9)}`;
  const docsHtml = docsPageHtml({ specUrl: SPEC_URL, assetBase: ASSET_BASE, version });
  app.get("/docs", (c) => {
    c.header("Content-Security-Policy", docsCsp);
    c.header("Cache-Control", "no-cache");
    return c.html(docsHtml);
  });
  app.get(`${ASSET_BASE}/:file`, async (c) => {
    const file = c.req.param("file");
    const asset = file === DOCS_INIT_FILE ? init : await swagger.get(file);
    if (!asset) throw new ApiError("NOT_FOUND", `no docs asset ${file}`);
    // Versioned URLs (the ones /docs links to) never change for a given install.
    return sendAsset(c, asset, c.req.query("v") === version);
  });
}
