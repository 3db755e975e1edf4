// One edition of the site per language: the documents as readers of that language see them
// (English: the bundles; others: the bundles with their overlay applied by Redocly), the site's
// messages and page translations, and Redoc's labels. Everything checked first: a translation
// that is missing, stale or of something gone stops the build with its location.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  LANGUAGES,
  applyOverlay,
  bundleName,
  checkMessages,
  checkOverlay,
  documentTexts,
  formatProblems,
  overlayPath,
  readMessages,
  readOverlay,
} from './i18n.mjs';
import { MESSAGES } from './messages.mjs';
import { templateUnits } from './pages.mjs';
import { documents } from './documents.mjs';

export const TEMPLATES = ['src/index.html', 'src/errors.html', 'src/testing.html'];
const docsDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The English the site's own text comes from: every unit of the page templates and every message
 * of src/messages.mjs, key → `{ en, where, check }`; and `problems` of the templates themselves
 * (prose outside a unit).
 */
export async function siteEnglish() {
  const english = new Map();
  const problems = [];
  for (const file of TEMPLATES) {
    const { units, problems: p } = templateUnits(await readFile(`${docsDir}${file}`, 'utf8'), file);
    problems.push(...p);
    for (const [key, unit] of units) {
      if (english.has(key)) problems.push({ where: unit.where, kind: 'invalid', message: `the key ${key} is used twice` });
      english.set(key, unit);
    }
  }
  for (const [key, en] of Object.entries(MESSAGES)) {
    if (english.has(key)) problems.push({ where: `src/messages.mjs ${key}`, kind: 'invalid', message: `the key ${key} is used twice` });
    english.set(key, { en, where: `src/messages.mjs ${key}` });
  }
  return { english, problems };
}

/** Every problem of a language's translations, each `{ where, kind, message }`. */
export async function translationProblems(lang) {
  const problems = [];
  for (const g of documents) {
    const file = `i18n/${lang}/${bundleName(g)}.overlay.yaml`;
    const { problems: p } = checkOverlay(g.bundle, await readOverlay(overlayPath(lang, bundleName(g))));
    problems.push(...p.map((problem) => ({ ...problem, where: `${file} ${problem.where}` })));
  }
  const { english, problems: templateProblems } = await siteEnglish();
  problems.push(...templateProblems);
  problems.push(...checkMessages(english, await readMessages(lang, 'site.yaml'), `i18n/${lang}/site.yaml`));
  for (const [key, entry] of Object.entries(await readMessages(lang, 'redoc.yaml'))) {
    if (typeof entry?.en !== 'string' || typeof entry?.zh !== 'string' || entry.zh.trim() === '') {
      problems.push({ where: `i18n/${lang}/redoc.yaml ${key}`, kind: 'invalid', message: 'needs `en` (Redoc\'s English) and `zh`' });
    }
  }
  return problems;
}

/** Replaces `{name}` in an escaped message by the HTML in `params`; an unknown name throws. */
function fillMessage(text, params, key) {
  return escapeHtml(text).replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in params)) throw new Error(`message ${key}: no value for {${name}}`);
    return params[name];
  });
}

export const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * The editions, English first: `{ lang, docs, t, units, redoc }`, `docs` the documents by
 * generation key, `t(key, params)` a message as HTML (params are HTML), `units` the page
 * translations (key → HTML; none for English), `redoc` Redoc's labels by key (none for English).
 * Throws, listing every problem, when a language's translations are not in step.
 */
export async function loadEditions() {
  const editions = [];
  for (const lang of LANGUAGES) {
    if (lang.code === 'en') {
      editions.push({
        lang,
        docs: Object.fromEntries(documents.map((g) => [g.key, g.bundle])),
        t: (key, params = {}) => fillMessage(MESSAGES[key] ?? missingMessage(key), params, key),
        units: undefined,
        redoc: undefined,
      });
      continue;
    }
    const problems = await translationProblems(lang.code);
    if (problems.length) {
      throw new Error(
        `The ${lang.code} translations are not in step with the English (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}\n` +
          `List them with \`npm run i18n -w @vias-openapi/docs\`; \`-- --write\` adds skeletons for what is missing and marks what changed (apps/docs/README.md).`,
      );
    }
    const docs = {};
    for (const g of documents) {
      const file = overlayPath(lang.code, bundleName(g));
      docs[g.key] = await applyOverlay(g.jsonPath, file);
      verifyApplied(g.bundle, docs[g.key], checkOverlay(g.bundle, await readOverlay(file)).translations, file);
    }
    const site = await readMessages(lang.code, 'site.yaml');
    editions.push({
      lang,
      docs,
      t: (key, params = {}) => fillMessage(site[key]?.zh ?? missingMessage(key), params, key),
      units: new Map(Object.entries(site).map(([key, entry]) => [key, entry.zh])),
      redoc: Object.fromEntries(Object.entries(await readMessages(lang.code, 'redoc.yaml')).map(([key, entry]) => [key, entry.zh])),
    });
  }
  return editions;
}

function missingMessage(key) {
  throw new Error(`no message ${key} in src/messages.mjs`);
}

/**
 * Every text of the English document holds its translation in the translated one: Redocly
 * applied each action to exactly the text it names (a target that selected nothing would be a
 * silent no-op in Redocly's applier).
 */
function verifyApplied(english, translated, translations, file) {
  const after = new Map(documentTexts(translated).map((t) => [t.target, t.en]));
  const wrong = documentTexts(english).flatMap(({ target, kind }) => {
    const expected = translations.get(target);
    const actual = after.get(kind === 'tag' ? `${target}['x-displayName']` : target);
    return actual === expected ? [] : [`  ${target}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`];
  });
  if (wrong.length) throw new Error(`${file} was not applied as written:\n${wrong.join('\n')}`);
}
