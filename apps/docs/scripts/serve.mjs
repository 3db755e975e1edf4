// A tiny static server for the built site (node:http, no dependencies). The docs tests,
// the bench and the root `npm start` use serveSite() (exported as `@vias-openapi/docs/serve`);
// `npm start -w @vias-openapi/docs` serves the site on 127.0.0.1:8080.
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../src/languages.mjs';

export const SITE_DIR = fileURLToPath(new URL('../site', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Maps a URL path to a file under root, or null when it would escape root. */
function resolveFile(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/**
 * Serves `root` on host:port (port 0 picks a free one).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveSite({ root = SITE_DIR, host = '127.0.0.1', port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveFile(root, new URL(req.url ?? '/', 'http://localhost').pathname);
    const info = file && (await stat(file).catch(() => null));
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // Rebuilds must show up on reload; the site is small enough not to need caching.
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections open; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

/** Port from `--port N`, else DOCS_PORT, else 8080; undefined when it is not a port number. */
export function docsPort(argv = process.argv.slice(2), env = process.env) {
  const flag = argv.indexOf('--port');
  const raw = flag === -1 ? (env.DOCS_PORT ?? '8080') : argv[flag + 1];
  const port = Number(raw);
  return raw !== undefined && /^\d+$/.test(raw) && port <= 65535 ? port : undefined;
}

// `npm start -w @vias-openapi/docs` (and `npm run serve`): the built site on 127.0.0.1.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = docsPort();
  if (port === undefined) {
    console.error('usage: node scripts/serve.mjs [--port N]   (or DOCS_PORT=N; default 8080)');
    process.exit(2);
  }
  if (!existsSync(join(SITE_DIR, 'index.html'))) {
    console.error(`docs: ${SITE_DIR} is not built; run \`npm run build -w @vias-openapi/docs\` first`);
    process.exit(1);
  }
  let site;
  try {
    site = await serveSite({ port });
  } catch (error) {
    // Never claim to serve while another process answers on that port.
    console.error(
      error.code === 'EADDRINUSE'
        ? `docs: port ${port} on 127.0.0.1 is already in use; stop what uses it or choose another (--port N or DOCS_PORT=N)`
        : `docs: cannot listen on 127.0.0.1:${port}: ${error.message}`,
    );
    process.exit(1);
  }
  console.log(`docs: serving ${SITE_DIR} at ${site.url}`);
  // The other languages' editions, each in its own directory.
  for (const { code, dir } of LANGUAGES) if (dir && existsSync(join(SITE_DIR, dir, 'index.html'))) console.log(`docs: ${code} at ${site.url}${dir}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => site.close().then(() => process.exit(0)));
}
