import { JobMonitoring, PipelineMonitoring } from '../../definition/monitoring-options';
import { ShapeReader } from './shape-reader';

const JOB_FIELDS = ['consumerLag', 'checkpointFailures', 'restartsPerHour', 'backpressureMsPerSecond', 'busyTimeMsPerSecond', 'cpuPercent', 'memoryPercent', 'alarms'];

/** Drops undefined fields, so a re-read block has the same keys as a typed one. */
function defined<T>(draft: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined)) as T;
}

function readFields(r: ShapeReader, o: Record<string, unknown>, path: string): JobMonitoring {
  const lag = o.consumerLag === undefined ? undefined : r.object(o.consumerLag, `${path}.consumerLag`, 'a consumer lag threshold', ['maxRecords', 'maxMinutesOfPeak']);
  return defined<JobMonitoring>({
    consumerLag: lag === undefined ? undefined : defined({
      maxRecords: r.optionalNumber(lag.maxRecords, `${path}.consumerLag.maxRecords`, 'give the records one partition may be behind, e.g. 100000'),
      maxMinutesOfPeak: r.optionalNumber(lag.maxMinutesOfPeak, `${path}.consumerLag.maxMinutesOfPeak`, 'give the minutes of peak traffic one partition may be behind, e.g. 5'),
    }),
    checkpointFailures: r.optionalNumber(o.checkpointFailures, `${path}.checkpointFailures`, 'give the failed checkpoints tolerated in 5 minutes, e.g. 0'),
    restartsPerHour: r.optionalNumber(o.restartsPerHour, `${path}.restartsPerHour`, 'give the restarts tolerated in an hour, e.g. 3'),
    backpressureMsPerSecond: r.optionalNumber(o.backpressureMsPerSecond, `${path}.backpressureMsPerSecond`, 'give milliseconds per second, e.g. 500'),
    busyTimeMsPerSecond: r.optionalNumber(o.busyTimeMsPerSecond, `${path}.busyTimeMsPerSecond`, 'give milliseconds per second, e.g. 800'),
    cpuPercent: r.optionalNumber(o.cpuPercent, `${path}.cpuPercent`, 'give a percentage, e.g. 80'),
    memoryPercent: r.optionalNumber(o.memoryPercent, `${path}.memoryPercent`, 'give a percentage, e.g. 90'),
    alarms: r.optionalBoolean(o.alarms, `${path}.alarms`),
  });
}

/** A job's `monitoring` block (thresholds of its signals). */
export function readJobMonitoring(r: ShapeReader, value: unknown, path: string): JobMonitoring | undefined {
  const o = r.object(value, path, 'job monitoring thresholds', JOB_FIELDS);
  return o === undefined ? undefined : readFields(r, o, path);
}

/** The pipeline's `monitoring` block (the jobs' thresholds and the cluster's). */
export function readPipelineMonitoring(r: ShapeReader, value: unknown, path: string): PipelineMonitoring | undefined {
  const o = r.object(value, path, 'monitoring thresholds', [...JOB_FIELDS, 'brokerDiskPercent']);
  if (o === undefined) return undefined;
  return defined<PipelineMonitoring>({
    ...readFields(r, o, path),
    brokerDiskPercent: r.optionalNumber(o.brokerDiskPercent, `${path}.brokerDiskPercent`, 'give a percentage, e.g. 80'),
  });
}
