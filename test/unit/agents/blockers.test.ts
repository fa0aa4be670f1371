import { describe, expect, it } from 'vitest';
import { BLOCKER_FORMAT, reportedBlockers } from '../../../src/agents/blockers.js';

describe('reportedBlockers', () => {
  it('reads one line per blocked task in the fixed format, in a list, bold or with the id as code', () => {
    const report = [
      'T1 done: greet takes a name.',
      'BLOCKED T2: tests/greet.test.js does not exist; the plan says modify_file.',
      '- BLOCKED T3: needs the DATABASE_URL the runner does not have',
      '* **BLOCKED** `T4`: the API in the plan was removed in v2',
      'BLOCKED T2: a second line for T2 is ignored',
    ].join('\n');
    expect(reportedBlockers(report)).toEqual([
      { taskId: 'T2', reason: 'tests/greet.test.js does not exist; the plan says modify_file.' },
      { taskId: 'T3', reason: 'needs the DATABASE_URL the runner does not have' },
      { taskId: 'T4', reason: 'the API in the plan was removed in v2' },
    ]);
  });

  it('ignores prose that mentions blocking, and lines without a reason', () => {
    expect(reportedBlockers('Nothing blocked T2.\nT2 was BLOCKED for a while: fixed.\nBLOCKED T5:\nblocked T6: lower case')).toEqual([]);
  });

  it('names the format the implementer is told to use, which it reads back', () => {
    expect(BLOCKER_FORMAT).toBe('BLOCKED <task id>: <what blocks it>');
    expect(reportedBlockers(BLOCKER_FORMAT.replace('<task id>', 'T7').replace('<what blocks it>', 'no access'))).toEqual([{ taskId: 'T7', reason: 'no access' }]);
  });

  it('reads at most 20 blockers', () => {
    const many = Array.from({ length: 30 }, (_, i) => `BLOCKED T${i}: reason ${i}`).join('\n');
    expect(reportedBlockers(many)).toHaveLength(20);
  });
});
