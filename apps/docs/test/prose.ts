// What "no English prose" means in a translated page or text, for docs.test.ts (the rendered
// pages) and i18n.test.ts (every translation, including what a page shows only when opened).
//
// A word is a run of characters between separators: whitespace, CJK characters and punctuation,
// and ASCII sentence punctuation (`_ . - / + { } [ ] $ @ # = & %` keep an identifier whole;
// trailing `.` and `:` are dropped). A word is English prose when it is two or more Latin
// letters in lower case or capitalised: acronyms (VIAS, OBS), camelCase and snake_case
// identifiers and tokens with digits, dots or slashes are not. It is allowed when it is an
// identifier of the documents or one of LATIN_NAMES. The identifiers are the documents' keys
// (field names, status codes, HTTP methods), their enum and const values, `true`, `false`,
// `null`, and any other string that is not a translated text and has no whitespace (a default,
// an example's id or state). A string with whitespace outside an enum is a sentence (an example's
// message, a tag's name), whose words would otherwise excuse the same words in a translation.
import { documents, renderedDocument } from '../src/documents.mjs';
import { documentTexts } from '../src/i18n.mjs';
import type { Edition } from '../src/editions.mjs';

export const LATIN_NAMES = [
  // The vendor's Chinese pages write these in Latin letters too.
  'webhook', 'Webhook', 'token', 'Token', 'Restful', 'Unix',
  // Names of tools, products and programming languages.
  'curl', 'npm', 'Prism', 'Redoc', 'Redocly', 'Claude', 'Ctrl', 'Explorer', 'Go', 'Python', 'Java', 'Linux', 'Unicode',
  // Huawei's Chinese pages write Huawei Cloud Stack as 华为云Stack.
  'Stack',
];

export const WORD_BREAK = /[\s\u00a0\u00b7\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef,;!?()"'<>*|`]+/;

const words = (text: string) => text.split(WORD_BREAK).map((w) => w.replace(/[.:]+$/, '')).filter(Boolean);

/** Every identifier of an edition's documents, as words. */
export function identifiers(edition: Edition): string[] {
  const found = new Set<string>();
  for (const g of documents) {
    const doc = renderedDocument(g.key, edition.docs[g.key]);
    const prose = new Set(documentTexts(edition.docs[g.key]!).map((t) => t.en));
    const add = (text: string) => words(text).forEach((w) => found.add(w));
    const walk = (node: unknown, key?: string): void => {
      if (key === 'x-codeSamples') return;
      if (typeof node === 'string') {
        if (!prose.has(node) && (key === 'enum' || key === 'const' || !/\s/.test(node))) add(node);
      } else if (typeof node === 'boolean' || node === null) {
        add(String(node));
      } else if (Array.isArray(node)) {
        // An enum's values are identifiers; in any other array an item is judged by itself.
        node.forEach((n) => walk(n, key === 'enum' ? key : undefined));
      } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          add(k);
          walk(v, k);
        }
      }
    };
    walk(doc);
  }
  return [...found];
}

/**
 * The English words of a translated text, outside its code: Markdown code spans, HTML <code>
 * elements and URLs are code, and tags are markup.
 */
export function englishWords(text: string, allowed: Set<string>): string[] {
  const prose = text
    .replace(/<code[^>]*>[\s\S]*?<\/code>/g, ' ')
    .replace(/(`+)[\s\S]*?\1/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\{\{?\w+\}?\}/g, ' ');
  return words(prose).filter((w) => w.length >= 2 && /^[A-Z]?[a-z]+$/.test(w) && !allowed.has(w));
}
