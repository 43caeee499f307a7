import * as fs from 'fs';
import * as path from 'path';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { CLOUDFORMATION_LIMITS, CLOUDFORMATION_MAX_TEMPLATE_BYTES, checkTemplateSizes, templateSizes } from '../../lib/app/stack-limits';
import { generatedPipeline } from '../../lib/examples/generated-pipeline';
import { testApp } from '../support/test-app';

/**
 * The stack budget: a pipeline with 200 jobs, 200 topics and 200 tables synthesizes on both flavors with every
 * template (top-level and nested) under CloudFormation's limits; past them, one clear synth error.
 */
const GENERATED = generatedPipeline({ name: 'gen', jobs: 200 });

interface TemplateFigures { readonly file: string; readonly resources: number; readonly parameters: number; readonly outputs: number; readonly bytes: number }

function figuresOf(directory: string): TemplateFigures[] {
  return templateSizes(directory).map(({ file, bytes }) => {
    const template = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    const count = (section: string) => Object.keys(template[section] ?? {}).length;
    return { file, resources: count('Resources'), parameters: count('Parameters'), outputs: count('Outputs'), bytes };
  });
}

describe.each(['self-hosted', 'managed'])('200 jobs, 200 topics, 200 tables on the %s flavor (prod)', (flavor) => {
  const app = testApp({ env: 'prod', flavor });
  const { pipelineStacks } = addPipelineStacks(app, GENERATED);
  const directory = app.synth().directory;
  const figures = figuresOf(directory);
  process.stdout.write(`stack budget, ${flavor}, 200 jobs:\n${figures.map((f) => `  ${f.file}: ${f.resources} resources, ${f.parameters} parameters, ${f.outputs} outputs, ${f.bytes} bytes`).join('\n')}\n`);

  test('every template is under CloudFormation\'s resource, parameter, output and size limits', () => {
    expect(figures.length).toBeGreaterThan(3);
    for (const f of figures) {
      expect({ file: f.file, over: [f.resources > CLOUDFORMATION_LIMITS.resources, f.parameters > CLOUDFORMATION_LIMITS.parameters, f.outputs > CLOUDFORMATION_LIMITS.outputs, f.bytes > CLOUDFORMATION_MAX_TEMPLATE_BYTES] })
        .toEqual({ file: f.file, over: [false, false, false, false] });
    }
    expect(() => checkTemplateSizes(directory)).not.toThrow();
  });

  test('every job, topic and table is in the pipeline stack or one of its nested stacks, none twice', () => {
    const resources = figures.filter((f) => f.file.startsWith('gen') || f.file.includes('nested'))
      .flatMap((f) => Object.values((JSON.parse(fs.readFileSync(path.join(directory, f.file), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: { Manifest?: unknown } }> }).Resources));
    const count = (type: string, manifestKind?: string) => resources.filter((r) => r.Type === type
      && (manifestKind === undefined || JSON.stringify(r.Properties?.Manifest).includes(`\\"kind\\":\\"${manifestKind}\\"`))).length;
    expect(count('AWS::Glue::Table')).toBe(200);
    if (flavor === 'managed') {
      expect(count('AWS::KinesisAnalyticsV2::Application')).toBe(200);
      expect(count('AWS::MSK::Topic')).toBe(200);
    } else {
      expect(count('Custom::AWSCDK-EKS-KubernetesResource', 'FlinkDeployment')).toBe(200);
      expect(count('Custom::AWSCDK-EKS-KubernetesResource', 'KafkaTopic')).toBe(2);
    }
  });

  test('the work is spread over nested stacks of the one pipeline stack, which stays deployable on its own', () => {
    expect(pipelineStacks.map((s) => s.stackName)).toEqual([`gen-prod-${flavor}`]);
    expect(figures.filter((f) => f.file.includes('nested')).length).toBeGreaterThanOrEqual(2);
  });
});

test('a pipeline still too large for its stacks fails synthesis with one clear error, not CDK\'s TooManyResourcesInStack', () => {
  expect(() => addPipelineStacks(testApp({ env: 'prod', flavor: 'managed' }), generatedPipeline({ name: 'gen', jobs: 60 }), { resourcesPerStack: 5000 }))
    .toThrow(/^CloudFormation limits has 1 problem:\n {2}- stacks\["gen-prod-managed"\]\.resources: is \d{3,4}, over CloudFormation's limit of 500 per stack — lower resourcesPerStack so jobs spill into more nested stacks, or split the definition into several pipelines$/);
});
