import { KubeConfig } from '@kubernetes/client-node';
import { KubetrailError } from '../store/index.ts';

export type KubeConfigChoice = {
  /** A kubeconfig file; default: $KUBECONFIG, then ~/.kube/config (client-node's rules). */
  kubeconfig?: string;
  /** A context of that file; default: its current context. */
  context?: string;
  /** The pod's service account (KUBERNETES_SERVICE_HOST/PORT and the mounted token). */
  inCluster?: boolean;
};

export type LoadedKubeConfig = { kc: KubeConfig; contextName: string; server: string };

/** Loads the configuration to record from; a missing file or context is a user error. */
export function loadKubeConfig({
  kubeconfig,
  context,
  inCluster = false,
}: KubeConfigChoice): LoadedKubeConfig {
  const kc = new KubeConfig();
  try {
    if (inCluster) kc.loadFromCluster();
    else if (kubeconfig) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (error) {
    throw new KubetrailError('bad-input', `cannot load the kubeconfig: ${(error as Error).message}`);
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubetrailError(
        'not-found',
        `no context ${JSON.stringify(context)} in the kubeconfig (has: ${known.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new KubetrailError(
      'bad-input',
      'the kubeconfig has no current cluster (use --context, --kubeconfig or --in-cluster)',
    );
  return { kc, contextName: inCluster ? 'in-cluster' : kc.getCurrentContext(), server: cluster.server };
}
