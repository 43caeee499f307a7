import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MavenOutputTail, isMeaningfulLine, mavenArguments, runMaven } from '../../lib/local/maven';

describe('runMaven', () => {
  test('batch mode without colors; -ntp unless progress is wanted; -o offline', () => {
    expect(mavenArguments({ goals: ['package'] })).toEqual(['-B', '-Dstyle.color=never', '-ntp', 'package']);
    expect(mavenArguments({ goals: ['package'], offline: true, onProgress: () => undefined, args: ['-DskipTests'] })).toEqual(['-B', '-Dstyle.color=never', '-o', '-DskipTests', 'package']);
  });

  test('separators, blank lines and the help boilerplate are not meaningful', () => {
    expect(isMeaningfulLine('[INFO] ------------------------------------------------------------------------')).toBe(false);
    expect(isMeaningfulLine('[INFO] --------------------< io.eventpipelines:sql-runner >--------------------')).toBe(false);
    expect(isMeaningfulLine('[ERROR] ')).toBe(false);
    expect(isMeaningfulLine('[ERROR] Re-run Maven using the -X switch to enable full debug logging.')).toBe(false);
    expect(isMeaningfulLine('[ERROR] Could not find artifact a:b:jar:1 in central')).toBe(true);
  });

  test('keeps the last lines across chunk boundaries', () => {
    const tail = new MavenOutputTail(2);
    tail.push('[INFO] one\n[INFO] tw');
    tail.push('o\n\n[ERROR] three');
    expect(tail.finish()).toEqual(['[INFO] two', '[ERROR] three']);
  });

  describe('with a fake mvn', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maven-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function fakeMvn(script: string): string {
      const file = path.join(dir, 'mvn');
      fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
      return file;
    }

    test('a failure carries the last 40 meaningful lines, with JAVA_HOME passed to Maven', async () => {
      const mvn = fakeMvn('echo "JAVA_HOME=$JAVA_HOME"; i=0; while [ $i -lt 60 ]; do echo "[INFO] line $i"; i=$((i+1)); done; echo "[INFO] ----------"; echo "[ERROR] BUILD FAILURE: missing x:y:jar:1" >&2; exit 1');
      const error = await runMaven({ projectDir: dir, goals: ['package'], javaHome: '/opt/jdk17', mvn }).then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(/^mvn -B -Dstyle.color=never -ntp package failed in .* \(exit code 1\); its last 40 lines:\n\[INFO\] line 21\n/);
      expect(error?.message.endsWith('[INFO] line 59\n[ERROR] BUILD FAILURE: missing x:y:jar:1')).toBe(true);
      expect(error?.message).not.toContain('----------');
    });

    test('download lines go to onProgress; success resolves', async () => {
      const mvn = fakeMvn('echo "[INFO] Downloading from central: https://repo/a.pom"; echo "[INFO] Building x"; echo "Downloaded from central: https://repo/a.pom (2 kB at 10 kB/s)"; echo "$JAVA_HOME $1 $2"');
      const lines: string[] = [];
      await runMaven({ projectDir: dir, goals: ['package'], javaHome: '/opt/jdk17', mvn, onProgress: (l) => lines.push(l) });
      expect(lines).toEqual(['Downloading from central: https://repo/a.pom', 'Downloaded from central: https://repo/a.pom (2 kB at 10 kB/s)']);
    });

    test('a missing mvn is one line naming the fix', async () => {
      await expect(runMaven({ projectDir: dir, goals: ['package'], javaHome: '/opt/jdk17', mvn: path.join(dir, 'none') })).rejects.toThrow(/^cannot run .*none in .*: .* — install Maven 3\.8\+ or set MAVEN_HOME$/);
    });
  });
});
