import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The execution role of a Lambda function outside a VPC that logs to a log group of its own: it may write log streams
 * of that group and nothing else, where the default role's AWSLambdaBasicExecutionRole allows every log group of the
 * account. Whatever else the function does is granted to the role by its owner.
 */
export function logWriterRole(scope: Construct, id: string, logGroup: logs.ILogGroup, description: string): iam.Role {
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
  logGroup.grantWrite(role);
  return role;
}
