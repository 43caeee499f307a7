import { BUILD_TOOLS } from '../catalog/artifact-catalog';
import { JavaVersion } from '../catalog/java-version';
import { flinkPrometheusPluginJar } from './flink-metrics-plugin';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { RUNNER_CHECK_DIR, RUNNER_CHECK_MANIFEST, runnerCheckCommand } from './runner-check-inputs';
import { SQL_RUNNER_IMAGE_JAR_PATH, SQL_RUNNER_JAR_NAME } from './sql-runner-contract';

/** The Maven image that builds the runner: a JDK at least as new as the runner's release (and never older than 17). */
export function runnerBuildImage(artifacts: ResolvedArtifacts): string {
  const jdk = Math.max(JavaVersion.JAVA_17.release, artifacts.runnerJava.release);
  return `maven:${BUILD_TOOLS.maven}-eclipse-temurin-${jdk}`;
}

/** Options of `renderRunnerDockerfile`. */
export interface RunnerDockerfileOptions {
  /**
   * Whether the build context holds the check inputs (`runnerCheckFiles`) and the build runs the check before the
   * image can be produced.
   * @default false
   */
  readonly check?: boolean;
}

/** Where the check stage puts its inputs. */
const CHECK_INPUTS_PATH = '/opt/sql-runner-check';

/**
 * The self-hosted runner image, built by the CDK CLI when it publishes assets:
 * - `build` (the builder's platform, `$BUILDPLATFORM`: the jar is bytecode, so an arm64 image needs no emulated Maven)
 *   builds the shaded runner jar from the generated `pom.xml` and `src/`;
 * - `distribution` (the builder's platform) is the very Flink image of the job — same tag — with the jar in
 *   `/opt/flink/usrlib`; with `check`, it runs the runner's build-time check there (`flink run --target local`: the
 *   distribution's `lib/` parent-first, the jar through Flink's user-code class loader), so a job that cannot plan
 *   fails the build and nothing is pushed; it also fails when the image lacks the Prometheus reporter plugin
 *   (`plugins/metrics-prometheus/`, shipped by every official image since Flink 1.11) that the pods' metrics need;
 * - the image: the resolved, pinned `flink:<patch>-scala_2.12-java<N>` for the target platform plus the checked jar
 *   and the `flink-s3-fs-presto` plugin (checkpoints and savepoints on S3), both copied in with `COPY --from`: the
 *   target stage runs nothing, so no QEMU is needed on an x86 builder for arm64 images.
 * Requires `artifacts.selfHosted` (the self-hosted flavor was requested).
 */
export function renderRunnerDockerfile(artifacts: ResolvedArtifacts, options: RunnerDockerfileOptions = {}): string {
  const runtime = artifacts.selfHosted;
  if (runtime === undefined) throw new Error('renderRunnerDockerfile needs artifacts resolved for the self-hosted flavor');
  const presto = `flink-s3-fs-presto-${artifacts.flinkPatch}.jar`;
  const prometheusPlugin = flinkPrometheusPluginJar(artifacts.flinkPatch);
  const check = options.check === true ? `COPY ${RUNNER_CHECK_DIR} ${CHECK_INPUTS_PATH}
# The build-time check: every statement parsed, every named class loaded, every INSERT planned against a local
# catalog with the sink tables, one sample record per topic decoded. A failure names the statement and the missing class.
RUN ${runnerCheckCommand('/opt/flink', SQL_RUNNER_IMAGE_JAR_PATH, `${CHECK_INPUTS_PATH}/${RUNNER_CHECK_MANIFEST.slice(RUNNER_CHECK_DIR.length + 1)}`)}
` : '';
  return `# Generated from the version catalog (lib/catalog) for Flink ${artifacts.flinkPatch}: do not edit.
# Every RUN is on the builder's own platform; the image stage only copies (no emulation for arm64 images).
FROM --platform=$BUILDPLATFORM ${runnerBuildImage(artifacts)} AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -ntp package -DskipTests

FROM --platform=$BUILDPLATFORM ${runtime.image} AS distribution
COPY --from=build /build/target/${SQL_RUNNER_JAR_NAME} ${SQL_RUNNER_IMAGE_JAR_PATH}
# The pods' metrics come from Flink's Prometheus reporter plugin, part of the official image: fail here if it is not.
RUN test -f ${prometheusPlugin} || { echo "${prometheusPlugin} is missing from ${runtime.image}: the Flink pods would expose no metrics" >&2; exit 1; }
${check}
FROM ${runtime.image}
COPY --from=distribution --chown=flink:flink /opt/flink/opt/${presto} /opt/flink/plugins/s3-fs-presto/${presto}
COPY --from=distribution --chown=flink:flink ${SQL_RUNNER_IMAGE_JAR_PATH} ${SQL_RUNNER_IMAGE_JAR_PATH}
`;
}
