// The local CLI's way to the models: the same loopback key proxy as the action, so the agents (and every
// transcript, session file and tool output they leave) hold a placeholder, never the user's key. A CLI
// logged in without a key (`codex login`, a Claude Code login) keeps its own credentials and talks to its
// vendor directly: there is no key to keep from it.
import { codexThroughProxy, codexUpstream } from '../agents/codex-provider.js';
import { startKeyProxy, type KeyProxy } from '../safety/key-proxy.js';
import { claudeEnvFrom, codexEnvFrom } from './agent-clis.js';

export interface ModelAccess {
  codexEnv: Record<string, string>;
  /** The Codex config overrides to run with (the provider pointed at the proxy when a key is proxied). */
  codexOverrides: string[];
  claudeEnv: Record<string, string>;
  close(): Promise<void>;
}

const ANTHROPIC_API_BASE = 'https://api.anthropic.com';
const KEYS = ['OPENAI_API_KEY', 'CODEX_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

export async function openModelAccess(env: Record<string, string | undefined>, codexConfig: readonly string[]): Promise<ModelAccess> {
  const openaiKey = env.CODEX_API_KEY || env.OPENAI_API_KEY || null;
  const anthropicKey = env.ANTHROPIC_API_KEY || null;
  if (!openaiKey && !anthropicKey) {
    return { codexEnv: codexEnvFrom(env), codexOverrides: [...codexConfig], claudeEnv: claudeEnvFrom(env), close: async () => undefined };
  }
  const proxy: KeyProxy = await startKeyProxy({
    upstreams: {
      ...(openaiKey ? { openai: { baseUrl: codexUpstream(codexConfig), key: openaiKey } } : {}),
      ...(anthropicKey ? { anthropic: { baseUrl: env.ANTHROPIC_BASE_URL || ANTHROPIC_API_BASE, key: anthropicKey } } : {}),
    },
    proxyEnv: env,
  });
  const withoutKeys = Object.fromEntries(Object.entries(env).filter(([name]) => !KEYS.includes(name)));
  const codexEnv = openaiKey
    ? codexEnvFrom({ ...withoutKeys, OPENAI_API_KEY: proxy.placeholder('openai'), CODEX_API_KEY: proxy.placeholder('openai') })
    : codexEnvFrom(env);
  const claudeEnv = anthropicKey
    ? claudeEnvFrom({ ...withoutKeys, ANTHROPIC_API_KEY: proxy.placeholder('anthropic'), ANTHROPIC_BASE_URL: proxy.baseUrl('anthropic') })
    : claudeEnvFrom(env);
  return {
    codexEnv,
    codexOverrides: openaiKey ? codexThroughProxy(codexConfig, proxy.baseUrl('openai')).overrides : [...codexConfig],
    claudeEnv,
    close: () => proxy.close(),
  };
}
