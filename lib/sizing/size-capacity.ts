import { JobMode } from '../definition/job-options';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { JobPlan, TopicPlan } from '../plan/pipeline-plan';
import { ownedTopics } from '../plan/resolve-topics';
import { PipelineValidationError, ValidationProblem } from '../validation/validation-problem';
import { FlinkComputeSettings, sizeJob } from './flink-capacity';
import { jobDemand } from './job-parallelism';
import { sizeKafka } from './kafka-capacity';
import { sizeNodeGroups } from './node-groups';
import { ceilUnits, round } from './private/rounding';
import { BASE_ASSUMPTIONS, SIZING_DEFAULTS } from './sizing-defaults';
import { JobSizing, SizingAssumption, SizingPlan } from './sizing-plan';

/** Inputs of {@link sizeCapacity}: the planned topics and jobs of one pipeline in one environment. */
export interface SizeCapacityInput {
  readonly pipelineName: string;
  readonly topics: readonly TopicPlan[];
  readonly jobs: readonly JobPlan[];
  readonly environment: PipelineEnvironment;
  /** Flavors the plan must deploy on: managed-only limits (KPU quota) are errors only when MANAGED is among them. */
  readonly flavors: readonly Flavor[];
  /**
   * Jobs deployed stopped and run on demand (the load generator): the Flink node group's maximum makes room for them,
   * but nothing else counts them (minimum and average nodes, KPUs and costs price what runs all day).
   * @default - none
   */
  readonly onDemandJobs?: readonly JobSizing[];
}

function jobAt(index: number, job: JobPlan): string {
  return `jobs[${index}] (${JSON.stringify(job.name)})`;
}

/** Per-environment Flink settings, validated. */
function computeSettings(environment: PipelineEnvironment, problems: ValidationProblem[]): FlinkComputeSettings {
  const at = `environments.${environment.name}.sizing`;
  const ppk = environment.sizing.parallelismPerKpu ?? SIZING_DEFAULTS.parallelismPerKpu;
  const slots = environment.sizing.slotsPerTaskManager ?? SIZING_DEFAULTS.slotsPerTaskManager;
  const okPpk = Number.isInteger(ppk) && ppk >= 1 && ppk <= SIZING_DEFAULTS.msfMaxParallelismPerKpu;
  const okSlots = Number.isInteger(slots) && slots >= 1;
  if (!okPpk) problems.push({ path: `${at}.parallelismPerKpu`, message: `must be a whole number from 1 to ${SIZING_DEFAULTS.msfMaxParallelismPerKpu}, got ${ppk}`, fix: 'use 1 (the MSF default) unless the job waits on I/O' });
  if (!okSlots) problems.push({ path: `${at}.slotsPerTaskManager`, message: `must be a whole number ≥ 1, got ${slots}`, fix: 'use 2 (or remove it)' });
  return { parallelismPerKpu: okPpk ? ppk : SIZING_DEFAULTS.parallelismPerKpu, slotsPerTaskManager: okSlots ? slots : SIZING_DEFAULTS.slotsPerTaskManager };
}

/**
 * Parallelism checks of one job.
 * - Error: an explicit parallelism (initial or max) above the largest source partition count. Source subtasks
 *   beyond the partitions idle, yet hold slots (self-hosted) and KPUs (MSF) — paid for, doing nothing. The fix is
 *   cheap: more partitions or a lower parallelism.
 * - Error: an explicit parallelism above the environment's `sizing.maxParallelism` cost guard.
 * - Error (when deployed on MSF): max above parallelismPerKpu × 64 KPUs, the default MSF quota per application.
 * - Warning: the derived parallelism cannot carry the peak (sources have too few partitions), or a batch job cannot
 *   read its backlog within its window at max parallelism.
 */
function jobProblems(index: number, job: JobPlan, sources: readonly TopicPlan[], input: SizeCapacityInput, settings: FlinkComputeSettings, errors: ValidationProblem[], warnings: ValidationProblem[]): void {
  const at = jobAt(index, job);
  const p = job.parallelism;
  const largest = Math.max(0, ...sources.map((t) => t.partitions));
  const largestName = sources.find((t) => t.partitions === largest)?.name ?? '';
  const explicit = p.source === 'explicit';
  for (const field of ['initial', 'max'] as const) {
    if (explicit && p[field] > largest && largest > 0) {
      errors.push({ path: `${at}.parallelism.${field}`, message: `is ${p[field]}, more than the ${largest} partitions of its largest source topic ${JSON.stringify(largestName)}: ${p[field] - largest} source subtasks would idle while holding slots and KPUs`, fix: `lower it to ${largest} or fewer, or raise the partitions of topic ${JSON.stringify(largestName)}` });
    }
    const cap = input.environment.sizing.maxParallelism;
    if (explicit && cap !== undefined && p[field] > cap) {
      errors.push({ path: `${at}.parallelism.${field}`, message: `is ${p[field]}, above environments.${input.environment.name}.sizing.maxParallelism (${cap})`, fix: 'lower it, or raise the environment cap' });
    }
  }
  const kpuLimit = SIZING_DEFAULTS.msfMaxKpusPerApplication;
  const processingKpus = ceilUnits(p.max / settings.parallelismPerKpu);
  if (input.flavors.some((f) => f.id === Flavor.MANAGED.id) && processingKpus > kpuLimit) {
    errors.push({ path: `${at}.parallelism.max`, message: `is ${p.max}: ${processingKpus} KPUs at parallelismPerKpu ${settings.parallelismPerKpu}, above the Managed Service for Apache Flink default quota of ${kpuLimit} KPUs per application`, fix: `lower parallelism.max to ${kpuLimit * settings.parallelismPerKpu} or less, raise sizing.parallelismPerKpu, or request a KPU quota increase and say so here` });
  }
  const demand = jobDemand(sources, job.costControl, job.mode);
  const batch = job.mode.value === JobMode.BATCH.value;
  const scheduled = !batch && demand.initialMBps > demand.peakMBps;
  const neededMBps = batch || scheduled ? demand.initialMBps : demand.peakMBps;
  const needed = ceilUnits(neededMBps / job.throughputPerSubtaskMBps);
  if (needed > p.max) {
    const why = batch ? `to read its sources' backlog within its ${demand.hoursPerDay} h window`
      : scheduled ? `to process a day of ingress within its ${demand.hoursPerDay} h window (${round(neededMBps)} MB/s ÷ ${job.throughputPerSubtaskMBps} MB/s per subtask)`
        : `at peak ingress (${round(neededMBps)} MB/s ÷ ${job.throughputPerSubtaskMBps} MB/s per subtask)`;
    warnings.push({ path: `${at}.parallelism`, message: `needs parallelism ${needed} ${why}, but max is ${p.max}`, fix: 'raise the partitions of its sources and parallelism.max, or its throughputPerSubtaskMBps if measured higher' });
  }
}

/** Partitions of one topic and slots of one pipeline this library sizes: node packing stays fast below them. */
export const SIZING_BOUNDS = { partitionsPerTopic: 4096, slotsPerPipeline: 32_768 } as const;

/**
 * Refuses, before any packing, a pipeline whose figures (after the environment's workload scale) exceed the sizing
 * bounds: huge partition or parallelism counts would make node packing run for minutes or exhaust memory.
 */
function throwIfUnsizable(input: SizeCapacityInput): void {
  const problems: ValidationProblem[] = [];
  input.topics.forEach((t, i) => {
    if (!(t.partitions <= SIZING_BOUNDS.partitionsPerTopic)) {
      problems.push({ path: `topics[${i}] (${JSON.stringify(t.name)}).partitions`, message: `is ${t.partitions} in environment "${input.environment.name}" (workload scale × ${input.environment.sizing.workloadScale}), above the ${SIZING_BOUNDS.partitionsPerTopic} partitions this library sizes`, fix: 'lower the workload or the environment\'s sizing.workloadScale, or set partitions' });
    }
  });
  const slots = input.jobs.reduce((sum, j) => sum + Math.max(j.parallelism.initial, j.parallelism.max), 0);
  if (!(slots <= SIZING_BOUNDS.slotsPerPipeline)) {
    problems.push({ path: 'jobs', message: `need up to ${slots} parallel subtasks together, above the ${SIZING_BOUNDS.slotsPerPipeline} this library sizes for one pipeline`, fix: 'lower parallelism.max of the jobs, or split the pipeline' });
  }
  if (problems.length > 0) throw new PipelineValidationError(`pipeline ${JSON.stringify(input.pipelineName)} sizing (environment "${input.environment.name}")`, problems);
}

/**
 * Sizes the whole pipeline for both flavors (Kafka brokers, node groups, TaskManagers, KPUs) and checks that the
 * sizing is possible. Throws one PipelineValidationError listing every impossible figure; findings that only cost
 * money or throughput are returned as `warnings`.
 */
export function sizeCapacity(input: SizeCapacityInput): SizingPlan {
  throwIfUnsizable(input);
  const errors: ValidationProblem[] = [];
  const warnings: ValidationProblem[] = [];
  const settings = computeSettings(input.environment, errors);
  // Shared inputs are sized by the pipeline that owns them.
  const kafka = sizeKafka(ownedTopics(input.topics), input.environment);
  errors.push(...kafka.problems);
  const sourcesOf = (job: JobPlan) => input.topics.filter((t) => job.sources.includes(t.name));
  input.jobs.forEach((job, i) => jobProblems(i, job, sourcesOf(job), input, settings, errors, warnings));
  const jobs = input.jobs.map((job) => sizeJob(job, sourcesOf(job), settings));
  const onDemand = input.onDemandJobs ?? [];
  const nodes = sizeNodeGroups(kafka.kafka, jobs, input.environment, onDemand);
  errors.push(...nodes.problems);
  if (errors.length > 0) throw new PipelineValidationError(`pipeline ${JSON.stringify(input.pipelineName)} sizing (environment "${input.environment.name}")`, errors);
  const assumptions: SizingAssumption[] = [
    ...BASE_ASSUMPTIONS,
    { name: 'workload scale', value: `× ${input.environment.sizing.workloadScale}`, source: `environments.${input.environment.name}.sizing.workloadScale` },
    { name: 'parallelism per KPU', value: String(settings.parallelismPerKpu), source: input.environment.sizing.parallelismPerKpu === undefined ? 'MSF default' : `environments.${input.environment.name}.sizing.parallelismPerKpu` },
    { name: 'slots per TaskManager', value: String(settings.slotsPerTaskManager), source: input.environment.sizing.slotsPerTaskManager === undefined ? 'project default' : `environments.${input.environment.name}.sizing.slotsPerTaskManager` },
    ...onDemand.map((j) => ({
      name: `on-demand job ${j.job}`,
      value: `not priced: deployed stopped; while running ${j.managed.kpus} KPUs (managed) or ${j.selfHosted.taskManagers} TaskManagers + 1 JobManager (self-hosted)`,
      source: 'definition (loadGenerator): costs accrue only while pipelines verify --load runs it; the Flink node group maximum leaves room for it',
    })),
    ...input.topics.filter((t) => !t.workload).map((t) => ({ name: `topic ${t.name}`, value: 'no workload: 0 MB/s', source: 'definition (partitions only): adds partitions, no storage or traffic' })),
  ];
  return { kafka: kafka.kafka, jobs, nodeGroups: nodes.nodeGroups, assumptions, warnings };
}
