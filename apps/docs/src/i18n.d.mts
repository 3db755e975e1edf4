// Types of src/i18n.mjs (the module is plain JavaScript).
export interface Language {
  code: string;
  /** The language's directory in the site, `''` or `zh-CN/`. */
  dir: string;
  /** The language's name in that language. */
  label: string;
  /** From the language's directory back to the site's root, `''` or `../`. */
  root: string;
}
export interface Problem {
  where: string;
  kind: 'missing' | 'untranslated' | 'stale' | 'review' | 'orphan' | 'invalid';
  message: string;
}
export interface Text {
  target: string;
  en: string;
  kind: 'text' | 'tag';
}
export interface OverlayAction {
  target: string;
  'x-en'?: string;
  'x-en-was'?: string;
  update?: unknown;
  [key: string]: unknown;
}
export interface Overlay {
  overlay: string;
  info: Record<string, unknown>;
  actions: OverlayAction[];
}
export interface Changes {
  added: string[];
  reused?: string[];
  marked: string[];
  removed: string[];
}

export const I18N_DIR: string;
export const LANGUAGES: Language[];
export const TRANSLATED: Language[];
export function documentTexts(doc: Record<string, any>): Text[];
export function markdownMismatch(en: string, zh: string): string | undefined;
export function overlayPath(lang: string, bundleName: string): string;
export function bundleName(g: { jsonPath: string }): string;
export function readOverlay(path: string): Promise<Overlay>;
export function checkOverlay(doc: Record<string, any>, overlay: Overlay): { texts: Text[]; problems: Problem[]; translations: Map<string, string> };
export function syncOverlay(doc: Record<string, any>, overlay: Overlay, memory: Map<string, string>, info: Record<string, unknown>): { overlay: Overlay; changes: Changes };
export function translationMemory(overlays: Overlay[]): Map<string, string>;
export function toYaml(value: unknown): string;
export function applyOverlay(bundlePath: string, overlayFile: string): Promise<Record<string, any>>;
export function readMessages(lang: string, file: string): Promise<Record<string, any>>;
export function checkMessages(english: Map<string, { en: string; where: string; check?: (en: string, zh: string) => string | undefined }>, messages: Record<string, any>, file: string): Problem[];
export function syncMessages(english: Map<string, { en: string }>, messages: Record<string, any>): { messages: Record<string, any>; changes: Changes };
export const squash: (text: string) => string;
export function formatProblems(problems: Problem[]): string;
