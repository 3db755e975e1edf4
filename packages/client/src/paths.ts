// Path parameters stay in their own segment: a value that URL normalisation would turn into
// another path ('.', '..', '', a missing value) is refused before anything is sent, and every
// other value is percent-encoded whole (so '/', '?', '#' and '%' cannot leave the segment either).

const PARAM = /\{([^{}]+)\}/g;

/** Why a value cannot be a path segment, if it cannot. */
function refusal(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'is missing';
  if (typeof value !== 'string' && typeof value !== 'number') return 'must be a string';
  const text = String(value);
  if (text === '' || text === '.' || text === '..') return 'must not be empty, "." or ".." (it would address another endpoint)';
  return undefined;
}

/** Fills `{name}` in `template` from `params`, `project_id` from the client. */
export function pathSerializer(projectId: string) {
  return (template: string, params: Record<string, unknown> = {}): string =>
    template.replace(PARAM, (_, name: string) => {
      const value = name === 'project_id' ? projectId : params[name];
      const why = refusal(value);
      if (why) throw new TypeError(`path parameter \`${name}\` ${why}`);
      return encodeURIComponent(String(value));
    });
}

/** Checks a value the client puts in every path (the project ID) once, up front. */
export function checkSegment(factory: string, option: string, value: unknown): void {
  const why = refusal(value);
  if (why) throw new TypeError(`${factory}: \`${option}\` ${why}`);
}
