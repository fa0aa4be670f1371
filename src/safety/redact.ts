// One redaction step for everything the action posts or logs: the configured secret values in
// every form they are likely to take, and every credential shape we know, become `***`.
//
// Secrets shorter than 6 characters are ignored: as substrings they would mask ordinary words
// and numbers all over a log, and a value that short is not a credential worth the damage.

export const REDACTED = '***';
export const MIN_SECRET_LENGTH = 6;
/**
 * Encoded forms shorter than this are not searched for (too likely to occur by chance). Six
 * still covers a 6-byte secret at every base64 alignment (its shortest core is 7 characters).
 */
const MIN_ENCODED_LENGTH = 6;

/**
 * Credential shapes, matched even when nobody configured the value. Where a pattern has a
 * capture group, only the group is the secret, so `Authorization: Bearer ***` keeps its header
 * name. (Groups rather than lookbehinds: a lookbehind over `[ \t]+` rescans every run of spaces
 * at every position, which is quadratic on a long one.)
 */
const TOKEN_SHAPES: readonly RegExp[] = [
  // GitHub: personal, OAuth, user-to-server, server-to-server (installation) and refresh tokens.
  /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{20,}/g,
  /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{20,}/g,
  // Anthropic (sk-ant-...) and OpenAI (sk-..., sk-proj-..., sk-svcacct-...) keys, OpenAI session keys.
  /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g,
  /(?<![A-Za-z0-9_-])sess-[A-Za-z0-9]{20,}/g,
  // JWTs (GitHub OIDC tokens among them): a base64url JSON header, a payload and a signature.
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  // Authorization headers, also as git's `http.extraheader = AUTHORIZATION: basic ...`.
  /\bauthorization[ \t]*[:=][ \t]*(?:bearer|basic|token)[ \t]+([^\s"'<>,;]+)/dgi,
  /\bbearer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/dgi,
  // Credentials in URLs: https://user:password@host. The lookbehind fails fast: it checks `//` first.
  /(?<=\b[A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#@:]+:[^\s/?#@]+(?=@)/g,
];

/** Returns a function that replaces secrets and credential-shaped strings in text with `***`. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const needles = [...new Set(secrets.flatMap(secretForms))].filter((n) => n.length >= MIN_SECRET_LENGTH);
  // Longest first only matters for readability of the code below; overlaps are merged anyway.
  needles.sort((a, b) => b.length - a.length);
  return (text: string) => redact(text, needles);
}

function redact(text: string, needles: readonly string[]): string {
  const spans: [number, number][] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      spans.push([at, at + needle.length]);
    }
  }
  for (const shape of TOKEN_SHAPES) {
    for (const match of text.matchAll(shape)) {
      const secret = match.indices?.[1];
      spans.push(secret ?? [match.index, match.index + match[0].length]);
    }
  }
  if (spans.length === 0) return text;
  // Overlapping or touching matches (two secrets sharing characters) become one `***`.
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let copied = 0;
  let current: [number, number] | null = null;
  for (const span of spans) {
    if (current && span[0] <= current[1]) {
      current[1] = Math.max(current[1], span[1]);
      continue;
    }
    if (current) {
      out += text.slice(copied, current[0]) + REDACTED;
      copied = current[1];
    }
    current = [span[0], span[1]];
  }
  if (current) {
    out += text.slice(copied, current[0]) + REDACTED;
    copied = current[1];
  }
  return out + text.slice(copied);
}

/**
 * The forms a secret takes in logs and configs: as is, trimmed, each line of a multi-line value,
 * URL-encoded, JSON-escaped, and base64 (standard and URL-safe) at every byte alignment, which
 * covers it inside any longer base64 text such as `x-access-token:<token>` basic auth.
 */
function secretForms(secret: string): string[] {
  const values = new Set([secret, secret.trim(), ...secret.split(/\r?\n/).map((line) => line.trim())]);
  const forms: string[] = [];
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    forms.push(value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1));
    forms.push(encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
    for (const core of base64Cores(value)) {
      if (core.length < MIN_ENCODED_LENGTH) continue;
      forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return forms;
}

/**
 * Base64 of the secret preceded by 0, 1 or 2 other bytes, keeping only the characters that depend
 * on the secret's bytes alone: whatever surrounds it, one of these appears in the encoding.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    const total = shift + bytes.length;
    // The last partial group's final character also carries bits of whatever follows.
    const end = total % 3 === 0 ? encoded.length : encoded.length - 1;
    const start = shift === 0 ? 0 : shift === 1 ? 2 : 3;
    if (end > start) cores.push(encoded.slice(start, end));
  }
  return cores;
}
