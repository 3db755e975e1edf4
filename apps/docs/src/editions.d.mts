// Types of src/editions.mjs (the module is plain JavaScript).
import type { Language, Problem } from './i18n.mjs';

/** An OpenAPI document as parsed JSON. */
export type Doc = Record<string, any>;

export interface Edition {
  lang: Language;
  /** The documents in this edition's language, by key (`vias`, `vas`, and `emulator` for the control API). */
  docs: Record<string, Doc>;
  /** A message of src/messages.mjs in this language, as HTML; `params` are HTML. */
  t(key: string, params?: Record<string, string>): string;
  /** The page translations, key → HTML (none for English). */
  units: Map<string, string> | undefined;
  /** Redoc's labels, key → text (none for English). */
  redoc: Record<string, string> | undefined;
}

export const TEMPLATES: string[];
export function siteEnglish(): Promise<{ english: Map<string, { en: string; where: string; check?: (en: string, zh: string) => string | undefined }>; problems: Problem[] }>;
export function translationProblems(lang: string): Promise<Problem[]>;
export function loadEditions(): Promise<Edition[]>;
export function escapeHtml(text: unknown): string;
