// Repositories, the authenticated user, collaborator permissions and repository labels.
import { forbidden, json, notFound, repoFrom, requirePermission, validationFailed, type RouteTable } from './http.js';
import { paginate } from './pagination.js';
import { renderAuthenticatedUser, renderLabel, renderPermission, renderRepository } from './render-accounts.js';

export const repoRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}': (context) => {
    const repo = repoFrom(context);
    const owner = context.world.requireAccount(repo.owner);
    const permission = context.world.permissionOf(repo, context.identity.login, context.grant);
    return json(200, renderRepository(repo, owner, context.urls, permission));
  },

  // An installation token is not a user: GitHub refuses it here, which is how an action learns
  // that it cannot ask "who am I" with the workflow token.
  'GET /user': (context) => {
    if (context.grant.kind === 'installation') return forbidden('Resource not accessible by integration');
    return json(200, renderAuthenticatedUser(context.identity, context.urls));
  },

  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': (context) => {
    const repo = repoFrom(context);
    const account = context.world.account(context.params.username as string);
    if (!account) return notFound();
    return json(200, renderPermission(account, context.world.permissionOf(repo, account.login), context.urls));
  },

  'GET /repos/{owner}/{repo}/labels': (context) => {
    const repo = repoFrom(context);
    const labels = [...repo.labels.values()].sort((a, b) => a.id - b.id).map((label) => renderLabel(repo, label, context.urls));
    const page = paginate(labels, context.query, context.selfUrl);
    return json(200, page.items, page.link ? { link: page.link } : undefined);
  },

  'GET /repos/{owner}/{repo}/labels/{name}': (context) => {
    const repo = repoFrom(context);
    const label = repo.labels.get((context.params.name as string).toLowerCase());
    return label ? json(200, renderLabel(repo, label, context.urls)) : notFound();
  },

  'POST /repos/{owner}/{repo}/labels': (context) => {
    const repo = repoFrom(context);
    requirePermission(context, repo, 'write');
    const { name, color, description } = context.body as { name: string; color?: string; description?: string };
    if (repo.labels.has(name.toLowerCase())) return validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) return validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
    const label = context.world.addLabel(repo, { name, color: color?.toLowerCase(), description: description ?? null });
    return json(201, renderLabel(repo, label, context.urls));
  },
};
