/** A Fetch-API handler serving files from a folder (the demo pages and the built bundles), for the Node commands. */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves `root`'s files under the URL prefix `mount` (`/` for the root); `index.html` for folders. */
export function staticFiles(root: string, mount = '/'): (request: Request) => Promise<Response | null> {
  const base = normalize(root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(mount)) return null;
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(mount.length));
    } catch {
      return null;
    }
    let path = normalize(join(base, relative));
    if (path !== base && !path.startsWith(base + sep)) return null;
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        headers: {
          'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return null;
    }
  };
}
