// The benchmark's scale app: one generated pipeline of BENCH_JOBS streaming jobs (a topic and a table each).
import { runPipelineApp } from '../../lib/app/run-pipeline-app';
import { generatedPipeline } from '../../lib/examples/generated-pipeline';

runPipelineApp(generatedPipeline({ name: 'bench', jobs: Number(process.env.BENCH_JOBS ?? '1') }));
