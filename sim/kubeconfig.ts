// A kubeconfig pointing at the sim, so clients reach it exactly as they reach a real cluster.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type SimKubeconfigOptions = {
  path: string;
  server: string;
  /** Cluster, user and context name. */
  name?: string;
  /** The sim accepts any bearer token; a token keeps clients on their ordinary auth path. */
  token?: string;
  namespace?: string;
};

export const simContextName = 'kubetrail-sim';

const q = (text: string): string => JSON.stringify(text);

export const kubeconfigYaml = ({
  server,
  name = simContextName,
  token = 'kubetrail-sim-token',
  namespace = 'default',
}: Omit<SimKubeconfigOptions, 'path'>): string =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(name)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    // client-node 2.x refuses plain http unless TLS verification is off (there is no TLS to verify).
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${q(name)}`,
    '  user:',
    `    token: ${q(token)}`,
    'contexts:',
    `- name: ${q(name)}`,
    '  context:',
    `    cluster: ${q(name)}`,
    `    user: ${q(name)}`,
    `    namespace: ${q(namespace)}`,
    `current-context: ${q(name)}`,
    '',
  ].join('\n');

/** Writes the kubeconfig (mode 0600, like kubectl does) and returns its path. */
export const writeSimKubeconfig = (options: SimKubeconfigOptions): string => {
  mkdirSync(dirname(options.path), { recursive: true });
  writeFileSync(options.path, kubeconfigYaml(options), { mode: 0o600 });
  return options.path;
};
