import { SizingAssumption } from './sizing-plan';

/**
 * The constants of the sizing model, each with its source. The report prints them; changing one here changes every
 * derived figure, so each is a documented decision rather than a magic number.
 */
export const SIZING_DEFAULTS = {
  /** Sustained produce throughput one partition takes (one leader, sequential appends). */
  partitionWriteMBps: 10,
  /** Replicas of the internal `__consumer_offsets` topic's 50 partitions count against the per-broker partition budget. */
  consumerOffsetsPartitions: 50,
  /** Broker disk kept at most this full at steady state: storage = retained bytes ÷ this. */
  brokerDiskFillRatio: 0.6,
  /** Smallest broker volume, GiB (logs, internal topics, room for a retention change). */
  minBrokerStorageGiB: 20,
  /** Broker volumes are rounded up to a multiple of this, GiB. */
  brokerStorageStepGiB: 10,
  /** Largest EBS gp3 volume and largest MSK Standard broker volume, GiB. */
  maxBrokerStorageGiB: 16384,
  /** Before stepping up the broker instance size, at most this many brokers per zone. */
  maxBrokersPerZoneBeforeResize: 3,
  /** Share of a broker node a broker pod requests (the rest: page cache headroom, daemon sets). */
  brokerPodShareOfNode: 0.75,
  /** Memory per Flink slot / KPU, MiB: one KPU is 1 vCPU + 4 GB, and self-hosted slots get the same. */
  memoryPerKpuMiB: 4096,
  /** Default ParallelismPerKPU of MSF (service default 1, maximum 8). */
  parallelismPerKpu: 1,
  /** Default slots per self-hosted TaskManager. */
  slotsPerTaskManager: 2,
  /** JobManager of each self-hosted FlinkDeployment. */
  jobManager: { cpuMillis: 1000, memoryMiB: 2048 },
  /** KRaft controller pod (1 GiB heap). */
  controller: { cpuMillis: 500, memoryMiB: 2048 },
  /** Flink's default key groups: ⌈1.5 × parallelism⌉ rounded up to a power of two, between 128 and 32768. */
  minKeyGroups: 128,
  maxKeyGroups: 32768,
  /** MSF default quota: KPUs per application (parallelism ≤ parallelismPerKpu × this). */
  msfMaxKpusPerApplication: 64,
  /** MSF: maximum ParallelismPerKPU. */
  msfMaxParallelismPerKpu: 8,
  /** Hours a day a streaming job's ingress is at its peak (the rest at the average). */
  peakHoursPerDay: 4,
  /** Flink operator autoscaler `job.autoscaler.scale-down.interval`: scaled-up parallelism is held this long after a peak. */
  operatorScaleDownHours: 1,
  /** MSF autoscaling scales down after 6 hours below 10 % CPU: scaled-up KPUs are held this long after a peak. */
  msfScaleDownHours: 6,
  /** MSK Serverless quotas per cluster. */
  serverlessMaxIngressMBps: 200,
  serverlessMaxPartitions: 2400,
} as const;

/**
 * MB/s one Flink subtask is assumed to process when a job does not say (`throughputPerSubtaskMBps`): what the sizing
 * model divides a job's demand by. A project assumption, kept below `LOCAL_RUNTIME_THROUGHPUT`.
 */
export const DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS = 5;

/** A job's throughput as `npm run bench` (scripts/bench/runtime-throughput.ts) measured it on the local runtime. */
export interface MeasuredThroughput {
  /** `<pipeline>/<job>` of the examples. */
  readonly job: string;
  /** What it reads and writes. */
  readonly shape: string;
  /** MB/s of Kafka records read by one subtask (parallelism 1). */
  readonly mbPerSecondPerSubtask: number;
  readonly recordsPerSecond: number;
}

/**
 * The examples' throughput on the local runtime (runner jar, Flink 1.20.4 MiniCluster, Kafka 4.3.1 over SASL_SSL, local
 * Iceberg): a backlog written by the pipeline's load generator, read at parallelism 1, timed from the first to the
 * last offset commit. Measured beside the model's default, not instead of it: the sink writes a local disk instead of
 * S3, and the machine was shared (load average 3.6–4.5 on 2 vCPUs), so the figures bound a subtask's CPU-side speed
 * from below rather than predict a deployment.
 */
export const LOCAL_RUNTIME_THROUGHPUT = {
  measuredOn: '2026-12-06',
  machine: '2 vCPU AMD EPYC, shared',
  jobs: [
    { job: 'orders/orders-to-lake', shape: 'JSON ~1 KB → Iceberg upsert, day-partitioned', mbPerSecondPerSubtask: 10.3, recordsPerSecond: 10_033 },
    { job: 'clicks/clicks-to-lake', shape: 'JSON ~400 B → Iceberg append, day-partitioned', mbPerSecondPerSubtask: 8.5, recordsPerSecond: 21_154 },
    { job: 'orders/customers-nightly', shape: 'batch: compacted JSON ~500 B → latest per key → Iceberg overwrite, whole run with JVM start', mbPerSecondPerSubtask: 5.0, recordsPerSecond: 9_722 },
  ] as readonly MeasuredThroughput[],
} as const;

/** The assumptions of the model, as the report lists them (in addition to per-pipeline ones). */
export const BASE_ASSUMPTIONS: readonly SizingAssumption[] = [
  { name: 'partition write throughput', value: `${SIZING_DEFAULTS.partitionWriteMBps} MB/s per partition`, source: 'project assumption: conservative end of the tens of MB/s one partition leader sustains (Kafka/Confluent partition-count guidance: partitions = max(throughput ÷ producer rate, throughput ÷ consumer rate))' },
  { name: 'consumer throughput per partition', value: 'the throughputPerSubtaskMBps of the slowest job reading the topic (default 5 MB/s)', source: 'one Flink source subtask reads each partition: a topic needs at least peak ÷ subtask throughput partitions' },
  {
    name: 'throughput per Flink subtask',
    value: `${DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS} MB/s (the default the model uses unless a job sets throughputPerSubtaskMBps)`,
    source: `project assumption, kept below what the local runtime measured (${LOCAL_RUNTIME_THROUGHPUT.measuredOn}, ${LOCAL_RUNTIME_THROUGHPUT.machine}: `
      + `${LOCAL_RUNTIME_THROUGHPUT.jobs.map((j) => `${j.job} ${j.mbPerSecondPerSubtask} MB/s`).join(', ')} per subtask, npm run bench) because a deployment's sink also writes S3 and commits to Glue, which a local run does not`,
  },
  { name: 'broker disk fill', value: `≤ ${SIZING_DEFAULTS.brokerDiskFillRatio * 100} % at steady state`, source: 'project assumption: room for consumer lag, rebalancing and a retention change without an emergency resize' },
  { name: 'broker volume', value: `${SIZING_DEFAULTS.minBrokerStorageGiB}–${SIZING_DEFAULTS.maxBrokerStorageGiB} GiB, in ${SIZING_DEFAULTS.brokerStorageStepGiB} GiB steps`, source: 'EBS gp3 and MSK Standard brokers allow up to 16 TiB per volume' },
  { name: 'broker write capacity', value: 'half the instance\'s EBS baseline bandwidth (leader + follower writes)', source: 'project assumption from EC2 EBS-optimized baselines (e.g. m7g.large 630 Mbps ≈ 78 MB/s → 39 MB/s), unverified here' },
  { name: 'partitions per broker', value: '1000 (large, xlarge), 2000 (2xlarge), 4000 (4xlarge), 300 (t3.small), replicas included', source: 'Amazon MSK best practices, "Right-size your cluster: Number of partitions per Standard broker"' },
  { name: 'compacted topics', value: 'retained bytes = ingress × retention (upper bound: compaction only shrinks the log)', source: 'project assumption: the live key set is not part of the workload definition' },
  { name: 'broker count', value: 'max(replication factor, throughput, partitions, storage) rounded up to a multiple of the zones', source: 'rack awareness: each zone holds the same number of brokers so replicas spread evenly (MSK requires it)' },
  { name: 'KPU', value: '1 vCPU + 4 GB memory + 50 GB running storage; +1 orchestration KPU per application', source: 'Managed Service for Apache Flink developer guide, "Application resources" and "Per second billing"' },
  { name: 'MSF KPU quota', value: `${SIZING_DEFAULTS.msfMaxKpusPerApplication} KPUs per application, ParallelismPerKPU ≤ ${SIZING_DEFAULTS.msfMaxParallelismPerKpu}`, source: 'Managed Service for Apache Flink developer guide, "Implement application scaling" (default quota, can be raised)' },
  { name: 'self-hosted slot', value: `1 ÷ parallelismPerKpu vCPU + ${SIZING_DEFAULTS.memoryPerKpuMiB} MiB ÷ parallelismPerKpu per slot`, source: 'project assumption: the same compute per subtask as a KPU, so both flavors are compared at equal capacity' },
  { name: 'JobManager', value: `${SIZING_DEFAULTS.jobManager.cpuMillis}m CPU, ${SIZING_DEFAULTS.jobManager.memoryMiB} MiB per FlinkDeployment`, source: 'project assumption (the MSF orchestration KPU is its managed counterpart)' },
  { name: 'KRaft controllers', value: `3 (one per zone) when replication factor > 1, else 1; ${SIZING_DEFAULTS.controller.cpuMillis}m CPU, ${SIZING_DEFAULTS.controller.memoryMiB} MiB each`, source: 'Strimzi KRaft: a controller quorum of 3 survives one zone loss; MSK includes its controllers' },
  { name: 'parallelism (derived)', value: 'continuous: ⌈peak ÷ subtask throughput⌉; autoscaled: floor ⌈average ÷ subtask throughput⌉, max = largest source partition count; scheduled N h/day: ⌈max(peak, average × 24 ÷ N) ÷ subtask throughput⌉; batch: the source backlog read within the window', source: 'project model; more subtasks than partitions of the largest source would idle' },
  { name: 'key groups', value: '⌈1.5 × max parallelism⌉ rounded up to a power of two, 128–32768', source: 'Apache Flink default maximum parallelism rule' },
  { name: 'daily load shape', value: `peak for ${SIZING_DEFAULTS.peakHoursPerDay} h a day, average the rest`, source: 'project assumption: used only to average autoscaled capacity over a day' },
  { name: 'scale-down delay', value: `self-hosted ${SIZING_DEFAULTS.operatorScaleDownHours} h, MSF ${SIZING_DEFAULTS.msfScaleDownHours} h after a peak`, source: 'Flink operator autoscaler job.autoscaler.scale-down.interval (1 h); MSF autoscaling scales down after 6 h below 10 % CPU' },
  { name: 'MSF scale steps', value: 'parallelism doubles from the initial value, capped at max', source: 'MSF autoscaling doubles parallelism at CPU ≥ 75 % for 15 minutes' },
];
