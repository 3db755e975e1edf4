// `npm start` of this workspace (and of the repository): the VIAS emulator on EMULATOR_PORT
// (4020) and the VAS emulator on VAS_EMULATOR_PORT (4021), in this one process. A port that is
// taken is an error naming it and its variable. Ctrl-C stops both.
import { startEmulator } from '../dist/index.js';
import { startFailure } from '../dist/cli.js';

const servers = [
  { generation: 'vias', label: 'VIAS', variable: 'EMULATOR_PORT', port: Number(process.env.EMULATOR_PORT ?? 4020) },
  { generation: 'vas', label: 'VAS', variable: 'VAS_EMULATOR_PORT', port: Number(process.env.VAS_EMULATOR_PORT ?? 4021) },
];
const running = [];
for (const { generation, label, variable, port } of servers) {
  try {
    const emulator = await startEmulator({ generation, port });
    running.push(emulator);
    console.log(`${label} emulator: ${emulator.url}`);
  } catch (error) {
    console.error(`vias-emulator: ${startFailure(error, `127.0.0.1:${port}`, variable)}`);
    await Promise.all(running.map((e) => e.stop()));
    process.exit(1);
  }
}
const stop = async () => {
  await Promise.all(running.map((e) => e.stop()));
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
