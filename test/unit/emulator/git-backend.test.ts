// Smart-HTTP paths, token extraction and CGI headers of the git remote.
import { describe, expect, it } from 'vitest';
import { parseCgiHeaders, parseGitPath, tokenFromAuthorization } from '../../support/github/git-backend.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseGitPath', () => {
  it('recognises the three smart-HTTP endpoints with or without .git', () => {
    expect(parseGitPath('/octo/widgets.git/info/refs')).toEqual({ owner: 'octo', name: 'widgets', endpoint: 'info/refs' });
    expect(parseGitPath('/octo/widgets/git-upload-pack')).toEqual({ owner: 'octo', name: 'widgets', endpoint: 'git-upload-pack' });
    expect(parseGitPath('/octo/widgets.git/git-receive-pack')?.endpoint).toBe('git-receive-pack');
  });

  it('ignores everything else', () => {
    expect(parseGitPath('/repos/octo/widgets')).toBeNull();
    expect(parseGitPath('/octo/widgets.git/objects/info/packs')).toBeNull();
    expect(parseGitPath('/octo/widgets/issues/1')).toBeNull();
  });
});

describe('tokenFromAuthorization', () => {
  it('reads the token from Basic credentials in either position, and from token/bearer schemes', () => {
    expect(tokenFromAuthorization(basic('x-access-token:ghs_abc'))).toBe('ghs_abc');
    expect(tokenFromAuthorization(`basic ${Buffer.from('x-access-token:ghs_abc').toString('base64')}`)).toBe('ghs_abc');
    expect(tokenFromAuthorization(basic('ghp_user_position:'))).toBe('ghp_user_position');
    expect(tokenFromAuthorization('token ghp_x')).toBe('ghp_x');
    expect(tokenFromAuthorization('Bearer ghp_y')).toBe('ghp_y');
  });

  it('has no token for missing or unknown schemes', () => {
    expect(tokenFromAuthorization(undefined)).toBeNull();
    expect(tokenFromAuthorization('Digest abc')).toBeNull();
    expect(tokenFromAuthorization('Basic')).toBeNull();
  });
});

describe('parseCgiHeaders', () => {
  it('takes the status from the Status header and keeps the others', () => {
    expect(parseCgiHeaders('Status: 403 Forbidden\r\nContent-Type: text/plain\r\nExpires: never')).toEqual({
      status: 403, headers: { 'Content-Type': 'text/plain', Expires: 'never' },
    });
    expect(parseCgiHeaders('Content-Type: application/x-git-upload-pack-advertisement').status).toBe(200);
  });
});
