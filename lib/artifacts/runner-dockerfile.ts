import { BUILD_TOOLS } from '../catalog/artifact-catalog';
import { JavaVersion } from '../catalog/java-version';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { SQL_RUNNER_IMAGE_JAR_PATH, SQL_RUNNER_JAR_NAME } from './sql-runner-contract';

/** The Maven image that builds the runner: a JDK at least as new as the runner's release (and never older than 17). */
export function runnerBuildImage(artifacts: ResolvedArtifacts): string {
  const jdk = Math.max(JavaVersion.JAVA_17.release, artifacts.runnerJava.release);
  return `maven:${BUILD_TOOLS.maven}-eclipse-temurin-${jdk}`;
}

/**
 * The self-hosted runner image: a Maven stage builds the shaded runner jar from the generated `pom.xml` and `src/` on
 * the builder's platform (BuildKit `$BUILDPLATFORM`: the jar is bytecode, so an arm64 image needs no emulated Maven
 * build); the image is the resolved, pinned `flink:<patch>-scala_2.12-java<N>` plus the runner jar in
 * `/opt/flink/usrlib`, with the `flink-s3-fs-presto` plugin enabled (copied from `/opt/flink/opt`) for checkpoints and
 * savepoints on S3.
 * Requires `artifacts.selfHosted` (the self-hosted flavor was requested).
 */
export function renderRunnerDockerfile(artifacts: ResolvedArtifacts): string {
  const runtime = artifacts.selfHosted;
  if (runtime === undefined) throw new Error('renderRunnerDockerfile needs artifacts resolved for the self-hosted flavor');
  const presto = `flink-s3-fs-presto-${artifacts.flinkPatch}.jar`;
  return `# Generated from the version catalog (lib/catalog) for Flink ${artifacts.flinkPatch}: do not edit.
# The jar is platform-independent: build it on the builder's own platform (no emulation for arm64 images).
FROM --platform=$BUILDPLATFORM ${runnerBuildImage(artifacts)} AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -ntp package -DskipTests

FROM ${runtime.image}
RUN mkdir -p /opt/flink/plugins/s3-fs-presto \\
 && cp /opt/flink/opt/${presto} /opt/flink/plugins/s3-fs-presto/ \\
 && chown -R flink:flink /opt/flink/plugins/s3-fs-presto
COPY --from=build --chown=flink:flink /build/target/${SQL_RUNNER_JAR_NAME} ${SQL_RUNNER_IMAGE_JAR_PATH}
`;
}
