// Builds the static docs site into apps/docs/site/ from the bundled spec:
//   reference.html  Redoc 3 page (redocly build-docs, everything inlined, no CDN)
//   index.html      landing page, filled from src/index.html
//   openapi.yaml/.json  the bundle, byte for byte, for download
//   assets/         theme, logo and the local stand-in for Redocly's CDN logo
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundle, specJsonPath, specYamlPath } from '@vias-openapi/spec/bundle';
import { clientSample, codeSamples, operations, withCodeSamples } from '../src/samples.mjs';

const docsDir = fileURLToPath(new URL('..', import.meta.url));
const siteDir = join(docsDir, 'site');
const redoclyCli = join(dirname(fileURLToPath(import.meta.resolve('@redocly/cli/package.json'))), 'bin/cli.js');

// Redoc's sidebar footer ("API docs by Redocly") loads its logo from the CDN whatever the
// options say. The published page may not reach outside its origin, so the build points
// those URLs at SVGs we ship in assets/.
const CDN_LOGOS = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': 'assets/redocly-logo-mini-full.svg',
  'https://cdn.redoc.ly/redoc/logo-mini.svg': 'assets/redocly-logo-mini.svg',
};

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Redoc's route of an operation: `#/<tag slug>/<operationId in lower case>`. */
export const referenceRoute = (op) =>
  `#/${(op.tags[0] ?? 'default').toLowerCase().replace(/\s+/g, '-')}/${op.operationId.toLowerCase()}`;

/** Replaces every `{{name}}`; a placeholder left without a value fails the build. */
function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`src/index.html: no value for {{${name}}}`);
    return values[name];
  });
}

async function buildReference() {
  // build-docs renders a copy of the bundle that carries the generated code samples; the
  // bundle itself stays as published.
  const work = await mkdtemp(join(tmpdir(), 'vias-docs-'));
  try {
    const input = join(work, 'openapi.docs.json');
    await writeFile(input, JSON.stringify(withCodeSamples()));
    const output = join(siteDir, 'reference.html');
    await promisify(execFile)(
      process.execPath,
      [
        redoclyCli, 'build-docs', input,
        '--config', join(docsDir, 'redocly.yaml'),
        '--template', join(docsDir, 'src/reference.hbs'),
        '--inlineBundle',
        '-o', output,
      ],
      { cwd: docsDir, env: { ...process.env, REDOCLY_TELEMETRY: 'off' }, maxBuffer: 16 << 20 },
    );
    let html = await readFile(output, 'utf8');
    for (const [cdn, local] of Object.entries(CDN_LOGOS)) html = html.replaceAll(cdn, local);
    // Fail loudly if a Redoc upgrade moves the logo or stops honouring REDOCLY_TELEMETRY.
    const leftover = html.match(/https:\/\/cdn\.redoc\.ly\/[^`"')\s]*/);
    if (leftover) throw new Error(`reference.html still references ${leftover[0]}`);
    if (!html.includes('"disableTelemetry":true')) throw new Error('reference.html was built with telemetry enabled');
    await writeFile(output, html);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function buildLanding(spec) {
  const ops = operations();
  const rows = ops
    .map(
      (op) => `<tr>
          <td><span class="method method-${op.method}">${op.method.toUpperCase()}</span></td>
          <td><code>${escapeHtml(op.path)}</code></td>
          <td><a href="reference.html${referenceRoute(op)}">${escapeHtml(op.summary)}</a></td>
        </tr>`,
    )
    .join('\n        ');
  // The first call and the AK/SK set-up come from src/samples.mjs, so the test type-checks
  // them like every other sample.
  const first = ops.find((op) => op.operationId === 'showTask') ?? ops[0];
  const [curl, ts] = codeSamples(first);
  const template = await readFile(join(docsDir, 'src/index.html'), 'utf8');
  const html = fill(template, {
    title: escapeHtml(spec.info.title),
    summary: escapeHtml(spec.info.summary ?? ''),
    version: escapeHtml(spec.info.version),
    openapi: escapeHtml(spec.openapi),
    operations: rows,
    firstCallTs: escapeHtml(ts.source.trimEnd()),
    firstCallCurl: escapeHtml(curl.source),
    firstCallLink: `reference.html${referenceRoute(first)}`,
    akskClient: escapeHtml(clientSample('aksk').trimEnd()),
  });
  await writeFile(join(siteDir, 'index.html'), html);
}

async function build() {
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(siteDir, { recursive: true });
  await cp(join(docsDir, 'src/assets'), join(siteDir, 'assets'), { recursive: true });
  await copyFile(specYamlPath, join(siteDir, 'openapi.yaml'));
  await copyFile(specJsonPath, join(siteDir, 'openapi.json'));
  await buildReference();
  await buildLanding(bundle);
  console.log(`docs: built ${siteDir} (${operations().length} operations)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
