import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import type { KubeConfig } from '@kubernetes/client-node';
import { Clock, SYSTEM_CLOCK } from '../clock';
import { OperationError } from './operations';

/** How calls are retried when the API server throttles (429) or is unavailable (503), and how long waits poll. */
export interface KubeTiming {
  /** Attempts per call (the first included). */
  readonly attempts: number;
  /** First backoff; doubled after each throttled attempt (a `Retry-After` header asks for more). */
  readonly backoffMs: number;
  /** Between two looks at a resource while waiting for it to settle. */
  readonly pollMs: number;
  /** The longest a wait lasts before it fails. */
  readonly waitTimeoutMs: number;
  /**
   * The longest one request may go unanswered (an endpoint that drops packets).
   * @default 30000
   */
  readonly requestTimeoutMs?: number;
}

/** Five attempts over about 4 s of backoff; waits look every 5 s for up to 20 minutes (a savepoint upgrade of a big state). */
export const DEFAULT_KUBE_TIMING: KubeTiming = { attempts: 5, backoffMs: 250, pollMs: 5000, waitTimeoutMs: 20 * 60 * 1000 };

/** One request as sent (and as `--dry-run` prints it). */
export interface KubeRequest {
  readonly method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  /** Path and query on the API server, e.g. `/apis/flink.apache.org/v1beta1/namespaces/orders/flinkdeployments/x`. */
  readonly path: string;
  readonly contentType?: 'application/merge-patch+json' | 'application/json';
  readonly body?: unknown;
}

/** An answer of the API server other than 2xx (after the retries). */
export class KubeStatusError extends Error {
  constructor(public readonly request: KubeRequest, public readonly statusCode: number, public readonly body: string) {
    super(`${request.method} ${request.path}: HTTP ${statusCode}`);
    this.name = 'KubeStatusError';
  }
}

/** The request as `--dry-run` prints it: method, path, content type and the JSON body. */
export function describeRequest(request: KubeRequest): string {
  const head = `${request.method} ${request.path}`;
  if (request.body === undefined) return head;
  return `${head}\nContent-Type: ${request.contentType ?? 'application/json'}\n${JSON.stringify(request.body, null, 2)}`;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Where the kubeconfig comes from: `$KUBECONFIG` (its files must exist) or `~/.kube/config`; undefined when neither. */
function kubeconfigSource(): string | undefined {
  const env = process.env.KUBECONFIG;
  if (env !== undefined && env.length > 0) {
    const missing = env.split(path.delimiter).filter((f) => f.length > 0 && !fs.existsSync(f));
    return missing.length > 0 ? undefined : env;
  }
  const home = path.join(os.homedir(), '.kube', 'config');
  if (fs.existsSync(home)) return home;
  // In a pod: the client uses the pod's service account.
  return process.env.KUBERNETES_SERVICE_HOST !== undefined && fs.existsSync(SERVICE_ACCOUNT_TOKEN) ? SERVICE_ACCOUNT_TOKEN : undefined;
}

/** Where the platform's cluster is, for the one-line fixes. */
export interface KubeTarget {
  /** The platform's EKS cluster (`platformNames(environment).eksCluster`). */
  readonly eksCluster: string;
  readonly region: string;
}

/**
 * The Kubernetes API of the platform's EKS cluster, through `@kubernetes/client-node`'s `KubeConfig` (the default
 * kubeconfig: TLS, tokens and exec credential plugins such as `aws eks get-token`). Requests are written out as
 * method + path + JSON so `--dry-run` prints exactly what would be sent. Throttling (429) and unavailability (503)
 * are retried with exponential backoff; every other failure becomes one line naming the fix. Backoffs and the waits
 * of the verbs that use it run on `clock`.
 */
export class KubeApi {
  private config?: KubeConfig;

  constructor(private readonly target: KubeTarget, public readonly timing: KubeTiming = DEFAULT_KUBE_TIMING, public readonly clock: Clock = SYSTEM_CLOCK) {}

  /** The command that writes a kubeconfig for the platform's cluster. */
  public get kubeconfigFix(): string {
    return `aws eks update-kubeconfig --name ${this.target.eksCluster} --region ${this.target.region}`;
  }

  /** The kubeconfig context in use. */
  public async context(): Promise<string> {
    return (await this.kubeConfig()).getCurrentContext();
  }

  public async get<T>(apiPath: string): Promise<T> {
    return JSON.parse(await this.send({ method: 'GET', path: apiPath })) as T;
  }

  /**
   * GET through the API server's service or pod proxy: 503 there means the pod behind it does not answer (no ready
   * endpoint, a JobManager restarting), not a busy API server, so it is not retried; only 429 is.
   */
  public async proxied<T>(apiPath: string): Promise<T> {
    return JSON.parse(await this.send({ method: 'GET', path: apiPath }, [429])) as T;
  }

  /** GET that answers undefined for 404 (a resource or a kind the cluster does not have). */
  public async find<T>(apiPath: string): Promise<T | undefined> {
    try {
      return await this.get<T>(apiPath);
    } catch (error) {
      if (error instanceof KubeStatusError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** GET of a text body through a pod proxy (a Prometheus endpoint); like `proxied`, only 429 is retried. */
  public text(apiPath: string): Promise<string> {
    return this.send({ method: 'GET', path: apiPath }, [429]);
  }

  /** Sends a changing request; answers the object the API server returns. */
  public async change<T>(request: KubeRequest): Promise<T> {
    return JSON.parse(await this.send(request)) as T;
  }

  private async kubeConfig(): Promise<KubeConfig> {
    if (this.config !== undefined) return this.config;
    if (kubeconfigSource() === undefined) {
      const env = process.env.KUBECONFIG;
      const where = env !== undefined && env.length > 0 ? `KUBECONFIG=${env} names no file` : 'no ~/.kube/config and KUBECONFIG is not set';
      throw new OperationError(`no kubeconfig (${where}): run \`${this.kubeconfigFix}\``);
    }
    // ES module: loaded when a self-hosted operation runs (dynamic import works from CommonJS on every Node 20).
    const { KubeConfig: Config } = await import('@kubernetes/client-node');
    const config = new Config();
    try {
      config.loadFromDefault();
    } catch (error) {
      throw new OperationError(`the kubeconfig cannot be read (${error instanceof Error ? error.message : String(error)}): run \`${this.kubeconfigFix}\``);
    }
    if (config.getCurrentCluster() === null) throw new OperationError(`the kubeconfig has no current context: run \`${this.kubeconfigFix}\``);
    this.config = config;
    return config;
  }

  private async send(request: KubeRequest, retried: readonly number[] = [429, 503]): Promise<string> {
    const config = await this.kubeConfig();
    for (let attempt = 1; ; attempt++) {
      const { statusCode, body, retryAfterSeconds } = await this.once(config, request);
      if (statusCode >= 200 && statusCode < 300) return body;
      const throttled = retried.includes(statusCode);
      if (throttled && attempt < this.timing.attempts) {
        await this.clock.sleep(Math.max(this.timing.backoffMs * 2 ** (attempt - 1), (retryAfterSeconds ?? 0) * 1000));
        continue;
      }
      if (throttled) {
        throw new OperationError(`the Kubernetes API answered ${statusCode} (${statusCode === 429 ? 'too many requests' : 'unavailable'}) ${this.timing.attempts} times with backoff (${request.method} ${request.path}): try again later`);
      }
      if (statusCode === 401) {
        throw new OperationError(`the Kubernetes API refused the credentials of context ${config.getCurrentContext()} (401): refresh them with \`${this.kubeconfigFix}\` (and check AWS_PROFILE)`);
      }
      if (statusCode === 403) {
        throw new OperationError(`forbidden (403): ${request.method} ${request.path} is not allowed for context ${config.getCurrentContext()}: ${statusMessage(body)} — map your IAM principal to a Kubernetes group that may do it (an EKS access entry) or use a role that has one`);
      }
      throw new KubeStatusError(request, statusCode, body);
    }
  }

  private async once(config: KubeConfig, request: KubeRequest): Promise<{ statusCode: number; body: string; retryAfterSeconds?: number }> {
    const server = config.getCurrentCluster()?.server ?? '';
    const url = new URL(request.path, server);
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const options: https.RequestOptions = {
      method: request.method,
      headers: {
        'Accept': 'application/json, */*',
        ...(payload === undefined ? {} : { 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    };
    await config.applyToHTTPSOptions(options);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const retryAfter = Number(res.headers['retry-after']);
          resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined });
        });
        res.on('error', reject);
      });
      req.setTimeout(this.timing.requestTimeoutMs ?? 30_000, () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => {
        reject(new OperationError(`cannot reach the Kubernetes API at ${server} (context ${config.getCurrentContext()}: ${error.code ?? error.message}): check the network path to the cluster endpoint, or run \`${this.kubeconfigFix}\``));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}

/** The `message` of a Kubernetes `Status` body, or the body itself. */
export function statusMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 200);
}
