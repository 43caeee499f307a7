import { CustomResource, Duration, Stack, aws_iam as iam, aws_lambda as lambda, aws_logs as logs, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { logWriterRole } from '../../../common/log-writer-role';
import { acknowledgeProviderFramework } from '../../../common/provider-framework-findings';

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
   * A value that changes whenever the application's configuration changes, so that an update re-checks that the
   * application is RUNNING (e.g. a hash of its code location and properties).
   * @default - only a changed application name triggers an update
   */
  readonly configurationFingerprint?: string;
}

const PROVIDER_ID = 'MsfApplicationStarterProvider';

/**
 * Starts an MSF application as part of the deployment and stops it cleanly when removed: a custom resource whose
 * handler (see `handler.ts`) calls StartApplication — restoring from the latest snapshot when there is one — and waits
 * until the application is RUNNING; on delete it stops the application with a snapshot and waits until it is READY.
 * One provider (two small Lambda functions) per stack serves every application.
 */
export class MsfApplicationStarter extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MsfApplicationStarterProps) {
    super(scope, id);
    const provider = MsfApplicationStarter.provider(this);
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
      },
    });
    // The permissions must exist before the first start and outlive the final stop.
    this.resource.node.addDependency(policy);
  }

  private static provider(scope: Construct): { provider: cr.Provider; onEvent: lambda.Function; isComplete: lambda.Function } {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as StarterProvider | undefined;
    return existing ?? new StarterProvider(stack, PROVIDER_ID);
  }
}

/** The stack-wide provider: an onEvent and an isComplete function from the compiled handler. */
class StarterProvider extends Construct {
  public readonly provider: cr.Provider;
  public readonly onEvent: lambda.Function;
  public readonly isComplete: lambda.Function;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const code = lambda.Code.fromAsset(join(__dirname, 'runtime'));
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
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
    const isCompleteDescription = 'Waits until MSF applications are RUNNING (deploy) or READY (delete)';
    this.isComplete = new lambda.Function(this, 'IsComplete', {
      ...common,
      handler: 'index.isComplete',
      description: isCompleteDescription,
      role: logWriterRole(this, 'IsCompleteRole', logGroup, isCompleteDescription),
    });
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEvent,
      isCompleteHandler: this.isComplete,
      queryInterval: Duration.seconds(30),
      totalTimeout: Duration.hours(1),
    });
    acknowledgeProviderFramework(this.provider);
  }
}
