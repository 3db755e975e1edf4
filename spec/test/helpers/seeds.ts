// Reads the vendor pages in seeds/: their JSON examples and their field tables.
import { readFileSync, readdirSync } from 'node:fs';
import { repoDir } from './bundle.js';

export const seedsDir = `${repoDir}seeds/`;
export const seedIds = readdirSync(seedsDir)
  .filter((f) => /^\d{3}_.*\.txt$/.test(f))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();

export const seedText = (id: string) => readFileSync(`${seedsDir}${id}.txt`, 'utf8');

/** Every JSON object or array written on a page, in page order (balanced-bracket scan). */
export function jsonBlocks(text: string): unknown[] {
  const found: unknown[] = [];
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

function closingIndex(text: string, start: number): number {
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

export interface SeedField {
  name: string;
  type: string;
  mandatory?: boolean; // only tables with a "Mandatory" column say
  notes: string[]; // the cells after the type: description, "Maximum: 63", …
}

const TYPE_CELL = /^(String|Integer|Boolean|Object|Array.*|[A-Za-z]+ object)$/;
const NAME_CELL = /^[a-z][a-z_]*$/;

/**
 * The fields of the table that starts at the first cell matching `heading`: a run of
 * `name [Yes|No] Type notes…` rows, ended by the next "Table"/"Status code" heading.
 */
export function tableFields(id: string, heading: RegExp): SeedField[] {
  const cells = seedText(id)
    .split(/\n\s*\n/)
    .map((c) => c.trim())
    .filter(Boolean);
  const start = cells.findIndex((c) => heading.test(c));
  if (start < 0) throw new Error(`seed ${id}: no table headed ${heading}`);
  const fields: SeedField[] = [];
  for (let i = start + 1; i < cells.length; i++) {
    const cell = cells[i]!;
    if (/^(Table \d+|Status code:|Status Codes|Example|Response Parameters)/.test(cell)) break;
    const hasMandatory = cells[i + 1] === 'Yes' || cells[i + 1] === 'No';
    const typeAt = hasMandatory ? i + 2 : i + 1;
    if (NAME_CELL.test(cell) && TYPE_CELL.test(cells[typeAt] ?? '')) {
      const field: SeedField = { name: cell, type: cells[typeAt]!, notes: [] };
      if (hasMandatory) field.mandatory = cells[i + 1] === 'Yes';
      fields.push(field);
      i = typeAt;
    } else {
      fields.at(-1)?.notes.push(cell);
    }
  }
  return fields;
}
