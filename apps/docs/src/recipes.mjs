// The recipes of the "Testing with the emulator" page: each a complete TypeScript program in
// src/testing/<name>.ts, shown on the page as `{{recipe_<name>}}` and, in test/testing.test.ts,
// type-checked against the built packages and run against a real emulator, so a recipe that no
// longer compiles or no longer does what the page says fails the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RECIPES_DIR = fileURLToPath(new URL('./testing/', import.meta.url));

/** Every recipe, by file name order: `{ name, file, source }`. */
export function recipes() {
  return readdirSync(RECIPES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({ name: f.replace(/\.ts$/, ''), file: `${RECIPES_DIR}${f}`, source: readFileSync(`${RECIPES_DIR}${f}`, 'utf8') }));
}
