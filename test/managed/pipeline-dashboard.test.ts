import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { pipelineSignals } from '../../lib/plan/pipeline-signals';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { SignalMetrics } from '../../constructs/managed/observability/signal-metrics';
import { examplePlan, exampleWith, testApp } from '../support/test-app';

/** One dashboard widget's title, metrics (as CloudWatch's dashboard body gives them) and threshold line. */
interface Widget {
  readonly properties: {
    readonly title: string;
    readonly metrics: unknown[][];
    readonly annotations?: { readonly horizontal: { readonly value: number }[] };
  };
}

function managedTemplate(definition: PipelineDefinition = ORDERS_PIPELINE): Template {
  const { pipelineStacks } = addPipelineStacks(testApp({ env: 'prod', flavor: 'managed' }), definition);
  return Template.fromStack(pipelineStacks[0]);
}

/** The dashboard's widgets, its body's `Fn::Join` parts joined (the region reference becomes "<region>"). */
function widgets(template: Template): Widget[] {
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
  const parts = dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : '<region>')).join('')).widgets;
}

function widget(all: readonly Widget[], title: string): Widget {
  const found = all.find((w) => w.properties.title === title);
  if (found === undefined) throw new Error(`no widget "${title}"; widgets: ${all.map((w) => w.properties.title).join(', ')}`);
  return found;
}

const app = 'orders-prod-orders-to-lake';
const threshold = (w: Widget) => w.properties.annotations?.horizontal.map((h) => h.value);

describe('the managed dashboard shows every signal kind (prod, defaults)', () => {
  const all = widgets(managedTemplate());

  test('one widget per kind, in reading order', () => {
    expect(all.map((w) => w.properties.title)).toEqual([
      'Records in per second',
      'Records out per second',
      'Consumer lag: max offset lag per partition (records)',
      'Downtime (ms)',
      'Restarts since the job started',
      'Failed batch runs',
      'Failed checkpoints since the job started',
      'Last checkpoint duration (ms)',
      'CPU utilization of the busiest TaskManager (%)',
      'Heap memory utilization of the fullest TaskManager (%)',
      'Broker data-log disk used (%)',
      'Under-replicated partitions per broker',
    ]);
  });

  test('records in/out per second of the application, without a threshold line', () => {
    for (const [title, metric] of [['Records in per second', 'numRecordsInPerSecond'], ['Records out per second', 'numRecordsOutPerSecond']]) {
      const w = widget(all, title);
      expect(w.properties.metrics).toEqual([['AWS/KinesisAnalytics', metric, 'Application', app, { label: 'orders-to-lake', period: 60 }]]);
      expect(w.properties.annotations).toBeUndefined();
    }
  });

  test('no graph of a metric MSF documents as Flink 1.13 only (backPressuredTimeMsPerSecond, busyTimeMsPerSecond): it would stay empty on 1.20', () => {
    const metricNames = JSON.stringify(all.map((w) => w.properties.metrics));
    expect(metricNames).not.toMatch(/backPressuredTimeMsPerSecond|busyTimeMsPerSecond/);
  });

  test('a Flink 1.13 runtime would publish them: busy time of every task, with its 800 ms/s line', () => {
    const metrics = new SignalMetrics({ names: examplePlan('prod').names, kafkaClusterName: 'c', flinkVersion: FlinkVersion.of('1.13') });
    expect(metrics.publishes('busy-time')).toBe(true);
    expect(new SignalMetrics({ names: examplePlan('prod').names, kafkaClusterName: 'c', flinkVersion: FlinkVersion.V1_20 }).publishes('busy-time')).toBe(false);
    const busy = pipelineSignals(examplePlan('prod')).find((s) => s.kind === 'busy-time');
    expect(busy && metrics.dashboardMetric(busy)).toMatchObject({
      expression: `SEARCH('Namespace="AWS/KinesisAnalytics" MetricName="busyTimeMsPerSecond" Application="${app}"', 'Maximum', 60)`,
    });
  });

  test('CPU and heap of the busiest / fullest TaskManager, with their 80% / 90% lines', () => {
    const cpu = widget(all, 'CPU utilization of the busiest TaskManager (%)');
    expect(cpu.properties.metrics).toEqual([['AWS/KinesisAnalytics', 'cpuUtilization', 'Application', app, { label: 'orders-to-lake', stat: 'Maximum' }]]);
    expect(threshold(cpu)).toEqual([80]);
    const heap = widget(all, 'Heap memory utilization of the fullest TaskManager (%)');
    expect(heap.properties.metrics).toEqual([['AWS/KinesisAnalytics', 'heapMemoryUtilization', 'Application', app, { label: 'orders-to-lake', stat: 'Maximum' }]]);
    expect(threshold(heap)).toEqual([90]);
  });

  test('the restart counter of the application; failed batch runs from the log metric', () => {
    expect(widget(all, 'Restarts since the job started').properties.metrics).toEqual([
      ['AWS/KinesisAnalytics', 'fullRestarts', 'Application', app, { label: 'orders-to-lake', stat: 'Maximum', period: 60 }],
      ['AWS/KinesisAnalytics', 'fullRestarts', 'Application', 'orders-prod-customers-nightly', { label: 'customers-nightly', stat: 'Maximum', period: 60 }],
    ]);
    expect(widget(all, 'Failed batch runs').properties.metrics)
      .toEqual([['EventPipelines/FailedBatchRuns', 'orders-prod-customers-nightly', { label: 'customers-nightly', stat: 'Sum' }]]);
  });

  test('under-replicated partitions of every broker of the platform\'s cluster, with the > 0 line', () => {
    const w = widget(all, 'Under-replicated partitions per broker');
    expect(w.properties.metrics).toEqual([[{
      expression: 'SEARCH(\'Namespace="AWS/Kafka" MetricName="UnderReplicatedPartitions" "Cluster Name"="data-platform-prod"\', \'Maximum\', 300)',
      label: 'under-replicated partitions per broker',
    }]]);
    expect(threshold(w)).toEqual([0]);
  });
});

describe('thresholds of the definition reach the managed alarms and dashboard', () => {
  const tuned = exampleWith((d) => {
    d.monitoring = { restartsPerHour: 1, cpuPercent: 70, brokerDiskPercent: 65 };
    d.jobs[0].monitoring = { checkpointFailures: 2, consumerLag: { maxRecords: 5000 }, busyTimeMsPerSecond: 600 };
  });
  const template = managedTemplate(tuned);

  test.each([
    ['orders-prod-restarts-orders-to-lake', 1],
    ['orders-prod-checkpoint-failures-orders-to-lake', 2],
    ['orders-prod-consumer-lag-orders-to-lake-orders', 5000],
  ])('alarm %s fires above %d', (alarmName, value) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: alarmName, Threshold: value });
  });

  test('the dashboard draws the definition\'s lines', () => {
    const all = widgets(template);
    expect(threshold(widget(all, 'CPU utilization of the busiest TaskManager (%)'))).toEqual([70]);
    expect(threshold(widget(all, 'Broker data-log disk used (%)'))).toEqual([65]);
  });

  test('alarms: false leaves the job on the dashboard with no alarm (the batch job keeps its own)', () => {
    const quiet = managedTemplate(exampleWith((d) => { d.jobs[0].monitoring = { alarms: false }; }));
    const names = Object.values(quiet.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName);
    expect(names).toEqual(['orders-prod-failed-runs-customers-nightly', 'orders-prod-restarts-customers-nightly']);
    expect(widgets(quiet)).toHaveLength(12);
  });
});

test('MSF\'s restart counter follows the Flink version: fullRestarts before 2.2, numRestarts from 2.2 (fullRestarts removed)', () => {
  const stack = addPipelineStacks(testApp({ env: 'prod', flavor: 'managed' }), ORDERS_PIPELINE).pipelineStacks[0] as ManagedPipelineStack;
  const metrics = (flinkVersion: FlinkVersion) => new SignalMetrics({ names: stack.plan.names, kafkaClusterName: 'c', flinkVersion });
  expect(metrics(FlinkVersion.V1_19).restartsMetricName).toBe('fullRestarts');
  expect(metrics(FlinkVersion.V2_1).restartsMetricName).toBe('fullRestarts');
  expect(metrics(FlinkVersion.V2_2).restartsMetricName).toBe('numRestarts');
  const restarts = pipelineSignals(stack.plan).find((s) => s.kind === 'restarts');
  if (restarts === undefined) throw new Error('no restart signal');
  expect(JSON.stringify(metrics(FlinkVersion.V2_2).alarmMetric(restarts).toMetricConfig())).toContain('"metricName":"numRestarts"');
});
