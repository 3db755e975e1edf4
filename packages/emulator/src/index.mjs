// @vias-openapi/emulator: a stateful local VIAS, started from code or from `vias-emulator`.
import { listen, createListener } from './server.mjs';
import { Store } from './store.mjs';

export { StateFileError } from './journal.mjs';

export const DEFAULTS = { host: '127.0.0.1', port: 4020, transitionMs: 2000, runMs: 10_000 };

/**
 * Starts an emulator and resolves once it listens.
 * @param {{ host?: string, port?: number, token?: string, accessKey?: string, secretKey?: string,
 *   stateFile?: string, transitionMs?: number, runMs?: number,
 *   clock?: () => number, checkResponses?: boolean, log?: (line: string) => void }} [options]
 *   `clock` (ms, default Date.now) drives the state machine; `checkResponses` validates every
 *   answer against the spec (tests).
 * @returns {Promise<{ url: string, port: number, stop(): Promise<void> }>}
 */
export async function startEmulator(options = {}) {
  const { host, port, token, accessKey, secretKey, stateFile, transitionMs, runMs } = { ...DEFAULTS, ...options };
  const { clock = Date.now, checkResponses = false, log = console.error } = options;
  if (!accessKey !== !secretKey) throw new TypeError('startEmulator: give accessKey and secretKey together');
  const store = new Store({ clock, transitionMs, runMs });
  if (stateFile) await store.persistTo(stateFile);
  let server;
  try {
    server = await listen(createListener({ store, token, accessKey, secretKey, checkResponses, log }), { host, port });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = server.address();
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let stopped;
  return {
    url,
    port: address.port,
    stop() {
      stopped ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return stopped;
    },
  };
}
