// Matching request paths to the operations of GitHub's REST description.
import { describe, expect, it } from 'vitest';
import { buildRouteIndex, matchRoute } from '../../support/github/operation-index.js';

const index = buildRouteIndex({
  '/repos/{owner}/{repo}/issues/{issue_number}': { get: {}, patch: {} },
  '/repos/{owner}/{repo}/issues/comments': { get: {} },
  '/repos/{owner}/{repo}/issues/comments/{comment_id}': { get: {} },
  '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': { delete: {}, parameters: {} },
});

describe('matchRoute', () => {
  it('prefers the template with more literal segments', () => {
    expect(matchRoute(index, 'GET', '/repos/o/r/issues/comments')).toEqual({
      method: 'GET', template: '/repos/{owner}/{repo}/issues/comments', params: { owner: 'o', repo: 'r' },
    });
    expect(matchRoute(index, 'GET', '/repos/o/r/issues/7')?.params).toEqual({ owner: 'o', repo: 'r', issue_number: '7' });
  });

  it('decodes parameters after splitting, so a label may contain a slash or a space', () => {
    expect(matchRoute(index, 'DELETE', '/repos/o/r/issues/1/labels/codex-cto%3Aneeds%20human%2Fnow')?.params.name).toBe('codex-cto:needs human/now');
  });

  it('needs the method, the segment count and non-empty parameters to match', () => {
    expect(matchRoute(index, 'POST', '/repos/o/r/issues/7')).toBeNull();
    expect(matchRoute(index, 'GET', '/repos/o/r/issues/7/extra/more')).toBeNull();
    expect(matchRoute(index, 'GET', '/repos/o//issues/7')).toBeNull();
  });

  it('skips non-method keys of a path item', () => {
    expect(index.filter((r) => r.template.endsWith('{name}')).map((r) => r.method)).toEqual(['DELETE']);
  });
});
