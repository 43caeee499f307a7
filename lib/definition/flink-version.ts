/**
 * A Flink minor version. The version catalog (`lib/catalog`) knows, for each one, its patch, Java, image, connectors
 * and where it runs; an unknown minor fails validation with the list of known ones.
 */
export class FlinkVersion {
  public static readonly V1_19 = new FlinkVersion('1.19');
  public static readonly V1_20 = new FlinkVersion('1.20');
  public static readonly V2_0 = new FlinkVersion('2.0');
  public static readonly V2_1 = new FlinkVersion('2.1');
  public static readonly V2_2 = new FlinkVersion('2.2');

  /** A minor version that has no constant yet, e.g. `FlinkVersion.of('2.3')`; the catalog decides if it is supported. */
  public static of(minor: string): FlinkVersion {
    return new FlinkVersion(minor);
  }

  private constructor(public readonly minor: string) {}

  /** Major version number (1 or 2). */
  public get major(): number {
    return Number(this.minor.split('.')[0]);
  }

  /** Compare by version number: negative if this is older than `other`. */
  public compareTo(other: FlinkVersion): number {
    const [a1, a2] = this.minor.split('.').map(Number);
    const [b1, b2] = other.minor.split('.').map(Number);
    return a1 !== b1 ? a1 - b1 : a2 - b2;
  }

  public toString(): string {
    return this.minor;
  }
}
