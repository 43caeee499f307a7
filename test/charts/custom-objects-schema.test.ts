import * as YAML from 'yaml';
import { RUN_TEMPLATE_FILE } from '../../charts/flink/batch-run-schedule';
import { synthSelfHosted } from '../self-hosted/support/self-hosted-stacks';
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

const stacks = {
  dev: synthSelfHosted('dev'),
  staging: synthSelfHosted('staging'),
  prod: synthSelfHosted('prod'),
  'prod with session clusters': synthSelfHosted('prod', (env) => ({
    ...env,
    selfHosted: {
      ...env.selfHosted,
      sessionClusterTenants: ['team-a', 'team-b', 'team-c'],
      sessionJobs: { 'orders-to-lake': 'team-a', 'customers-nightly': 'team-b' },
      sessionJobJarUri: 'https://artifacts.example.com/sql-runner-1.20.4.jar',
    },
  })),
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
  expect([...kinds].sort()).toEqual(['FlinkDeployment', 'FlinkSessionJob', 'Kafka', 'KafkaNodePool', 'KafkaTopic']);
});

describe('the validation catches a broken object', () => {
  const objects = customObjects(appliedObjects(stacks.prod.template));
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

  test('a KafkaTopic with partitions as a string', () => {
    const topic = find('KafkaTopic');
    topic.spec.partitions = '6';
    expect(validator.validate(topic)).toEqual(['/spec/partitions must be integer']);
  });
});
