// Swagger UI's browser files, served from the installed `swagger-ui-dist`
// package instead of a CDN, so /docs works on networks without internet.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** One file ready to send: its bytes, a gzip copy when that is worth it, and validators. */
export interface StaticAsset {
  body: Uint8Array;
  gzipped: Uint8Array | null;
  contentType: string;
  etag: string;
}

/** The few files of `swagger-ui-dist` that /docs needs (the rest of the package is never read). */
export const swaggerFiles = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "favicon-32x32.png": "image/png",
} as const;

/** A file name /docs/assets serves. */
export type SwaggerFile = keyof typeof swaggerFiles;

/** Looks up and caches Swagger UI's files; see {@link createSwaggerAssets}. */
export interface SwaggerAssets {
  /** The installed swagger-ui-dist version, put in asset URLs so browsers may cache them forever. */
  version: string;
  /** The asset called `name`, or null for any name not in {@link swaggerFiles}. */
  get(name: string): Promise<StaticAsset | null>;
}

function isSwaggerFile(name: string): name is SwaggerFile {
  return Object.hasOwn(swaggerFiles, name);
}

/**
 * Resolve `swagger-ui-dist` next to this module (createRequire follows the
 * same node_modules lookup as an import) and serve its files from memory:
 * each is read and gzipped once, on first use, off the event loop.
 */
export function createSwaggerAssets(): SwaggerAssets {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve("swagger-ui-dist/package.json");
  const dir = dirname(pkgJson);
  const { version } = require(pkgJson) as { version: string };
  const cache = new Map<SwaggerFile, Promise<StaticAsset>>();

  const load = async (name: SwaggerFile): Promise<StaticAsset> => {
    const body = new Uint8Array(await readFile(join(dir, name)));
    const contentType = swaggerFiles[name];
    // PNGs are already compressed; text shrinks ~4× (the 1.7 MB bundle to ~0.5 MB).
    const gzipped = contentType.startsWith("image/") ? null : new Uint8Array(await gzipAsync(body));
    const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`;
    return { body, gzipped, contentType, etag };
  };

  return {
    version,
    get(name) {
      if (!isSwaggerFile(name)) return Promise.resolve(null);
      let asset = cache.get(name);
      if (!asset) {
        asset = load(name);
        // A failed read is not cached, so a later request can try again.
        asset.catch(() => cache.delete(name));
        cache.set(name, asset);
      }
      return asset;
    },
  };
}
