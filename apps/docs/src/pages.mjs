// Translation units of the site's own page templates (src/index.html, src/errors.html): each
// element with prose carries `data-i18n="<key>"` (its inner HTML is the unit) or
// `data-i18n-<attribute>="<key>"` (that attribute is). Parsed with parse5, so a unit is exactly
// what the browser sees as that element.
import { parse, parseFragment, serialize } from 'parse5';
import { squash } from './i18n.mjs';

/** Calls `fn` on every node of a parse5 tree, depth-first (a <template>'s content too). */
function visit(node, fn) {
  fn(node);
  for (const child of node.childNodes ?? []) visit(child, fn);
  if (node.content) visit(node.content, fn);
}

const attribute = (node, name) => node.attrs?.find((a) => a.name === name)?.value;

// Attributes whose value a reader sees or hears.
const PROSE_ATTRIBUTES = ['alt', 'title', 'aria-label', 'placeholder'];
// Elements whose text is code, not prose.
const CODE = new Set(['code', 'pre', 'script', 'style']);
// `{{name}}`: a value the build fills in.
const PLACEHOLDER = /\{\{\w+\}\}/g;

/** What a unit's translation must keep: the text of its <code>s, its links, its placeholders. */
function shape(html) {
  const fragment = parseFragment(html);
  const code = [];
  const hrefs = [];
  visit(fragment, (node) => {
    if (node.nodeName === 'code') code.push(squash(serialize(node)));
    const href = attribute(node, 'href');
    if (href !== undefined) hrefs.push(href);
  });
  return { code: code.sort(), hrefs: hrefs.sort(), placeholders: [...html.matchAll(PLACEHOLDER)].map((m) => m[0]).sort() };
}

/** Why a translated unit does not keep what the English has, or undefined. */
function htmlMismatch(en, zh) {
  const a = shape(en);
  const b = shape(zh);
  const problems = [];
  if (a.code.join('\n') !== b.code.join('\n')) problems.push(`<code> elements (${JSON.stringify(a.code)} vs ${JSON.stringify(b.code)})`);
  if (a.hrefs.join('\n') !== b.hrefs.join('\n')) problems.push(`links (${JSON.stringify(a.hrefs)} vs ${JSON.stringify(b.hrefs)})`);
  if (a.placeholders.join() !== b.placeholders.join()) problems.push(`placeholders (${a.placeholders.join(' ')} vs ${b.placeholders.join(' ')})`);
  return problems.length ? problems.join('; ') : undefined;
}

/**
 * The units of a template: key → `{ en, where, check }` (`en` the element's inner HTML or the
 * attribute's value, whitespace collapsed), and `problems` for prose outside any unit or a key
 * used twice.
 */
export function templateUnits(html, file) {
  const doc = parse(html);
  const units = new Map();
  const problems = [];
  const add = (key, en, where, check) => {
    if (units.has(key)) problems.push({ where, kind: 'invalid', message: `the key ${key} is used twice` });
    else units.set(key, { en: squash(en), where, check });
  };
  const stray = (node) => {
    // Prose that is in no unit, outside code: a reader would see it untranslated.
    if (node.nodeName === '#text') {
      const text = node.value.replace(PLACEHOLDER, '');
      if (/[A-Za-z]/.test(text)) problems.push({ where: file, kind: 'missing', message: `text outside a data-i18n element: ${JSON.stringify(squash(node.value))}` });
      return;
    }
    if (CODE.has(node.nodeName) || attribute(node, 'data-i18n') !== undefined) return;
    for (const name of PROSE_ATTRIBUTES) {
      const value = attribute(node, name);
      if (value && /[A-Za-z]/.test(value.replace(PLACEHOLDER, '')) && attribute(node, `data-i18n-${name}`) === undefined) {
        problems.push({ where: file, kind: 'missing', message: `<${node.nodeName} ${name}=${JSON.stringify(value)}> has no data-i18n-${name}` });
      }
    }
    if (node.nodeName === 'meta' && attribute(node, 'name') === 'description' && attribute(node, 'data-i18n-content') === undefined) {
      problems.push({ where: file, kind: 'missing', message: '<meta name="description"> has no data-i18n-content' });
    }
    for (const child of node.childNodes ?? []) stray(child);
  };
  visit(doc, (node) => {
    for (const { name, value } of node.attrs ?? []) {
      if (name === 'data-i18n') add(value, serialize(node), `${file} [data-i18n=${value}]`, htmlMismatch);
      else if (name.startsWith('data-i18n-')) add(value, attribute(node, name.slice('data-i18n-'.length)) ?? '', `${file} [${name}=${value}]`);
    }
  });
  stray(doc);
  return { units, problems };
}

/**
 * A template in one language: each unit replaced by its translation (`translations`: key →
 * translated HTML or attribute value; none for English), the `data-i18n` attributes removed and
 * `<html lang>` set. Placeholders are left for the build to fill.
 */
export function translateTemplate(html, lang, translations) {
  const doc = parse(html);
  visit(doc, (node) => {
    if (node.nodeName === 'html') setAttribute(node, 'lang', lang);
    for (const { name, value } of [...(node.attrs ?? [])]) {
      if (!name.startsWith('data-i18n')) continue;
      node.attrs = node.attrs.filter((a) => a.name !== name);
      const zh = translations?.get(value);
      if (zh === undefined) continue;
      if (name === 'data-i18n') {
        const fragment = parseFragment(zh);
        node.childNodes = fragment.childNodes;
        for (const child of node.childNodes) child.parentNode = node;
      } else {
        setAttribute(node, name.slice('data-i18n-'.length), zh);
      }
    }
  });
  return serialize(doc);
}

function setAttribute(node, name, value) {
  const existing = node.attrs.find((a) => a.name === name);
  if (existing) existing.value = value;
  else node.attrs.push({ name, value });
}
