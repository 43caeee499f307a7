/**
 * The SQL runner jar build (Custom::SqlRunnerJarBuild) through its lifecycle: Create → Update (each property changed)
 * → Update rollback → Delete, with the provider framework's polling, against SDK mocks of S3 (HeadObject) and CodeBuild
 * (StartBuild, BatchGetBuilds) — mocked: the build runs in CodeBuild, which no emulator runs a Maven build for. The
 * fakes keep state: the bucket's keys, and a build that uploads its project's OUTPUT_KEY when it succeeds.
 */
import { BatchGetBuildsCommand, Build, CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { HeadObjectCommand, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { JarBuildClients, JarBuildEvent, JarBuildProperties, checkComplete, handleEvent } from '../../constructs/common/job-artifact-jar-build/handler';
import { JobArtifactJar } from '../../constructs/common/job-artifact-jar';
import { resolveArtifacts } from '../../lib/catalog/resolve-artifacts';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { Flavor } from '../../lib/flavor';
import { testApp } from '../support/test-app';

const s3Mock = mockClient(S3Client);
const codeBuildMock = mockClient(CodeBuildClient);
const clients: JarBuildClients = { s3: new S3Client({ region: 'us-east-1' }), codeBuild: new CodeBuildClient({ region: 'us-east-1' }) };
const BUCKET = 'orders-prod-runnerjarbucket';
const KEY_A = `sql-runner/${'a'.repeat(64)}.jar`;
const KEY_B = `sql-runner/${'b'.repeat(64)}.jar`;

/** The buckets' `bucket/key`s, the builds started, and where the project uploads to (CloudFormation updates it before the build resource). */
let bucket: Set<string>;
let builds: Map<string, { key: string; polls: number }>;
let projectOutput: string;
/** An error the next HeadObject answers with (once). */
let nextLookFails: Error | undefined;

beforeEach(() => {
  s3Mock.reset();
  codeBuildMock.reset();
  bucket = new Set();
  builds = new Map();
  nextLookFails = undefined;
  s3Mock.on(HeadObjectCommand).callsFake(async (input: HeadObjectCommand['input']) => {
    const failure = nextLookFails;
    nextLookFails = undefined;
    if (failure !== undefined) throw failure;
    if (bucket.has(`${input.Bucket}/${input.Key}`)) return { ContentLength: 48_000_000, ContentType: 'application/java-archive' };
    throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
  });
  codeBuildMock.on(StartBuildCommand).callsFake(async (input: StartBuildCommand['input']) => {
    const id = `${input.projectName}:${builds.size + 1}`;
    builds.set(id, { key: projectOutput, polls: 0 });
    return { build: { id, buildStatus: 'IN_PROGRESS' } };
  });
  codeBuildMock.on(BatchGetBuildsCommand).callsFake(async (input: BatchGetBuildsCommand['input']) => ({
    builds: (input.ids ?? []).flatMap((id): Build[] => {
      const build = builds.get(id);
      if (build === undefined) return [];
      // A Maven build takes a few polls; the jar is uploaded at its end.
      build.polls += 1;
      if (build.polls < 3) return [{ id, buildStatus: 'IN_PROGRESS' }];
      bucket.add(build.key);
      return [{ id, buildStatus: 'SUCCEEDED' }];
    }),
  }));
});

const PROPS_A: JarBuildProperties = { ProjectName: 'RunnerJarBuildProject', BucketName: BUCKET, ObjectKey: KEY_A, SourceHash: 'a'.repeat(64) };
const PROPS_B: JarBuildProperties = { ...PROPS_A, ObjectKey: KEY_B, SourceHash: 'b'.repeat(64) };

/** One request as the provider framework runs it (onEvent, then isComplete until done); the ObjectKey it resolves. */
async function request(type: JarBuildEvent['RequestType'], props: JarBuildProperties, physicalId?: string): Promise<{ objectKey?: string; polls: number }> {
  projectOutput = `${props.BucketName}/${props.ObjectKey}`;
  const event: JarBuildEvent = { RequestType: type, PhysicalResourceId: physicalId, ResourceProperties: props };
  const answer = await handleEvent(clients, event);
  const polled: JarBuildEvent = { ...event, PhysicalResourceId: answer.PhysicalResourceId, Data: answer.Data };
  for (let polls = 1; polls <= 100; polls++) {
    const done = await checkComplete(clients, polled);
    if (done.IsComplete) return { objectKey: done.Data?.ObjectKey, polls };
  }
  throw new Error('never completed');
}

function started(): number {
  return codeBuildMock.commandCalls(StartBuildCommand).length;
}

describe('lifecycle', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('Create builds the jar of the inputs and resolves its key once the build succeeded', async () => {
    expect(await request('Create', PROPS_A)).toEqual({ objectKey: KEY_A, polls: 3 });
    expect(started()).toBe(1);
    expect(bucket).toEqual(new Set([`${BUCKET}/${KEY_A}`]));
  });

  test.each<[string, JarBuildProperties, number]>([
    ['ObjectKey and SourceHash (new recipe or runner sources)', PROPS_B, 1],
    ['ProjectName (a replaced project) with the same inputs', { ...PROPS_A, ProjectName: 'RunnerJarBuildProject2' }, 0],
  ])('Update changing %s builds only when the jar of the inputs is missing', async (_change, props, builtAgain) => {
    await request('Create', PROPS_A);
    const out = await request('Update', props, KEY_A);
    expect(out.objectKey).toBe(props.ObjectKey);
    expect(started()).toBe(1 + builtAgain);
  });

  test('Update changing BucketName (a new bucket) builds into it', async () => {
    await request('Create', PROPS_A);
    const out = await request('Update', { ...PROPS_A, BucketName: 'orders-prod-runnerjarbucket2' }, KEY_A);
    expect(out.objectKey).toBe(KEY_A);
    expect(started()).toBe(2);
    expect(bucket).toContain(`orders-prod-runnerjarbucket2/${KEY_A}`);
  });

  test('Update rollback to the previous properties reuses the previous jar: no build, complete on the first poll', async () => {
    await request('Create', PROPS_A);
    await request('Update', PROPS_B, KEY_A);
    expect(started()).toBe(2);
    // Something after the jar failed: CloudFormation sends the old properties back.
    const rollback = await request('Update', PROPS_A, KEY_B);
    expect(rollback).toEqual({ objectKey: KEY_A, polls: 1 });
    expect(started()).toBe(2);
    expect(codeBuildMock.commandCalls(BatchGetBuildsCommand)).toHaveLength(6);
  });

  test('Delete builds nothing and leaves the jars (the bucket owns them)', async () => {
    await request('Create', PROPS_A);
    expect(await handleEvent(clients, { RequestType: 'Delete', PhysicalResourceId: KEY_A, ResourceProperties: PROPS_A })).toEqual({ PhysicalResourceId: KEY_A });
    expect(await checkComplete(clients, { RequestType: 'Delete', PhysicalResourceId: KEY_A, ResourceProperties: PROPS_A })).toEqual({ IsComplete: true });
    expect(started()).toBe(1);
    expect(bucket).toEqual(new Set([`${BUCKET}/${KEY_A}`]));
  });

  test('a look that is refused (403) builds, as before, instead of failing; any other error fails the request', async () => {
    nextLookFails = new S3ServiceException({ name: 'Forbidden', $fault: 'client', message: 'Forbidden', $metadata: { httpStatusCode: 403 } });
    expect((await request('Create', PROPS_A)).objectKey).toBe(KEY_A);
    expect(started()).toBe(1);
    nextLookFails = new S3ServiceException({ name: 'SlowDown', $fault: 'server', message: 'Please reduce your request rate.', $metadata: { httpStatusCode: 503 } });
    await expect(handleEvent(clients, { RequestType: 'Update', PhysicalResourceId: KEY_A, ResourceProperties: PROPS_B })).rejects.toThrow('Please reduce your request rate.');
  });

  test('a failed build fails the request with its log link', async () => {
    codeBuildMock.on(BatchGetBuildsCommand).resolves({ builds: [{ id: 'p:1', buildStatus: 'FAILED', logs: { deepLink: 'https://console.aws.amazon.com/codebuild/p:1' } }] });
    await expect(request('Create', PROPS_A)).rejects.toThrow(/^SQL runner build RunnerJarBuildProject:1 ended FAILED: https:\/\/console.aws.amazon.com\/codebuild\/p:1$/);
  });
});

describe('construct', () => {
  const stack = new Stack(testApp(), 'JarBuild', { env: { account: '111111111111', region: 'us-east-1' } });
  new JobArtifactJar(stack, 'RunnerJar', { artifacts: resolveArtifacts({ subject: 'pipeline "orders"', flinkVersion: FlinkVersion.V1_20, flavors: [Flavor.MANAGED], writesIceberg: false }) });
  const template = Template.fromStack(stack);

  test('the custom resource names the bucket its handler looks the key up in', () => {
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }));
    template.hasResourceProperties('Custom::SqlRunnerJarBuild', { BucketName: { Ref: bucketId }, ObjectKey: Match.stringLikeRegexp('^sql-runner/[0-9a-f]{64}\\.jar$') });
  });

  test('the onEvent handler may read (HeadObject) the built jars of that bucket and list it (a missing key is a 404)', () => {
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: 'codebuild:StartBuild' }),
        { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/sql-runner/*']] } },
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] } },
      ]) },
    });
  });
});
