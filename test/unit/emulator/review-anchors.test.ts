// Following a commented line through later commits, as GitHub moves a review comment or marks it outdated.
import { describe, expect, it } from 'vitest';
import { followLine } from '../../support/github/review-anchors.js';

const diff = (...headers: string[]): string => headers.map((h) => `${h}\n+x`).join('\n');

describe('followLine', () => {
  it('keeps a line that nothing touched and nothing moved', () => {
    expect(followLine('', 7)).toBe(7);
    expect(followLine(diff('@@ -20,2 +20,3 @@'), 7)).toBe(7);
  });

  it('shifts a line by what was inserted or removed above it', () => {
    expect(followLine(diff('@@ -2,0 +3,2 @@'), 7)).toBe(9);
    expect(followLine(diff('@@ -2,3 +2 @@'), 7)).toBe(5);
    expect(followLine(diff('@@ -1,0 +1 @@', '@@ -4 +5,2 @@'), 7)).toBe(9);
  });

  it('loses a line that was changed or removed (the comment becomes outdated)', () => {
    expect(followLine(diff('@@ -7 +7 @@'), 7)).toBeNull();
    expect(followLine(diff('@@ -5,3 +5,0 @@'), 7)).toBeNull();
  });

  it('is not moved by an insertion right after it', () => {
    expect(followLine(diff('@@ -7,0 +8 @@'), 7)).toBe(7);
  });
});
