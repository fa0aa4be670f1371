// A ready-made world for tests: an organisation's repository with a maintainer, a second
// reviewer identity, a triager, a reader and an outsider, each with a token; and an Octokit
// client configured like the action's (retry + throttling) for driving the emulator.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { FileChanges } from '../git-remote.js';
import type { GitHubEmulator } from './emulator.js';
import type { Repo } from './model.js';

export interface SeededProject {
  repo: Repo;
  owner: string;
  name: string;
  /** `owner/name`. */
  fullName: string;
  logins: { maintainer: string; reviewer: string; triager: string; reader: string; outsider: string };
  /** Tokens by role; `workflow` is the GITHUB_TOKEN (github-actions[bot], an installation token). */
  tokens: { workflow: string; maintainer: string; reviewer: string; triager: string; reader: string; outsider: string };
}

export interface SeedOptions {
  owner?: string;
  name?: string;
  files?: FileChanges;
  /** "Allow GitHub Actions to create and approve pull requests" (default true here, off on GitHub). */
  allowActionsToCreatePullRequests?: boolean;
  allowAutoMerge?: boolean;
  requiredChecks?: string[];
  private?: boolean;
}

export const DEFAULT_FILES: FileChanges = {
  'README.md': '# widgets\n\nA small project.\n',
  'src/widget.ts': Array.from({ length: 20 }, (_, i) => `export const w${i + 1} = ${i + 1};`).join('\n') + '\n',
  'package.json': '{\n  "name": "widgets",\n  "private": true,\n  "scripts": { "test": "node -e \\"process.exit(0)\\"" }\n}\n',
};

/** Adds the people (once per emulator) and one repository; returns names and tokens. */
export async function seedProject(gh: GitHubEmulator, options: SeedOptions = {}): Promise<SeededProject> {
  const owner = options.owner ?? 'octo-org';
  const name = options.name ?? 'widgets';
  const logins = { maintainer: 'mona', reviewer: 'hubot-reviewer', triager: 'tri', reader: 'rita', outsider: 'eve' };
  const tokens = {
    workflow: gh.workflowToken,
    maintainer: 'ghp_maintainerToken000000000000000000000',
    reviewer: 'ghp_reviewerToken0000000000000000000000',
    triager: 'ghp_triagerToken00000000000000000000000',
    reader: 'ghp_readerToken000000000000000000000000',
    outsider: 'ghp_outsiderToken0000000000000000000000',
  };
  if (!gh.state.account(owner)) gh.state.addAccount({ login: owner, type: 'Organization' });
  for (const role of Object.keys(logins) as (keyof typeof logins)[]) {
    if (gh.state.account(logins[role])) continue;
    gh.state.addAccount({ login: logins[role], name: role === 'maintainer' ? 'Mona Maintainer' : null, email: `${logins[role]}@example.com` });
    gh.state.addToken(tokens[role], { login: logins[role], kind: 'user' });
  }
  const repo = await gh.createRepo({
    owner,
    name,
    private: options.private ?? true,
    files: options.files ?? DEFAULT_FILES,
    allowActionsToCreatePullRequests: options.allowActionsToCreatePullRequests ?? true,
    allowAutoMerge: options.allowAutoMerge ?? false,
    requiredChecks: options.requiredChecks ?? [],
    collaborators: { [logins.maintainer]: 'admin', [logins.reviewer]: 'write', [logins.triager]: 'triage', [logins.reader]: 'read' },
  });
  return { repo, owner, name, fullName: `${owner}/${name}`, logins, tokens };
}

const ThrottledOctokit = Octokit.plugin(retry, throttling);
export type TestOctokit = InstanceType<typeof ThrottledOctokit>;

/**
 * An Octokit like the action's: retry + throttling plugins, `baseUrl` = the emulator.
 * `fast` shrinks the retry back-off (the throttling plugin still honours `retry-after`).
 */
export function octokitFor(gh: Pick<GitHubEmulator, 'url'>, token: string, options: { fast?: boolean } = {}): TestOctokit {
  return new ThrottledOctokit({
    auth: token,
    baseUrl: gh.url,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: options.fast ? { retryAfterBaseValue: 10 } : {},
    throttle: {
      onRateLimit: (_after, _options, _octokit, retryCount) => retryCount < 2,
      onSecondaryRateLimit: (_after, _options, _octokit, retryCount) => retryCount < 2,
    },
  });
}

/** A plain Octokit without throttling (writes are not spaced one second apart). */
export function plainOctokitFor(gh: Pick<GitHubEmulator, 'url'>, token: string): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.url, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
}
