import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { logWriterRole } from '../../common/log-writer-role';

/** Lambda's limit on a function name. */
const MAX_FUNCTION_NAME = 64;

/**
 * Hands each custom-resource event on to the current provider function, asynchronously (the way CloudFormation
 * invokes a service token): the provider answers CloudFormation's response URL itself.
 */
const FORWARDER_SOURCE = `
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const lambda = new LambdaClient({});
exports.handler = async (event) => {
  await lambda.send(new InvokeCommand({ FunctionName: process.env.TARGET_FUNCTION, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
};
`;

/** Props of StableServiceToken. */
export interface StableServiceTokenProps {
  /** ARN of the provider function the token stands for (a provider framework's `serviceToken`). */
  readonly targetArn: string;
  /** The forwarder's function name: fixed, so its ARN is too (at most 64 characters). */
  readonly functionName: string;
  /**
   * Key of the forwarder's log group (the platform's key).
   * @default - CloudWatch Logs' service key
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * A custom-resource service token that stays the same when the provider behind it is replaced. CloudFormation refuses
 * an update that changes a custom resource's `ServiceToken` ("Modifying service token is not allowed"), so a token
 * other stacks hold must outlive the provider function: a CDK upgrade that re-creates it, or a platform rebuild, would
 * otherwise fail every update of those stacks. The token is the ARN of a small forwarder with a fixed name, written
 * out (not a reference to the function), which hands each event to the current provider; replacing the provider only
 * changes the forwarder's target.
 */
export class StableServiceToken extends Construct {
  /** The service token: `arn:<partition>:lambda:<region>:<account>:function:<functionName>`. */
  public readonly serviceToken: string;
  public readonly forwarder: lambda.Function;

  constructor(scope: Construct, id: string, props: StableServiceTokenProps) {
    super(scope, id);
    if (props.functionName.length > MAX_FUNCTION_NAME) {
      throw new Error(`${this.node.path}: functionName "${props.functionName}" has ${props.functionName.length} characters, over Lambda's limit of ${MAX_FUNCTION_NAME} — use a shorter platform name.`);
    }
    // A platform log group: kept a year, like the platform's other logs.
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: props.logEncryptionKey, removalPolicy: RemovalPolicy.DESTROY });
    if (props.logEncryptionKey === undefined) {
      acknowledgeGuardRules(logGroup, 'The forwarder logs custom-resource events (request ids and statuses), no data; '
        + 'CloudWatch Logs encrypts them at rest with its service key.', [GuardRule.LOG_GROUP_KMS]);
    }
    const role = logWriterRole(this, 'Role', logGroup, 'Forwards custom-resource events to the current kubectl provider: writes its own log group, invokes that function');
    this.forwarder = new lambda.Function(this, 'Resource', {
      functionName: props.functionName,
      description: 'Stable service token: forwards custom-resource events to the current kubectl provider function',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(FORWARDER_SOURCE),
      timeout: Duration.seconds(30),
      memorySize: 128,
      role,
      logGroup,
      environment: { TARGET_FUNCTION: props.targetArn },
    });
    acknowledgeGuardRules(this.forwarder, GUARD_REASONS.deployTimeHandler, [GuardRule.LAMBDA_IN_VPC]);
    // That one function, unqualified: no version or alias wildcard.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.targetArn] }));
    this.serviceToken = Stack.of(this).formatArn({ service: 'lambda', resource: 'function', resourceName: props.functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}
