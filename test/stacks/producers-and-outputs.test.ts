import { Match, Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { validateDefinition } from '../../lib/validation/validate-definition';
import { objectIn, objectsOfKind } from '../self-hosted/support/stack-values';
import { Mutable, exampleWith, testApp } from '../support/test-app';

/** Issue 9 item 9: nobody could produce into Kafka, and neither stack had outputs. */
const WITH_PRODUCERS: PipelineDefinition = {
  ...ORDERS_PIPELINE,
  producers: [
    {
      name: 'order-service',
      topics: ['orders'],
      roleArn: 'arn:aws:iam::333333333333:role/order-service',
      serviceAccount: 'shop/order-service',
      network: { securityGroupIds: ['sg-0123456789abcdef0'], cidrs: ['10.20.0.0/16'] },
    },
  ],
};

const { platformStacks, pipelineStacks } = addPipelineStacks(testApp({ env: 'prod', flavor: 'both' }), WITH_PRODUCERS);
const [selfHostedPlatform] = platformStacks.map((s) => Template.fromStack(s));
const [selfHosted, managed] = pipelineStacks.map((s) => Template.fromStack(s));

describe('managed: a producer gets its produce grant and a network path, nothing else', () => {
  test('its own role gets connect, idempotent writes and WriteData on its topics only (a policy of the pipeline stack)', () => {
    const policies = Object.values(managed.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes('order-service'));
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
    expect(statements.map((s) => [s.Action].flat().sort())).toEqual([
      ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'],
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
    ]);
    const topics = JSON.stringify(statements[1].Resource);
    expect(topics).toContain('/orders"');
    expect(topics).not.toContain('customers');
  });

  test('its security group and CIDR may reach the brokers on 9098', () => {
    for (const source of [{ SourceSecurityGroupId: 'sg-0123456789abcdef0' }, { CidrIp: '10.20.0.0/16' }]) {
      managed.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 9098, ToPort: 9098, GroupId: { Ref: Match.stringLikeRegexp('kafkasecuritygroupid') }, ...source });
    }
  });
});

describe('self-hosted: a producer gets a Kafka principal with write ACLs on its topics', () => {
  test('a KafkaUser whose ACLs allow writing its topics only', () => {
    const user = objectIn(selfHosted, 'KafkaUser', 'orders-producer-order-service', 'kafka').spec as { authentication: { type: string }; authorization: { acls: Array<{ resource: { type: string; name: string }; operations: string[] }> } };
    expect(user.authentication.type).toBe('scram-sha-512');
    expect(user.authorization.acls).toEqual([{ resource: { type: 'topic', name: 'orders', patternType: 'literal' }, operations: ['Describe', 'Write'] }]);
  });

  test('its service account, in its own namespace, may read its credentials secret only', () => {
    const binding = objectsOfKind(selfHosted, 'RoleBinding', 'kafka').find((b) => b.metadata?.name === 'kafka-credentials-orders-producer-order-service') as unknown as { subjects: unknown };
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'order-service', namespace: 'shop' }]);
  });

  test('the platform\'s listener admits the producer\'s namespace', () => {
    const kafka = objectIn(selfHostedPlatform, 'Kafka', 'data-platform-prod', 'kafka').spec as { kafka: { listeners: Array<{ networkPolicyPeers: Array<{ namespaceSelector: { matchExpressions: Array<{ values: string[] }> } }> }> } };
    expect(kafka.kafka.listeners[0].networkPolicyPeers[0].namespaceSelector.matchExpressions[0].values).toEqual(['orders', 'shop']);
  });
});

describe('stack outputs', () => {
  test('pipeline stacks: bootstrap servers, topics, tables, jobs and producers (self-hosted: also the CA)', () => {
    const outputs = (t: Template) => Object.fromEntries(Object.entries(t.toJSON().Outputs as Record<string, { Value: unknown }>).map(([k, v]) => [k, v.Value]));
    expect(outputs(selfHosted)).toEqual({
      KafkaBootstrapServers: 'data-platform-prod-kafka-bootstrap.kafka.svc:9093',
      KafkaClusterCa: 'Secret kafka/data-platform-prod-cluster-ca-cert; ConfigMap data-platform-prod-kafka-ca in namespaces labelled pipelines.aws/kafka-ca-of=data-platform-prod',
      Topics: 'orders,customers',
      Tables: 'orders_self_hosted.orders,orders_self_hosted.customers',
      Jobs: 'orders/orders-to-lake,orders/customers-nightly',
      Producers: 'order-service=kafka/orders-producer-order-service',
    });
    expect(outputs(managed)).toMatchObject({
      KafkaBootstrapServers: { Ref: expect.stringMatching(/kafkabootstrapservers/) },
      Topics: 'orders,customers',
      Tables: 'orders_managed.orders,orders_managed.customers',
      Jobs: 'orders-prod-orders-to-lake,orders-prod-customers-nightly',
      Producers: 'order-service=arn:aws:iam::333333333333:role/order-service',
    });
  });

  test('platform stacks: where pipelines find them, the Kafka cluster and its bootstrap servers', () => {
    expect(Object.keys(selfHostedPlatform.toJSON().Outputs).sort()).toEqual(['EksClusterName', 'KafkaBootstrapServers', 'KafkaCluster', 'ParameterPath']);
    selfHostedPlatform.hasOutput('ParameterPath', { Value: '/event-pipelines/data-platform/prod/self-hosted/' });
  });
});

describe('producer validation', () => {
  const problems = (change: (d: Mutable<PipelineDefinition>) => void) => {
    try {
      validateDefinition(exampleWith(change));
      return [];
    } catch (e) {
      return String((e as Error).message).split('\n').slice(1).map((l) => l.trim());
    }
  };

  test('a producer of an unknown topic, without a way in, with a public CIDR and a malformed role', () => {
    expect(problems((d) => { d.producers = [{ name: 'svc', topics: ['payments'], network: { cidrs: ['0.0.0.0/0'] }, roleArn: 'order-service' }]; })).toEqual([
      '- producers[0] ("svc").topics[0]: unknown topic "payments"; topics this pipeline owns: orders, customers — name a topic of the pipeline',
      '- producers[0] ("svc").roleArn: must be an IAM role ARN, got "order-service" — use arn:aws:iam::<account>:role/<name>',
      '- producers[0] ("svc").network.cidrs[0]: must be an IPv4 CIDR with a prefix from /8 to /32, got "0.0.0.0/0" — name the producer\'s own range, e.g. "10.20.0.0/16"',
    ]);
    expect(problems((d) => { d.producers = [{ name: 'svc', topics: ['orders'] }]; })).toEqual([
      '- producers[0] ("svc"): has no roleArn, serviceAccount or network: it could not authenticate or connect — set roleArn (managed) or serviceAccount (self-hosted), and network for the managed brokers',
    ]);
  });

  test('producers of the wrong shape are read before any rule (definitions come from JSON and YAML too)', () => {
    const shape = (producers: unknown) => {
      try {
        validateDefinition({ ...ORDERS_PIPELINE, producers } as unknown as PipelineDefinition);
        return 'valid';
      } catch (e) {
        return String((e as Error).message).split('\n')[1].trim();
      }
    };
    expect(shape('x')).toBe('- producers: must be an array, got the string "x" — give producers as an array');
    expect(shape([null])).toBe('- producers[0]: must be a producer, got null — give a producer with fields name, topics, roleArn, serviceAccount, network');
    expect(shape([{ name: 'a', topics: 'orders' }])).toBe('- producers[0] ("a").topics: must be an array, got the string "orders" — list the topic names it writes');
  });
});
