// Credentials never leave in an error: every string an error carries (message, the server's
// fields, the body, the request id) goes through the redactor of its client, which knows the
// client's secrets and the signatures of the call. Servers echo what they were sent.

export const REDACTED = '[REDACTED]';

export type Redact = (text: string) => string;

// Shorter values cannot be real credentials (IAM tokens run to kilobytes, secret keys to 40
// characters), and replacing them would garble every message: a mock's token "t" is everywhere.
const MIN_SECRET_LENGTH = 6;

/** A redactor for these secrets, plus any `Signature=<hex>` (an AK/SK signature, ours or not). */
export function redactor(secrets: readonly (string | undefined)[]): Redact {
  // Longest first, so a secret that contains another is removed whole.
  const known = [...new Set(secrets.filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.replace(/Signature=[0-9a-fA-F]{16,}/g, `Signature=${REDACTED}`);
  };
}

/** A copy of a parsed JSON value with every string redacted. */
export function redactDeep(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}
