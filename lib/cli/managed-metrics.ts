import { GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { ManagedClients } from './managed-clients';

/** One CloudWatch series to read. */
export interface SeriesQuery {
  /** Unique in the request; CloudWatch wants `[a-z][a-zA-Z0-9_]*`. */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: 'Maximum' | 'Average' | 'Sum';
}

/** A series over the window: its newest value and its largest, undefined when CloudWatch has no data point. */
export interface SeriesValues {
  readonly latest?: number;
  readonly max?: number;
}

/** GetMetricData accepts at most 500 queries per request. */
const MAX_QUERIES = 500;

/** The series over the last `minutes` (1-minute periods), by query id. */
export async function readSeries(clients: ManagedClients, queries: readonly SeriesQuery[], minutes: number, now: Date = new Date()): Promise<Map<string, SeriesValues>> {
  const values = new Map<string, { timestamps: Date[]; values: number[] }>();
  for (let i = 0; i < queries.length; i += MAX_QUERIES) {
    const chunk: MetricDataQuery[] = queries.slice(i, i + MAX_QUERIES).map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
        Period: 60,
        Stat: q.stat,
      },
    }));
    let token: string | undefined;
    do {
      const out = await clients.cloudWatch.send(new GetMetricDataCommand({
        MetricDataQueries: chunk, StartTime: new Date(now.getTime() - minutes * 60_000), EndTime: now, ScanBy: 'TimestampDescending', NextToken: token,
      }));
      for (const r of out.MetricDataResults ?? []) {
        if (r.Id === undefined) continue;
        const seen = values.get(r.Id) ?? { timestamps: [], values: [] };
        seen.timestamps.push(...r.Timestamps ?? []);
        seen.values.push(...r.Values ?? []);
        values.set(r.Id, seen);
      }
      token = out.NextToken;
    } while (token !== undefined);
  }
  const result = new Map<string, SeriesValues>();
  for (const [id, series] of values) {
    if (series.values.length === 0) continue;
    let newest = 0;
    series.timestamps.forEach((t, i) => { if (t.getTime() > (series.timestamps[newest]?.getTime() ?? 0)) newest = i; });
    result.set(id, { latest: series.values[newest] ?? series.values[0], max: Math.max(...series.values) });
  }
  return result;
}
