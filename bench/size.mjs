// What a user pays in bytes: the client bundled for a browser/edge app, and what `npm install`
// puts on disk for our client versus the official SDK core. Measured by the client's own size
// script (`npm run size -w @vias-openapi/client`), run here with --json, so both report the same figures.
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Packages on disk: the runtime dependencies plus the package itself.
export async function size() {
  const out = execFileSync('npm', ['run', '--silent', 'size', '-w', '@vias-openapi/client', '--', '--json'], { cwd: root, encoding: 'utf8' });
  const { min, gzip, client, official } = JSON.parse(out.trim().split('\n').at(-1));
  return {
    bundle_min_bytes: min,
    bundle_gzip_bytes: gzip,
    install_client_packages: client.deps.length + 1,
    install_client_bytes: client.bytes,
    install_official_packages: official.deps.length + 1,
    install_official_bytes: official.bytes,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await size());
