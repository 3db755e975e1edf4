// The site's other languages, kept apart from the description: for each language other than
// English, `i18n/<lang>/` holds
//   <bundle>.overlay.yaml  an OpenAPI Overlay per bundled document (openapi, vas): one action per
//                          text a reader sees, its `target` the text's place in the bundle, its
//                          `x-en` the English it translates and its `update` the translation.
//                          Redocly applies it (openapi-core's bundle with `overlays`).
//   site.yaml              the landing and error-code pages' own text and the header:
//                          `key: { en, zh }`, `key` a `data-i18n` unit of src/*.html or a message
//                          of src/messages.mjs
//   redoc.yaml             Redoc's own labels ("Responses", "Required"…) by Redoc's translation
//                          keys: `key: { en, zh }`
// This module says which texts need a translation, checks the translations against the current
// English (missing, changed, gone) and applies them. scripts/i18n.mjs reports and writes
// skeletons; scripts/build.mjs refuses to build while anything is out of step.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle as redoclyBundle, createConfig } from '@redocly/openapi-core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { LANGUAGES } from './languages.mjs';

// The tests point DOCS_I18N_DIR at a scratch copy to see the tool and the build fail.
export const I18N_DIR = process.env.DOCS_I18N_DIR || fileURLToPath(new URL('../i18n', import.meta.url));

export { LANGUAGES };

export const TRANSLATED = LANGUAGES.filter((l) => l.code !== 'en');

// ---------------------------------------------------------------------------------------------
// Which texts of an OpenAPI document a reader sees, and where they are.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSONPath string literal (RFC 9535), single-quoted. */
const literal = (value) => `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A JSONPath member selector: `.name` where it is an identifier, else `['name']`. */
const member = (key) => (IDENTIFIER.test(key) ? `.${key}` : `[${literal(key)}]`);

/**
 * The selector of an array item: by its `field` (`[?@.name=='page']`) when the field is a string
 * no sibling shares, so the target survives reordering; else by index.
 */
function item(array, index, field) {
  const value = field && array[index]?.[field];
  if (typeof value === 'string' && array.filter((other) => other?.[field] === value).length === 1) {
    return `[?@.${field}==${literal(value)}]`;
  }
  return `[${index}]`;
}

// Objects whose keys are names (paths, status codes, property names…), never keywords: a
// property called `description` or `example` is a schema like any other.
const MAPS = new Set([
  'paths', 'webhooks', 'components', 'schemas', 'responses', 'parameters', 'requestBodies', 'headers',
  'securitySchemes', 'links', 'callbacks', 'pathItems', 'content', 'encoding', 'variables',
  'properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions',
]);
// Values, not prose: examples, defaults, enumerations, code samples.
const DATA = new Set(['example', 'default', 'enum', 'const', 'value', 'externalValue', 'x-codeSamples']);
// The prose fields of an error catalogue entry (`x-error-codes`, shown on the error-code page).
const ERROR_TEXTS = ['message', 'description', 'advice'];

/**
 * Every text of an OpenAPI document that a reader sees and a translation must cover, in document
 * order, each `{ target, en, kind }`:
 * - `summary` and `description` wherever they are prose (operations, parameters, responses,
 *   schemas at any depth, examples, tags, servers and their variables, security schemes,
 *   external docs), never inside an example value, a default or an enumeration;
 * - `info.title`, `info.summary`, `info.license.name`;
 * - each value of `x-enumDescriptions`, each `message`, `description` and `advice` of
 *   `x-error-codes`;
 * - each tag's name (`kind: 'tag'`, target the tag object): the translation becomes the tag's
 *   `x-displayName`, so the tag, and every route of Redoc that contains it, keeps its name.
 * Schema `title`s are type names (`TaskDetail`), identifiers like operationIds; they stay.
 * `target` is a JSONPath (RFC 9535) that selects exactly that text: array items are selected by
 * `name` (parameters, tags) or `code` (error catalogue) where that is unique.
 */
export function documentTexts(doc) {
  const out = [];
  const text = (target, en, kind = 'text') => {
    if (typeof en === 'string' && en.trim() !== '') out.push({ target, en, kind });
  };

  /** An Example Object: its summary and description; its value is data. */
  const example = (node, target) => {
    if (!isObject(node)) return;
    text(`${target}.summary`, node.summary);
    text(`${target}.description`, node.description);
  };

  const walk = (node, target, key) => {
    if (Array.isArray(node)) {
      const field = key === 'parameters' ? 'name' : key === 'x-error-codes' ? 'code' : undefined;
      node.forEach((child, i) => walk(child, target + item(node, i, field), undefined));
      return;
    }
    if (!isObject(node)) return;
    for (const [k, v] of Object.entries(node)) {
      const at = target + member(k);
      if (typeof v === 'string') {
        if (k === 'summary' || k === 'description') text(at, v);
        continue;
      }
      if (k.startsWith('x-')) {
        if (k === 'x-enumDescriptions' && isObject(v)) {
          for (const [value, description] of Object.entries(v)) text(at + member(value), description);
        } else if (k === 'x-error-codes' && Array.isArray(v)) {
          v.forEach((entry, i) => {
            for (const field of ERROR_TEXTS) text(`${at}${item(v, i, 'code')}.${field}`, entry?.[field]);
          });
        }
        continue;
      }
      if (DATA.has(k)) continue;
      if (k === 'examples') {
        // A schema's `examples` is a list of values; elsewhere a map of Example Objects.
        if (isObject(v)) for (const [name, ex] of Object.entries(v)) example(ex, at + member(name));
        continue;
      }
      if (MAPS.has(k) && isObject(v)) {
        for (const [name, child] of Object.entries(v)) walk(child, at + member(name), name);
        continue;
      }
      walk(v, at, k);
    }
  };

  const { info, tags, ...rest } = doc;
  if (isObject(info)) {
    text('$.info.title', info.title);
    text('$.info.summary', info.summary);
    text('$.info.description', info.description);
    if (isObject(info.license)) text('$.info.license.name', info.license.name);
  }
  if (Array.isArray(tags)) {
    tags.forEach((tag, i) => {
      const at = `$.tags${item(tags, i, 'name')}`;
      if (typeof tag['x-displayName'] === 'string') text(`${at}['x-displayName']`, tag['x-displayName']);
      else text(at, tag.name, 'tag');
      text(`${at}.description`, tag.description);
      if (isObject(tag.externalDocs)) text(`${at}.externalDocs.description`, tag.externalDocs.description);
    });
  }
  walk(rest, '$', undefined);
  return out;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// What a translation must keep: the code, the links and the structure of the English.

/** Inline code spans of Markdown (`…`), URLs and headings' levels. */
function markdownShape(text) {
  return {
    code: [...text.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)].map((m) => m[2].trim()),
    urls: [...text.matchAll(/https?:\/\/[^\s)"'>`，。；、）]+/g)].map((m) => m[0].replace(/[.,;:]+$/, '')),
    headings: [...text.matchAll(/^(#{1,6})\s/gm)].map((m) => m[1].length),
  };
}

const sameSet = (a, b) => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

/** Why a translation does not keep what the English has (code spans, URLs, headings), or undefined. */
export function markdownMismatch(en, zh) {
  const a = markdownShape(en);
  const b = markdownShape(zh);
  const problems = [];
  if (!sameSet(a.code, b.code)) {
    const missing = [...new Set(a.code)].filter((c) => !b.code.includes(c));
    const added = [...new Set(b.code)].filter((c) => !a.code.includes(c));
    problems.push(`code spans differ (${[...missing.map((c) => `missing \`${c}\``), ...added.map((c) => `added \`${c}\``)].join(', ')})`);
  }
  if (!sameSet(a.urls, b.urls)) problems.push(`links differ (English: ${a.urls.join(' ') || 'none'}; translation: ${b.urls.join(' ') || 'none'})`);
  if (a.headings.join() !== b.headings.join()) problems.push(`headings differ (levels ${a.headings.join(',') || 'none'} vs ${b.headings.join(',') || 'none'})`);
  return problems.length ? problems.join('; ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// The overlays: reading, checking, writing.

/** The overlay file of a bundle (`openapi`, `vas`) in a language. */
export const overlayPath = (lang, bundleName) => join(I18N_DIR, lang, `${bundleName}.overlay.yaml`);

/** The name of a generation's bundle file without extension: `openapi`, `vas`. */
export const bundleName = (g) => g.jsonPath.split(/[\\/]/).pop().replace(/\.json$/, '');

/** Reads an overlay; a missing file is an overlay without actions. */
export async function readOverlay(path) {
  if (!existsSync(path)) return { overlay: '1.1.0', info: {}, actions: [] };
  const parsed = parseYaml(await readFile(path, 'utf8'));
  return { ...parsed, actions: parsed?.actions ?? [] };
}

/** The translation an action carries: a string, or the tag's `x-displayName`. */
function actionText(action, kind) {
  const update = action?.update;
  if (kind === 'tag') return isObject(update) ? update['x-displayName'] : undefined;
  return update;
}

/**
 * Compares an overlay with the texts of the document it translates. Problems, each
 * `{ where, kind, message }`, `where` the text's target:
 * - `missing`: a text with no action;
 * - `untranslated`: an action whose translation is empty;
 * - `stale`: the English changed since the translation (`x-en` is not the current text);
 * - `review`: the tool marked a changed text (`x-en-was`) and nobody has reviewed it since;
 * - `orphan`: an action whose target is no text of the document (moved, renamed or gone);
 * - `invalid`: an action that is not `{ target, x-en, update }` of the right shape, or a
 *   translation that loses the English's code spans, links or headings.
 * `translations` maps each target to its checked translation.
 */
export function checkOverlay(doc, overlay) {
  const texts = documentTexts(doc);
  const byTarget = new Map(texts.map((t) => [t.target, t]));
  const problems = [];
  const seen = new Map();
  for (const action of overlay.actions ?? []) {
    const where = typeof action?.target === 'string' ? action.target : JSON.stringify(action?.target);
    if (seen.has(where)) {
      problems.push({ where, kind: 'invalid', message: 'two actions have this target' });
      continue;
    }
    seen.set(where, action);
    const current = byTarget.get(where);
    if (!current) {
      problems.push({
        where,
        kind: 'orphan',
        message: `translates something that no longer exists${typeof action?.['x-en'] === 'string' ? ` (English was ${quote(action['x-en'])})` : ''}`,
      });
      continue;
    }
    const zh = actionText(action, current.kind);
    if (typeof action['x-en'] !== 'string') {
      problems.push({ where, kind: 'invalid', message: 'no `x-en` (the English the translation was made from)' });
    } else if (action['x-en'] !== current.en) {
      problems.push({ where, kind: 'stale', message: `the English changed\n      was: ${quote(action['x-en'])}\n      now: ${quote(current.en)}` });
    } else if (typeof action['x-en-was'] === 'string') {
      problems.push({
        where,
        kind: 'review',
        message: `the English changed from ${quote(action['x-en-was'])}: review the translation, then delete \`x-en-was\``,
      });
    }
    if (typeof zh !== 'string' || zh.trim() === '') {
      problems.push({ where, kind: 'untranslated', message: `no translation yet (English: ${quote(current.en)})` });
      continue;
    }
    const mismatch = markdownMismatch(current.en, zh);
    if (mismatch) problems.push({ where, kind: 'invalid', message: `the translation does not keep the English's ${mismatch}` });
  }
  for (const t of texts) {
    if (!seen.has(t.target)) problems.push({ where: t.target, kind: 'missing', message: `no translation (English: ${quote(t.en)})` });
  }
  const translations = new Map(
    texts.filter((t) => typeof actionText(seen.get(t.target), t.kind) === 'string').map((t) => [t.target, actionText(seen.get(t.target), t.kind)]),
  );
  return { texts, problems, translations };
}

/** A string for a one-line message: quoted, long ones shortened. */
function quote(text) {
  const flat = String(text).replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 157)}…` : flat);
}

/**
 * The overlay brought in step with the document, for the tool's `--write`: an action for every
 * text in document order; new texts get a skeleton (`update: ''`), or the translation of the same
 * English elsewhere (`memory`: English → translation), changed texts get the new `x-en` and keep
 * the old one in `x-en-was` with their translation for review, and actions of texts that are
 * gone are dropped. Returns the overlay and what changed.
 */
export function syncOverlay(doc, overlay, memory, info) {
  const texts = documentTexts(doc);
  const old = new Map((overlay.actions ?? []).filter((a) => typeof a?.target === 'string').map((a) => [a.target, a]));
  const changes = { added: [], reused: [], marked: [], removed: [] };
  const actions = texts.map(({ target, en, kind }) => {
    const action = old.get(target);
    const wrap = (zh) => (kind === 'tag' ? { 'x-displayName': zh } : zh);
    if (!action) {
      const reused = memory.get(en);
      (reused ? changes.reused : changes.added).push(target);
      return { target, 'x-en': en, update: wrap(reused ?? '') };
    }
    const { target: _t, 'x-en': was, 'x-en-was': wasBefore, update, ...rest } = action;
    if (typeof was === 'string' && was !== en) {
      changes.marked.push(target);
      return { target, 'x-en': en, 'x-en-was': typeof wasBefore === 'string' ? wasBefore : was, update: update ?? wrap(''), ...rest };
    }
    return { target, 'x-en': en, ...(typeof wasBefore === 'string' ? { 'x-en-was': wasBefore } : {}), update: update ?? wrap(''), ...rest };
  });
  const kept = new Set(texts.map((t) => t.target));
  for (const target of old.keys()) if (!kept.has(target)) changes.removed.push(target);
  return { overlay: { overlay: overlay.overlay ?? '1.1.0', info: { ...info, ...(overlay.info ?? {}) }, actions }, changes };
}

/** English → translation of every translated text of some overlays (for reuse). */
export function translationMemory(overlays) {
  const memory = new Map();
  for (const overlay of overlays) {
    for (const action of overlay.actions ?? []) {
      if (typeof action?.['x-en'] !== 'string' || typeof action['x-en-was'] === 'string') continue;
      const zh = isObject(action.update) ? action.update['x-displayName'] : action.update;
      if (typeof zh === 'string' && zh.trim() !== '' && !memory.has(action['x-en'])) memory.set(action['x-en'], zh);
    }
  }
  return memory;
}

/** YAML as the tool writes it: no folding, block scalars for multi-line text. */
export const toYaml = (value) => stringifyYaml(value, { lineWidth: 0, blockQuote: 'literal' });

/**
 * Applies an overlay to a bundle with Redocly (openapi-core's bundler, which implements the
 * OpenAPI Overlay specification) and returns the translated document. Fails on any problem
 * Redocly reports, warnings included.
 */
export async function applyOverlay(bundlePath, overlayFile) {
  const config = await createConfig({});
  const { bundle, problems } = await redoclyBundle({ ref: bundlePath, config, overlays: [overlayFile] });
  if (problems.length) throw new Error(`${overlayFile}: ${problems.map((p) => `${p.severity}: ${p.message}`).join('; ')}`);
  return bundle.parsed;
}

// ---------------------------------------------------------------------------------------------
// Messages: the site's own text (site.yaml) and Redoc's labels (redoc.yaml).

export async function readMessages(lang, file) {
  const path = join(I18N_DIR, lang, file);
  return existsSync(path) ? (parseYaml(await readFile(path, 'utf8')) ?? {}) : {};
}

/** `{name}` parameters of a message. */
const params = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/**
 * Compares a message file with the current English (`english`: key → `{ en, where, check }`,
 * `check(en, zh)` saying what a translation lost). Problems as for overlays, `where` naming the
 * source of the English.
 */
export function checkMessages(english, messages, file) {
  const problems = [];
  for (const [key, { en, where, check }] of english) {
    const entry = messages[key];
    const at = `${where} (${file} ${key})`;
    if (!entry) {
      problems.push({ where: at, kind: 'missing', message: `no translation (English: ${quote(en)})` });
      continue;
    }
    if (typeof entry.en !== 'string') problems.push({ where: at, kind: 'invalid', message: 'no `en` (the English the translation was made from)' });
    else if (squash(entry.en) !== squash(en)) problems.push({ where: at, kind: 'stale', message: `the English changed\n      was: ${quote(entry.en)}\n      now: ${quote(en)}` });
    else if (typeof entry['en-was'] === 'string') problems.push({ where: at, kind: 'review', message: `the English changed from ${quote(entry['en-was'])}: review the translation, then delete \`en-was\`` });
    if (typeof entry.zh !== 'string' || entry.zh.trim() === '') {
      problems.push({ where: at, kind: 'untranslated', message: `no translation yet (English: ${quote(en)})` });
      continue;
    }
    const lost = check ? check(en, entry.zh) : sameSet(params(en), params(entry.zh)) ? undefined : `parameters differ (${params(en).join(', ')} vs ${params(entry.zh).join(', ')})`;
    if (lost) problems.push({ where: at, kind: 'invalid', message: `the translation does not keep the English's ${lost}` });
  }
  for (const key of Object.keys(messages)) {
    if (!english.has(key)) problems.push({ where: `${file} ${key}`, kind: 'orphan', message: `translates something that no longer exists (English was ${quote(messages[key]?.en ?? '')})` });
  }
  return problems;
}

/** Messages brought in step with the English, like syncOverlay. */
export function syncMessages(english, messages) {
  const changes = { added: [], marked: [], removed: [] };
  const out = {};
  for (const [key, { en }] of english) {
    const entry = messages[key];
    if (!entry) {
      changes.added.push(key);
      out[key] = { en, zh: '' };
    } else if (typeof entry.en === 'string' && squash(entry.en) !== squash(en)) {
      changes.marked.push(key);
      out[key] = { en, 'en-was': entry['en-was'] ?? entry.en, zh: entry.zh ?? '' };
    } else {
      out[key] = { ...entry, en };
    }
  }
  for (const key of Object.keys(messages)) if (!english.has(key)) changes.removed.push(key);
  return { messages: out, changes };
}

/** Whitespace-insensitive form of a text (HTML source wraps its lines). */
export const squash = (text) => String(text).replace(/\s+/g, ' ').trim();

/** Problems as lines for a person: `kind where: message`. */
export function formatProblems(problems) {
  return problems.map((p) => `  ${p.kind.padEnd(12)} ${p.where}: ${p.message}`).join('\n');
}
