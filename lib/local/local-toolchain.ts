import * as fs from 'fs';
import * as path from 'path';
import { SQL_RUNNER_MAIN_CLASS } from '../artifacts/sql-runner-contract';
import { JavaVersion } from '../catalog/java-version';
import { PipelinePlan } from '../plan/pipeline-plan';
import { FlinkHome, assembleFlinkHome, flinkRunInvocation } from './flink-home';
import { Invocation, LocalBroker, LocalToolchain } from './local-runtime';
import { buildRunnerJar } from './runner-jar';
import { findJdk } from './toolchain';

/** Options of `mavenLocalToolchain`. */
export interface MavenLocalToolchainOptions {
  /**
   * Cache of jars, Flink homes and broker distributions.
   * @default - pipelinesCacheDir()
   */
  readonly cacheDir?: string;
  /**
   * Heap of each job's JVM (client + MiniCluster).
   * @default '1g'
   */
  readonly jobHeap?: string;
  /** Starts the broker (the local Kafka module). */
  readonly startBroker: LocalToolchain['startBroker'];
  /** The principal of a job (the plan's Kafka principals). */
  readonly jobPrincipal: LocalToolchain['jobPrincipal'];
}

/** The Java the self-hosted image runs the job on (the local run uses the same release). */
export function runtimeJava(plan: PipelinePlan): JavaVersion {
  return plan.artifacts.selfHosted?.java ?? plan.artifacts.runnerJava;
}

/**
 * The local runtime's toolchain: the runner jar built by Maven from the generated pom (`buildRunnerJar`), Flink's
 * `lib/` assembled from Maven Central (`assembleFlinkHome`) and run as `flink run --target local` on a JDK of the
 * self-hosted image's Java release.
 */
export function mavenLocalToolchain(options: MavenLocalToolchainOptions): LocalToolchain {
  const homes = new Map<string, Promise<FlinkHome>>();
  const jars = new Map<string, Promise<string>>();
  const home = (plan: PipelinePlan, onProgress: (line: string) => void) => {
    const patch = plan.artifacts.flinkPatch;
    let found = homes.get(patch);
    if (found === undefined) {
      onProgress(`Flink ${patch}: assembling lib/ from Maven Central (first run downloads, later runs reuse ${options.cacheDir ?? 'the cache'})`);
      found = assembleFlinkHome(patch, { ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}), onProgress });
      homes.set(patch, found);
    }
    return found;
  };
  return {
    runnerJar(plan, onProgress) {
      const key = JSON.stringify(plan.artifacts);
      let found = jars.get(key);
      if (found === undefined) {
        onProgress('Runner jar: building the generated pom with Maven (first run downloads, later runs reuse the build)');
        found = buildRunnerJar(plan.artifacts, { ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}), onProgress }).then((r) => r.jar);
        jars.set(key, found);
      }
      return found;
    },
    async flinkRun(plan, run, onProgress): Promise<Invocation> {
      const flinkHome = await home(plan, onProgress);
      const jdk = findJdk(runtimeJava(plan));
      const invocation = flinkRunInvocation(flinkHome, {
        jar: run.jar,
        mainClass: SQL_RUNNER_MAIN_CLASS,
        programArgs: run.programArgs,
        confDir: run.confDir,
        javaHome: jdk.home,
        jvmOptions: [`-Xmx${options.jobHeap ?? '1g'}`, `-Djava.io.tmpdir=${path.join(run.confDir, '..')}`],
        logFile: path.join(run.confDir, '..', 'flink.log'),
        ...(run.savepointPath !== undefined ? { savepointPath: run.savepointPath } : {}),
      });
      return { ...invocation, env: { ...process.env, ...invocation.env } };
    },
    async flinkLogConfiguration(plan) {
      const flinkHome = await home(plan, () => undefined);
      const files: Record<string, string> = {};
      for (const file of fs.readdirSync(flinkHome.confDir).filter((f) => f.startsWith('log4j'))) files[file] = fs.readFileSync(path.join(flinkHome.confDir, file), 'utf8');
      return files;
    },
    startBroker: options.startBroker,
    jobPrincipal: options.jobPrincipal,
  };
}

export type { LocalBroker };
