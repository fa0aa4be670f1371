// How a refused GitHub call reads to the user: a REST status or a GraphQL error type becomes a message that
// says what could not be done and, where a permission is the likely cause, which one to grant.
import { describe, expect, it } from 'vitest';
import { explain } from '../../../../src/action/github/client.js';
import { CtoError } from '../../../../src/core/model/errors.js';

/** What @octokit/graphql throws: HTTP 200, the errors GitHub listed. */
function graphqlFailure(type: string, message: string): Error {
  return Object.assign(new Error(`Request failed due to following response errors:\n - ${message}`), { errors: [{ type, message }] });
}

describe('explain', () => {
  it('names the permission for a GraphQL FORBIDDEN', () => {
    const error = explain('update the tracking comment', 'issues: write', graphqlFailure('FORBIDDEN', 'Resource not accessible by integration'));
    expect(error).toBeInstanceOf(CtoError);
    expect(error.kind).toBe('permission');
    expect(error.message).toBe('Could not update the tracking comment: GitHub refused it (FORBIDDEN: Resource not accessible by integration).');
    expect(error.hint).toContain('Grant `issues: write`');
  });

  it('says a GraphQL NOT_FOUND may be a deleted or transferred thing, not only a permission', () => {
    const error = explain('read the issue and pull request', 'issues: write', graphqlFailure('NOT_FOUND', 'Could not resolve to an Issue with the number of 7.'));
    expect(error.kind).toBe('github');
    expect(error.message).toBe('Could not read the issue and pull request: GitHub found no such thing (Could not resolve to an Issue with the number of 7.).');
    expect(error.hint).toMatch(/deleted or transferred/);
  });

  it('keeps REST statuses as they were: a 403 names the permission, a 5xx says it is usually temporary', () => {
    expect(explain('create the check run', 'checks: write', Object.assign(new Error('Resource not accessible by integration'), { status: 403 })).hint)
      .toContain('Grant `checks: write`');
    expect(explain('post the review', 'pull-requests: write', Object.assign(new Error('Server Error'), { status: 502 })).hint).toMatch(/usually temporary/);
  });

  it('reports any other failure with its message', () => {
    expect(explain('list comments', 'issues: write', new Error('socket hang up')).message).toBe('Could not list comments: socket hang up');
  });
});
