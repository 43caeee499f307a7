import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { JobSizing } from '../../lib/sizing/sizing-plan';
import {
  FlinkDeployment, FlinkSessionJob, FlinkSessionJobSpec, FlinkSessionJobSpecJobState, FlinkSessionJobSpecJobUpgradeMode,
} from '../imports/flink.apache.org';
import { BatchRunSchedule } from './batch-run-schedule';
import { KafkaPrincipalObjects, KafkaPrincipalObjectsProps } from '../kafka/kafka-principal';
import { batchRunTimeoutSeconds, sessionDeploymentSpec } from './flink-deployment-spec';
import { FlinkPodMount, KafkaCredentialsCopy, flinkPodTemplate } from './flink-pod-template';
import { SQL_MOUNT_PATH } from './flink-job-chart';
import { FlinkClusterNetworkPolicy, FlinkClusterNetworkProps } from './flink-network-policies';
import { SESSION_CLUSTER_NAME, flinkJobResourceName } from '../../lib/plan/kubernetes-names';

/** A job of a session cluster. */
export interface SessionClusterJob {
  readonly job: JobPlan;
  /** The job's SQL script (`renderJobSql`). */
  readonly sqlScript: string;
  /** The job's own settings (state, checkpoints, key groups) as a Java properties file for the runner. */
  readonly settings: string;
}

/** Props of FlinkSessionClusterChart. */
export interface FlinkSessionClusterChartProps {
  /** The tenant namespace. */
  readonly namespace: string;
  readonly jobs: readonly SessionClusterJob[];
  /** JobManager and TaskManager resources: the largest of the jobs'. */
  readonly sizing: Pick<JobSizing['selfHosted'], 'jobManager' | 'taskManager'>;
  readonly image: string;
  readonly flinkVersion: string;
  /** Cluster-level configuration (slots, HA, the savepoint directory of operator-triggered savepoints). */
  readonly flinkConfiguration: Record<string, string>;
  /**
   * Where the Flink operator downloads the runner jar it submits each job with. Required when there are jobs.
   * @default - none (a session cluster without jobs of this pipeline)
   */
  readonly jarUri?: string;
  readonly entryClass: string;
  /** Program arguments, given the paths of a job's mounted script and settings. */
  readonly args: (scriptFile: string, settingsFile: string) => string[];
  readonly serviceAccount: { readonly name: string; readonly annotations: Record<string, string> };
  readonly jobManagerRole: string;
  /** ConfigMap (copied by trust-manager) with the Kafka cluster CA `ca.crt`, and where the client properties expect it. */
  readonly kafkaCa: { readonly configMapName: string; readonly mountPath: string };
  /**
   * The session cluster's Kafka principal (its jobs' topics and groups): its KafkaUser, ACLs and credentials-reader
   * Role go into this chart, and the cluster's pods copy the credentials before Flink starts.
   * @default - none (the listener needs no client credentials)
   */
  readonly kafkaPrincipal?: { readonly objects: Omit<KafkaPrincipalObjectsProps, 'clientNamespace'>; readonly credentials: KafkaCredentialsCopy };
  readonly region: string;
  readonly kubectlImage: string;
  /**
   * Who may reach the cluster's pods besides the cluster itself (its own NetworkPolicy; the namespace denies the rest).
   * @default - the operator namespace `flink-operator` to the REST port; metrics port closed
   */
  readonly network?: FlinkClusterNetworkProps;
}

/** Name of the session cluster's FlinkDeployment in its tenant namespace. */
export { SESSION_CLUSTER_NAME } from '../../lib/plan/kubernetes-names';

/**
 * A tenant's Flink session cluster: one long-running JobManager (TaskManagers are started on demand) under the tenant's
 * service account, with the SQL of its jobs mounted, and one `FlinkSessionJob` per job (scheduled batch jobs are
 * suspended between the fresh runs a `BatchRunSchedule` starts). Jobs share the cluster's JobManager, service account and IAM role; each keeps
 * its own checkpoint directory and key groups through its settings file.
 */
export class FlinkSessionClusterChart extends cdk8s.Chart {
  public readonly deployment: FlinkDeployment;
  /** Each job's FlinkSessionJob object (running for streaming jobs, suspended between the runs of batch jobs). */
  public readonly sessionJobs: Record<string, unknown>[] = [];

  constructor(scope: Construct, id: string, props: FlinkSessionClusterChartProps) {
    super(scope, id, { namespace: props.namespace, labels: { 'app.kubernetes.io/component': 'flink-session-cluster' } });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.serviceAccount.name, annotations: { ...props.serviceAccount.annotations } } });
    new k8s.KubeRoleBinding(this, 'JobManagerRoleBinding', {
      metadata: { name: `${props.serviceAccount.name}-jobmanager` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.jobManagerRole },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount.name }],
    });
    if (props.kafkaPrincipal !== undefined) {
      new KafkaPrincipalObjects(this, 'KafkaPrincipal', { ...props.kafkaPrincipal.objects, clientNamespace: props.namespace });
    }
    const sqlConfigMap = `${SESSION_CLUSTER_NAME}-sql`;
    const files = props.jobs.flatMap(({ job }) => [`${job.name}.sql`, `${job.name}.properties`]);
    new k8s.KubeConfigMap(this, 'Sql', {
      metadata: { name: sqlConfigMap },
      data: Object.fromEntries(props.jobs.flatMap((j) => [[`${j.job.name}.sql`, j.sqlScript], [`${j.job.name}.properties`, j.settings]])),
    });
    const mounts: FlinkPodMount[] = [
      { name: 'sql', mountPath: SQL_MOUNT_PATH, source: { configMap: sqlConfigMap }, items: files.map((f) => ({ key: f, path: f })) },
      { name: 'kafka-cluster-ca', mountPath: props.kafkaCa.mountPath, source: { configMap: props.kafkaCa.configMapName }, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    ];
    this.deployment = new FlinkDeployment(this, 'Deployment', {
      metadata: { name: SESSION_CLUSTER_NAME },
      spec: sessionDeploymentSpec({
        sizing: props.sizing,
        image: props.image,
        flinkVersion: props.flinkVersion,
        flinkConfiguration: props.flinkConfiguration,
        serviceAccountName: props.serviceAccount.name,
        podTemplate: flinkPodTemplate({ region: props.region, mounts, kafkaCredentials: props.kafkaPrincipal?.credentials }),
      }),
    });

    new FlinkClusterNetworkPolicy(this, 'NetworkPolicy', SESSION_CLUSTER_NAME, props.network ?? { operatorNamespace: 'flink-operator' });
    if (props.jobs.length > 0 && props.jarUri === undefined) {
      throw new Error(`session cluster in "${props.namespace}" runs ${props.jobs.map((j) => j.job.name).join(', ')} but has no jarUri to submit them with (validation should have caught this)`);
    }
    for (const { job } of props.jobs) {
      const batch = job.mode.value === 'batch';
      if (batch && job.schedule === undefined) throw new Error(`job "${job.name}" is a batch job without a schedule (validation should have caught this)`);
      // Batch jobs: suspended and stateless between the fresh runs a BatchRunSchedule starts (see jobDeploymentSpec).
      const spec: FlinkSessionJobSpec = {
        deploymentName: SESSION_CLUSTER_NAME,
        job: {
          jarUri: props.jarUri,
          entryClass: props.entryClass,
          args: props.args(`${SQL_MOUNT_PATH}/${job.name}.sql`, `${SQL_MOUNT_PATH}/${job.name}.properties`),
          parallelism: job.parallelism.initial,
          upgradeMode: batch || job.upgradeMode === 'stateless' ? FlinkSessionJobSpecJobUpgradeMode.STATELESS
            : job.upgradeMode === 'last-state' ? FlinkSessionJobSpecJobUpgradeMode.LAST_HYPHEN_STATE : FlinkSessionJobSpecJobUpgradeMode.SAVEPOINT,
          state: batch ? FlinkSessionJobSpecJobState.SUSPENDED : FlinkSessionJobSpecJobState.RUNNING,
          allowNonRestoredState: false,
        },
      };
      const labels = { ...this.labels, 'app.kubernetes.io/name': job.name };
      this.sessionJobs.push(new FlinkSessionJob(this, `Job-${job.name}`, { metadata: { name: flinkJobResourceName(job), labels }, spec }).toJson());
      if (!batch || job.schedule === undefined) continue;
      new BatchRunSchedule(this, `Schedule-${job.name}`, {
        jobName: job.name,
        kind: 'FlinkSessionJob',
        schedule: job.schedule.expression,
        kubectlImage: props.kubectlImage,
        runTimeoutSeconds: batchRunTimeoutSeconds(job),
      });
    }
  }
}
