import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { findDefinitionProblems, validateDefinition } from '../../lib/validation/validate-definition';
import { formatProblem } from '../../lib/validation/validation-problem';
import { Mutable, exampleWith } from '../support/test-app';

type Change = (d: Mutable<PipelineDefinition>) => void;

const JOB0 = 'jobs[0] ("orders-to-lake").monitoring';
const JOB1 = 'jobs[1] ("customers-nightly").monitoring';

/** Each impossible threshold: a change to the example and the one problem line it must produce, exactly. */
const CASES: Array<[string, Change, string]> = [
  ['negative restarts', (d) => { d.monitoring = { restartsPerHour: -1 }; }, 'monitoring.restartsPerHour: must be a whole number of restarts ≥ 0, got -1 — give the restarts tolerated in an hour, e.g. 3'],
  ['fractional failed checkpoints', (d) => { d.jobs[0].monitoring = { checkpointFailures: 0.5 }; }, `${JOB0}.checkpointFailures: must be a whole number of failed checkpoints ≥ 0, got 0.5 — give the failed checkpoints tolerated in 5 minutes, e.g. 0 (any failure pages)`],
  ['lag below one record', (d) => { d.monitoring = { consumerLag: { maxRecords: 0 } }; }, 'monitoring.consumerLag.maxRecords: must be a whole number of records ≥ 1, got 0 — a lag below one record fires on every record in flight: give e.g. 100000, or use maxMinutesOfPeak'],
  ['lag of no minutes', (d) => { d.jobs[0].monitoring = { consumerLag: { maxMinutesOfPeak: -5 } }; }, `${JOB0}.consumerLag.maxMinutesOfPeak: must be > 0 minutes, got -5 — give the minutes of peak traffic a partition may be behind, e.g. 5`],
  ['lag in records and minutes', (d) => { d.monitoring = { consumerLag: { maxRecords: 5000, maxMinutesOfPeak: 5 } }; }, 'monitoring.consumerLag: gives both maxRecords (5000) and maxMinutesOfPeak (5) — give one of them'],
  ['empty lag', (d) => { d.monitoring = { consumerLag: {} }; }, 'monitoring.consumerLag: gives neither maxRecords nor maxMinutesOfPeak — give one of them, or remove consumerLag for the default (5 minutes of peak traffic)'],
  ['CPU above 100%', (d) => { d.monitoring = { cpuPercent: 120 }; }, 'monitoring.cpuPercent: must be a percentage above 0 and below 100, got 120 — give e.g. 80: a utilization never exceeds 100%, and 0 always fires'],
  ['heap at 100%', (d) => { d.jobs[0].monitoring = { memoryPercent: 100 }; }, `${JOB0}.memoryPercent: must be a percentage above 0 and below 100, got 100 — give e.g. 90: a utilization never exceeds 100%, and 0 always fires`],
  ['disk at 0%', (d) => { d.monitoring = { brokerDiskPercent: 0 }; }, 'monitoring.brokerDiskPercent: must be a percentage above 0 and below 100, got 0 — give e.g. 80: a utilization never exceeds 100%, and 0 always fires'],
  ['busy a whole second', (d) => { d.monitoring = { busyTimeMsPerSecond: 1000 }; }, 'monitoring.busyTimeMsPerSecond: must be from 0 to below 1000 ms per second (a task has 1000 ms in a second), got 1000 — give e.g. 800; 1000 or more never fires'],
  ['negative backpressure', (d) => { d.jobs[0].monitoring = { backpressureMsPerSecond: -1 }; }, `${JOB0}.backpressureMsPerSecond: must be from 0 to below 1000 ms per second (a task has 1000 ms in a second), got -1 — give e.g. 500; 1000 or more never fires`],
  ['streaming threshold on a batch job', (d) => { d.jobs[1].monitoring = { cpuPercent: 70, restartsPerHour: 3 }; }, `${JOB1}.cpuPercent: is set on a batch job, whose signals are failed runs and restarts — remove it (a batch job's monitoring takes restartsPerHour and alarms)`],
];

describe('monitoring thresholds in the definition', () => {
  test('possible thresholds on the pipeline and its jobs are valid', () => {
    expect(findDefinitionProblems(exampleWith((d) => {
      d.monitoring = { consumerLag: { maxRecords: 50_000 }, checkpointFailures: 1, restartsPerHour: 0, backpressureMsPerSecond: 0, busyTimeMsPerSecond: 999, cpuPercent: 70, memoryPercent: 95, brokerDiskPercent: 75, alarms: true };
      d.jobs[0].monitoring = { consumerLag: { maxMinutesOfPeak: 0.5 }, alarms: false };
      d.jobs[1].monitoring = { restartsPerHour: 1, alarms: false };
    }))).toEqual([]);
  });

  test.each(CASES)('fails on %s with the exact message', (_name, change, expected) => {
    expect(findDefinitionProblems(exampleWith(change)).map(formatProblem)).toEqual([expected]);
  });

  test('a JSON definition\'s monitoring is read by shape: unknown fields, strings for numbers, a cluster threshold on a job', () => {
    const definition = exampleWith(() => undefined) as unknown as Record<string, unknown>;
    const jobs = (definition.jobs as Record<string, unknown>[]).map((j, i) => (i === 0 ? { ...j, monitoring: { brokerDiskPercent: 80 } } : j));
    const problems = findDefinitionProblems({ ...definition, jobs, monitoring: { cpuPercent: '80', lagRecords: 5 } }).map(formatProblem);
    expect(problems).toEqual([
      'jobs[0] ("orders-to-lake").monitoring.brokerDiskPercent: is not a field of job monitoring thresholds — remove it; the fields are consumerLag, checkpointFailures, restartsPerHour, backpressureMsPerSecond, busyTimeMsPerSecond, cpuPercent, memoryPercent, alarms',
      'monitoring.lagRecords: is not a field of monitoring thresholds — remove it; the fields are consumerLag, checkpointFailures, restartsPerHour, backpressureMsPerSecond, busyTimeMsPerSecond, cpuPercent, memoryPercent, alarms, brokerDiskPercent',
      'monitoring.cpuPercent: must be a number, got the string "80" — give a percentage, e.g. 80',
    ]);
  });

  test('validation returns the thresholds in the canonical definition', () => {
    const canonical = validateDefinition(exampleWith((d) => { d.monitoring = { cpuPercent: 70, consumerLag: { maxRecords: 10 } }; d.jobs[0].monitoring = { alarms: false }; }));
    expect(canonical.monitoring).toEqual({ cpuPercent: 70, consumerLag: { maxRecords: 10 } });
    expect(canonical.jobs[0].monitoring).toEqual({ alarms: false });
  });
});
