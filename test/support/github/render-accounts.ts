// REST representations of accounts, repositories and labels, built from the emulator's state.
// Every field the official schemas require is present; URLs are built from the emulator's own
// API and web origins so links point back at it.
import type { Account, Label, Permission, Repo } from './model.js';
import { nodeId, PERMISSION_RANK } from './model.js';

/** The emulator's two origins: REST API base (`GITHUB_API_URL`) and web (`GITHUB_SERVER_URL`). */
export interface Urls {
  api: string;
  web: string;
}

export type Json = Record<string, unknown>;

export function renderUser(account: Account, urls: Urls): Json {
  const login = encodeURIComponent(account.login);
  const api = `${urls.api}/users/${login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: `${urls.web}/avatars/u/${account.id}`,
    gravatar_id: '',
    url: api,
    html_url: account.type === 'Bot' ? `${urls.web}/apps/${login.replace(/%5Bbot%5D$/, '')}` : `${urls.web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    site_admin: false,
    user_view_type: 'public',
  };
}

/** `GET /user` for a user token: the private view of the authenticated user. */
export function renderAuthenticatedUser(account: Account, urls: Urls): Json {
  return {
    ...renderUser(account, urls),
    user_view_type: 'private',
    name: account.name,
    company: null,
    blog: '',
    location: null,
    email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: account.email,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: account.createdAt,
    updated_at: account.createdAt,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** The GitHub App behind an installation token (GitHub Actions for the workflow token). */
export function renderApp(bot: Account, urls: Urls, appOwner: Account): Json {
  const slug = bot.login.replace(/\[bot\]$/, '');
  return {
    id: bot.id,
    slug,
    node_id: nodeId('App', bot.id),
    owner: renderUser(appOwner, urls),
    name: slug === 'github-actions' ? 'GitHub Actions' : slug,
    description: null,
    external_url: `${urls.web}/apps/${slug}`,
    html_url: `${urls.web}/apps/${slug}`,
    created_at: bot.createdAt,
    updated_at: bot.createdAt,
    permissions: { checks: 'write', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write' },
    events: [],
  };
}

const REPO_URLS: [string, string][] = [
  ['archive_url', '/{archive_format}{/ref}'], ['assignees_url', '/assignees{/user}'],
  ['blobs_url', '/git/blobs{/sha}'], ['branches_url', '/branches{/branch}'],
  ['collaborators_url', '/collaborators{/collaborator}'], ['comments_url', '/comments{/number}'],
  ['commits_url', '/commits{/sha}'], ['compare_url', '/compare/{base}...{head}'],
  ['contents_url', '/contents/{+path}'], ['contributors_url', '/contributors'],
  ['deployments_url', '/deployments'], ['downloads_url', '/downloads'], ['events_url', '/events'],
  ['forks_url', '/forks'], ['git_commits_url', '/git/commits{/sha}'], ['git_refs_url', '/git/refs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'], ['hooks_url', '/hooks'], ['issue_comment_url', '/issues/comments{/number}'],
  ['issue_events_url', '/issues/events{/number}'], ['issues_url', '/issues{/number}'], ['keys_url', '/keys{/key_id}'],
  ['labels_url', '/labels{/name}'], ['languages_url', '/languages'], ['merges_url', '/merges'],
  ['milestones_url', '/milestones{/number}'], ['notifications_url', '/notifications{?since,all,participating}'],
  ['pulls_url', '/pulls{/number}'], ['releases_url', '/releases{/id}'], ['stargazers_url', '/stargazers'],
  ['statuses_url', '/statuses/{sha}'], ['subscribers_url', '/subscribers'], ['subscription_url', '/subscription'],
  ['tags_url', '/tags'], ['teams_url', '/teams'], ['trees_url', '/git/trees{/sha}'],
];

/**
 * A repository as GitHub returns it; `viewerPermission` adds the caller's `permissions`.
 * Satisfies both `repository` (nested in pulls) and `full-repository` (`GET /repos/{o}/{r}`).
 */
export function renderRepository(repo: Repo, owner: Account, urls: Urls, viewerPermission?: Permission): Json {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const web = `${urls.web}/${repo.fullName}`;
  const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
  const json: Json = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: renderUser(owner, urls),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: web,
    description: repo.description,
    fork: false,
    url: api,
    ...Object.fromEntries(REPO_URLS.map(([name, suffix]) => [name, `${api}${suffix}`])),
    clone_url: `${web}.git`,
    git_url: `${web.replace(/^https?:/, 'git:')}.git`,
    ssh_url: `git@${new URL(urls.web).hostname}:${repo.fullName}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    allow_auto_merge: repo.allowAutoMerge,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: false,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
  if (viewerPermission) json.permissions = permissionFlags(viewerPermission);
  return json;
}

function permissionFlags(permission: Permission): Json {
  const rank = PERMISSION_RANK[permission];
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}

export function renderLabel(repo: Repo, label: Label, urls: Urls): Json {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.isDefault,
  };
}

/** `GET .../collaborators/{username}/permission`: `permission` is the legacy four-level name. */
export function renderPermission(account: Account, permission: Permission, urls: Urls): Json {
  const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
  return {
    permission: legacy,
    role_name: permission,
    user: { ...renderUser(account, urls), permissions: permissionFlags(permission), role_name: permission },
  };
}

/** How GitHub labels an author's relation to the repository in comments, issues and reviews. */
export function authorAssociation(repo: Repo, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
  const permission = repo.collaborators.get(login.toLowerCase());
  if (permission && permission !== 'none') return 'COLLABORATOR';
  return 'NONE';
}
