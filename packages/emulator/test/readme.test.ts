// The README documents the control API whole: every endpoint of its description, every flag the
// CLI's --help lists, every scenario kind and fault action. The lists come from the description
// and the CLI, so a new endpoint, flag or kind without its paragraph fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const control = JSON.parse(readFileSync(new URL('../dist/control.json', import.meta.url), 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `GET /_emulator/tasks/{id}/alerts`: the README names path parameters `{id}`. */
const endpoints = Object.entries(control.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path.replace(/\{[a-z_]+\}/g, '{id}')}`),
);

describe('the README', () => {
  it('names every endpoint of the control API', () => {
    expect(endpoints.length).toBeGreaterThan(15);
    expect(endpoints.filter((e) => !readme.includes(`\`${e}\``))).toEqual([]);
  });

  it('has a row for every flag --help lists', async () => {
    const help = cli(['--help']);
    await help.exit;
    const flags = [...new Set(help.output().stdout.match(/--[a-z][a-z-]+/g))];
    expect(flags.length).toBeGreaterThan(10);
    expect(flags.filter((f) => !new RegExp(`^\\| \`[^|]*?${f}[ \`]`, 'm').test(readme))).toEqual([]);
  });

  it('has a row for every scenario kind and fault action', () => {
    const schemas = control.components.schemas;
    const kinds: string[] = schemas.ScenarioKind.enum;
    const actions: string[] = schemas.FaultRequest.properties.action.enum;
    expect(kinds.filter((k) => !readme.includes(`| \`${k}\` |`))).toEqual([]);
    expect(actions.filter((a) => !readme.includes(`| \`${a}\` |`))).toEqual([]);
  });
});
