import { JobMode } from '../definition/job-options';
import { JobMonitoring, PipelineMonitoring } from '../definition/monitoring-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath } from './paths';
import { ValidationProblem } from './validation-problem';

/** A task has 1,000 ms in a second: a time-per-second threshold at or above it never fires. */
const MS_PER_SECOND = 1000;

function wholeAtLeast(path: string, value: number | undefined, min: number, what: string, fix: string): ValidationProblem[] {
  if (value === undefined || (Number.isInteger(value) && value >= min)) return [];
  return [{ path, message: `must be a whole number of ${what} ≥ ${min}, got ${value}`, fix }];
}

function msPerSecond(path: string, value: number | undefined, example: number): ValidationProblem[] {
  if (value === undefined || (value >= 0 && value < MS_PER_SECOND)) return [];
  return [{ path, message: `must be from 0 to below ${MS_PER_SECOND} ms per second (a task has ${MS_PER_SECOND} ms in a second), got ${value}`, fix: `give e.g. ${example}; ${MS_PER_SECOND} or more never fires` }];
}

function percent(path: string, value: number | undefined, example: number): ValidationProblem[] {
  if (value === undefined || (value > 0 && value < 100)) return [];
  return [{ path, message: `must be a percentage above 0 and below 100, got ${value}`, fix: `give e.g. ${example}: a utilization never exceeds 100%, and 0 always fires` }];
}

/** The problems of one block of thresholds (the pipeline's or a job's) at `at`. */
function thresholdProblems(at: string, m: JobMonitoring): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const lag = m.consumerLag;
  if (lag !== undefined) {
    if (lag.maxRecords !== undefined && lag.maxMinutesOfPeak !== undefined) {
      problems.push({ path: `${at}.consumerLag`, message: `gives both maxRecords (${lag.maxRecords}) and maxMinutesOfPeak (${lag.maxMinutesOfPeak})`, fix: 'give one of them' });
    }
    if (lag.maxRecords === undefined && lag.maxMinutesOfPeak === undefined) {
      problems.push({ path: `${at}.consumerLag`, message: 'gives neither maxRecords nor maxMinutesOfPeak', fix: 'give one of them, or remove consumerLag for the default (5 minutes of peak traffic)' });
    }
    problems.push(...wholeAtLeast(`${at}.consumerLag.maxRecords`, lag.maxRecords, 1, 'records', 'a lag below one record fires on every record in flight: give e.g. 100000, or use maxMinutesOfPeak'));
    if (lag.maxMinutesOfPeak !== undefined && !(lag.maxMinutesOfPeak > 0)) {
      problems.push({ path: `${at}.consumerLag.maxMinutesOfPeak`, message: `must be > 0 minutes, got ${lag.maxMinutesOfPeak}`, fix: 'give the minutes of peak traffic a partition may be behind, e.g. 5' });
    }
  }
  problems.push(
    ...wholeAtLeast(`${at}.checkpointFailures`, m.checkpointFailures, 0, 'failed checkpoints', 'give the failed checkpoints tolerated in 5 minutes, e.g. 0 (any failure pages)'),
    ...wholeAtLeast(`${at}.restartsPerHour`, m.restartsPerHour, 0, 'restarts', 'give the restarts tolerated in an hour, e.g. 3'),
    ...msPerSecond(`${at}.backpressureMsPerSecond`, m.backpressureMsPerSecond, 500),
    ...msPerSecond(`${at}.busyTimeMsPerSecond`, m.busyTimeMsPerSecond, 800),
    ...percent(`${at}.cpuPercent`, m.cpuPercent, 80),
    ...percent(`${at}.memoryPercent`, m.memoryPercent, 90),
  );
  return problems;
}

/** Thresholds a batch job ignores: its signals are failed runs and restarts, which take `restartsPerHour` and `alarms`. */
const STREAMING_ONLY: readonly (keyof JobMonitoring)[] = [
  'consumerLag', 'checkpointFailures', 'backpressureMsPerSecond', 'busyTimeMsPerSecond', 'cpuPercent', 'memoryPercent',
];

/**
 * Signal thresholds are possible values: counts are whole and not negative, a lag is at least one record, times per
 * second stay below a second, percentages between 0 and 100 (exclusive); a lag gives records or minutes, not both; a
 * batch job sets no streaming threshold (it would be ignored).
 */
export function monitoringRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const pipeline: PipelineMonitoring | undefined = def.monitoring;
  if (pipeline !== undefined) {
    problems.push(...thresholdProblems('monitoring', pipeline), ...percent('monitoring.brokerDiskPercent', pipeline.brokerDiskPercent, 80));
  }
  def.jobs.forEach((job, i) => {
    const m = job.monitoring;
    if (m === undefined) return;
    const at = `${jobPath(i, job)}.monitoring`;
    problems.push(...thresholdProblems(at, m));
    if (job.mode?.value !== JobMode.BATCH.value) return;
    for (const field of STREAMING_ONLY) {
      if (m[field] !== undefined) {
        problems.push({ path: `${at}.${field}`, message: 'is set on a batch job, whose signals are failed runs and restarts', fix: 'remove it (a batch job\'s monitoring takes restartsPerHour and alarms)' });
      }
    }
  });
  return problems;
}
