import type { ScenarioContext } from './types.ts';

/** Plays `once` and, when looping, plays it again `pauseMs` after it says it is done. */
export const repeat = (ctx: ScenarioContext, once: (done: () => void) => void, pauseMs = 20_000): void => {
  const play = (): void =>
    once(() => {
      if (ctx.loop) ctx.engine.after(pauseMs, play);
    });
  play();
};

/** Creates a pod, deletes it after `lifetimeMs`, and calls `done` once it is gone. */
export const podForAWhile = (
  ctx: ScenarioContext,
  input: Parameters<ScenarioContext['engine']['createPod']>[1],
  lifetimeMs: number,
  done: () => void,
): void => {
  const { engine, namespace } = ctx;
  const pod = engine.createPod(namespace, input);
  const name = pod.metadata?.name ?? '';
  engine.whenGone(pod.metadata?.uid ?? '', done);
  engine.after(lifetimeMs, () => engine.deletePod(namespace, name));
};
