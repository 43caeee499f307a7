import { AvroRecordSchema, AvroType } from '../plan/avro-schema';

/** A field value `encodeAvroRecord` accepts: null (for a union with null), boolean, number, bigint (long), string, or bytes. */
export type AvroValue = null | boolean | number | bigint | string | Uint8Array;

/** Avro's variable-length zig-zag encoding of a long (int and long are both written this way). */
function zigzagLong(value: bigint): number[] {
  let n = (value << 1n) ^ (value >> 63n);
  n = BigInt.asUintN(64, n);
  const bytes: number[] = [];
  while (n > 0x7fn) {
    bytes.push(Number((n & 0x7fn) | 0x80n));
    n >>= 7n;
  }
  bytes.push(Number(n));
  return bytes;
}

function lengthPrefixed(data: Uint8Array): number[] {
  return [...zigzagLong(BigInt(data.length)), ...data];
}

/** The bytes of one value of a non-union Avro type (primitive or logical over a primitive). */
function encodePlain(type: Exclude<AvroType, readonly AvroType[]>, value: AvroValue, field: string): number[] {
  const base = typeof type === 'string' ? type : type.type;
  const wrong = (): never => { throw new Error(`Avro field ${field}: ${String(value)} is not a ${base}`); };
  switch (base) {
    case 'boolean': return typeof value === 'boolean' ? [value ? 1 : 0] : wrong();
    case 'int':
    case 'long':
      if (typeof value === 'bigint') return zigzagLong(value);
      return typeof value === 'number' && Number.isInteger(value) ? zigzagLong(BigInt(value)) : wrong();
    case 'float': {
      if (typeof value !== 'number') return wrong();
      const b = Buffer.alloc(4); b.writeFloatLE(value); return [...b];
    }
    case 'double': {
      if (typeof value !== 'number') return wrong();
      const b = Buffer.alloc(8); b.writeDoubleLE(value); return [...b];
    }
    case 'string': return typeof value === 'string' ? lengthPrefixed(Buffer.from(value, 'utf8')) : wrong();
    case 'bytes': return value instanceof Uint8Array ? lengthPrefixed(value) : wrong();
    default: throw new Error(`Avro field ${field}: type ${base} is not supported`);
  }
}

/**
 * The Avro binary encoding of one record (no container file, no header): the fields in schema order, a union as its
 * branch index then the value. Only the types `avroTypeOf` produces are supported: primitives, logical types over
 * them (date, timestamp-millis, local-timestamp-millis, decimal as bytes) and `["null", T]` unions.
 */
export function encodeAvroRecord(schema: AvroRecordSchema, record: Readonly<Record<string, AvroValue>>): Buffer {
  const out: number[] = [];
  for (const field of schema.fields) {
    const value = record[field.name] ?? null;
    if (Array.isArray(field.type)) {
      const union = field.type as readonly AvroType[];
      const branch = value === null ? union.findIndex((t) => t === 'null') : union.findIndex((t) => t !== 'null');
      const chosen = union[branch];
      if (chosen === undefined) throw new Error(`Avro field ${field.name}: no union branch for ${String(value)}`);
      out.push(...zigzagLong(BigInt(branch)));
      if (chosen !== 'null') out.push(...encodePlain(chosen as Exclude<AvroType, readonly AvroType[]>, value, field.name));
    } else {
      out.push(...encodePlain(field.type as Exclude<AvroType, readonly AvroType[]>, value, field.name));
    }
  }
  return Buffer.from(out);
}

/** The two's-complement big-endian bytes of an unscaled decimal (Avro's `decimal` logical type over `bytes`). */
export function decimalBytes(unscaled: bigint): Uint8Array {
  const bytes: number[] = [];
  let n = unscaled;
  do {
    bytes.unshift(Number(BigInt.asUintN(8, n)));
    n >>= 8n;
  } while (!((n === 0n && (bytes[0] ?? 0) < 0x80) || (n === -1n && (bytes[0] ?? 0) >= 0x80)));
  return Uint8Array.from(bytes);
}
