import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { close, listen } from './loopback-server';
import { loopbackTls } from './loopback-tls';

/** One request the fake API server received. */
export interface KubeRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: Record<string, unknown>;
  readonly authorization?: string;
}

/** How the fake behaves beyond storing objects. */
export interface FakeKubeBehaviour {
  /** Like Strimzi's user operator: a created KafkaUser gets a credentials Secret. @default true */
  readonly userOperator?: boolean;
  /** What a created Job's status becomes. @default succeeded at 2026-11-30T05:00:05Z */
  readonly jobStatus?: Record<string, unknown>;
  /**
   * The kubeconfig user gets its token from an exec plugin printing an ExecCredential (like `aws eks get-token`).
   * @default - a static token `fake-token`
   */
  readonly execToken?: string;
}

/**
 * A small Kubernetes API server on loopback for the verify tests (real HTTP): objects POSTed to a collection are
 * stored under `<collection>/<metadata.name>`, GET returns them (404 when absent), DELETE removes them. A KafkaUser
 * gets its Secret like the user operator writes it, a Job gets a finished status. Every request is recorded.
 */
export class VerifyKubeApi {
  public readonly requests: KubeRequest[] = [];
  public readonly objects = new Map<string, Record<string, unknown>>();
  private server?: https.Server;
  private dir?: string;

  constructor(private readonly behaviour: FakeKubeBehaviour = {}) {}

  /** Starts the server and writes a kubeconfig for it; returns the kubeconfig path (for KUBECONFIG). */
  public async start(): Promise<string> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-kube-'));
    const tls = loopbackTls(this.dir);
    this.server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => this.handle(req, res));
    const port = await listen(this.server);
    const file = path.join(this.dir, 'config');
    fs.writeFileSync(file, [
      'apiVersion: v1', 'kind: Config', 'current-context: test',
      'clusters:', `- name: test`, `  cluster:`, `    server: https://127.0.0.1:${port}`, `    certificate-authority-data: ${tls.caData}`,
      'contexts:', '- name: test', '  context:', '    cluster: test', '    user: test',
      'users:', '- name: test', '  user:',
      ...(this.behaviour.execToken === undefined ? ['    token: fake-token'] : [
        '    exec:', '      apiVersion: client.authentication.k8s.io/v1beta1', `      command: ${process.execPath}`,
        '      args:', '      - -e', `      - 'console.log(JSON.stringify({ kind: "ExecCredential", status: { token: process.env.FAKE_TOKEN, expirationTimestamp: "2999-01-01T00:00:00Z" } }))'`,
        '      env:', '      - name: FAKE_TOKEN', `        value: ${this.behaviour.execToken}`,
      ]),
      '',
    ].join('\n'));
    return file;
  }

  /** Stops answering (the kubeconfig stays): clients then meet a refused connection. */
  public async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await close(server);
  }

  public async stop(): Promise<void> {
    await this.closeServer();
    if (this.dir !== undefined) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? undefined : JSON.parse(text) as Record<string, unknown>;
      this.requests.push({ method: req.method ?? '', path: url.pathname, body, authorization: req.headers.authorization });
      // One request per connection: a kept-alive socket the server closes while the client reuses it is an ECONNRESET.
      const reply = (status: number, json: unknown): void => { res.writeHead(status, { 'Content-Type': 'application/json', 'Connection': 'close' }); res.end(JSON.stringify(json)); };
      if (req.method === 'POST' && body !== undefined) {
        const name = String((body.metadata as { name?: string } | undefined)?.name);
        const key = `${url.pathname}/${name}`;
        if (this.objects.has(key)) { reply(409, { kind: 'Status', message: `${name} already exists` }); return; }
        this.objects.set(key, body);
        if (body.kind === 'KafkaUser' && this.behaviour.userOperator !== false) {
          const ns = url.pathname.split('/')[5];
          this.objects.set(`/api/v1/namespaces/${ns}/secrets/${name}`, { kind: 'Secret', data: { 'sasl.jaas.config': Buffer.from(`org.apache.kafka.common.security.scram.ScramLoginModule required username="${name}" password="pw";`).toString('base64') } });
        }
        if (body.kind === 'Job') this.objects.set(key, { ...body, status: this.behaviour.jobStatus ?? { succeeded: 1, completionTime: '2026-11-30T05:00:05Z' } });
        reply(201, body);
        return;
      }
      const stored = this.objects.get(url.pathname);
      if (req.method === 'GET') { if (stored) reply(200, stored); else reply(404, { kind: 'Status', message: 'not found' }); return; }
      if (req.method === 'DELETE') { this.objects.delete(url.pathname); reply(stored ? 200 : 404, { kind: 'Status' }); return; }
      reply(405, { kind: 'Status', message: 'method not allowed' });
    });
  }
}
