// What a user pays in bytes: the client bundled for a browser/edge app, and what `npm install`
// puts on disk for our client versus the official SDK core. Measured by the client's own
// size script (packages/client/scripts/size.mjs), so both report the same figures.
import { pathToFileURL } from 'node:url';
import { bundleSize, footprint, officialDir, packageDir } from '../packages/client/scripts/size.mjs';

// Packages on disk: the runtime dependencies plus the package itself.
export async function size() {
  const { min, gzip } = await bundleSize();
  const client = footprint(packageDir);
  const official = footprint(officialDir());
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
