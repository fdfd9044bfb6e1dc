// The scenarios the sim can play, by name. Each file says what it shows and its expected timeline.
import { busyCluster } from './busyCluster.ts';
import { crashLoop } from './crashLoop.ts';
import { deploymentRollout } from './deploymentRollout.ts';
import { eviction } from './eviction.ts';
import { failedScheduling } from './failedScheduling.ts';
import { imagePullBackoff } from './imagePullBackoff.ts';
import { initContainers } from './initContainers.ts';
import { initFailure } from './initFailure.ts';
import { jobComplete } from './jobComplete.ts';
import { livenessExec } from './livenessExec.ts';
import { oomKilled } from './oomKilled.ts';
import { postStartFailure } from './postStartFailure.ts';
import { postStartRace } from './postStartRace.ts';
import { preStopGraceful } from './preStopGraceful.ts';
import { preStopSigkill } from './preStopSigkill.ts';
import { readinessDependency } from './readinessDependency.ts';
import { startupProbe } from './startupProbe.ts';
import type { Scenario } from './types.ts';

export const scenarios: Record<string, Scenario> = Object.fromEntries(
  [
    initContainers,
    initFailure,
    postStartRace,
    postStartFailure,
    preStopGraceful,
    preStopSigkill,
    livenessExec,
    readinessDependency,
    startupProbe,
    crashLoop,
    imagePullBackoff,
    oomKilled,
    failedScheduling,
    jobComplete,
    eviction,
    deploymentRollout,
    busyCluster(),
  ].map((s) => [s.name, s]),
);

export type { BusyClusterOptions } from './busyCluster.ts';
export { busyCluster } from './busyCluster.ts';
export type { Scenario, ScenarioContext } from './types.ts';
