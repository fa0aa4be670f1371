// startGitHubEmulator: one HTTP server on 127.0.0.1 serving GitHub's REST API under /api/v3,
// GraphQL at /api/graphql (the GitHub Enterprise layout, which Octokit understands) and the git
// remote at /<owner>/<repo>.git, all backed by one in-memory world.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitRemote, type FileChanges } from '../git-remote.js';
import { FaultPlan, type FaultSpec, type HookSpec } from './faults.js';
import type { GitAuthDecision } from './git-backend.js';
import type { Issue, Permission, Repo } from './model.js';
import { OpenApiValidator } from './openapi-validator.js';
import { RateLimiter, type RateLimitPolicy } from './rate-limits.js';
import { ACTIONS_BOT } from './rules.js';
import { checkRoutes } from './routes-checks.js';
import { gitRoutes } from './routes-git.js';
import { gitCommitRoutes } from './routes-git-commits.js';
import { workflowRunRoutes } from './workflow-runs.js';
import { contentRoutes } from './routes-contents.js';
import type { RouteTable } from './http.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { repoRoutes } from './routes-repos.js';
import { reviewCommentRoutes } from './routes-review-comments.js';
import { API_PREFIX, createPipeline, GRAPHQL_PATH, type RequestRecord, type Violation } from './server.js';
import { World, type RepoSeed } from './state.js';

export interface EmulatorOptions {
  /** The GITHUB_TOKEN a workflow gets: an installation token of `github-actions[bot]`. */
  workflowToken?: string;
  /** What the workflow's `permissions:` grant that token on every repository (default `write`). */
  workflowPermission?: Permission;
  /** GitHub's rate limits: counted and reported in headers always, enforced when `enforce` is set. */
  rateLimits?: RateLimitPolicy;
  /** Operations served besides the built-in ones (e.g. the Actions artifact routes over the runner services). */
  routes?: RouteTable;
}

export interface PullRequestSeed {
  /** `owner/name`. */
  repo: string;
  title: string;
  body?: string | null;
  author: string;
  head: string;
  /** Defaults to the repository's default branch. */
  base?: string;
  draft?: boolean;
}

export interface RequestFilter {
  kind?: RequestRecord['kind'];
  method?: string;
  route?: string;
  injected?: boolean;
  /** Only requests the rate limits refused (`primary`, `secondary`). */
  limited?: 'primary' | 'secondary';
}

export interface GitHubEmulator {
  /** REST base URL: what the runner puts in GITHUB_API_URL and Octokit takes as `baseUrl`. */
  url: string;
  /** Web origin (GITHUB_SERVER_URL): html_urls and git remotes are built from it. */
  serverUrl: string;
  /** GITHUB_GRAPHQL_URL. */
  graphqlUrl: string;
  workflowToken: string;
  state: World;
  git: GitRemote;
  /** Adds the repository to the world and creates its bare repository with one commit of `files`. */
  createRepo(seed: RepoSeed & { files?: FileChanges; message?: string }): Promise<Repo>;
  /** Seeds an open pull request between two branches that already exist on the remote. */
  openPullRequest(seed: PullRequestSeed): Promise<Issue>;
  /** Rate limits as github.com applies them; `rateLimits.configure({ enforce: true, ... })` switches them on per test. */
  rateLimits: RateLimiter;
  inject(fault: FaultSpec): void;
  /** Pending (not yet consumed) injected faults. */
  pendingFaults(): FaultSpec[];
  /** Runs `hook.run` around matching requests; returns a function that disarms it. */
  on(hook: HookSpec): () => void;
  violations(): Violation[];
  requests(filter?: RequestFilter): RequestRecord[];
  /** Forgets logged requests and violations (e.g. after seeding through the API). */
  resetLog(): void;
  close(): Promise<void>;
}

export const DEFAULT_WORKFLOW_TOKEN = 'ghs_emulatedWorkflowToken0000000000000';

export async function startGitHubEmulator(options: EmulatorOptions = {}): Promise<GitHubEmulator> {
  const world = new World();
  // GitHub's real ids for the Actions bot and app owner, so payloads look familiar.
  world.addAccount({ login: 'github', type: 'Organization', id: 9919 });
  world.addAccount({ login: ACTIONS_BOT, type: 'Bot', id: 41898282 });
  const workflowToken = options.workflowToken ?? DEFAULT_WORKFLOW_TOKEN;
  world.addToken(workflowToken, { login: ACTIONS_BOT, kind: 'installation', permission: options.workflowPermission ?? 'write' });

  const git = await GitRemote.create({ authorize: (token, owner, name, access) => authorizeGit(world, token, owner, name, access) });
  const violations: Violation[] = [];
  const log: RequestRecord[] = [];
  const faults = new FaultPlan();
  const limiter = new RateLimiter(options.rateLimits);
  let origin = '';
  const handle = createPipeline({
    world,
    git,
    urls: () => ({ api: `${origin}${API_PREFIX}`, web: origin }),
    validator: new OpenApiValidator(),
    routes: { ...repoRoutes, ...issueRoutes, ...pullRoutes, ...reviewCommentRoutes, ...checkRoutes, ...gitRoutes, ...gitCommitRoutes, ...contentRoutes, ...workflowRunRoutes, ...options.routes },
    faults,
    violations,
    log,
    limiter,
  });
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push({ method: req.method ?? '?', path: req.url ?? '?', problem: `emulator crashed: ${String(error)}` });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Idle keep-alive connections outlive any pause between a client's requests on a loaded machine: a server
  // closing one just as the client reuses it shows up as ECONNRESET in a test that did nothing wrong.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  git.serverUrl = origin;

  return {
    url: `${origin}${API_PREFIX}`,
    serverUrl: origin,
    graphqlUrl: `${origin}${GRAPHQL_PATH}`,
    workflowToken,
    state: world,
    git,
    async createRepo(seed) {
      if (!world.account(seed.owner)) world.addAccount({ login: seed.owner });
      const repo = world.addRepo(seed);
      await git.createRepo(seed.owner, seed.name, {
        files: seed.files ?? { 'README.md': `# ${seed.name}\n` },
        defaultBranch: repo.defaultBranch,
        message: seed.message,
      });
      return repo;
    },
    async openPullRequest(seed) {
      const repo = world.requireRepo(seed.repo);
      const base = seed.base ?? repo.defaultBranch;
      const headSha = await git.resolveBranch(repo.owner, repo.name, seed.head);
      const baseSha = await git.resolveBranch(repo.owner, repo.name, base);
      if (!headSha || !baseSha) throw new Error(`branches ${seed.head} and ${base} must exist on the remote`);
      return world.addPull(repo, { ...seed, base, headSha, baseSha });
    },
    rateLimits: limiter,
    inject: (fault) => faults.inject(fault),
    pendingFaults: () => faults.pending(),
    on: (hook) => faults.on(hook),
    violations: () => [...violations],
    requests: (filter = {}) => log.filter((r) =>
      (!filter.kind || r.kind === filter.kind)
      && (!filter.method || r.method === filter.method.toUpperCase())
      && (!filter.route || r.route === filter.route)
      && (filter.injected === undefined || r.injected === filter.injected)
      && (!filter.limited || r.limited === filter.limited)),
    resetLog() {
      violations.length = 0;
      log.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await git.close();
    },
  };
}

/** Git over HTTP: a known token with read (fetch) or write (push) permission on the repository. */
function authorizeGit(world: World, token: string | null, owner: string, name: string, access: 'read' | 'write'): GitAuthDecision {
  const grant = token ? world.tokens.get(token) : undefined;
  if (!grant) return { ok: false, status: 401, message: 'Invalid username or token. Password authentication is not supported for Git operations.' };
  const repo = world.repo(`${owner}/${name}`);
  if (!repo || !world.hasPermission(repo, grant.login, 'read', grant)) return { ok: false, status: 404, message: 'Repository not found.' };
  if (access === 'write' && !world.hasPermission(repo, grant.login, 'write', grant)) {
    return { ok: false, status: 403, message: `Permission to ${repo.fullName}.git denied to ${grant.login}.` };
  }
  return { ok: true, login: grant.login, workflows: grant.workflows };
}
