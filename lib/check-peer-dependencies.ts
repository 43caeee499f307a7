import { peerDependencyProblems } from './peer-dependencies';

// Imported first by the library's root (lib/index.ts), before any module that imports aws-cdk-lib: an app on a peer
// dependency below the floor (an install forced past npm's peer check) gets one line naming the version it needs and
// exits 1, as runPipelineApp does for a bad definition, instead of a failed import's stack trace.
const problems = peerDependencyProblems();
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
