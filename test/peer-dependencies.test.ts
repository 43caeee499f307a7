import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PEER_DEPENDENCY_FLOORS, peerDependencyProblems } from '../lib/peer-dependencies';

const ROOT = path.join(__dirname, '..');

describe('peer dependencies below the floor', () => {
  test('the floors are those of package.json\'s peerDependencies', () => {
    const { peerDependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    expect(Object.fromEntries(Object.entries(peerDependencies).map(([name, range]) => [name, range.replace(/^\^/, '')]))).toEqual(PEER_DEPENDENCY_FLOORS);
  });

  test('an old aws-cdk-lib: one line naming the version needed and the fix', () => {
    const versions: Record<string, string> = { 'aws-cdk-lib': '2.100.0', constructs: '10.5.0' };
    expect(peerDependencyProblems((name) => versions[name])).toEqual([
      'event-pipelines-as-code needs aws-cdk-lib ≥ 2.269.0 (a peer dependency), but this app has aws-cdk-lib 2.100.0: upgrade it with npm install aws-cdk-lib@^2.269.0',
    ]);
  });

  test.each([['2.269.0'], ['2.269.1'], ['2.270.0'], ['3.0.0']])('aws-cdk-lib %s is enough', (version) => {
    expect(peerDependencyProblems((name) => (name === 'aws-cdk-lib' ? version : '10.8.1'))).toEqual([]);
  });

  test.each([['2.268.9'], ['2.99.0'], ['1.204.0'], ['2.268.0-rc.0']])('aws-cdk-lib %s is not', (version) => {
    expect(peerDependencyProblems((name) => (name === 'aws-cdk-lib' ? version : '10.8.1'))).toHaveLength(1);
  });

  test('a missing constructs package is named with its install command', () => {
    expect(peerDependencyProblems((name) => (name === 'constructs' ? undefined : '2.276.0'))).toEqual([
      'event-pipelines-as-code needs constructs ≥ 10.5.0 (a peer dependency), and it is not installed: npm install constructs@^10.5.0',
    ]);
  });

  test('the installed peers of this repository pass', () => {
    expect(peerDependencyProblems()).toEqual([]);
  });

  // The library's entry point with an old aws-cdk-lib (its version read faked): the check runs before any import of
  // aws-cdk-lib, so the app exits 1 with the one line instead of `Package subpath './aws-eks-v2' is not defined`.
  test('importing the library\'s root with an old aws-cdk-lib exits 1 with that one line', () => {
    const result = spawnSync(process.execPath, ['-r', path.join(__dirname, 'support', 'old-aws-cdk-lib.js'), '-r', 'ts-node/register', '-e', 'require("./lib/index.ts")'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, FAKE_AWS_CDK_LIB_VERSION: '2.100.0', TS_NODE_SWC: 'true', TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    expect(result.stderr).toBe('event-pipelines-as-code needs aws-cdk-lib ≥ 2.269.0 (a peer dependency), but this app has aws-cdk-lib 2.100.0: upgrade it with npm install aws-cdk-lib@^2.269.0\n');
    expect(result.status).toBe(1);
  }, 60_000);
});
