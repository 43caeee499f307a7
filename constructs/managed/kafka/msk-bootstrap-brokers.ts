import { aws_iam as iam, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeStackSingleton } from '../../common/guard-findings';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';

/** Properties of {@link MskBootstrapBrokers}. */
export interface MskBootstrapBrokersProps {
  /** ARN of the MSK cluster (provisioned or serverless). */
  readonly clusterArn: string;
}

/**
 * Reads the IAM bootstrap broker string of an MSK cluster at deploy time: CloudFormation does not return it as an
 * attribute, so a custom resource calls `kafka:GetBootstrapBrokers` (scoped to this cluster).
 */
export class MskBootstrapBrokers extends Construct {
  /** `b-1.<cluster>…:9098,b-2…:9098` (a deploy-time token). */
  public readonly saslIam: string;

  constructor(scope: Construct, id: string, props: MskBootstrapBrokersProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'Kafka',
      action: 'GetBootstrapBrokers',
      parameters: { ClusterArn: props.clusterArn },
      physicalResourceId: cr.PhysicalResourceId.of(props.clusterArn),
      outputPaths: ['BootstrapBrokerStringSaslIam'],
    };
    const resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::MskBootstrapBrokers',
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['kafka:GetBootstrapBrokers'], resources: [props.clusterArn] }),
      ]),
    });
    // The stack-wide function of AwsCustomResource (aws-cdk-lib) runs every such call with one role.
    const role = resource.grantPrincipal;
    if (role instanceof iam.Role) {
      acknowledgeFindings(role,
        'aws-cdk-lib\'s AwsCustomResource function role has AWSLambdaBasicExecutionRole (CloudWatch Logs only); each '
        + 'call is granted by the resource\'s own policy (here kafka:GetBootstrapBrokers on this cluster).',
        AwsSolutionsFinding.managedPoliciesOf(role));
    }
    acknowledgeStackSingleton(this, `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`, GUARD_REASONS.cdkSingleton, [GuardRule.LAMBDA_IN_VPC]);
    this.saslIam = resource.getResponseField('BootstrapBrokerStringSaslIam');
  }
}
