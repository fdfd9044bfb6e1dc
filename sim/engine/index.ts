// The sim's scenario engine: a discrete-event simulation of scheduler, kubelets and controllers on
// a virtual clock, the real-time driver, and the scenario runner.
export type { Timer } from './actionQueue.ts';
export type { DeploymentInput, PodTemplate } from './controllers.ts';
export type { Engine, EngineOptions, PodInput } from './createEngine.ts';
export { createEngine, seededRandom } from './createEngine.ts';
export { ManualClock } from './ManualClock.ts';
export type { NodeInput } from './nodes.ts';
export { defaultNodes } from './nodes.ts';
export type { RealtimeDriver, RealtimeOptions } from './runRealtime.ts';
export { runRealtime } from './runRealtime.ts';
export type { RunScenariosOptions } from './runScenarios.ts';
export { runScenarios, startScenarioRunner } from './runScenarios.ts';
export type { ContainerBehavior, ContainerSpec, PodBehavior, PodSpec, Probe, RunBehavior } from './types.ts';
