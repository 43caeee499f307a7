import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { flinkPrometheusReporterConfiguration } from '../../../charts/flink/flink-metrics';
import { FlinkSessionClusterChart } from '../../../charts/flink/flink-session-cluster-chart';
import { KafkaPrincipal } from '../../../charts/kafka/kafka-principal';
import { flinkStateConfiguration, flinkStateKeys } from '../../../lib/catalog/flink-state-configuration';
import { SQL_RUNNER_IMAGE_JAR_PATH, SQL_RUNNER_MAIN_CLASS, renderSettingsProperties, sqlRunnerArguments } from '../../../lib/artifacts/sql-runner-contract';
import { SESSION_CLUSTER_NAME, flinkServiceAccountName } from '../../../lib/plan/kubernetes-names';
import { JobPlan, PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { grantSchemaRead } from '../../common/glue-schema-registry';
import { SIZING_DEFAULTS } from '../../../lib/sizing/sizing-defaults';
import { JobSizing, PodResources } from '../../../lib/sizing/sizing-plan';
import { STRIMZI_CLUSTER_CA_PATH, STRIMZI_CREDENTIALS_FILE } from '../../../lib/sql/kafka-client-properties';
import { renderJobSql } from '../../../lib/sql/render-job-sql';
import { FlinkKubernetesOperator } from '../helm/flink-kubernetes-operator';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';
import { ServiceAccountRole } from '../platform/service-account-role';
import { FlinkWorkloadProps, flinkClusterNetwork } from './self-hosted-flink-jobs';

/** Props of FlinkSessionClusters. */
export interface FlinkSessionClustersProps extends FlinkWorkloadProps {
  /** Where the session cluster charts are applied. */
  readonly manifests: KubernetesManifests;
}

function largest(pods: readonly PodResources[]): PodResources {
  return { cpuMillis: Math.max(...pods.map((p) => p.cpuMillis)), memoryMiB: Math.max(...pods.map((p) => p.memoryMiB)) };
}

/**
 * A TaskManager of `slots` slots where every slot gets at least what any job's sizing gives one of its slots: the
 * largest CPU and memory per slot, times the slots (taking the largest TaskManager and the most slots separately could
 * leave each slot less than every job was sized for).
 */
function taskManagerFor(sizings: readonly { taskManager: PodResources; slotsPerTaskManager: number }[], slots: number): PodResources {
  const perSlot = largest(sizings.map((s) => ({ cpuMillis: s.taskManager.cpuMillis / s.slotsPerTaskManager, memoryMiB: s.taskManager.memoryMiB / s.slotsPerTaskManager })));
  return { cpuMillis: Math.ceil(perSlot.cpuMillis * slots), memoryMiB: Math.ceil(perSlot.memoryMiB * slots) };
}

/**
 * One Flink session cluster per tenant namespace of the environment (`selfHosted.sessionClusterTenants`), running the
 * jobs assigned to it (`selfHosted.sessionJobs`) as FlinkSessionJobs. The tenant's service account has one IAM role
 * with the union of its jobs' grants plus the cluster's own checkpoint/savepoint/HA prefixes (`session-<tenant>/`).
 * The tenant's session cluster has one Kafka principal with its jobs' topics and groups. The Kafka cluster CA reaches
 * the tenant namespaces through the platform's trust-manager. Session jobs run at their initial
 * parallelism: the FlinkSessionJob resource carries no per-job Flink configuration, so the autoscaler is not set up.
 */
export class FlinkSessionClusters extends Construct {
  public readonly charts: FlinkSessionClusterChart[] = [];

  constructor(scope: Construct, id: string, props: FlinkSessionClustersProps) {
    super(scope, id);
    const { plan } = props;
    const options = plan.environment.selfHosted;
    const tenants = options.sessionClusterTenants ?? [];
    if (tenants.length === 0) return;
    const runtime = plan.artifacts.selfHosted;
    if (runtime === undefined) throw new Error(`the plan of pipeline "${plan.pipelineName}" was not resolved for the self-hosted flavor`);
    const bucket = props.lakehouse.connection.checkpointBucketUri.replace(/\/+$/, '');
    const keys = flinkStateKeys(plan.flinkVersion);
    const kafka = props.kafka;

    for (const tenant of tenants) {
      const jobs = plan.jobs.filter((job) => options.sessionJobs?.[job.name] === tenant);
      const sizings = jobs.map((job) => this.sizingOf(plan, job));
      const clusterPrefix = `session-${tenant}`;
      // Its HA ConfigMaps are labelled with the cluster name; the isolation policy ties them to this account.
      const serviceAccountName = flinkServiceAccountName(SESSION_CLUSTER_NAME);
      const role = new ServiceAccountRole(this, `Role-${tenant}`, {
        oidcProvider: props.oidcProvider,
        namespace: tenant,
        serviceAccountName,
        description: `Flink session cluster of tenant ${tenant} (pipeline ${plan.pipelineName}, ${plan.environment.name}): its jobs' checkpoints and sink tables only`,
      });
      props.lakehouse.grantCheckpoints(role, clusterPrefix);
      for (const job of jobs) {
        props.lakehouse.grantCheckpoints(role, job.name);
        props.lakehouse.grantTablesReadWrite(role, job.sinks);
      }
      grantSchemaRead(role, plan, [...new Set(jobs.flatMap((j) => j.sources))]);
      const principal: KafkaPrincipal = {
        userName: `${plan.pipelineName}-session-${tenant}`,
        readTopics: [...new Set(jobs.flatMap((j) => j.sources))],
        groups: jobs.map((j) => j.consumerGroupId),
        writeTopics: [],
        serviceAccount: serviceAccountName,
      };
      const slots = sizings.length === 0 ? SIZING_DEFAULTS.slotsPerTaskManager : Math.max(...sizings.map((s) => s.slotsPerTaskManager));
      const chart = new FlinkSessionClusterChart(props.manifests.app, `flink-session-${tenant}`, {
        namespace: tenant,
        jobs: jobs.map((job) => ({
          job,
          sqlScript: renderJobSql(plan, job, props.kafka.connection, props.lakehouse.connection),
          settings: renderSettingsProperties({
            ...flinkStateConfiguration(plan.flinkVersion, job.checkpointing, bucket),
            'pipeline.max-parallelism': String(job.parallelism.maxParallelism),
          }),
        })),
        // A tenant without jobs of this pipeline gets the default JobManager and one-slot-per-KPU TaskManagers.
        sizing: sizings.length === 0
          ? { jobManager: SIZING_DEFAULTS.jobManager, taskManager: { cpuMillis: 1000 * slots, memoryMiB: SIZING_DEFAULTS.memoryPerKpuMiB * slots } }
          : { jobManager: largest(sizings.map((s) => s.jobManager)), taskManager: taskManagerFor(sizings, slots) },
        image: props.image,
        flinkVersion: runtime.operatorFlinkVersion,
        flinkConfiguration: {
          'taskmanager.numberOfTaskSlots': String(slots),
          'state.backend.type': 'rocksdb',
          [keys.checkpointDir]: `${bucket}/checkpoints/${clusterPrefix}`,
          [keys.savepointDir]: `${bucket}/savepoints/${clusterPrefix}`,
          'high-availability.type': 'kubernetes',
          'high-availability.storageDir': `${bucket}/ha/${clusterPrefix}/`,
          ...flinkPrometheusReporterConfiguration(),
        },
        jarUri: options.sessionJobJarUri,
        entryClass: SQL_RUNNER_MAIN_CLASS,
        args: (scriptFile, settingsFile) => sqlRunnerArguments({ scriptFile, settingsFile }),
        serviceAccount: { name: serviceAccountName, annotations: role.annotations },
        jobManagerRole: FlinkKubernetesOperator.JOB_ROLE,
        kafkaCa: { configMapName: kafka.caConfigMapName, mountPath: STRIMZI_CLUSTER_CA_PATH.replace(/\/[^/]+$/, '') },
        kafkaPrincipal: {
          objects: { clusterName: kafka.clusterName, namespace: kafka.namespace, principal },
          credentials: { image: props.image, jarPath: SQL_RUNNER_IMAGE_JAR_PATH, namespace: kafka.namespace, secretName: principal.userName, file: STRIMZI_CREDENTIALS_FILE },
        },
        region: Stack.of(this).region,
        kubectlImage: props.kubectlImage,
        network: flinkClusterNetwork(plan),
      });
      props.manifests.apply(chart, { dependsOn: [...props.dependsOn, role] });
      this.charts.push(chart);
    }
  }

  private sizingOf(plan: PipelinePlan, job: JobPlan): JobSizing['selfHosted'] {
    const sizing = plan.sizing.jobs.find((s) => s.job === job.name);
    if (sizing === undefined) throw new Error(`no sizing for job "${job.name}" in the plan`);
    return sizing.selfHosted;
  }
}
