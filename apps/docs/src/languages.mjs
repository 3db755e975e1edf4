// The languages the site is published in. English is the description's own language and lives
// at the site's root; every other language lives in its own directory, with its translations in
// i18n/<code>/ (src/i18n.mjs). `root` leads from a language's directory back to the site's root.
export const LANGUAGES = [
  { code: 'en', dir: '', label: 'English', root: '' },
  { code: 'zh-CN', dir: 'zh-CN/', label: '中文', root: '../' },
];
