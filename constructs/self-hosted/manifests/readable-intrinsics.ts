/**
 * Renders CloudFormation intrinsics inside a resolved Kubernetes object as readable `${…}` placeholders, in the
 * syntax of `Fn::Sub`: `{ Ref: 'Bucket83908E77' }` → `${Bucket83908E77}`, `{ 'Fn::GetAtt': ['Role1ABCC5F0', 'Arn'] }`
 * → `${Role1ABCC5F0.Arn}`, and `Fn::Join` concatenates its parts. The plain YAML files show what is deployed with the
 * deploy-time values named, instead of opaque token strings.
 */
export function readableIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(readableIntrinsics);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    if (key === 'Ref' && typeof arg === 'string') return `\${${arg}}`;
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) return `\${${arg.join('.')}}`;
    if (key === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1])) {
      return (arg[1] as unknown[]).map((part) => asText(readableIntrinsics(part))).join(String(arg[0]));
    }
    // Already in placeholder syntax; its variables (if any) are left as named.
    if (key === 'Fn::Sub' && typeof arg === 'string') return arg;
    if (key === 'Fn::Sub' && Array.isArray(arg) && typeof arg[0] === 'string') return arg[0];
    if (key.startsWith('Fn::')) return `\${${key}(${JSON.stringify(arg)})}`;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, readableIntrinsics(v)]));
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
