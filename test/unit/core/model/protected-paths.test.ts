import { describe, expect, it } from 'vitest';
import { globPattern, protectedChanges, protectedPathsReview } from '../../../../src/core/model/protected-paths.js';
import { checkReview } from '../../../../src/core/model/schemas.js';

describe('globPattern', () => {
  it('lets `**` cross folders (none included) while `*` and `?` stay within one', () => {
    expect(globPattern('.github/workflows/**').test('.github/workflows/ci.yml')).toBe(true);
    expect(globPattern('.github/workflows/**').test('.github/workflows/deep/x.yml')).toBe(true);
    expect(globPattern('**/*.sql').test('schema.sql')).toBe(true);
    expect(globPattern('**/*.sql').test('db/migrations/001.sql')).toBe(true);
    expect(globPattern('migrations/*.sql').test('migrations/a/001.sql')).toBe(false);
    expect(globPattern('v?.txt').test('v1.txt')).toBe(true);
    expect(globPattern('v?.txt').test('v10.txt')).toBe(false);
  });

  it('protects a plain path and everything under it, and takes dots and brackets literally', () => {
    expect(globPattern('migrations').test('migrations/001.sql')).toBe(true);
    expect(globPattern('migrations/').test('migrations')).toBe(true);
    expect(globPattern('migrations').test('migrations2/001.sql')).toBe(false);
    expect(globPattern('./a.b').test('axb')).toBe(false);
    expect(globPattern('[x].js').test('[x].js')).toBe(true);
  });
});

describe('protectedChanges', () => {
  it('names each changed path a pattern protects, with the first pattern that does', () => {
    const changed = ['src/a.js', '.github/workflows/ci.yml', 'migrations/001.sql'];
    expect(protectedChanges(changed, ['.github/workflows/**', 'migrations/**', '**/*.yml'])).toEqual([
      { path: '.github/workflows/ci.yml', pattern: '.github/workflows/**' },
      { path: 'migrations/001.sql', pattern: 'migrations/**' },
    ]);
    expect(protectedChanges(changed, [])).toEqual([]);
  });
});

describe('protectedPathsReview', () => {
  const changes = [{ path: '.github/workflows/ci.yml', pattern: '.github/workflows/**' }];

  it('is a revise with one blocking finding per path that names the path and the pattern', () => {
    const review = protectedPathsReview(changes, []);
    expect(review.verdict).toBe('revise');
    expect(review.summary).toBe('The change touches a protected path: `.github/workflows/ci.yml`. The system refused it before review; revert those changes.');
    expect(review.findings).toHaveLength(1);
    expect(review.findings[0]).toMatchObject({ priority: 'P0', path: '.github/workflows/ci.yml', title: 'Protected path changed: .github/workflows/ci.yml' });
    expect(review.findings[0]?.body).toContain('`.github/workflows/**`');
  });

  it('leaves earlier open findings open, and passes the schema and the verdict rules', () => {
    const review = protectedPathsReview(changes, ['F1.1']);
    expect(review.previous_findings).toEqual([{ id: 'F1.1', status: 'unresolved', note: 'Not reviewed: the change touches protected paths.' }]);
    const checked = checkReview(protectedPathsReview(changes, []), { plan: null, verificationFailed: false, openFindings: [] });
    expect(checked).toMatchObject({ ok: true });
  });

  it('lists at most 20 paths and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `migrations/${i}.sql`, pattern: 'migrations/**' }));
    const review = protectedPathsReview(many, []);
    expect(review.findings).toHaveLength(20);
    expect(review.summary).toContain('25 protected paths');
    expect(review.summary).toContain('and 5 more');
  });
});
