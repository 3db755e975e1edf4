#!/usr/bin/env node
// The root scripts run turbo through this: when the output is not a terminal (piped to a file,
// `tee`, CI), every task is asked for plain text (NO_COLOR), since turbo hands its tasks colour
// either way and the log would fill with escape codes. Arguments, exit code and Ctrl-C pass through.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo');
const env = process.stdout.isTTY ? process.env : { ...process.env, NO_COLOR: '1' };
const child = spawn(process.execPath, [turbo, ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C reaches turbo too (same process group); wait for it to stop its tasks and report.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
