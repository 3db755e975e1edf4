// Credentials never leave in an error or an event: every string they carry (message, the
// server's fields, the body, the request id, header values) goes through the redactor of its
// call, which knows the client's secrets and those of the call (a provider's token, signatures).
// Servers echo what they were sent, sometimes only in part or encoded: a long-lived secret is
// also found by any run of 12 or more of its characters, in itself, percent-encoded or
// base64-encoded (at each of the three byte alignments, so a fragment encoded on its own is
// found too).

export const REDACTED = '[REDACTED]';

export type Redact = (text: string) => string;

// Shorter values cannot be real credentials (IAM tokens run to kilobytes, secret keys to 40
// characters), and replacing them would garble every message: a mock's token "t" is everywhere.
const MIN_SECRET_LENGTH = 6;
/** The shortest run of a secret's characters that is redacted on its own. */
const FRAGMENT_LENGTH = 12;

const SIGNATURE = /Signature=[0-9a-fA-F]{16,}/g;

/** Where each run of FRAGMENT_LENGTH characters occurs in the forms of one secret. */
interface FragmentIndex {
  forms: string[];
  /** window → [form index, position] pairs, flattened */
  windows: Map<string, number[]>;
}

/**
 * A redactor for `secrets` (whole values only) and `longLived` (also their fragments and
 * encoded forms), plus any `Signature=<hex>` (an AK/SK signature, ours or not).
 */
export function redactor(secrets: readonly (string | undefined)[], longLived: readonly (string | undefined)[] = []): Redact {
  const usable = (list: readonly (string | undefined)[]) => [...new Set(list.filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH))];
  const fragmentable = usable(longLived).filter((s) => s.length >= FRAGMENT_LENGTH);
  // Longest first, so a secret that contains another is removed whole.
  const exact = usable([...secrets, ...longLived]).sort((a, b) => b.length - a.length);
  let indexes: FragmentIndex[] | undefined;
  return (text) => {
    let out = text;
    for (const secret of exact) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    if (fragmentable.length && out.length >= FRAGMENT_LENGTH) {
      indexes ??= fragmentable.map(indexOf);
      out = removeFragments(out, indexes);
    }
    return out.replace(SIGNATURE, `Signature=${REDACTED}`);
  };
}

// Indexes are built once per secret value (a client's token, a provider's current token) and
// kept for the few values in use.
const built = new Map<string, FragmentIndex>();
const KEEP = 8;

function indexOf(secret: string): FragmentIndex {
  const known = built.get(secret);
  if (known) return known;
  const forms = [...new Set([secret, encodeURIComponent(secret), ...base64Forms(secret)])].filter((f) => f.length >= FRAGMENT_LENGTH);
  const windows = new Map<string, number[]>();
  forms.forEach((form, f) => {
    for (let p = 0; p + FRAGMENT_LENGTH <= form.length; p++) {
      const window = form.slice(p, p + FRAGMENT_LENGTH);
      const at = windows.get(window);
      if (at) at.push(f, p);
      else windows.set(window, [f, p]);
    }
  });
  const index = { forms, windows };
  if (built.size >= KEEP) built.delete(built.keys().next().value!);
  built.set(secret, index);
  return index;
}

/** base64 (standard and URL-safe) of the secret's UTF-8 bytes from offsets 0, 1 and 2. */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    let binary = '';
    for (let i = shift; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
    const b64 = btoa(binary).replace(/=+$/, '');
    out.push(b64, b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Replaces every run of FRAGMENT_LENGTH or more characters that one of the indexed forms contains. */
function removeFragments(text: string, indexes: readonly FragmentIndex[]): string {
  let out = '';
  let i = 0;
  let kept = 0;
  while (i + FRAGMENT_LENGTH <= text.length) {
    const window = text.slice(i, i + FRAGMENT_LENGTH);
    let longest = 0;
    for (const { forms, windows } of indexes) {
      const at = windows.get(window);
      if (!at) continue;
      for (let k = 0; k < at.length; k += 2) {
        const form = forms[at[k]!]!;
        const p = at[k + 1]!;
        let n = FRAGMENT_LENGTH;
        while (i + n < text.length && p + n < form.length && text[i + n] === form[p + n]) n++;
        if (n > longest) longest = n;
      }
    }
    if (longest) {
      out += text.slice(kept, i) + REDACTED;
      i += longest;
      kept = i;
    } else i++;
  }
  return kept === 0 ? text : out + text.slice(kept);
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
