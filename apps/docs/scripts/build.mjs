// Builds the static docs site into apps/docs/site/ from the bundled documents, one per API
// generation (VIAS, VAS):
//   index.html            landing page, filled from src/index.html
//   reference.html        Redoc 3 page of the first generation (VIAS); reference-<key>.html for
//                         each other one (redocly build-docs, everything inlined, no CDN)
//   errors.html           the error codes of every generation, from their `x-error-codes`
//   openapi.yaml/.json, vas.yaml/.json   the bundles, byte for byte, for download
//   assets/               theme, logo and the local stand-in for Redocly's CDN logo
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { clientSample, codeSamples, errorCatalogues, generations, operations, withCodeSamples } from '../src/samples.mjs';

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

export const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const tagSlug = (tag) => tag.toLowerCase().replace(/\s+/g, '-');

/** Redoc's route of an operation: `#/<tag slug>/<operationId in lower case>`. */
export const referenceRoute = (op) => `#/${tagSlug(op.tags[0] ?? 'default')}/${op.operationId.toLowerCase()}`;

/** The page and route of an operation, e.g. `reference-vas.html#/jobs/showtask`. */
export const operationHref = (op) => `${generations.find((g) => g.key === op.generation).page}${referenceRoute(op)}`;

/** A path that may wrap only after a slash, never inside a segment. */
const breakablePath = (path) => escapeHtml(path).replaceAll('/', '/<wbr>');

/** Replaces every `{{name}}`; a placeholder left without a value fails the build. */
function fill(template, values, file) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`${file}: no value for {{${name}}}`);
    return values[name];
  });
}

/** The product header of every page; `current` is the page it is on. */
function header(current) {
  // On narrow screens the brand mark is the way home, so the header keeps room for the rest.
  const links = [
    ['index.html', 'Overview', '', 'wide-only'],
    ...generations.map((g) => [g.page, g.key.toUpperCase(), ' reference']),
    ['errors.html', 'Error codes', ''],
  ];
  const nav = links
    .map(
      ([href, label, suffix, cls]) =>
        `<a href="${href}"${cls ? ` class="${cls}"` : ''}${href === current ? ' aria-current="page"' : ''}>${escapeHtml(label)}${suffix ? `<span class="wide-only">${suffix}</span>` : ''}</a>`,
    )
    .join('\n      ');
  return `<header class="vias-header">
    <a class="vias-brand" href="index.html" aria-label="Overview"><img src="assets/vias-mark.svg" alt="" /><span class="wide-only">Huawei Cloud video analysis <small>Task APIs</small></span></a>
    <nav class="vias-nav" aria-label="Site">
      ${nav}
    </nav>
  </header>`;
}

async function buildReference(g) {
  // build-docs renders a copy of the bundle that carries the generated code samples and none
  // of the spec's provenance extensions; the bundle itself stays as published.
  const work = await mkdtemp(join(tmpdir(), 'vias-docs-'));
  try {
    const input = join(work, `${g.key}.docs.json`);
    await writeFile(input, JSON.stringify(withCodeSamples(g.key)));
    const config = parseYaml(await readFile(join(docsDir, 'redocly.yaml'), 'utf8'));
    config.openapi.downloadUrls = g.files.map((file) => ({ title: file, url: file }));
    await writeFile(join(work, 'redocly.yaml'), stringifyYaml(config));
    const output = join(siteDir, g.page);
    await promisify(execFile)(
      process.execPath,
      [
        redoclyCli, 'build-docs', input,
        '--config', join(work, 'redocly.yaml'),
        '--template', join(docsDir, 'src/reference.hbs'),
        '--inlineBundle',
        '-o', output,
      ],
      { cwd: docsDir, maxBuffer: 16 << 20 },
    );
    let html = await readFile(output, 'utf8');
    for (const [cdn, local] of Object.entries(CDN_LOGOS)) html = html.replaceAll(cdn, local);
    // Fail loudly if a Redoc upgrade moves the logo or stops honouring `telemetry: off`.
    const leftover = html.match(/https:\/\/cdn\.redoc\.ly\/[^`"')\s]*/);
    if (leftover) throw new Error(`${g.page} still references ${leftover[0]}`);
    if (!html.includes('"disableTelemetry":true')) throw new Error(`${g.page} was built with telemetry enabled`);
    // The header and the download links of this generation (the raw files, not our copy).
    html = html.replace('<!-- vias-header -->', () => header(g.page));
    await writeFile(output, html);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The operations of one generation as table rows, grouped by resource (the document's tags). */
function operationRows(g) {
  const ops = operations(g.key);
  const tags = [...new Set([...(g.bundle.tags ?? []).map((t) => t.name), ...ops.flatMap((op) => op.tags.slice(0, 1))])];
  return tags
    .map((tag) => {
      const rows = ops.filter((op) => (op.tags[0] ?? 'default') === tag);
      if (rows.length === 0) return '';
      return `<tbody>
          <tr class="group"><th colspan="3" scope="rowgroup">${escapeHtml(tag)}</th></tr>
          ${rows
            .map(
              (op) => `<tr>
            <td><span class="method method-${op.method}">${op.method.toUpperCase()}</span></td>
            <td><code class="path">${breakablePath(op.path)}</code></td>
            <td><a href="${operationHref(op)}">${escapeHtml(op.summary)}</a></td>
          </tr>`,
            )
            .join('\n          ')}
        </tbody>`;
    })
    .join('\n        ');
}

function generationSection(g) {
  const { info } = g.bundle;
  const [yaml, json] = g.files;
  return `<section class="generation" id="${g.key}">
      <h3>${escapeHtml(info.title)} <small>version ${escapeHtml(info.version)}</small></h3>
      <p>${escapeHtml(info.summary ?? '')} Host <code>${escapeHtml(new URL(g.bundle.servers[0].url.replace('{region}', 'region')).host.replace('region', '{region}'))}</code>;
        TypeScript: <code>${g.factory}</code>.</p>
      <p class="actions">
        <a class="button primary" href="${g.page}">${escapeHtml(info.title)} reference</a>
        <a class="button" href="${yaml}" download>${yaml}</a>
        <a class="button" href="${json}" download>${json}</a>
      </p>
      <table class="ops">
        <thead><tr><th>Method</th><th>Endpoint</th><th>Operation</th></tr></thead>
        ${operationRows(g)}
      </table>
    </section>`;
}

async function buildLanding() {
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
  const template = await readFile(join(docsDir, 'src/index.html'), 'utf8');
  const html = fill(
    template,
    {
      header: header('index.html'),
      generations: generations.map(generationSection).join('\n    '),
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
        .map((g) => `<p>The ${escapeHtml(g.bundle.info.title)} has its own client, with the same options:</p>
      <pre class="code"><code>${escapeHtml(clientSample('token', g.key).trimEnd())}</code></pre>`)
        .join('\n      '),
    },
    'src/index.html',
  );
  await writeFile(join(siteDir, 'index.html'), html);
}

async function buildErrors() {
  const sections = generations.map((g) => {
    const catalogues = errorCatalogues(g.key);
    const tables = catalogues
      .map(
        ({ codes }) => `<table class="codes">
        <thead><tr><th>Code</th><th>HTTP status</th><th>Message</th><th>Description</th><th>Advice</th></tr></thead>
        <tbody>
        ${codes
          .map(
            (c) => `<tr id="${escapeHtml(c.code)}">
          <td><a class="code-anchor" href="#${escapeHtml(c.code)}"><code>${escapeHtml(c.code)}</code></a></td>
          <td data-label="HTTP status">${escapeHtml(c.status)}</td>
          <td data-label="Message">${escapeHtml(c.message ?? '')}</td>
          <td data-label="Description">${escapeHtml(c.description ?? '')}</td>
          <td data-label="Advice">${escapeHtml(c.advice ?? '')}</td>
        </tr>`,
          )
          .join('\n        ')}
        </tbody>
      </table>`,
      )
      .join('\n      ');
    return `<section id="${g.key}-errors">
      <h2>${escapeHtml(g.bundle.info.title)}</h2>
      ${catalogues
        .map((c) => `<p>Its error body has the fields ${c.fields.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}.</p>`)
        .join('\n      ')}
      <p>Which statuses each operation answers is in the <a href="${g.page}">${escapeHtml(g.bundle.info.title)} reference</a>.</p>
      ${tables || '<p>This description lists no error codes.</p>'}
    </section>`;
  });
  const template = await readFile(join(docsDir, 'src/errors.html'), 'utf8');
  await writeFile(join(siteDir, 'errors.html'), fill(template, { header: header('errors.html'), sections: sections.join('\n    ') }, 'src/errors.html'));
}

async function build() {
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(siteDir, { recursive: true });
  await cp(join(docsDir, 'src/assets'), join(siteDir, 'assets'), { recursive: true });
  for (const g of generations) {
    await copyFile(g.yamlPath, join(siteDir, g.files[0]));
    await copyFile(g.jsonPath, join(siteDir, g.files[1]));
  }
  // One build-docs at a time: each is a Node process of its own on a shared 2-core machine.
  for (const g of generations) await buildReference(g);
  await buildErrors();
  await buildLanding();
  console.log(`docs: built ${siteDir} (${generations.map((g) => `${g.key}: ${operations(g.key).length} operations`).join(', ')})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
