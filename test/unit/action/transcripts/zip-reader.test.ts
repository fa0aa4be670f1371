import { describe, expect, it } from 'vitest';
import { readZipEntries } from '../../../../src/action/transcripts/zip-reader.js';
import { writeZip } from '../../../support/runner-services/zip.js';

const LIMITS = { maxEntries: 10, maxEntryBytes: 1024 };
const only = (name: string) => (entry: string) => entry === name;

describe('readZipEntries', () => {
  it('reads the entries asked for, deflated or stored, and skips the rest unread', () => {
    const zip = writeZip({ 'claude-session.jsonl': '{"sessionId":"s"}\n'.repeat(20), 'plan-001.json': '{}' });
    const entries = readZipEntries(zip, only('claude-session.jsonl'), LIMITS);
    expect([...entries.keys()]).toEqual(['claude-session.jsonl']);
    expect(entries.get('claude-session.jsonl')?.toString('utf8')).toBe('{"sessionId":"s"}\n'.repeat(20));
  });

  it('never takes a path for a name: a traversal entry is just a name nobody asked for', () => {
    const zip = writeZip({ '../claude-session.jsonl': 'evil', 'a/claude-session.jsonl': 'evil' });
    expect(readZipEntries(zip, only('claude-session.jsonl'), LIMITS).size).toBe(0);
  });

  it('refuses an entry larger than the bound before inflating it', () => {
    const zip = writeZip({ 'claude-session.jsonl': 'x'.repeat(5000) });
    expect(() => readZipEntries(zip, only('claude-session.jsonl'), LIMITS)).toThrow(/holds 5000 bytes, more than 1024/);
  });

  it('refuses an entry that inflates past its recorded size (a zip bomb lying about its size)', () => {
    const zip = writeZip({ 'claude-session.jsonl': 'x'.repeat(5000) });
    const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, central + 24);
    expect(() => readZipEntries(zip, only('claude-session.jsonl'), LIMITS)).toThrow(/does not inflate|not the size its record says/);
  });

  it('refuses more entries than the bound, and anything that is not a zip', () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x']));
    expect(() => readZipEntries(writeZip(many), () => true, LIMITS)).toThrow(/lists 11 entries, more than 10/);
    expect(() => readZipEntries(Buffer.from('not a zip at all, not even close to one'), () => true, LIMITS)).toThrow(/no end record/);
    expect(() => readZipEntries(Buffer.alloc(0), () => true, LIMITS)).toThrow(/no end record/);
  });

  it('refuses a central directory that points outside the archive', () => {
    const zip = writeZip({ 'claude-session.jsonl': 'x' });
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    zip.writeUInt32LE(zip.length, end + 16);
    expect(() => readZipEntries(zip, () => true, LIMITS)).toThrow(/outside the archive/);
  });
});
