import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { decodeTopicConfigs } from '../../constructs/managed/topics/msk-topic-configs';
import { validateManagedPlan } from '../../constructs/managed/validation/managed-plan-rules';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ENVIRONMENTS_CONTEXT_KEY, resolveEnvironment } from '../../lib/environment/load-environments';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { ManagedPlatformStack } from '../../lib/stacks/managed-platform-stack';
import { resolvePlatformPlan } from '../../lib/plan/resolve-platform';
import { functionLogKeys } from '../support/function-log-keys';
import { CDK_CONTEXT, exampleWith, testApp } from '../support/test-app';

/** The managed platform and pipeline stacks of an environment, as the app makes them. */
function managedStack(env: string): { stack: ManagedPipelineStack; template: Template; platform: ManagedPlatformStack; platformTemplate: Template } {
  const { pipelineStacks, platformStacks } = addPipelineStacks(testApp({ env, flavor: 'managed' }), ORDERS_PIPELINE);
  const stack = pipelineStacks[0] as ManagedPipelineStack;
  const platform = platformStacks[0] as ManagedPlatformStack;
  return { stack, template: Template.fromStack(stack), platform, platformTemplate: Template.fromStack(platform) };
}

/** The example plan in an environment of cdk.json changed by `patch` (for "fails if …" tests). */
function planIn(env: string, patch: (raw: Record<string, unknown>) => void, definition = ORDERS_PIPELINE): PipelinePlan {
  const raw = structuredClone((CDK_CONTEXT[ENVIRONMENTS_CONTEXT_KEY] as Record<string, Record<string, unknown>>)[env]);
  patch(raw);
  return resolvePlan(definition, resolveEnvironment(env, raw), [Flavor.MANAGED]);
}

function kafkaStatements(template: Template): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
    .filter((s) => [s.Action].flat().some((a) => a.startsWith('kafka-cluster:')));
}

describe.each(['staging', 'prod'])('the managed stack of %s (MSK provisioned)', (env) => {
  const { stack, template, platform, platformTemplate } = managedStack(env);
  const plan = stack.plan;

  test('the job-artifact bucket is encrypted with the platform key (SSE-KMS, bucket key), not SSE-S3', () => {
    const bucket = stack.jobArtifact.bucket.node.defaultChild as s3.CfnBucket;
    const encryption = template.toJSON().Resources[stack.getLogicalId(bucket)].Properties.BucketEncryption;
    expect(encryption).toEqual({ ServerSideEncryptionConfiguration: [{
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: stack.resolve(stack.lakehouse.key.keyArn) },
      BucketKeyEnabled: true,
    }] });
  });

  test('every handler logs to a log group of its own on the platform key: starter, batch stopper, jar build, provider frameworks', () => {
    // aws-cdk-lib's S3 auto-delete provider (dev only) is a CfnResource without a log-group setting.
    const keys = functionLogKeys(template, (id) => !id.startsWith('CustomS3AutoDeleteObjects'));
    const platformKey = stack.resolve(stack.lakehouse.key.keyArn);
    expect(Object.keys(keys)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^MsfApplicationStarterProviderOnEvent/), expect.stringMatching(/^MsfApplicationStarterProviderframeworkonEvent/),
      expect.stringMatching(/StopperFunction/), expect.stringMatching(/^JobArtifactBuildProviderframeworkonEvent/),
    ]));
    expect(keys).toEqual(Object.fromEntries(Object.keys(keys).map((id) => [id, platformKey])));
  });

  test('the platform\'s MSK cluster has the brokers sized for its pipelines, KRaft, IAM and TLS; the pipeline has no cluster', () => {
    const sized = platform.platform.sizing.kafka.managed;
    template.resourceCountIs('AWS::MSK::Cluster', 0);
    platformTemplate.hasResourceProperties('AWS::MSK::Cluster', {
      ClusterName: `data-platform-${env}`,
      KafkaVersion: '3.9.x.kraft',
      NumberOfBrokerNodes: sized.brokersPerZone * 3,
      BrokerNodeGroupInfo: Match.objectLike({ InstanceType: sized.instanceType, StorageInfo: { EBSStorageInfo: { VolumeSize: sized.storagePerBrokerGiB } } }),
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EncryptionInfo: Match.objectLike({ EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true } }),
    });
    platformTemplate.hasResource('AWS::MSK::Cluster', { DeletionPolicy: 'Retain' });
  });

  test('the broker configuration carries the plan server properties', () => {
    const text = Object.values(platformTemplate.findResources('AWS::MSK::Configuration'))[0].Properties.ServerProperties as string;
    for (const [key, value] of Object.entries(plan.kafka.serverProperties)) expect(text).toContain(`${key}=${value}\n`);
    expect(text).toContain('unclean.leader.election.enable=false');
    expect(text).toContain('auto.create.topics.enable=false');
  });

  test('one AWS::MSK::Topic per plan topic with its partitions, replication and configs', () => {
    const topics = Object.values(template.findResources('AWS::MSK::Topic')).map((t) => t.Properties);
    expect(topics.map((t) => t.TopicName).sort()).toEqual(plan.topics.map((t) => t.name).sort());
    for (const t of plan.topics) {
      const resource = topics.find((r) => r.TopicName === t.name);
      expect(resource).toMatchObject({ PartitionCount: t.partitions, ReplicationFactor: 3 });
      expect(decodeTopicConfigs(resource?.Configs)).toEqual(t.configs);
    }
  });

  test('one MSF application per job on the plan runtime; the streaming job is started, the batch job scheduled', () => {
    template.resourceCountIs('AWS::KinesisAnalyticsV2::Application', plan.jobs.length);
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', { ApplicationName: `orders-${env}-orders-to-lake`, RuntimeEnvironment: 'FLINK-1_20' });
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', { ApplicationName: `orders-${env}-customers-nightly`, RuntimeEnvironment: 'FLINK-1_20' });
    template.resourceCountIs('Custom::MsfApplicationStarter', 1);
    template.hasResourceProperties('Custom::MsfApplicationStarter', { ApplicationName: `orders-${env}-orders-to-lake`, RestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 2 * * ? *)', Target: Match.objectLike({ Arn: 'arn:aws:scheduler:::aws-sdk:kinesisanalyticsv2:startApplication' }) });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 3 * * ? *)', Target: Match.objectLike({ Arn: 'arn:aws:scheduler:::aws-sdk:kinesisanalyticsv2:stopApplication' }) });
  });

  test('the batch application is stopped when its job ends: Flink\'s job state lines of its log group go to a stopper that may stop only it', () => {
    const logGroups = Object.entries(template.findResources('AWS::Logs::LogGroup')).map(([id]) => id);
    const batchLogs = logGroups.find((id) => id.includes('Jobcustomersnightly') && id.includes('Logs') && !id.includes('Stopper'));
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: batchLogs },
      FilterPattern: '"switched from state"',
      DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleStopperFunction'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { APPLICATION_NAME: `orders-${env}-customers-nightly` } },
    });
    const stopperStatements = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.includes('ScheduleStopperRole'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('kinesisanalytics:')));
    expect(stopperStatements).toHaveLength(1);
    expect(stopperStatements[0].Action).toEqual(['kinesisanalytics:DescribeApplication', 'kinesisanalytics:StopApplication']);
    expect(JSON.stringify(stopperStatements[0].Resource)).toContain(`:application/orders-${env}-customers-nightly`);
  });

  test('parallelism and parallelism per KPU come from the plan', () => {
    for (const job of plan.jobs) {
      const sizing = plan.sizing.jobs.find((j) => j.job === job.name);
      template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
        ApplicationName: `orders-${env}-${job.name}`,
        ApplicationConfiguration: Match.objectLike({ FlinkApplicationConfiguration: Match.objectLike({
          ParallelismConfiguration: Match.objectLike({ Parallelism: job.parallelism.initial, ParallelismPerKPU: sizing?.managed.parallelismPerKpu }),
        }) }),
      });
    }
  });

  test('Kafka permissions are scoped to the cluster, named topics and named groups — never kafka-cluster:* or *', () => {
    const statements = kafkaStatements(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect([s.Action].flat()).not.toContain('kafka-cluster:*');
      expect(s.Resource).not.toBe('*');
      expect(JSON.stringify(s.Resource)).not.toMatch(/\/\*"/);
    }
    const text = JSON.stringify(statements);
    expect(text).toContain(`topic/data-platform-${env}/`);
    expect(text).toContain('"/orders.orders-to-lake"');
    expect(text).toContain('"/orders.customers-nightly"');
    expect(text).not.toContain('kafka-cluster:WriteData');
  });

  test('the applications reach the brokers on 9098 only from their security groups (a rule of the pipeline on the platform\'s brokers)', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 9098, ToPort: 9098, IpProtocol: 'tcp',
      GroupId: { Ref: Match.stringLikeRegexp('kafkasecuritygroupid') },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PipelineJoborderstolakeSecurityGroup'), 'GroupId'] },
    });
  });
});

describe('the managed stack of dev (MSK Serverless)', () => {
  const { stack, template, platformTemplate } = managedStack('dev');

  test('a serverless cluster, its topics through the Kafka protocol, nothing retained', () => {
    platformTemplate.resourceCountIs('AWS::MSK::ServerlessCluster', 1);
    platformTemplate.resourceCountIs('AWS::MSK::Cluster', 0);
    template.hasResourceProperties('Custom::MskServerlessTopics', {
      Topics: stack.plan.topics.map((t) => ({ name: t.name, partitions: t.partitions, configs: Match.anyValue() })),
      RetainTopics: 'false',
    });
    template.hasResource('AWS::KinesisAnalyticsV2::Application', { DeletionPolicy: 'Delete' });
  });

  test('the applications are the same as on provisioned MSK', () => {
    template.resourceCountIs('AWS::KinesisAnalyticsV2::Application', 2);
    template.resourceCountIs('Custom::MsfApplicationStarter', 1);
  });

  test('the topics provider framework logs on the platform key too', () => {
    const keys = functionLogKeys(template, (id) => id.startsWith('PipelineTopics'));
    expect(Object.keys(keys)).toEqual([expect.stringMatching(/^PipelineTopicsHandler/), expect.stringMatching(/^PipelineTopicsProviderframeworkonEvent/)]);
    expect(Object.values(keys)).toEqual(Object.keys(keys).map(() => stack.resolve(stack.lakehouse.key.keyArn)));
  });

  test('the topics handler logs with the platform key', () => {
    const handler = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('^Creates and updates the topics') } });
    expect(Object.keys(handler)).toHaveLength(1);
    const logGroupId = (Object.values(handler)[0].Properties.LoggingConfig.LogGroup as { Ref: string }).Ref;
    expect(template.toJSON().Resources[logGroupId].Properties.KmsKeyId).toEqual(stack.resolve(stack.lakehouse.key.keyArn));
  });
});

describe('managed validation of the plan', () => {
  test('the example is valid in every environment', () => {
    for (const env of ['dev', 'staging', 'prod']) expect(validateManagedPlan(planIn(env, () => undefined))).toEqual([]);
  });

  test('fails if Express brokers get topics with replication factor 1', () => {
    const plan = planIn('dev', (raw) => { raw.managed = { mskMode: 'express' }; });
    expect(validateManagedPlan(plan)).toEqual(expect.arrayContaining([
      { path: 'topics[0] ("orders").replicationFactor', message: 'is 1 but Express brokers only take 3', fix: 'use kafka.replicationFactor 3 in the environment, or mskMode "provisioned"' },
      { path: 'topics[0] ("orders").configs["min.insync.replicas"]', message: 'is 1 but Express brokers fix it at 2', fix: 'use kafka.minInSyncReplicas 2 in the environment, or mskMode "provisioned"' },
    ]));
  });

  test('Express mode maps the sized broker to its Express counterpart', () => {
    const plan = planIn('staging', (raw) => { raw.managed = { mskMode: 'express' }; });
    expect(validateManagedPlan(plan)).toEqual([]);
    const platform = new ManagedPlatformStack(testApp(), { platform: resolvePlatformPlan(plan.environment, [plan], [Flavor.MANAGED]) });
    const cluster = Object.values(Template.fromStack(platform).findResources('AWS::MSK::Cluster'))[0].Properties;
    expect(cluster.BrokerNodeGroupInfo.InstanceType).toMatch(/^express\.m7g\./);
    expect(cluster.BrokerNodeGroupInfo.StorageInfo).toBeUndefined();
  });

  test('fails if a Serverless environment names a broker size', () => {
    const plan = planIn('dev', (raw) => { raw.managed = { mskMode: 'serverless', brokerInstanceType: 'kafka.m7g.large' }; });
    expect(validateManagedPlan(plan)).toContainEqual({ path: 'environments.dev.managed.brokerInstanceType', message: 'is "kafka.m7g.large" but MSK Serverless has no brokers to size', fix: 'remove it, or use mskMode "provisioned" / "express"' });
  });

  test('fails if the Kafka version is not a KRaft version', () => {
    const plan = planIn('prod', (raw) => { raw.managed = { mskMode: 'provisioned', kafkaVersion: '3.9.x' }; });
    expect(validateManagedPlan(plan)).toContainEqual(expect.objectContaining({ path: 'environments.prod.managed.kafkaVersion', message: 'must be a KRaft version like "3.9.x.kraft", got "3.9.x"' }));
  });

  test('fails if a batch job runs at several hours a day', () => {
    const definition = exampleWith((d) => { d.jobs[1].schedule = { expression: '0 */6 * * *' } as never; });
    const plan = planIn('prod', () => undefined, definition);
    expect(validateManagedPlan(plan)).toContainEqual(expect.objectContaining({ path: 'jobs[1] ("customers-nightly").schedule', message: 'needs a single start minute and hour on the managed flavor, got "0 */6 * * *"' }));
  });

  test('the stack raises one PipelineValidationError listing the problems', () => {
    const plan = planIn('dev', (raw) => { raw.managed = { mskMode: 'express' }; });
    expect(() => new ManagedPipelineStack(testApp(), { plan })).toThrow(/^pipeline "orders" on the managed flavor has 7 problems:\n {2}- environments\.dev\.managed\.serverProperties\["default\.replication\.factor"\]: is 1 but Express brokers fix it at 3 — [^\n]+(\n {2}- [^\n]+){5}\n {2}- topics\[1\] \("customers"\)\.configs\["min\.insync\.replicas"\]: is 1 but Express brokers fix it at 2 — use kafka\.minInSyncReplicas 2 in the environment, or mskMode "provisioned"$/);
  });
});
