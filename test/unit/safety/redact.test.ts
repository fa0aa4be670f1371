import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../../src/safety/redact.js';

const none = createRedactor([]);
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('configured secrets', () => {
  const secret = 'S3cr3t/Val+ue=42';
  const redact = createRedactor([secret]);

  it('replaces the value wherever it appears, every time', () => {
    expect(redact(`a ${secret} b ${secret}${secret}`)).toBe('a *** b ***');
  });

  it('replaces its URL-encoded forms, upper and lower case escapes', () => {
    const encoded = encodeURIComponent(secret);
    expect(encoded).not.toBe(secret);
    const lowerEscapes = encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    expect(redact(`?key=${encoded}&x=${lowerEscapes}`)).toBe('?key=***&x=***');
  });

  it('replaces its JSON-escaped form', () => {
    const quoted = createRedactor(['pa"ss\\word']);
    expect(quoted(JSON.stringify({ password: 'pa"ss\\word' }))).toBe('{"password":"***"}');
  });

  it('replaces its base64 form, standard and URL-safe', () => {
    const value = 'tok>>en??value~~';
    const encoded = b64(value);
    expect(encoded).toMatch(/[+/]/);
    const urlSafe = encoded.replace(/\+/g, '-').replace(/\//g, '_');
    const out = createRedactor([value])(`std ${encoded} url ${urlSafe}`);
    expect(out).not.toContain(encoded.slice(0, -2));
    expect(out).not.toContain(urlSafe.slice(0, -2));
  });

  it.each([0, 1, 2])('replaces even a 6-character secret inside base64 text at byte offset %i', (offset) => {
    const out = createRedactor(['Zq9!xK'])(b64(`${'p'.repeat(offset)}Zq9!xK tail`));
    expect(out).toContain(REDACTED);
  });

  it.each([0, 1, 2])('replaces it inside longer base64 text at byte offset %i', (offset) => {
    const value = 'a-secret-token-value';
    const encoded = b64(`${'p'.repeat(offset + 3)}${value}suffix`);
    const out = createRedactor([value])(encoded);
    expect(out).toContain(REDACTED);
    expect(Buffer.from(out.replace(REDACTED, ''), 'base64').toString('latin1')).not.toContain('secret-token');
  });

  it('replaces x-access-token basic auth built from the token, whatever the header is called', () => {
    const token = 'configured-token-0123456789';
    const credentials = b64(`x-access-token:${token}`);
    const out = createRedactor([token])(`X-Custom: ${credentials}`);
    expect(out).toMatch(/^X-Custom: \S*\*\*\*\S*$/);
    expect(Buffer.from(out.slice('X-Custom: '.length).replace(REDACTED, ''), 'base64').toString('latin1')).not.toContain('0123456789');
  });

  it('replaces each line of a multi-line secret and the trimmed value', () => {
    const pem = '-----BEGIN KEY-----\nMIIEabcdefghij\nklmnopqrstuv\n-----END KEY-----\n';
    const redact2 = createRedactor([pem]);
    expect(redact2('line MIIEabcdefghij and klmnopqrstuv')).toBe('line *** and ***');
    expect(redact2(`x${pem.trim()}y`)).toBe('x***y');
  });

  it('merges overlapping secrets into one replacement', () => {
    const redact2 = createRedactor(['abcdef123', 'def123xyz']);
    expect(redact2('[abcdef123xyz]')).toBe('[***]');
    expect(redact2('abcdef123 def123xyz')).toBe('*** ***');
  });

  it('ignores secrets shorter than 6 characters (they would mask ordinary words)', () => {
    const redact2 = createRedactor(['12345', 'abc', '', '   ']);
    expect(redact2('build 12345 abc')).toBe('build 12345 abc');
  });

  it('treats regular-expression characters in secrets literally', () => {
    expect(createRedactor(['a.b*c+d?(e)'])('x a.b*c+d?(e) aXbbcd')).toBe('x *** aXbbcd');
  });
});

describe('token shapes, redacted without configuration', () => {
  const ghToken = (prefix: string): string => `${prefix}_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}`;

  it.each(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])('GitHub %s_ tokens', (prefix) => {
    expect(none(`token=${ghToken(prefix)}.`)).toBe('token=***.');
  });

  it('GitHub fine-grained tokens', () => {
    expect(none(`github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV end`)).toBe('*** end');
  });

  it.each([
    ['OpenAI legacy', 'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['OpenAI project', 'sk-proj-Abc_def-GHIjklMNOpqrSTUvwxYZ0123456789'],
    ['OpenAI service account', 'sk-svcacct-abcdefghijklmnopqrstuvwxyz012'],
    ['OpenAI session', 'sess-abcdefghijklmnopqrstuvwxyz0123'],
    ['Anthropic', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz_0123456789-ABCDEFGH'],
  ])('%s keys', (_name, key) => {
    expect(none(`OPENAI_API_KEY=${key}\n`)).toBe('OPENAI_API_KEY=***\n');
    expect(none(`"${key}"`)).toBe('"***"');
  });

  it('JWTs, including unsigned ones', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vciJ9.c2lnbmF0dXJlLXZhbHVl';
    expect(none(`id_token: ${jwt}`)).toBe('id_token: ***');
    expect(none('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. rest')).toBe('*** rest');
  });

  it('Authorization headers keep their name and scheme', () => {
    expect(none('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer ***');
    expect(none('authorization: token 0123456789abcdef')).toBe('authorization: token ***');
    expect(none('curl -H "Authorization: Basic dXNlcjpwYXNz" x')).toBe('curl -H "Authorization: Basic ***" x');
  });

  it('git extraheaders as actions/checkout persists them', () => {
    const line = 'http.https://github.com/.extraheader AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3Rlc3Q=';
    expect(none(line)).toBe('http.https://github.com/.extraheader AUTHORIZATION: basic ***');
  });

  it('bare bearer tokens and credentials in URLs', () => {
    expect(none('sent bearer 0123456789abcdefXYZ== ok')).toBe('sent bearer *** ok');
    expect(none('remote https://x-access-token:s3cretvalue@github.com/o/r.git')).toBe('remote https://***@github.com/o/r.git');
  });

  it('leaves look-alikes that are not credentials', () => {
    const text = 'task-abcdefghijklmnopqrstuvwxyz disk-usage ghp_short sk-short eyJshort https://github.com/o/r Bearer x';
    expect(none(text)).toBe(text);
  });
});

describe('redactor behaviour', () => {
  it.each([
    ['spaces after a header name', `Authorization:${' '.repeat(1_000_000)}`],
    ['spaces after bearer', `bearer${' '.repeat(1_000_000)}x`],
    ['a long run of letters before ://', `${'a'.repeat(1_000_000)}://u:p@h`],
  ])('stays linear on %s', (_name, text) => {
    // Quadratic here meant minutes; the timeout, not a timing assertion, catches a regression.
    expect(typeof none(text)).toBe('string');
  }, 20_000);

  const redact = createRedactor(['configured-secret-value']);

  it('is idempotent', () => {
    const text = 'a configured-secret-value Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789 https://u:p4ssword@h';
    const once = redact(text);
    expect(once).toBe('a *** Authorization: Bearer *** https://***@h');
    expect(redact(once)).toBe(once);
  });

  it('returns text without secrets unchanged', () => {
    expect(redact('nothing to see')).toBe('nothing to see');
    expect(redact('')).toBe('');
  });
});
