import { KubernetesObject } from '../../charts/support/crd-schema-validator';
import { evaluateCel } from '../../charts/support/cel-subset';

/** An admission request as the API server hands it to a ValidatingAdmissionPolicy. */
export interface AdmissionRequest {
  readonly username: string;
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly object?: unknown;
  readonly oldObject?: unknown;
}

/** What the policies answer: allowed, or the messages of the failed rules with the policy's name. */
export interface AdmissionAnswer {
  readonly allowed: boolean;
  readonly denials: string[];
}

interface PolicySpec {
  readonly matchConstraints: {
    readonly namespaceSelector?: { readonly matchLabels?: Record<string, string> };
    readonly resourceRules: Array<{ apiGroups: string[]; operations: string[]; resources: string[] }>;
  };
  readonly matchConditions?: Array<{ expression: string }>;
  readonly variables?: Array<{ name: string; expression: string }>;
  readonly validations: Array<{ expression: string; message: string }>;
}

/**
 * Runs a request through the ValidatingAdmissionPolicies among `objects` that a binding puts in force with `Deny`,
 * the way the API server does: namespace selector, resource rules, match conditions, variables in order, then every
 * validation (an evaluation error denies: the policies fail closed).
 */
export function admit(objects: readonly KubernetesObject[], namespaceLabels: Record<string, string>, request: AdmissionRequest): AdmissionAnswer {
  const bindings = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')
    .map((o) => (o as unknown as { spec: { policyName: string; validationActions: string[] } }).spec)
    .filter((b) => b.validationActions.includes('Deny'));
  const denials: string[] = [];
  for (const policy of objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')) {
    const name = policy.metadata?.name ?? '';
    if (!bindings.some((b) => b.policyName === name)) continue;
    const spec = (policy as unknown as { spec: PolicySpec }).spec;
    const selector = spec.matchConstraints.namespaceSelector?.matchLabels ?? {};
    if (!Object.entries(selector).every(([k, v]) => namespaceLabels[k] === v)) continue;
    const ruleMatches = spec.matchConstraints.resourceRules.some((r) => r.apiGroups.includes(request.group) && r.resources.includes(request.resource) && r.operations.includes(request.operation));
    if (!ruleMatches) continue;
    const env: Record<string, unknown> = {
      request: { userInfo: { username: request.username }, namespace: request.namespace, operation: request.operation, resource: { group: request.group, resource: request.resource } },
      object: request.object ?? null,
      oldObject: request.oldObject ?? null,
    };
    if (!(spec.matchConditions ?? []).every((c) => evaluateCel(c.expression, env) === true)) continue;
    const variables: Record<string, unknown> = {};
    env.variables = variables;
    for (const v of spec.variables ?? []) variables[v.name] = evaluateCel(v.expression, env);
    for (const v of spec.validations) {
      if (evaluateCel(v.expression, env) !== true) denials.push(`${name}: ${v.message}`);
    }
  }
  return { allowed: denials.length === 0, denials };
}
