import { Duration, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ManagedFlinkApplication, ManagedFlinkApplicationProps } from '../../constructs/managed/flink/managed-flink-application';
import { testStackWithVpc } from './support';

function synth(overrides: Partial<ManagedFlinkApplicationProps> = {}) {
  const { stack, vpc } = testStackWithVpc();
  const bucket = new s3.Bucket(stack, 'Jars');
  const app = new ManagedFlinkApplication(stack, 'App', {
    applicationName: 'orders-prod-orders-to-lake',
    runtimeEnvironment: 'FLINK-1_20',
    code: { bucket, key: 'sql-runner/abc.jar' },
    propertyGroups: { 'sql.0': { '0000': 'SELECT 1;' } },
    parallelism: 4,
    parallelismPerKpu: 2,
    autoScaling: true,
    checkpointing: { interval: Duration.minutes(1), minPause: Duration.seconds(30) },
    snapshots: true,
    vpc,
    ...overrides,
  });
  return { app, template: Template.fromStack(stack) };
}

describe('ManagedFlinkApplication', () => {
  const { app, template } = synth();

  test('runtime, name, service role and the jar from S3', () => {
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationName: 'orders-prod-orders-to-lake',
      RuntimeEnvironment: 'FLINK-1_20',
      ServiceExecutionRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('AppRole'), 'Arn'] },
      ApplicationConfiguration: Match.objectLike({
        ApplicationCodeConfiguration: {
          CodeContentType: 'ZIPFILE',
          CodeContent: { S3ContentLocation: { BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('Jars'), 'Arn'] }, FileKey: 'sql-runner/abc.jar' } },
        },
      }),
    });
  });

  test('property groups, parallelism per KPU, autoscaling, checkpointing and snapshots from the props', () => {
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        EnvironmentProperties: { PropertyGroups: [{ PropertyGroupId: 'sql.0', PropertyMap: { '0000': 'SELECT 1;' } }] },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
        ApplicationSystemRollbackConfiguration: { RollbackEnabled: true },
        FlinkApplicationConfiguration: Match.objectLike({
          ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 4, ParallelismPerKPU: 2, AutoScalingEnabled: true },
          CheckpointConfiguration: { ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 60000, MinPauseBetweenCheckpoints: 30000 },
        }),
      }),
      RunConfiguration: {
        ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
        FlinkRunConfiguration: { AllowNonRestoredState: false },
      },
    });
  });

  test('the service role manages ENIs only in its subnets, with its security group, in the VPC; Describe* stays on "*"', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('ServicePolicy') } }))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>);
    const actions = (s: { Action: string | string[] }) => (typeof s.Action === 'string' ? [s.Action] : s.Action);
    const ec2 = statements.filter((s) => actions(s).some((a) => a.startsWith('ec2:')));
    const onEverything = ec2.filter((s) => JSON.stringify(s.Resource) === '"*"');
    expect(onEverything.flatMap(actions).every((a) => a.startsWith('ec2:Describe'))).toBe(true);
    const eni = ec2.filter((s) => JSON.stringify(s.Resource) !== '"*"');
    expect(eni.flatMap(actions).sort()).toEqual(['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface']);
    for (const s of eni) expect(JSON.stringify(s.Condition)).toMatch(/^{"ArnEquals":{"ec2:Vpc":{.*:vpc\/",{"Ref":"Vpc/);
    const resources = JSON.stringify(eni.map((s) => s.Resource));
    expect(resources).toContain(':subnet/');
    expect(resources).toContain(':security-group/');
    expect(resources).toContain(':network-interface/*');
  });

  test('ENIs in the private subnets with a security group of its own', () => {
    const config = Object.values(template.findResources('AWS::KinesisAnalyticsV2::Application'))[0].Properties.ApplicationConfiguration;
    expect(config.VpcConfigurations).toHaveLength(1);
    expect(config.VpcConfigurations[0].SubnetIds).toHaveLength(3);
    expect(JSON.stringify(config.VpcConfigurations[0].SubnetIds)).toContain('privateSubnet');
    expect(JSON.stringify(config.VpcConfigurations[0].SecurityGroupIds)).toContain('AppSecurityGroup');
  });

  test('logs to a CloudWatch log stream of its own, retained', () => {
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption', {
      ApplicationName: { Ref: Match.stringLikeRegexp('App') },
      CloudWatchLoggingOption: { LogStreamARN: Match.objectLike({ 'Fn::Join': Match.anyValue() }) },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Retain' });
  });

  test('the application (and its snapshots) is retained by default, unlike the CDK alpha construct', () => {
    template.hasResource('AWS::KinesisAnalyticsV2::Application', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const dev = synth({ removalPolicy: RemovalPolicy.DESTROY }).template;
    dev.hasResource('AWS::KinesisAnalyticsV2::Application', { DeletionPolicy: 'Delete' });
  });

  test('the service role trusts MSF for this application only and may read the jar', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Principal: { Service: 'kinesisanalytics.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
      })] },
    });
    const trust = JSON.stringify(Object.values(template.findResources('AWS::IAM::Role')).map((r) => r.Properties.AssumeRolePolicyDocument));
    expect(trust).toContain(':kinesisanalytics:us-east-1:111111111111:application/orders-prod-orders-to-lake');
    const policy = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument));
    expect(policy).toContain('/sql-runner/abc.jar');
    expect(policy).not.toContain('kafka-cluster');
  });

  test('the deployment starts it: a starter custom resource after the application and its logging', () => {
    template.hasResource('Custom::MsfApplicationStarter', {
      Properties: Match.objectLike({ ApplicationName: 'orders-prod-orders-to-lake', RestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT', AllowNonRestoredState: 'false' }),
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('AppLogging'), Match.stringLikeRegexp('^App[0-9A-F]{8}$')]),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{
        Action: ['kinesisanalytics:DescribeApplication', 'kinesisanalytics:ListApplicationSnapshots', 'kinesisanalytics:StartApplication', 'kinesisanalytics:StopApplication'],
        Effect: 'Allow',
        Resource: Match.anyValue(),
      }] },
    });
    expect(app.starter).toBeDefined();
    // onEvent + isComplete handlers and the provider framework's onEvent, isComplete and onTimeout functions.
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  test('the deployment waits for a healthy job, not just RUNNING: health criteria and the log location on the starter', () => {
    template.hasResourceProperties('Custom::MsfApplicationStarter', {
      StableForSeconds: '300', HealthTimeoutSeconds: '1800', MaxRestarts: '3', RequireCheckpoint: 'true',
      LogGroupName: { Ref: Match.stringLikeRegexp('^AppLogs') }, LogStreamName: { Ref: Match.stringLikeRegexp('^AppLogStream') },
    });
  });

  test('only the isComplete role may read metrics (GetMetricData has no resource-level permissions)', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const reading = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('cloudwatch:GetMetricData'));
    expect(reading).toHaveLength(1);
    expect(reading[0].Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([{ Action: 'cloudwatch:GetMetricData', Effect: 'Allow', Resource: '*' }]));
    expect(JSON.stringify(reading[0].Properties.Roles)).toContain('IsCompleteRole');
  });

  test('a health timeout the provider cannot wait for fails, as does stableFor ≥ timeout', () => {
    expect(() => synth({ healthCheck: { timeout: Duration.minutes(55) } })).toThrow(
      'MsfApplicationStarter "orders-prod-orders-to-lake": healthCheck.timeout must be ≤ 50 minutes (the deployment waits 1 hour at most, start included), got 55 minutes — shorten it');
    expect(() => synth({ healthCheck: { stableFor: Duration.minutes(30), timeout: Duration.minutes(20) } })).toThrow(
      'healthCheck.stableFor (30 minutes) must be shorter than healthCheck.timeout (20 minutes) — lower stableFor or raise timeout');
  });

  test('one starter provider serves every application of a stack', () => {
    const { stack, vpc } = testStackWithVpc();
    const bucket = new s3.Bucket(stack, 'Jars');
    for (const name of ['a', 'b']) {
      new ManagedFlinkApplication(stack, name, {
        applicationName: name, runtimeEnvironment: 'FLINK-1_20', code: { bucket, key: 'k.jar' }, propertyGroups: {},
        parallelism: 1, parallelismPerKpu: 1, autoScaling: false, snapshots: true, vpc,
      });
    }
    const both = Template.fromStack(stack);
    both.resourceCountIs('Custom::MsfApplicationStarter', 2);
    both.resourceCountIs('AWS::Lambda::Function', 5);
  });

  test('a batch application: no checkpoints, no snapshots, not started by the deployment, no restore on update', () => {
    const { template: batch } = synth({ checkpointing: undefined, snapshots: false, startOnDeploy: false, autoScaling: false });
    batch.resourceCountIs('Custom::MsfApplicationStarter', 0);
    batch.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: false },
        FlinkApplicationConfiguration: Match.objectLike({ CheckpointConfiguration: { ConfigurationType: 'CUSTOM', CheckpointingEnabled: false } }),
      }),
      RunConfiguration: Match.objectLike({ ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' } }),
    });
  });

  test('fails if the application name has characters MSF refuses', () => {
    expect(() => synth({ applicationName: 'orders/prod' })).toThrow('applications["orders/prod"].applicationName: must be 1–128 characters of a-z A-Z 0-9 _ . -, got "orders/prod"');
  });
  test('fails if the parallelism is below 1', () => {
    expect(() => synth({ parallelism: 0 })).toThrow('.parallelism: must be a whole number ≥ 1, got 0');
  });
  test('fails if parallelism per KPU is above 8', () => {
    expect(() => synth({ parallelismPerKpu: 9 })).toThrow('.parallelismPerKpu: must be a whole number from 1 to 8, got 9');
  });
  test('fails if there are more than 50 property groups', () => {
    const groups = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`sql.${i}`, { '0000': 'x' }]));
    expect(() => synth({ propertyGroups: groups })).toThrow('.propertyGroups: has 51 groups, more than the 50 MSF accepts');
  });
  test('fails if a checkpointed application has no snapshots', () => {
    expect(() => synth({ snapshots: false })).toThrow('.snapshots: is off for a checkpointed (stateful) application — turn snapshots on');
  });
});
