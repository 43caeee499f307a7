import * as fs from 'fs';
import { inflateRawSync } from 'zlib';

/**
 * A small reader of zip (jar) files: the entry names from the central directory (zip64 included, as the shaded
 * runner jar has more than 65,535 entries) and the bytes of one entry. Enough to inspect a built jar without a
 * dependency; not a general zip library (no encryption, no multi-disk archives).
 */

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

function findEndOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  throw new Error('not a zip file: no end of central directory record');
}

/** The entries of a zip held in memory. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === MAX32) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    if (buf.readUInt32LE(record) !== ZIP64_EOCD) throw new Error('corrupt zip64 end of central directory');
    count = Number(buf.readBigUInt64LE(record + 32));
    offset = Number(buf.readBigUInt64LE(record + 48));
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== CENTRAL) throw new Error(`corrupt central directory at entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    // zip64 extra field: the 8-byte values of the fields that hold 0xFFFFFFFF, in order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === MAX32) q += 8;
        if (compressedSize === MAX32) { compressedSize = Number(buf.readBigUInt64LE(q)); q += 8; }
        if (localHeaderOffset === MAX32) localHeaderOffset = Number(buf.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    entries.push({ name, method, compressedSize, localHeaderOffset });
    p = extraEnd + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of an entry (stored or deflated). */
export function zipEntryData(buf: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localHeaderOffset;
  if (buf.readUInt32LE(p) !== LOCAL) throw new Error(`corrupt local header of ${entry.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name}: unsupported zip compression method ${entry.method}`);
}

/** A jar opened for inspection. */
export interface OpenJar {
  readonly entries: readonly ZipEntry[];
  /** The bytes of the entry with this name, or undefined if there is none. */
  read(name: string): Buffer | undefined;
}

/** Reads a jar file into memory for inspection. */
export function openJar(file: string): OpenJar {
  const buf = fs.readFileSync(file);
  const entries = zipEntries(buf);
  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    entries,
    read: (name) => {
      const entry = byName.get(name);
      return entry === undefined ? undefined : zipEntryData(buf, entry);
    },
  };
}
