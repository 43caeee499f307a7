import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { synthSelfHosted, synthSelfHostedPlatform } from '../self-hosted/support/self-hosted-stacks';
import { appliedObjects } from '../self-hosted/support/template-objects';
import { CrdSchemaValidator, KubernetesObject } from './support/crd-schema-validator';

const validator = CrdSchemaValidator.fromDirectory();

/** Every custom object a synthesized stack applies (batch jobs' FlinkDeployments / FlinkSessionJobs included, suspended). */
function customObjects(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.filter((o) => o.apiVersion.includes('strimzi.io') || o.apiVersion.includes('flink.apache.org') || o.apiVersion.includes('monitoring.coreos.com'));
}

type Container = { name: string; args: string[] };
type CronJob = KubernetesObject & { spec: { jobTemplate: { spec: { template: { spec: { initContainers: Container[] } } } } } };

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Each batch object as a scheduled run leaves it: the CronJob's `kubectl patch` merged into its target. */
function scheduledRuns(objects: KubernetesObject[]): Array<{ cronJob: string; patched: KubernetesObject }> {
  // Batch-run schedules only (the Kafka CA copy is a CronJob too).
  return (objects.filter((o) => o.kind === 'CronJob' && o.metadata?.name !== 'kafka-ca-copy') as CronJob[]).map((cronJob) => {
    const start = cronJob.spec.jobTemplate.spec.template.spec.initContainers.find((c) => c.name === 'start-run');
    if (!start) throw new Error(`CronJob ${cronJob.metadata?.name} has no start-run step`);
    const [, target, , , patch] = start.args;
    const [resource, name] = target.split('/');
    const kind = resource.startsWith('flinkdeployments.') ? 'FlinkDeployment' : 'FlinkSessionJob';
    const object = objects.find((o) => o.kind === kind && o.metadata?.name === name && o.metadata?.namespace === cronJob.metadata?.namespace);
    if (!object) throw new Error(`CronJob ${cronJob.metadata?.name} patches ${target}, which the stack does not apply`);
    return { cronJob: String(cronJob.metadata?.name), patched: mergePatch(object, JSON.parse(patch.replace('$(RUN_ID)', 'customers-nightly-29412345-x7k2p'))) as KubernetesObject };
  });
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

const withPrometheusOperator = (env: PipelineEnvironment): PipelineEnvironment => ({ ...env, selfHosted: { ...env.selfHosted, monitoring: 'prometheus-operator' } });

const platforms = {
  'dev platform': synthSelfHostedPlatform('dev'),
  'staging platform with a prometheus-operator': synthSelfHostedPlatform('staging', withPrometheusOperator),
  'staging platform': synthSelfHostedPlatform('staging'),
  'prod platform': synthSelfHostedPlatform('prod'),
};
const pipelines = {
  'dev pipeline': synthSelfHosted('dev'),
  'staging pipeline': synthSelfHosted('staging'),
  'prod pipeline': synthSelfHosted('prod'),
  'prod pipeline with session clusters': synthSelfHosted('prod', withSessions),
  'prod pipeline with session clusters and a prometheus-operator': synthSelfHosted('prod', (env) => withPrometheusOperator(withSessions(env))),
};
const stacks = { ...platforms, ...pipelines };

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

  test('each batch object still validates once a scheduled run patched it (job.state running, a new run id)', () => {
    const runs = scheduledRuns(appliedObjects(template));
    expect(runs.length).toBe(_name.includes('pipeline') ? 1 : 0);
    for (const { cronJob, patched } of runs) {
      expect((patched as unknown as { spec: { job: { state: string } } }).spec.job.state).toBe('running');
      expect({ cronJob, errors: validator.validate(patched) }).toEqual({ cronJob, errors: [] });
    }
  });
});

test('together the stacks exercise every kind the self-hosted flavor generates', () => {
  const kinds = new Set(Object.values(stacks).flatMap(({ template }) => customObjects(appliedObjects(template)).map((o) => o.kind)));
  expect([...kinds].sort()).toEqual(['FlinkDeployment', 'FlinkSessionJob', 'Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser', 'PodMonitor', 'PrometheusRule']);
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

  test('a PrometheusRule whose alert waits for a duration Prometheus cannot read', () => {
    const rule = JSON.parse(JSON.stringify(customObjects(appliedObjects(stacks['prod pipeline with session clusters and a prometheus-operator'].template)).find((o) => o.kind === 'PrometheusRule'))) as KubernetesObject & { spec: { groups: Array<{ rules: Array<Record<string, unknown>> }> } };
    rule.spec.groups[0].rules[0].for = '10 minutes';
    expect(validator.validate(rule)).toEqual([expect.stringMatching(/^\/spec\/groups\/0\/rules\/0\/for must match pattern/)]);
  });

  test('a KafkaTopic with partitions as a string', () => {
    const topic = find('KafkaTopic');
    topic.spec.partitions = '6';
    expect(validator.validate(topic)).toEqual(['/spec/partitions must be integer']);
  });
});
