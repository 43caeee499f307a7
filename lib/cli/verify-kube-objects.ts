import { TopicBatch } from './verify-producer';

/** Where the verify Job mounts its files. */
const CLIENT_DIR = '/verify/client';
const RECORDS_DIR = '/verify/records';
const CA_DIR = '/verify/ca';
/** Key of the Kafka cluster CA in the trust-manager ConfigMap (`CA_CERTIFICATE_KEY`). */
const CA_KEY = 'ca.crt';

/** What the verify objects are made from. */
export interface VerifyObjectsProps {
  /** Name of every object of the run: `<pipeline>-<run id>`. */
  readonly name: string;
  readonly run: string;
  /** The Strimzi `Kafka` and its namespace (the user operator watches it). */
  readonly kafkaCluster: string;
  readonly kafkaNamespace: string;
  /** The pipeline's namespace (its pods may reach the listener; trust-manager puts the CA there). */
  readonly namespace: string;
  readonly bootstrapServers: string;
  /** ConfigMap with the cluster CA `ca.crt` in the pipeline namespace. */
  readonly caConfigMap: string;
  /** Strimzi's Kafka image (`quay.io/strimzi/kafka:<strimzi>-kafka-<kafka>`). */
  readonly image: string;
  readonly timeoutSeconds: number;
}

/** Labels of every object a run creates (to find leftovers: `kubectl delete … -l pipelines.verify/run=<run>`). */
export function verifyLabels(run: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'pipelines-verify', 'pipelines.verify/run': run };
}

/** A short-lived SCRAM-SHA-512 KafkaUser that may describe and write the source topics (literal names) and nothing else. */
export function verifyKafkaUser(props: VerifyObjectsProps, topics: readonly string[]): object {
  return {
    apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaUser',
    metadata: { name: props.name, namespace: props.kafkaNamespace, labels: { 'strimzi.io/cluster': props.kafkaCluster, ...verifyLabels(props.run) } },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: { type: 'simple', acls: topics.map((t) => ({ resource: { type: 'topic', name: t, patternType: 'literal' }, operations: ['Describe', 'Write'] })) },
    },
  };
}

/** The producer's client properties (TLS trusting the cluster CA, SCRAM with the user's JAAS line), as a Secret. */
export function verifyClientSecret(props: VerifyObjectsProps, jaasConfig: string): object {
  const properties = [
    'security.protocol=SASL_SSL', 'sasl.mechanism=SCRAM-SHA-512', `sasl.jaas.config=${jaasConfig}`,
    'ssl.truststore.type=PEM', `ssl.truststore.location=${CA_DIR}/${CA_KEY}`, 'acks=all', '',
  ].join('\n');
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: props.name, namespace: props.namespace, labels: verifyLabels(props.run) }, type: 'Opaque', stringData: { 'client.properties': properties } };
}

/** The records, one file per topic: `<key><TAB><value>` lines (a value only for a topic without key). */
export function verifyRecordsConfigMap(props: VerifyObjectsProps, batches: readonly TopicBatch[]): object {
  const data = Object.fromEntries(batches.map((b) => [`${b.topic}.txt`, b.records.map((r) => (r.key === null ? r.valueText : `${r.keyText}\t${r.valueText}`)).join('\n') + '\n']));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: props.name, namespace: props.namespace, labels: verifyLabels(props.run) }, data };
}

/** The shell command of the Job: the console producer once per topic (Kafka 4.2+ option names, KIP-1147). */
export function producerScript(props: VerifyObjectsProps, batches: readonly TopicBatch[]): string {
  const lines = batches.map((b) => {
    const keyed = b.records.some((r) => r.key !== null);
    const keyOptions = keyed ? ` --reader-property parse.key=true --reader-property "key.separator=$TAB"` : '';
    return `/opt/kafka/bin/kafka-console-producer.sh --bootstrap-server ${props.bootstrapServers} --topic ${b.topic} --command-config ${CLIENT_DIR}/client.properties${keyOptions} < ${RECORDS_DIR}/${b.topic}.txt`;
  });
  return ['set -eu', 'TAB="$(printf \'\\t\')"', ...lines].join('\n');
}

/** A Job that runs the console producer once (no retry: a retry would produce the records twice), Pod Security `restricted`. */
export function verifyJob(props: VerifyObjectsProps, batches: readonly TopicBatch[]): object {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: props.name, namespace: props.namespace, labels: verifyLabels(props.run) },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: props.timeoutSeconds,
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels: verifyLabels(props.run) },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'produce', image: props.image, command: ['/bin/bash', '-c', producerScript(props, batches)],
            resources: { requests: { cpu: '100m', memory: '384Mi' }, limits: { memory: '384Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'client', mountPath: CLIENT_DIR, readOnly: true }, { name: 'records', mountPath: RECORDS_DIR, readOnly: true }, { name: 'ca', mountPath: CA_DIR, readOnly: true }],
          }],
          volumes: [
            { name: 'client', secret: { secretName: props.name } },
            { name: 'records', configMap: { name: props.name } },
            { name: 'ca', configMap: { name: props.caConfigMap, items: [{ key: CA_KEY, path: CA_KEY }] } },
          ],
        },
      },
    },
  };
}
