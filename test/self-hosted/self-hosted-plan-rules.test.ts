import { MAX_KAFKA_CLUSTER_NAME, validateSelfHostedPlan } from '../../constructs/self-hosted/validation/self-hosted-plan-rules';
import { CostControl } from '../../lib/definition/job-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { SelfHostedEnvironmentOptions } from '../../lib/environment/self-hosted-options';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { formatProblem } from '../../lib/validation/validation-problem';
import { environment, exampleWith, testApp } from '../support/test-app';

const JAR = 'https://artifacts.example.com/sql-runner-1.20.4.jar';

function planWith(envName: string, selfHosted: SelfHostedEnvironmentOptions, definition: PipelineDefinition = ORDERS_PIPELINE, change: (env: PipelineEnvironment) => PipelineEnvironment = (env) => env): PipelinePlan {
  const env = environment(envName);
  return resolvePlan(definition, change({ ...env, selfHosted: { ...env.selfHosted, ...selfHosted } }), [Flavor.SELF_HOSTED]);
}

/** The problems of a plan, each as `<path>: <message> — <fix>`. */
function problemsOf(plan: PipelinePlan): string[] {
  return validateSelfHostedPlan(plan).map(formatProblem);
}

test('the environments of cdk.json are valid for the self-hosted flavor', () => {
  for (const env of ['dev', 'staging', 'prod']) expect(problemsOf(planWith(env, {}))).toEqual([]);
});

test('a complete session-cluster setup is valid', () => {
  expect(problemsOf(planWith('prod', { sessionClusterTenants: ['team-a', 'team-b'], sessionJobs: { 'orders-to-lake': 'team-a' }, sessionJobJarUri: JAR }))).toEqual([]);
});

describe('environment options: one problem per rule, with the exact message', () => {
  const at = 'environments.prod.selfHosted';
  test.each<[string, SelfHostedEnvironmentOptions, string]>([
    ['a public access CIDR is no IPv4 CIDR', { eksPublicAccessCidrs: ['10.0.0.0/33'] }, `${at}.eksPublicAccessCidrs[0]: "10.0.0.0/33" is not an IPv4 CIDR — write it like "203.0.113.0/24"`],
    ['a public access CIDR has an octet over 255', { eksPublicAccessCidrs: ['203.0.113.0/24', '256.1.1.1/32'] }, `${at}.eksPublicAccessCidrs[1]: "256.1.1.1/32" is not an IPv4 CIDR — write it like "203.0.113.0/24"`],
    ['production opens the API to the internet', { eksPublicAccessCidrs: ['0.0.0.0/0'] }, `${at}.eksPublicAccessCidrs[0]: 0.0.0.0/0 opens the Kubernetes API to the internet — list the CIDRs of your operators or CI, or remove eksPublicAccessCidrs (private endpoint)`],
    ['a /00 prefix is no canonical CIDR', { eksPublicAccessCidrs: ['0.0.0.0/00'] }, `${at}.eksPublicAccessCidrs[0]: "0.0.0.0/00" is not an IPv4 CIDR — write it like "203.0.113.0/24"`],
    ['a leading-zero octet is no canonical CIDR', { eksPublicAccessCidrs: ['010.0.0.0/24'] }, `${at}.eksPublicAccessCidrs[0]: "010.0.0.0/24" is not an IPv4 CIDR — write it like "203.0.113.0/24"`],
    ['production names a CIDR wider than /24', { eksPublicAccessCidrs: ['198.51.0.0/16'] }, `${at}.eksPublicAccessCidrs[0]: 198.51.0.0/16 opens the Kubernetes API to 65536 addresses in a production environment (wider than /24) — name the CIDRs of your operators or CI, each /24 or narrower, or remove eksPublicAccessCidrs (private endpoint)`],
    ['production names more than 5 CIDRs', { eksPublicAccessCidrs: ['203.0.113.0/28', '203.0.113.16/28', '203.0.113.32/28', '203.0.113.48/28', '203.0.113.64/28', '203.0.113.80/28'] }, `${at}.eksPublicAccessCidrs: names 6 CIDRs in a production environment (at most 5) — keep the allow-list to your operators' and CI's egress ranges (at most 5), or remove eksPublicAccessCidrs and reach the private endpoint through the VPC`],
    ['the admin role is no IAM role ARN', { clusterAdminRoleArn: 'arn:aws:iam::123:user/admin' }, `${at}.clusterAdminRoleArn: "arn:aws:iam::123:user/admin" is not an IAM role ARN — use arn:aws:iam::<account>:role/<name>`],
    ['Strimzi does not support the Kafka version', { kafkaVersion: '3.9.1' }, `${at}.kafkaVersion: Kafka 3.9.1 is not supported by Strimzi 1.2.0 — use one of 4.2.0, 4.2.1, 4.3.0, 4.3.1 (default 4.3.1)`],
    ['a tenant is no namespace name', { sessionClusterTenants: ['Team_A'] }, `${at}.sessionClusterTenants[0]: "Team_A" is not a valid namespace name — use up to 63 lower case letters, digits and "-", starting and ending with a letter or digit`],
    ['a tenant is a namespace of the cluster or operators', { sessionClusterTenants: ['team-a', 'flink-operator'] }, `${at}.sessionClusterTenants[1]: "flink-operator" is a namespace of the cluster or its operators — give the tenant its own namespace`],
    ['a tenant is listed twice', { sessionClusterTenants: ['team-a', 'team-a'] }, `${at}.sessionClusterTenants[1]: "team-a" is listed more than once — list each tenant once`],
    ['session jobs have no jar', { sessionClusterTenants: ['team-a'], sessionJobs: { 'orders-to-lake': 'team-a' } }, `${at}.sessionJobJarUri: is not set, but sessionJobs runs orders-to-lake in session clusters — give the URI the Flink operator downloads the SQL runner jar from (https://…, or s3://… with an S3-enabled operator image)`],
    ['the jar is no https:// or s3:// jar', { sessionJobJarUri: 'file:///opt/sql-runner.jar' }, `${at}.sessionJobJarUri: "file:///opt/sql-runner.jar" is not an https:// or s3:// URI of a jar — use e.g. "https://artifacts.example.com/sql-runner-1.20.4.jar"`],
    ['a session job names a tenant without a session cluster', { sessionClusterTenants: ['team-a'], sessionJobs: { 'orders-to-lake': 'team-b' }, sessionJobJarUri: JAR }, `${at}.sessionJobs.orders-to-lake: tenant "team-b" has no session cluster — add it to sessionClusterTenants (now: team-a)`],
    ['a session job names a tenant while there are none', { sessionJobs: { 'orders-to-lake': 'team-b' }, sessionJobJarUri: JAR }, `${at}.sessionJobs.orders-to-lake: tenant "team-b" has no session cluster — add it to sessionClusterTenants (now: (none))`],
    ['a session job is no job of the pipeline', { sessionClusterTenants: ['team-a'], sessionJobs: { 'orders-to-lake2': 'team-a' }, sessionJobJarUri: JAR }, `${at}.sessionJobs.orders-to-lake2: no job "orders-to-lake2" in pipeline "orders" — use one of orders-to-lake, customers-nightly`],
    ['a tenant is the pipeline\'s own namespace', { sessionClusterTenants: ['orders'] }, `${at}.sessionClusterTenants[0]: "orders" is the pipeline's own namespace — give the tenant its own namespace`],
  ])('fails if %s', (_rule, options, expected) => {
    expect(problemsOf(planWith('prod', options))).toEqual([expected]);
  });

  test('two /1 CIDRs (the whole internet) are refused in production', () => {
    expect(problemsOf(planWith('prod', { eksPublicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }))).toHaveLength(2);
  });

  test('a few named /24 and narrower CIDRs are accepted in production', () => {
    expect(problemsOf(planWith('prod', { eksPublicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] }))).toEqual([]);
  });

  test.each(['dev', 'staging'])('%s refuses 0.0.0.0/0 and ranges wider than /16, and accepts a /16', (env) => {
    expect(problemsOf(planWith(env, { eksPublicAccessCidrs: ['0.0.0.0/0'] }))).toEqual([`environments.${env}.selfHosted.eksPublicAccessCidrs[0]: 0.0.0.0/0 opens the Kubernetes API to the internet — list the CIDRs of your operators or CI, or remove eksPublicAccessCidrs (private endpoint)`]);
    expect(problemsOf(planWith(env, { eksPublicAccessCidrs: ['10.0.0.0/8'] }))).toHaveLength(1);
    expect(problemsOf(planWith(env, { eksPublicAccessCidrs: ['198.51.0.0/16'] }))).toEqual([]);
  });

  test.each(['4.2.0', '4.3.1'])('Kafka %s of the Strimzi release is accepted', (kafkaVersion) => {
    expect(problemsOf(planWith('prod', { kafkaVersion }))).toEqual([]);
  });
});

describe('plan rules', () => {
  test(`fails if the Kafka cluster name is longer than ${MAX_KAFKA_CLUSTER_NAME} characters (its service names would exceed 63)`, () => {
    const named = (name: string) => problemsOf(planWith('prod', {}, ORDERS_PIPELINE, (env) => ({ ...env, name })));
    expect(MAX_KAFKA_CLUSTER_NAME).toBe(47);
    expect(named('e'.repeat(40))).toEqual([]);
    expect(named('e'.repeat(41))).toEqual([`name: gives the Kafka cluster name "orders-${'e'.repeat(41)}" of 48 characters, more than 47 (its Kubernetes service names would exceed 63) — shorten the pipeline or environment name`]);
  });

  test('fails if a topic has more replicas than the Strimzi brokers', () => {
    const plan = planWith('prod', {});
    const selfHosted = { ...plan.sizing.kafka.selfHosted, brokers: 2 };
    expect(problemsOf({ ...plan, sizing: { ...plan.sizing, kafka: { ...plan.sizing.kafka, selfHosted } } })).toEqual([
      'topics[0] ("orders").replicationFactor: is 3, more than the 2 Strimzi broker(s) — lower the environment\'s kafka.replicationFactor or size more brokers',
      'topics[1] ("customers").replicationFactor: is 3, more than the 2 Strimzi broker(s) — lower the environment\'s kafka.replicationFactor or size more brokers',
    ]);
  });

  test('fails if a streaming job has a daily window (the operator cannot resume it at a time of day)', () => {
    const definition = exampleWith((d) => { d.jobs[0].costControl = CostControl.scheduledWindow(8); });
    expect(problemsOf(planWith('prod', {}, definition))).toEqual([
      'jobs[0] ("orders-to-lake").costControl: scheduled(8h/day) runs a streaming job 8 h a day, but gives no time of day to resume it — use CostControl.AUTOSCALED or CONTINUOUS for a streaming job, or make it a batch job with a schedule',
    ]);
  });

  test('the stack raises one PipelineValidationError listing every problem, before building anything', () => {
    const plan = planWith('prod', { kafkaVersion: '3.9.1', sessionClusterTenants: ['kube-system'], sessionJobs: { 'orders-to-lake': 'team-a' } });
    expect(() => new SelfHostedPipelineStack(testApp(), { plan })).toThrow([
      'pipeline "orders" on the self-hosted flavor has 4 problems:',
      '  - environments.prod.selfHosted.kafkaVersion: Kafka 3.9.1 is not supported by Strimzi 1.2.0 — use one of 4.2.0, 4.2.1, 4.3.0, 4.3.1 (default 4.3.1)',
      '  - environments.prod.selfHosted.sessionClusterTenants[0]: "kube-system" is a namespace of the cluster or its operators — give the tenant its own namespace',
      '  - environments.prod.selfHosted.sessionJobJarUri: is not set, but sessionJobs runs orders-to-lake in session clusters — give the URI the Flink operator downloads the SQL runner jar from (https://…, or s3://… with an S3-enabled operator image)',
      '  - environments.prod.selfHosted.sessionJobs.orders-to-lake: tenant "team-a" has no session cluster — add it to sessionClusterTenants (now: kube-system)',
    ].join('\n'));
  });
});
