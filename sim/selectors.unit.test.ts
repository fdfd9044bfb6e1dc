import { describe, expect, it } from 'vitest';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';

const labels = (text: string, l: Record<string, string> | undefined): boolean => {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return matchesLabels(parsed.value, l);
};

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'api' }, false],
    ['app!=web', {}, true],
    ['app in (web, api)', { app: 'api' }, true],
    ['app notin (web,api)', { app: 'db' }, true],
    ['app notin (web,api)', {}, true],
    ['app', { app: '' }, true],
    ['!app', { app: 'x' }, false],
    ['app=web,tier in (front),!canary', { app: 'web', tier: 'front' }, true],
    ['app=web,tier in (front),!canary', { app: 'web', tier: 'front', canary: 'y' }, false],
    ['replicas>2', { replicas: '3' }, true],
    ['', undefined, true],
  ])('%s on %j is %s', (text, l, expected) => {
    expect(labels(text, l)).toBe(expected);
  });

  it('rejects what it cannot parse', () => {
    expect(parseLabelSelector('app in web').ok).toBe(false);
    expect(parseLabelSelector('a b').ok).toBe(false);
  });
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' },
  };
  it('matches the fields the API server supports for the resource', () => {
    const parsed = parseFieldSelector(
      'pods',
      'spec.nodeName=n1,status.phase!=Failed,metadata.namespace==default',
    );
    expect(parsed.ok && matchesFields('pods', parsed.value, pod)).toBe(true);
    const other = parseFieldSelector('pods', 'spec.nodeName=n2');
    expect(other.ok && matchesFields('pods', other.value, pod)).toBe(false);
  });

  it('maps events.k8s.io field names onto the stored core Event', () => {
    const event = {
      metadata: { name: 'e' },
      involvedObject: { name: 'web', uid: 'u1' },
      reportingComponent: 'kubelet',
    };
    const parsed = parseFieldSelector('events.events.k8s.io', 'regarding.uid=u1,reportingController=kubelet');
    expect(parsed.ok && matchesFields('events.events.k8s.io', parsed.value, event)).toBe(true);
    expect(parseFieldSelector('events', 'regarding.uid=u1')).toEqual({
      ok: false,
      message: 'field label not supported: regarding.uid',
    });
  });
});
