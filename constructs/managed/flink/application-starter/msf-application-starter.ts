import { CustomResource, Duration, Stack, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_logs as logs, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from '../../../common/guard-findings';
import { join } from 'node:path';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../../common/aws-solutions-findings';
import { handlerLogGroup } from '../../../common/log-group-encryption';
import { logWriterRole } from '../../../common/log-writer-role';
import { acknowledgeProviderFramework, providerFrameworkRoles } from '../../../common/provider-framework-findings';
import { DeployTimeInput } from './starter-inputs';

/** How a start restores state. */
export class RestoreMode {
  /** Restore from the application's latest snapshot (or start empty when it has none yet): streaming jobs. */
  public static readonly LATEST_SNAPSHOT = new RestoreMode('RESTORE_FROM_LATEST_SNAPSHOT');
  /** Start without restoring (bounded batch runs, which keep no state between runs). */
  public static readonly SKIP = new RestoreMode('SKIP_RESTORE_FROM_SNAPSHOT');

  private constructor(
    /** `ApplicationRestoreType` of StartApplication. */
    public readonly restoreType: string,
  ) {}
}

/**
 * When a started streaming job counts as healthy (see `judgeJobHealth` in `handler.ts`). MSF reports an application
 * RUNNING while its Flink job fails and restarts in a loop, so the deployment waits for the job's own metrics
 * (AWS/KinesisAnalytics `uptime`, `downtime`, `fullRestarts`/`numRestarts`, `lastCheckpointDuration`, 1-minute
 * maxima): up `stableFor` without interruption, not in an outage, a completed checkpoint if required. It fails at once
 * after `maxRestarts` restarts, and when the job is not healthy `timeout` after the start.
 */
export interface JobHealthCheck {
  /**
   * How long the job must have run without a restart.
   * @default Duration.minutes(5)
   */
  readonly stableFor?: Duration;
  /**
   * How long after the start the job may take to become healthy (the provider waits one hour at most).
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;
  /**
   * Restarts since the start that fail the deployment at once.
   * @default 3
   */
  readonly maxRestarts?: number;
  /**
   * Whether the job must complete a checkpoint (Iceberg sinks commit only on checkpoints).
   * @default true
   */
  readonly requireCheckpoint?: boolean;
}

/** The provider waits this long at most for a start, so a health timeout must leave room for the start itself. */
const PROVIDER_TIMEOUT = Duration.hours(1);
const MAX_HEALTH_TIMEOUT = Duration.minutes(50);

/** Properties of {@link MsfApplicationStarter}. */
export interface MsfApplicationStarterProps {
  /** Name of the MSF application. */
  readonly applicationName: string;
  /** ARN of the MSF application (scopes the starter's permissions). */
  readonly applicationArn: string;
  /**
   * State restore on start.
   * @default RestoreMode.LATEST_SNAPSHOT
   */
  readonly restore?: RestoreMode;
  /**
   * Whether a restart may drop state no operator of the new job claims.
   * @default false
   */
  readonly allowNonRestoredState?: boolean;
  /**
   * A hash of the application's literal configuration (see `starterInputs`), so that an update re-checks that the
   * application is RUNNING and healthy. It must not hash tokens: those go in `deployTimeInputs`.
   * @default - only a changed application name triggers an update
   */
  readonly configurationFingerprint?: string;
  /**
   * The application's deploy-time values (jar key, SSM-resolved endpoints), as properties CloudFormation resolves,
   * so that a new value is an Update of the starter even when the template text is unchanged.
   * @default - none
   */
  readonly deployTimeInputs?: readonly DeployTimeInput[];
  /**
   * When the started job counts as healthy; `false` completes the deployment as soon as the application is RUNNING.
   * @default - the defaults of {@link JobHealthCheck}
   */
  readonly healthCheck?: JobHealthCheck | false;
  /**
   * The application's log group and stream, named in deployment failures.
   * @default - the failure says "see the application's CloudWatch logs"
   */
  readonly logs?: { readonly logGroup: logs.ILogGroup; readonly logStreamName: string };
  /**
   * KMS key of the stack-wide provider's log groups (handler and framework): the platform key. The provider is made
   * with the first starter of the stack, whose key it keeps.
   * @default - CloudWatch Logs' service key
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * On delete, how long the stop with a snapshot may take before the application is stopped without one (Force=true):
   * an application stuck STARTING or UPDATING, or a crash-looping job whose snapshot never completes, would otherwise
   * hold the delete (and a rollback that removes it) until the provider's one-hour limit.
   * @default Duration.minutes(10)
   */
  readonly forceStopAfter?: Duration;
}

const PROVIDER_ID = 'MsfApplicationStarterProvider';

/** The forced-stop bound as a custom resource property (absent: the handler's default, 10 minutes), validated. */
function forceStopProperties(props: MsfApplicationStarterProps): Record<string, string> {
  if (props.forceStopAfter === undefined) return {};
  const seconds = props.forceStopAfter.toSeconds();
  if (seconds > MAX_HEALTH_TIMEOUT.toSeconds()) {
    throw new Error(`MsfApplicationStarter "${props.applicationName}": forceStopAfter must be ≤ ${MAX_HEALTH_TIMEOUT.toHumanString()} (a delete waits ${PROVIDER_TIMEOUT.toHumanString()} at most, the forced stop included), got ${props.forceStopAfter.toHumanString()} — shorten it`);
  }
  return { ForceStopAfterSeconds: String(seconds) };
}

/** The health check as custom resource properties (strings), validated. */
function healthProperties(props: MsfApplicationStarterProps): Record<string, string> {
  if (props.healthCheck === false) return {};
  const check = props.healthCheck ?? {};
  const stableFor = check.stableFor ?? Duration.minutes(5);
  const timeout = check.timeout ?? Duration.minutes(30);
  const maxRestarts = check.maxRestarts ?? 3;
  const at = `MsfApplicationStarter "${props.applicationName}": healthCheck`;
  if (timeout.toSeconds() > MAX_HEALTH_TIMEOUT.toSeconds()) {
    throw new Error(`${at}.timeout must be ≤ ${MAX_HEALTH_TIMEOUT.toHumanString()} (the deployment waits ${PROVIDER_TIMEOUT.toHumanString()} at most, start included), got ${timeout.toHumanString()} — shorten it`);
  }
  if (stableFor.toSeconds() >= timeout.toSeconds()) {
    throw new Error(`${at}.stableFor (${stableFor.toHumanString()}) must be shorter than healthCheck.timeout (${timeout.toHumanString()}) — lower stableFor or raise timeout`);
  }
  if (!Number.isInteger(maxRestarts) || maxRestarts < 1) {
    throw new Error(`${at}.maxRestarts must be a whole number ≥ 1, got ${maxRestarts} — use e.g. 3`);
  }
  return {
    StableForSeconds: String(stableFor.toSeconds()),
    HealthTimeoutSeconds: String(timeout.toSeconds()),
    MaxRestarts: String(maxRestarts),
    RequireCheckpoint: String(check.requireCheckpoint ?? true),
  };
}

/**
 * Starts an MSF application as part of the deployment and stops it cleanly when removed: a custom resource whose
 * handler (see `handler.ts`) calls StartApplication — restoring from the latest snapshot when there is one — and waits
 * until the application is RUNNING and its job is healthy ({@link JobHealthCheck}); a job that crash-loops or never
 * checkpoints fails the deployment with its log location. An Update leaves an application an operator stopped (READY)
 * stopped. On delete it stops the application with a snapshot and waits until it is READY, forcing the stop (no
 * snapshot) when that has not happened `forceStopAfter` after the delete began.
 * One provider (two small Lambda functions) per stack serves every application.
 */
export class MsfApplicationStarter extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MsfApplicationStarterProps) {
    super(scope, id);
    const health = healthProperties(props);
    const forceStop = forceStopProperties(props);
    const provider = MsfApplicationStarter.provider(this, props.logEncryptionKey);
    const policy = new iam.Policy(this, 'Permissions', {
      statements: [new iam.PolicyStatement({
        actions: [
          'kinesisanalytics:DescribeApplication', 'kinesisanalytics:ListApplicationSnapshots',
          'kinesisanalytics:StartApplication', 'kinesisanalytics:StopApplication',
        ],
        resources: [props.applicationArn],
      })],
    });
    for (const fn of [provider.onEvent, provider.isComplete]) {
      if (fn.role) policy.attachToRole(fn.role);
    }
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.provider.serviceToken,
      resourceType: 'Custom::MsfApplicationStarter',
      properties: {
        ApplicationName: props.applicationName,
        RestoreType: (props.restore ?? RestoreMode.LATEST_SNAPSHOT).restoreType,
        AllowNonRestoredState: String(props.allowNonRestoredState ?? false),
        ...(props.configurationFingerprint ? { ConfigurationFingerprint: props.configurationFingerprint } : {}),
        ...(props.deployTimeInputs && props.deployTimeInputs.length > 0 ? { DeployTimeInputs: props.deployTimeInputs } : {}),
        ...health,
        ...(props.logs ? { LogGroupName: props.logs.logGroup.logGroupName, LogStreamName: props.logs.logStreamName } : {}),
        ...forceStop,
      },
    });
    // The permissions must exist before the first start and outlive the final stop.
    this.resource.node.addDependency(policy);
  }

  private static provider(scope: Construct, logEncryptionKey: kms.IKey | undefined): { provider: cr.Provider; onEvent: lambda.Function; isComplete: lambda.Function } {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as StarterProvider | undefined;
    return existing ?? new StarterProvider(stack, PROVIDER_ID, logEncryptionKey);
  }
}

/** The stack-wide provider: an onEvent and an isComplete function from the compiled handler. */
class StarterProvider extends Construct {
  public readonly provider: cr.Provider;
  public readonly onEvent: lambda.Function;
  public readonly isComplete: lambda.Function;

  constructor(scope: Construct, id: string, logEncryptionKey: kms.IKey | undefined) {
    super(scope, id);
    const code = lambda.Code.fromAsset(join(__dirname, 'runtime'));
    const logGroup = handlerLogGroup(this, 'Logs', logEncryptionKey, 'Logs of the MSF starter handler shared by the '
      + 'pipeline\'s applications: application names and states only, no data');
    const common = {
      code,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.minutes(1),
      memorySize: 256,
      logGroup,
    };
    const onEventDescription = 'Starts MSF applications on deploy (restoring the latest snapshot) and stops them with a snapshot on delete';
    this.onEvent = new lambda.Function(this, 'OnEvent', {
      ...common,
      handler: 'index.onEvent',
      description: onEventDescription,
      role: logWriterRole(this, 'OnEventRole', logGroup, onEventDescription),
    });
    const isCompleteDescription = 'Waits until MSF applications are RUNNING with a healthy job (deploy) or READY (delete)';
    const isCompleteRole = logWriterRole(this, 'IsCompleteRole', logGroup, isCompleteDescription);
    // The health check reads the jobs' AWS/KinesisAnalytics metrics.
    isCompleteRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    acknowledgeFindings(isCompleteRole,
      'cloudwatch:GetMetricData has no resource-level permissions (it is authorized on "*" only); the isComplete '
      + 'handler reads the AWS/KinesisAnalytics job metrics (uptime, restarts, checkpoints) of the applications it starts.',
      [AwsSolutionsFinding.wildcardResource(this, '*')]);
    this.isComplete = new lambda.Function(this, 'IsComplete', {
      ...common,
      handler: 'index.isComplete',
      description: isCompleteDescription,
      role: isCompleteRole,
    });
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEvent,
      isCompleteHandler: this.isComplete,
      queryInterval: Duration.seconds(30),
      totalTimeout: PROVIDER_TIMEOUT,
      ...providerFrameworkRoles(this, { waits: true, logEncryptionKey }),
    });
    acknowledgeProviderFramework(this.provider);
    for (const fn of [this.onEvent, this.isComplete]) acknowledgeGuardRules(fn, GUARD_REASONS.deployTimeHandler, [GuardRule.LAMBDA_IN_VPC]);
  }
}
