import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { flinkJobResourceName } from '../../lib/plan/kubernetes-names';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { JobSizing } from '../../lib/sizing/sizing-plan';
import { FlinkDeployment } from '../imports/flink.apache.org';
import { KafkaPrincipalObjects, KafkaPrincipalObjectsProps } from '../kafka/kafka-principal';
import { BatchRunSchedule } from './batch-run-schedule';
import { batchRunTimeoutSeconds, jobDeploymentSpec } from './flink-deployment-spec';
import { FlinkClusterNetworkPolicy, FlinkClusterNetworkProps } from './flink-network-policies';
import { FlinkPodMount, KafkaCredentialsCopy, flinkPodTemplate } from './flink-pod-template';

/** How a job's pods reach the SQL runner and its inputs. */
export interface SqlRunnerLaunch {
  /** `job.jarURI` of the runner inside the image. */
  readonly jarUri: string;
  readonly entryClass: string;
  /** Program arguments, given the path of the mounted script. */
  readonly args: (scriptFile: string) => string[];
}

/** Props of FlinkJobChart. */
export interface FlinkJobChartProps {
  readonly namespace: string;
  readonly job: JobPlan;
  readonly sizing: JobSizing['selfHosted'];
  /** The runner image (the resolved `flink:<patch>-scala_2.12-java<N>` plus the runner jar and the S3 plugin). */
  readonly image: string;
  /** `spec.flinkVersion` from the plan's artifacts, e.g. `v1_20`. */
  readonly flinkVersion: string;
  readonly flinkConfiguration: Record<string, string>;
  /** The job's SQL script (`renderJobSql`). */
  readonly sqlScript: string;
  readonly runner: SqlRunnerLaunch;
  /** The job's service account: its own, bound to the job's IAM role by `annotations`. */
  readonly serviceAccount: { readonly name: string; readonly annotations: Record<string, string> };
  /** The Role the Flink operator chart creates for JobManagers (pods, config maps, leases) in this namespace. */
  readonly jobManagerRole: string;
  /** ConfigMap with the Kafka cluster CA (`ca.crt`, copied by trust-manager) and where the Kafka client properties expect it. */
  readonly kafkaCa: { readonly configMapName: string; readonly mountPath: string };
  /**
   * The job's Kafka principal: its KafkaUser, ACLs and credentials-reader Role go into this chart (in the Kafka
   * namespace), and its pods copy the credentials before Flink starts.
   * @default - none (the listener needs no client credentials)
   */
  readonly kafkaPrincipal?: { readonly objects: Omit<KafkaPrincipalObjectsProps, 'clientNamespace'>; readonly credentials: KafkaCredentialsCopy };
  readonly region: string;
  /** Image with `kubectl` as entry point, for the schedule of batch jobs. */
  readonly kubectlImage: string;
  /**
   * Applies a streaming job suspended (`spec.job.state: suspended`): no pods until someone sets it running (the load
   * generator, started by `pipelines verify --load`). Batch jobs are always applied suspended.
   * @default false
   */
  readonly suspended?: boolean;
  /**
   * Who may reach the job's pods besides the job itself (its own NetworkPolicy; the namespace denies the rest).
   * @default - the operator namespace `flink-operator` to the REST port; metrics port closed
   */
  readonly network?: FlinkClusterNetworkProps;
}

/** Directory of the mounted SQL script. */
export const SQL_MOUNT_PATH = '/opt/flink/sql';
/** File name of the script. */
export const SQL_FILE = 'job.sql';

/**
 * Everything one job needs in Kubernetes: its service account (bound to its IAM role and to the operator's JobManager
 * Role), its Kafka principal (KafkaUser with its ACLs, in the Kafka namespace), a ConfigMap with its SQL script, and either
 * - streaming: an application-mode `FlinkDeployment` that the deployment keeps running and upgrades with its state, or
 * - batch: the same `FlinkDeployment`, applied suspended and stateless, that a `BatchRunSchedule` resumes for a fresh
 *   run on the job's schedule and watches until it FINISHED.
 */
export class FlinkJobChart extends cdk8s.Chart {
  /** The job's FlinkDeployment object (running for streaming jobs, suspended between the runs of batch jobs). */
  public readonly deployment: Record<string, unknown>;
  public readonly schedule?: BatchRunSchedule;

  constructor(scope: Construct, id: string, props: FlinkJobChartProps) {
    super(scope, id, { namespace: props.namespace, labels: { 'app.kubernetes.io/name': props.job.name, 'app.kubernetes.io/component': 'flink-job' } });
    const { job } = props;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.serviceAccount.name, annotations: { ...props.serviceAccount.annotations } } });
    new k8s.KubeRoleBinding(this, 'JobManagerRoleBinding', {
      metadata: { name: `${props.serviceAccount.name}-jobmanager` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.jobManagerRole },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount.name }],
    });
    if (props.kafkaPrincipal !== undefined) {
      new KafkaPrincipalObjects(this, 'KafkaPrincipal', { ...props.kafkaPrincipal.objects, clientNamespace: props.namespace });
    }
    const sqlConfigMap = `${job.name}-sql`;
    new k8s.KubeConfigMap(this, 'Sql', { metadata: { name: sqlConfigMap }, data: { [SQL_FILE]: props.sqlScript } });

    const mounts: FlinkPodMount[] = [
      { name: 'sql', mountPath: SQL_MOUNT_PATH, source: { configMap: sqlConfigMap }, items: [{ key: SQL_FILE, path: SQL_FILE }] },
      { name: 'kafka-cluster-ca', mountPath: props.kafkaCa.mountPath, source: { configMap: props.kafkaCa.configMapName }, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    ];
    const spec = jobDeploymentSpec({
      job,
      sizing: props.sizing,
      image: props.image,
      flinkVersion: props.flinkVersion,
      flinkConfiguration: props.flinkConfiguration,
      serviceAccountName: props.serviceAccount.name,
      podTemplate: flinkPodTemplate({ region: props.region, mounts, kafkaCredentials: props.kafkaPrincipal?.credentials }),
      jarUri: props.runner.jarUri,
      entryClass: props.runner.entryClass,
      args: props.runner.args(`${SQL_MOUNT_PATH}/${SQL_FILE}`),
      suspended: props.suspended,
    });
    if (job.mode.value === 'batch' && job.schedule === undefined) {
      throw new Error(`job "${job.name}" is a batch job without a schedule (validation should have caught this)`);
    }
    this.deployment = new FlinkDeployment(this, 'Deployment', { metadata: { name: flinkJobResourceName(job) }, spec }).toJson();
    new FlinkClusterNetworkPolicy(this, 'NetworkPolicy', flinkJobResourceName(job), props.network ?? { operatorNamespace: 'flink-operator' });
    if (job.schedule === undefined || job.mode.value !== 'batch') return;
    this.schedule = new BatchRunSchedule(this, 'Schedule', {
      jobName: job.name,
      kind: 'FlinkDeployment',
      schedule: job.schedule.expression,
      kubectlImage: props.kubectlImage,
      runTimeoutSeconds: batchRunTimeoutSeconds(job),
    });
  }
}
