import { EC2_NODE_TYPES } from '../../lib/sizing/instance-types';
import { hoursAtPeak, kpusFor, msfScaledParallelism, taskManagerResources } from '../../lib/sizing/flink-capacity';
import { packNodes } from '../../lib/sizing/node-groups';
import { PLATFORM_PODS } from '../../lib/sizing/platform-pods';

describe('KPUs = ⌈parallelism ÷ parallelismPerKpu⌉ + 1 orchestration KPU', () => {
  test.each([[1, 1, 2], [3, 1, 4], [6, 1, 7], [6, 4, 3], [64, 8, 9], [5, 2, 4]])('parallelism %d at %d per KPU → %d KPUs', (p, ppk, kpus) => {
    expect(kpusFor(p, ppk)).toBe(kpus);
  });
});

describe('MSF autoscaling doubles from the initial parallelism, capped at max', () => {
  test.each([[1, 3, 3, 3], [1, 3, 8, 4], [2, 5, 6, 6], [2, 5, 16, 8], [4, 3, 8, 4], [3, 13, 64, 24]])('initial %d, needed %d, max %d → %d', (initial, needed, max, reached) => {
    expect(msfScaledParallelism(initial, needed, max)).toBe(reached);
  });
});

test('a peak is held for 4 h + the scale-down delay: self-hosted 1 h → 5 h, MSF 6 h → 10 h', () => {
  expect(hoursAtPeak(1)).toBe(5);
  expect(hoursAtPeak(6)).toBe(10);
  expect(hoursAtPeak(30)).toBe(24);
});

test('a TaskManager gets a KPU-equivalent per slot: 2 slots at 1 per KPU → 2000m, 8192 MiB; at 2 per KPU → 1000m, 4096 MiB', () => {
  expect(taskManagerResources({ slotsPerTaskManager: 2, parallelismPerKpu: 1 })).toEqual({ cpuMillis: 2000, memoryMiB: 8192 });
  expect(taskManagerResources({ slotsPerTaskManager: 2, parallelismPerKpu: 2 })).toEqual({ cpuMillis: 1000, memoryMiB: 4096 });
});

describe('packNodes (first-fit decreasing on CPU and memory)', () => {
  const [large, xlarge] = EC2_NODE_TYPES;
  const tm = { cpuMillis: 2000, memoryMiB: 8192 };
  const jm = { cpuMillis: 1000, memoryMiB: 2048 };

  test('one TaskManager (2000m) + one JobManager (1000m) fit an m7g.xlarge (3670m), not an m7g.large (1680m)', () => {
    expect(packNodes([tm, jm], xlarge)).toBe(1);
    expect(packNodes([tm, jm], large)).toBe(Infinity);
  });

  test('two TaskManagers need two m7g.xlarge nodes (4000m > 3670m); JobManagers fill the gaps', () => {
    expect(packNodes([tm, tm, jm, jm], xlarge)).toBe(2);
    expect(packNodes([tm, tm, tm, tm, tm, jm, jm], xlarge)).toBe(5);
  });

  test('memory bounds too: 2 pods of 7.5 GiB need 2 m7g.large nodes (7118 MiB each)', () => {
    expect(packNodes([{ cpuMillis: 100, memoryMiB: 7680 }], large)).toBe(Infinity);
    expect(packNodes([{ cpuMillis: 100, memoryMiB: 4000 }, { cpuMillis: 100, memoryMiB: 4000 }], large)).toBe(2);
  });

  test('the 17 platform pods + 3 KRaft controllers (2150m + 1500m > 2 × 1680m; 5632 + 6144 MiB) pack onto 3 m7g.large nodes', () => {
    const controllers = [1, 2, 3].map(() => ({ cpuMillis: 500, memoryMiB: 2048 }));
    expect(PLATFORM_PODS).toHaveLength(17);
    expect(PLATFORM_PODS.reduce((s, p) => s + p.cpuMillis, 0)).toBe(2150);
    expect(PLATFORM_PODS.reduce((s, p) => s + p.memoryMiB, 0)).toBe(5632);
    expect(packNodes([...PLATFORM_PODS, ...controllers], large)).toBe(3);
  });
});
