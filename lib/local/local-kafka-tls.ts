import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { LOCAL_KAFKA_BROKER_CN } from './kafka-server-properties';

const run = promisify(execFile);

/** The local broker's TLS material, all PEM. */
export interface LocalKafkaTls {
  /** The CA certificate clients trust (`ssl.truststore.location`, type PEM). */
  readonly caCertificateFile: string;
  /** The broker's private key (PKCS#8, unencrypted, mode 0600) followed by its certificate: a PEM keystore. */
  readonly keystoreFile: string;
}

/**
 * A fresh CA and a broker certificate it signs, made with `openssl` in `dir` (valid two days, for 127.0.0.1 and
 * localhost, usable as server and as client certificate — the broker presents it to its own controller listener).
 * The CA's key is deleted once the broker certificate is signed: nothing else can be issued from it.
 */
export async function makeLocalKafkaTls(dir: string): Promise<LocalKafkaTls> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string): string => path.join(dir, name);
  const openssl = async (args: string[]): Promise<void> => {
    try {
      await run('openssl', args, { cwd: dir });
    } catch (error) {
      const detail = (error as { stderr?: string; message: string }).stderr ?? (error as Error).message;
      throw new Error(`local Kafka: "openssl ${args[0]}" failed in ${dir}: ${detail.trim()} — is OpenSSL 1.1.1+ on the PATH?`);
    }
  };
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=local-kafka-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', file('ca.key'), '-out', file('ca.crt')]);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${LOCAL_KAFKA_BROKER_CN}`,
    '-keyout', file('broker.key'), '-out', file('broker.csr')]);
  fs.writeFileSync(file('broker.ext'), [
    'basicConstraints=CA:FALSE',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth,clientAuth',
    '',
  ].join('\n'));
  await openssl(['x509', '-req', '-in', file('broker.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', file('broker.ext'), '-out', file('broker.crt')]);
  const keystoreFile = file('broker-keystore.pem');
  fs.writeFileSync(keystoreFile, fs.readFileSync(file('broker.key'), 'utf8') + fs.readFileSync(file('broker.crt'), 'utf8'), { mode: 0o600 });
  for (const name of ['ca.key', 'ca.srl', 'broker.key', 'broker.csr', 'broker.ext', 'broker.crt']) fs.rmSync(file(name), { force: true });
  return { caCertificateFile: file('ca.crt'), keystoreFile };
}
