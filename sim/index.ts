// The simulated cluster: an object store, the API server in front of it, a kubeconfig that points
// at it, and (when given) the scenario engine that drives it.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toTable } from '../projector/index.ts';
import { writeSimKubeconfig } from './kubeconfig.ts';
import { createObjectStore, type SimObjectStore } from './objectStore.ts';
import { startSimServer, type TablePrinter } from './server.ts';
import type { VirtualClock } from './types.ts';

/** What the scenario engine provides: start playing scenarios against the store; stop when asked. */
export type ScenarioRunner = (options: {
  store: SimObjectStore;
  clock: VirtualClock;
  scenarios: string[];
  speed: number;
}) => { stop(): void | Promise<void> };

export type SimClusterOptions = {
  port?: number;
  host?: string;
  clock: VirtualClock;
  scenarios?: string[];
  speed?: number;
  bookmarkIntervalMs?: number;
  windowSize?: number;
  /** Defaults to a fresh file under the OS temp directory. */
  kubeconfigPath?: string;
  uid?: () => string;
  /** Plays the scenarios; without it the cluster stays as the caller fills it. */
  runScenarios?: ScenarioRunner;
  /** Server-side Table printing for kubectl; the projector's printers by default. */
  tablePrinter?: TablePrinter;
  defaultWatchTimeoutSeconds?: number;
};

export type SimCluster = {
  url: string;
  kubeconfigPath: string;
  store: SimObjectStore;
  stop(): Promise<void>;
  /** Drops the store's history: any earlier resourceVersion now gets 410 Gone. */
  forceExpire(): void;
  /** Cuts every open watch stream ('destroy', the default, drops the socket; 'end' closes it cleanly). */
  dropConnections(mode?: 'end' | 'destroy'): void;
};

/** kubectl's columns, printed server-side by the projector's printers. */
export const projectorTablePrinter: TablePrinter = (resource, objects, now, opts) => {
  // Both Event APIs are printed from the stored core/v1 form, so this resource never reaches a printer.
  if (resource === 'events.events.k8s.io') throw new Error('events.k8s.io is printed from core Events');
  return toTable(resource, objects, now, opts);
};

export const startSimCluster = async ({
  port = 0,
  host = '127.0.0.1',
  clock,
  scenarios = [],
  speed = 1,
  bookmarkIntervalMs,
  windowSize,
  kubeconfigPath = join(tmpdir(), `kubetrail-sim-${randomUUID()}`, 'kubeconfig'),
  uid = randomUUID,
  runScenarios,
  tablePrinter = projectorTablePrinter,
  defaultWatchTimeoutSeconds,
}: SimClusterOptions): Promise<SimCluster> => {
  const store = createObjectStore({ clock, uid, windowSize });
  const server = await startSimServer({
    store,
    clock,
    host,
    port,
    bookmarkIntervalMs,
    tablePrinter,
    defaultWatchTimeoutSeconds,
  });
  writeSimKubeconfig({ path: kubeconfigPath, server: server.url });
  const engine =
    runScenarios && scenarios.length > 0 ? runScenarios({ store, clock, scenarios, speed }) : undefined;
  return {
    url: server.url,
    kubeconfigPath,
    store,
    async stop() {
      await engine?.stop();
      await server.close();
    },
    forceExpire: () => store.forceExpire(),
    dropConnections: (mode) => server.dropConnections(mode),
  };
};

export { type ApiRoute, apiRoute } from './apiRoute.ts';
// The Kubernetes API semantics the sim server implements, reused by kubetrail's own facade.
export { coreVersions, groupDocument, groupList, resourceList, versionInfo } from './discovery.ts';
export { seededRandom } from './engine/index.ts';
export { coreEventToEventsV1, eventsV1ToCoreEvent } from './eventConversion.ts';
export { kubeconfigYaml, simContextName, writeSimKubeconfig } from './kubeconfig.ts';
export type { ChangesSince, SimObjectStore, Snapshot } from './objectStore.ts';
export { createObjectStore } from './objectStore.ts';
export { type RecordOptions, recordScenario } from './recordScenario.ts';
export { apiVersionOf, findResource, type ResourceInfo } from './resources.ts';
export {
  type FieldSelector,
  type LabelSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
export type { SimServer, SimServerOptions, TableOptions, TablePrinter } from './server.ts';
export { startSimServer } from './server.ts';
export { failure, type Status } from './status.ts';
export type { ObjectStore, SimResource, StoreChange, VirtualClock } from './types.ts';
