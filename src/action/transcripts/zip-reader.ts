// Reads chosen files out of a downloaded artifact's zip, in memory: nothing in the archive names a path
// on disk, so no entry can land outside where it belongs, and every size is checked before it is paid
// for. Only what the artifact client's uploads contain is understood (stored or deflated entries, no
// ZIP64, no encryption); anything else is refused as a damaged archive.
import { inflateRawSync } from 'node:zlib';
import { CtoError } from '../../core/model/errors.js';

export interface ZipLimits {
  /** Entries the central directory may list. */
  maxEntries: number;
  /** Uncompressed bytes of one accepted entry. */
  maxEntryBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_MIN = 22;
/** The end record sits in the last 22 bytes plus at most a 65,535-byte comment. */
const EOCD_SEARCH = EOCD_MIN + 0xffff;

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The entries whose names `accept` takes, by name; other entries are skipped unread. */
export function readZipEntries(zip: Buffer, accept: (name: string) => boolean, limits: ZipLimits): Map<string, Buffer> {
  const entries = centralDirectory(zip, limits);
  const out = new Map<string, Buffer>();
  for (const entry of entries) {
    if (!accept(entry.name)) continue;
    if (out.has(entry.name)) throw damaged(`the archive lists ${entry.name} twice`);
    out.set(entry.name, entryData(zip, entry, limits));
  }
  return out;
}

function centralDirectory(zip: Buffer, limits: ZipLimits): Entry[] {
  const end = findEnd(zip);
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count > limits.maxEntries) throw damaged(`it lists ${count} entries, more than ${limits.maxEntries}`);
  if (offset + size > end) throw damaged('its central directory lies outside the archive');
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL) throw damaged('a central directory record is broken');
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (next > end) throw damaged('a central directory record runs past its end');
    entries.push({
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at = next;
  }
  return entries;
}

function findEnd(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_SEARCH);
  for (let at = zip.length - EOCD_MIN; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw damaged('it has no end record');
}

function entryData(zip: Buffer, entry: Entry, limits: ZipLimits): Buffer {
  if (entry.flags & 0x1) throw damaged(`${entry.name} is encrypted`);
  if (entry.size > limits.maxEntryBytes) throw damaged(`${entry.name} holds ${entry.size} bytes, more than ${limits.maxEntryBytes}`);
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) throw damaged(`the local record of ${entry.name} is broken`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const stop = start + entry.compressedSize;
  if (stop > zip.length) throw damaged(`${entry.name} runs past the end of the archive`);
  const raw = zip.subarray(start, stop);
  let data: Buffer;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) data = inflate(raw, entry, limits.maxEntryBytes);
  else throw damaged(`${entry.name} uses compression method ${entry.method}`);
  if (data.length !== entry.size) throw damaged(`${entry.name} is not the size its record says`);
  return data;
}

function inflate(raw: Buffer, entry: Entry, maxBytes: number): Buffer {
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    throw damaged(`${entry.name} does not inflate: ${(error as Error).message}`);
  }
}

function damaged(why: string): CtoError {
  return new CtoError('internal', `The artifact is not a readable zip archive: ${why}.`);
}
