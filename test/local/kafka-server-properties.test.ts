import { LOCAL_KAFKA_ADMIN, localClientProperties, newKraftClusterId, localServerProperties, renderProperties, scramJaasConfig } from '../../lib/local/kafka-server-properties';
import { strimziScramClientProperties } from '../../lib/sql/kafka-client-properties';

const PROPS = {
  port: 19093,
  controllerPort: 19094,
  logDir: '/work/local/kraft',
  keystoreFile: '/work/local/tls/broker-keystore.pem',
  caCertificateFile: '/work/local/tls/ca.crt',
  adminPassword: 'secret-admin',
};
const server = new Map(localServerProperties(PROPS));

describe('server.properties of the local broker', () => {
  test('one KRaft node that is broker and controller, listening on 127.0.0.1 only', () => {
    expect(server.get('process.roles')).toBe('broker,controller');
    expect(server.get('controller.quorum.voters')).toBe('1@127.0.0.1:19094');
    expect(server.get('listeners')).toBe('SASL_SSL://127.0.0.1:19093,CONTROLLER://127.0.0.1:19094');
    expect(server.get('advertised.listeners')).toBe('SASL_SSL://127.0.0.1:19093');
    for (const listener of (server.get('listeners') ?? '').split(',')) expect(listener).toMatch(/^[A-Z_]+:\/\/127\.0\.0\.1:\d+$/);
  });

  test('clients: SASL_SSL with SCRAM-SHA-512 only, PEM keystore and truststore', () => {
    expect(server.get('listener.security.protocol.map')).toBe('SASL_SSL:SASL_SSL,CONTROLLER:SSL');
    expect(server.get('sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512');
    expect(server.get('ssl.keystore.type')).toBe('PEM');
    expect(server.get('ssl.keystore.location')).toBe(PROPS.keystoreFile);
    expect(server.get('ssl.truststore.type')).toBe('PEM');
    expect(server.get('ssl.truststore.location')).toBe(PROPS.caCertificateFile);
  });

  test('the controller listener admits only a client certificate (mutual TLS)', () => {
    expect(server.get('listener.name.controller.ssl.client.auth')).toBe('required');
  });

  test('ACLs decide: StandardAuthorizer, nothing without an ACL, the admin and the broker certificate are super users', () => {
    expect(server.get('authorizer.class.name')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(server.get('allow.everyone.if.no.acl.found')).toBe('false');
    expect(server.get('super.users')).toBe('User:admin;User:CN=local-kafka-broker');
  });

  test('the broker logs in to its own listener as the admin', () => {
    expect(server.get('inter.broker.listener.name')).toBe('SASL_SSL');
    expect(server.get('sasl.mechanism.inter.broker.protocol')).toBe('SCRAM-SHA-512');
    expect(server.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toBe(scramJaasConfig(LOCAL_KAFKA_ADMIN, 'secret-admin'));
  });

  test('single node: every replication factor and min ISR is 1, topics are never created implicitly', () => {
    for (const key of ['default.replication.factor', 'min.insync.replicas', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr', 'share.coordinator.state.topic.replication.factor', 'share.coordinator.state.topic.min.isr']) {
      expect([key, server.get(key)]).toEqual([key, '1']);
    }
    expect(server.get('auto.create.topics.enable')).toBe('false');
    expect(server.get('log.dirs')).toBe('/work/local/kraft');
  });
});

describe('renderProperties', () => {
  test('escapes what Java properties would read differently, one entry per line', () => {
    expect(renderProperties([['a.b', 'x=y:z'], ['path', 'C:\\dir'], ['lead', ' space'], ['k=1', 'v'], ['sasl.jaas.config', '${file:/d/c.properties:sasl.jaas.config}']]))
      .toBe('a.b=x=y:z\npath=C:\\\\dir\nlead=\\ space\nk\\=1=v\nsasl.jaas.config=${file:/d/c.properties:sasl.jaas.config}\n');
  });
});

describe('scramJaasConfig', () => {
  test('the SCRAM login line Strimzi writes into a KafkaUser Secret, quotes escaped', () => {
    expect(scramJaasConfig('orders-orders-to-lake', 'p"w')).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required username="orders-orders-to-lake" password="p\\"w";');
  });
});

describe('localClientProperties', () => {
  test('exactly the deployed SQL client properties with the local CA, credentials file and bootstrap', () => {
    const properties = localClientProperties('127.0.0.1:19093', '/l/tls/ca.crt', '/l/credentials/u/client.properties');
    expect(properties).toEqual({ 'bootstrap.servers': '127.0.0.1:19093', ...strimziScramClientProperties('/l/tls/ca.crt', '/l/credentials/u/client.properties') });
    expect(properties).toMatchObject({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': '/l/tls/ca.crt',
      'sasl.jaas.config': '${file:/l/credentials/u/client.properties:sasl.jaas.config}',
      'config.providers.file.param.allowed.paths': '/l/credentials/u',
    });
  });
});

test('a KRaft cluster id never starts with "-" (kafka-storage would read it as an option): such bytes are drawn again', () => {
  // 0xF8 = 111110xx: the first base64url character is index 62, '-'.
  const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x00)];
  const asked: number[] = [];
  const id = newKraftClusterId((size) => {
    asked.push(size);
    return draws.shift() ?? Buffer.alloc(16, 0x11);
  });
  expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
  expect(asked).toEqual([16, 16]);
  expect(id).toBe('AAAAAAAAAAAAAAAAAAAAAA');
});
