import { describe, expect, it } from 'vitest';
import { cutAtLine, fitMarkdown } from '../../../src/render/fit.js';
import { formatCount, formatDuration, formatUsd, formatUtc, plural } from '../../../src/render/format.js';

describe('formats', () => {
  it('formats money, counts, durations and times without a locale', () => {
    expect([formatUsd(0), formatUsd(1.005), formatUsd(12.3456), formatUsd(Number.NaN)]).toEqual(['$0.00', '$1.00', '$12.35', '$0.00']);
    expect([formatUsd(0.0016), formatUsd(0.004), formatUsd(0.006)]).toEqual(['<$0.01', '<$0.01', '$0.01']);
    expect([formatCount(0), formatCount(999), formatCount(1000), formatCount(1234567), formatCount(-45210)]).toEqual(['0', '999', '1,000', '1,234,567', '-45,210']);
    expect([formatDuration(0), formatDuration(499), formatDuration(59_400), formatDuration(65_000), formatDuration(3_723_000)]).toEqual(['0s', '0s', '59s', '1m 05s', '1h 02m']);
    expect(formatUtc('2026-11-22T02:52:07+01:00')).toBe('2026-11-22 01:52 UTC');
    expect(formatUtc('not a time')).toBeNull();
    expect([plural(1, 'task'), plural(2, 'task')]).toEqual(['1 task', '2 tasks']);
  });
});

describe('fitMarkdown', () => {
  const render = (detail: string): string => (detail === 'full' ? 'x'.repeat(100) : detail === 'compact' ? 'x'.repeat(50) : 'x'.repeat(20));

  it('keeps the full rendering when it fits, without a note', () => {
    expect(fitMarkdown(render, 100, 'NOTE')).toBe('x'.repeat(100));
  });

  it('takes the first level that fits with the note', () => {
    expect(fitMarkdown(render, 60, 'NOTE')).toBe(`${'x'.repeat(50)}\n\nNOTE`);
    expect(fitMarkdown(render, 30, 'NOTE')).toBe(`${'x'.repeat(20)}\n\nNOTE`);
  });

  it('cuts the minimal rendering at a line when nothing fits', () => {
    const lines = (): string => 'aaaa\nbbbb\ncccc';
    expect(fitMarkdown(lines, 12, 'NOTE')).toBe('aaaa\n\nNOTE');
  });
});

describe('cutAtLine', () => {
  it('closes the tags it leaves open, and counts them in the budget', () => {
    const text = ['intro', '<details>', '<summary>S</summary>', '', 'one', 'two', '</details>', 'after'].join('\n');
    expect(cutAtLine(text, 60)).toBe('intro\n<details>\n<summary>S</summary>\n\none\ntwo\n</details>');
    expect(cutAtLine(text, 55)).toBe('intro\n<details>\n<summary>S</summary>\n\none\n\n</details>');
    expect(cutAtLine(text, 26)).toBe('intro');
    expect(cutAtLine('<pre>\nlog line\nmore\n</pre>', 22)).toBe('<pre>\nlog line\n</pre>');
  });
});
