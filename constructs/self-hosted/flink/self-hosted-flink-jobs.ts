import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { flinkJobConfiguration } from '../../../charts/flink/flink-configuration';
import { FlinkJobChart } from '../../../charts/flink/flink-job-chart';
import { SQL_RUNNER_IMAGE_JAR_URI, SQL_RUNNER_MAIN_CLASS, sqlRunnerArguments } from '../../../lib/artifacts/sql-runner-contract';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { JobPlan, PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { STRIMZI_CLUSTER_CA_PATH } from '../../../lib/sql/kafka-client-properties';
import { renderJobSql } from '../../../lib/sql/render-job-sql';
import { IcebergLakehouse } from '../../common/iceberg-lakehouse';
import { FlinkKubernetesOperator } from '../helm/flink-kubernetes-operator';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';
import { ServiceAccountRole } from '../platform/service-account-role';

/** The Kafka a job reads: its connection, the CA secret the connection trusts, and the manifest that creates both. */
export interface JobKafka {
  readonly connection: KafkaClientConnection;
  readonly clusterCaSecretName: string;
  readonly manifest: IDependable;
}

/** What Flink workloads on the cluster (application-mode jobs, session clusters) are built from. */
export interface FlinkWorkloadProps {
  readonly plan: PipelinePlan;
  readonly manifests: KubernetesManifests;
  /** The cluster's IAM OIDC provider: each workload's role trusts only its own service account. */
  readonly oidcProvider: iam.IOidcProvider;
  /** The warehouse, checkpoint bucket and Glue catalog; grants come from here. */
  readonly lakehouse: IcebergLakehouse;
  readonly kafka: JobKafka;
  /** The runner image URI (built from the plan's artifacts). */
  readonly image: string;
  /** The Flink operator's Helm release (installs the FlinkDeployment CRD and its webhook). */
  readonly operator: IDependable;
  /** What else must exist first (the namespaces). */
  readonly dependsOn: IDependable[];
  /** Image that starts and watches scheduled batch runs; `kubectl` must be its entry point and its minor the cluster's. */
  readonly kubectlImage: string;
}

/** Props of SelfHostedFlinkJobs. */
export interface SelfHostedFlinkJobsProps extends FlinkWorkloadProps {
  /**
   * Jobs rendered elsewhere (e.g. as session jobs); they get no FlinkDeployment here.
   * @default - none
   */
  readonly excludeJobs?: string[];
}

/** One job as deployed. */
export interface DeployedJob {
  readonly job: JobPlan;
  readonly role: ServiceAccountRole;
  readonly chart: FlinkJobChart;
  readonly manifest: eks.KubernetesManifest;
}

/**
 * The pipeline's Flink jobs on the Flink Kubernetes Operator, one application-mode deployment per job, each under its
 * own service account and IAM role (IRSA) that may read and write only the job's checkpoint/savepoint/HA prefixes and
 * its sink tables (S3 prefixes, Glue tables, the lakehouse key). Streaming jobs run continuously; batch jobs run on
 * their schedule.
 */
export class SelfHostedFlinkJobs extends Construct {
  public readonly jobs: DeployedJob[];

  constructor(scope: Construct, id: string, props: SelfHostedFlinkJobsProps) {
    super(scope, id);
    const { plan } = props;
    const runtime = plan.artifacts.selfHosted;
    if (runtime === undefined) throw new Error(`the plan of pipeline "${plan.pipelineName}" was not resolved for the self-hosted flavor (plan.artifacts.selfHosted is missing)`);
    const excluded = new Set(props.excludeJobs ?? []);
    const namespace = plan.names.namespace;
    const region = Stack.of(this).region;

    this.jobs = plan.jobs.filter((job) => !excluded.has(job.name)).map((job) => {
      const sizing = plan.sizing.jobs.find((s) => s.job === job.name);
      if (sizing === undefined) throw new Error(`no sizing for job "${job.name}" in the plan`);
      const serviceAccountName = `flink-${job.name}`;
      const role = new ServiceAccountRole(this, `Role-${job.name}`, {
        oidcProvider: props.oidcProvider,
        namespace,
        serviceAccountName,
        description: `Flink job ${job.name} of pipeline ${plan.pipelineName} (${plan.environment.name}): its checkpoints and sink tables only`,
      });
      props.lakehouse.grantCheckpoints(role, job.name);
      props.lakehouse.grantTablesReadWrite(role, job.sinks);

      const chart = new FlinkJobChart(props.manifests.app, `flink-job-${job.name}`, {
        namespace,
        job,
        sizing: sizing.selfHosted,
        image: props.image,
        flinkVersion: runtime.operatorFlinkVersion,
        flinkConfiguration: flinkJobConfiguration({
          flinkVersion: plan.flinkVersion,
          job,
          sizing: sizing.selfHosted,
          checkpointBucketUri: props.lakehouse.connection.checkpointBucketUri,
        }),
        sqlScript: renderJobSql(plan, job, props.kafka.connection, props.lakehouse.connection),
        runner: { jarUri: SQL_RUNNER_IMAGE_JAR_URI, entryClass: SQL_RUNNER_MAIN_CLASS, args: (scriptFile) => sqlRunnerArguments({ scriptFile }) },
        serviceAccount: { name: serviceAccountName, annotations: role.annotations },
        jobManagerRole: FlinkKubernetesOperator.JOB_ROLE,
        kafkaCa: { secretName: props.kafka.clusterCaSecretName, mountPath: STRIMZI_CLUSTER_CA_PATH.replace(/\/[^/]+$/, '') },
        region,
        kubectlImage: props.kubectlImage,
      });
      const manifest = props.manifests.apply(chart, { dependsOn: [props.operator, ...props.dependsOn, props.kafka.manifest, role] });
      return { job, role, chart, manifest };
    });
  }
}
