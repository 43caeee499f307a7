import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { PipelinePlan } from '../plan/pipeline-plan';
import { resolveKafkaDistribution } from './kafka-distribution';
import { ProgressListener, forEachLine, javaExecutable, localCacheDir } from './kafka-maven';
import {
  LOCAL_KAFKA_ADMIN, localClientProperties, newKraftClusterId, localServerProperties, renderProperties, scramJaasConfig,
} from './kafka-server-properties';
import { buildKafkaTool, KafkaTool } from './kafka-tool';
import { runKafkaTool } from './kafka-tool-run';
import { localKafkaSetupSpec, localPrincipals, localTopics } from './local-kafka-setup';
import { makeLocalKafkaTls } from './local-kafka-tls';
import { SYSTEM_CLOCK, WaitClock, waitForBroker } from './broker-readiness';
import { ProcessGroup, startProcessGroup } from './process-group';

/** Options of startLocalKafka. */
export interface LocalKafkaOptions {
  /** Working directory of this broker (storage, TLS, credentials, log); its previous broker state is replaced. */
  readonly dir: string;
  /** The pipelines whose topics, principals and ACLs the broker gets. */
  readonly plans: readonly PipelinePlan[];
  /** Kafka version. @default LOCAL_KAFKA_VERSION (the self-hosted platform's) */
  readonly version?: string;
  /** Progress lines (downloads on the first run, then start-up steps). */
  readonly onProgress?: ProgressListener;
  /** Cache of the broker's jars and the tool. @default localCacheDir() */
  readonly cacheDir?: string;
  /** How long the broker may take to answer. @default Duration.minutes(2) */
  readonly readyTimeout?: Duration;
  /** @default SYSTEM_CLOCK */
  readonly clock?: WaitClock;
}

/** One partition of a consumer group's topic: how far the group has read. */
export interface PartitionOffsets {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly endOffset: number;
  /** `null` when the group has committed nothing in the partition. */
  readonly committedOffset: number | null;
  /** End offset minus committed offset (minus the log start offset when nothing is committed). */
  readonly lag: number;
}

/** A topic as the broker holds it. */
export interface BrokerTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Configs set on the topic (not broker defaults). */
  readonly configs: Readonly<Record<string, string>>;
}

/** A record as `consume` read it. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
}

/** What `produce` did. */
export interface ProduceResult {
  readonly topic: string;
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
}

/** A running single-node broker with the plans' topics, principals and ACLs. */
export interface LocalKafka {
  readonly version: string;
  /** `127.0.0.1:<port>` of the SASL_SSL listener. */
  readonly bootstrapServers: string;
  /** PEM CA certificate clients trust (`ssl.truststore.type=PEM`, `ssl.truststore.location`). */
  readonly caCertificateFile: string;
  /** Process id of the broker JVM (leader of its own process group). */
  readonly pid: number;
  /** The broker's log. */
  readonly logFile: string;
  /** The principals set up (user names). */
  readonly principals: readonly string[];
  /** Client properties of the admin super user, `sasl.jaas.config` inline. */
  readonly adminProperties: Readonly<Record<string, string>>;
  /**
   * The principal's credentials file (mode 0600): a properties file with `sasl.jaas.config`, like the one a
   * self-hosted pod's init container writes from its KafkaUser Secret.
   */
  credentialsFile(principal: string): string;
  /** The principal's client properties, those of the deployed SQL: `sasl.jaas.config` from the credentials file. */
  clientProperties(principal: string): Readonly<Record<string, string>>;
  /**
   * Writes JSON records to `topic`, keyed like the deployed producers: the topic's key columns from each JSON value,
   * joined by `|` as one UTF-8 string (a JSON object of them for `KeyFormat.JSON`; key columns left out of the value
   * for `KeyFormat.RAW`); no key without key columns.
   * @param input a JSON-lines file, or the records
   * @param principal who writes @default the admin super user
   */
  produce(topic: string, input: string | readonly object[], principal?: string): Promise<ProduceResult>;
  /**
   * Reads `topics` as `principal` in consumer group `group` from the earliest uncommitted offset, committing what it
   * read, until `max` records or `timeout`; returns the records (key and value as UTF-8 text).
   */
  consume(topics: readonly string[], options: { principal: string; group: string; max?: number; timeout?: Duration }): Promise<ConsumedRecord[]>;
  /** End, committed offset and lag per partition of each group's committed partitions and planned sources. */
  offsets(groups: readonly string[]): Promise<PartitionOffsets[]>;
  /** The topics as the broker holds them. */
  describeTopics(topics: readonly string[]): Promise<BrokerTopic[]>;
  /** Stops the broker JVM and its process group; resolves when it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts a single-node Kafka (KRaft, broker and controller in one JVM) for `plans` in `dir`: resolves the broker's
 * jars (Maven Central on the first run, the cache afterwards), makes a fresh CA and broker certificate, formats the
 * storage with the admin's SCRAM credential, starts the broker on a free 127.0.0.1 port (SASL_SSL + SCRAM-SHA-512,
 * StandardAuthorizer, no access without an ACL), waits until it has started, then creates the plans' topics,
 * principals and ACLs. Replication factor and min ISR are 1 (one broker). The broker is stopped if any step fails.
 */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  const progress = options.onProgress ?? ((): void => undefined);
  const clock = options.clock ?? SYSTEM_CLOCK;
  const dir = path.resolve(options.dir);
  const topics = localTopics(options.plans);
  const principals = localPrincipals(options.plans);
  const distribution = await resolveKafkaDistribution({ version: options.version, cacheDir: options.cacheDir ?? localCacheDir(), onProgress: progress });
  const tool = await buildKafkaTool(distribution, progress);

  for (const sub of ['kraft', 'tls', 'credentials', 'clients']) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tls = await makeLocalKafkaTls(path.join(dir, 'tls'));
  const [port, controllerPort] = await freePorts(2);
  const adminPassword = randomBytes(24).toString('hex');
  const serverPropertiesFile = path.join(dir, 'server.properties');
  fs.writeFileSync(serverPropertiesFile, renderProperties(localServerProperties({
    port, controllerPort, logDir: path.join(dir, 'kraft'), keystoreFile: tls.keystoreFile, caCertificateFile: tls.caCertificateFile, adminPassword,
  })), { mode: 0o600 });
  const classpath = path.join(distribution.libsDir, '*');
  progress(`formatting KRaft storage in ${path.join(dir, 'kraft')}`);
  await runJava(['-cp', classpath, 'kafka.tools.StorageTool', 'format', '--config', serverPropertiesFile,
    '--cluster-id', newKraftClusterId(randomBytes), '--add-scram', `SCRAM-SHA-512=[name=${LOCAL_KAFKA_ADMIN},password=${adminPassword}]`],
  'formatting the local Kafka storage');

  const logFile = path.join(dir, 'broker.log');
  fs.writeFileSync(logFile, '');
  progress(`starting Kafka ${distribution.version} on 127.0.0.1:${port} (log: ${logFile})`);
  const broker = startProcessGroup(javaExecutable(), ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Djava.awt.headless=true',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=info', '-Dorg.slf4j.simpleLogger.showDateTime=true',
    '-cp', classpath, 'kafka.Kafka', serverPropertiesFile], { cwd: dir, logFile });
  try {
    await waitForBroker({ broker, logFile, port, clock, timeout: options.readyTimeout ?? Duration.minutes(2) });
    const bootstrapServers = `127.0.0.1:${port}`;
    const adminProperties = {
      'bootstrap.servers': bootstrapServers,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': scramJaasConfig(LOCAL_KAFKA_ADMIN, adminPassword),
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': tls.caCertificateFile,
    };
    const adminConfigFile = path.join(dir, 'clients', `${LOCAL_KAFKA_ADMIN}.properties`);
    writePrivate(adminConfigFile, renderProperties(Object.entries(adminProperties)));
    const passwords = new Map(principals.map((p) => [p.userName, randomBytes(24).toString('hex')]));
    const credentials = new Map<string, string>();
    const clientConfigs = new Map<string, string>();
    for (const [user, password] of passwords) {
      const credentialsFile = path.join(dir, 'credentials', user, 'client.properties');
      writePrivate(credentialsFile, renderProperties([['sasl.jaas.config', scramJaasConfig(user, password)]]));
      credentials.set(user, credentialsFile);
      const clientFile = path.join(dir, 'clients', `${user}.properties`);
      writePrivate(clientFile, renderProperties(Object.entries(localClientProperties(bootstrapServers, tls.caCertificateFile, credentialsFile))));
      clientConfigs.set(user, clientFile);
    }
    const specFile = path.join(dir, 'setup-spec.json');
    writePrivate(specFile, JSON.stringify(localKafkaSetupSpec(options.plans, (user) => passwords.get(user) ?? '')));
    progress(`creating ${topics.length} topics and ${principals.length} principals with their ACLs`);
    try {
      await runKafkaTool(tool, ['setup', specFile, '--config', adminConfigFile], { onProgress: progress });
    } finally {
      fs.rmSync(specFile, { force: true });
    }
    return localKafka({ distributionVersion: distribution.version, tool, broker, bootstrapServers, caCertificateFile: tls.caCertificateFile,
      logFile, adminProperties, adminConfigFile, credentials, clientConfigs, plans: options.plans, dir, progress });
  } catch (error) {
    await broker.stop();
    throw error;
  }
}

interface LocalKafkaParts {
  readonly distributionVersion: string;
  readonly tool: KafkaTool;
  readonly broker: ProcessGroup;
  readonly bootstrapServers: string;
  readonly caCertificateFile: string;
  readonly logFile: string;
  readonly adminProperties: Readonly<Record<string, string>>;
  readonly adminConfigFile: string;
  readonly credentials: ReadonlyMap<string, string>;
  readonly clientConfigs: ReadonlyMap<string, string>;
  readonly plans: readonly PipelinePlan[];
  readonly dir: string;
  readonly progress: ProgressListener;
}

function localKafka(parts: LocalKafkaParts): LocalKafka {
  const { tool, plans } = parts;
  const known = (principal: string): void => {
    if (!parts.credentials.has(principal)) {
      throw new Error(`local Kafka: no principal "${principal}" — the plans have ${[...parts.credentials.keys()].join(', ') || 'none'}`);
    }
  };
  const configOf = (principal?: string): string => {
    if (principal === undefined || principal === LOCAL_KAFKA_ADMIN) return parts.adminConfigFile;
    known(principal);
    return parts.clientConfigs.get(principal) ?? '';
  };
  let produced = 0;
  return {
    version: parts.distributionVersion,
    bootstrapServers: parts.bootstrapServers,
    caCertificateFile: parts.caCertificateFile,
    pid: parts.broker.pid,
    logFile: parts.logFile,
    principals: [...parts.credentials.keys()],
    adminProperties: parts.adminProperties,
    credentialsFile: (principal) => {
      known(principal);
      return parts.credentials.get(principal) ?? '';
    },
    clientProperties: (principal) => {
      known(principal);
      return localClientProperties(parts.bootstrapServers, parts.caCertificateFile, parts.credentials.get(principal) ?? '');
    },
    produce: async (topic, input, principal) => {
      const plan = localTopics(plans).find((t) => t.name === topic);
      const key = plan === undefined ? [] : ['--key-columns', plan.key.join(','), '--key-format', plan.keyFormat.id];
      let file = typeof input === 'string' ? input : path.join(parts.dir, `produce-${process.pid}-${produced++}.jsonl`);
      if (typeof input !== 'string') fs.writeFileSync(file, input.map((r) => JSON.stringify(r)).join('\n') + '\n');
      try {
        const out = await runKafkaTool(tool, ['produce', topic, file, '--config', configOf(principal), ...key], { onProgress: parts.progress });
        return lastJson(out) as ProduceResult;
      } finally {
        if (typeof input !== 'string') fs.rmSync(file, { force: true });
        file = '';
      }
    },
    consume: async (topics, options) => {
      const out = await runKafkaTool(tool, ['consume', topics.join(','), '--config', configOf(options.principal), '--group', options.group,
        '--max', String(options.max ?? Number.MAX_SAFE_INTEGER), '--timeout-ms', String((options.timeout ?? Duration.seconds(10)).toMilliseconds()), '--print']);
      // Every line but the last (the summary) is one record.
      return out.trim().split('\n').slice(0, -1).filter((l) => l !== '').map((l) => JSON.parse(l) as ConsumedRecord);
    },
    offsets: async (groups) => {
      const groupTopics = groups.map((group) => {
        const sources = plans.flatMap((p) => p.jobs.filter((j) => j.consumerGroupId === group).flatMap((j) => j.sources));
        return ['--group-topics', `${group}=${[...new Set(sources)].join(',')}`];
      }).filter(([, value]) => !value.endsWith('=')).flat();
      const out = await runKafkaTool(tool, ['offsets', groups.join(','), '--config', parts.adminConfigFile, ...groupTopics]);
      return lastJson(out) as PartitionOffsets[];
    },
    describeTopics: async (topics) => {
      const out = await runKafkaTool(tool, ['describe-topics', topics.join(','), '--config', parts.adminConfigFile]);
      return lastJson(out) as BrokerTopic[];
    },
    stop: async () => {
      await parts.broker.stop();
    },
  };
}

/** `count` ports free on 127.0.0.1 now (the OS picks them; all held open together so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

function lastJson(stdout: string): unknown {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Runs a short-lived `java` command to completion; fails with its output. */
async function runJava(args: readonly string[], purpose: string): Promise<void> {
  const output: string[] = [];
  const child = spawn(javaExecutable(), ['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  forEachLine(child.stdout, (l) => output.push(l));
  forEachLine(child.stderr, (l) => output.push(l));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`${purpose}: could not start "${javaExecutable()}" (${error.message}) — install a JDK 17+ or set JAVA_HOME`)));
    child.on('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new Error(`${purpose}: java exited with ${code}:\n${output.slice(-20).join('\n')}`);
}

/** Options of `produceToRunningBroker`. */
export interface ProduceToRunningBrokerOptions {
  /** The broker's directory (`dir` of the running `startLocalKafka`). */
  readonly dir: string;
  readonly plans: readonly PipelinePlan[];
  readonly topic: string;
  /** A JSON-lines file. */
  readonly file: string;
  /** @default the admin super user */
  readonly principal?: string;
  readonly cacheDir?: string;
  readonly onProgress?: ProgressListener;
}

/**
 * Writes a JSON-lines file to a topic of a broker another process started (`pipelines local` is running;
 * `pipelines local produce` is a second command): the client configuration that broker wrote for the principal in its
 * directory, the same tool and keys as `LocalKafka.produce`.
 */
export async function produceToRunningBroker(options: ProduceToRunningBrokerOptions): Promise<ProduceResult> {
  const dir = path.resolve(options.dir);
  const user = options.principal ?? LOCAL_KAFKA_ADMIN;
  const config = path.join(dir, 'clients', `${user}.properties`);
  if (!fs.existsSync(config)) {
    const known = fs.existsSync(path.join(dir, 'clients')) ? fs.readdirSync(path.join(dir, 'clients')).map((f) => f.replace(/\.properties$/, '')) : [];
    throw new Error(known.length === 0
      ? `no local broker in ${dir}: start it with pipelines local (in another terminal) first`
      : `the local broker in ${dir} has no principal "${user}"; it has ${known.join(', ')}`);
  }
  const topic = localTopics(options.plans).find((t) => t.name === options.topic);
  if (topic === undefined) throw new Error(`the pipeline has no topic "${options.topic}"; its topics: ${localTopics(options.plans).map((t) => t.name).join(', ')}`);
  const distribution = await resolveKafkaDistribution({ cacheDir: options.cacheDir ?? localCacheDir(), onProgress: options.onProgress ?? (() => undefined) });
  const tool = await buildKafkaTool(distribution, options.onProgress);
  const out = await runKafkaTool(tool, ['produce', topic.name, options.file, '--config', config, '--key-columns', topic.key.join(','), '--key-format', topic.keyFormat.id]);
  return lastJson(out) as ProduceResult;
}
