import { Template } from 'aws-cdk-lib/assertions';
import { decodeTopicConfigs } from '../constructs/managed/topics/msk-topic-configs';
import { SERVERLESS_TOPIC_CONFIGS } from '../constructs/managed/topics/serverless-msk-topics';
import { addPipelineStacks } from '../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../lib/examples/orders-pipeline';
import { Flavor } from '../lib/flavor';
import { mskIamClientProperties, strimziScramClientProperties, withoutKafkaConnection } from '../lib/sql/kafka-client-properties';
import { testApp } from './support/test-app';

/**
 * PARITY: one definition, two flavors, read back from the two synthesized templates. Same topics (names, partitions,
 * configs), same tables, same SQL per job — up to the only things allowed to differ: the Kafka client connection
 * (bootstrap servers and security properties) and the flavor-qualified Glue database names. On MSK Serverless (dev)
 * one more documented difference exists: Serverless accepts only a few topic configs (it fixes replication and
 * refuses e.g. `min.insync.replicas` and `delete.retention.ms`), so those are left out there.
 */

type Json = Record<string, unknown>;

/** A CloudFormation value as text, deploy-time parts as `<Ref:Id>` / `<GetAtt:Id.Attr>` (same construct paths in both stacks give the same ids). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const v = value as Json;
  if (Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(text).join(sep);
  }
  if (v.Ref !== undefined) return `<Ref:${String(v.Ref)}>`;
  if (Array.isArray(v['Fn::GetAtt'])) return `<GetAtt:${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  return `<${JSON.stringify(value).replace(/"/g, "'")}>`;
}

/** Every Kubernetes object the self-hosted stack applies. */
function kubernetesObjects(template: Template): Json[] {
  return Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
    .flatMap((r) => JSON.parse(text(r.Properties.Manifest)) as Json[]);
}

interface TopicView { partitions: number; configs: Record<string, string> }

function selfHostedTopics(objects: Json[]): Map<string, TopicView> {
  return new Map(objects.filter((o) => o.kind === 'KafkaTopic').map((o) => {
    const spec = o.spec as { topicName: string; partitions: number; config: Record<string, string> };
    return [spec.topicName, { partitions: spec.partitions, configs: spec.config }];
  }));
}

function managedTopics(template: Template): Map<string, TopicView> {
  const msk = Object.values(template.findResources('AWS::MSK::Topic')).map((r) => r.Properties);
  if (msk.length > 0) return new Map(msk.map((p) => [p.TopicName, { partitions: p.PartitionCount, configs: decodeTopicConfigs(p.Configs) }]));
  const serverless = Object.values(template.findResources('Custom::MskServerlessTopics'))[0].Properties;
  return new Map((serverless.Topics as Array<{ name: string; partitions: number; configs: Record<string, string> }>)
    .map((t) => [t.name, { partitions: t.partitions, configs: t.configs }]));
}

function selfHostedSql(objects: Json[], job: string): string {
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && (o.metadata as Json).name === `${job}-sql`);
  if (!configMap) throw new Error(`no ConfigMap ${job}-sql in the self-hosted manifests`);
  return (configMap.data as Record<string, string>)['job.sql'];
}

function managedSql(template: Template, application: string): string {
  const app = Object.values(template.findResources('AWS::KinesisAnalyticsV2::Application')).find((r) => r.Properties.ApplicationName === application);
  if (!app) throw new Error(`no MSF application ${application}`);
  const groups = (app.Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups as Array<{ PropertyGroupId: string; PropertyMap: Record<string, unknown> }>)
    .filter((g) => /^sql\.\d+$/.test(g.PropertyGroupId))
    .sort((a, b) => Number(a.PropertyGroupId.slice(4)) - Number(b.PropertyGroupId.slice(4)));
  return groups.flatMap((g) => Object.keys(g.PropertyMap).sort().map((k) => text(g.PropertyMap[k]))).join('');
}

/** Glue tables: physical database name → logical one, then name and Iceberg schema. */
function tables(template: Template, flavor: Flavor): Map<string, unknown> {
  const suffix = `_${flavor.id.replace(/-/g, '_')}`;
  return new Map(Object.values(template.findResources('AWS::Glue::Table')).map((r) => {
    const p = r.Properties as Json;
    const db = String(p.DatabaseName).replace(suffix, '');
    const input = p.TableInput as Json;
    const iceberg = ((p.OpenTableFormatInput as Json).IcebergInput as Json).IcebergTableInput as Json;
    return [`${db}.${String(input.Name)}`, { schema: iceberg.Schema, partitionSpec: iceberg.PartitionSpec, properties: iceberg.Properties }];
  }));
}

const MANAGED_KAFKA = { bootstrapServers: '', properties: mskIamClientProperties() };
const SELF_HOSTED_KAFKA = { bootstrapServers: '', properties: strimziScramClientProperties() };
/** Each flavor's platform publishes its own parameters (`…/<platform>/<env>/<flavor>/…`): the flavor in their ids is the same difference. */
const normalizeDatabases = (sql: string) => sql
  .replace(/`orders_(managed|self_hosted)`/g, '`orders_<flavor>`')
  .replace(/(<Ref:SsmParameterValue[a-z]+?)(managed|selfhosted)/g, '$1<flavor>');

describe.each(['prod', 'dev'])('parity of the example pipeline in %s', (env) => {
  const { plan, pipelineStacks } = addPipelineStacks(testApp({ env, flavor: 'both' }), ORDERS_PIPELINE);
  const selfHosted = Template.fromStack(pipelineStacks.find((s) => s.flavor === Flavor.SELF_HOSTED) ?? pipelineStacks[0]);
  const managed = Template.fromStack(pipelineStacks.find((s) => s.flavor === Flavor.MANAGED) ?? pipelineStacks[1]);
  const objects = kubernetesObjects(selfHosted);
  const serverless = plan.environment.managed.mskMode === 'serverless';

  test('the same topic names and partitions', () => {
    const a = selfHostedTopics(objects);
    const b = managedTopics(managed);
    expect([...a.keys()].sort()).toEqual(plan.topics.map((t) => t.name).sort());
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, view] of a) expect(b.get(name)?.partitions).toBe(view.partitions);
  });

  test(serverless ? 'the same topic configs, less those MSK Serverless refuses' : 'the same topic configs', () => {
    const a = selfHostedTopics(objects);
    const b = managedTopics(managed);
    const refused = new Set<string>();
    for (const [name, view] of a) {
      expect(view.configs).toEqual(plan.topics.find((t) => t.name === name)?.configs);
      const expected = Object.fromEntries(Object.entries(view.configs).filter(([k]) => {
        const accepted = !serverless || SERVERLESS_TOPIC_CONFIGS.has(k);
        if (!accepted) refused.add(k);
        return accepted;
      }));
      expect(b.get(name)?.configs).toEqual(expected);
    }
    expect([...refused].sort()).toEqual(serverless ? ['delete.retention.ms', 'max.compaction.lag.ms', 'min.insync.replicas'] : []);
  });

  test('the same tables: names, Iceberg schema, partition spec and properties', () => {
    const a = tables(selfHosted, Flavor.SELF_HOSTED);
    expect([...a.keys()].sort()).toEqual(['orders.customers', 'orders.orders']);
    expect(tables(managed, Flavor.MANAGED)).toEqual(a);
  });

  test.each(plan.jobs.map((j) => [j.name]))('the same SQL for job %s, up to the Kafka connection and the Glue database names only', (job) => {
    const a = selfHostedSql(objects, job);
    const b = managedSql(managed, `${plan.names.prefix}-${job}`);
    // They differ as rendered (connection, database) …
    expect(a).not.toBe(b);
    // … and only there: drop the connection lines and the flavor of the database names, and they are identical.
    const strippedA = normalizeDatabases(withoutKafkaConnection(a, SELF_HOSTED_KAFKA));
    const strippedB = normalizeDatabases(withoutKafkaConnection(b, MANAGED_KAFKA));
    expect(strippedB).toBe(strippedA);
    // The lines removed are exactly the bootstrap servers and each flavor's client properties.
    const removed = (sql: string, stripped: string) => sql.split('\n').filter((line) => !stripped.split('\n').includes(line)).map((l) => l.trim().split(' = ')[0]);
    expect(removed(a, withoutKafkaConnection(a, SELF_HOSTED_KAFKA)).sort()).toEqual(["'properties.bootstrap.servers'", ...Object.keys(SELF_HOSTED_KAFKA.properties).map((k) => `'properties.${k}'`)].sort());
    expect(removed(b, withoutKafkaConnection(b, MANAGED_KAFKA)).sort()).toEqual(["'properties.bootstrap.servers'", ...Object.keys(MANAGED_KAFKA.properties).map((k) => `'properties.${k}'`)].sort());
    expect(strippedA).toContain('`orders_<flavor>`');
  });
});
