/**
 * The MSK bootstrap-broker lookup (Custom::MskBootstrapBrokers) through its lifecycle: Create → Update (cluster version
 * changed, then the cleanup Delete of the old physical id) → Update rollback → Update with the lookup's inputs unchanged
 * → Delete, and a Create that fails. The handler is aws-cdk-lib's own AwsCustomResource handler (the bundled file the
 * singleton function runs), driven in-process with CloudFormation's events built from the synthesized template: the
 * `Create`/`Update` properties as the template renders them, their tokens (cluster ARN, CurrentVersion) resolved the way
 * CloudFormation does, every value a string. `@aws-sdk/client-kafka` is mocked (aws-sdk-client-mock) by a stateful fake
 * cluster with the Kafka model's response shapes; the response the handler PUTs to the ResponseURL is caught at
 * `https.request` (the handler only speaks https), so nothing leaves the process.
 */
import { EventEmitter } from 'events';
import https from 'https';
import * as path from 'path';
import { GetBootstrapBrokersCommand, GetBootstrapBrokersCommandInput, GetBootstrapBrokersResponse, KafkaClient, NotFoundException } from '@aws-sdk/client-kafka';
import { Stack, aws_msk as msk } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { MskBootstrapBrokers } from '../../constructs/managed/kafka/msk-bootstrap-brokers';
import { testApp } from '../support/test-app';

const REGION = 'us-east-1';
const ACCOUNT = '111111111111';
const ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders-prod/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b-2`;
const V1 = 'K3AEGXETSR30VB';
const V2 = 'K1X3F1G8ZN4PQ7';
const SERVICE_TOKEN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Lookup-AWS679f53fac002430cb0da5b7982bd2287-Ab12Cd34Ef56`;
const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Lookup/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;
const RESPONSE_HOST = 'cloudformation-custom-resource-response-useast1.s3.amazonaws.com';
const LOG_STREAM = '2026/12/06/[$LATEST]4f0c9d8e7b6a45c3b2a1908f7e6d5c4b';
const FEATURE_LOG_RESPONSE_DATA = '@aws-cdk/custom-resources:logApiResponseDataPropertyTrueDefault';

/** aws-cdk-lib's AwsCustomResource handler, as the provider function runs it (not its source: the shipped bundle). */
const HANDLER_FILE = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')),
  'custom-resource-handlers', 'dist', 'custom-resources', 'aws-custom-resource-handler', 'index.js');
type Handler = (event: CfnEvent, context: { logStreamName: string }) => Promise<void>;
const { handler } = require(HANDLER_FILE) as { handler: Handler };

type Props = Record<string, string>;
interface CfnEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ServiceToken: string;
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResourceType: string;
  ResourceProperties: Props;
  OldResourceProperties?: Props;
  PhysicalResourceId?: string;
}
interface CfnResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: boolean;
  Data: Record<string, unknown>;
}

// ---- The template ------------------------------------------------------------------------------------------------

/** The lookup as a provisioned cluster uses it (ARN and CurrentVersion of an AWS::MSK::Cluster), synthesized. */
function synthesize(context: Record<string, unknown> = {}, withVersion = true): { logicalId: string; properties: Record<string, unknown> } {
  const stack = new Stack(testApp(context), 'Lookup', { env: { account: ACCOUNT, region: REGION } });
  const cluster = new msk.CfnCluster(stack, 'Cluster', {
    clusterName: 'orders-prod', kafkaVersion: '3.9.x.kraft', numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: { instanceType: 'kafka.m7g.large', clientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'] },
  });
  new MskBootstrapBrokers(stack, 'Brokers', { clusterArn: cluster.attrArn, clusterVersion: withVersion ? cluster.attrCurrentVersion : undefined });
  const [[logicalId, resource]] = Object.entries(Template.fromStack(stack).findResources('Custom::MskBootstrapBrokers'));
  return { logicalId, properties: resource.Properties };
}

/**
 * A property value as CloudFormation hands it to a custom resource: intrinsics resolved (the cluster's Arn and
 * CurrentVersion, the provider function's Arn), scalars as strings.
 */
function resolve(value: unknown, attributes: Record<string, string>): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => resolve(v, attributes));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === 'Fn::Join') {
      const [separator, parts] = entries[0][1] as [string, unknown[]];
      return parts.map((p) => resolve(p, attributes)).join(separator);
    }
    if (entries.length === 1 && entries[0][0] === 'Fn::GetAtt') {
      const [id, attribute] = entries[0][1] as [string, string];
      const key = id.startsWith('AWS679f53fac002430cb0da5b7982bd2287') ? `Provider.${attribute}` : `${id}.${attribute}`;
      if (attributes[key] === undefined) throw new Error(`unresolved Fn::GetAtt ${id}.${attribute}`);
      return attributes[key];
    }
    if (entries.some(([k]) => k.startsWith('Fn::') || k === 'Ref')) throw new Error(`unresolved intrinsic ${JSON.stringify(value)}`);
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, attributes)]));
  }
  throw new Error(`unexpected property value ${JSON.stringify(value)}`);
}

const TEMPLATE = synthesize();

/** The lookup's properties as CloudFormation sends them while the cluster has this ARN and CurrentVersion. */
function propsAt(version: string, template = TEMPLATE, arn = ARN): Props {
  return resolve(template.properties, { 'Cluster.Arn': arn, 'Cluster.CurrentVersion': version, 'Provider.Arn': SERVICE_TOKEN }) as Props;
}

// ---- The fake MSK cluster (GetBootstrapBrokers) ----------------------------------------------------------------

/** MSK clusters by ARN: a cluster's brokers change with its CurrentVersion (MSK bumps it on every update). */
class FakeMsk {
  /** Every GetBootstrapBrokers, as `GetBootstrapBrokers <ClusterArn>`. */
  public readonly calls: string[] = [];
  private readonly clusters = new Map<string, { version: string; brokers: number; dualStack: boolean }>();

  constructor(mock: ReturnType<typeof mockClient>) {
    mock.on(GetBootstrapBrokersCommand).callsFake(async (input: GetBootstrapBrokersCommandInput) => this.getBootstrapBrokers(input));
  }

  /** A cluster created (or updated: broker count, dual stack) by CloudFormation at this CurrentVersion. */
  public put(arn: string, version: string, brokers: number, dualStack = false): void {
    this.clusters.set(arn, { version, brokers, dualStack });
  }

  /** A cluster deleted. */
  public remove(arn: string): void {
    this.clusters.delete(arn);
  }

  /** The IAM bootstrap string of a cluster with this many brokers (`b-N.<cluster>.<id>.c2.kafka.<region>…:9098`). */
  public static saslIam(brokers: number, ipv6 = false): string {
    return Array.from({ length: brokers }, (_, i) => `b-${i + 1}.${ipv6 ? 'dualstack.' : ''}ordersprod.k3x9pz.c2.kafka.${REGION}.amazonaws.com:9098`).join(',');
  }

  private getBootstrapBrokers(input: GetBootstrapBrokersCommandInput): GetBootstrapBrokersResponse & { $metadata: object } {
    this.calls.push(`GetBootstrapBrokers ${input.ClusterArn}`);
    const cluster = input.ClusterArn === undefined ? undefined : this.clusters.get(input.ClusterArn);
    if (cluster === undefined) {
      // The fake's wording; the shape (name, $fault, Message) is the Kafka model's NotFoundException.
      const message = `The specified cluster ${input.ClusterArn} was not found.`;
      throw new NotFoundException({ $metadata: { httpStatusCode: 404 }, message, Message: message });
    }
    return {
      $metadata: { httpStatusCode: 200, requestId: 'c0ffee00-0000-4000-8000-000000000000' },
      BootstrapBrokerStringSaslIam: FakeMsk.saslIam(cluster.brokers),
      ...(cluster.dualStack ? { BootstrapBrokerStringSaslIamIpv6: FakeMsk.saslIam(cluster.brokers, true) } : {}),
    };
  }
}

// ---- CloudFormation's side: events in, the response PUT to the ResponseURL out --------------------------------------

interface Sent {
  readonly hostname: string;
  readonly path: string;
  readonly method: string;
  readonly contentLength: number;
  readonly body: string;
}

const kafkaMock = mockClient(KafkaClient);
let kafka: FakeMsk;
let sent: Sent[];
let logged: unknown[][];
let requests = 0;

beforeEach(() => {
  kafkaMock.reset();
  kafka = new FakeMsk(kafkaMock);
  sent = [];
  logged = [];
  // Lambda's environment: the handler reads the client's region (config.region()) for its flattened response.
  process.env.AWS_REGION = REGION;
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args); });
  // The handler PUTs its response with https.request({ hostname, path, method, headers }, onResponse): caught here.
  jest.spyOn(https, 'request').mockImplementation(((options: https.RequestOptions, onResponse?: (res: EventEmitter) => void) => {
    const chunks: string[] = [];
    const request = Object.assign(new EventEmitter(), {
      write: (chunk: string) => { chunks.push(chunk); return true; },
      end: () => {
        sent.push({
          hostname: String(options.hostname), path: String(options.path), method: String(options.method),
          contentLength: Number((options.headers as Record<string, string | number> | undefined)?.['content-length']), body: chunks.join(''),
        });
        onResponse?.(Object.assign(new EventEmitter(), { statusCode: 200 }));
        return request;
      },
    });
    return request;
  }) as unknown as typeof https.request);
});
afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.AWS_REGION;
});

/** One event through the handler; the one response it PUT to the event's presigned ResponseURL. */
async function send(type: CfnEvent['RequestType'], props: Props, physicalId?: string, oldProps?: Props): Promise<CfnResponse> {
  requests += 1;
  const requestId = `7c1e2d3f-0000-4000-8000-${String(requests).padStart(12, '0')}`;
  const responsePath = `/${encodeURIComponent(STACK_ID)}%7C${TEMPLATE.logicalId}%7C${requestId}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123`;
  const event: CfnEvent = {
    RequestType: type, ServiceToken: props.ServiceToken, ResponseURL: `https://${RESPONSE_HOST}${responsePath}`,
    StackId: STACK_ID, RequestId: requestId, LogicalResourceId: TEMPLATE.logicalId, ResourceType: 'Custom::MskBootstrapBrokers',
    ResourceProperties: { ...props },
    ...(oldProps === undefined ? {} : { OldResourceProperties: { ...oldProps } }),
    ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
  };
  const before = sent.length;
  await handler(event, { logStreamName: LOG_STREAM });
  expect(sent.length - before).toBe(1);
  const put = sent[sent.length - 1];
  expect(put).toMatchObject({ hostname: RESPONSE_HOST, path: responsePath, method: 'PUT', contentLength: Buffer.byteLength(put.body, 'utf8') });
  const response = JSON.parse(put.body) as CfnResponse;
  expect(response).toMatchObject({ StackId: STACK_ID, RequestId: requestId, LogicalResourceId: TEMPLATE.logicalId });
  return response;
}

const brokersAt = (brokers: number): Record<string, unknown> => ({ BootstrapBrokerStringSaslIam: FakeMsk.saslIam(brokers) });

/** A deployed lookup: the cluster at V1 with 3 brokers, the Create done. */
async function created(): Promise<void> {
  kafka.put(ARN, V1, 3);
  expect((await send('Create', propsAt(V1))).Status).toBe('SUCCESS');
  kafka.calls.length = 0;
}

// ---- The lifecycle -----------------------------------------------------------------------------------------------

describe('the synthesized properties', () => {
  test('carry the call as JSON strings, with InstallLatestAwsSdk false (no npm install in the function)', () => {
    const props = propsAt(V1);
    expect(Object.keys(props).sort()).toEqual(['Create', 'InstallLatestAwsSdk', 'ServiceToken', 'Update']);
    expect(props.InstallLatestAwsSdk).toBe('false');
    expect(JSON.parse(props.Create)).toEqual({
      service: 'Kafka', action: 'GetBootstrapBrokers', parameters: { ClusterArn: ARN },
      physicalResourceId: { id: `${ARN}@${V1}` }, outputPaths: ['BootstrapBrokerStringSaslIam'],
    });
    expect(props.Update).toBe(props.Create);
  });
});

describe('Create', () => {
  test('looks the brokers up: SUCCESS, physical id <clusterArn>@<CurrentVersion>, Data the IAM bootstrap string', async () => {
    kafka.put(ARN, V1, 3);
    const response = await send('Create', propsAt(V1));
    expect(response).toMatchObject({ Status: 'SUCCESS', Reason: 'OK', PhysicalResourceId: `${ARN}@${V1}`, NoEcho: false });
    expect(response.Data).toEqual(brokersAt(3));
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
  });

  test('GetBootstrapBrokers failing (NotFoundException): FAILED with the error\'s message as the reason the deploy shows', async () => {
    const response = await send('Create', propsAt(V1));
    expect(response).toEqual(expect.objectContaining({
      Status: 'FAILED', Reason: `The specified cluster ${ARN} was not found.`, PhysicalResourceId: LOG_STREAM, Data: {},
    }));
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
    // The reason carries the message only; the error's name is in the function's log.
    expect(logged.some(([first]) => first instanceof NotFoundException)).toBe(true);
  });

  test('the rollback of a failed Create deletes the physical id the failure reported (the log stream): no call, SUCCESS', async () => {
    const failed = await send('Create', propsAt(V1));
    const response = await send('Delete', propsAt(V1), failed.PhysicalResourceId);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: LOG_STREAM, Data: {} });
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
  });
});

describe('Update', () => {
  test('the cluster updated (CurrentVersion changed, brokers added): looks up again under a new physical id; the cleanup Delete of the old id makes no call', async () => {
    await created();
    kafka.put(ARN, V2, 6);
    const response = await send('Update', propsAt(V2), `${ARN}@${V1}`, propsAt(V1));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${ARN}@${V2}` });
    expect(response.Data).toEqual(brokersAt(6));
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
    // A new physical id: CloudFormation deletes the old one in the cleanup phase, with the old properties.
    const cleanup = await send('Delete', propsAt(V1), `${ARN}@${V1}`);
    expect(cleanup).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${ARN}@${V1}`, Data: {} });
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
  });

  test('only the rendered call changed (the logApiResponseData feature flag turned on), not the ARN or version: looks up again, same physical id, so no Delete follows', async () => {
    await created();
    const flagged = synthesize({ [FEATURE_LOG_RESPONSE_DATA]: true });
    const next = propsAt(V1, flagged);
    expect(JSON.parse(next.Update)).toMatchObject({ logApiResponseData: true });
    expect(next.Update).not.toBe(propsAt(V1).Update);
    const response = await send('Update', next, `${ARN}@${V1}`, propsAt(V1));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${ARN}@${V1}` });
    expect(response.Data).toEqual(brokersAt(3));
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
  });

  test('GetBootstrapBrokers failing on an Update (the cluster deleted out of band): FAILED with the message, so the stack rolls back', async () => {
    await created();
    kafka.remove(ARN);
    const response = await send('Update', propsAt(V2), `${ARN}@${V1}`, propsAt(V1));
    // On FAILED the handler reports the log stream as the physical id, on an Update as on a Create.
    expect(response).toEqual(expect.objectContaining({
      Status: 'FAILED', Reason: `The specified cluster ${ARN} was not found.`, PhysicalResourceId: LOG_STREAM, Data: {},
    }));
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
  });
});

describe('Update rollback (CloudFormation sends the old properties after a later resource failed)', () => {
  test('looks up again and returns the old physical id; the cleanup Delete of the updated id makes no call', async () => {
    await created();
    kafka.put(ARN, V2, 6);
    await send('Update', propsAt(V2), `${ARN}@${V1}`, propsAt(V1));
    // CloudFormation rolls the cluster back first (its version back to V1 in the fake), then the lookup.
    kafka.put(ARN, V1, 3);
    kafka.calls.length = 0;
    const rollback = await send('Update', propsAt(V1), `${ARN}@${V2}`, propsAt(V2));
    expect(rollback).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${ARN}@${V1}` });
    expect(rollback.Data).toEqual(brokersAt(3));
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
    const cleanup = await send('Delete', propsAt(V2), `${ARN}@${V2}`);
    expect(cleanup).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${ARN}@${V2}`, Data: {} });
    expect(kafka.calls).toEqual([`GetBootstrapBrokers ${ARN}`]);
  });
});

describe('Delete', () => {
  test('the stack deleted: no Kafka call, SUCCESS with the same physical id', async () => {
    await created();
    const response = await send('Delete', propsAt(V1), `${ARN}@${V1}`);
    expect(response).toEqual(expect.objectContaining({ Status: 'SUCCESS', Reason: 'OK', PhysicalResourceId: `${ARN}@${V1}`, Data: {} }));
    expect(kafka.calls).toEqual([]);
  });

  test('also when the cluster is gone already (deleted before the lookup)', async () => {
    await created();
    kafka.remove(ARN);
    const response = await send('Delete', propsAt(V1), `${ARN}@${V1}`);
    expect(response.Status).toBe('SUCCESS');
    expect(kafka.calls).toEqual([]);
  });
});

describe('without clusterVersion (MSK Serverless)', () => {
  test('Create: the physical id is the cluster ARN alone', async () => {
    const serverless = synthesize({}, false);
    kafka.put(ARN, V1, 3);
    const create = await send('Create', propsAt(V1, serverless));
    expect(create).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Data: brokersAt(3) });
  });
});

describe('the handler matches outputPaths by prefix', () => {
  test('a dual-stack cluster\'s BootstrapBrokerStringSaslIamIpv6 comes along in Data (the construct reads SaslIam only)', async () => {
    kafka.put(ARN, V1, 3, true);
    const response = await send('Create', propsAt(V1));
    expect(response.Data).toEqual({ ...brokersAt(3), BootstrapBrokerStringSaslIamIpv6: FakeMsk.saslIam(3, true) });
  });
});
