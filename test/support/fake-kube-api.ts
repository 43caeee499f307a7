import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { close, listen } from './loopback-server';
import { loopbackTls } from './loopback-tls';

/** One request the fake API server received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly contentType?: string;
  readonly authorization?: string;
  /** The parsed JSON body (undefined without one). */
  readonly body?: unknown;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

/** What a route answers: a status, a JSON object (or a text body), and headers. */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type Json = Record<string, unknown>;

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Json = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [key, value] of Object.entries(patch as Json)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function labelsMatch(object: unknown, selector: string | null): boolean {
  if (selector === null || selector === '') return true;
  const labels = ((object as { metadata?: { labels?: Record<string, string> } }).metadata?.labels) ?? {};
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return key !== undefined && labels[key] === value;
  });
}

/**
 * A fake Kubernetes API server on loopback for CLI tests: real HTTPS (a self-signed certificate made with `openssl`
 * for 127.0.0.1) and a kubeconfig file that trusts it with a bearer token, so the real `@kubernetes/client-node`
 * KubeConfig authenticates and the CLI's real HTTP requests arrive here.
 * - `put(path, object)` stores an object: GET answers it, GET on its parent path lists it (with `labelSelector`),
 *   PATCH (merge patch) changes it and bumps `metadata.generation`, POST on its parent creates one (`generateName`).
 * - `put(path, text)` serves a text body (a metrics endpoint); `route()` answers anything else first.
 * - `onChange(path, f)` lets a test play the operator: `f` gets the object after each PATCH/POST and after each GET.
 * - `failNext(status, times)` answers the next requests with that status (throttling, 503).
 * Every request is recorded in `requests`.
 */
export class FakeKubeApi {
  /** The bearer token the kubeconfig carries (another token gets 401). */
  public static readonly TOKEN = 'fake-token';

  public static async start(): Promise<FakeKubeApi> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kube-'));
    loopbackTls(dir);
    const fake = new FakeKubeApi(dir);
    const port = await listen(fake.server);
    fake.url = `https://127.0.0.1:${port}`;
    fake.writeKubeconfig(FakeKubeApi.TOKEN);
    return fake;
  }

  public readonly requests: RecordedRequest[] = [];
  public readonly kubeconfigPath: string;
  public url = '';
  private readonly server: https.Server;
  private readonly objects = new Map<string, unknown>();
  private readonly routes: { method: string; match: (p: string) => boolean; answer: (r: RecordedRequest) => FakeResponse | undefined }[] = [];
  private readonly watchers = new Map<string, (object: Json, request: RecordedRequest) => void>();
  private faults: { status: number; times: number; headers?: Record<string, string> } | undefined;
  private created = 0;

  private constructor(public readonly dir: string) {
    this.kubeconfigPath = path.join(dir, 'kubeconfig');
    this.server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'ca.crt')) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const request: RecordedRequest = {
          method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], authorization: req.headers.authorization,
          body: raw === '' ? undefined : JSON.parse(raw), at: Date.now(),
        };
        this.requests.push(request);
        const answer = this.answer(request);
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
        // One request per connection: a kept-alive socket the server closes while the client reuses it is an ECONNRESET.
        res.writeHead(answer.status, { 'Content-Type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', 'Connection': 'close', ...answer.headers });
        res.end(text);
      });
    });
  }

  /** Writes the kubeconfig (context `fake-eks`) with this token (and another server, to test an unreachable one). */
  public writeKubeconfig(token: string, server: string = this.url): void {
    const ca = fs.readFileSync(path.join(this.dir, 'ca.crt')).toString('base64');
    fs.writeFileSync(this.kubeconfigPath, [
      'apiVersion: v1', 'kind: Config', 'current-context: fake-eks',
      'clusters:', '- name: fake-eks', '  cluster:', `    server: ${server}`, `    certificate-authority-data: ${ca}`,
      'users:', '- name: fake-user', '  user:', `    token: ${token}`,
      'contexts:', '- name: fake-eks', '  context:', '    cluster: fake-eks', '    user: fake-user', '',
    ].join('\n'));
  }

  public put(objectPath: string, object: unknown): void {
    this.objects.set(objectPath, object);
  }

  public object<T = Json>(objectPath: string): T {
    return this.objects.get(objectPath) as T;
  }

  public route(method: string, match: string | RegExp, answer: (r: RecordedRequest) => FakeResponse | undefined): void {
    this.routes.push({ method, match: (p) => (typeof match === 'string' ? p === match : match.test(p)), answer });
  }

  public onChange(objectPath: string, watcher: (object: Json, request: RecordedRequest) => void): void {
    this.watchers.set(objectPath, watcher);
  }

  public failNext(status: number, times: number, headers?: Record<string, string>): void {
    this.faults = { status, times, headers };
  }

  /** The requests that change something (PATCH, POST, PUT, DELETE). */
  public get changes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  public async stop(): Promise<void> {
    await close(this.server);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private answer(request: RecordedRequest): FakeResponse {
    if (request.authorization !== `Bearer ${FakeKubeApi.TOKEN}`) return { status: 401, body: { kind: 'Status', message: 'Unauthorized' } };
    if (this.faults !== undefined && this.faults.times > 0) {
      this.faults = { ...this.faults, times: this.faults.times - 1 };
      return { status: this.faults.status, body: { kind: 'Status', message: 'throttled' }, headers: this.faults.headers };
    }
    const url = new URL(request.path, 'https://fake');
    const route = this.routes.find((r) => r.method === request.method && r.match(url.pathname));
    const routed = route?.answer(request);
    if (routed !== undefined) return routed;
    const key = url.pathname;
    const stored = this.objects.get(key);
    const notFound: FakeResponse = { status: 404, body: { kind: 'Status', message: `${key} not found`, reason: 'NotFound' } };
    if (request.method === 'GET') {
      if (stored !== undefined) {
        const watcher = this.watchers.get(key) ?? this.watchers.get(path.posix.dirname(key));
        if (watcher !== undefined && typeof stored === 'object') watcher(stored as Json, request);
        return { status: 200, body: this.objects.get(key) };
      }
      const items = [...this.objects.entries()].filter(([p, o]) => path.posix.dirname(p) === key && typeof o === 'object' && labelsMatch(o, url.searchParams.get('labelSelector')));
      return items.length === 0 && !this.isCollection(key) ? notFound : { status: 200, body: { kind: 'List', items: items.map(([, o]) => o) } };
    }
    if (request.method === 'PATCH') {
      if (stored === undefined) return notFound;
      if (request.contentType !== 'application/merge-patch+json') return { status: 415, body: { kind: 'Status', message: `unsupported ${request.contentType}` } };
      const patched = mergePatch(stored, request.body) as Json & { metadata?: Json };
      patched.metadata = { ...patched.metadata, generation: Number(patched.metadata?.generation ?? 1) + 1 };
      this.objects.set(key, patched);
      this.watchers.get(key)?.(patched, request);
      return { status: 200, body: this.objects.get(key) };
    }
    if (request.method === 'POST') {
      const body = request.body as Json & { metadata?: { name?: string; generateName?: string } };
      const name = body.metadata?.name ?? `${body.metadata?.generateName ?? 'object-'}${String(++this.created).padStart(5, 'x')}`;
      const objectPath = `${key}/${name}`;
      const object = { ...body, metadata: { ...body.metadata, name, generation: 1 } };
      this.objects.set(objectPath, object);
      this.watchers.get(key)?.(object, request);
      return { status: 201, body: this.objects.get(objectPath) };
    }
    return { status: 405, body: { kind: 'Status', message: 'method not allowed' } };
  }

  /** A path whose objects this fake holds in some sub-path (an empty list is still a list). */
  private isCollection(key: string): boolean {
    return /\/(flinkstatesnapshots|kafkatopics|pods)$/.test(key);
  }
}
