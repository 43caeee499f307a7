import { SelfHostedEnvironmentOptions, selfHostedOptionProblems } from '../../lib/environment/self-hosted-options';
import { validateSelfHostedPlan } from '../../constructs/self-hosted/validation/self-hosted-plan-rules';
import { examplePlan } from '../support/test-app';
import { Flavor } from '../../lib/flavor';

const AT = 'environments.prod.selfHosted';

function problems(options: SelfHostedEnvironmentOptions, production = true): string[] {
  return selfHostedOptionProblems(AT, options, production).map((p) => `${p.path}: ${p.message} — ${p.fix}`);
}

describe('selfHosted.monitoring and alertEmails', () => {
  test.each<[SelfHostedEnvironmentOptions, boolean]>([
    [{}, true],
    [{}, false],
    [{ monitoring: 'prometheus-operator' }, true],
    [{ monitoring: 'amazon-managed-prometheus', alertEmails: ['data-oncall@example.com'] }, true],
    [{ alertEmails: ['data-oncall@example.com'] }, true],
    [{ monitoring: 'none' }, false],
  ])('%j (production %s) is fine', (options, production) => {
    expect(problems(options, production)).toEqual([]);
  });

  test('an unknown monitoring names the choices', () => {
    expect(problems({ monitoring: 'datadog' as never })).toEqual([
      `${AT}.monitoring: must be one of none, prometheus-operator, amazon-managed-prometheus, got "datadog" — use "amazon-managed-prometheus" (pages through SNS), "prometheus-operator" (your cluster runs one) or "none"`,
    ]);
  });

  test('"none" is refused in production: nothing would page', () => {
    expect(problems({ monitoring: 'none' })).toEqual([
      `${AT}.monitoring: is "none" in a production environment: no alert would page anyone — use "amazon-managed-prometheus" (the default) or "prometheus-operator", or remove it`,
    ]);
  });

  test('alert e-mails must be addresses, and only the managed Prometheus has a topic to send them', () => {
    expect(problems({ alertEmails: 'oncall@example.com' as never })).toEqual([
      `${AT}.alertEmails: must be a list of e-mail addresses, got "oncall@example.com" — write e.g. ["data-oncall@example.com"], or remove it`,
    ]);
    expect(problems({ alertEmails: ['oncall'] })).toEqual([
      `${AT}.alertEmails[0]: is not an e-mail address: "oncall" — write an address like "data-oncall@example.com"`,
    ]);
    expect(problems({ monitoring: 'prometheus-operator', alertEmails: ['oncall@example.com'] })).toEqual([
      `${AT}.alertEmails: is set, but monitoring is "prometheus-operator": only "amazon-managed-prometheus" has an alert topic — set monitoring to "amazon-managed-prometheus", or route alerts in your own Alertmanager and remove alertEmails`,
    ]);
    expect(problems({ alertEmails: ['oncall@example.com'] }, false)).toEqual([
      `${AT}.alertEmails: is set, but monitoring is "none": only "amazon-managed-prometheus" has an alert topic — set monitoring to "amazon-managed-prometheus", or route alerts in your own Alertmanager and remove alertEmails`,
    ]);
  });

  test('monitoring labels: only with prometheus-operator, Kubernetes label names and values', () => {
    expect(problems({ monitoring: 'prometheus-operator', monitoringLabels: { release: 'kube-prometheus-stack', 'example.com/team': 'data' } })).toEqual([]);
    expect(problems({ monitoringLabels: { release: 'kube-prometheus-stack' } })).toEqual([
      `${AT}.monitoringLabels: is set, but monitoring is "amazon-managed-prometheus": only "prometheus-operator" applies PodMonitors and PrometheusRules — set monitoring to "prometheus-operator", or remove monitoringLabels`,
    ]);
    expect(problems({ monitoring: 'prometheus-operator', monitoringLabels: { 'bad key!': 'x', release: 'has space' } })).toEqual([
      `${AT}.monitoringLabels.bad key!: "bad key!" is not a Kubernetes label name — use up to 63 letters, digits, "-", "_" and ".", optionally after a DNS prefix and "/"`,
      `${AT}.monitoringLabels.release: "has space" is not a Kubernetes label value — use a string of up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
    ]);
    expect(problems({ monitoring: 'prometheus-operator', monitoringLabels: ['release'] as never })).toEqual([
      `${AT}.monitoringLabels: must be an object of label names and values, got ["release"] — write e.g. { "release": "kube-prometheus-stack" }, or remove it`,
    ]);
  });

  test('the pipeline\'s self-hosted validation reports them with the environment\'s path', () => {
    const plan = examplePlan('prod', [Flavor.SELF_HOSTED]);
    const env = { ...plan.environment, selfHosted: { ...plan.environment.selfHosted, monitoring: 'none' as const } };
    expect(validateSelfHostedPlan({ ...plan, environment: env }).map((p) => p.path)).toEqual([`${AT}.monitoring`]);
  });
});
