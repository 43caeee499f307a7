import { strimziScramClientProperties } from '../sql/kafka-client-properties';

/**
 * The local broker's configuration: one KRaft node that is broker and controller, reachable on 127.0.0.1 only, secured
 * like the self-hosted platform's listener (TLS + SCRAM-SHA-512, ACLs, nothing allowed without one).
 */

/** The admin super user's name on the local broker (its SCRAM credential is written at format time). */
export const LOCAL_KAFKA_ADMIN = 'admin';

/**
 * A new KRaft cluster id: 16 random bytes, base64url, as Kafka's own `Uuid.randomUuid()` makes them, and like it never
 * one that starts with '-': `kafka-storage format --cluster-id -…` reads such an id as an option and fails ("expected
 * one argument"), one start in 64.
 * @param random source of random bytes (tests pass their own)
 */
export function newKraftClusterId(random: (size: number) => Buffer): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Subject CN of the broker's certificate; the controller listener admits that certificate (mutual TLS) as a super user. */
export const LOCAL_KAFKA_BROKER_CN = 'local-kafka-broker';

/** What server.properties is rendered from. */
export interface LocalServerProperties {
  /** Port of the SASL_SSL listener clients use. */
  readonly port: number;
  /** Port of the controller listener (mutual TLS, the broker's own certificate only). */
  readonly controllerPort: number;
  /** Directory of the log segments and KRaft metadata. */
  readonly logDir: string;
  /** PEM file with the broker's private key (PKCS#8) followed by its certificate. */
  readonly keystoreFile: string;
  /** PEM file with the CA certificate that signed the broker's certificate. */
  readonly caCertificateFile: string;
  /** The admin super user's SCRAM password (the broker uses it on its own inter-broker listener). */
  readonly adminPassword: string;
}

/**
 * The broker's `server.properties`, as key/value pairs in a fixed order. Single-node choices, each different from a
 * deployment on purpose: replication factor 1 and min ISR 1 everywhere (one broker cannot hold a second replica), the
 * group coordinator starts rebalances at once, and topics are never created implicitly (the plan creates them).
 */
export function localServerProperties(props: LocalServerProperties): Array<[string, string]> {
  const listener = `SASL_SSL://127.0.0.1:${props.port}`;
  return [
    ['process.roles', 'broker,controller'],
    ['node.id', '1'],
    ['controller.quorum.voters', `1@127.0.0.1:${props.controllerPort}`],
    ['listeners', `${listener},CONTROLLER://127.0.0.1:${props.controllerPort}`],
    ['advertised.listeners', listener],
    ['listener.security.protocol.map', 'SASL_SSL:SASL_SSL,CONTROLLER:SSL'],
    ['inter.broker.listener.name', 'SASL_SSL'],
    ['controller.listener.names', 'CONTROLLER'],
    // Clients: TLS with a PEM keystore/truststore (the client side trusts the CA file like the deployed SQL does).
    ['ssl.keystore.type', 'PEM'],
    ['ssl.keystore.location', props.keystoreFile],
    ['ssl.truststore.type', 'PEM'],
    ['ssl.truststore.location', props.caCertificateFile],
    ['listener.name.controller.ssl.client.auth', 'required'],
    // SCRAM-SHA-512 as on Strimzi; the broker logs in to its own listener as the admin.
    ['sasl.enabled.mechanisms', 'SCRAM-SHA-512'],
    ['sasl.mechanism.inter.broker.protocol', 'SCRAM-SHA-512'],
    ['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config', scramJaasConfig(LOCAL_KAFKA_ADMIN, props.adminPassword)],
    // ACLs decide everything: no ACL, no access.
    ['authorizer.class.name', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'],
    ['allow.everyone.if.no.acl.found', 'false'],
    ['super.users', `User:${LOCAL_KAFKA_ADMIN};User:CN=${LOCAL_KAFKA_BROKER_CN}`],
    ['log.dirs', props.logDir],
    ['auto.create.topics.enable', 'false'],
    // One node: every replication factor and min ISR is 1.
    ['num.partitions', '1'],
    ['default.replication.factor', '1'],
    ['min.insync.replicas', '1'],
    ['offsets.topic.replication.factor', '1'],
    ['transaction.state.log.replication.factor', '1'],
    ['transaction.state.log.min.isr', '1'],
    ['share.coordinator.state.topic.replication.factor', '1'],
    ['share.coordinator.state.topic.min.isr', '1'],
    ['group.initial.rebalance.delay.ms', '0'],
  ];
}

/**
 * Properties as a Java properties file, one entry per line: `\\` and line breaks escaped everywhere, `=`, `:` and
 * spaces in keys, a leading space in values (a value's `=` and `:` are literal to `Properties.load`).
 */
export function renderProperties(entries: ReadonlyArray<readonly [string, string]>): string {
  const common = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  const key = (text: string): string => common(text).replace(/([:= ])/g, '\\$1');
  const value = (text: string): string => common(text).replace(/^ /, '\\ ');
  return entries.map(([k, v]) => `${key(k)}=${value(v)}`).join('\n') + '\n';
}

/** The JAAS line of a SCRAM login, as Strimzi writes it into a KafkaUser's Secret (`sasl.jaas.config`). */
export function scramJaasConfig(user: string, password: string): string {
  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `org.apache.kafka.common.security.scram.ScramLoginModule required username=${quote(user)} password=${quote(password)};`;
}

/**
 * Client properties of a principal on the local broker: exactly those of the deployed SQL on Strimzi
 * (`strimziScramClientProperties`: SASL_SSL, SCRAM-SHA-512, PEM truststore, `sasl.jaas.config` read by
 * FileConfigProvider from the credentials file), with the local CA and credentials file and the local bootstrap.
 */
export function localClientProperties(bootstrapServers: string, caCertificateFile: string, credentialsFile: string): Record<string, string> {
  return { 'bootstrap.servers': bootstrapServers, ...strimziScramClientProperties(caCertificateFile, credentialsFile) };
}
