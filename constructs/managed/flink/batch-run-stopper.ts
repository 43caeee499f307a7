import { Duration, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_logs as logs, aws_logs_destinations as destinations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { handlerLogGroup } from '../../common/log-group-encryption';
import { join } from 'node:path';
import { logWriterRole } from '../../common/log-writer-role';

/** Properties of {@link BatchRunStopper}. */
export interface BatchRunStopperProps {
  readonly applicationName: string;
  readonly applicationArn: string;
  /** The application's log group, where MSF writes the JobManager's log (at INFO). */
  readonly logGroup: logs.ILogGroup;
  /** KMS key of the stopper's own log group: the platform key (see `allowLogGroupEncryption`). */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * The phrase of Flink's job state lines (`Job <name> (<id>) switched from state RUNNING to FINISHED.`), which the
 * execution graph logs at INFO on every job state change; the subscription filter passes only those lines on.
 */
export const JOB_STATE_LINE = 'switched from state';

/**
 * Stops a batch MSF application as soon as its bounded job ends, instead of at the end of its run window: MSF leaves
 * an application RUNNING (and billing) after its job FINISHED. A subscription filter on the application's log group
 * sends Flink's job state lines to a small function (see `batch-run-stopper/handler.ts`) that stops the application
 * when the job FINISHED (or FAILED for good) and it is still RUNNING.
 *
 * Limits: it relies on the application logging at INFO (ManagedFlinkApplication sets it) and on Flink's wording of the
 * state line (the same from Flink 1.x to 2.x); CloudWatch Logs delivers within seconds to a minute; a log group takes
 * at most two subscription filters. The run window's scheduled stop remains the backstop.
 */
export class BatchRunStopper extends Construct {
  public readonly function: lambda.Function;
  public readonly subscription: logs.SubscriptionFilter;

  constructor(scope: Construct, id: string, props: BatchRunStopperProps) {
    super(scope, id);
    const logGroup = handlerLogGroup(this, 'Logs', props.logEncryptionKey, 'Logs of the batch stopper (the application name and the job state it saw, no data)');
    const description = `Stops MSF application ${props.applicationName} when its batch job has ended`;
    const role = logWriterRole(this, 'Role', logGroup, description);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kinesisanalytics:DescribeApplication', 'kinesisanalytics:StopApplication'],
      resources: [props.applicationArn],
    }));
    this.function = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(join(__dirname, 'batch-run-stopper', 'runtime')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(30),
      memorySize: 256,
      description,
      role,
      logGroup,
      environment: { APPLICATION_NAME: props.applicationName },
    });
    acknowledgeGuardRules(this.function, 'Receives only the job-state lines of its application\'s log group (a subscription '
      + 'filter) and calls the MSF control-plane API to stop the application; it reaches no pipeline data or network.', [GuardRule.LAMBDA_IN_VPC]);
    this.subscription = new logs.SubscriptionFilter(this, 'JobStateLines', {
      logGroup: props.logGroup,
      destination: new destinations.LambdaDestination(this.function),
      filterPattern: logs.FilterPattern.allTerms(JOB_STATE_LINE),
    });
  }
}
