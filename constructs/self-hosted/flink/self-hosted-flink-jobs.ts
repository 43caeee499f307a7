import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { flinkJobConfiguration } from '../../../charts/flink/flink-configuration';
import { FlinkJobChart } from '../../../charts/flink/flink-job-chart';
import { FlinkClusterNetworkProps } from '../../../charts/flink/flink-network-policies';
import { selfHostedMonitoring } from '../../../lib/environment/self-hosted-options';
import { KafkaPrincipal, jobPrincipal, loadGeneratorPrincipal } from '../../../lib/plan/kafka-principals';
import { SQL_RUNNER_IMAGE_JAR_PATH, SQL_RUNNER_IMAGE_JAR_URI, SQL_RUNNER_MAIN_CLASS, sqlRunnerArguments } from '../../../lib/artifacts/sql-runner-contract';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { flinkJobResourceName, flinkServiceAccountName } from '../../../lib/plan/kubernetes-names';
import { JobPlan, PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { STRIMZI_CLUSTER_CA_PATH, STRIMZI_CREDENTIALS_FILE } from '../../../lib/sql/kafka-client-properties';
import { renderJobSql } from '../../../lib/sql/render-job-sql';
import { IcebergLakehouse } from '../../common/iceberg-lakehouse';
import { FlinkKubernetesOperator } from '../helm/flink-kubernetes-operator';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';
import { ServiceAccountRole } from '../platform/service-account-role';
import { grantSchemaRead, grantSchemaRegister } from '../../common/glue-schema-registry';
import { LoadGeneratorPlan } from '../../../lib/plan/load-generator-plan';
import { renderLoadGeneratorSql } from '../../../lib/sql/load-generator-sql';
import { JobSizing } from '../../../lib/sizing/sizing-plan';

/** The platform's Kafka as the jobs see it. */
export interface JobKafka {
  readonly connection: KafkaClientConnection;
  /** The Strimzi `Kafka` name. */
  readonly clusterName: string;
  /** Namespace of the Kafka cluster, its users and their credential Secrets. */
  readonly namespace: string;
  /** ConfigMap with the cluster CA (`ca.crt`) in the workload namespaces (trust-manager's copy). */
  readonly caConfigMapName: string;
}

/** What Flink workloads on the cluster (application-mode jobs, session clusters) are built from. */
export interface FlinkWorkloadProps {
  readonly plan: PipelinePlan;
  /** The cluster's IAM OIDC provider: each workload's role trusts only its own service account. */
  readonly oidcProvider: iam.IOidcProvider;
  /** The warehouse, checkpoint bucket and Glue catalog; grants come from here. */
  readonly lakehouse: IcebergLakehouse;
  readonly kafka: JobKafka;
  /** The runner image URI (built from the plan's artifacts). */
  readonly image: string;
  /** What must exist first (the runner image, the topics). */
  readonly dependsOn: IDependable[];
  /** Image that starts and watches scheduled batch runs; `kubectl` must be its entry point and its minor the cluster's. */
  readonly kubectlImage: string;
}

/** Props of SelfHostedFlinkJobs. */
export interface SelfHostedFlinkJobsProps extends FlinkWorkloadProps {
  /** Where the job charts are applied (and written as YAML). */
  readonly manifests: KubernetesManifests;
}

/** One job as deployed. */
export interface DeployedJob {
  readonly job: JobPlan;
  readonly role: ServiceAccountRole;
  readonly chart: FlinkJobChart;
  readonly manifest: eks.KubernetesManifest;
}

/** Who may reach a Flink cluster of the plan: the operator, and the scraper when the environment has monitoring. */
export function flinkClusterNetwork(plan: PipelinePlan): FlinkClusterNetworkProps {
  return { operatorNamespace: FlinkKubernetesOperator.NAMESPACE, metricsScraped: selfHostedMonitoring(plan.environment) !== 'none' };
}

export { jobPrincipal, loadGeneratorPrincipal } from '../../../lib/plan/kafka-principals';

/** What one FlinkDeployment of the pipeline is made of (a job, or the load generator). */
interface DeploySpec {
  readonly job: JobPlan;
  readonly sizing: JobSizing['selfHosted'];
  readonly sqlScript: string;
  readonly principal: (serviceAccount: string) => KafkaPrincipal;
  readonly grant: (role: ServiceAccountRole) => void;
  readonly suspended: boolean;
  readonly description: string;
}

/**
 * Flink jobs of a pipeline on the Flink Kubernetes Operator, one application-mode deployment per job added, each
 * under its own service account and IAM role (IRSA) that may read and write only the job's checkpoint/savepoint/HA
 * prefixes and its sink tables, and under its own Kafka principal whose ACLs name only its sources and consumer group.
 * Streaming jobs run continuously; batch jobs run on their schedule.
 */
export class SelfHostedFlinkJobs extends Construct {
  public readonly jobs: DeployedJob[] = [];
  /** Where this group's job charts are applied. */
  public readonly manifests: KubernetesManifests;
  private readonly props: SelfHostedFlinkJobsProps;

  constructor(scope: Construct, id: string, props: SelfHostedFlinkJobsProps) {
    super(scope, id);
    this.props = props;
    this.manifests = props.manifests;
  }

  /** Deploys one job of the plan. */
  public addJob(job: JobPlan): DeployedJob {
    const { plan } = this.props;
    const sizing = plan.sizing.jobs.find((s) => s.job === job.name);
    if (sizing === undefined) throw new Error(`no sizing for job "${job.name}" in the plan`);
    return this.deploy({
      job,
      sizing: sizing.selfHosted,
      sqlScript: renderJobSql(plan, job, this.props.kafka.connection, this.props.lakehouse.connection),
      principal: (serviceAccount) => jobPrincipal(plan, job, serviceAccount),
      grant: (role) => {
        this.props.lakehouse.grantTablesReadWrite(role, job.sinks);
        grantSchemaRead(role, plan, job.sources);
      },
      suspended: false,
      description: `Flink job ${job.name} of pipeline ${plan.pipelineName} (${plan.environment.name}): its checkpoints and sink tables only`,
    });
  }

  /**
   * Deploys the pipeline's load generator: the same runner image and chart as a job, applied SUSPENDED (no pods, no
   * nodes) until `pipelines verify --load` sets `spec.job.state: running`; its Kafka principal may write its topics
   * and nothing else, its role reach its own checkpoint/HA prefix and its topics' Avro-Glue schemas.
   */
  public addLoadGenerator(generator: LoadGeneratorPlan): DeployedJob {
    const { plan } = this.props;
    const topics = generator.topics.map((t) => t.topic);
    return this.deploy({
      job: generator.job,
      sizing: generator.sizing.selfHosted,
      sqlScript: renderLoadGeneratorSql(plan, generator, this.props.kafka.connection),
      principal: (serviceAccount) => loadGeneratorPrincipal(plan, generator, serviceAccount),
      grant: (role) => grantSchemaRegister(role, plan, topics),
      suspended: true,
      description: `Load generator of pipeline ${plan.pipelineName} (${plan.environment.name}): writes ${topics.join(', ')} when started`,
    });
  }

  private deploy(spec: DeploySpec): DeployedJob {
    const { plan } = this.props;
    const { job } = spec;
    const runtime = plan.artifacts.selfHosted;
    if (runtime === undefined) throw new Error(`the plan of pipeline "${plan.pipelineName}" was not resolved for the self-hosted flavor (plan.artifacts.selfHosted is missing)`);
    const namespace = plan.names.namespace;
    const serviceAccountName = flinkServiceAccountName(flinkJobResourceName(job));
    const role = new ServiceAccountRole(this, `Role-${job.name}`, {
      oidcProvider: this.props.oidcProvider,
      namespace,
      serviceAccountName,
      description: spec.description,
    });
    this.props.lakehouse.grantCheckpoints(role, job.name);
    spec.grant(role);
    const principal = spec.principal(serviceAccountName);
    const kafka = this.props.kafka;

    const chart = new FlinkJobChart(this.props.manifests.app, `flink-job-${job.name}`, {
      namespace,
      job,
      sizing: spec.sizing,
      image: this.props.image,
      flinkVersion: runtime.operatorFlinkVersion,
      flinkConfiguration: flinkJobConfiguration({
        flinkVersion: plan.flinkVersion,
        job,
        sizing: spec.sizing,
        checkpointBucketUri: this.props.lakehouse.connection.checkpointBucketUri,
      }),
      sqlScript: spec.sqlScript,
      runner: { jarUri: SQL_RUNNER_IMAGE_JAR_URI, entryClass: SQL_RUNNER_MAIN_CLASS, args: (scriptFile) => sqlRunnerArguments({ scriptFile }) },
      serviceAccount: { name: serviceAccountName, annotations: role.annotations },
      jobManagerRole: FlinkKubernetesOperator.JOB_ROLE,
      kafkaCa: { configMapName: kafka.caConfigMapName, mountPath: STRIMZI_CLUSTER_CA_PATH.replace(/\/[^/]+$/, '') },
      kafkaPrincipal: {
        objects: { clusterName: kafka.clusterName, namespace: kafka.namespace, principal },
        credentials: { image: this.props.image, jarPath: SQL_RUNNER_IMAGE_JAR_PATH, namespace: kafka.namespace, secretName: principal.userName, file: STRIMZI_CREDENTIALS_FILE },
      },
      region: Stack.of(this).region,
      kubectlImage: this.props.kubectlImage,
      network: flinkClusterNetwork(plan),
      suspended: spec.suspended,
    });
    // The job starts after its IAM role and its sink tables exist, with their evolved schema (if this deploy evolves it).
    const manifest = this.props.manifests.apply(chart, { dependsOn: [...this.props.dependsOn, role, ...job.sinks.map((t) => this.props.lakehouse.tableReady(t))] });
    const deployed = { job, role, chart, manifest };
    this.jobs.push(deployed);
    return deployed;
  }
}
