// The /docs page: Swagger UI from this server's own /docs/assets, pointed at
// /openapi.json. Nothing is fetched from another origin, and the page's CSP
// makes the browser enforce that.

/** Where the docs page finds its pieces. */
export interface DocsPageOptions {
  /** URL of the OpenAPI document. */
  specUrl: string;
  /** URL prefix of the Swagger UI files, without the trailing slash. */
  assetBase: string;
  /** A token that changes with the files, appended as `?v=` so they can be cached as immutable. */
  version: string;
}

/** Name of the generated start-up script under the asset prefix. */
export const DOCS_INIT_FILE = "docs-init.js";

/** Content-Security-Policy of /docs: own origin only (Swagger UI sets inline styles and SVG data URLs). */
export const docsCsp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/** The HTML of /docs. */
export function docsPageHtml(o: DocsPageOptions): string {
  const v = `?v=${encodeURIComponent(o.version)}`;
  return /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Digit recognition API — docs</title>
<link rel="stylesheet" href="${o.assetBase}/swagger-ui.css${v}">
<link rel="icon" type="image/png" href="${o.assetBase}/favicon-32x32.png${v}">
<style>
  body { margin: 0; }
  .docs-nav { font: 14px/1.4 system-ui, sans-serif; padding: .6rem 1.25rem; background: #1b2a3a; color: #dfe7ef; }
  .docs-nav a { color: #9fd0ff; }
</style>
</head>
<body>
<nav class="docs-nav" aria-label="site"><a href="/">← Draw a digit</a> · <a href="${o.specUrl}">OpenAPI JSON</a></nav>
<main id="swagger-ui"></main>
<script src="${o.assetBase}/swagger-ui-bundle.js${v}"></script>
<script src="${o.assetBase}/${DOCS_INIT_FILE}${v}"></script>
</body>
</html>
`;
}

/**
 * The script that starts Swagger UI. A separate file rather than inline, so
 * the CSP needs no 'unsafe-inline' for scripts. validatorUrl is null because
 * its default sends the spec's URL to validator.swagger.io.
 */
export function docsInitScript(specUrl: string): string {
  const config = {
    url: specUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    validatorUrl: null,
    persistAuthorization: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
  };
  return `"use strict";
window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(config)}, { presets: [SwaggerUIBundle.presets.apis] }));
`;
}
