import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { testApp } from '../support/test-app';
import { SQUATTING_PIPELINE } from '../support/squatting-pipeline';
import { EmulatorAnswer, MotoServer, startMotoServer } from './support/moto-server';

/**
 * Two apps, one platform: the orders pipeline deployed from the platform's app, and other teams' pipelines each
 * synthesized in an app of its own (`platform: 'existing'`), deployed against moto's server mode (SSM Parameter Store
 * and CloudFormation) in the order a real rollout would take.
 *
 * What is deployed of each synthesized pipeline stack is its claim part: the claim and grant parameters (with their
 * DependsOn) and the `AWS::SSM::Parameter::Value<String>` parameters of the grants it needs. The rest of a pipeline
 * stack (MSK, MSF, EKS, custom resources) is beyond moto, and waits for the claims in the real template
 * (test/stacks/pipeline-claims.test.ts).
 *
 * Two limits of moto 5.2.5, checked: the claim parameters go without their Tags (see claimPart); and its CreateStack crashes (HTTP 500, AttributeError in parse_ssm_parameter) on an
 * `AWS::SSM::Parameter::Value<String>` parameter naming a missing parameter, where CloudFormation answers
 * `Unable to fetch parameters [<name>] from parameter store for this account.` So the test resolves those parameters
 * as CloudFormation does before it creates anything (SSM GetParameters; InvalidParameters → that error), then hands
 * the template to moto's CreateStack, which resolves them itself.
 */
const ENV = 'prod';
const FLAVOR = 'managed';
const ROOT = `/event-pipelines/data-platform/${ENV}/${FLAVOR}`;

interface ClaimPart {
  readonly Parameters: Record<string, { Type: string; Default: string }>;
  readonly Resources: Record<string, { Type: string; Properties: { Name: string }; DependsOn?: string[] }>;
}

/** The claim part of a synthesized pipeline stack (see above). */
function claimPart(template: { Parameters?: Record<string, { Type: string; Default?: string }>; Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }> }): ClaimPart {
  const resources = Object.fromEntries(Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::SSM::Parameter' && /\/(claims|grants)\//.test(String(r.Properties?.Name))));
  // Tags left out: moto 5.2.5 reads AWS::SSM::Parameter's Tags as a list of Key/Value pairs (CloudFormation's is a
  // map) and crashes on the map CDK writes.
  const Resources = Object.fromEntries(Object.entries(resources).map(([id, r]) => {
    const { Tags: _tags, ...properties } = r.Properties ?? {};
    return [id, { ...r, Properties: properties, DependsOn: (r.DependsOn ?? []).filter((d) => d in resources) }];
  })) as ClaimPart['Resources'];
  const Parameters = Object.fromEntries(Object.entries(template.Parameters ?? {})
    .filter(([, p]) => p.Type === 'AWS::SSM::Parameter::Value<String>' && String(p.Default).includes('/grants/'))) as ClaimPart['Parameters'];
  return { Parameters, Resources };
}

/** The claim part of one pipeline stack synthesized in an app of its own. */
function synthesizeInOwnApp(app: App, definition: PipelineDefinition, platform: 'create' | 'existing'): ClaimPart {
  const { pipelineStacks } = addPipelineStacks(app, definition, { platform });
  return claimPart(Template.fromStack(pipelineStacks[0]).toJSON() as Parameters<typeof claimPart>[0]);
}

/** A deployment's outcome: the stack's status, or the error that refused it and who answered. */
type Outcome = { readonly status: string } | { readonly refusedBy: string; readonly error: string };

let moto: MotoServer;
const log: string[] = [];

async function expectOk(answer: Promise<EmulatorAnswer>): Promise<Record<string, unknown>> {
  const a = await answer;
  if (!a.ok) throw new Error(`${a.code}: ${a.message}`);
  return a.result;
}

/** Deploys a claim part as CloudFormation would: SSM-typed parameters resolved first, then CreateStack. */
async function deploy(stackName: string, part: ClaimPart): Promise<Outcome> {
  const names = Object.values(part.Parameters).map((p) => p.Default);
  if (names.length > 0) {
    const resolved = await expectOk(moto.call('ssm.get_parameters', { Names: names }));
    const invalid = (resolved.InvalidParameters ?? []) as string[];
    if (invalid.length > 0) {
      return { refusedBy: 'parameter resolution before CreateStack (CloudFormation\'s message)', error: `Unable to fetch parameters [${invalid.join(',')}] from parameter store for this account.` };
    }
  }
  const created = await moto.call('cloudformation.create_stack', { StackName: stackName, TemplateBody: JSON.stringify(part) });
  if (!created.ok) return { refusedBy: 'moto CloudFormation CreateStack', error: `${created.code}: ${created.message}` };
  const described = await expectOk(moto.call('cloudformation.describe_stacks', { StackName: stackName }));
  return { status: String((described.Stacks as Array<{ StackStatus: string }>)[0].StackStatus) };
}

/** Every claim and grant on the platform, name → value. */
async function platformNames(): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await expectOk(moto.call('ssm.get_parameters_by_path', { Path: ROOT, Recursive: true, ...(token === undefined ? {} : { NextToken: token }) }));
    for (const p of page.Parameters as Array<{ Name: string; Value: string }>) found[p.Name] = p.Value;
    token = page.NextToken as string | undefined;
  } while (token !== undefined);
  return found;
}

const record = (what: string, outcome: Outcome) => {
  log.push(`${what}: ${'status' in outcome ? outcome.status : `REFUSED by ${outcome.refusedBy}: ${outcome.error}`}`);
};

// Each pipeline in an app of its own: the platform's app with orders, and one app per other team.
const orders = synthesizeInOwnApp(testApp({ env: ENV, flavor: FLAVOR }), ORDERS_PIPELINE, 'create');
const clicks = synthesizeInOwnApp(testApp({ env: ENV, flavor: FLAVOR }), CLICKS_PIPELINE, 'existing');
const squat = synthesizeInOwnApp(testApp({ env: ENV, flavor: FLAVOR }), SQUATTING_PIPELINE, 'existing');
// The same squatter once it gave up reading orders: left with the claims on customers and the orders database.
const SQUAT_WITHOUT_SHARED_INPUT: PipelineDefinition = {
  ...SQUATTING_PIPELINE,
  topics: SQUATTING_PIPELINE.topics.filter((t) => t.sharedFrom === undefined),
  tables: [{ name: 'customer_copies', columns: [{ ...SQUATTING_PIPELINE.topics[0].columns[0], nullable: true }, SQUATTING_PIPELINE.topics[0].columns[1]] }],
  jobs: [{ name: 'copy-customers', sources: ['customers'], sinks: ['customer_copies'], parallelism: { initial: 1, max: 6 } }],
};
const squatClaimsOnly = synthesizeInOwnApp(testApp({ env: ENV, flavor: FLAVOR }), SQUAT_WITHOUT_SHARED_INPUT, 'existing');

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
  process.stdout.write(`two apps, one platform (moto ${moto?.endpoint ?? '-'}):\n${log.map((l) => `  ${l}`).join('\n')}\n`);
});

describe('two apps, one platform: the claims refuse a squatting pipeline at deploy', () => {
  test('the owner deploys: its claims and the grant for clicks are on the platform', async () => {
    const outcome = await deploy(`orders-${ENV}-${FLAVOR}`, orders);
    record('orders (platform app)', outcome);
    expect(outcome).toEqual({ status: 'CREATE_COMPLETE' });
    expect(await platformNames()).toEqual({
      [`${ROOT}/claims/consumer-group/orders.customers-nightly`]: 'orders',
      [`${ROOT}/claims/consumer-group/orders.orders-to-lake`]: 'orders',
      [`${ROOT}/claims/database/orders_managed`]: 'orders',
      [`${ROOT}/claims/principal/orders-customers-nightly`]: 'orders',
      [`${ROOT}/claims/principal/orders-orders-to-lake`]: 'orders',
      [`${ROOT}/claims/topic/customers`]: 'orders',
      [`${ROOT}/claims/topic/orders`]: 'orders',
      [`${ROOT}/grants/topic/orders/readers/clicks`]: 'orders',
    });
  });

  test('a granted reader from another app deploys, its grant resolved to the owner', async () => {
    const outcome = await deploy(`clicks-${ENV}-${FLAVOR}`, clicks);
    record('clicks (own app, granted by orders)', outcome);
    expect(outcome).toEqual({ status: 'CREATE_COMPLETE' });
    const described = await expectOk(moto.call('cloudformation.describe_stacks', { StackName: `clicks-${ENV}-${FLAVOR}` }));
    const parameters = (described.Stacks as Array<{ Parameters: Array<{ ParameterValue: string }> }>)[0].Parameters;
    expect(parameters.map((p) => p.ParameterValue)).toEqual(['orders']);
  });

  test('the squatter reading orders without a grant is refused before anything is created', async () => {
    const before = await platformNames();
    const outcome = await deploy(`squat-${ENV}-${FLAVOR}`, squat);
    record('squat (own app: customers, the orders database, orders without a grant)', outcome);
    expect(outcome).toEqual({
      refusedBy: 'parameter resolution before CreateStack (CloudFormation\'s message)',
      error: `Unable to fetch parameters [${ROOT}/grants/topic/orders/readers/squat] from parameter store for this account.`,
    });
    expect(await platformNames()).toEqual(before);
  });

  test('the squatter without the shared input is refused by its claims; the owner\'s claims stay as they were', async () => {
    const before = await platformNames();
    const conflicts = Object.values(squatClaimsOnly.Resources).map((r) => r.Properties.Name).filter((name) => name in before);
    log.push(`squat's claims held by another pipeline: ${conflicts.map((c) => `${c} (${before[c]})`).join(', ')}`);
    expect(conflicts.sort()).toEqual([`${ROOT}/claims/database/orders_managed`, `${ROOT}/claims/topic/customers`]);
    const outcome = await deploy(`squat-${ENV}-${FLAVOR}`, squatClaimsOnly);
    record('squat without the shared input (own app: customers, the orders database)', outcome);
    expect(outcome).toEqual({
      refusedBy: 'moto CloudFormation CreateStack',
      error: 'ParameterAlreadyExists: The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    });
    const after = await platformNames();
    for (const name of Object.keys(before)) expect({ name, value: after[name] }).toEqual({ name, value: before[name] });
    const leftBehind = Object.keys(after).filter((name) => !(name in before));
    log.push(`claims of the refused squat stack left on the platform by moto: ${leftBehind.length === 0 ? 'none' : leftBehind.join(', ')}`);
  });
});
