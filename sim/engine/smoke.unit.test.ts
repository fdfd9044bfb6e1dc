import { expect, test } from 'vitest';
import { createTestRig, statusOf } from './testHelpers.ts';

test('smoke', () => {
  const { engine, eventsFor, podVersions } = createTestRig();
  engine.createPod('default', { name: 'web', spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
  engine.advanceBy(60_000);
  for (const e of eventsFor('web')) console.log(e.reason, e.message, e.count);
  for (const p of podVersions('web')) console.log(JSON.stringify(statusOf(p).containerStatuses?.[0]?.state), statusOf(p).phase);
  console.log(JSON.stringify(engine.getPod('default', 'web'), null, 1).slice(0, 4000));
  expect(statusOf(engine.getPod('default', 'web')).phase).toBe('Running');
});
