// The zip of an earlier run's artifact is read in memory (src/action/transcripts/zip-reader.ts): whatever
// bytes arrive, the reader either refuses them with codex-cto's own error or returns only the entries asked
// for, each within the size bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCtoError } from '../../../src/core/model/errors.js';
import { readZipEntries } from '../../../src/action/transcripts/zip-reader.js';
import { writeZip } from '../../support/runner-services/zip.js';

const LIMITS = { maxEntries: 8, maxEntryBytes: 256 };
const WANTED = 'claude-session.jsonl';
/** A fixed seed: the same inputs every run. */
const SEED = 20_261_206;
const SLOW = 60_000;

function outcome(bytes: Buffer): void {
  try {
    const entries = readZipEntries(bytes, (name) => name === WANTED, LIMITS);
    for (const [name, data] of entries) {
      expect(name).toBe(WANTED);
      expect(data.length).toBeLessThanOrEqual(LIMITS.maxEntryBytes);
    }
  } catch (error) {
    expect(isCtoError(error), String(error)).toBe(true);
  }
}

describe('readZipEntries on hostile bytes', () => {
  it('refuses random bytes with its own error, never a crash', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => outcome(Buffer.from(bytes))), { seed: SEED, numRuns: 300 });
  }, SLOW);

  it('refuses or reads a real archive with any byte changed, within the bounds', () => {
    const zip = writeZip({ [WANTED]: '{"sessionId":"s"}\n'.repeat(8), '../evil': 'x', 'plan-001.json': '{}' });
    fc.assert(
      fc.property(fc.nat({ max: zip.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const changed = Buffer.from(zip);
        changed[at] = value;
        outcome(changed);
      }),
      { seed: SEED, numRuns: 500 },
    );
  }, SLOW);
});
