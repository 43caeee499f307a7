import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JavaVersion } from '../../lib/catalog/java-version';
import { chooseJdk, findJdk, findMaven, parseJavaVersionOutput, pipelinesCacheDir } from '../../lib/local/toolchain';

/** A fake JDK home: bin/javac and a release file, as the JDK packages install them. */
function fakeJdk(root: string, name: string, version: string): string {
  const home = path.join(root, name);
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(home, 'bin', 'javac'), '');
  fs.writeFileSync(path.join(home, 'release'), `IMPLEMENTOR="test"\nJAVA_VERSION="${version}"\n`);
  return home;
}

describe('toolchain', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolchain-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
    ['no version here', undefined],
  ])('parses %s', (text, release) => {
    expect(parseJavaVersionOutput(text)).toBe(release);
  });

  test('chooses the lowest supported JDK at least as new as needed (17 for Java 11 code when only 17 and 25 are installed)', () => {
    const jdks = [{ home: '/j25', release: 25 }, { home: '/j17', release: 17 }];
    expect(chooseJdk(jdks, JavaVersion.JAVA_11)?.home).toBe('/j17');
    expect(chooseJdk([...jdks, { home: '/j11', release: 11 }], JavaVersion.JAVA_11)?.home).toBe('/j11');
    expect(chooseJdk([{ home: '/j25', release: 25 }], JavaVersion.JAVA_17)).toBeUndefined();
  });

  test('finds installed JDKs by their release file, aliases once', () => {
    const j17 = fakeJdk(root, 'java-17-openjdk-amd64', '17.0.15');
    fs.symlinkSync(j17, path.join(root, 'java-1.17.0-openjdk-amd64'));
    fakeJdk(root, 'temurin-25-jdk-amd64', '25');
    expect(findJdk(JavaVersion.JAVA_11, { env: {}, jvmRoot: root })).toEqual({ home: fs.realpathSync(j17), release: 17 });
  });

  test('fails with what to install when no JDK fits', () => {
    fakeJdk(root, 'temurin-25-jdk-amd64', '25');
    expect(() => findJdk(JavaVersion.JAVA_17, { env: {}, jvmRoot: root })).toThrow(
      `no JDK 17 or 21 under ${root} (found Java 25) for Java 17 code: install one (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`);
  });

  test('JAVA_HOME wins, and must be a JDK new enough', () => {
    const j11 = fakeJdk(root, 'j11', '11.0.2');
    expect(findJdk(JavaVersion.JAVA_11, { env: { JAVA_HOME: j11 }, jvmRoot: root })).toEqual({ home: j11, release: 11 });
    expect(() => findJdk(JavaVersion.JAVA_17, { env: { JAVA_HOME: j11 } })).toThrow(`JAVA_HOME=${j11} is Java 11, but the runner needs Java 17 or newer: point it at a JDK 17, or unset it`);
    expect(() => findJdk(JavaVersion.JAVA_17, { env: { JAVA_HOME: root } })).toThrow(`JAVA_HOME=${root} is not a JDK`);
  });

  test('finds mvn on PATH or under MAVEN_HOME, and names how to install it', () => {
    fs.mkdirSync(path.join(root, 'bin'));
    const mvn = path.join(root, 'bin', 'mvn');
    fs.writeFileSync(mvn, '#!/bin/sh\n', { mode: 0o755 });
    expect(findMaven({ env: { PATH: `/nonexistent${path.delimiter}${path.join(root, 'bin')}` } })).toBe(mvn);
    expect(findMaven({ env: { MAVEN_HOME: root } })).toBe(mvn);
    expect(() => findMaven({ env: { PATH: '/nonexistent' } })).toThrow('mvn is not on PATH: install Maven 3.8 or newer (e.g. apt-get install maven) or set MAVEN_HOME');
    expect(() => findMaven({ env: { MAVEN_HOME: '/nonexistent' } })).toThrow('MAVEN_HOME=/nonexistent has no executable bin/mvn');
  });

  test('the cache directory is $PIPELINES_CACHE_DIR or ~/.cache/event-pipelines', () => {
    expect(pipelinesCacheDir({ PIPELINES_CACHE_DIR: root })).toBe(root);
    expect(pipelinesCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'event-pipelines'));
  });
});
