import { SizingAssumption } from '../sizing/sizing-plan';

/** Constants of the cost model, each a documented assumption the report lists. */
export const COST_ASSUMPTIONS = {
  /** Hours in a billing month (AWS pricing convention: 365 × 24 ÷ 12). */
  hoursPerMonth: 730,
  /** Root volume of system and broker nodes, GiB (EKS managed node group default). */
  nodeRootVolumeGiB: 20,
  /** Extra root volume per vCPU of a Flink node, GiB: RocksDB working space, like the 50 GB a KPU brings. */
  flinkLocalStatePerVcpuGiB: 50,
  /** Persistent volume of each KRaft controller, GiB (metadata log). */
  controllerVolumeGiB: 20,
  /** Flink state of one job, GiB (Kafka offsets, watermarks, upsert buffers; no large joins in the example). */
  stateSizePerJobGiB: 1,
  /** Retained copies of that state: self-hosted 3 checkpoints + savepoints, MSF snapshots. */
  retainedStateCopies: 5,
  /** Bytes written to the lake per byte of Kafka ingress (JSON → Parquet, compressed). */
  lakeBytesPerIngressByte: 0.2,
  /** S3 PUT/LIST requests per Iceberg commit: one data file per writing subtask plus manifests and metadata. */
  requestsPerCommitBase: 4,
  /** Glue Data Catalog requests per Iceberg commit (getTable + updateTable + a lock/check). */
  glueRequestsPerCommit: 3,
  /** Data through the NAT gateways per month, GB (images, Helm charts, OS updates, AWS APIs without endpoints). */
  natGbPerMonth: 20,
} as const;

/** The same constants, as report rows. */
export const COST_ASSUMPTION_ROWS: readonly SizingAssumption[] = [
  { name: 'month', value: `${COST_ASSUMPTIONS.hoursPerMonth} hours`, source: 'AWS pricing convention' },
  { name: 'on-demand prices', value: 'no Savings Plans, reserved instances or Spot', source: 'project assumption: list prices compare like with like' },
  { name: 'node root volumes', value: `${COST_ASSUMPTIONS.nodeRootVolumeGiB} GiB gp3 (Flink nodes + ${COST_ASSUMPTIONS.flinkLocalStatePerVcpuGiB} GiB per vCPU for RocksDB)`, source: 'EKS managed node group default; the extra matches the 50 GB running storage of a KPU' },
  { name: 'KRaft controller volumes', value: `${COST_ASSUMPTIONS.controllerVolumeGiB} GiB gp3 each`, source: 'project assumption' },
  { name: 'Flink state', value: `${COST_ASSUMPTIONS.stateSizePerJobGiB} GiB per job, ${COST_ASSUMPTIONS.retainedStateCopies} copies retained`, source: 'project assumption (offsets, watermarks, upsert buffers): self-hosted keeps them in S3, MSF as durable backups' },
  { name: 'MSF running storage', value: '50 GB per processing KPU, prorated over the hours the application runs', source: 'MSF pricing: 50 GB running application storage per KPU' },
  { name: 'inter-AZ replication', value: '(replication factor − 1) × ingress crosses zones, billed in both directions; self-hosted only', source: 'AWS inter-AZ transfer pricing; MSK does not bill in-cluster replication traffic' },
  { name: 'client cross-AZ traffic', value: '(zones − 1) ÷ zones of produced and consumed bytes reach a leader in another zone; same on both flavors', source: 'project assumption: producers and consumers spread evenly over the zones, no follower fetching' },
  { name: 'lake data', value: `${COST_ASSUMPTIONS.lakeBytesPerIngressByte} byte in S3 per byte of ingress; the month adds that much storage`, source: 'project assumption (columnar, compressed); equal on both flavors' },
  { name: 'Iceberg commits', value: `one per checkpoint per streaming job, one per batch run; ${COST_ASSUMPTIONS.requestsPerCommitBase} + parallelism S3 requests and ${COST_ASSUMPTIONS.glueRequestsPerCommit} Glue requests each`, source: 'Iceberg commits on checkpoint completion' },
  { name: 'NAT data', value: `${COST_ASSUMPTIONS.natGbPerMonth} GB a month`, source: 'project assumption: S3 goes through the gateway endpoint, Kafka and Flink traffic stays in the VPC' },
  { name: 'Glue free tier', value: 'first 1M objects and 1M requests a month are free', source: 'AWS Glue pricing' },
];
