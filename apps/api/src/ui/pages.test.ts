import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { buildTestApp } from "../test-app.js";

// Any src/href/url() that points at another origin (http:, https: or protocol-relative).
const EXTERNAL = /(?:src|href)\s*=\s*["'](?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\//i;

async function docsAssetUrls(app: ReturnType<typeof buildTestApp>["app"]): Promise<string[]> {
  const html = await (await app.request("/docs")).text();
  return [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
}

test("/docs links only to its own assets, and each answers 200 with its content type and a year of caching", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/docs");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-security-policy")!, /default-src 'self'/);
  const html = await res.text();
  assert.doesNotMatch(html, EXTERNAL);
  const urls = await docsAssetUrls(app);
  const types: Record<string, RegExp> = {
    "swagger-ui-bundle.js": /^text\/javascript/,
    "swagger-ui.css": /^text\/css/,
    "favicon-32x32.png": /^image\/png$/,
    "docs-init.js": /^text\/javascript/,
  };
  assert.deepEqual(urls.map((u) => /assets\/([^?]+)/.exec(u)![1]).sort(), Object.keys(types).sort());
  for (const url of urls) {
    const asset = await app.request(url);
    const name = /assets\/([^?]+)/.exec(url)![1]!;
    assert.equal(asset.status, 200, url);
    assert.match(asset.headers.get("content-type")!, types[name]!, url);
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable", url);
    assert.equal(asset.headers.get("x-content-type-options"), "nosniff");
    assert.ok((await asset.arrayBuffer()).byteLength > 50, url);
  }
});

test("the start-up script points Swagger UI at /openapi.json and turns off the external validator", async () => {
  const { app } = buildTestApp();
  const url = (await docsAssetUrls(app)).find((u) => u.includes("docs-init.js"))!;
  const js = await (await app.request(url)).text();
  assert.match(js, /"url":"\/openapi.json"/);
  assert.match(js, /"validatorUrl":null/);
});

test("a docs asset is gzipped for browsers that accept it and answers 304 to its own ETag", async () => {
  const { app } = buildTestApp();
  const url = (await docsAssetUrls(app)).find((u) => u.includes("swagger-ui-bundle.js"))!;
  const plain = await app.request(url);
  const plainBytes = new Uint8Array(await plain.arrayBuffer());
  const zipped = await app.request(url, { headers: { "accept-encoding": "gzip, deflate, br" } });
  assert.equal(zipped.headers.get("content-encoding"), "gzip");
  assert.equal(zipped.headers.get("vary"), "Accept-Encoding");
  const zippedBytes = new Uint8Array(await zipped.arrayBuffer());
  assert.ok(zippedBytes.length < plainBytes.length / 2, `gzip ${zippedBytes.length} vs ${plainBytes.length}`);
  assert.deepEqual(gunzipSync(zippedBytes), Buffer.from(plainBytes));
  const etag = plain.headers.get("etag")!;
  assert.match(etag, /^"[\w-]+"$/);
  const again = await app.request(url, { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0);
});

test("an asset asked for without the current version is cached for an hour only", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/docs/assets/swagger-ui.css?v=old");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "public, max-age=3600");
});

test("a file of swagger-ui-dist that /docs does not use, or a path trick, is a JSON 404", async () => {
  const { app } = buildTestApp();
  for (const path of [
    "/docs/assets/package.json",
    "/docs/assets/swagger-ui.js.map",
    "/docs/assets/..%2Fpackage.json",
    "/docs/assets/%2e%2e%2f%2e%2e%2fpackage.json",
    "/docs/assets/constructor",
    "/docs/assets/__proto__",
  ]) {
    const res = await app.request(path);
    assert.equal(res.status, 404, path);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "NOT_FOUND", path);
  }
});

test("the drawing page loads nothing from elsewhere, has labelled controls, and only talks to its own origin", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-security-policy")!, /connect-src 'self'/);
  const html = await res.text();
  assert.doesNotMatch(html, EXTERNAL);
  assert.doesNotMatch(html, /@import|<link[^>]+stylesheet/i, "no external stylesheets or web fonts");
  for (const id of ["predict", "clear", "choose"]) assert.match(html, new RegExp(`<button type="button" id="${id}"`), id);
  assert.match(html, /<label for="key">/);
  assert.match(html, /<canvas[^>]+aria-label="[^"]+"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /body\.error|e\.message/, "the error's message is shown");
});
