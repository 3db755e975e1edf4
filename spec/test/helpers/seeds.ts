// The vendor pages in seeds/: their JSON examples (spec/lib/seeds.mjs) and their field tables.
import { seedText } from '../../lib/seeds.mjs';

export { jsonBlocks, seedIds, seedText } from '../../lib/seeds.mjs';

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

/**
 * The HTTP statuses a page lists: the three-digit codes after its last status heading
 * ("Status Codes", "返回值", "Status code: 200" headings of field tables excluded).
 */
export function pageStatuses(id: string): number[] {
  const lines = seedText(id).split('\n');
  const headings = lines.flatMap((l, i) => (/^\s*(Status Codes|返回值)\s*$/.test(l) ? [i] : []));
  const start = headings.at(-1) ?? -1;
  if (start < 0) return [];
  const codes = lines.slice(start + 1).flatMap((l) => l.match(/^\s*([1-5]\d\d)\b/)?.[1] ?? []);
  return [...new Set(codes.map(Number))];
}
