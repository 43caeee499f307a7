/**
 * The lowest version of each peer dependency the library works with: the floor of package.json's
 * `peerDependencies` ranges (a test keeps the two equal). Below it, an import fails deep inside, e.g.
 * `Package subpath './aws-eks-v2' is not defined by "exports"` for an aws-cdk-lib without the EKS v2 module.
 */
export const PEER_DEPENDENCY_FLOORS: Readonly<Record<string, string>> = {
  'aws-cdk-lib': '2.269.0',
  constructs: '10.5.0',
};

/** The installed version of a package as this library resolves it (undefined when it is not installed). */
export function installedVersion(name: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Whether `version` (`2.100.0`, `2.269.0-rc.1`) is below `floor`, comparing major, minor and patch numbers. */
function below(version: string, floor: string): boolean {
  const parts = (v: string) => v.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(version), parts(floor)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

/**
 * One line per peer dependency that is missing or below its floor, naming the version needed and the fix; empty
 * when every peer is recent enough. `installed` reads a package's version (tests inject old ones).
 */
export function peerDependencyProblems(installed: (name: string) => string | undefined = installedVersion): string[] {
  return Object.entries(PEER_DEPENDENCY_FLOORS).flatMap(([name, floor]) => {
    const version = installed(name);
    if (version === undefined) return [`event-pipelines-as-code needs ${name} ≥ ${floor} (a peer dependency), and it is not installed: npm install ${name}@^${floor}`];
    if (!below(version, floor)) return [];
    return [`event-pipelines-as-code needs ${name} ≥ ${floor} (a peer dependency), but this app has ${name} ${version}: upgrade it with npm install ${name}@^${floor}`];
  });
}
