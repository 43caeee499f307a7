import { RawRetention } from '../../definition/raw-retention';
import { ShapeReader } from './shape-reader';

/** `RawRetention.tieredStorage(total)` as an object `{ id: 'tiered-storage', total }` (JSON/YAML, another package copy). */
export function readRawRetention(r: ShapeReader, value: unknown, path: string): RawRetention | undefined {
  const o = r.object(value, path, 'a raw retention', ['id', 'total']);
  if (o === undefined) return undefined;
  if (o.id !== 'tiered-storage') {
    return r.fail(`${path}.id`, `must be "tiered-storage", got ${JSON.stringify(o.id)}`, 'use RawRetention.tieredStorage(Duration.days(n))');
  }
  const total = r.duration(o.total, `${path}.total`, 'give a Duration such as Duration.days(90)');
  return total === undefined ? undefined : RawRetention.tieredStorage(total);
}
