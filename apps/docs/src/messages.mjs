// The English of the text scripts/build.mjs composes around the documents' own (the header, the
// generation sections of the landing page, the error tables, the reference pages' titles).
// Plain text; `{name}` is a value the build puts in. Translations: i18n/<lang>/site.yaml, by key.
export const MESSAGES = {
  'header.brand': 'Huawei Cloud video analysis',
  'header.brandTag': 'Task APIs',
  'header.home': 'Overview',
  'header.reference': 'reference',
  'header.errors': 'Error codes',
  'header.testing': 'Testing',
  'header.emulator': 'Emulator',
  'header.control': 'control API',
  'header.nav': 'Site',
  'header.switch': 'This page in {language}',
  'language.en': 'English',
  'language.zh-CN': 'Chinese',

  'reference.title': '{title} reference',
  'reference.description': '{title}: every operation, its parameters, responses and code samples.',

  'landing.version': 'version {version}',
  'landing.hostLine': '{summary} Host {host}; TypeScript: {factory}.',
  'landing.th.method': 'Method',
  'landing.th.endpoint': 'Endpoint',
  'landing.th.operation': 'Operation',
  'landing.otherClient': 'The {title} has its own client, with the same options:',

  'errors.th.code': 'Code',
  'errors.th.status': 'HTTP status',
  'errors.th.message': 'Message',
  'errors.th.description': 'Description',
  'errors.th.advice': 'Advice',
  'errors.fields': 'Its error body has the fields {fields}.',
  'errors.statuses': 'Which statuses each operation answers is in the {link}.',
  'errors.none': 'This description lists no error codes.',

  'testing.th.kind': 'Kind',
  'testing.th.effect': 'What it does',
};
