import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { managedApplicationName } from '../plan/plan-names';
import { ManagedClients } from './managed-clients';
import { SeriesQuery, readSeries } from './managed-metrics';

/** Minutes of job metrics `status` looks at (MSF publishes them every minute while the job runs). */
export const JOB_METRICS_WINDOW_MINUTES = 10;

/** Restarts and the last checkpoint of a job, from its AWS/KinesisAnalytics metrics; undefined when not reported. */
export interface JobHealth {
  /** `fullRestarts` (Flink ≤ 2.1) or `numRestarts` (Flink 2.2+): restarts since the job was submitted. */
  readonly restarts?: number;
  readonly lastCheckpointMs?: number;
  readonly lastCheckpointBytes?: number;
}

const METRICS = { fullRestarts: 'fr', numRestarts: 'nr', lastCheckpointDuration: 'cd', lastCheckpointSize: 'cs' } as const;

/** The jobs' restarts and last checkpoint (newest 1-minute maximum of the window), by job name. */
export async function jobHealth(plan: PipelinePlan, jobs: readonly JobPlan[], clients: ManagedClients, now: Date = new Date()): Promise<Map<string, JobHealth>> {
  const queries: SeriesQuery[] = jobs.flatMap((job, i) => Object.entries(METRICS).map(([metricName, key]) => ({
    id: `j${i}_${key}`, namespace: 'AWS/KinesisAnalytics', metricName, stat: 'Maximum' as const,
    dimensions: { Application: managedApplicationName(plan.names, job.name) },
  })));
  const series = queries.length === 0 ? new Map() : await readSeries(clients, queries, JOB_METRICS_WINDOW_MINUTES, now);
  const health = new Map<string, JobHealth>();
  jobs.forEach((job, i) => {
    const latest = (key: string): number | undefined => series.get(`j${i}_${key}`)?.latest;
    health.set(job.name, { restarts: latest(METRICS.numRestarts) ?? latest(METRICS.fullRestarts), lastCheckpointMs: latest(METRICS.lastCheckpointDuration), lastCheckpointBytes: latest(METRICS.lastCheckpointSize) });
  });
  return health;
}

function bytes(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value; let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u] ?? 'B'}`;
}

/** `1.2 s, 35.0 MB` (duration and size of the last completed checkpoint), or `-`. */
export function checkpointText(health: JobHealth | undefined): string {
  if (health?.lastCheckpointMs === undefined || health.lastCheckpointMs < 0) return '-';
  const size = health.lastCheckpointBytes === undefined ? '' : `, ${bytes(health.lastCheckpointBytes)}`;
  return `${(health.lastCheckpointMs / 1000).toFixed(1)} s${size}`;
}
