import {
  ArnFormat, Duration, RemovalPolicy, Stack, aws_ec2 as ec2, aws_iam as iam, aws_kinesisanalyticsv2 as kda, aws_kms as kms, aws_logs as logs,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';
import { JobHealthCheck, MsfApplicationStarter, RestoreMode } from './application-starter/msf-application-starter';
import { starterInputs } from './application-starter/starter-inputs';
import { ValidationProblem, throwIfProblems } from '../../../lib/validation/validation-problem';
import { MSF_MAX_PROPERTY_GROUPS, PropertyGroups } from './msf-property-groups';

/** Checkpointing of an application. */
export interface MsfCheckpointing {
  /** Time between checkpoints (Iceberg commits on each one). */
  readonly interval: Duration;
  /** Least time between the end of one checkpoint and the start of the next. */
  readonly minPause: Duration;
}

/** Properties of {@link ManagedFlinkApplication}. */
export interface ManagedFlinkApplicationProps {
  /** Application name (`[a-zA-Z0-9_.-]`, ≤ 128 characters). */
  readonly applicationName: string;
  /** MSF runtime, e.g. `FLINK-1_20`, from the resolved artifacts. */
  readonly runtimeEnvironment: string;
  /** The job jar in S3. */
  readonly code: { readonly bucket: s3.IBucket; readonly key: string };
  /** Runtime property groups (the job's SQL, settings). */
  readonly propertyGroups: PropertyGroups;
  /** Parallelism the application starts with. */
  readonly parallelism: number;
  /** Parallel tasks per KPU (1 vCPU, 4 GB). */
  readonly parallelismPerKpu: number;
  /** Whether MSF autoscaling may raise (and lower) the parallelism. */
  readonly autoScaling: boolean;
  /**
   * Checkpointing; undefined turns it off (bounded batch jobs).
   * @default - off
   */
  readonly checkpointing?: MsfCheckpointing;
  /** Whether MSF takes snapshots (on stop and update) to restore state from. */
  readonly snapshots: boolean;
  /**
   * Whether this deployment restores the latest snapshot (false: a state-incompatible change started without state,
   * `SKIP_RESTORE_FROM_SNAPSHOT`; see the plan's state lock check).
   * @default true
   */
  readonly restoreState?: boolean;
  /** VPC the application's ENIs live in (to reach the brokers). */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the application's ENIs.
   * @default - private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Whether the deployment starts the application (and stops it with a snapshot on removal).
   * @default true
   */
  readonly startOnDeploy?: boolean;
  /**
   * When a job started by the deployment counts as healthy (the deployment fails otherwise); a completed checkpoint
   * is required when checkpointing is on.
   * @default - the defaults of {@link JobHealthCheck}
   */
  readonly healthCheck?: JobHealthCheck;
  /**
   * Retention of the application log group.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * KMS key of the application's log group (its policy must admit CloudWatch Logs, see `allowLogGroupEncryption`).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * What happens to the application (and with it its snapshots) and its logs on removal.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Description of the application.
   * @default - none
   */
  readonly description?: string;
}

/**
 * One Managed Service for Apache Flink application: the job jar from S3, its runtime properties, parallelism,
 * checkpointing and snapshots, ENIs in the VPC, logs in CloudWatch, a least-privilege service role (Kafka, S3 and Glue
 * access are granted by the caller), system rollback on failed updates, and restarts that restore the latest
 * snapshot. Unlike the CDK alpha construct it retains the application (and its snapshots) by default and, unless told
 * otherwise, starts it during the deployment.
 */
export class ManagedFlinkApplication extends Construct implements iam.IGrantable, ec2.IConnectable {
  public readonly applicationName: string;
  public readonly applicationArn: string;
  public readonly role: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly connections: ec2.Connections;
  public readonly logGroup: logs.LogGroup;
  public readonly resource: kda.CfnApplication;
  /** The starter, unless `startOnDeploy` is false. */
  public readonly starter?: MsfApplicationStarter;

  constructor(scope: Construct, id: string, props: ManagedFlinkApplicationProps) {
    super(scope, id);
    ManagedFlinkApplication.validate(props);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.applicationName = props.applicationName;
    this.applicationArn = stack.formatArn({ service: 'kinesisanalytics', resource: 'application', resourceName: props.applicationName });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': this.applicationArn } },
      }),
      description: `Service role of MSF application ${props.applicationName}`,
    });
    this.grantPrincipal = this.role;
    // The jar's object only (and its versions): no listing, nothing else of the bucket.
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['s3:GetObject', 's3:GetObjectVersion'], resourceArns: [props.code.bucket.arnForObjects(props.code.key)] });
    props.code.bucket.encryptionKey?.grantDecrypt(this.role);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `ENIs of MSF application ${props.applicationName}`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup] });
    // HTTPS to AWS APIs (S3, Glue, STS, CloudWatch) through the VPC endpoints / NAT.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs over HTTPS');
    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logEncryptionKey,
      removalPolicy,
    });
    const logStream = new logs.LogStream(this, 'LogStream', { logGroup: this.logGroup, removalPolicy });
    acknowledgeGuardRules(this.logGroup, 'Application logs of a Flink job (job states, exceptions), kept three months by default '
      + '(logRetention); they are not audit logs: CloudTrail records the control plane.', [GuardRule.LOG_RETENTION_ONE_YEAR]);
    if (props.logEncryptionKey !== undefined) acknowledgeGuardRules(this.logGroup, GUARD_REASONS.platformKeyFromSsm, [GuardRule.LOG_GROUP_KMS]);
    const servicePolicy = this.servicePolicy(props.vpc, subnets.subnetIds, securityGroup);

    const restore = props.snapshots && props.restoreState !== false ? RestoreMode.LATEST_SNAPSHOT : RestoreMode.SKIP;
    const applicationConfiguration: kda.CfnApplication.ApplicationConfigurationProperty = {
      applicationCodeConfiguration: {
        codeContentType: 'ZIPFILE',
        codeContent: { s3ContentLocation: { bucketArn: props.code.bucket.bucketArn, fileKey: props.code.key } },
      },
      applicationSnapshotConfiguration: { snapshotsEnabled: props.snapshots },
      applicationSystemRollbackConfiguration: { rollbackEnabled: true },
      environmentProperties: {
        propertyGroups: Object.entries(props.propertyGroups).map(([propertyGroupId, propertyMap]) => ({ propertyGroupId, propertyMap })),
      },
      flinkApplicationConfiguration: {
        checkpointConfiguration: props.checkpointing
          ? {
            configurationType: 'CUSTOM',
            checkpointingEnabled: true,
            checkpointInterval: props.checkpointing.interval.toMilliseconds(),
            minPauseBetweenCheckpoints: props.checkpointing.minPause.toMilliseconds(),
          }
          : { configurationType: 'CUSTOM', checkpointingEnabled: false },
        parallelismConfiguration: {
          configurationType: 'CUSTOM',
          parallelism: props.parallelism,
          parallelismPerKpu: props.parallelismPerKpu,
          autoScalingEnabled: props.autoScaling,
        },
        monitoringConfiguration: { configurationType: 'CUSTOM', logLevel: 'INFO', metricsLevel: 'TASK' },
      },
      vpcConfigurations: [{ subnetIds: subnets.subnetIds, securityGroupIds: [securityGroup.securityGroupId] }],
    };
    this.resource = new kda.CfnApplication(this, 'Resource', {
      applicationName: props.applicationName,
      applicationDescription: props.description,
      runtimeEnvironment: props.runtimeEnvironment,
      serviceExecutionRole: this.role.roleArn,
      applicationConfiguration,
      // Restarts caused by updates of a running application restore its latest snapshot.
      runConfiguration: {
        applicationRestoreConfiguration: { applicationRestoreType: restore.restoreType },
        flinkRunConfiguration: { allowNonRestoredState: false },
      },
    });
    this.resource.applyRemovalPolicy(removalPolicy);
    this.resource.node.addDependency(this.role, servicePolicy);

    const logging = new kda.CfnApplicationCloudWatchLoggingOption(this, 'Logging', {
      applicationName: this.resource.ref,
      cloudWatchLoggingOption: {
        logStreamArn: stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${this.logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    });

    if (props.startOnDeploy ?? true) {
      const inputs = starterInputs({ runtimeEnvironment: props.runtimeEnvironment, applicationConfiguration }, `MSF application "${props.applicationName}"`);
      this.starter = new MsfApplicationStarter(this, 'Starter', {
        applicationName: props.applicationName,
        applicationArn: this.applicationArn,
        restore,
        // Literal configuration hashed, deploy-time values (jar key, SSM-resolved endpoints) passed for CloudFormation
        // to resolve: a change of either is an Update of the starter, which re-runs the health check.
        configurationFingerprint: inputs.fingerprint,
        deployTimeInputs: inputs.deployTimeInputs,
        healthCheck: { requireCheckpoint: props.checkpointing !== undefined, ...props.healthCheck },
        logs: { logGroup: this.logGroup, logStreamName: logStream.logStreamName },
        logEncryptionKey: props.logEncryptionKey,
      });
      this.starter.node.addDependency(this.resource, logging);
    }
  }

  /**
   * What MSF itself does with the service role, in a policy of its own (the role's default policy holds only the job's
   * grants): create and remove the application's ENIs in the VPC, check its log group, write its log stream.
   */
  private servicePolicy(vpc: ec2.IVpc, subnetIds: readonly string[], securityGroup: ec2.ISecurityGroup): iam.Policy {
    const stack = Stack.of(this);
    const allLogGroups = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const ec2Arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
    const networkInterfaces = ec2Arn('network-interface', '*');
    const inVpc = { ArnEquals: { 'ec2:Vpc': vpc.vpcArn } };
    const policy = new iam.Policy(this, 'ServicePolicy', {
      roles: [this.role],
      statements: [
        // MSF's documented VPC policy: the Describe calls have no resource-level permissions.
        new iam.PolicyStatement({
          actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces'],
          resources: ['*'],
        }),
        // ENIs in the application's own subnets with its own security group, in the platform VPC only.
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterface'],
          resources: [...subnetIds.map((id) => ec2Arn('subnet', id)), ec2Arn('security-group', securityGroup.securityGroupId)],
          conditions: inVpc,
        }),
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'],
          resources: [networkInterfaces],
          conditions: inVpc,
        }),
    new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [allLogGroups] }),
        new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
      ],
    });
    acknowledgeFindings(policy,
      'The EC2 Describe* calls of MSF\'s documented VPC policy have no resource-level permissions: they are granted on "*".',
      [AwsSolutionsFinding.wildcardResource(this, '*')]);
    acknowledgeFindings(policy,
      'MSF creates and removes the application\'s ENIs with its service role: an ENI\'s id exists only once it is created, so '
      + 'the ENI actions name network-interface/* of this account and region, limited by an ec2:Vpc condition to the platform VPC.',
      [AwsSolutionsFinding.wildcardResource(this, networkInterfaces)]);
    acknowledgeFindings(policy,
      'logs:DescribeLogGroups lists log groups: it is authorized on the account\'s log groups (log-group:*), not on one group.',
      [AwsSolutionsFinding.wildcardResource(this, allLogGroups)]);
    return policy;
  }

  private static validate(props: ManagedFlinkApplicationProps): void {
    const at = (field: string) => `applications["${props.applicationName}"].${field}`;
    const problems: ValidationProblem[] = [];
    if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(props.applicationName)) {
      problems.push({ path: at('applicationName'), message: `must be 1–128 characters of a-z A-Z 0-9 _ . -, got "${props.applicationName}"`, fix: 'shorten or rename the pipeline or job' });
    }
    if (!Number.isInteger(props.parallelism) || props.parallelism < 1) {
      problems.push({ path: at('parallelism'), message: `must be a whole number ≥ 1, got ${props.parallelism}`, fix: 'set the job parallelism to 1 or more' });
    }
    if (!Number.isInteger(props.parallelismPerKpu) || props.parallelismPerKpu < 1 || props.parallelismPerKpu > 8) {
      problems.push({ path: at('parallelismPerKpu'), message: `must be a whole number from 1 to 8, got ${props.parallelismPerKpu}`, fix: 'use 1 for CPU-heavy jobs, up to 8 for I/O-bound ones' });
    }
    const groups = Object.keys(props.propertyGroups).length;
    if (groups > MSF_MAX_PROPERTY_GROUPS) {
      problems.push({ path: at('propertyGroups'), message: `has ${groups} groups, more than the ${MSF_MAX_PROPERTY_GROUPS} MSF accepts`, fix: 'shorten the job SQL or split the job' });
    }
    if (props.checkpointing && !props.snapshots) {
      problems.push({ path: at('snapshots'), message: 'is off for a checkpointed (stateful) application', fix: 'turn snapshots on: without them every stop and update loses the job state' });
    }
    throwIfProblems(`MSF application "${props.applicationName}"`, problems);
  }
}
