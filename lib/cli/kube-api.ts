import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { OperationError } from './operations';

/**
 * The few Kubernetes API calls `verify` makes (JSON over the API server of the kubeconfig's current context). Kept
 * behind this interface so the client can be swapped for `@kubernetes/client-node` once it loads under the project's
 * Node 20 + Jest CommonJS setup (its 1.x/2.x releases are ES modules; 2.x needs Node ≥ 22).
 */
export interface KubeApi {
  /** `https://…` of the API server and the kubeconfig context, for messages. */
  readonly server: string;
  readonly context: string;
  /** The object at a path, or undefined when it does not exist (404). */
  get<T>(apiPath: string): Promise<T | undefined>;
  /** POSTs an object to a collection path. */
  create(collectionPath: string, body: object): Promise<void>;
  /** Deletes an object (background propagation); a missing one is fine. */
  delete(apiPath: string): Promise<void>;
}

interface KubeconfigFile {
  'current-context'?: string;
  'contexts'?: Array<{ name: string; context: { cluster: string; user: string } }>;
  'clusters'?: Array<{ name: string; cluster: { 'server': string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean } }>;
  'users'?: Array<{ name: string; user: {
    'token'?: string; 'client-certificate-data'?: string; 'client-key-data'?: string;
    'exec'?: { command: string; args?: string[]; env?: Array<{ name: string; value: string }> | null };
  } }>;
}

const fromBase64 = (text: string | undefined): Buffer | undefined => (text === undefined ? undefined : Buffer.from(text, 'base64'));

/** A bearer token from an exec credential plugin (`aws eks get-token …` in an EKS kubeconfig). */
function execToken(exec: { command: string; args?: string[]; env?: Array<{ name: string; value: string }> | null }): string {
  const env = { ...process.env, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])) };
  let output: string;
  try {
    output = execFileSync(exec.command, exec.args ?? [], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new OperationError(`the kubeconfig's credential command ${exec.command} failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): check AWS credentials`);
  }
  const token = (JSON.parse(output) as { status?: { token?: string } }).status?.token;
  if (token === undefined) throw new OperationError(`the kubeconfig's credential command ${exec.command} gave no token`);
  return token;
}

/** The client of the kubeconfig (KUBECONFIG's first file, else ~/.kube/config) for its current context. */
export function kubeApiFromKubeconfig(eksCluster: string): KubeApi {
  const file = (process.env.KUBECONFIG ?? '').split(path.delimiter).find((f) => f !== '') ?? path.join(os.homedir(), '.kube', 'config');
  if (!fs.existsSync(file)) throw new OperationError(`no kubeconfig at ${file}: run \`aws eks update-kubeconfig --name ${eksCluster}\` or set KUBECONFIG`);
  const config = YAML.parse(fs.readFileSync(file, 'utf8')) as KubeconfigFile;
  const contextName = config['current-context'] ?? '';
  const context = config.contexts?.find((c) => c.name === contextName)?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user)?.user ?? {};
  if (context === undefined || cluster === undefined) throw new OperationError(`kubeconfig ${file}: current context ${JSON.stringify(contextName)} names no cluster: run \`aws eks update-kubeconfig --name ${eksCluster}\``);
  const server = cluster.server.replace(/\/$/, '');
  const ca = fromBase64(cluster['certificate-authority-data']) ?? (cluster['certificate-authority'] !== undefined ? fs.readFileSync(cluster['certificate-authority']) : undefined);
  let token = user.token;
  const bearer = (): string | undefined => {
    if (token === undefined && user.exec !== undefined) token = execToken(user.exec);
    return token;
  };

  function request(method: string, apiPath: string, body?: object): Promise<{ status: number; json: unknown }> {
    const url = new URL(`${server}${apiPath}`);
    const auth = bearer();
    const headers: Record<string, string> = { 'Accept': 'application/json', 'Content-Type': 'application/json', ...(auth !== undefined ? { Authorization: `Bearer ${auth}` } : {}) };
    const options: https.RequestOptions = {
      method, headers,
      ca, cert: fromBase64(user['client-certificate-data']), key: fromBase64(user['client-key-data']),
      rejectUnauthorized: cluster?.['insecure-skip-tls-verify'] !== true,
      timeout: 15_000,
    };
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise((resolve, reject) => {
      const req = send(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try { json = text === '' ? undefined : JSON.parse(text); } catch { json = text; }
          resolve({ status: res.statusCode ?? 0, json });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => reject(new OperationError(`cannot reach the Kubernetes API server ${server} (kubeconfig context ${contextName}): ${error.message}; is the kubeconfig for EKS cluster ${eksCluster}?`)));
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  }

  /** A request; an expired exec-plugin token (EKS tokens last 15 minutes) is fetched again once on a 401. */
  async function call(method: string, apiPath: string, body?: object): Promise<{ status: number; json: unknown }> {
    const first = await request(method, apiPath, body);
    if (first.status !== 401 || user.exec === undefined) return first;
    token = undefined;
    return request(method, apiPath, body);
  }

  function failure(method: string, apiPath: string, status: number, json: unknown): OperationError {
    const message = typeof json === 'object' && json !== null && 'message' in json ? String((json as { message: unknown }).message) : `HTTP ${status}`;
    if (status === 401) return new OperationError(`the Kubernetes API server ${server} refused the kubeconfig's credentials (401): refresh them (aws eks update-kubeconfig --name ${eksCluster})`);
    if (status === 403) return new OperationError(`Kubernetes API: ${method} ${apiPath} forbidden: ${message}`);
    if (status === 429) return new OperationError(`Kubernetes API throttled ${method} ${apiPath} (429): try again later`);
    return new OperationError(`Kubernetes API: ${method} ${apiPath} failed (${status}): ${message}`);
  }

  return {
    server, context: contextName,
    async get<T>(apiPath: string): Promise<T | undefined> {
      const { status, json } = await call('GET', apiPath);
      if (status === 404) return undefined;
      if (status >= 300) throw failure('GET', apiPath, status, json);
      return json as T;
    },
    async create(collectionPath: string, body: object): Promise<void> {
      const { status, json } = await call('POST', collectionPath, body);
      if (status >= 300) throw failure('POST', collectionPath, status, json);
    },
    async delete(apiPath: string): Promise<void> {
      const { status, json } = await call('DELETE', `${apiPath}?propagationPolicy=Background`);
      if (status >= 300 && status !== 404) throw failure('DELETE', apiPath, status, json);
    },
  };
}
