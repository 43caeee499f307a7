import { fingerprintJson } from './content-fingerprint';
import { FlinkVersion } from '../definition/flink-version';
import { JobPlan, PlannedColumn, TablePlan, TopicPlan } from './pipeline-plan';

/**
 * The part of a streaming job that decides whether a savepoint of its last deployment can be restored. Flink SQL gives
 * operators ids derived from the planned job graph, so any change of the queries, of the source/sink schemas, keys,
 * formats or watermarks, of the key-group count (`pipeline.max-parallelism`) or of the Flink minor version may change
 * them, and a restore with `allowNonRestoredState = false` then fails. Deliberately conservative: a change that happens
 * to keep the ids is still reported. Settings that never change the graph (checkpoint interval, parallelism, state TTL,
 * watermark delay, idle timeout, bad-record policy, connection) are left out.
 */
export interface StateShape {
  readonly flinkVersion: string;
  readonly maxParallelism: number;
  readonly sources: ReadonlyArray<{
    readonly topic: string;
    readonly columns: string[];
    readonly key: string[];
    readonly keyFormat: string;
    readonly valueFormat: string;
    readonly watermarkColumn: string | null;
  }>;
  readonly sinks: ReadonlyArray<{ readonly table: string; readonly columns: string[]; readonly primaryKey: string[]; readonly writeMode: string; readonly query: string }>;
}

function columnShape(c: PlannedColumn): string {
  return `${c.name} ${c.computed !== undefined ? `AS ${c.computed}` : c.type.sqlType}${c.nullable ? '' : ' NOT NULL'}`;
}

/** Whitespace runs collapse to one space: re-indenting a query is not a change. */
function normalizeQuery(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/** The state-relevant shape of a job (see `StateShape`). */
export function stateShape(job: JobPlan, topics: readonly TopicPlan[], tables: readonly TablePlan[], flinkVersion: FlinkVersion): StateShape {
  return {
    flinkVersion: flinkVersion.minor,
    maxParallelism: job.parallelism.maxParallelism,
    sources: job.sources.flatMap((name) => topics.filter((t) => t.name === name)).map((t) => ({
      topic: t.name,
      columns: t.columns.map(columnShape),
      key: [...t.key],
      keyFormat: t.keyFormat.id,
      valueFormat: t.valueFormat.flinkFormat,
      watermarkColumn: job.eventTime?.column ?? null,
    })),
    sinks: job.inserts.map((insert) => {
      const table = tables.find((t) => t.name === insert.sinkTable);
      return {
        table: table === undefined ? insert.sinkTable : `${table.database}.${table.name}`,
        columns: (table?.columns ?? []).map(columnShape),
        primaryKey: [...(table?.primaryKey ?? [])],
        writeMode: job.writeMode.id,
        query: normalizeQuery(insert.query),
      };
    }),
  };
}

/** `sha256:` + the first 16 hex digits of the SHA-256 of the shape's JSON: short enough to review in a lock file diff. */
export function stateFingerprint(shape: StateShape): string {
  return `sha256:${fingerprintJson(shape, 'state fingerprint')}`;
}
