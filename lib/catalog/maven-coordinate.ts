import { JavaVersion } from './java-version';

/** How a dependency reaches the runtime. */
export type DependencyScope =
  /** Bundled (shaded) into the runner jar. */
  | 'compile'
  /** Compiled against, supplied by the runtime (Flink distribution, Managed Service for Apache Flink). */
  | 'provided';

/** A dependency excluded from another one's transitive closure. */
export interface MavenExclusion {
  readonly groupId: string;
  /** Artifact id, or `*` for all artifacts of the group. */
  readonly artifactId: string;
}

/** One resolved Maven artifact of the runner, with why it is there and the Java its class files need. */
export interface MavenCoordinate {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly scope: DependencyScope;
  /** The lowest Java release that loads the artifact's class files. */
  readonly minimumJava: JavaVersion;
  /** Why the runner needs it (written as a comment into the generated pom). */
  readonly purpose: string;
  /**
   * Transitive dependencies left out (logging bindings the Flink runtime already provides).
   * @default - none
   */
  readonly exclusions?: readonly MavenExclusion[];
}

/** `groupId:artifactId:version`. */
export function coordinateId(c: Pick<MavenCoordinate, 'groupId' | 'artifactId' | 'version'>): string {
  return `${c.groupId}:${c.artifactId}:${c.version}`;
}

/** A `major.minor.patch` version, e.g. `1.10.2`. */
export const VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

/** Compares dotted numeric versions (`1.10.0` > `1.9.2`): negative if `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
