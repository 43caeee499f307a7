import { Match, Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { DEFAULT_MAX_OFFSET_LAG, hasThreshold, maxOffsetLagThreshold, pipelineSignals } from '../../lib/plan/pipeline-signals';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { CDK_CONTEXT, examplePlan, exampleWith, testApp } from '../support/test-app';
import { Duration } from 'aws-cdk-lib';
import { Flavor } from '../../lib/flavor';

const { pipelineStacks, platformStacks } = addPipelineStacks(testApp({ env: 'prod', flavor: 'managed' }), ORDERS_PIPELINE);
const stack = pipelineStacks[0] as ManagedPipelineStack;
const plan = stack.plan;
const template = Template.fromStack(stack);
const app = 'orders-prod-orders-to-lake';

describe('pipeline signals (flavor-neutral)', () => {
  const signals = pipelineSignals(plan);

  test('a streaming job gets throughput, health, capacity and lag per source; a batch job failed runs and restarts; the cluster disk and replication', () => {
    expect(signals.map((s) => [s.id, s.threshold, s.evaluationPeriods, s.alarm])).toEqual([
      // Throughput: shown without a threshold.
      ['records-in:orders-to-lake', undefined, 1, false],
      ['records-out:orders-to-lake', undefined, 1, false],
      ['downtime:orders-to-lake', 0, 5, true],
      // More than 3 restarts in one hour.
      ['restarts:orders-to-lake', 3, 1, true],
      ['backpressure:orders-to-lake', 500, 15, false],
      ['busy-time:orders-to-lake', 800, 15, false],
      ['cpu:orders-to-lake', 80, 3, false],
      ['memory:orders-to-lake', 90, 3, false],
      ['checkpoint-failures:orders-to-lake', 0, 1, true],
      // Half of the 10-minute checkpoint timeout.
      ['checkpoint-duration:orders-to-lake', 300_000, 3, false],
      // orders: 12 MB/s peak of 1,024-byte records over 3 partitions, 5 minutes of it per partition.
      ['consumer-lag:orders-to-lake:orders', 1_171_875, 3, true],
      ['failed-runs:customers-nightly', 0, 1, true],
      // A failing batch run restarts until its window ends (exponential-delay retries without a limit).
      ['restarts:customers-nightly', 3, 1, true],
      ['broker-disk:cluster', 80, 3, false],
      // > 0 for 3 periods of 5 minutes: longer than one broker's rolling restart.
      ['under-replicated-partitions:cluster', 0, 3, false],
    ]);
    expect(signals.find((s) => s.kind === 'restarts')?.period.toHours()).toBe(1);
    expect(signals.find((s) => s.kind === 'consumer-lag')).toMatchObject({ consumerGroup: 'orders.orders-to-lake', topic: 'orders', job: 'orders-to-lake' });
    expect(new Set(signals.map((s) => s.id)).size).toBe(signals.length);
    // Every signal that pages has a threshold; only throughput is shown without one.
    expect(signals.filter((s) => s.alarm && !hasThreshold(s))).toEqual([]);
    expect(signals.filter((s) => !hasThreshold(s)).map((s) => s.kind)).toEqual(['records-in', 'records-out']);
  });

  test('the lag threshold falls back to the documented default without a planned workload', () => {
    const orders = plan.topics.find((t) => t.name === 'orders');
    expect(orders).toBeDefined();
    const withoutWorkload: TopicPlan | undefined = orders === undefined ? undefined : { ...orders, workload: undefined };
    expect(maxOffsetLagThreshold(withoutWorkload)).toBe(DEFAULT_MAX_OFFSET_LAG);
    expect(maxOffsetLagThreshold(undefined)).toBe(DEFAULT_MAX_OFFSET_LAG);
  });
});

describe('the managed pipeline\'s alarms, topic and dashboard (prod)', () => {
  const topicAction = [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }];

  test('one SNS topic per pipeline, encrypted with the platform\'s key, TLS only, publishable by this account\'s alarms', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    const topic = Object.values(template.findResources('AWS::SNS::Topic'))[0];
    expect(topic.Properties.TopicName).toBe('orders-prod-alarms');
    // The platform's lakehouse key, read from its SSM parameter like the log groups' key.
    expect(topic.Properties.KmsMasterKeyId.Ref).toMatch(/^SsmParameterValue.*lakehousekeyarn/);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('the platform\'s key lets this account\'s CloudWatch alarms use it for the encrypted topic', () => {
    Template.fromStack(platformStacks[0]).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'CloudWatchAlarmsOfThisAccount', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('downtime > 0 for 5 one-minute periods on the MSF application', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders-prod-downtime-orders-to-lake',
      Namespace: 'AWS/KinesisAnalytics', MetricName: 'downtime', Statistic: 'Average', Period: 60,
      Dimensions: [{ Name: 'Application', Value: app }],
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5, TreatMissingData: 'notBreaching',
      AlarmActions: topicAction, OKActions: topicAction,
    });
  });

  test('growth of numberOfFailedCheckpoints from one 5-minute period to the next > 0', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders-prod-checkpoint-failures-orders-to-lake',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'DIFF(failed)', ReturnData: true }),
        Match.objectLike({
          Id: 'failed', ReturnData: false,
          MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: 'numberOfFailedCheckpoints', Dimensions: [{ Name: 'Application', Value: app }] }, Stat: 'Maximum', Period: 300 }),
        }),
      ]),
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, AlarmActions: topicAction,
    });
  });

  test('MSK MaxOffsetLag of the job\'s consumer group on its source topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders-prod-consumer-lag-orders-to-lake-orders',
      Namespace: 'AWS/Kafka', MetricName: 'MaxOffsetLag', Statistic: 'Maximum', Period: 300,
      Dimensions: [
        { Name: 'Cluster Name', Value: stack.platformNames.kafkaCluster },
        { Name: 'Consumer Group', Value: 'orders.orders-to-lake' },
        { Name: 'Topic', Value: 'orders' },
      ],
      Threshold: 1_171_875, EvaluationPeriods: 3, AlarmActions: topicAction,
    });
  });

  test('growth of MSF\'s restart counter (fullRestarts on Flink 1.20) from one hour to the next > 3', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders-prod-restarts-orders-to-lake',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'DIFF(restarts)', ReturnData: true }),
        Match.objectLike({
          Id: 'restarts', ReturnData: false,
          MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: 'fullRestarts', Dimensions: [{ Name: 'Application', Value: app }] }, Stat: 'Maximum', Period: 3600 }),
        }),
      ]),
      Threshold: 3, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching', AlarmActions: topicAction, OKActions: topicAction,
    });
  });

  test('a failed batch run is counted from its application\'s log (the job-state line) and pages', () => {
    const batchApp = 'orders-prod-customers-nightly';
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));
    expect(filters).toHaveLength(2);
    const failed = filters.find((f) => String(f.Properties.FilterPattern).includes('to FAILED'));
    expect(failed?.Properties).toEqual({
      FilterPattern: '"switched from state" "to FAILED"',
      LogGroupName: { Ref: expect.stringMatching(/^PipelineJobcustomersnightlyLogs/) },
      MetricTransformations: [{ MetricNamespace: 'EventPipelines/FailedBatchRuns', MetricName: batchApp, MetricValue: '1' }],
    });
    expect(Object.keys(logGroups)).toContain(failed?.Properties.LogGroupName.Ref);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders-prod-failed-runs-customers-nightly',
      Namespace: 'EventPipelines/FailedBatchRuns', MetricName: batchApp, Statistic: 'Sum', Period: 300,
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching', AlarmActions: topicAction,
    });
  });

  test('a batch run that overruns its window is a failed run: the stop schedule cancels it (CANCELED) and that pages', () => {
    const batchApp = 'orders-prod-customers-nightly';
    // The window's backstop: StopApplication on the batch application at the end of its run window.
    const stops = Object.values(template.findResources('AWS::Scheduler::Schedule'))
      .filter((s) => String(s.Properties.Target.Arn['Fn::Join']?.[1]?.join('') ?? s.Properties.Target.Arn).endsWith('stopApplication'));
    expect(stops).toHaveLength(1);
    expect(JSON.stringify(stops[0].Properties.Target.Input)).toContain(batchApp);
    // Its effect, Flink's `... switched from state CANCELLING to CANCELED.`, is counted in the failed-runs metric.
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));
    const canceled = filters.find((f) => String(f.Properties.FilterPattern).includes('CANCELED'));
    expect(canceled?.Properties).toEqual({
      FilterPattern: '"switched from state" "to CANCELED"',
      LogGroupName: { Ref: expect.stringMatching(/^PipelineJobcustomersnightlyLogs/) },
      MetricTransformations: [{ MetricNamespace: 'EventPipelines/FailedBatchRuns', MetricName: batchApp, MetricValue: '1' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders-prod-failed-runs-customers-nightly', AlarmDescription: Match.stringLikeRegexp('did not finish within its run window'),
      Namespace: 'EventPipelines/FailedBatchRuns', MetricName: batchApp, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: topicAction,
    });
  });

  test.each([
    ['a run that failed for good', 1, 'switched from state FAILING to FAILED.'],
    ['a run the window cancelled', 1, 'switched from state CANCELLING to CANCELED.'],
    ['the cancel starting (counted once, at CANCELED)', 0, 'switched from state RUNNING to CANCELLING.'],
    ['a finished run', 0, 'switched from state RUNNING to FINISHED.'],
    ['a run starting', 0, 'switched from state CREATED to RUNNING.'],
  ])('%s counts %d failed run(s) (the filters applied to MSF\'s JSON log event)', (_name, expected, transition) => {
    // CloudWatch Logs text patterns of quoted terms: an event matches when it contains every term.
    const matches = (pattern: string, event: string) => [...pattern.matchAll(/"([^"]+)"/g)].every((m) => event.includes(m[1]));
    const event = JSON.stringify({ locationInformation: 'org.apache.flink.runtime.executiongraph.DefaultExecutionGraph', logger: 'DefaultExecutionGraph',
      message: `Job customers-nightly (0123456789abcdef0123456789abcdef) ${transition}`, messageType: 'INFO', applicationARN: 'arn' });
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));
    expect(filters.filter((f) => matches(String(f.Properties.FilterPattern), event))).toHaveLength(expected);
  });

  test('four alarms for the streaming job (one lag alarm per source), two for the batch job, none for the cluster', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => String(a.Properties.AlarmName));
    expect(alarms.sort()).toEqual([
      'orders-prod-checkpoint-failures-orders-to-lake',
      'orders-prod-consumer-lag-orders-to-lake-orders',
      'orders-prod-downtime-orders-to-lake',
      'orders-prod-failed-runs-customers-nightly',
      'orders-prod-restarts-customers-nightly',
      'orders-prod-restarts-orders-to-lake',
    ]);
  });

  test('one dashboard per pipeline showing every signal MSF publishes for Flink 1.20, naming each job', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    expect(dashboard.Properties.DashboardName).toBe('orders-prod-pipeline');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of [
      'downtime', 'numberOfFailedCheckpoints', 'lastCheckpointDuration', 'MaxOffsetLag', 'KafkaDataLogsDiskUsed',
      'numRecordsInPerSecond', 'numRecordsOutPerSecond', 'fullRestarts', 'cpuUtilization', 'heapMemoryUtilization',
      'UnderReplicatedPartitions', 'EventPipelines/FailedBatchRuns',
    ]) {
      expect(body).toContain(metric);
    }
    // Documented by MSF for Flink 1.13 only: a graph of them would stay empty.
    for (const metric of ['backPressuredTimeMsPerSecond', 'busyTimeMsPerSecond']) expect(body).not.toContain(metric);
    expect(body).toContain(app);
    for (const job of plan.jobs.filter((j) => j.mode.value === 'streaming')) expect(body).toContain(`\\"label\\":\\"${job.name}`);
  });
});

test('alarm e-mails of the environment are subscribed to the pipeline\'s topic', () => {
  const environments = CDK_CONTEXT['pipelines:environments'] as Record<string, Record<string, unknown>>;
  const prod = { ...environments.prod, managed: { ...(environments.prod.managed as object), alarmEmails: ['data-oncall@example.com'] } };
  const withEmails = addPipelineStacks(testApp({ 'env': 'prod', 'flavor': 'managed', 'pipelines:environments': { ...environments, prod } }), ORDERS_PIPELINE);
  const subscribed = Template.fromStack(withEmails.pipelineStacks[0]);
  const topicId = Object.keys(subscribed.findResources('AWS::SNS::Topic'))[0];
  expect(Object.values(subscribed.findResources('AWS::SNS::Subscription')).map((r) => r.Properties)).toEqual([
    { Protocol: 'email', Endpoint: 'data-oncall@example.com', TopicArn: { Ref: topicId } },
  ]);
  template.resourceCountIs('AWS::SNS::Subscription', 0);
});

test('a checkpoint timeout that is not a whole number of minutes still gives its signals (found by the fuzzer)', () => {
  const fractional = examplePlan('prod', [Flavor.MANAGED], exampleWith((d) => { d.jobs[0] = { ...d.jobs[0], checkpointInterval: Duration.seconds(4063) }; }));
  const duration = pipelineSignals(fractional).find((s) => s.kind === 'checkpoint-duration');
  // Timeout: twice the interval, 8,126 s; the threshold is half of it.
  expect(duration?.threshold).toBe(4_063_000);
  expect(duration?.description).toBe('Checkpoints of job orders-to-lake take more than half of their timeout (2 hours 15 minutes)');
});
