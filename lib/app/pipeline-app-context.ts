import { App, AppProps } from 'aws-cdk-lib';

/**
 * The context a pipeline app's App starts from (the caller's own `context` overrides it): no stack trace recorded for
 * every resource and metadata entry. aws-cdk-lib (since 2.276) otherwise captures one per resource, with the
 * synthesizing machine's paths, into the assembly's metadata; `cdk synth --debug` records them again. App context,
 * because the CDK CLI takes no `aws:` key from outside the app: it refuses one given with `-c` and warns about every
 * one in cdk.json.
 */
export const PIPELINE_APP_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({
  'aws:cdk:disable-creation-stack-traces': true,
  'aws:cdk:disable-stack-trace': true,
});

/** The App of a pipeline app: `props` with PIPELINE_APP_CONTEXT under its own context. */
export function newPipelineApp(props?: AppProps): App {
  return new App({ ...props, context: { ...PIPELINE_APP_CONTEXT, ...props?.context } });
}
