import { ManagedEnvironmentOptions } from './managed-options';
import { SelfHostedEnvironmentOptions } from './self-hosted-options';

/** Kafka durability settings of an environment. */
export interface KafkaEnvironmentOptions {
  /**
   * Copies of each partition. Must be ≥ 3 in production.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * In-sync replicas an acknowledged write needs. Must be ≥ 2 in production and < replicationFactor.
   * @default 2
   */
  readonly minInSyncReplicas?: number;
}

/** Sizing overrides of an environment; each wins over the sizing model. */
export interface SizingEnvironmentOptions {
  /**
   * Multiplies every topic's expected ingress (e.g. 0.1 for a dev environment that sees a tenth of production).
   * @default 1
   */
  readonly workloadScale?: number;
  /**
   * Minimum partitions of a derived topic.
   * @default 3
   */
  readonly minPartitions?: number;
  /**
   * Upper bound of any job's parallelism (a cost guard).
   * @default - none
   */
  readonly maxParallelism?: number;
  /**
   * MSF `ParallelismPerKPU` (1–8); self-hosted slots get the same compute (1 ÷ this vCPU and 4 GB ÷ this per slot).
   * @default 1
   */
  readonly parallelismPerKpu?: number;
  /**
   * Task slots per self-hosted TaskManager.
   * @default 2
   */
  readonly slotsPerTaskManager?: number;
  /**
   * EC2 instance type of the self-hosted Kafka broker nodes (one broker per node), e.g. `m7g.xlarge`.
   * @default - chosen by the sizing model
   */
  readonly kafkaNodeInstanceType?: string;
  /**
   * EC2 instance type of the self-hosted Flink nodes.
   * @default - chosen by the sizing model
   */
  readonly flinkNodeInstanceType?: string;
}

/** The shared platform of an environment: one per environment × flavor, hosting every pipeline deployed to it. */
export interface PlatformEnvironmentOptions {
  /**
   * Name of the platform: it names the platform stacks (`<name>-<env>-<flavor>`), the Kafka cluster and the SSM
   * parameters under `/event-pipelines/<name>/<env>/<flavor>/` through which pipelines find it. Lower case letters,
   * digits and `-`, 1–24 characters.
   * @default 'data-platform'
   */
  readonly name?: string;
  /**
   * Spare capacity on top of what the declared pipelines need, as a fraction (0.25 = 25 %): applied to the Kafka
   * traffic and storage the brokers are sized for and to the Flink node group's maximum, so a pipeline added later
   * fits without resizing the platform.
   * @default 0
   */
  readonly headroom?: number;
}

/** One deployment environment, as written in `cdk.json` under `context["pipelines:environments"][name]`. */
export interface PipelineEnvironmentConfig {
  /** AWS account id (12 digits). */
  readonly account: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** Availability zones to use (3 for production: Kafka is rack-aware over them). */
  readonly availabilityZones: string[];
  /**
   * Whether this is a production environment: unsafe settings become errors.
   * @default true
   */
  readonly production?: boolean;
  /**
   * Whether data stores (buckets, Glue database, Kafka volumes, Flink snapshots) survive stack deletion.
   * Must be true in production.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * NAT gateways of the VPC (one per AZ for zone-independent egress).
   * @default - one per availability zone
   */
  readonly natGateways?: number;
  /** Kafka durability. */
  readonly kafka?: KafkaEnvironmentOptions;
  /** Sizing overrides. */
  readonly sizing?: SizingEnvironmentOptions;
  /**
   * The shared platform (network, Kafka, Flink runtime, lakehouse storage) of the environment.
   * @default - name 'data-platform', no headroom
   */
  readonly platform?: PlatformEnvironmentOptions;
  /** Self-hosted flavor options. */
  readonly selfHosted?: SelfHostedEnvironmentOptions;
  /** Managed flavor options. */
  readonly managed?: ManagedEnvironmentOptions;
}

/** An environment with its name and every default applied. */
export interface PipelineEnvironment {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly availabilityZones: string[];
  readonly production: boolean;
  readonly retainData: boolean;
  readonly natGateways: number;
  readonly kafka: Required<KafkaEnvironmentOptions>;
  readonly sizing: SizingEnvironmentOptions & Required<Pick<SizingEnvironmentOptions, 'workloadScale' | 'minPartitions'>>;
  readonly platform: Required<PlatformEnvironmentOptions>;
  readonly selfHosted: SelfHostedEnvironmentOptions;
  readonly managed: ManagedEnvironmentOptions;
}
