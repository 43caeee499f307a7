import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { RUNNER_SOURCE_DIR } from '../../lib/artifacts/runner-build-context';
import { KAFKA_CREDENTIALS_MAIN_CLASS } from '../../charts/flink/flink-pod-template';

/**
 * The init container of a self-hosted Flink pod (runner `KafkaCredentials`), compiled for Java 11 with the local JDK and
 * run against a fake Kubernetes API server on loopback over real TLS: it reads the job's own Strimzi secret with the
 * pod's service-account token and CA, waits while the user operator has not written it yet, and writes the JAAS line as
 * a properties file the Kafka client's FileConfigProvider reads back.
 */
const hasTools = spawnSync('javac', ['-version']).status === 0 && spawnSync('openssl', ['version']).status === 0;
const describeWithTools = hasTools ? describe : describe.skip;

const JAAS = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="orders-orders-to-lake" password="p=a:s s\\\\w#rd";';
const SECRET_PATH = '/api/v1/namespaces/kafka/secrets/orders-orders-to-lake';

describeWithTools('KafkaCredentials (Java 11, against a fake API server over TLS)', () => {
  let dir: string;
  let classes: string;
  let server: https.Server;
  let port: number;
  const requests: Array<{ path: string; authorization?: string }> = [];
  let answers: Array<{ status: number; body: unknown }> = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-credentials-'));
    classes = path.join(dir, 'classes');
    execFileSync('javac', ['--release', '11', '-Xlint:all', '-Werror', '-d', classes,
      path.join(RUNNER_SOURCE_DIR, 'main', 'java', ...KAFKA_CREDENTIALS_MAIN_CLASS.split('.')) + '.java']);
    const account = path.join(dir, 'serviceaccount');
    fs.mkdirSync(account);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=kubernetes',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(account, 'ca.crt')], { stdio: 'ignore' });
    fs.writeFileSync(path.join(account, 'token'), 'pod-token\n');
    server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(account, 'ca.crt')) }, (req, res) => {
      requests.push({ path: String(req.url), authorization: req.headers.authorization });
      const answer = answers.shift() ?? { status: 500, body: { message: 'no answer left' } };
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function runCopy(out: string, waitSeconds = 10): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile('java', [`-Dkafka.credentials.serviceAccountDir=${path.join(dir, 'serviceaccount')}`, '-cp', classes, KAFKA_CREDENTIALS_MAIN_CLASS,
        '--namespace', 'kafka', '--secret', 'orders-orders-to-lake', '--key', 'sasl.jaas.config', '--out', out, '--wait-seconds', String(waitSeconds)],
      { env: { ...process.env, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port) }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  }

  test('waits while the secret is missing, then writes its sasl.jaas.config as a properties file that reads back exactly', async () => {
    requests.length = 0;
    answers = [
      { status: 404, body: { kind: 'Status', reason: 'NotFound' } },
      { status: 200, body: { kind: 'Secret', metadata: { name: 'orders-orders-to-lake', annotations: { 'sasl.jaas.config': 'decoy' } }, data: { password: Buffer.from('x').toString('base64'), 'sasl.jaas.config': Buffer.from(JAAS).toString('base64') } } },
    ];
    const out = path.join(dir, 'credentials', 'client.properties');
    const run = await runCopy(out);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(requests).toEqual([
      { path: SECRET_PATH, authorization: 'Bearer pod-token' },
      { path: SECRET_PATH, authorization: 'Bearer pod-token' },
    ]);
    // Read back the way java.util.Properties (and so Kafka's FileConfigProvider) reads it.
    const reader = path.join(dir, 'ReadBack.java');
    fs.writeFileSync(reader, 'public class ReadBack { public static void main(String[] a) throws Exception { var p = new java.util.Properties(); '
      + 'try (var r = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(a[0]))) { p.load(r); } System.out.print(p.getProperty(a[1])); } }\n');
    expect(execFileSync('java', [reader, out, 'sasl.jaas.config'], { encoding: 'utf8' })).toBe(JAAS);
  }, 60_000);

  test('any other answer ends the container with the status and no file', async () => {
    answers = [{ status: 403, body: { kind: 'Status', reason: 'Forbidden', message: 'secrets "orders-orders-to-lake" is forbidden' } }];
    const out = path.join(dir, 'forbidden', 'client.properties');
    const run = await runCopy(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('KafkaCredentials: GET secret kafka/orders-orders-to-lake answered 403');
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);

  test('a secret still missing after the wait fails with a hint at the KafkaUser', async () => {
    answers = Array.from({ length: 5 }, () => ({ status: 404, body: { kind: 'Status', reason: 'NotFound' } }));
    const run = await runCopy(path.join(dir, 'missing', 'client.properties'), 0);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answered 404 after waiting 0 s (is the KafkaUser ready?)');
  }, 60_000);
});
