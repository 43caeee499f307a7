import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { PIPELINE_APP_CONTEXT, newPipelineApp } from '../../lib/app/pipeline-app-context';
import { resolveEnvironment, selectDeployment } from '../../lib/environment/load-environments';
import { Flavor } from '../../lib/flavor';
import { CDK_CONTEXT } from '../support/test-app';

const ENVIRONMENTS = CDK_CONTEXT['pipelines:environments'] as Record<string, Record<string, unknown>>;
const PROD = ENVIRONMENTS.prod;

function problemsOf(raw: Record<string, unknown>): string {
  try {
    resolveEnvironment('prod', raw);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('environments from cdk.json', () => {
  test('dev, staging and prod are defined and valid', () => {
    expect(Object.keys(ENVIRONMENTS)).toEqual(['dev', 'staging', 'prod']);
    for (const name of Object.keys(ENVIRONMENTS)) expect(() => resolveEnvironment(name, ENVIRONMENTS[name])).not.toThrow();
  });

  test('prod defaults are production-safe', () => {
    const prod = resolveEnvironment('prod', PROD);
    expect(prod).toMatchObject({ production: true, retainData: true, kafka: { replicationFactor: 3, minInSyncReplicas: 2 }, natGateways: 3 });
  });

  test('an environment that says nothing is production-safe by default', () => {
    const env = resolveEnvironment('x', { account: '123456789012', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    expect(env).toMatchObject({ production: true, retainData: true, kafka: { replicationFactor: 3, minInSyncReplicas: 2 }, natGateways: 3, managed: { mskMode: 'provisioned' } });
  });

  test.each([
    ['account', { account: '42' }, 'environments.prod.account: must be a 12-digit AWS account id, got "42" — set the account the environment deploys to'],
    ['region', { region: 'mars' }, 'environments.prod.region: must be an AWS region like "us-east-1", got "mars" — set the region the environment deploys to'],
    ['zones of the region', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] }, 'environments.prod.availabilityZones: must list zones of region "us-east-1", got ["eu-west-1a","eu-west-1b","eu-west-1c"] — list 3 availability zones, e.g. ["us-east-1a", "us-east-1b", "us-east-1c"]'],
    ['3 zones in production', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 2 }, 'environments.prod.availabilityZones: has 2 zone(s) in a production environment — use 3 availability zones so Kafka replicas and Flink survive a zone outage'],
    ['retained data in production', { retainData: false }, 'environments.prod.retainData: is false in a production environment — remove it (data is retained by default) or set "production": false'],
    ['replication in production', { kafka: { replicationFactor: 2, minInSyncReplicas: 2 } }, 'environments.prod.kafka.replicationFactor: is 2 in a production environment — use 3: a broker loss must not lose acknowledged writes'],
    ['min ISR in production', { kafka: { replicationFactor: 3, minInSyncReplicas: 3 } }, 'environments.prod.kafka.minInSyncReplicas: is 3 with replicationFactor 3 in a production environment — use at least 2 and less than replicationFactor, so writes survive one broker loss and stay available'],
    ['min ISR ≤ replication', { production: false, kafka: { replicationFactor: 1, minInSyncReplicas: 2 } }, 'environments.prod.kafka.minInSyncReplicas: must be a whole number from 1 to replicationFactor (1), got 2 — use replicationFactor − 1 (2 for 3 replicas)'],
    ['NAT gateways', { natGateways: 5 }, 'environments.prod.natGateways: must be a whole number from 0 to 3, got 5 — use one per availability zone, or 1 to save cost outside production'],
    ['MSK mode', { managed: { mskMode: 'tiny' } }, 'environments.prod.managed.mskMode: must be one of provisioned, serverless, express, got "tiny" — use "provisioned" (default), "serverless" (dev) or "express"'],
    ['alarm e-mails not a list', { managed: { alarmEmails: 'oncall@example.com' } }, 'environments.prod.managed.alarmEmails: must be a list of e-mail addresses, got "oncall@example.com" — write e.g. ["data-oncall@example.com"], or remove it'],
    ['an alarm e-mail that is not one', { managed: { alarmEmails: ['oncall@example.com', 'oncall'] } }, 'environments.prod.managed.alarmEmails[1]: is not an e-mail address: "oncall" — write an address like "data-oncall@example.com"'],
    ['plain listener in production', { selfHosted: { kafkaPlainListener: true } }, 'environments.prod.selfHosted.kafkaPlainListener: is true in a production environment — remove it: production clients use the TLS listener'],
    ['production as a number', { production: 0 }, 'environments.prod.production: must be true or false, got 0 — write "production": true or false (absent means true)'],
    ['production as a string', { production: 'false' }, 'environments.prod.production: must be true or false, got "false" — write "production": true or false (absent means true)'],
    ['workload scale', { sizing: { workloadScale: 0 } }, 'environments.prod.sizing.workloadScale: must be > 0, got 0 — use a fraction like 0.1 for a smaller environment, or remove it'],
  ])('fails on %s with the exact message', (_name, change, expected) => {
    expect(problemsOf({ ...PROD, ...change })).toBe(`environment "prod" has 1 problem:\n  - ${expected}`);
  });

  test('duplicate zones do not pass the 3-zone check of production', () => {
    expect(problemsOf({ ...PROD, availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'], natGateways: 2 })).toBe([
      'environment "prod" has 2 problems:',
      '  - environments.prod.availabilityZones: lists "us-east-1a" more than once — list each availability zone once',
      '  - environments.prod.availabilityZones: has 2 zone(s) in a production environment — use 3 availability zones so Kafka replicas and Flink survive a zone outage',
    ].join('\n'));
  });
});

describe('deployment selection', () => {
  test('defaults to dev and both flavors', () => {
    const selection = selectDeployment(ENVIRONMENTS, undefined, undefined);
    expect(selection.environment.name).toBe('dev');
    expect(selection.flavors).toEqual([Flavor.SELF_HOSTED, Flavor.MANAGED]);
  });

  test('selects one flavor', () => {
    expect(selectDeployment(ENVIRONMENTS, 'prod', 'managed').flavors).toEqual([Flavor.MANAGED]);
  });

  test('an unknown environment and flavor are both reported with the known ones', () => {
    expect(() => selectDeployment(ENVIRONMENTS, 'qa', 'serverless')).toThrow([
      'deployment selection has 2 problems:',
      '  - context.env: unknown environment "qa" — use one of: dev, staging, prod',
      '  - context.flavor: unknown flavor "serverless" — use one of: self-hosted, managed, both',
    ].join('\n'));
  });
});

describe("a pipeline app's synthesis settings", () => {
  /** How many creation stack traces a one-resource app records (no context but the App's own). */
  function creationStacks(app: App): number {
    new CfnResource(new Stack(app, 'Stack'), 'Resource', { type: 'AWS::SQS::Queue' });
    return app.synth().getStackByName('Stack').findMetadataByType('aws:cdk:creationStack').length;
  }

  /** `make()` without the fast tier's own settings (test/support/fast-tier-env.js). */
  function withoutInheritedContext<T>(make: () => T): T {
    const inherited = process.env.CDK_CONTEXT_JSON;
    delete process.env.CDK_CONTEXT_JSON;
    try {
      return make();
    } finally {
      if (inherited !== undefined) process.env.CDK_CONTEXT_JSON = inherited;
    }
  }

  test('no creation stack trace per resource (aws-cdk-lib records one unless told not to; `cdk synth --debug` still does)', () => {
    const props = { builtinCloudFormationValidation: false };
    expect(withoutInheritedContext(() => creationStacks(new App(props)))).toBeGreaterThan(0);
    expect(withoutInheritedContext(() => creationStacks(newPipelineApp(props)))).toBe(0);
    // The app's own context decides over the default.
    const traced = { ...props, context: { 'aws:cdk:disable-creation-stack-traces': false } };
    expect(withoutInheritedContext(() => creationStacks(newPipelineApp(traced)))).toBeGreaterThan(0);
  });

  test('the synth benchmarks give every case (the empty app too) the context a pipeline app starts from', () => {
    expect(require('../../scripts/bench/app-context.js')).toEqual(PIPELINE_APP_CONTEXT);
  });

  test("cdk.json holds no `aws:` context key (the CDK CLI warns about each one on every command)", () => {
    expect(Object.keys(CDK_CONTEXT).filter((key) => key.startsWith('aws:'))).toEqual([]);
  });
});
