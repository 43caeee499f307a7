import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { findDefinitionProblems } from '../../lib/validation/validate-definition';
import { formatProblem } from '../../lib/validation/validation-problem';
import { Mutable, exampleWith, testApp } from '../support/test-app';
import { SQUATTING_PIPELINE } from '../support/squatting-pipeline';

/**
 * Deploy-time ownership on a shared platform (constructs/common/pipeline-claims.ts): each pipeline stack claims its
 * topics, Glue databases, consumer groups and principals as SSM parameters of fixed names, publishes a grant per
 * reader of its topics, and needs the owner's grant for each shared input; everything else waits for the claims.
 */
const ROOT = '/event-pipelines/data-platform/prod';
type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };

const app = testApp({ env: 'prod', flavor: 'both' });
const { pipelineStacks } = addPipelineStacks(app, [ORDERS_PIPELINE, CLICKS_PIPELINE]);
const templates = new Map(pipelineStacks.map((s) => [s, Template.fromStack(s).toJSON() as { Resources: Record<string, Resource>; Parameters: Record<string, { Type: string; Default?: string }>; Outputs: Record<string, { Value: unknown }> }]));
const stackOf = (pipeline: string, flavor: string): PipelineStack => {
  const found = pipelineStacks.find((s) => s.plan.pipelineName === pipeline && s.flavor.id === flavor);
  if (found === undefined) throw new Error(`no stack of ${pipeline} (${flavor})`);
  return found;
};
const templateOf = (stack: PipelineStack) => {
  const template = templates.get(stack);
  if (template === undefined) throw new Error(`no template of ${stack.stackName}`);
  return template;
};
const parameterNames = (stack: PipelineStack) => Object.values(templateOf(stack).Resources)
  .filter((r) => r.Type === 'AWS::SSM::Parameter').map((r) => String(r.Properties?.Name)).filter((n) => /\/(claims|grants)\//.test(n)).sort();
const ssmTypedParameters = (stack: PipelineStack) => Object.values(templateOf(stack).Parameters)
  .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>').map((p) => String(p.Default)).filter((n) => n.includes('/grants/'));

describe.each(['self-hosted', 'managed'])('%s: claims and grants in the templates', (flavor) => {
  const database = `orders_${flavor.replace('-', '_')}`;

  test('the orders stack claims its topics, database, consumer groups and principals, and grants clicks its orders topic', () => {
    expect(parameterNames(stackOf('orders', flavor))).toEqual([
      `${ROOT}/${flavor}/claims/consumer-group/orders.customers-nightly`,
      `${ROOT}/${flavor}/claims/consumer-group/orders.orders-to-lake`,
      `${ROOT}/${flavor}/claims/database/${database}`,
      `${ROOT}/${flavor}/claims/principal/orders-customers-nightly`,
      `${ROOT}/${flavor}/claims/principal/orders-orders-to-lake`,
      `${ROOT}/${flavor}/claims/topic/customers`,
      `${ROOT}/${flavor}/claims/topic/orders`,
      `${ROOT}/${flavor}/grants/topic/orders/readers/clicks`,
    ]);
    expect(ssmTypedParameters(stackOf('orders', flavor))).toEqual([]);
  });

  test('the clicks stack claims only its own names and needs the owner\'s grant for its shared input', () => {
    const names = parameterNames(stackOf('clicks', flavor));
    expect(names.filter((n) => n.includes('/topic/'))).toEqual([`${ROOT}/${flavor}/claims/topic/clicks`]);
    expect(names.filter((n) => n.includes('orders'))).toEqual([]);
    expect(ssmTypedParameters(stackOf('clicks', flavor))).toEqual([`${ROOT}/${flavor}/grants/topic/orders/readers/clicks`]);
    expect(JSON.stringify(templateOf(stackOf('clicks', flavor)).Outputs.SharedInputs.Value)).toContain('orders from ');
  });

  test('the grant is published only after the owner\'s claim of the topic', () => {
    const resources = templateOf(stackOf('orders', flavor)).Resources;
    const idOf = (name: string) => Object.keys(resources).find((id) => resources[id].Properties?.Name === `${ROOT}/${flavor}/${name}`);
    const grant = resources[String(idOf('grants/topic/orders/readers/clicks'))];
    expect(grant.DependsOn).toContain(idOf('claims/topic/orders'));
  });

  test('topics, Glue, IAM grants, jobs and manifests wait for every claim; only the stack\'s own handler singletons do not', () => {
    const resources = templateOf(stackOf('orders', flavor)).Resources;
    const [gate] = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::CloudFormation::WaitConditionHandle');
    const claims = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::SSM::Parameter' && /\/(claims|grants)\//.test(String(resources[id].Properties?.Name)));
    expect([...(resources[gate].DependsOn ?? [])].sort()).toEqual(claims.sort());
    const guarded = ['AWS::MSK::Topic', 'AWS::Glue::Database', 'AWS::Glue::Table', 'AWS::KinesisAnalyticsV2::Application', 'Custom::AWSCDK-EKS-KubernetesResource', 'AWS::CloudFormation::Stack'];
    const waiting = Object.entries(resources).filter(([, r]) => (r.DependsOn ?? []).includes(gate));
    expect(waiting.length).toBeGreaterThan(20);
    for (const [id, r] of Object.entries(resources)) {
      if (guarded.includes(r.Type)) expect({ id, waits: (r.DependsOn ?? []).includes(gate) }).toEqual({ id, waits: true });
    }
    const notWaiting = Object.keys(resources).filter((id) => id !== gate && !claims.includes(id) && !(resources[id].DependsOn ?? []).includes(gate));
    for (const id of notWaiting) expect(id).toMatch(/^(Custom|AWSCDK|MsfApplicationStarterProvider|CDKMetadata)/);
  });
});

describe('grants exist only where the owner declares readers', () => {
  test('an owner without readers publishes no grant', () => {
    const local = testApp({ env: 'prod', flavor: 'managed' });
    const ungranted = exampleWith((d) => { d.topics[0].readers = undefined; });
    const { pipelineStacks: stacks } = addPipelineStacks(local, ungranted);
    const names = Object.values(Template.fromStack(stacks[0]).findResources('AWS::SSM::Parameter')).map((r) => String(r.Properties.Name));
    expect(names.filter((n) => n.includes('/grants/'))).toEqual([]);
    expect(names.filter((n) => n.includes('/claims/topic/'))).toHaveLength(2);
  });

  test('in one app, a shared input without the owner\'s grant is a synth error', () => {
    const ungranted = exampleWith((d) => { d.topics[0].readers = undefined; });
    expect(() => addPipelineStacks(testApp({ env: 'prod', flavor: 'managed' }), [ungranted, CLICKS_PIPELINE])).toThrow(
      'pipelines["clicks"].topics ("orders").sharedFrom: pipeline "orders" does not grant pipeline "clicks" read access to its topic "orders" — the owner adds "clicks" to the topic\'s readers in its definition (readers: ["clicks"]), or remove the shared input',
    );
  });

  test('in one app, the squatting pipeline is refused at synth with every conflict named', () => {
    expect(() => addPipelineStacks(testApp({ env: 'prod', flavor: 'managed' }), [ORDERS_PIPELINE, SQUATTING_PIPELINE])).toThrow([
      'platform "data-platform-prod" has 3 problems:',
      '  - pipelines["squat"].topics ("customers"): is already created by pipeline "orders" on this platform — rename it, or read the other pipeline\'s topic as a shared input: sharedFrom: "orders", which its owner grants with readers: ["squat"]',
      '  - pipelines["squat"].database ("orders"): is already the Glue database of pipeline "orders" on this platform — give each pipeline its own database (the default is the pipeline name)',
      '  - pipelines["squat"].topics ("orders").sharedFrom: pipeline "orders" does not grant pipeline "squat" read access to its topic "orders" — the owner adds "squat" to the topic\'s readers in its definition (readers: ["squat"]), or remove the shared input',
    ].join('\n'));
  });

  test('in its own app, the squatting pipeline synthesizes, with the claims and the grant requirement that refuse it at deploy', () => {
    const own = testApp({ env: 'prod', flavor: 'managed' });
    const { pipelineStacks: [squat] } = addPipelineStacks(own, SQUATTING_PIPELINE, { platform: 'existing' });
    const names = Object.values(Template.fromStack(squat).findResources('AWS::SSM::Parameter')).map((r) => String(r.Properties.Name));
    expect(names).toEqual(expect.arrayContaining([`${ROOT}/managed/claims/topic/customers`, `${ROOT}/managed/claims/database/orders_managed`]));
    const required = Object.values(Template.fromStack(squat).toJSON().Parameters as Record<string, { Type: string; Default: string }>).map((p) => p.Default);
    expect(required).toContain(`${ROOT}/managed/grants/topic/orders/readers/squat`);
  });
});

describe('readers in a definition', () => {
  type Draft = Mutable<PipelineDefinition>;
  const problemsOf = (change: (d: Draft) => void) => findDefinitionProblems(exampleWith(change)).map(formatProblem);

  test.each<[string, (d: Draft) => void, string]>([
    ['on a shared input', (d) => { d.topics[1].sharedFrom = 'crm'; d.topics[1].readers = ['clicks']; },
      'topics[1] ("customers").readers: is set on pipeline "crm"\'s topic (a shared input) — remove it: only the owner, pipeline "crm", grants readers'],
    ['naming the pipeline itself', (d) => { d.topics[0].readers = ['orders']; },
      'topics[0] ("orders").readers[0]: names the pipeline itself — remove it: the owner reads its own topics without a grant'],
    ['not a pipeline name', (d) => { d.topics[0].readers = ['Clicks*']; },
      'topics[0] ("orders").readers[0]: "Clicks*" is not a valid pipeline name — name a pipeline: 1–32 lower case letters, digits and "-", starting with a letter'],
    ['listing a reader twice', (d) => { d.topics[0].readers = ['clicks', 'clicks']; },
      'topics[0] ("orders").readers[1]: "clicks" is listed twice — list each reader once'],
  ])('fails if readers are %s', (_case, change, message) => {
    expect(problemsOf(change)).toContain(message);
  });

  test('the example grants clicks without a problem', () => {
    expect(problemsOf(() => undefined)).toEqual([]);
  });
});
