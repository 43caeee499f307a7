import { CostComponent } from '../cost/cost-line';
import { CostEstimate } from '../cost/estimate-cost';
import { Flavor } from '../flavor';
import { Comparison } from './comparison';

/** `$1,234.56` */
export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The estimate of a flavor. */
export function estimateOf(comparison: Comparison, flavor: Flavor): CostEstimate {
  const e = comparison.estimates.find((x) => x.flavor.id === flavor.id);
  if (!e) throw new Error(`the comparison has no estimate for ${flavor.id}`);
  return e;
}

/** Rows of the side-by-side cost table: component, then one cell per flavor (Flavor.ALL order). */
export function costRows(comparison: Comparison): string[][] {
  const rows = CostComponent.ALL.map((component) => [
    component.title,
    ...Flavor.ALL.map((f) => usd(estimateOf(comparison, f).byComponent.find((c) => c.component === component)?.monthlyUsd ?? 0)),
  ]);
  rows.push(['Total per month', ...Flavor.ALL.map((f) => usd(estimateOf(comparison, f).monthlyUsd))]);
  return rows;
}

/** Rows of the sizing summary: what each flavor runs. */
export function sizingRows(comparison: Comparison): string[][] {
  const s = comparison.plan.sizing;
  const msk = s.kafka.managed;
  const rows: string[][] = [
    ['Kafka', `${s.kafka.selfHosted.brokers} × ${s.kafka.selfHosted.instanceType} broker nodes, ${s.kafka.selfHosted.storagePerBrokerGiB} GiB each; ${s.kafka.selfHosted.controllers} KRaft controllers`,
      msk.mode === 'serverless' ? 'MSK Serverless' : `${msk.brokers} × ${msk.instanceType} (${msk.brokersPerZone} per zone), ${msk.storagePerBrokerGiB} GiB each`],
    ['Platform', `EKS + ${s.nodeGroups.system.min} × ${s.nodeGroups.system.instanceType} system nodes`, '—'],
    ['Flink nodes / KPUs', `${s.nodeGroups.flink.min}–${s.nodeGroups.flink.max} × ${s.nodeGroups.flink.instanceType} (average ${s.nodeGroups.flink.averageNodes.toFixed(2)})`,
      `${s.jobs.reduce((a, j) => a + j.managed.kpus, 0)}–${s.jobs.reduce((a, j) => a + j.managed.maxKpus, 0)} KPUs incl. ${s.jobs.length} orchestration`],
  ];
  for (const j of s.jobs) {
    rows.push([`job ${j.job}`,
      `parallelism ${j.load.initial}–${j.load.max}: ${j.selfHosted.taskManagers}–${j.selfHosted.maxTaskManagers} TaskManagers × ${j.selfHosted.slotsPerTaskManager} slots + 1 JobManager, ${j.load.hoursPerDay} h/day`,
      `parallelism ${j.load.initial}–${j.load.max}: ${j.managed.kpus}–${j.managed.maxKpus} KPUs (parallelismPerKpu ${j.managed.parallelismPerKpu}, +1 orchestration), ${j.load.hoursPerDay} h/day`]);
  }
  return rows;
}

/** Rows of the resource counts table: per flavor, total CloudFormation resources, top types, Kubernetes objects. */
export function resourceRows(comparison: Comparison): string[][] {
  const resources = comparison.resources;
  if (!resources) return [];
  const of = (f: Flavor) => resources.find((r) => r.flavor.id === f.id);
  const cell = (f: Flavor, pick: (r: NonNullable<ReturnType<typeof of>>) => string) => { const r = of(f); return r ? pick(r) : 'not synthesized'; };
  const k8sTotal = (r: NonNullable<ReturnType<typeof of>>) => Object.values(r.kubernetesObjects).reduce((a, b) => a + b, 0);
  return [
    ['Stack', ...Flavor.ALL.map((f) => cell(f, (r) => r.stackName))],
    ['CloudFormation resources', ...Flavor.ALL.map((f) => cell(f, (r) => String(r.totalResources)))],
    ['Resource types', ...Flavor.ALL.map((f) => cell(f, (r) => String(Object.keys(r.resourceTypes).length)))],
    ['Kubernetes objects', ...Flavor.ALL.map((f) => cell(f, (r) => `${k8sTotal(r)}${k8sTotal(r) > 0 ? ` (${Object.entries(r.kubernetesObjects).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`))],
    ['Helm releases', ...Flavor.ALL.map((f) => cell(f, (r) => r.helmReleases.length === 0 ? '0' : `${r.helmReleases.length} (${r.helmReleases.join(', ')})`))],
  ];
}

/** Rows of the resource type breakdown: one row per type present in any stack. */
export function resourceTypeRows(comparison: Comparison): string[][] {
  const resources = comparison.resources ?? [];
  const types = [...new Set(resources.flatMap((r) => Object.keys(r.resourceTypes)))].sort();
  return types.map((t) => [t, ...Flavor.ALL.map((f) => String(resources.find((r) => r.flavor.id === f.id)?.resourceTypes[t] ?? 0))]);
}

/** The crossover sentence of the sweep. */
export function crossoverText(comparison: Comparison): string {
  const c = comparison.sweep.crossovers;
  if (c.length === 0) {
    const last = comparison.sweep.points.filter((p) => [...p.values.values()].every((v) => v.ok));
    return `No crossover between ${last[0]?.ingressMBps.toFixed(2) ?? '?'} and ${last[last.length - 1]?.ingressMBps.toFixed(2) ?? '?'} MB/s.`;
  }
  return c.map((x) => `Crossover at about ${x.ingressMBps.toFixed(2)} MB/s average ingress (${usd(x.monthlyUsd)} a month): below it ${x.cheaperBelow.id} is cheaper, above it ${x.cheaperBelow.id === Flavor.SELF_HOSTED.id ? Flavor.MANAGED.id : Flavor.SELF_HOSTED.id}.`).join(' ');
}

/** Rows of the platform table: the platform with no pipeline, each pipeline's marginal and stand-alone cost, the total. */
export function platformRows(comparison: Comparison): string[][] {
  const of = (f: Flavor) => comparison.platform.find((p) => p.flavor === f);
  const cell = (f: Flavor, pick: (p: NonNullable<ReturnType<typeof of>>) => number) => { const p = of(f); return p ? usd(pick(p)) : '—'; };
  const pipelines = comparison.platform[0]?.pipelines.map((p) => p.pipeline) ?? [];
  return [
    ['Platform with no pipeline', ...Flavor.ALL.map((f) => cell(f, (p) => p.baseMonthlyUsd))],
    ...pipelines.flatMap((name) => [
      [`${name}: marginal (added to the platform)`, ...Flavor.ALL.map((f) => cell(f, (p) => p.pipelines.find((x) => x.pipeline === name)?.marginalMonthlyUsd ?? NaN))],
      [`${name}: alone on a platform of its own`, ...Flavor.ALL.map((f) => cell(f, (p) => p.pipelines.find((x) => x.pipeline === name)?.standaloneMonthlyUsd ?? NaN))],
    ]),
    ['Platform with every pipeline', ...Flavor.ALL.map((f) => cell(f, (p) => p.total.monthlyUsd))],
  ];
}
