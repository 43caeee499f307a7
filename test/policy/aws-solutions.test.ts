import * as fs from 'fs';
import * as path from 'path';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsFinding } from '../../constructs/common/aws-solutions-findings';
import { Flavor } from '../../lib/flavor';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { ENVIRONMENT_NAMES } from '../support/test-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import {
  CheckedApp, JobRole, LAYOUTS, Statement, actionsOf, checkedApp, constructFindings, findingsAt, jobRoles, nestedStackPaths, recordedAcknowledgements, resourcesOf, statementsOf,
} from './support/aws-solutions-report';

/** cdk-nag's AwsSolutions pack over both flavor stacks of every environment of cdk.json, synthesized once each. */
const checked: ReadonlyMap<string, CheckedApp> = new Map(ENVIRONMENT_NAMES.map((env) => [env, checkedApp(env)]));
/** The same with every job, topic and table in a nested stack of its own. */
const nested: ReadonlyMap<string, CheckedApp> = new Map(ENVIRONMENT_NAMES.map((env) => [env, checkedApp(env, undefined, ORDERS_PIPELINE, LAYOUTS.nested)]));
const all = [...checked.values(), ...nested.values()];

function checkedEnv(env: string): CheckedApp {
  const app = checked.get(env);
  if (app === undefined) throw new Error(`environment ${env} was not synthesized`);
  return app;
}


/** A resource ARN as text: `Fn::Join` parts joined, any other reference written `<ref>`. */
function arnText(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const join = (resource as Record<string, unknown>)['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map((p: unknown) => (typeof p === 'string' ? p : '<ref>')).join(join[0]);
  return '<ref>';
}

/** A manifest property as text (its deploy-time values joined as placeholders). */
function manifestText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as Record<string, unknown>)['Fn::Join'];
  return Array.isArray(join) && Array.isArray(join[1]) ? join[1].map((p: unknown) => (typeof p === 'string' ? p : 'REF')).join(String(join[0])) : '';
}

const isKafkaOrGlue = (action: string) => /^(kafka-cluster|glue):/.test(action);

describe.each(ENVIRONMENT_NAMES)('AwsSolutions checks in %s', (env) => {
  test.each(Flavor.ALL.flatMap((f) => [`data-platform-${env}-${f.id}`, `orders-${env}-${f.id}`]))('%s: no unacknowledged error', (stackName) => {
    const app = checkedEnv(env);
    expect(app.stacks.map((s) => s.stackName)).toContain(stackName);
    expect(findingsAt(app.violations, stackName)).toEqual([]);
  });

  test('synthesis passes the checks', () => {
    expect(checkedEnv(env).synthError?.message).toBeUndefined();
  });
});

describe.each(ENVIRONMENT_NAMES.flatMap((env) => Flavor.ALL.map((f) => [env, f] as const)))('AwsSolutions checks in %s, %s, every job, topic and table in a nested stack', (env, flavor) => {
  const app = nested.get(env) as CheckedApp;
  const stacks = [`data-platform-${env}-${flavor.id}`, `orders-${env}-${flavor.id}`];

  test('no unacknowledged error, nested stacks included; acknowledgements made in the parent stack match there', () => {
    const unacknowledged = stacks.flatMap((s) => findingsAt(app.violations, s));
    const acknowledged = stacks.flatMap((s) => constructFindings(app.acknowledged, s));
    const inNested = nestedStackPaths(app.app).filter((p) => stacks.some((s) => p.startsWith(`${s}/`)));
    const acknowledgedInNested = acknowledged.filter((f) => inNested.some((n) => f.includes(` at ${n}/`)));
    const topLevel = stacks.flatMap((s) => constructFindings(checkedEnv(env).acknowledged, s));
    // eslint-disable-next-line no-console
    console.log(`cdk-nag ${env} ${flavor.id}: top-level layout ${topLevel.length} findings, ${topLevel.length} acknowledged; `
      + `nested layout ${acknowledged.length + unacknowledged.length} findings, ${acknowledged.length} acknowledged (${acknowledgedInNested.length} in ${inNested.length} nested stacks), ${unacknowledged.length} unacknowledged`);
    expect(inNested.length).toBeGreaterThanOrEqual(4);
    expect(acknowledgedInNested.length).toBeGreaterThan(0);
    expect(unacknowledged).toEqual([]);
    expect(app.synthError?.message).toBeUndefined();
  });
});

describe('acknowledgements', () => {
  const acknowledgements = all.flatMap((a) => recordedAcknowledgements(a.app));
  const ours = acknowledgements.filter((a) => a.id.includes('AwsSolutions-'));

  test('there are acknowledgements to check', () => {
    for (const [env, app] of checked) {
      // eslint-disable-next-line no-console
      console.log(`cdk-nag ${env}: ${recordedAcknowledgements(app.app).filter((a) => a.id.includes('AwsSolutions-')).length} AwsSolutions acknowledgements recorded`);
    }
    expect(ours.length).toBeGreaterThan(50);
  });

  test('every acknowledgement carries a reason of its own (a sentence, not a placeholder)', () => {
    expect(acknowledgements.filter((a) => a.reason.trim().length < 40)).toEqual([]);
  });

  test('every AwsSolutions acknowledgement names the plugin, so the report lists it with its reason', () => {
    expect(ours.filter((a) => !a.id.startsWith('AwsSolutions::AwsSolutions-'))).toEqual([]);
  });

  test('IAM4 and IAM5 are acknowledged finding by finding (a policy or a wildcard), never a whole rule', () => {
    expect(ours.filter((a) => /AwsSolutions-IAM[45]/.test(a.id) && !/AwsSolutions-IAM[45]\[(Policy|Action|Resource)::.+\]$/.test(a.id))).toEqual([]);
  });

  test('acknowledgements sit on the construct that owns the resource, never on an app or a stack', () => {
    expect(ours.filter((a) => a.path.split('/').length < 2)).toEqual([]);
  });

  test('every acknowledgement is used: it matches a finding where it is placed', () => {
    const used = new Set(all.flatMap((a) => a.acknowledged.map((v) => `${v.acknowledgedId} at ${v.acknowledgedAt}`)));
    expect(ours.map((a) => `${a.id} at ${a.path}`).filter((a) => !used.has(a))).toEqual([]);
  });

  test('the report lists each acknowledged finding with the reason given in code', () => {
    const reasons = new Map(ours.map((a) => [`${a.id} at ${a.path}`, a.reason]));
    for (const v of checkedEnv('prod').acknowledged) {
      expect(v.reason).toBe(reasons.get(`${v.acknowledgedId} at ${v.acknowledgedAt}`));
    }
  });
});

describe('acknowledgements are granular: new wildcards on a job role still fail', () => {
  let mutated: CheckedApp;
  let roles: JobRole[];
  let warehouseWildcard: string;
  beforeAll(() => {
    mutated = checkedApp('prod', (stacks) => {
      roles = jobRoles(stacks);
      for (const { role } of roles) role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kafka-cluster:*'], resources: ['*'] }));
      const selfHosted = stacks.find((s): s is SelfHostedPipelineStack => s instanceof SelfHostedPipelineStack);
      if (selfHosted === undefined) throw new Error('no self-hosted stack');
      // The whole warehouse, not one table's prefix: the table acknowledgements must not cover it.
      const wholeWarehouse = selfHosted.lakehouse.warehouseBucket.arnForObjects('warehouse/*');
      selfHosted.pipeline.jobs[0].role.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [wholeWarehouse] }));
      warehouseWildcard = AwsSolutionsFinding.wildcardResource(selfHosted, wholeWarehouse).id;
    });
  });

  test('synthesis fails and the error names the rule and the construct', () => {
    expect(mutated.synthError?.message).toContain('AwsSolutions-IAM5[Action::kafka-cluster:*]');
    expect(mutated.synthError?.message).toContain(`${roles[0].role.node.path}/DefaultPolicy/Resource`);
  });

  test('exactly the added wildcards are reported, on each job role of both flavors', () => {
    const selfHostedRole = roles.find((r) => r.stack instanceof SelfHostedPipelineStack);
    expect(roles.map((r) => `${r.stack.flavor.id}/${r.job}`).sort()).toEqual(['managed/customers-nightly', 'managed/orders-to-lake', 'self-hosted/customers-nightly', 'self-hosted/orders-to-lake']);
    expect(findingsAt(mutated.violations)).toEqual([
      ...roles.flatMap(({ role }) => ['Action::kafka-cluster:*', 'Resource::*'].map((f) => `AwsSolutions-IAM5[${f}] at ${role.node.path}/DefaultPolicy/Resource`)),
      `${warehouseWildcard} at ${selfHostedRole?.role.node.path}/DefaultPolicy/Resource`,
    ].sort());
  });
});

describe('job roles name their topics, consumer groups and tables', () => {
  const prod = checkedEnv('prod');
  const roles = jobRoles(prod.stacks);
  const cases = roles.map((r) => [`${r.stack.flavor.id} ${r.job}`, r] as const);

  function jobOf({ stack, job }: JobRole) {
    const plan = stack.plan.jobs.find((j) => j.name === job);
    if (plan === undefined) throw new Error(`no job ${job}`);
    return plan;
  }

  function withActions(statements: Statement[], prefix: string): Statement[] {
    return statements.filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));
  }

  test('both flavors have a role per job', () => {
    expect(cases.map(([name]) => name).sort()).toEqual(['managed customers-nightly', 'managed orders-to-lake', 'self-hosted customers-nightly', 'self-hosted orders-to-lake']);
  });

  test.each(cases)('%s: no kafka-cluster or glue wildcard action, no such action on a wildcard resource', (_name, role) => {
    const statements = statementsOf(prod.app, role).filter((s) => actionsOf(s).some(isKafkaOrGlue));
    expect(statements.flatMap((s) => actionsOf(s).filter((a) => isKafkaOrGlue(a) && a.includes('*')))).toEqual([]);
    expect(statements.flatMap((s) => resourcesOf(s).map(arnText)).filter((r) => r.includes('*'))).toEqual([]);
  });

  test.each(cases)('%s: Glue access is the catalog, the sink tables\' databases and the sink tables', (_name, role) => {
    const { stack } = role;
    const glue = withActions(statementsOf(prod.app, role), 'glue:');
    const arn = (resource: string) => `arn:aws:glue:${stack.region}:${stack.account}:${resource}`;
    const tables = jobOf(role).sinks.map((sink) => {
      const table = stack.plan.lakehouse.tables.find((t) => t.name === sink);
      if (table === undefined) throw new Error(`no table ${sink}`);
      return { db: stack.lakehouse.connection.glueDatabaseName(table.database), name: sink };
    });
    expect(glue.flatMap((s) => resourcesOf(s).map(arnText)).sort()).toEqual([
      arn('catalog'),
      ...[...new Set(tables.map((t) => t.db))].map((db) => arn(`database/${db}`)),
      ...tables.map((t) => arn(`table/${t.db}/${t.name}`)),
    ].sort());
  });

  test.each(cases.filter(([name]) => name.startsWith('self-hosted')))('%s: Kafka access is its own KafkaUser, whose literal ACLs name its source topics and its own consumer group', (_name, role) => {
    const job = jobOf(role);
    const template = JSON.parse(fs.readFileSync(path.join(prod.app.outdir, role.stack.templateFile), 'utf8')) as { Resources: Record<string, { Type: string; Properties: { Manifest?: unknown } }> };
    const users = Object.values(template.Resources).filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
      .flatMap((r) => JSON.parse(manifestText(r.Properties.Manifest)) as Array<{ kind: string; metadata: { name: string }; spec: { authorization: { acls: Array<{ resource: { type: string; name: string; patternType: string }; operations: string[] }> } } }>)
      .filter((o) => o.kind === 'KafkaUser');
    const own = users.filter((u) => u.metadata.name === `${role.stack.plan.pipelineName}-${job.name}`);
    expect(own).toHaveLength(1);
    expect(own[0].spec.authorization.acls.map((a) => `${a.resource.type}:${a.resource.name}:${a.resource.patternType}:${a.operations.join('+')}`).sort()).toEqual([
      ...job.sources.map((t) => `topic:${t}:literal:Describe+Read`),
      `group:${job.consumerGroupId}:literal:Describe+Read`,
    ].sort());
  });

  test.each(cases.filter(([name]) => name.startsWith('managed')))('%s: Kafka access is its source topics and its own consumer group', (_name, role) => {
    const job = jobOf(role);
    const { stack } = role;
    const kafka = withActions(statementsOf(prod.app, role), 'kafka-cluster:');
    const scoped = (kind: string) => kafka.filter((s) => resourcesOf(s).some((r) => arnText(r).includes(`:${kind}/`)));
    const prefix = (kind: string) => `arn:aws:kafka:${stack.region}:${stack.account}:${kind}/data-platform-prod/<ref>/`;
    expect(scoped('topic').flatMap(actionsOf).sort()).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
    expect(scoped('topic').flatMap((s) => resourcesOf(s).map(arnText)).sort()).toEqual(job.sources.map((t) => `${prefix('topic')}${t}`).sort());
    expect(scoped('group').flatMap(actionsOf).sort()).toEqual(['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup']);
    expect(scoped('group').flatMap((s) => resourcesOf(s).map(arnText))).toEqual([`${prefix('group')}${job.consumerGroupId}`]);
    expect(kafka.flatMap(actionsOf).sort()).toEqual(['kafka-cluster:AlterGroup', 'kafka-cluster:Connect', 'kafka-cluster:DescribeGroup', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
  });

  test.each(cases)('%s: the lakehouse key only makes data keys and decrypts', (_name, role) => {
    const kms = withActions(statementsOf(prod.app, role), 'kms:');
    expect(kms.flatMap(actionsOf).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });
});
