import * as fs from 'fs';
import * as path from 'path';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { resolveArtifacts } from '../../lib/catalog/resolve-artifacts';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { Flavor } from '../../lib/flavor';
import { renderRunnerDockerfile } from '../../lib/artifacts/runner-dockerfile';
import { renderRunnerPom } from '../../lib/artifacts/runner-pom';
import { SQL_RUNNER_IMAGE_JAR_URI } from '../../lib/artifacts/sql-runner-contract';
import { JobArtifactImage } from '../../constructs/common/job-artifact-image';
import { JobArtifactJar, PrebuiltJar } from '../../constructs/common/job-artifact-jar';
import { runnerCheckCommands } from '../../constructs/common/job-artifact-jar-build';
import { runnerCheckFiles } from '../../lib/artifacts/runner-check-inputs';
import { examplePlan, testApp } from '../support/test-app';

const plan = examplePlan('dev', Flavor.ALL);
const artifacts = plan.artifacts;
const env = { account: '111111111111', region: 'us-east-1' };

/** One app for the whole file: built artifacts, prebuilt ones, and a Flink 2.2 one with a catalog warning. */
const app = testApp();
// This file reads the build contexts staged into the assembly: staging on (the fast tier turns it off elsewhere).
app.node.setContext('aws:cdk:disable-asset-staging', false);
const built = new Stack(app, 'Built', { env });
const image = new JobArtifactImage(built, 'RunnerImage', { artifacts, plan });
const jar = new JobArtifactJar(built, 'RunnerJar', { artifacts, plan });
new CfnOutput(built, 'ImageUri', { value: image.imageUri });
new CfnOutput(built, 'JarKey', { value: jar.key });

const prebuilt = new Stack(app, 'Prebuilt', { env });
const jarBucket = s3.Bucket.fromBucketName(prebuilt, 'Jars', 'my-jars');
const prebuiltImage = new JobArtifactImage(prebuilt, 'RunnerImage', { artifacts, prebuiltImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/runner:1.0' });
const prebuiltJar = new JobArtifactJar(prebuilt, 'RunnerJar', { artifacts, prebuilt: PrebuiltJar.fromBucket(jarBucket, 'runner/1.0.jar') });

const unverified = new Stack(app, 'Unverified', { env });
// Every catalog entry is verified today (the 2.1/2.2 connector suffixes are on Maven Central): a resolver warning is made up.
const v22 = { ...resolveArtifacts({ subject: 'pipeline "orders"', flinkVersion: FlinkVersion.V2_2, flavors: Flavor.ALL, writesIceberg: false }), warnings: ['org.apache.flink:flink-connector-kafka:5.0.0-2.2: an unverified catalog entry'] };
new JobArtifactImage(unverified, 'RunnerImage', { artifacts: v22, prebuiltImage: 'runner:2.2' });

const unchecked = new Stack(app, 'Unchecked', { env });
new JobArtifactImage(unchecked, 'RunnerImage', { artifacts });
new JobArtifactJar(unchecked, 'RunnerJar', { artifacts });

// Synthesis works offline: the image is only staged, the jar is built at deploy time.
const assembly: CloudAssembly = app.synth();
const builtTemplate = Template.fromStack(built);

function assetManifest(stack: Stack): { files: Record<string, { source: { path: string; packaging?: string } }>; dockerImages: Record<string, { source: { directory: string; platform?: string } }> } {
  return JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'));
}

describe('JobArtifactImage (self-hosted)', () => {
  test('stages the generated Dockerfile, pom.xml and sources as a Docker image asset', () => {
    const images = Object.values(assetManifest(built).dockerImages);
    expect(images).toHaveLength(1);
    const dir = path.join(assembly.directory, images[0].source.directory);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(renderRunnerDockerfile(artifacts, { check: true }));
    expect(fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8')).toBe(renderRunnerPom(artifacts));
    expect(fs.existsSync(path.join(dir, 'src/main/java/io/eventpipelines/sqlrunner/SqlRunner.java'))).toBe(true);
    expect(images[0].source.platform).toBe('linux/amd64');
  });

  test('the build context holds the check inputs of the self-hosted jobs, and the Dockerfile runs the check', () => {
    const dir = path.join(assembly.directory, Object.values(assetManifest(built).dockerImages)[0].source.directory);
    for (const [file, content] of Object.entries(runnerCheckFiles(plan, Flavor.SELF_HOSTED))) expect(fs.readFileSync(path.join(dir, file), 'utf8')).toBe(content);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('RUN /opt/flink/bin/flink run --target local --class io.eventpipelines.sqlrunner.SqlRunner /opt/flink/usrlib/sql-runner.jar --check /opt/sql-runner-check/manifest.properties\n');
  });

  test('without a plan the image is built unchecked, and a warning says so', () => {
    Annotations.fromStack(unchecked).hasWarning('/Unchecked/RunnerImage', Match.stringLikeRegexp('built without the build-time check'));
  });

  test('gives the image URI in the CDK asset repository and the runner jar path', () => {
    builtTemplate.hasOutput('ImageUri', { Value: { 'Fn::Sub': Match.stringLikeRegexp('^111111111111\\.dkr\\.ecr\\.us-east-1\\.\\$\\{AWS::URLSuffix\\}/cdk-hnb659fds-container-assets-111111111111-us-east-1:[0-9a-f]{64}$') } });
    expect(image.jarUri).toBe(SQL_RUNNER_IMAGE_JAR_URI);
    expect(image.repository).toBeDefined();
  });

  test('a prebuilt image is used as given, nothing is built', () => {
    expect(prebuiltImage.imageUri).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/runner:1.0');
    expect(prebuiltImage.jarUri).toBe('local:///opt/flink/usrlib/sql-runner.jar');
    expect(prebuiltImage.asset).toBeUndefined();
    expect(Object.keys(assetManifest(prebuilt).dockerImages ?? {})).toHaveLength(0);
  });

  test('fails without the self-hosted flavor', () => {
    const managedOnly = resolveArtifacts({ subject: 'pipeline "orders"', flinkVersion: FlinkVersion.V1_20, flavors: [Flavor.MANAGED], writesIceberg: true });
    expect(() => new JobArtifactImage(new Stack(testApp(), 'S'), 'I', { artifacts: managedOnly }))
      .toThrow('JobArtifactImage needs artifacts resolved for the self-hosted flavor (resolvePlan with Flavor.SELF_HOSTED)');
  });

  test('unverified catalog entries become synth warnings', () => {
    Annotations.fromStack(unverified).hasWarning('/Unverified/RunnerImage', Match.stringLikeRegexp('flink-connector-kafka:5.0.0-2.2: an unverified catalog entry'));
  });
});

describe('JobArtifactJar (managed)', () => {
  test('stages the build context as a plain zip asset (no bundling, no Docker at synth)', () => {
    const files = Object.values(assetManifest(built).files).filter((f) => f.source.packaging === 'zip');
    const contexts = files.filter((f) => fs.existsSync(path.join(assembly.directory, f.source.path, 'pom.xml')));
    expect(contexts).toHaveLength(1);
    expect(fs.readFileSync(path.join(assembly.directory, contexts[0].source.path, 'pom.xml'), 'utf8')).toBe(renderRunnerPom(artifacts));
  });

  test('a CodeBuild project builds it with Maven, checks it in the same Flink version\'s distribution, and only then writes the jar', () => {
    builtTemplate.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { Type: 'S3', BuildSpec: Match.serializedJson({
        version: '0.2',
        phases: {
          install: { 'runtime-versions': { java: 'corretto17' } },
          build: { commands: [
            'mvn -B -ntp package -DskipTests',
            'curl -fsSL --retry 3 -o /tmp/flink-1.20.4-bin-scala_2.12.tgz https://archive.apache.org/dist/flink/flink-1.20.4/flink-1.20.4-bin-scala_2.12.tgz',
            'curl -fsSL --retry 3 -o /tmp/flink-1.20.4-bin-scala_2.12.tgz.sha512 https://archive.apache.org/dist/flink/flink-1.20.4/flink-1.20.4-bin-scala_2.12.tgz.sha512',
            '(cd /tmp && sha512sum -c flink-1.20.4-bin-scala_2.12.tgz.sha512)',
            'tar -xzf /tmp/flink-1.20.4-bin-scala_2.12.tgz -C /tmp',
            '/tmp/flink-1.20.4/bin/flink run --target local --class io.eventpipelines.sqlrunner.SqlRunner "$CODEBUILD_SRC_DIR/target/sql-runner.jar" --check "$CODEBUILD_SRC_DIR/check/manifest.properties"',
            'aws s3 cp target/sql-runner.jar "s3://$OUTPUT_BUCKET/$OUTPUT_KEY"',
          ] },
        },
      }) },
      Environment: Match.objectLike({
        Image: 'aws/codebuild/standard:7.0',
        EnvironmentVariables: Match.arrayWith([{ Name: 'OUTPUT_KEY', Type: 'PLAINTEXT', Value: Match.stringLikeRegexp('^sql-runner/[0-9a-f]{64}\\.jar$') }]),
      }),
      TimeoutInMinutes: 30,
    });
  });

  test('the Flink distribution of the check can come from a mirror; its SHA-512 is read next to it', () => {
    expect(runnerCheckCommands('1.20.4', 'https://mirror.example.com/flink-1.20.4-bin-scala_2.12.tgz').slice(0, 3)).toEqual([
      'curl -fsSL --retry 3 -o /tmp/flink-1.20.4-bin-scala_2.12.tgz https://mirror.example.com/flink-1.20.4-bin-scala_2.12.tgz',
      'curl -fsSL --retry 3 -o /tmp/flink-1.20.4-bin-scala_2.12.tgz.sha512 https://mirror.example.com/flink-1.20.4-bin-scala_2.12.tgz.sha512',
      '(cd /tmp && sha512sum -c flink-1.20.4-bin-scala_2.12.tgz.sha512)',
    ]);
  });

  test('the build context holds the check inputs of the managed jobs', () => {
    const contexts = Object.values(assetManifest(built).files).filter((f) => f.source.packaging === 'zip' && fs.existsSync(path.join(assembly.directory, f.source.path, 'pom.xml')));
    const dir = path.join(assembly.directory, contexts[0].source.path);
    const files = runnerCheckFiles(plan, Flavor.MANAGED);
    expect(Object.keys(files)).toContain('check/manifest.properties');
    for (const [file, content] of Object.entries(files)) expect(fs.readFileSync(path.join(dir, file), 'utf8')).toBe(content);
  });

  test('without a plan the jar is built unchecked (Maven, then upload), and a warning says so', () => {
    Template.fromStack(unchecked).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { BuildSpec: Match.serializedJson(Match.objectLike({ phases: Match.objectLike({ build: { commands: ['mvn -B -ntp package -DskipTests', 'aws s3 cp target/sql-runner.jar "s3://$OUTPUT_BUCKET/$OUTPUT_KEY"'] } }) })) },
    });
    Annotations.fromStack(unchecked).hasWarning('/Unchecked/RunnerJar/Build', Match.stringLikeRegexp('built without the build-time check'));
  });

  test('a custom resource waits for the build; the key resolves from it, so applications deploy after the jar exists', () => {
    builtTemplate.hasResourceProperties('Custom::SqlRunnerJarBuild', {
      ProjectName: Match.anyValue(),
      ObjectKey: Match.stringLikeRegexp('^sql-runner/[0-9a-f]{64}\\.jar$'),
      SourceHash: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
    const [crId] = Object.keys(builtTemplate.findResources('Custom::SqlRunnerJarBuild'));
    builtTemplate.hasOutput('JarKey', { Value: { 'Fn::GetAtt': [crId, 'ObjectKey'] } });
  });

  test('the jar bucket is private, encrypted and TLS-only; the build may only put its key', () => {
    builtTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    builtTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['s3:PutObject']),
        Resource: { 'Fn::Join': ['', [Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('RunnerJarBucket'), 'Arn'] }), Match.stringLikeRegexp('^/sql-runner/[0-9a-f]{64}\\.jar$')]] },
      })]) },
    });
    builtTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'codebuild:StartBuild', Effect: 'Allow', Resource: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('RunnerJarBuildProject'), 'Arn'] }) }]) },
    });
  });

  test('a prebuilt jar in S3 is used as given, nothing is built', () => {
    expect(prebuiltJar.bucket).toBe(jarBucket);
    expect(prebuiltJar.key).toBe('runner/1.0.jar');
    expect(prebuiltJar.build).toBeUndefined();
    Template.fromStack(prebuilt).resourceCountIs('AWS::CodeBuild::Project', 0);
  });

  test('a prebuilt local jar is uploaded as a file asset', () => {
    const stack = new Stack(testApp(), 'FromFile', { env });
    const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'jar-')), 'runner.jar');
    fs.writeFileSync(file, 'PK');
    const fromFile = new JobArtifactJar(stack, 'RunnerJar', { artifacts, prebuilt: PrebuiltJar.fromFile(file) });
    expect(stack.resolve(fromFile.key)).toMatch(/^[0-9a-f]{64}\.jar$/);
    Template.fromStack(stack).resourceCountIs('AWS::CodeBuild::Project', 0);
  });
});
