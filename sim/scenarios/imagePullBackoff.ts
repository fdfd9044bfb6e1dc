/**
 * image-pull-backoff: a typo in the image tag. Every pull fails (Failed "Failed to pull image …: not
 * found", Failed "Error: ErrImagePull"); between pulls the kubelet backs off 10, 20, 40 … 300 s and
 * says BackOff "Back-off pulling image" and Failed "Error: ImagePullBackOff". The waiting reason
 * alternates ErrImagePull ↔ ImagePullBackOff; phase stays Pending.
 *
 * Timeline (s): 1 Pulling · ~3 ErrImagePull · ~4 ImagePullBackOff · ~13 Pulling again · … · 600 deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

const IMAGE = 'registry.example.com/shop/frontend:v2.3.1-typo';

export const imagePullBackoff: Scenario = {
  name: 'image-pull-backoff',
  description: 'ErrImagePull ↔ ImagePullBackOff with Failed/BackOff events',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'frontend-typo',
          spec: { containers: [{ name: 'frontend', image: IMAGE }] },
          behavior: {
            frontend: {
              pull: {
                seconds: 1.5,
                error: `rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`,
              },
            },
          },
        },
        600_000,
        done,
      ),
    ),
};
