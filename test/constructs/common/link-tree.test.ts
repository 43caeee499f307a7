import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { linkTree } from '../../../constructs/common/private/link-tree';
import { BadRecordPolicy, CleanupPolicy, KeyFormat, RecordFormat } from '../../../lib/definition/kafka-options';
import { TopicPlan } from '../../../lib/plan/pipeline-plan';
import { ServerlessMskCluster } from '../../../constructs/managed/kafka/serverless-msk-cluster';
import { ServerlessMskTopics } from '../../../constructs/managed/topics/serverless-msk-topics';
import { testStackWithVpc } from '../../managed/support';

/** Every file under `dir` (relative path → content and mode), directories implied. */
function treeOf(dir: string): Record<string, { content: string; mode: number }> {
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => [path.relative(dir, file), { content: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode }] as const)
    .sort(([a], [b]) => a.localeCompare(b)));
}

function sampleTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'link-tree-src-'));
  fs.mkdirSync(path.join(dir, 'src', 'nested'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
  fs.writeFileSync(path.join(dir, 'src', 'index.js'), 'module.exports = 1;');
  fs.writeFileSync(path.join(dir, 'src', 'nested', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  return dir;
}

describe('linkTree', () => {
  test('gives the same files (content and mode) as a copy, each hard-linked to its source (no data copied)', () => {
    const source = sampleTree();
    const destination = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'link-tree-dst-')), 'out', 'pkg');
    linkTree(source, destination);
    expect(treeOf(destination)).toEqual(treeOf(source));
    for (const file of Object.keys(treeOf(source))) {
      expect({ file, inode: fs.statSync(path.join(destination, file)).ino }).toEqual({ file, inode: fs.statSync(path.join(source, file)).ino });
    }
  });

  test('copies a file the file system will not link (another device, no hard links)', () => {
    const source = sampleTree();
    const destination = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'link-tree-dst-')), 'pkg');
    // The module object itself (an `import * as` namespace is a copy whose spies the code under test would not see).
    const nodeFs = require('node:fs') as typeof fs;
    const link = jest.spyOn(nodeFs, 'linkSync').mockImplementation(() => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    try {
      linkTree(source, destination);
    } finally {
      link.mockRestore();
    }
    expect(treeOf(destination)).toEqual(treeOf(source));
    expect(fs.statSync(path.join(destination, 'package.json')).ino).not.toBe(fs.statSync(path.join(source, 'package.json')).ino);
  });
});

describe('the MSK Serverless topics handler asset', () => {
  test('holds the compiled handler and the installed kafkajs package, file for file', () => {
    const { app, stack, vpc } = testStackWithVpc();
    const cluster = new ServerlessMskCluster(stack, 'Kafka', { clusterName: 'orders-dev', vpc, removalPolicy: RemovalPolicy.DESTROY });
    const orders: TopicPlan = {
      name: 'orders', partitions: 3, partitionsSource: 'explicit', replicationFactor: 1, minInSyncReplicas: 1, retention: Duration.days(1),
      cleanupPolicy: CleanupPolicy.DELETE, key: [], keyFormat: KeyFormat.FROM_VALUE, valueFormat: RecordFormat.JSON, badRecords: BadRecordPolicy.FAIL, columns: [], configs: {},
    };
    new ServerlessMskTopics(stack, 'Topics', { cluster, vpc, topics: [orders], removalPolicy: RemovalPolicy.DESTROY });
    const outdir = app.synth().directory;
    const assets = fs.readdirSync(outdir).filter((d) => fs.existsSync(path.join(outdir, d, 'node_modules', 'kafkajs', 'package.json')));
    expect(assets).toHaveLength(1);
    const asset = path.join(outdir, assets[0]);
    const kafkajs = path.dirname(require.resolve('kafkajs/package.json'));
    expect(treeOf(path.join(asset, 'node_modules', 'kafkajs'))).toEqual(treeOf(kafkajs));
    const handler = path.join(__dirname, '..', '..', '..', 'constructs', 'managed', 'topics', 'serverless-topics', 'runtime', 'index.js');
    expect(fs.readFileSync(path.join(asset, 'index.js'), 'utf8')).toBe(fs.readFileSync(handler, 'utf8'));
  });
});
