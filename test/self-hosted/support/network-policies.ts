import { KubernetesObject } from '../../charts/support/crd-schema-validator';

/** A pod as NetworkPolicies see it. */
export interface PodEndpoint {
  readonly namespace: string;
  readonly labels: Record<string, string>;
}
/** An address outside the cluster's pods. */
export interface IpEndpoint {
  readonly ip: string;
}
export type Endpoint = PodEndpoint | IpEndpoint;

interface Selector { readonly matchLabels?: Record<string, string> }
interface Peer { readonly podSelector?: Selector; readonly namespaceSelector?: Selector; readonly ipBlock?: { cidr: string; except?: string[] } }
interface Rule { readonly from?: Peer[]; readonly to?: Peer[]; readonly ports?: Array<{ protocol?: string; port?: number }> }
interface PolicySpec { readonly podSelector: Selector; readonly policyTypes: string[]; readonly ingress?: Rule[]; readonly egress?: Rule[] }
interface Policy { readonly namespace: string; readonly spec: PolicySpec }

const isPod = (e: Endpoint): e is PodEndpoint => 'namespace' in e;
const selects = (selector: Selector, labels: Record<string, string>) => Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipNumber(ip) / size) === Math.floor(ipNumber(base) / size);
}

/**
 * Kubernetes NetworkPolicy semantics over the applied objects: a connection is allowed when the source's egress and the
 * destination's ingress both allow it — a side no policy selects (for that direction) allows everything; a selected
 * side allows what one of its rules' peers and ports admits. Namespaces carry `kubernetes.io/metadata.name`.
 */
export class NetworkPolicies {
  private readonly policies: Policy[];

  constructor(objects: readonly KubernetesObject[]) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => ({
      namespace: String(o.metadata?.namespace),
      spec: (o as unknown as { spec: PolicySpec }).spec,
    }));
  }

  /** Whether `from` may open a connection to `to` on a port (TCP unless said otherwise). */
  public allows(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
    return this.sideAllows('Egress', from, to, port, protocol) && this.sideAllows('Ingress', to, from, port, protocol);
  }

  private sideAllows(direction: 'Ingress' | 'Egress', self: Endpoint, peer: Endpoint, port: number, protocol: string): boolean {
    if (!isPod(self)) return true;
    const selecting = this.policies.filter((p) => p.namespace === self.namespace && p.spec.policyTypes.includes(direction) && selects(p.spec.podSelector, self.labels));
    if (selecting.length === 0) return true;
    return selecting.some((p) => (direction === 'Ingress' ? p.spec.ingress : p.spec.egress)?.some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const portOk = rule.ports === undefined || rule.ports.some((r) => (r.protocol ?? 'TCP') === protocol && (r.port === undefined || r.port === port));
      return portOk && (peers === undefined || peers.some((q) => this.peerMatches(q, p.namespace, peer)));
    }) ?? false);
  }

  private peerMatches(peer: Peer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock !== undefined) {
      return !isPod(endpoint) && inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(endpoint.ip, c));
    }
    if (!isPod(endpoint)) return false;
    const namespaceOk = peer.namespaceSelector === undefined
      ? endpoint.namespace === policyNamespace
      : selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': endpoint.namespace });
    return namespaceOk && (peer.podSelector === undefined || selects(peer.podSelector, endpoint.labels));
  }
}
