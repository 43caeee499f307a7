/** A pod spec as synthesized (only the fields Pod Security `restricted` looks at). */
interface Container {
  readonly name: string;
  readonly securityContext?: {
    readonly runAsNonRoot?: boolean;
    readonly runAsUser?: number;
    readonly allowPrivilegeEscalation?: boolean;
    readonly privileged?: boolean;
    readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
    readonly seccompProfile?: { readonly type?: string };
  };
}
export interface PodSpecLike {
  readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number; readonly seccompProfile?: { readonly type?: string } };
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly volumes?: ReadonlyArray<Record<string, unknown>>;
  readonly initContainers?: readonly Container[];
  readonly containers?: readonly Container[];
}

/**
 * What keeps a pod from Pod Security Standards `restricted` (Kubernetes 1.34), written from the standard's list:
 * non-root, no privilege escalation, ALL capabilities dropped (only NET_BIND_SERVICE added), a RuntimeDefault or
 * Localhost seccomp profile, no host namespaces or hostPath volumes, not privileged.
 */
export function restrictedViolations(pod: PodSpecLike): string[] {
  const out: string[] = [];
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push('host namespaces');
  for (const v of pod.volumes ?? []) if ('hostPath' in v) out.push(`hostPath volume ${String(v.name)}`);
  const seccomp = (t?: string) => t === 'RuntimeDefault' || t === 'Localhost';
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: capabilities do not drop ALL`);
    if ((sc.capabilities?.add ?? []).some((a) => a !== 'NET_BIND_SERVICE')) out.push(`${c.name}: adds capabilities`);
    if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) out.push(`${c.name}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) out.push(`${c.name}: runs as uid 0`);
    if (!seccomp(sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type)) out.push(`${c.name}: no RuntimeDefault seccomp profile`);
  }
  if (containers.length === 0) out.push('no containers');
  return out;
}
