// The vendor's API Explorer definitions kept in spec/vendor/ (see its README): reading them,
// and the few rewrites that turn a definition's pattern into the Unicode-mode regular
// expression JSON Schema needs, with the same meaning.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

export const vendorDir = fileURLToPath(new URL('../../vendor/', import.meta.url));

export type Json = any;

/** Every definition file, as `VIAS/ListTasks.json` → parsed JSON. */
export const vendorFiles: Record<string, Json> = Object.fromEntries(
  ['VIAS', 'VAS'].flatMap((g) =>
    readdirSync(`${vendorDir}${g}`)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [`${g}/${f}`, JSON.parse(readFileSync(`${vendorDir}${g}/${f}`, 'utf8'))]),
  ),
);

/** The single operation of a definition file. */
export function vendorOperation(file: string): { path: string; method: string; op: Json } {
  const doc = vendorFiles[file];
  if (!doc) throw new Error(`no vendor file ${file}`);
  const [path, item] = Object.entries<Json>(doc.paths)[0]!;
  const [method, op] = Object.entries<Json>(item)[0]!;
  return { path: (doc.base_path ?? '') + path, method: method.toUpperCase(), op };
}

/**
 * `VIAS/ShowTaskInfo.json#TaskInfoDto` or `…#/definitions/X/properties/y` → the node. A JSON
 * pointer escapes `/` in a key as `~1` and `~` as `~0` (a path key such as `/v2/{project_id}/source`).
 */
export function vendorNode(ref: string): Json {
  const [file, frag] = ref.split('#');
  const pointer = frag!.startsWith('/') ? frag! : `/definitions/${frag}`;
  const node = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((n: Json, k) => n?.[k], vendorFiles[file!]);
  if (node === undefined) throw new Error(`unresolved vendor reference ${ref}`);
  return node;
}

/**
 * A vendor example as a value. One definition (ListVideoGroups) stores its response example as a
 * JSON *string* that does not parse: it never closes an array. Such a string is parsed after
 * closing, at each `}` or at the end, the brackets left open, and reported as `repaired`.
 */
export function vendorValue(value: Json): { value: Json; repaired: boolean } {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return { value, repaired: false };
  try {
    return { value: JSON.parse(value), repaired: false };
  } catch {
    return { value: JSON.parse(closeBrackets(value)), repaired: true };
  }
}

/**
 * A vendor example repaired to be embedded (`x-vendor-example-repair` says why): a JSON text
 * that does not parse gets its open brackets closed (`vendorValue`), and the characters the
 * vendor masks its values with (`*`) are written `0`, so that a masked ID matches its pattern.
 * Nothing else changes.
 */
export function repairedVendorValue(value: Json): Json {
  const unmask = (v: Json): Json =>
    typeof v === 'string' ? v.replace(/\*/g, '0') : Array.isArray(v) ? v.map(unmask) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unmask(x)])) : v;
  return unmask(vendorValue(value).value);
}

/** Inserts the `]` or `}` a JSON text leaves open before the bracket that closes their parent. */
function closeBrackets(text: string): string {
  const open: string[] = [];
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') open.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      while (open.length && open.at(-1) !== c) out += open.pop();
      open.pop();
    }
    out += c;
  }
  return out + open.reverse().join('');
}

/** `VIAS/ListTasks.json paths//v2/…/get/responses/200/examples/application/json` → the value. */
export function vendorExample(where: string): Json {
  const [file, at] = where.split(' ');
  const op = vendorOperation(file!);
  const rest = at!.slice(at!.indexOf(`/${op.method.toLowerCase()}/`) + op.method.length + 2);
  if (rest.startsWith('x-request-examples-text-')) return op.op[rest];
  const m = rest.match(/^responses\/(\d+)\/examples\/application\/json$/);
  if (!m) throw new Error(`cannot read vendor example at ${where}`);
  return op.op.responses[m[1]!].examples['application/json'];
}

/**
 * A definition's pattern as a Unicode-mode regular expression with the same meaning:
 * `\,` (an identity escape Unicode mode forbids) becomes `,`, and `[\w-.]` (a range
 * from a class escape) becomes `[\w.-]`.
 */
export const unicodePattern = (p: string) => p.replace(/\\,/g, ',').replace(/\[\\w-\.\]/g, '[\\w.-]');

/**
 * The alternatives of a pattern that is a pure alternation of literals, anchored or not:
 * `^(a|b)$`, `a|b`, `^a|b$`, and with an empty alternative `^$|a|b` or `(^$)|(^1|2|9$)` (the
 * empty string is then one of the alternatives). The vendor writes enumerations this way; as a
 * JSON Schema pattern (an unanchored search) most of them would admit any string containing
 * an alternative, so the description models them as `enum`.
 */
export function patternEnum(p: string): string[] | undefined {
  const alternatives = p.split('|').map((a) => a.replace(/^\(*\^?\(*/, '').replace(/\)*\$?\)*$/, ''));
  if (alternatives.length < 2 || !alternatives.every((a) => /^[A-Za-z0-9_:]*$/.test(a))) return undefined;
  if (alternatives.filter((a) => a === '').length > 1) return undefined;
  return alternatives;
}

/** Deep equality that ignores the order of object keys (JSON re-serialisation reorders them). */
export const sameJson = (a: Json, b: Json): boolean => isDeepStrictEqual(a, b);
