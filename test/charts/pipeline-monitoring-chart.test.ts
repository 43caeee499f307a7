import { Duration } from 'aws-cdk-lib';
import { Testing } from 'cdk8s';
import { KafkaMonitoringChart } from '../../charts/observability/kafka-monitoring-chart';
import { PipelineMonitoringChart } from '../../charts/observability/pipeline-monitoring-chart';
import { SignalRuleContext, promDuration, signalAlertRule, signalExpression, signalRule } from '../../charts/observability/prometheus-signal-rules';
import { PipelineSignal, SignalKind, pipelineSignals } from '../../lib/plan/pipeline-signals';
import { PROD_PLAN } from './support/example-jobs';
import { CrdSchemaValidator, KubernetesObject } from './support/crd-schema-validator';

const validator = CrdSchemaValidator.fromDirectory();
const CONTEXT: SignalRuleContext = { pipeline: 'orders', namespace: 'orders', kafkaNamespace: 'kafka', kafkaCluster: 'data-platform-prod' };

/** A signal of any kind, on a job (or on the cluster), with round figures. */
function signal(kind: SignalKind, change: Partial<PipelineSignal> = {}): PipelineSignal {
  return {
    id: `${kind}:orders-to-lake`, kind, job: 'orders-to-lake', description: `${kind} of orders-to-lake`,
    threshold: 10, unit: 'count', comparison: 'greater-than', period: Duration.minutes(5), evaluationPeriods: 3, alarm: true, ...change,
  };
}

const ALL_KINDS: SignalKind[] = [
  'consumer-lag', 'downtime', 'checkpoint-failures', 'checkpoint-duration', 'backpressure', 'broker-disk',
  'records-in', 'records-out', 'busy-time', 'restarts', 'under-replicated-partitions', 'cpu', 'memory', 'failed-runs',
];

describe('signal expressions (PromQL)', () => {
  const job = '{namespace="orders",flink_deployment="orders-to-lake"}';
  test.each<[SignalKind, Partial<PipelineSignal>, string]>([
    ['consumer-lag', { consumerGroup: 'orders-to-lake', topic: 'orders' }, 'max by (consumergroup, topic) (max_over_time(kafka_consumergroup_lag{namespace="kafka",consumergroup="orders-to-lake",topic="orders"}[5m]))'],
    ['downtime', {}, `max(max_over_time(flink_jobmanager_job_downtime${job}[5m]))`],
    ['restarts', {}, `max(increase(flink_jobmanager_job_numRestarts${job}[5m]))`],
    ['checkpoint-failures', {}, `max(increase(flink_jobmanager_job_numberOfFailedCheckpoints${job}[5m]))`],
    ['checkpoint-duration', {}, `max(max_over_time(flink_jobmanager_job_lastCheckpointDuration${job}[5m]))`],
    ['backpressure', {}, `max(max_over_time(flink_taskmanager_job_task_backPressuredTimeMsPerSecond${job}[5m]))`],
    ['busy-time', {}, `max(max_over_time(flink_taskmanager_job_task_busyTimeMsPerSecond${job}[5m]))`],
    ['records-in', {}, `sum(avg_over_time(flink_taskmanager_job_task_numRecordsInPerSecond${job}[5m]))`],
    ['records-out', {}, `sum(avg_over_time(flink_taskmanager_job_task_numRecordsOutPerSecond${job}[5m]))`],
    ['cpu', {}, `100 * max(max_over_time(flink_taskmanager_Status_JVM_CPU_Load${job}[5m]))`],
    ['memory', {}, `100 * max(max_over_time(flink_taskmanager_Status_JVM_Memory_Heap_Used${job}[5m]) / flink_taskmanager_Status_JVM_Memory_Heap_Max${job})`],
    ['failed-runs', {}, 'sum(increase(kube_job_status_failed{namespace="orders",job_name=~"orders-to-lake-[0-9]+"}[5m]))'],
    ['under-replicated-partitions', { job: undefined }, 'sum(max_over_time(kafka_server_replicamanager_underreplicatedpartitions{namespace="kafka",strimzi_io_cluster="data-platform-prod"}[5m]))'],
    ['broker-disk', { job: undefined }, '100 * max(max_over_time(kubelet_volume_stats_used_bytes{namespace="kafka",persistentvolumeclaim=~"data-[0-9]+-data-platform-prod-brokers-[0-9]+"}[5m]) / kubelet_volume_stats_capacity_bytes{namespace="kafka",persistentvolumeclaim=~"data-[0-9]+-data-platform-prod-brokers-[0-9]+"})'],
    ['cpu', { job: undefined }, '100 * max(max_over_time(kafka_jvm_process_cpu_load{namespace="kafka",strimzi_io_cluster="data-platform-prod"}[5m]))'],
    ['records-in', { job: undefined, topic: 'orders' }, 'sum(rate(kafka_server_brokertopicmetrics_messagesin_total{namespace="kafka",strimzi_io_cluster="data-platform-prod",topic="orders"}[5m]))'],
  ])('%s %j', (kind, change, expected) => {
    expect(signalExpression(signal(kind, change), CONTEXT)).toBe(expected);
  });

  test('every kind of the union has an expression (job signals; the cluster ones without a job)', () => {
    const clusterKinds: SignalKind[] = ['broker-disk', 'under-replicated-partitions'];
    for (const kind of ALL_KINDS) {
      const s = signal(kind, clusterKinds.includes(kind) ? { job: undefined } : { consumerGroup: 'g', topic: 't' });
      expect(signalExpression(s, CONTEXT)).toMatch(/^(100 \* )?(max|sum)/);
    }
  });

  test('a session job is found by Flink\'s job_name label (dashes become _) in its tenant\'s namespace, its pods by the session cluster', () => {
    const context = { ...CONTEXT, sessionJobs: { 'orders-to-lake': 'team-a' } };
    expect(signalExpression(signal('downtime'), context)).toBe('max(max_over_time(flink_jobmanager_job_downtime{namespace="team-a",job_name="orders_to_lake"}[5m]))');
    expect(signalExpression(signal('cpu'), context)).toBe('100 * max(max_over_time(flink_taskmanager_Status_JVM_CPU_Load{namespace="team-a",flink_deployment="session-cluster"}[5m]))');
  });

  test('a Flink signal without a job fails with the signal named', () => {
    expect(() => signalExpression(signal('downtime', { job: undefined }), CONTEXT)).toThrow('signal downtime:orders-to-lake (downtime) names no job: no Flink series to watch');
  });

  test('durations in Prometheus notation', () => {
    expect([Duration.minutes(1), Duration.minutes(15), Duration.hours(2), Duration.seconds(90)].map(promDuration)).toEqual(['1m', '15m', '2h', '90s']);
  });
});

describe('signal alert rules', () => {
  test('threshold and comparison from the signal; fires after evaluationPeriods periods in a row; a paging signal is critical', () => {
    expect(signalAlertRule(signal('consumer-lag', { consumerGroup: 'g', topic: 'orders', threshold: 120_000, unit: 'records', id: 'consumer-lag:orders-to-lake:orders' }), CONTEXT)).toEqual({
      alert: 'PipelineConsumerLag',
      expr: 'max by (consumergroup, topic) (max_over_time(kafka_consumergroup_lag{namespace="kafka",consumergroup="g",topic="orders"}[5m])) > 120000',
      for: '10m',
      labels: { severity: 'critical', pipeline: 'orders', signal: 'consumer-lag:orders-to-lake:orders', flink_job: 'orders-to-lake', kafka_topic: 'orders' },
      annotations: { summary: 'consumer-lag of orders-to-lake', threshold: '> 120000 records' },
    });
  });

  test('a signal of one period fires at once (no for); ≥ comparisons; a shown-only signal is severity info', () => {
    const rule = signalAlertRule(signal('checkpoint-failures', { evaluationPeriods: 1, threshold: 0, comparison: 'greater-than-or-equal', alarm: false }), CONTEXT);
    expect(rule.for).toBeUndefined();
    expect(rule.expr).toMatch(/ >= 0$/);
    expect(rule.labels.severity).toBe('info');
  });
});

describe('a signal without a threshold (throughput: shown, not judged)', () => {
  // The signal list types a threshold as optional where throughput signals carry none.
  const records = { ...signal('records-in', { alarm: false }), threshold: undefined as unknown as number };

  test('becomes a recording rule of its value, not an alert', () => {
    expect(signalRule(records, CONTEXT)).toEqual({
      record: 'pipeline_signal:records_in:value',
      expr: 'sum(avg_over_time(flink_taskmanager_job_task_numRecordsInPerSecond{namespace="orders",flink_deployment="orders-to-lake"}[5m]))',
      labels: { pipeline: 'orders', signal: 'records-in:orders-to-lake', flink_job: 'orders-to-lake' },
    });
    expect(() => signalAlertRule(records, CONTEXT)).toThrow('signal records-in:orders-to-lake has no threshold to alert on (see signalRule)');
  });

  test('a PrometheusRule with it stays CRD-valid', () => {
    const objects = Testing.synth(new PipelineMonitoringChart(Testing.app(), 'monitoring', { ...CONTEXT, prefix: 'orders-prod', signals: [records, signal('downtime')] })) as KubernetesObject[];
    for (const o of objects) expect(validator.validate(o)).toEqual([]);
  });
});

describe('PipelineMonitoringChart', () => {
  const signals = pipelineSignals(PROD_PLAN);
  const objects = Testing.synth(new PipelineMonitoringChart(Testing.app(), 'monitoring', {
    ...CONTEXT, prefix: 'orders-prod', signals, sessionJobs: { 'customers-nightly': 'team-a' },
  })) as KubernetesObject[];
  const [podMonitor, rule] = objects as Array<KubernetesObject & { spec: Record<string, unknown> }>;

  test('every object is valid against the vendored prometheus-operator CRDs', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['monitoring.coreos.com/v1 PodMonitor', 'monitoring.coreos.com/v1 PrometheusRule']);
    for (const o of objects) expect({ name: o.metadata?.name, problems: validator.validate(o) }).toEqual({ name: o.metadata?.name, problems: [] });
  });

  test('the PodMonitor scrapes the reporter port of the JobManagers and TaskManagers in the pipeline\'s and its session tenants\' namespaces', () => {
    expect(podMonitor.metadata).toEqual({ name: 'orders-prod-flink', namespace: 'orders', labels: { 'app.kubernetes.io/part-of': 'orders' } });
    expect(podMonitor.spec).toEqual({
      selector: { matchLabels: { type: 'flink-native-kubernetes' }, matchExpressions: [{ key: 'component', operator: 'In', values: ['jobmanager', 'taskmanager'] }] },
      namespaceSelector: { matchNames: ['orders', 'team-a'] },
      podMetricsEndpoints: [{
        port: 'metrics', path: '/metrics', interval: '15s',
        relabelings: [
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_app'], targetLabel: 'flink_deployment' },
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_component'], targetLabel: 'flink_component' },
        ],
      }],
    });
  });

  test('the PrometheusRule holds one alert per signal of pipelineSignals(plan), in order, with the signal\'s threshold', () => {
    const groups = rule.spec.groups as Array<{ name: string; rules: Array<{ alert: string; expr: string; labels: Record<string, string> }> }>;
    expect(groups.map((g) => g.name)).toEqual(['orders-prod-signals']);
    expect(groups[0].rules.map((r) => r.labels.signal)).toEqual(signals.map((s) => s.id));
    for (const [i, s] of signals.entries()) {
      const threshold: number | undefined = s.threshold;
      if (threshold !== undefined) expect(groups[0].rules[i].expr.endsWith(` > ${threshold}`)).toBe(true);
    }
    expect(groups[0].rules.filter((r) => r.labels.severity === 'critical').length).toBe(signals.filter((s) => s.alarm).length);
  });
});

describe('KafkaMonitoringChart', () => {
  const objects = Testing.synth(new KafkaMonitoringChart(Testing.app(), 'kafka-monitoring', { namespace: 'kafka', clusterName: 'data-platform-prod' })) as KubernetesObject[];

  test('one CRD-valid PodMonitor of the cluster\'s Strimzi pods (brokers, controllers, Kafka Exporter) on tcp-prometheus', () => {
    expect(objects).toHaveLength(1);
    expect(validator.validate(objects[0])).toEqual([]);
    expect(objects[0].spec).toEqual({
      selector: { matchLabels: { 'strimzi.io/cluster': 'data-platform-prod', 'strimzi.io/kind': 'Kafka' } },
      namespaceSelector: { matchNames: ['kafka'] },
      podMetricsEndpoints: [{
        port: 'tcp-prometheus', path: '/metrics', interval: '15s',
        relabelings: [
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_strimzi_io_cluster'], targetLabel: 'strimzi_io_cluster' },
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_strimzi_io_kind'], targetLabel: 'strimzi_io_kind' },
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_strimzi_io_pool_name'], targetLabel: 'strimzi_io_pool_name' },
        ],
      }],
    });
  });
});
