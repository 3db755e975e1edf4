// The vendor pages in this package's seeds/ folder (the pages the description is written
// from): their text, and the JSON examples written on them. For the spec's tests and the
// contract suite; seeds/ ships in the package beside lib/.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const seedsDir = fileURLToPath(new URL('../seeds/', import.meta.url));

/** Page ids such as `002_c6254b6928158c1f`, sorted. */
export const seedIds = readdirSync(seedsDir)
  .filter((f) => /^\d{3}_.*\.txt$/.test(f))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();

export const seedText = (id) => readFileSync(`${seedsDir}${id}.txt`, 'utf8');

/** Every JSON object or array written in `text`, in order (balanced-bracket scan). */
export function jsonBlocks(text) {
  const found = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    const end = closingIndex(text, i);
    if (end < 0) continue;
    try {
      const value = JSON.parse(text.slice(i, end + 1));
      if (value && typeof value === 'object' && Object.keys(value).length > 0) {
        found.push(value);
        i = end;
      }
    } catch {
      // prose such as `{ AAA: AAA }` or `Array<Array<>>`: not an example
    }
  }
  return found;
}

function closingIndex(text, start) {
  let depth = 0;
  let inString = false;
  for (let j = start; j < text.length; j++) {
    const ch = text[j];
    if (inString) {
      if (ch === '\\') j++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}
