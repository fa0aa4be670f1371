// What a run changed on the emulated GitHub: REST writes, GraphQL mutations and git pushes. Tests of
// ignored or refused triggers assert this list is empty; reads (the bot identity, a permission check)
// are allowed.
import type { GitHubEmulator } from './github/emulator.js';

export interface WriteWatch {
  /** Writes since the watch began or was last reset, as `METHOD path` lines. */
  writes(): string[];
  /** Forgets what was seen so far. */
  reset(): void;
  stop(): void;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The first field a GraphQL request body asks for (`viewer`, `updateIssueComment`, ...), or null. */
export function graphqlField(body: unknown): string | null {
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? (/\{\s*(\w+)/.exec(query)?.[1] ?? null) : null;
}

export function watchWrites(gh: Pick<GitHubEmulator, 'requests' | 'on'>): WriteWatch {
  let fromSeq = lastSeq(gh);
  let mutations: string[] = [];
  const disarm = gh.on({
    route: '/graphql',
    run: (event) => {
      const query = (event.body as { query?: unknown } | undefined)?.query;
      // A GraphQL document that starts with `mutation` writes; anything else is a query.
      if (typeof query === 'string' && /^\s*mutation\b/.test(query)) mutations.push(`POST /graphql ${query.trim().slice(0, 80)}`);
    },
  });
  return {
    writes() {
      const rest = gh.requests().filter((r) => r.seq > fromSeq).filter((r) =>
        (r.kind === 'rest' && !READ_METHODS.has(r.method)) || (r.kind === 'git' && r.path.endsWith('/git-receive-pack')));
      return [...rest.map((r) => `${r.method} ${r.path}`), ...mutations];
    },
    reset() {
      fromSeq = lastSeq(gh);
      mutations = [];
    },
    stop: disarm,
  };
}

function lastSeq(gh: Pick<GitHubEmulator, 'requests'>): number {
  return gh.requests().at(-1)?.seq ?? 0;
}
