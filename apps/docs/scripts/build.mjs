// Builds the static docs site into apps/docs/site/ from the bundled documents, one per API
// generation (VIAS, VAS), in every language of src/i18n.mjs (English at the root, each other
// language in its own directory, zh-CN/):
//   index.html            landing page, from src/index.html
//   reference.html        Redoc 3 page of the first generation (VIAS); reference-<key>.html for
//                         each other one (redocly build-docs, everything inlined, no CDN)
//   reference-emulator.html  Redoc 3 page of the emulator's control API (@vias-openapi/emulator)
//   errors.html           the error codes of every generation, from their `x-error-codes`
//   testing.html          "Testing with the emulator", from src/testing.html and the recipes of
//                         src/testing/ (src/recipes.mjs)
//   openapi.yaml/.json, vas.yaml/.json, emulator-control.yaml/.json   the bundles, byte for byte,
//                         for download (root only)
//   assets/               theme, logo and the local stand-in for Redocly's CDN logo (root only)
// A translated edition is built from the same bundles with its overlay applied (src/editions.mjs),
// and only when every translation is in step with the English.
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { escapeHtml, loadEditions } from '../src/editions.mjs';
import { LANGUAGES } from '../src/i18n.mjs';
import { translateTemplate } from '../src/pages.mjs';
import { control, documents, documentOperations, renderedDocument } from '../src/documents.mjs';
import { recipes } from '../src/recipes.mjs';
import { clientSample, codeSamples, errorCatalogues, generations, operations } from '../src/samples.mjs';

const docsDir = fileURLToPath(new URL('..', import.meta.url));
const siteDir = join(docsDir, 'site');
const require = createRequire(import.meta.url);
const redoclyCli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

// Redoc's sidebar footer ("API docs by Redocly") loads its logo from the CDN whatever the
// options say. The published page may not reach outside its origin, so the build points
// those URLs at SVGs we ship in assets/.
const CDN_LOGOS = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': 'assets/redocly-logo-mini-full.svg',
  'https://cdn.redoc.ly/redoc/logo-mini.svg': 'assets/redocly-logo-mini.svg',
};

// Redoc 3 asks a `translate(key, English)` hook for its labels; the standalone page's hook
// answers the English. On a translated page the hook asks `__viasRedocText` (set from
// i18n/<lang>/redoc.yaml) first. A Redoc that no longer has this hook fails the build.
const REDOC_TRANSLATE = 'useTranslate:()=>({translate:(e,t)=>(typeof t==`string`?t:t?.defaultValue)||e||``})';
const REDOC_TRANSLATE_LOCALISED =
  'useTranslate:()=>({translate:(e,t)=>{let d=(typeof t==`string`?t:t?.defaultValue)||e||``;return globalThis.__viasRedocText?globalThis.__viasRedocText(e,d):d}})';
// English that Redoc writes without asking the hook: each snippet of its bundle, the key of the
// translation in i18n/<lang>/redoc.yaml (`redoc.*`, ours), and the snippet with the translation
// (a JSON string literal) in it. A snippet this Redoc does not have fails the build.
/** @type {[snippet: string, key: string, make: (t: string, tr: (key: string) => string) => string][]} */
const REDOC_LITERALS = [
  ['children:`API docs by`', 'redoc.attribution', (t) => `children:${t}`],
  ['{label:`or`}', 'redoc.or', (t) => `{label:${t}}`],
  ['{label:`and`}', 'redoc.and', (t) => `{label:${t}}`],
  ['children:`and`', 'redoc.and', (t) => `children:${t}`],
  // Between the alternatives and the parts of an operation's security requirements.
  ['{children:` or `}', 'redoc.or', (t) => `{children:${JSON.stringify(` ${JSON.parse(t)} `)}}`],
  ['{children:` and `}', 'redoc.and', (t) => `{children:${JSON.stringify(` ${JSON.parse(t)} `)}}`],
  ['`One of:`', 'redoc.oneOf', (t) => t],
  ['`Any of:`', 'redoc.anyOf', (t) => t],
  ['`Enum:`', 'redoc.enumColon', (t) => t],
  ['`Value:`', 'redoc.valueColon', (t) => t],
  ['?`Items `:', 'redoc.items', (t) => `?${t}:`],
  ['`Value`:`Enum Value`', 'redoc.enumValue', (t, tr) => `${tr('redoc.value')}:${t}`],
  ['(`th`,{children:`Description`})', 'redoc.description', (t) => `(\`th\`,{children:${t}})`],
  ['`case 1`', 'redoc.case1', (t) => t],
  ['`case 2`', 'redoc.case2', (t) => t],
  ['children:`Security`', 'redoc.security', (t) => `children:${t}`],
  ['children:`deprecated`', 'redoc.deprecated', (t) => `children:${t}`],
  ['children:`Array [`', 'redoc.arrayOpen', (t) => `children:${t}`],
  ['||`property name`)', 'redoc.propertyName', (t) => `||${t})`],
  ['[`property name*`]', 'redoc.propertyName', (t) => `[${JSON.stringify(`${JSON.parse(t)}*`)}]`],
  // The sidebar's separator before the webhooks (also the fallback of the `webhooks` key).
  ['=`Webhooks`,', 'redoc.webhooks', (t) => `=${t},`],
  // The request body's sample of a webhook (or an operation without samples): the panel's tab
  // and its entry in Redoc's list of sample languages.
  ['lang:`json`,title:`Payload`}', 'redoc.payload', (t) => `lang:\`json\`,title:${t}}`],
  ['label:`Payload`,lang:`payload`}', 'redoc.payload', (t) => `label:${t},lang:\`payload\`}`],
];

const tagSlug = (tag) => tag.toLowerCase().replace(/\s+/g, '-');

/** Redoc's route of an operation: `#/<tag slug>/<operationId in lower case>`. */
export const referenceRoute = (op) => `#/${tagSlug(op.tags[0] ?? 'default')}/${op.operationId.toLowerCase()}`;

/** The page and route of an operation of any document, e.g. `reference-vas.html#/jobs/showtask` (the same in every language's directory). */
export const operationHref = (op) => `${documents.find((d) => d.key === op.generation).page}${referenceRoute(op)}`;

/** A path that may wrap only after a slash, never inside a segment. */
const breakablePath = (path) => escapeHtml(path).replaceAll('/', '/<wbr>');

/** Replaces every `{{name}}`; a placeholder left without a value fails the build. */
function fill(template, values, file) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`${file}: no value for {{${name}}}`);
    return values[name];
  });
}

/**
 * The language links of a page, for its <head>, and the switch of its header: the same page in
 * every other language. A small script keeps the reader's place: the address's fragment while its
 * section is at the top of the window, else the section or operation in the upper third of the
 * window (Redoc's `data-section-id`, else an element of <main> with an id). A translated reference page maps Redoc's section routes (which Redoc makes
 * from the heading's words) between languages itself.
 */
function languageLinks(edition, page) {
  const others = LANGUAGES.filter((l) => l.code !== edition.lang.code);
  const href = (l) => `${edition.lang.root}${l.dir}${page}`;
  return {
    head: LANGUAGES.map((l) => `<link rel="alternate" hreflang="${l.code}" href="${href(l)}" />`).join('\n  '),
    nav: others
      .map(
        (l) =>
          `<a class="vias-lang" href="${href(l)}" hreflang="${l.code}" lang="${l.code}" data-keep-place title="${edition.t('header.switch', { language: edition.t(`language.${l.code}`) })}">${escapeHtml(l.label)}</a>`,
      )
      .join(''),
  };
}

const KEEP_PLACE = `<script>
    document.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[data-keep-place]');
      if (!link) return;
      var header = document.querySelector('.vias-header').getBoundingClientRect().bottom;
      var line = header + (innerHeight - header) / 3;
      var place = location.hash, id = decodeURIComponent(place.slice(1));
      var target = id && (document.querySelector('[data-section-id="' + CSS.escape(id) + '"]') || document.getElementById(id));
      // The fragment is the place while its element still starts at the top of the window; once
      // the reader has scrolled on, the place is the last section starting above the upper third.
      var top = target && target.getBoundingClientRect().top;
      if (!target || top < header - 8 || top > line) {
        var marks = document.querySelectorAll('[data-section-id^="/"]');
        if (!marks.length) marks = document.querySelectorAll('main [id]');
        for (var i = 0; i < marks.length; i++) {
          var rect = marks[i].getBoundingClientRect();
          if (rect.top > line) break;
          if (rect.bottom > header) place = '#' + (marks[i].getAttribute('data-section-id') || marks[i].id);
        }
      }
      link.href = link.getAttribute('href').split('#')[0] + (place || '');
    }, true);
  </script>`;

/** The product header of every page; `current` is the page it is on. */
function header(edition, current) {
  const { t } = edition;
  // On narrow screens the brand mark is the way home, so the header keeps room for the rest.
  const links = [
    ['index.html', t('header.home'), '', 'wide-only'],
    ...generations.map((g) => [g.page, g.key.toUpperCase(), ` ${t('header.reference')}`]),
    ['errors.html', t('header.errors'), ''],
    ['testing.html', t('header.testing'), ''],
    [control.page, t('header.emulator'), ` ${t('header.control')}`],
  ];
  const nav = links
    .map(
      ([href, label, suffix, cls]) =>
        `<a href="${href}"${cls ? ` class="${cls}"` : ''}${href === current ? ' aria-current="page"' : ''}>${label}${suffix ? `<span class="wide-only">${suffix}</span>` : ''}</a>`,
    )
    .join('\n      ');
  return `<header class="vias-header">
    <a class="vias-brand" href="index.html" aria-label="${t('header.home')}"><img src="${edition.lang.root}assets/vias-mark.svg" alt="" /><span class="wide-only">${t('header.brand')} <small>${t('header.brandTag')}</small></span></a>
    <nav class="vias-nav" aria-label="${t('header.nav')}">
      ${nav}
      ${languageLinks(edition, current).nav}
    </nav>
  </header>
  ${KEEP_PLACE}`;
}

/** Text with the entities escapeHtml writes (and Redoc's attributes carry) decoded. */
const decodeEntities = (text) => text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m]);

/** The page's <head> gets its language links. */
const withAlternates = (html, edition, page) => html.replace('</head>', `  ${languageLinks(edition, page).head}\n</head>`);

async function buildReference(edition, g) {
  const { lang, t } = edition;
  const doc = edition.docs[g.key];
  // build-docs renders a copy of the document (in this edition's language) that carries the
  // generated code samples and none of the spec's provenance extensions; the bundle itself
  // stays as published.
  const work = await mkdtemp(join(tmpdir(), 'vias-docs-'));
  try {
    const input = join(work, `${g.key}.docs.json`);
    await writeFile(input, JSON.stringify(renderedDocument(g.key, doc)));
    const config = parseYaml(await readFile(join(docsDir, 'redocly.yaml'), 'utf8'));
    config.openapi.downloadUrls = g.files.map((file) => ({ title: file, url: `${lang.root}${file}` }));
    // The request body's sample tab (a label of the configuration, not of Redoc), in this language.
    if (edition.redoc) {
      for (const language of config.openapi.codeSamples.languages) if (language.lang === 'json') language.label = redocText(edition, 'redoc.payload');
    }
    await writeFile(join(work, 'redocly.yaml'), stringifyYaml(config));
    const output = join(siteDir, lang.dir, g.page);
    const title = escapeHtml(doc.info.title);
    // Handlebars escapes these; they are passed as text.
    await promisify(execFile)(
      process.execPath,
      [
        redoclyCli, 'build-docs', input,
        '--config', join(work, 'redocly.yaml'),
        '--template', join(docsDir, 'src/reference.hbs'),
        '--templateOptions.lang', lang.code,
        '--templateOptions.root', lang.root,
        '--templateOptions.pageTitle', decodeEntities(t('reference.title', { title })),
        '--templateOptions.pageDescription', decodeEntities(t('reference.description', { title })),
        '--inlineBundle',
        '-o', output,
      ],
      { cwd: docsDir, maxBuffer: 16 << 20 },
    );
    let html = await readFile(output, 'utf8');
    for (const [cdn, local] of Object.entries(CDN_LOGOS)) html = html.replaceAll(cdn, `${lang.root}${local}`);
    // Fail loudly if a Redoc upgrade moves the logo or stops honouring `telemetry: off`.
    const leftover = html.match(/https:\/\/cdn\.redoc\.ly\/[^`"')\s]*/);
    if (leftover) throw new Error(`${lang.dir}${g.page} still references ${leftover[0]}`);
    if (!html.includes('"disableTelemetry":true')) throw new Error(`${lang.dir}${g.page} was built with telemetry enabled`);
    if (edition.redoc) html = localiseRedoc(html, edition, `${lang.dir}${g.page}`);
    // The header of this edition.
    html = html.replace('<!-- vias-header -->', () => header(edition, g.page));
    await writeFile(output, withAlternates(html, edition, g.page));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A text of i18n/<lang>/redoc.yaml; a key it lacks fails the build. */
function redocText(edition, key) {
  if (typeof edition.redoc[key] !== 'string') throw new Error(`i18n/${edition.lang.code}/redoc.yaml has no ${key}`);
  return edition.redoc[key];
}

/**
 * Redoc's own labels in the edition's language: its translation hook reads i18n/<lang>/redoc.yaml
 * (a label without a translation stays English and is listed in `__viasRedocUntranslated`, which
 * the tests read), and its attribution, which is not a key, is replaced. Fails when Redoc no
 * longer has the hook, a literal, or a key the file translates.
 */
function localiseRedoc(html, edition, page) {
  if (html.split(REDOC_TRANSLATE).length !== 2) throw new Error(`${page}: Redoc's translation hook was not found once; the Redoc upgrade needs a look (scripts/build.mjs)`);
  html = html.replace(REDOC_TRANSLATE, () => REDOC_TRANSLATE_LOCALISED);
  for (const [literal, key, make] of REDOC_LITERALS) {
    if (!html.includes(literal)) throw new Error(`${page}: Redoc's ${JSON.stringify(literal)} was not found (scripts/build.mjs)`);
    const tr = (k) => JSON.stringify(redocText(edition, k));
    html = html.replaceAll(literal, () => make(tr(key), tr));
  }
  const literalKeys = new Set([...REDOC_LITERALS.map(([, key]) => key), 'redoc.value']);
  const gone = Object.keys(edition.redoc).filter((key) => !literalKeys.has(key) && !html.includes(`\`${key}\``));
  if (gone.length) throw new Error(`i18n/${edition.lang.code}/redoc.yaml translates keys this Redoc does not have: ${gone.join(', ')}`);
  const script = `<script>
    (function (text) {
      var untranslated = (window.__viasRedocUntranslated = []);
      window.__viasRedocText = function (key, english) {
        if (key !== undefined && Object.prototype.hasOwnProperty.call(text, key)) return text[key];
        if (key !== undefined && untranslated.indexOf(key) < 0) untranslated.push(key);
        return english;
      };
    })(${JSON.stringify(edition.redoc)});
  </script>`;
  return html.replace('<!-- vias-head -->', () => `${script}\n  <!-- vias-head -->`);
}

/**
 * Redoc makes a section's route from its heading's words (`#/section/task-states`), so a section
 * has a route per language. Each reference page learns the routes of the same sections in the
 * other languages (paired in order; the translation check keeps the headings in step) and
 * rewrites such an address to its own before Redoc reads it: a link or a language switch that
 * keeps the fragment lands on the same section.
 */
async function linkSectionRoutes() {
  for (const g of documents) {
    const pages = await Promise.all(
      LANGUAGES.map(async (l) => ({ lang: l, file: join(siteDir, l.dir, g.page), html: await readFile(join(siteDir, l.dir, g.page), 'utf8') })),
    );
    const sections = (html) => [...new Set([...html.matchAll(/data-section-id="(\/section\/[^"]*)"/g)].map((m) => decodeEntities(m[1])))];
    const lists = pages.map((p) => sections(p.html));
    if (new Set(lists.map((l) => l.length)).size !== 1) {
      throw new Error(`${g.page}: the editions have different sections (${pages.map((p, i) => `${p.lang.code}: ${lists[i].join(' ')}`).join('; ')})`);
    }
    pages.forEach((page, i) => {
      const aliases = {};
      lists.forEach((list, j) => {
        if (j !== i) list.forEach((route, n) => route !== lists[i][n] && (aliases[route] = lists[i][n]));
      });
      // Registered before Redoc's own listeners, so a fragment changed in place is mapped first too.
  const script = `<script>
    (function (aliases) {
      function map() {
        var route = decodeURIComponent(location.hash.slice(1));
        if (Object.prototype.hasOwnProperty.call(aliases, route)) history.replaceState(history.state, '', '#' + aliases[route]);
      }
      map();
      addEventListener('hashchange', map);
      addEventListener('popstate', map);
    })(${JSON.stringify(aliases)});
  </script>`;
      page.html = page.html.replace('<!-- vias-head -->', () => script);
    });
    for (const page of pages) await writeFile(page.file, page.html);
  }
}

/** The operations of one generation as table rows, grouped by resource (the document's tags). */
function operationRows(edition, g) {
  const doc = edition.docs[g.key];
  const ops = operations(g.key);
  const tags = [...new Set([...(doc.tags ?? []).map((t) => t.name), ...ops.flatMap((op) => op.tags.slice(0, 1))])];
  const tagLabel = (name) => doc.tags?.find((t) => t.name === name)?.['x-displayName'] ?? name;
  return tags
    .map((tag) => {
      const rows = ops.filter((op) => (op.tags[0] ?? 'default') === tag);
      if (rows.length === 0) return '';
      return `<tbody>
          <tr class="group"><th colspan="3" scope="rowgroup">${escapeHtml(tagLabel(tag))}</th></tr>
          ${rows
            .map(
              (op) => `<tr>
            <td><span class="method method-${op.method}">${op.method.toUpperCase()}</span></td>
            <td><code class="path">${breakablePath(op.path)}</code></td>
            <td><a href="${operationHref(op)}">${escapeHtml(doc.paths[op.path][op.method].summary)}</a></td>
          </tr>`,
            )
            .join('\n          ')}
        </tbody>`;
    })
    .join('\n        ');
}

function generationSection(edition, g) {
  const { t } = edition;
  const { info, servers } = edition.docs[g.key];
  const [yaml, json] = g.files;
  const root = edition.lang.root;
  const host = new URL(servers[0].url.replace('{region}', 'region')).host.replace('region', '{region}');
  return `<section class="generation" id="${g.key}">
      <h3>${escapeHtml(info.title)} <small>${t('landing.version', { version: escapeHtml(info.version) })}</small></h3>
      <p>${t('landing.hostLine', { summary: escapeHtml(info.summary ?? ''), host: `<code>${escapeHtml(host)}</code>`, factory: `<code>${g.factory}</code>` })}</p>
      <p class="actions">
        <a class="button primary" href="${g.page}">${t('reference.title', { title: escapeHtml(info.title) })}</a>
        <a class="button" href="${root}${yaml}" download>${yaml}</a>
        <a class="button" href="${root}${json}" download>${json}</a>
      </p>
      <table class="ops">
        <thead><tr><th>${t('landing.th.method')}</th><th>${t('landing.th.endpoint')}</th><th>${t('landing.th.operation')}</th></tr></thead>
        ${operationRows(edition, g)}
      </table>
    </section>`;
}

/** A page template in the edition's language, its placeholders filled. */
async function page(edition, file, values) {
  const template = await readFile(join(docsDir, file), 'utf8');
  return fill(translateTemplate(template, edition.lang.code, edition.units), { root: edition.lang.root, ...values }, file);
}

async function buildLanding(edition) {
  const clientPackage = JSON.parse(await readFile(require.resolve('@vias-openapi/client/package.json'), 'utf8'));
  const signerVersion = clientPackage.dependencies?.['@vias-openapi/signer'];
  const tarballs = [
    ...(signerVersion ? [`vias-openapi-signer-${signerVersion}.tgz`] : []),
    `vias-openapi-client-${clientPackage.version}.tgz`,
  ];
  const packWorkspaces = [...(signerVersion ? ['@vias-openapi/signer'] : []), '@vias-openapi/client'].map((w) => `-w ${w}`).join(' ');

  // The first call and the AK/SK set-up come from src/samples.mjs, so the test type-checks
  // them like every other sample.
  const [first] = generations;
  const firstOp = operations(first.key).find((op) => op.operationId === 'showTask') ?? operations(first.key)[0];
  const [curl, ts] = codeSamples(firstOp);
  const html = await page(edition, 'src/index.html', {
    header: header(edition, 'index.html'),
    generations: generations.map((g) => generationSection(edition, g)).join('\n    '),
    operationCount: String(operations().length),
    generationCount: String(generations.length),
    installFromClone: escapeHtml(
      `# in a clone of this repository\nnpm ci\nnpm pack ${packWorkspaces}\n\n# in your project\nnpm install ${tarballs.map((t) => `path/to/vias-openapi/${t}`).join(' \\\n  ')}`,
    ),
    firstCallTs: escapeHtml(ts.source.trimEnd()),
    firstCallCurl: escapeHtml(curl.source),
    firstCallLink: operationHref(firstOp),
    akskClient: escapeHtml(clientSample('aksk', first.key).trimEnd()),
    otherClients: generations
      .slice(1)
      .map((g) => `<p>${edition.t('landing.otherClient', { title: escapeHtml(edition.docs[g.key].info.title) })}</p>
      <pre class="code"><code>${escapeHtml(clientSample('token', g.key).trimEnd())}</code></pre>`)
      .join('\n      '),
  });
  await writeFile(join(siteDir, edition.lang.dir, 'index.html'), withAlternates(html, edition, 'index.html'));
}

async function buildErrors(edition) {
  const { t } = edition;
  const english = edition.lang.code === 'en';
  const sections = generations.map((g) => {
    const doc = edition.docs[g.key];
    const title = escapeHtml(doc.info.title);
    // The message is what `error_msg` carries, in English; a translated page shows its
    // translation with the text the service sends beneath it.
    const literals = new Map(errorCatalogues(g.key).flatMap((c) => c.codes.map((code) => [code.code, code.message])));
    const message = (c) =>
      english ? escapeHtml(c.message ?? '') : `${escapeHtml(c.message ?? '')}<br /><code class="literal" lang="en">${escapeHtml(literals.get(c.code) ?? '')}</code>`;
    const catalogues = errorCatalogues(g.key, doc);
    const tables = catalogues
      .map(
        ({ codes }) => `<table class="codes">
        <thead><tr><th>${t('errors.th.code')}</th><th>${t('errors.th.status')}</th><th>${t('errors.th.message')}</th><th>${t('errors.th.description')}</th><th>${t('errors.th.advice')}</th></tr></thead>
        <tbody>
        ${codes
          .map(
            (c) => `<tr id="${escapeHtml(c.code)}">
          <td><a class="code-anchor" href="#${escapeHtml(c.code)}"><code>${escapeHtml(c.code)}</code></a></td>
          <td data-label="${t('errors.th.status')}">${escapeHtml(c.status)}</td>
          <td data-label="${t('errors.th.message')}">${message(c)}</td>
          <td data-label="${t('errors.th.description')}">${escapeHtml(c.description ?? '')}</td>
          <td data-label="${t('errors.th.advice')}">${escapeHtml(c.advice ?? '')}</td>
        </tr>`,
          )
          .join('\n        ')}
        </tbody>
      </table>`,
      )
      .join('\n      ');
    return `<section id="${g.key}-errors">
      <h2>${title}</h2>
      ${catalogues
        .map((c) => `<p>${t('errors.fields', { fields: c.fields.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ') })}</p>`)
        .join('\n      ')}
      <p>${t('errors.statuses', { link: `<a href="${g.page}">${t('reference.title', { title })}</a>` })}</p>
      ${tables || `<p>${t('errors.none')}</p>`}
    </section>`;
  });
  const html = await page(edition, 'src/errors.html', { header: header(edition, 'errors.html'), sections: sections.join('\n    ') });
  await writeFile(join(siteDir, edition.lang.dir, 'errors.html'), withAlternates(html, edition, 'errors.html'));
}

/** Markdown's inline code in a one-line text, as HTML; the rest escaped. */
const inlineCode = (text) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/**
 * The scenario kinds as a table, from the control description in the edition's language
 * (`ScenarioKind`: its enumeration and `x-enumDescriptions`).
 */
function scenarioKinds(edition) {
  const { t } = edition;
  const kind = edition.docs[control.key].components.schemas.ScenarioKind;
  const rows = kind.enum.map(
    (value) =>
      `<tr id="scenario-${escapeHtml(value)}"><td><code>${escapeHtml(value)}</code></td><td>${inlineCode(kind['x-enumDescriptions']?.[value] ?? '')}</td></tr>`,
  );
  return `<table class="codes scenarios">
        <thead><tr><th>${t('testing.th.kind')}</th><th>${t('testing.th.effect')}</th></tr></thead>
        <tbody>
        ${rows.join('\n        ')}
        </tbody>
      </table>`;
}

async function buildTesting(edition) {
  const values = {
    header: header(edition, 'testing.html'),
    scenarioKinds: scenarioKinds(edition),
    ...Object.fromEntries(recipes().map((r) => [`recipe_${r.name}`, escapeHtml(r.source.trimEnd())])),
  };
  const html = await page(edition, 'src/testing.html', values);
  await writeFile(join(siteDir, edition.lang.dir, 'testing.html'), withAlternates(html, edition, 'testing.html'));
}

async function build() {
  // Checks every translation before anything is written: a failed check leaves the last site.
  const editions = await loadEditions();
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(siteDir, { recursive: true });
  await cp(join(docsDir, 'src/assets'), join(siteDir, 'assets'), { recursive: true });
  for (const g of documents) {
    await copyFile(g.yamlPath, join(siteDir, g.files[0]));
    await copyFile(g.jsonPath, join(siteDir, g.files[1]));
  }
  for (const edition of editions) {
    await mkdir(join(siteDir, edition.lang.dir), { recursive: true });
    // One build-docs at a time: each is a Node process of its own on a shared 2-core machine.
    for (const g of documents) await buildReference(edition, g);
    await buildErrors(edition);
    await buildLanding(edition);
    await buildTesting(edition);
  }
  await linkSectionRoutes();
  console.log(
    `docs: built ${siteDir} (${documents.map((g) => `${g.key}: ${documentOperations(g.key).length} operations`).join(', ')}; ${editions.map((e) => e.lang.code).join(', ')})`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
