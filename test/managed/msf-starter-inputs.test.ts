import { CfnResource, aws_s3 as s3, aws_ssm as ssm } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ManagedFlinkApplication } from '../../constructs/managed/flink/managed-flink-application';
import { testStackWithVpc } from './support';

/** One job's inputs: what a user (SQL, settings, parallelism) or a deployment (jar key, SSM values) can change. */
interface JobInputs {
  readonly sql: string;
  readonly settings: Record<string, string>;
  readonly parallelism: number;
}
const BASE: JobInputs = { sql: 'INSERT INTO lake SELECT * FROM orders;', settings: { 'table.exec.state.ttl': '1 h' }, parallelism: 2 };

/** Synthesizes one application whose jar key comes from a build (GetAtt) and whose SQL holds an SSM-resolved endpoint. */
function synth(inputs: JobInputs) {
  const { stack, vpc } = testStackWithVpc();
  const bucket = new s3.Bucket(stack, 'Jars');
  const build = new CfnResource(stack, 'JarBuild', { type: 'Custom::SqlRunnerJarBuild' });
  const bootstrap = ssm.StringParameter.valueForStringParameter(stack, '/pipelines/dev/kafka/bootstrap-servers');
  new ManagedFlinkApplication(stack, 'App', {
    applicationName: 'orders-dev-orders-to-lake',
    runtimeEnvironment: 'FLINK-1_20',
    code: { bucket, key: build.getAtt('ObjectKey').toString() },
    propertyGroups: { 'sql.0': { '0000': `CREATE TABLE orders WITH ('properties.bootstrap.servers' = '`, '0001': bootstrap, '0002': `');\n${inputs.sql}` }, settings: inputs.settings },
    parallelism: inputs.parallelism,
    parallelismPerKpu: 1,
    autoScaling: false,
    snapshots: true,
    vpc,
  });
  return Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: unknown }>; Parameters: Record<string, { Type: string }> };
}

/** What CloudFormation resolves at deploy time: the jar build's key and the SSM parameter's value. */
interface DeployTimeValues {
  readonly jarKey: string;
  readonly bootstrapServers: string;
}
const DEPLOYED: DeployTimeValues = { jarKey: 'sql-runner/1111.jar', bootstrapServers: 'b-1.kafka:9098' };

/** The starter's properties as CloudFormation hands them to its handler (the intrinsics this template uses, resolved). */
function starterPropertiesAsDeployed(template: ReturnType<typeof synth>, values: DeployTimeValues): unknown {
  const ssmParameter = Object.keys(template.Parameters).find((id) => template.Parameters[id].Type.startsWith('AWS::SSM::Parameter::Value'));
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    if ('Ref' in object) return object.Ref === ssmParameter ? values.bootstrapServers : `ref:${String(object.Ref)}`;
    if ('Fn::GetAtt' in object) {
      const [resource, attribute] = object['Fn::GetAtt'] as [string, string];
      return resource.startsWith('JarBuild') && attribute === 'ObjectKey' ? values.jarKey : `getatt:${resource}.${attribute}`;
    }
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolve(v)]));
  };
  const starters = Object.values(template.Resources).filter((r) => r.Type === 'Custom::MsfApplicationStarter');
  expect(starters).toHaveLength(1);
  return resolve(starters[0].Properties);
}

describe('the MSF starter sees every change of a job', () => {
  const before = starterPropertiesAsDeployed(synth(BASE), DEPLOYED);

  test.each<[string, JobInputs, DeployTimeValues]>([
    ['a new runner jar (same template, the build returns another key)', BASE, { ...DEPLOYED, jarKey: 'sql-runner/2222.jar' }],
    ['a new SSM-resolved endpoint (same template, another parameter value)', BASE, { ...DEPLOYED, bootstrapServers: 'b-2.kafka:9098' }],
    ['changed SQL', { ...BASE, sql: 'INSERT INTO lake SELECT id FROM orders;' }, DEPLOYED],
    ['a changed setting', { ...BASE, settings: { 'table.exec.state.ttl': '2 h' } }, DEPLOYED],
    ['a changed parallelism', { ...BASE, parallelism: 4 }, DEPLOYED],
  ])('%s changes the starter\'s properties (an Update that re-runs the health check)', (_change, inputs, values) => {
    expect(starterPropertiesAsDeployed(synth(inputs), values)).not.toEqual(before);
  });

  test('the same inputs give the same properties (no Update, no needless restart check)', () => {
    expect(starterPropertiesAsDeployed(synth(BASE), DEPLOYED)).toEqual(before);
  });

  test('deploy-time values are passed by where they sit in the configuration, not hashed', () => {
    const props = starterPropertiesAsDeployed(synth(BASE), DEPLOYED) as { DeployTimeInputs: Array<{ Path: string; Value: unknown }> };
    expect(props.DeployTimeInputs).toEqual(expect.arrayContaining([
      { Path: 'applicationConfiguration.applicationCodeConfiguration.codeContent.s3ContentLocation.fileKey', Value: 'sql-runner/1111.jar' },
      { Path: 'applicationConfiguration.environmentProperties.propertyGroups[0].propertyMap.0001', Value: 'b-1.kafka:9098' },
    ]));
  });
});
