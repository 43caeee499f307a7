/**
 * Lambda handler that keeps the topics of an MSK Serverless cluster as planned (MSK Serverless has no topic API and
 * no `AWS::MSK::Topic`). It talks Kafka (kafkajs, bundled next to this file) to the IAM listener, authenticating
 * with SASL/OAUTHBEARER and an MSK IAM token: a SigV4-presigned `kafka-cluster:Connect` URL, base64url-encoded.
 * Compiled to `runtime/index.js` by `private/compile-handlers.ts`.
 *
 * Create/Update: create missing topics, add partitions, bring the planned configs of existing topics to the plan
 * (see {@link configChange}); a topic dropped from the plan is deleted only when the resource does not retain topics.
 * Delete: delete the topics unless retained.
 *
 * Rollbacks: an update rollback sends the previous properties again, so every Update must also succeed backwards. A
 * topic never loses partitions (Kafka cannot remove them): on an Update it keeps the partitions it has and says so
 * (synthesis refuses a plan with fewer partitions than the lock records, so on an Update it is the rollback of a
 * partition increase); only a Create that finds an existing topic with more partitions than planned fails.
 * Deletes: a topic the handler cannot see (absent, or hidden by authorization) or may not delete is left as it is,
 * with a line saying so, so a stack deletion never sticks on a topic the function has no right to.
 */
import { createHash, createHmac } from 'node:crypto';
import { Admin, DescribeConfigResponse, ITopicConfig, Kafka, KafkaConfig } from 'kafkajs';

/** One planned topic, as CloudFormation passes it (numbers arrive as strings). */
export interface PlannedTopic {
  readonly name: string;
  readonly partitions: string | number;
  readonly configs: Readonly<Record<string, string>>;
}

/** The custom resource's properties. */
export interface TopicsProperties {
  readonly BootstrapServers: string;
  readonly Region: string;
  readonly Topics: readonly PlannedTopic[];
  /** `'true'`: never delete topics (their records) on removal. */
  readonly RetainTopics: string;
}

export interface TopicsEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: TopicsProperties;
  readonly OldResourceProperties?: TopicsProperties;
}

/** AWS credentials for signing. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One topic's config change for IncrementalAlterConfigs: keys set to a value, keys removed (back to the default). */
export interface TopicConfigUpdate {
  readonly name: string;
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** The admin operations the handler uses: kafkajs's, and IncrementalAlterConfigs (see {@link kafkaTopicAdmin}). */
export type TopicAdmin = Pick<Admin, 'connect' | 'disconnect' | 'listTopics' | 'fetchTopicMetadata' | 'createTopics' | 'createPartitions' | 'describeConfigs' | 'deleteTopics'> & {
  /** Kafka's IncrementalAlterConfigs: only the keys named change; every other override of the topic stays as it is. */
  incrementalAlterConfigs(updates: readonly TopicConfigUpdate[]): Promise<void>;
};

const encode = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * The MSK IAM auth token: SigV4 query-presigned `GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect`
 * (service `kafka-cluster`, 900 s), with a `User-Agent` parameter, base64url without padding.
 */
export function mskIamToken(region: string, credentials: SigningCredentials, now: Date, userAgent = 'event-pipelines-topics/1.0'): string {
  const host = `kafka.${region}.amazonaws.com`;
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/kafka-cluster/aws4_request`;
  const query: Record<string, string> = {
    'Action': 'kafka-cluster:Connect',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': '900',
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
    'X-Amz-SignedHeaders': 'host',
  };
  const canonicalQuery = Object.keys(query).sort().map((k) => `${encode(k)}=${encode(query[k])}`).join('&');
  const emptyPayloadHash = createHash('sha256').update('', 'utf8').digest('hex');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}`, '', 'host', emptyPayloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const signingKey = ['kafka-cluster', 'aws4_request'].reduce((key, part) => hmac(key, part), hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region));
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  const url = `https://${host}/?${canonicalQuery}&X-Amz-Signature=${signature}&User-Agent=${encode(userAgent)}`;
  return Buffer.from(url, 'utf8').toString('base64url');
}

function lambdaCredentials(): SigningCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) throw new Error('no AWS credentials in the environment');
  return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, sessionToken: AWS_SESSION_TOKEN };
}

/** The deployed function's admin: kafkajs on the MSK IAM listener (TLS, SASL/OAUTHBEARER with an MSK IAM token). */
function mskIamAdmin(props: TopicsProperties): TopicAdmin {
  return kafkaTopicAdmin({
    clientId: 'event-pipelines-topics',
    brokers: props.BootstrapServers.split(','),
    ssl: true,
    sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: mskIamToken(props.Region, lambdaCredentials(), new Date()) }) },
    connectionTimeout: 10_000,
    requestTimeout: 60_000,
  });
}

/** IncrementalAlterConfigs' API key and the AlterConfigs (op) codes of KIP-339. */
const INCREMENTAL_ALTER_CONFIGS = 44;
const OP_SET = 0;
const OP_DELETE = 1;

/** The parts of kafkajs 2.2.4's internals IncrementalAlterConfigs is sent through (kafkajs does not implement it). */
interface ProtocolEncoder {
  writeInt8(value: number): ProtocolEncoder;
  writeString(value: string | null): ProtocolEncoder;
  writeBoolean(value: boolean): ProtocolEncoder;
  writeArray(values: ProtocolEncoder[]): ProtocolEncoder;
}
interface KafkajsBroker {
  readonly versions?: Readonly<Record<number, { readonly minVersion: number; readonly maxVersion: number }>>;
  readonly connectionPool: { send(request: object): Promise<unknown> };
}
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findControllerBroker(): Promise<KafkajsBroker>;
}

/** kafkajs's Kafka → its cluster factory (a symbol-keyed member), or a clear failure if a kafkajs upgrade moved it. */
function kafkajsCluster(kafka: Kafka): KafkajsCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((k) => k.description === 'private:Kafka:createCluster');
  const create = key === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof create !== 'function') throw new Error('kafkajs has no cluster factory where 2.2.4 has it: IncrementalAlterConfigs cannot be sent — keep kafkajs at 2.2.4');
  return create({ allowAutoTopicCreation: false }) as KafkajsCluster;
}

/**
 * A {@link TopicAdmin} over kafkajs with `config`: kafkajs's admin, plus IncrementalAlterConfigs (v0, Kafka 2.3+, what
 * `kafka-configs.sh --alter` sends), encoded with kafkajs's own protocol encoder and sent on its connection to the
 * controller. kafkajs implements only the legacy AlterConfigs, which replaces a topic's whole override set.
 */
export function kafkaTopicAdmin(config: KafkaConfig): TopicAdmin {
  const kafka = new Kafka(config);
  const admin = kafka.admin();
  let cluster: KafkajsCluster | undefined;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Encoder = require('kafkajs/src/protocol/encoder') as new () => ProtocolEncoder;
  // IncrementalAlterConfigs v0's response has AlterConfigs v0's shape (throttle time, per resource: error, name).
  const response = require('kafkajs/src/protocol/requests/alterConfigs/v0/response') as object;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    connect: () => admin.connect(),
    disconnect: async () => {
      await admin.disconnect();
      await cluster?.disconnect();
    },
    listTopics: () => admin.listTopics(),
    fetchTopicMetadata: (options) => admin.fetchTopicMetadata(options),
    createTopics: (options) => admin.createTopics(options),
    createPartitions: (options) => admin.createPartitions(options),
    describeConfigs: (options) => admin.describeConfigs(options),
    deleteTopics: (options) => admin.deleteTopics(options),
    incrementalAlterConfigs: async (updates) => {
      cluster ??= kafkajsCluster(kafka);
      await cluster.connect();
      await cluster.refreshMetadata();
      const broker = await cluster.findControllerBroker();
      const supported = broker.versions?.[INCREMENTAL_ALTER_CONFIGS];
      if (supported === undefined || supported.minVersion > 0) {
        throw new Error(`the broker does not take IncrementalAlterConfigs v0 (${supported === undefined ? 'not offered' : `versions ${supported.minVersion}–${supported.maxVersion}`}): topic configs cannot be changed key by key`);
      }
      const entry = (name: string, op: number, value: string | null) => new Encoder().writeString(name).writeInt8(op).writeString(value);
      const resource = (u: TopicConfigUpdate) => new Encoder().writeInt8(TOPIC_RESOURCE).writeString(u.name).writeArray([
        ...Object.entries(u.set).map(([k, v]) => entry(k, OP_SET, v)), ...u.remove.map((k) => entry(k, OP_DELETE, null)),
      ]);
      await broker.connectionPool.send({
        request: {
          apiKey: INCREMENTAL_ALTER_CONFIGS, apiVersion: 0, apiName: 'IncrementalAlterConfigs',
          encode: async () => new Encoder().writeArray(updates.map(resource)).writeBoolean(false),
        },
        response,
      });
    },
  };
}

const configEntries = (configs: Readonly<Record<string, string>>) => Object.entries(configs).map(([name, value]) => ({ name, value }));

/** Topic configs MSK Serverless takes only when a topic is created: never altered on an existing topic. */
export const CREATE_ONLY_TOPIC_CONFIGS: ReadonlySet<string> = new Set(['cleanup.policy']);

/** Config resource type TOPIC in Kafka's DescribeConfigs/IncrementalAlterConfigs. */
const TOPIC_RESOURCE = 2;
/** Config source of a topic's own override (anything else is a broker or built-in default). */
const TOPIC_OVERRIDE_SOURCE = 1;

/** One topic's configs as the broker describes them. */
export interface TopicConfigs {
  /** The topic's own overrides (config source TOPIC_CONFIG); a value Kafka hides is `null`. */
  readonly overrides: Readonly<Record<string, string | null>>;
  /** Every described value, defaults included. */
  readonly effective: Readonly<Record<string, string>>;
}

/** What one topic's configs need: the keys to set and to remove, and the lines that say what changes. */
export interface ConfigChange {
  /** Planned keys whose value differs from the topic's override. */
  readonly set: Readonly<Record<string, string>>;
  /** Keys planned before, no longer planned, still overridden: back to the default. */
  readonly remove: readonly string[];
  /** One line per changed key; empty when the topic is already as planned. */
  readonly changes: readonly string[];
  /** Create-only keys whose planned value differs from the topic's: left alone, reported. */
  readonly kept: readonly string[];
}

/**
 * The change that brings one topic's overrides to the plan without touching anything the plan does not own: planned
 * keys whose value differs are set, keys planned before but no longer planned are removed (back to the default),
 * create-only keys ({@link CREATE_ONLY_TOPIC_CONFIGS}) are never sent whatever the plan says, and every other
 * override (set by an operator, or by the service) is not named at all — IncrementalAlterConfigs leaves it as it is.
 */
export function configChange(
  current: TopicConfigs,
  planned: Readonly<Record<string, string>>,
  previouslyPlanned: Readonly<Record<string, string>>,
): ConfigChange {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const changes: string[] = [];
  const kept: string[] = [];
  for (const [key, value] of Object.entries(planned)) {
    if (CREATE_ONLY_TOPIC_CONFIGS.has(key)) {
      const actual = current.effective[key] ?? current.overrides[key];
      if (actual !== undefined && actual !== null && actual !== value) kept.push(`${key}=${actual} (set at creation only; the plan's ${value} needs a new topic)`);
      continue;
    }
    if (current.overrides[key] === value) continue;
    set[key] = value;
    changes.push(`${key} ${current.overrides[key] ?? '(default)'} → ${value}`);
  }
  for (const key of Object.keys(previouslyPlanned)) {
    if (key in planned || !(key in current.overrides) || CREATE_ONLY_TOPIC_CONFIGS.has(key)) continue;
    remove.push(key);
    changes.push(`${key} ${current.overrides[key] ?? '(hidden)'} → (default)`);
  }
  return { set, remove, changes, kept };
}

/** Each topic's current configs, from DescribeConfigs; fails on a topic error. */
function describedConfigs(response: DescribeConfigResponse): Map<string, TopicConfigs> {
  const byTopic = new Map<string, TopicConfigs>();
  for (const resource of response.resources) {
    if (resource.errorCode !== 0) {
      throw new Error(`cannot describe the configs of topic ${resource.resourceName}: ${resource.errorMessage || `error code ${resource.errorCode}`}`);
    }
    const overrides: Record<string, string | null> = {};
    const effective: Record<string, string> = {};
    for (const entry of resource.configEntries) {
      if (typeof entry.configValue === 'string') effective[entry.configName] = entry.configValue;
      if (entry.configSource === TOPIC_OVERRIDE_SOURCE) overrides[entry.configName] = typeof entry.configValue === 'string' ? entry.configValue : null;
    }
    byTopic.set(resource.resourceName, { overrides, effective });
  }
  return byTopic;
}

/**
 * Describes the present topics' configs, then alters only the keys that differ from the plan, in one
 * IncrementalAlterConfigs call (see {@link configChange}); no call at all when nothing changed.
 */
async function alterChangedConfigs(admin: TopicAdmin, present: readonly PlannedTopic[], previous: readonly PlannedTopic[]): Promise<string[]> {
  const described = describedConfigs(await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((t) => ({ type: TOPIC_RESOURCE, name: t.name })),
  }));
  const actions: string[] = [];
  const updates: TopicConfigUpdate[] = [];
  for (const topic of present) {
    const current = described.get(topic.name);
    if (!current) throw new Error(`cannot describe the configs of topic ${topic.name}: the broker returned none`);
    const before = previous.find((t) => t.name === topic.name)?.configs ?? {};
    const change = configChange(current, topic.configs, before);
    actions.push(...change.kept.map((line) => `${topic.name}: kept ${line}`));
    if (change.changes.length === 0) continue;
    updates.push({ name: topic.name, set: change.set, remove: change.remove });
    actions.push(`${topic.name}: ${change.changes.join(', ')}`);
  }
  if (updates.length > 0) await admin.incrementalAlterConfigs(updates);
  return actions;
}

/** Brings the cluster's topics to the plan; returns what it did, one line per change. */
export async function reconcileTopics(admin: TopicAdmin, event: TopicsEvent): Promise<string[]> {
  const props = event.ResourceProperties;
  const retain = props.RetainTopics === 'true';
  const planned = event.RequestType === 'Delete' ? [] : props.Topics;
  const previous = event.RequestType === 'Create' ? [] : (event.OldResourceProperties ?? props).Topics;
  const actions: string[] = [];
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = planned.filter((t) => !existing.has(t.name)).map((t) => ({
      topic: t.name, numPartitions: Number(t.partitions), configEntries: configEntries(t.configs),
    }));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
      actions.push(...missing.map((t) => `created ${t.topic} (${t.numPartitions} partitions)`));
    }
    const present = planned.filter((t) => existing.has(t.name));
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
      for (const topic of present) {
        const current = metadata.topics.find((m) => m.name === topic.name)?.partitions.length ?? 0;
        const wanted = Number(topic.partitions);
        if (wanted < current && event.RequestType === 'Create') {
          throw new Error(`topic ${topic.name} exists with ${current} partitions; Kafka cannot shrink it to the planned ${wanted} — plan ${current} or more partitions, or delete the topic first`);
        }
        if (wanted < current) {
          actions.push(`${topic.name}: keeps ${current} partitions — Kafka cannot remove partitions; the plan's ${wanted} needs a new topic (expected when an update that added partitions rolls back)`);
        } else if (wanted > current) {
          await admin.createPartitions({ topicPartitions: [{ topic: topic.name, count: wanted }] });
          actions.push(`${topic.name}: ${current} → ${wanted} partitions`);
        }
      }
      actions.push(...await alterChangedConfigs(admin, present, previous));
    }
    const leaving = previous.map((t) => t.name).filter((name) => !planned.some((t) => t.name === name));
    const unseen = leaving.filter((name) => !existing.has(name));
    if (unseen.length > 0) actions.push(`${unseen.join(', ')}: not visible to this function (absent, or hidden by authorization): treated as deleted`);
    const dropped = leaving.filter((name) => existing.has(name));
    if (dropped.length > 0 && !retain) {
      for (const name of dropped) actions.push(await deleteTopic(admin, name));
    } else if (dropped.length > 0) {
      actions.push(`kept ${dropped.join(', ')} (topics are retained)`);
    }
  } finally {
    await admin.disconnect();
  }
  return actions;
}

/** The Kafka error type of a kafkajs error, also when it is the cause of a retry that gave up. */
function kafkaErrorType(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const { type, cause, originalError } = e as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof type === 'string') return type;
    e = cause ?? originalError;
  }
  return undefined;
}

/** Kafka errors after which a topic being deleted is left alone: it is gone already, or the function may not see or delete it. */
const TOPIC_LEFT_ALONE = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'TOPIC_AUTHORIZATION_FAILED']);

/** Deletes one topic; a topic already gone or not the function's to delete is left, with the reason. */
async function deleteTopic(admin: TopicAdmin, name: string): Promise<string> {
  try {
    await admin.deleteTopics({ topics: [name] });
    return `deleted ${name}`;
  } catch (error) {
    const type = kafkaErrorType(error);
    if (type === undefined || !TOPIC_LEFT_ALONE.has(type)) throw error;
    return type === 'UNKNOWN_TOPIC_OR_PARTITION'
      ? `${name}: already gone (${type}): treated as deleted`
      : `${name}: not deleted, this function may not delete it (${type}): treated as deleted — delete it by hand if its records should go`;
  }
}

/** What the provider framework gets back. */
export interface TopicsResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Actions: string };
}

/**
 * The provider framework entry point over the Kafka admin `adminFor` gives for the event's properties (the deployed
 * function: kafkajs on the MSK IAM listener; tests: a client of a real local broker). Logs each action.
 */
export function topicsHandler(adminFor: (props: TopicsProperties) => TopicAdmin, log: (line: string) => void = console.log): (event: TopicsEvent) => Promise<TopicsResult> {
  return async (event) => {
    const actions = await reconcileTopics(adminFor(event.ResourceProperties), event);
    for (const line of actions) log(`${event.RequestType}: ${line}`);
    return { PhysicalResourceId: event.PhysicalResourceId ?? `topics-${event.ResourceProperties.BootstrapServers.split(',')[0]}`, Data: { Actions: actions.join('; ') || 'no change' } };
  };
}

/** Provider framework entry point of the deployed function. */
export const onEvent = topicsHandler(mskIamAdmin);
