import { runtimeCatalogOf } from '../catalog/flavor-runtimes';
import { FLINK_RELEASES } from '../catalog/flink-release-catalog';
import { Flavor } from '../flavor';

/** One row of the capability matrix: what each flavor offers, and where that comes from. */
export interface CapabilityRow {
  readonly capability: string;
  readonly selfHosted: string;
  readonly managed: string;
  readonly source: string;
}

/**
 * What each flavor can do, besides cost. Static facts of the platforms (versions come from the version catalog), so
 * the report states them the same way for every pipeline.
 */
export function capabilityMatrix(): CapabilityRow[] {
  const minors = (flavor: Flavor) => FLINK_RELEASES.filter((r) => runtimeCatalogOf(flavor).offers(r)).map((r) => r.minor).join(', ');
  return [
    {
      capability: 'Flink versions',
      selfHosted: `${minors(Flavor.SELF_HOSTED)} (official images on the Flink Kubernetes Operator)`,
      managed: `${minors(Flavor.MANAGED)} (MSF runtimes; Java fixed by the runtime)`,
      source: 'version catalog (lib/catalog)',
    },
    {
      capability: 'Autoscaling',
      selfHosted: 'Flink operator autoscaler: per-vertex parallelism from busy time, target utilisation 0.7, scale-down after 1 h; Cluster Autoscaler adds nodes',
      managed: 'MSF autoscaling: whole-job parallelism doubles at CPU ≥ 75 % for 15 min, halves after 6 h below 10 %; ceiling parallelismPerKpu × 64 KPUs (default quota)',
      source: 'Flink operator job.autoscaler.* defaults; MSF developer guide "Implement application scaling"',
    },
    {
      capability: 'Savepoints / snapshots',
      selfHosted: 'savepoints to S3 on every upgrade (upgradeMode savepoint), periodic savepoints, last-state from HA checkpoints',
      managed: 'snapshots on stop and update, restored on start; billed as durable application backups',
      source: 'Flink Kubernetes Operator job management; MSF snapshots',
    },
    {
      capability: 'Session clusters',
      selfHosted: 'yes: a session FlinkDeployment per tenant runs many FlinkSessionJobs on shared JobManager and slots',
      managed: 'no: one application per job, each with its own orchestration KPU',
      source: 'FlinkSessionJob CRD; MSF pricing (+1 KPU per application)',
    },
    {
      capability: 'Scheduled (batch) runs',
      selfHosted: 'a CronJob resumes the suspended, stateless FlinkDeployment (job.state running, new run id) for a fresh run, '
        + 'waits until the operator reports it FINISHED and fails the Kubernetes Job otherwise; the finished JobManager goes '
        + 'after 10 min and the Cluster Autoscaler removes the nodes the run added (the Flink node group keeps only what the '
        + 'streaming jobs need: zero nodes when there are none)',
      managed: 'EventBridge Scheduler starts the application; it is stopped when the job logs FINISHED (log subscription), '
        + 'at the latest at the end of the run window; billed per second, 10-minute minimum',
      source: 'Flink operator job.state and upgradeMode stateless (charts/flink/batch-run-schedule.ts); MSF per-second billing '
        + '(constructs/managed/flink/batch-run-stopper.ts)',
    },
    {
      capability: 'Kafka',
      selfHosted: 'Strimzi (KRaft) on EKS: you run broker upgrades, rebalancing and volume growth; replication crosses zones at inter-AZ prices',
      managed: 'MSK: AWS patches brokers; in-cluster replication is free; storage grows by API or a scaling policy',
      source: 'Strimzi docs; MSK pricing and developer guide',
    },
    {
      capability: 'Schema registry',
      selfHosted: 'AWS Glue Schema Registry through the jobs\' IRSA roles: a registry per pipeline, a BACKWARD Avro schema per '
        + 'Avro-Glue topic from its columns; no Confluent-compatible registry is run on EKS',
      managed: 'AWS Glue Schema Registry through the MSF application role: the same registry, schemas and grants',
      source: 'constructs/common/glue-schema-registry.ts; the avro-glue SQL format jar must be pinned (unreleased, FLINK-24379)',
    },
    {
      capability: 'Raw data retention',
      selfHosted: 'broker retention only: Strimzi can run KIP-405 tiered storage only with a RemoteStorageManager plugin in '
        + 'the broker image, which this project does not ship; rawRetention is refused with that fix',
      managed: 'MSK tiered storage on provisioned Standard brokers (Kafka ≥ 3.6): rawRetention keeps records in the tier '
        + 'past the broker retention, priced per GB-month apart from broker volumes; not on Serverless, Express or t3',
      source: 'lib/definition/raw-retention.ts; MSK developer guide "Tiered storage"; Strimzi tiered storage (custom plugin)',
    },
    {
      capability: 'Flink configuration',
      selfHosted: 'any configuration key, custom images and plugins',
      managed: 'a subset of keys can be changed; the rest through a support case; runtime properties via application configuration',
      source: 'MSF developer guide "Modifiable Flink configuration properties"',
    },
    {
      capability: 'Operational burden',
      selfHosted: 'high: EKS version upgrades, node AMIs, three operators + cert-manager, Kafka operations, platform on-call',
      managed: 'low: AWS runs brokers and Flink clusters; you own application upgrades, quotas and cost',
      source: 'project assessment',
    },
  ];
}
