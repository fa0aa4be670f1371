// Git smart HTTP: `git http-backend` run as a CGI program behind a Node request handler, with
// token authentication the way GitHub does it (Basic auth whose password is the token, sent
// either by a credential in the URL or by actions/checkout's `http.<url>.extraheader`).
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type GitAccess = 'read' | 'write';
export type GitAuthDecision =
  | { ok: true; login: string; /** Whether this token may push workflow files (see WORKFLOW_HOOK). */ workflows?: boolean }
  | { ok: false; status: 401 | 403 | 404; message: string };

/** Tells the repository's pre-receive hook whether the pushing token may change workflow files. */
export const WORKFLOWS_VARIABLE = 'EMULATOR_WORKFLOWS';

/**
 * GitHub's refusal of a push that creates or updates a file under `.github/workflows/` with a token that lacks
 * the `workflows` permission, as a pre-receive hook: git's client then shows GitHub's words on a `remote:`
 * line and the ref as `[remote rejected]`. Every new commit of every pushed ref is looked at.
 */
export const WORKFLOW_HOOK = `#!/bin/sh
[ "$${WORKFLOWS_VARIABLE}" = refused ] || exit 0
zero=0000000000000000000000000000000000000000
while read -r old new ref; do
  [ "$new" = "$zero" ] && continue
  if [ "$old" = "$zero" ]; then commits=$(git rev-list "$new" --not --all); else commits=$(git rev-list "$old..$new"); fi
  for commit in $commits; do
    file=$(git diff-tree --no-commit-id --name-only -r --root "$commit" -- .github/workflows | head -n 1)
    if [ -n "$file" ]; then
      echo "refusing to allow a GitHub App to create or update workflow \\\`$file\\\` without \\\`workflows\\\` permission" >&2
      exit 1
    fi
  done
done
exit 0
`;

export interface GitBackendOptions {
  /** Directory holding `<owner>/<name>.git` bare repositories. */
  projectRoot: string;
  /** Base environment for the CGI program (isolated HOME, PATH, no system config). */
  env: Record<string, string>;
  authorize: (token: string | null, owner: string, name: string, access: GitAccess) => GitAuthDecision;
  exists: (owner: string, name: string) => boolean;
}

export interface GitRequestTarget {
  owner: string;
  name: string;
  /** `info/refs`, `git-upload-pack` or `git-receive-pack`. */
  endpoint: string;
}

/** Recognises `/<owner>/<name>[.git]/<smart-http endpoint>`; null for anything else. */
export function parseGitPath(pathname: string): GitRequestTarget | null {
  const match = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/.exec(pathname);
  if (!match) return null;
  return { owner: decodeURIComponent(match[1] as string), name: decodeURIComponent(match[2] as string), endpoint: match[3] as string };
}

/** The token from `Authorization: Basic base64(user:token)` (any user name, as on GitHub) or `Bearer|token <t>`. */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return decoded || null;
    // A token in the user-name position (`https://<token>@host`) works on GitHub too.
    return decoded.slice(colon + 1) || decoded.slice(0, colon) || null;
  }
  if (/^(bearer|token)$/i.test(scheme)) return value;
  return null;
}

/** Serves one smart-HTTP request; returns the authenticated login, or null when refused. */
export async function serveGit(options: GitBackendOptions, target: GitRequestTarget, req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const url = new URL(req.url ?? '/', 'http://git.invalid');
  const service = target.endpoint === 'info/refs' ? url.searchParams.get('service') : target.endpoint;
  const access: GitAccess = service === 'git-receive-pack' ? 'write' : 'read';
  if (!options.exists(target.owner, target.name)) {
    req.resume();
    reply(res, 404, 'Repository not found.\n');
    return null;
  }
  const decision = options.authorize(tokenFromAuthorization(req.headers.authorization), target.owner, target.name, access);
  if (!decision.ok) {
    req.resume();
    const headers: Record<string, string> = decision.status === 401 ? { 'www-authenticate': 'Basic realm="GitHub"' } : {};
    reply(res, decision.status, `${decision.message}\n`, headers);
    return null;
  }

  const env: Record<string, string> = {
    ...options.env,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${target.owner}/${target.name}.git/${target.endpoint}`,
    REQUEST_METHOD: req.method ?? 'GET',
    QUERY_STRING: url.search.slice(1),
    REMOTE_USER: decision.login,
    [WORKFLOWS_VARIABLE]: decision.workflows === false ? 'refused' : 'allowed',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  if (req.headers['content-type']) env.CONTENT_TYPE = req.headers['content-type'];
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;

  // Spawned directly (not through the process funnel): the CGI program streams both ways.
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });

  await new Promise<void>((resolve) => {
    let head = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const split = findHeaderEnd(head);
      if (!split) return;
      const { status, headers } = parseCgiHeaders(head.subarray(0, split.index).toString('latin1'));
      res.writeHead(status, headers);
      headersSent = true;
      const rest = head.subarray(split.index + split.length);
      if (rest.length) res.write(rest);
    });
    child.on('error', (error) => {
      if (!headersSent) reply(res, 500, `git http-backend failed: ${error.message}\n`);
      resolve();
    });
    child.on('close', (code) => {
      if (!headersSent) reply(res, 500, `git http-backend exited ${code}: ${stderr}\n`);
      else res.end();
      resolve();
    });
  });
  return decision.login;
}

function findHeaderEnd(buffer: Buffer): { index: number; length: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return null;
}

/** CGI response headers; `Status: 404 Not Found` sets the HTTP status (200 when absent). */
export function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  return { status, headers };
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}
