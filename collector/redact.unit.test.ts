import { describe, expect, it } from 'vitest';
import { lastAppliedAnnotation, redactedValue, redactSecrets } from './redact.ts';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'api',
    uid: 'd1',
    annotations: { [lastAppliedAnnotation]: '{"spec":{"password":"x"}}', keep: 'me' },
  },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'api',
            env: [
              { name: 'DB_PASSWORD', value: 'hunter2' },
              { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
            ],
          },
          { name: 'sidecar' },
        ],
      },
    },
  },
});

describe('redactSecrets', () => {
  it('redacts literal env values in pod templates and last-applied-configuration, keeping references', () => {
    const input = deployment();
    const out = redactSecrets(input);
    expect(out.metadata.annotations).toEqual({ [lastAppliedAnnotation]: redactedValue, keep: 'me' });
    expect(out.spec.template.spec.containers[0]!.env).toEqual([
      { name: 'DB_PASSWORD', value: redactedValue },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ]);
    // The input is untouched, and untouched parts are shared rather than copied.
    expect(input).toEqual(deployment());
    expect(out.spec.template.spec.containers[1]).toBe(input.spec.template.spec.containers[1]);
  });

  it('returns the very same object when there is nothing to redact', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', uid: 'u' },
      spec: { containers: [{ name: 'a', env: [{ name: 'X', valueFrom: {} }] }] },
    };
    expect(redactSecrets(pod)).toBe(pod);
  });
});
