// Codex through the key proxy: its provider's base URL becomes the proxy's and its key variable the
// placeholder's, while everything else a gateway sets is kept, and the real base URL is where the proxy
// forwards.
import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { codexThroughProxy, codexUpstream, inlineTable } from '../../../src/agents/codex-provider.js';

const PROXY = 'http://127.0.0.1:4567/openai';

describe('codexThroughProxy', () => {
  it('defines a provider of its own for OpenAI when the user names none', () => {
    const out = codexThroughProxy(['model_reasoning_summary="none"'], PROXY);
    expect(out.upstream).toBe('https://api.openai.com/v1');
    expect(out.overrides).toContain('model_reasoning_summary="none"');
    expect(out.overrides).toContain('model_provider="codex-cto"');
    const table = parse(`v = ${out.overrides.at(-1)!.split('=').slice(1).join('=')}`).v as Record<string, string>;
    expect(table).toEqual({ name: 'codex-cto', base_url: PROXY, wire_api: 'responses', env_key: 'CODEX_API_KEY' });
  });

  it("rewrites a gateway's inline table: base URL and key variable, keeping its other settings", () => {
    const out = codexThroughProxy(
      ['model_provider="gw"', 'model_providers.gw={name="gw", base_url="https://gw.example/v1", wire_api="responses", env_key="OPENAI_API_KEY", request_max_retries=0, query_params={api-version="2025-01"}}'],
      PROXY,
    );
    expect(out.upstream).toBe('https://gw.example/v1');
    const value = out.overrides[1]!.slice('model_providers.gw='.length);
    expect(parse(`v = ${value}`).v).toEqual({
      name: 'gw', base_url: PROXY, wire_api: 'responses', env_key: 'CODEX_API_KEY', request_max_retries: 0, query_params: { 'api-version': '2025-01' },
    });
  });

  it('rewrites a gateway given as dotted keys, adding the key variable', () => {
    const out = codexThroughProxy(['model_provider="gw"', 'model_providers.gw.name="gw"', 'model_providers.gw.base_url="http://10.0.0.1:8080/v1"'], PROXY);
    expect(out.upstream).toBe('http://10.0.0.1:8080/v1');
    expect(out.overrides).toContain(`model_providers.gw.base_url="${PROXY}"`);
    expect(out.overrides).toContain('model_providers.gw.env_key="CODEX_API_KEY"');
  });

  it('refuses a named provider without a base URL, or with one that is not http(s)', () => {
    expect(() => codexThroughProxy(['model_provider="gw"'], PROXY)).toThrow(/has no base_url/);
    expect(() => codexThroughProxy(['model_provider="gw"', 'model_providers.gw={base_url="file:///etc"}'], PROXY)).toThrow(/not an http\(s\) URL/);
  });

  it('knows the upstream without the proxy', () => {
    expect(codexUpstream([])).toBe('https://api.openai.com/v1');
  });
});

describe('inlineTable', () => {
  it('writes TOML that reads back the same', () => {
    const table = { a: 'x"y\\z', b: 2, c: true, d: ['p', 'q'], 'e f': { g: 'h' } };
    expect(parse(`v = ${inlineTable(table)}`).v).toEqual(table);
  });
});
