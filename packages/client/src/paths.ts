// Path parameters stay in their own segment: a value that URL normalisation would turn into
// another path ('.', '..', '', a missing value) is refused before anything is sent, and every
// other value is percent-encoded whole (so '/', '?', '#' and '%' cannot leave the segment either).

const PARAM = /\{([^{}]+)\}/g;

/** Fills `{name}` in `template` from `params`, `project_id` from the client. */
export function pathSerializer(projectId: string) {
  return (template: string, params: Record<string, unknown> = {}): string =>
    template.replace(PARAM, (_, name: string) => segment(name, name === 'project_id' ? projectId : params[name]));
}

function segment(name: string, value: unknown): string {
  if (value === undefined || value === null) throw new TypeError(`path parameter \`${name}\` is missing`);
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`path parameter \`${name}\` must be a string`);
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    throw new TypeError(`path parameter \`${name}\` must not be empty, "." or ".." (it would address another endpoint)`);
  }
  return encodeURIComponent(text);
}

/** Checks a value the client puts in every path (the project ID) once, up front. */
export function checkSegment(option: string, value: unknown): void {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw new TypeError(`createViasClient: \`${option}\` must be a non-empty string other than "." and ".."`);
  }
}
