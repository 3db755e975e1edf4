// `vias-emulator [flags]`: parses the flags (exit 2 on a bad one), starts the emulator, prints
// its URL (`VIAS emulator: <url>`, or `VAS emulator: <url>`), and stops cleanly on SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCatalogue } from './vias/catalogue.js';
import { DEFAULTS, StateFileError, startEmulator, type EmulatorOptions, type GenerationName } from './index.js';

export const USAGE = `Usage: vias-emulator [--generation vias|vas] [--host 127.0.0.1] [--port 4020] [--token T]
                     [--access-key AK --secret-key SK] [--state-file PATH]
                     [--transition-ms ${DEFAULTS.transitionMs}] [--run-ms ${DEFAULTS.runMs}] [--cors-origin ORIGIN]…
                     [--in-use refuse|cascade] [--services FILE] [--seed FILE]
                     [--alert-interval-ms ${DEFAULTS.alertIntervalMs}] [--webhook-allow HOST]…

  --generation     the API served: vias (default; host vias.*) or vas (the older VAS job API, host iva.*)
  --host           address to listen on (default ${DEFAULTS.host})
  --port           port to listen on; 0 takes a free one (default ${DEFAULTS.port})
  --token          accept only this X-Auth-Token (default: any non-empty token)
  --access-key,
  --secret-key     also accept requests signed SDK-HMAC-SHA256 with this key pair
  --state-file     keep the state in this file across restarts (default: in memory only)
  --transition-ms  how long PENDING, STARTING, STOPPING and DELETING each last (default ${DEFAULTS.transitionMs})
  --run-ms         how long a task on a file input runs before SUCCEEDED (default ${DEFAULTS.runMs})
  --cors-origin    answer CORS for this origin (repeatable; * for any); default: no CORS headers
  --in-use         deleting what is still used (a video source a task reads, a group a batch
                   names, a pool a deployment runs on): refuse (default) or cascade
  --services       a JSON file of algorithm services to add to the built-in catalogue (VIAS)
  --seed           a JSON file of states to load at start (the control API's export format:
                   one state, or an array of them)
  --alert-interval-ms  how often a running task of an alerting algorithm POSTs an alert to its
                   webhook (default ${DEFAULTS.alertIntervalMs}; 0: only on demand) (VIAS)
  --webhook-allow  a host webhook URLs may name (repeatable; default 127.0.0.1, ::1, localhost)
  --help           print this and exit`;

export class UsageError extends Error {}

const whole = (name: string, text: string, max = Number.MAX_SAFE_INTEGER) => {
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${text}"`);
  return Number(text);
};

const nonEmpty = (name: string, text: string) => {
  if (text === '') throw new UsageError(`--${name} must not be empty`);
  return text;
};

/** Flags to startEmulator options; throws UsageError (never quoting a key or token). */
export function parseFlags(argv: string[]): EmulatorOptions | { help: true } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        generation: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        'access-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'state-file': { type: 'string' },
        'transition-ms': { type: 'string' },
        'run-ms': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'in-use': { type: 'string' },
        services: { type: 'string' },
        seed: { type: 'string' },
        'alert-interval-ms': { type: 'string' },
        'webhook-allow': { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    // A stray positional may be a key typed without its flag: never echo it.
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('this command takes no positional arguments (a value without its flag?)');
    }
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  const options: EmulatorOptions = {};
  if (values.generation !== undefined) {
    if (values.generation !== 'vias' && values.generation !== 'vas') throw new UsageError(`--generation must be vias or vas, not "${values.generation}"`);
    options.generation = values.generation as GenerationName;
  }
  if (values.host !== undefined) options.host = nonEmpty('host', values.host);
  if (values.port !== undefined) options.port = whole('port', values.port, 65535);
  if (values['transition-ms'] !== undefined) options.transitionMs = whole('transition-ms', values['transition-ms']);
  if (values['run-ms'] !== undefined) options.runMs = whole('run-ms', values['run-ms']);
  if (values.token !== undefined) options.token = nonEmpty('token', values.token);
  const ak = values['access-key'];
  const sk = values['secret-key'];
  if ((ak === undefined) !== (sk === undefined)) throw new UsageError('--access-key and --secret-key go together');
  if (ak !== undefined && sk !== undefined) {
    if (ak === '' || sk === '') throw new UsageError('--access-key and --secret-key must not be empty');
    Object.assign(options, { accessKey: ak, secretKey: sk });
  }
  if (values['state-file'] !== undefined) options.stateFile = nonEmpty('state-file', values['state-file']);
  if (values['cors-origin'] !== undefined) options.corsOrigins = values['cors-origin'].map((o) => nonEmpty('cors-origin', o));
  if (values['in-use'] !== undefined) {
    if (values['in-use'] !== 'refuse' && values['in-use'] !== 'cascade') throw new UsageError(`--in-use must be refuse or cascade, not "${values['in-use']}"`);
    options.inUse = values['in-use'];
  }
  if (values.services !== undefined) {
    const file = nonEmpty('services', values.services);
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--services ${file}: ${(error as Error).message}`);
    }
    try {
      options.services = parseCatalogue(text, file);
    } catch (error) {
      throw new UsageError(`--services ${(error as Error).message}`);
    }
  }
  if (values['alert-interval-ms'] !== undefined) options.alertIntervalMs = whole('alert-interval-ms', values['alert-interval-ms']);
  if (values['webhook-allow'] !== undefined) options.webhookAllow = values['webhook-allow'].map((h) => nonEmpty('webhook-allow', h));
  if (values.seed !== undefined) {
    const file = nonEmpty('seed', values.seed);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`--seed ${file}: ${(error as Error).message}`);
    }
    options.seed = Array.isArray(parsed) ? parsed : [parsed as object];
  }
  return options;
}

/** Why starting failed, in one line. */
export function startFailure(error: unknown, where: string, portVariable = 'EMULATOR_PORT'): string {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return `cannot listen on ${where}: the port is taken (choose another with --port, or ${portVariable} for npm start)`;
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') return `cannot listen on ${where}: ${code}`;
  if (error instanceof StateFileError) return error.message;
  return `cannot start: ${(error as Error).message}`;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
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
    process.stderr.write(`vias-emulator: ${startFailure(error, `${options.host ?? DEFAULTS.host}:${options.port ?? DEFAULTS.port}`)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${emulator.generation === 'vas' ? 'VAS' : 'VIAS'} emulator: ${emulator.url}\n`);
  const stop = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
