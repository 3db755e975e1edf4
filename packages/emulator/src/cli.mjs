// `vias-emulator [flags]`: parses the flags (exit 2 on a bad one), starts the emulator, prints
// its URL, and stops it cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEFAULTS, StateFileError, startEmulator } from './index.mjs';

export const USAGE = `Usage: vias-emulator [--host 127.0.0.1] [--port 4020] [--token T]
                     [--access-key AK --secret-key SK] [--state-file PATH]
                     [--transition-ms ${DEFAULTS.transitionMs}] [--run-ms ${DEFAULTS.runMs}]

  --host           address to listen on (default ${DEFAULTS.host})
  --port           port to listen on; 0 takes a free one (default ${DEFAULTS.port})
  --token          accept only this X-Auth-Token (default: any non-empty token)
  --access-key,
  --secret-key     also accept requests signed SDK-HMAC-SHA256 with this key pair
  --state-file     keep tasks in this file across restarts (default: in memory only)
  --transition-ms  how long PENDING, STARTING, STOPPING and DELETING each last (default ${DEFAULTS.transitionMs})
  --run-ms         how long a task on a file input runs before SUCCEEDED (default ${DEFAULTS.runMs})
  --help           print this and exit`;

export class UsageError extends Error {}

const whole = (name, text, max = Number.MAX_SAFE_INTEGER) => {
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${text}"`);
  return Number(text);
};

/** Flags to startEmulator options; throws UsageError (never quoting a key or token). */
export function parseFlags(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        'access-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'state-file': { type: 'string' },
        'transition-ms': { type: 'string' },
        'run-ms': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    // A stray positional may be a key typed without its flag: never echo it.
    if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('this command takes no positional arguments (a value without its flag?)');
    throw new UsageError(error.message);
  }
  if (values.help) return { help: true };
  const options = {};
  if (values.host !== undefined) {
    if (values.host === '') throw new UsageError('--host must not be empty');
    options.host = values.host;
  }
  if (values.port !== undefined) options.port = whole('port', values.port, 65535);
  if (values['transition-ms'] !== undefined) options.transitionMs = whole('transition-ms', values['transition-ms']);
  if (values['run-ms'] !== undefined) options.runMs = whole('run-ms', values['run-ms']);
  if (values.token !== undefined) {
    if (values.token === '') throw new UsageError('--token must not be empty');
    options.token = values.token;
  }
  const ak = values['access-key'];
  const sk = values['secret-key'];
  if ((ak === undefined) !== (sk === undefined)) throw new UsageError('--access-key and --secret-key go together');
  if (ak !== undefined) {
    if (ak === '' || sk === '') throw new UsageError('--access-key and --secret-key must not be empty');
    Object.assign(options, { accessKey: ak, secretKey: sk });
  }
  if (values['state-file'] !== undefined) {
    if (values['state-file'] === '') throw new UsageError('--state-file must not be empty');
    options.stateFile = values['state-file'];
  }
  return options;
}

export async function main(argv = process.argv.slice(2)) {
  let options;
  try {
    options = parseFlags(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`vias-emulator: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if ('help' in options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const where = `${options.host ?? DEFAULTS.host}:${options.port ?? DEFAULTS.port}`;
    const message =
      error.code === 'EADDRINUSE'
        ? `cannot listen on ${where}: the port is taken (choose another with --port, or EMULATOR_PORT for npm start)`
        : error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES'
          ? `cannot listen on ${where}: ${error.code}`
          : error instanceof StateFileError
            ? error.message
            : `cannot start: ${error.message}`;
    process.stderr.write(`vias-emulator: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`VIAS emulator: ${emulator.url}\n`);
  const stop = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
