import type { Engine } from '../engine/index.ts';

export type ScenarioContext = {
  engine: Engine;
  /** The namespace the scenario plays in (created for it). */
  namespace: string;
  /** Replay the scenario after it ends (the demo plays them on a loop). */
  loop: boolean;
};

export type Scenario = {
  name: string;
  description: string;
  start(ctx: ScenarioContext): void;
};
