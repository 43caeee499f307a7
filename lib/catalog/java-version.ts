/**
 * A Java feature release, with the class-file major version its compiler emits.
 * A JVM refuses class files newer than its own release (`UnsupportedClassVersionError`), so an artifact built for
 * Java 17 (class file 61) cannot run on a Java 11 runtime (class file 55).
 */
export class JavaVersion {
  public static readonly JAVA_8 = new JavaVersion(8, 52);
  public static readonly JAVA_11 = new JavaVersion(11, 55);
  public static readonly JAVA_17 = new JavaVersion(17, 61);
  public static readonly JAVA_21 = new JavaVersion(21, 65);

  /** Every release the catalog knows, oldest first. */
  public static readonly ALL: readonly JavaVersion[] = [JavaVersion.JAVA_8, JavaVersion.JAVA_11, JavaVersion.JAVA_17, JavaVersion.JAVA_21];

  /** The known release with this number, or undefined. */
  public static tryOf(release: number): JavaVersion | undefined {
    return JavaVersion.ALL.find((j) => j.release === release);
  }

  /** The lowest of the given releases (the one every runtime among them can execute). */
  public static lowest(versions: readonly JavaVersion[]): JavaVersion | undefined {
    return [...versions].sort((a, b) => a.release - b.release)[0];
  }

  private constructor(
    /** Feature release number, as in `maven.compiler.release` and image tags (`java17`). */
    public readonly release: number,
    /** Class-file major version of code compiled for this release. */
    public readonly classFileVersion: number,
  ) {}

  /** Whether code compiled for `required` runs on this release. */
  public canRun(required: JavaVersion): boolean {
    return this.release >= required.release;
  }

  /** `Java 17 (class file 61)`. */
  public describe(): string {
    return `Java ${this.release} (class file ${this.classFileVersion})`;
  }

  public toString(): string {
    return `Java ${this.release}`;
  }
}
