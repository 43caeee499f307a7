import { MskMode } from '../environment/managed-options';
import { ValidationProblem } from '../validation/validation-problem';

/**
 * One assumption behind a sizing or cost figure, shown in the comparison report next to the figures it drives.
 */
export interface SizingAssumption {
  /** Short name, e.g. `partition write throughput`. */
  readonly name: string;
  /** The value used, with its unit, e.g. `10 MB/s per partition`. */
  readonly value: string;
  /** Where the value comes from: a document, a rule of thumb, or `project assumption` with the reason. */
  readonly source: string;
}

/** CPU and memory of one pod (Kubernetes requests = limits for Flink and Kafka pods). */
export interface PodResources {
  /** CPU in millicores (1000 = one vCPU). */
  readonly cpuMillis: number;
  /** Memory in MiB (Flink: total process memory). */
  readonly memoryMiB: number;
}

/** A node group of the self-hosted EKS cluster. */
export interface NodeGroupSizing {
  /** EC2 instance type, e.g. `m7g.large`. */
  readonly instanceType: string;
  /** Nodes that always run. */
  readonly min: number;
  /** Nodes the node autoscaler may add up to (every job at its maximum parallelism at once). */
  readonly max: number;
  /** Nodes running on average over a day (scheduled jobs, autoscaling): what the cost model prices. */
  readonly averageNodes: number;
  /** Whether the instance type came from the environment (`explicit`) or from the sizing model. */
  readonly instanceTypeSource: 'explicit' | 'derived';
}

/** Brokers of one flavor's Kafka cluster. */
export interface BrokerSizing {
  /** Brokers in the cluster (0 for MSK Serverless). */
  readonly brokers: number;
  /** Availability zones the brokers are spread over (rack awareness). */
  readonly zones: number;
  /** `brokers ÷ zones`: MSK's `numberOfBrokerNodes` is per zone. */
  readonly brokersPerZone: number;
  /** Instance type: an EC2 type for self-hosted broker nodes, a `kafka.*` type for MSK (empty for Serverless). */
  readonly instanceType: string;
  /** Whether the instance type came from the environment (`explicit`) or from the sizing model. */
  readonly instanceTypeSource: 'explicit' | 'derived';
  /** EBS volume of each broker in GiB (0 for MSK Serverless). */
  readonly storagePerBrokerGiB: number;
}

/** The traffic and data a Kafka cluster carries: the same on both flavors. */
export interface KafkaTraffic {
  /** Average ingress of all topics, MB/s (environment scale applied). */
  readonly ingressMBps: number;
  /** Peak ingress of all topics, MB/s. */
  readonly peakIngressMBps: number;
  /** Bytes read per second by all consumer groups on average, MB/s (ingress × consumer groups per topic). */
  readonly egressMBps: number;
  /** Partitions of the pipeline's topics (leaders only, internal topics excluded). */
  readonly partitions: number;
  /** Partition replicas the brokers host, internal `__consumer_offsets` (50 partitions) included. */
  readonly partitionReplicas: number;
  /** Data retained on the brokers, all replicas, GiB (before headroom): Σ ingress × retention × replication factor. */
  readonly retainedGiB: number;
  /**
   * Data kept in Kafka tiered storage, one copy, GiB: Σ ingress × raw retention total of the topics with
   * `RawRetention.tieredStorage` (closed segments are copied there soon after they roll, so the whole log is counted).
   * Broker volumes are sized from `retainedGiB`, the local retention only.
   */
  readonly tieredGiB: number;
}

/** Kafka sizing shared by both flavors plus what each flavor runs. */
export interface KafkaSizing extends KafkaTraffic {
  /** Self-hosted: Strimzi broker node pool (one broker per node). */
  readonly selfHosted: BrokerSizing & {
    /** Requests of one broker pod. */
    readonly broker: PodResources;
    /** KRaft controllers (a dedicated controller node pool, spread over zones). */
    readonly controllers: number;
    /** Requests of one KRaft controller pod. */
    readonly controller: PodResources;
  };
  /** Managed: the MSK cluster. */
  readonly managed: BrokerSizing & {
    /** MSK cluster kind. */
    readonly mode: MskMode;
  };
}

/** Parallelism of a job over a day, the input of node and KPU counts. */
export interface JobLoadSizing {
  /** Parallelism the job starts with (the autoscaler's floor). */
  readonly initial: number;
  /** Parallelism ceiling (autoscaler maximum). */
  readonly max: number;
  /** Parallelism needed at peak ingress (≤ max). */
  readonly peak: number;
  /** Hours a day the job runs (24 unless scheduled / batch). */
  readonly hoursPerDay: number;
}

/** Compute of one job on each flavor. */
export interface JobSizing {
  /** Job name. */
  readonly job: string;
  readonly load: JobLoadSizing;
  /** Self-hosted: a FlinkDeployment (application mode). */
  readonly selfHosted: {
    readonly slotsPerTaskManager: number;
    readonly taskManager: PodResources;
    readonly jobManager: PodResources;
    /** TaskManagers at initial parallelism. */
    readonly taskManagers: number;
    /** TaskManagers at max parallelism. */
    readonly maxTaskManagers: number;
    /** TaskManagers averaged over the hours the job runs (autoscaling). */
    readonly averageTaskManagers: number;
  };
  /** Managed: a Managed Service for Apache Flink application. */
  readonly managed: {
    /** `ParallelismPerKPU` of the application. */
    readonly parallelismPerKpu: number;
    /** KPUs at initial parallelism: ⌈initial ÷ parallelismPerKpu⌉ + 1 orchestration KPU. */
    readonly kpus: number;
    /** KPUs at max parallelism: ⌈max ÷ parallelismPerKpu⌉ + 1 orchestration KPU. */
    readonly maxKpus: number;
    /** KPUs averaged over the hours the application runs (MSF autoscaling doubles / halves parallelism). */
    readonly averageKpus: number;
    /** Orchestration KPUs (always 1 per application). */
    readonly orchestrationKpus: number;
  };
}

/** Capacity of the whole pipeline on both flavors, computed once in the plan. */
export interface SizingPlan {
  readonly kafka: KafkaSizing;
  readonly jobs: JobSizing[];
  /** Self-hosted EKS node groups. */
  readonly nodeGroups: {
    /** Operators (Strimzi, Flink operator, cert-manager), cluster add-ons and KRaft controllers. */
    readonly system: NodeGroupSizing;
    /** Kafka brokers, one per node. */
    readonly kafka: NodeGroupSizing;
    /** Flink JobManagers and TaskManagers. */
    readonly flink: NodeGroupSizing;
  };
  /** Every assumption behind these figures, for the report. */
  readonly assumptions: SizingAssumption[];
  /** Findings that do not stop synthesis but the report must show (e.g. a job that cannot reach its peak). */
  readonly warnings: ValidationProblem[];
}
