import * as YAML from 'yaml';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { RUN_TEMPLATE_FILE } from '../../charts/flink/batch-run-schedule';
import { synthSelfHosted, synthSelfHostedPlatform } from '../self-hosted/support/self-hosted-stacks';
import { appliedObjects } from '../self-hosted/support/template-objects';
import { CrdSchemaValidator, KubernetesObject } from './support/crd-schema-validator';

const validator = CrdSchemaValidator.fromDirectory();

/** Every custom object a synthesized stack creates: applied ones and the FlinkDeployments of scheduled batch runs. */
function customObjects(objects: KubernetesObject[]): KubernetesObject[] {
  const runTemplates = objects
    .filter((o) => o.kind === 'ConfigMap' && typeof (o.data as Record<string, string> | undefined)?.[RUN_TEMPLATE_FILE] === 'string')
    .map((o) => YAML.parse((o.data as Record<string, string>)[RUN_TEMPLATE_FILE]) as KubernetesObject);
  return [...objects, ...runTemplates].filter((o) => o.apiVersion.includes('strimzi.io') || o.apiVersion.includes('flink.apache.org'));
}

const withSessions = (env: PipelineEnvironment): PipelineEnvironment => ({
  ...env,
  selfHosted: {
    ...env.selfHosted,
    sessionClusterTenants: ['team-a', 'team-b', 'team-c'],
    sessionJobs: { 'orders-to-lake': 'team-a', 'customers-nightly': 'team-b' },
    sessionJobJarUri: 'https://artifacts.example.com/sql-runner-1.20.4.jar',
  },
});

const stacks = {
  'dev platform': synthSelfHostedPlatform('dev'),
  'dev pipeline': synthSelfHosted('dev'),
  'staging platform': synthSelfHostedPlatform('staging'),
  'staging pipeline': synthSelfHosted('staging'),
  'prod platform': synthSelfHostedPlatform('prod'),
  'prod pipeline': synthSelfHosted('prod'),
  'prod pipeline with session clusters': synthSelfHosted('prod', withSessions),
};

describe.each(Object.entries(stacks))('custom objects of the self-hosted stack (%s)', (_name, { template }) => {
  const objects = customObjects(appliedObjects(template));

  test('each has the CRD schema of its apiVersion and kind in charts/crds/', () => {
    for (const object of objects) expect(`${object.apiVersion} ${object.kind}: ${validator.knows(object)}`).toBe(`${object.apiVersion} ${object.kind}: true`);
  });

  test('each validates against the openAPIV3Schema of its CRD', () => {
    for (const object of objects) {
      expect({ object: `${object.kind}/${object.metadata?.name}`, errors: validator.validate(object) }).toEqual({ object: `${object.kind}/${object.metadata?.name}`, errors: [] });
    }
  });
});

test('together the stacks exercise every kind the self-hosted flavor generates', () => {
  const kinds = new Set(Object.values(stacks).flatMap(({ template }) => customObjects(appliedObjects(template)).map((o) => o.kind)));
  expect([...kinds].sort()).toEqual(['FlinkDeployment', 'FlinkSessionJob', 'Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser']);
});

describe('the validation catches a broken object', () => {
  const objects = customObjects([...appliedObjects(stacks['prod platform'].template), ...appliedObjects(stacks['prod pipeline'].template)]);
  const find = (kind: string) => {
    const found = objects.find((o) => o.kind === kind);
    if (!found) throw new Error(`no ${kind}`);
    return JSON.parse(JSON.stringify(found)) as KubernetesObject & { spec: Record<string, unknown> };
  };

  test('a Kafka with a v1beta2-era spec.kafka.replicas (removed in kafka.strimzi.io/v1)', () => {
    const kafka = find('Kafka');
    (kafka.spec.kafka as Record<string, unknown>).replicas = 3;
    expect(validator.validate(kafka)).toEqual(['/spec/kafka must NOT have additional properties (replicas)']);
  });

  test('a FlinkDeployment with an upgrade mode the operator does not know', () => {
    const deployment = find('FlinkDeployment');
    (deployment.spec.job as Record<string, unknown>).upgradeMode = 'keep-state';
    expect(validator.validate(deployment)).toEqual(['/spec/job/upgradeMode must be equal to one of the allowed values']);
  });

  test('a KafkaUser with an ACL operation Kafka does not have', () => {
    const user = find('KafkaUser');
    ((user.spec.authorization as { acls: Array<{ operations: string[] }> }).acls[0].operations) = ['Consume'];
    expect(validator.validate(user)).toEqual(['/spec/authorization/acls/0/operations/0 must be equal to one of the allowed values']);
  });

  test('a KafkaTopic with partitions as a string', () => {
    const topic = find('KafkaTopic');
    topic.spec.partitions = '6';
    expect(validator.validate(topic)).toEqual(['/spec/partitions must be integer']);
  });
});
