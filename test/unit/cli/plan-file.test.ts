import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../../src/cli/plan-file.js';

describe('the --plan file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cto-plan-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is named when it does not exist, is a folder or is not JSON', async () => {
    await expect(readPlanFile(join(dir, 'nope.json'))).rejects.toThrow(`The plan file ${join(dir, 'nope.json')} (--plan) does not exist.`);
    await expect(readPlanFile(dir)).rejects.toThrow(`The plan file ${dir} (--plan) is a folder.`);
    await writeFile(join(dir, 'bad.json'), '{ "tasks": ');
    await expect(readPlanFile(join(dir, 'bad.json'))).rejects.toThrow(`The plan file ${join(dir, 'bad.json')} (--plan) is not valid JSON`);
  });

  it('is read as JSON', async () => {
    await writeFile(join(dir, 'plan.json'), '{"tasks": []}');
    await expect(readPlanFile(join(dir, 'plan.json'))).resolves.toEqual({ tasks: [] });
  });
});
