// The query parameters of the Kubernetes API that the facade reads, validated with zod.
import { z } from '@hono/zod-openapi';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// Loose: the API server ignores parameters it does not know (kubectl sends `timeout` to discovery).
export const facadeQuery = z.looseObject({
  labelSelector: z.string().optional(),
  fieldSelector: z.string().optional(),
  limit: z.coerce.number().int().min(0).optional(),
  continue: z.string().optional(),
  watch: bool.optional(),
  allowWatchBookmarks: bool.optional(),
  sendInitialEvents: bool.optional(),
  resourceVersion: z.string().optional(),
  resourceVersionMatch: z.enum(['Exact', 'NotOlderThan']).optional(),
  timeoutSeconds: z.coerce.number().int().min(0).optional(),
  includeObject: z.enum(['None', 'Metadata', 'Object']).optional(),
});

export type FacadeQuery = z.infer<typeof facadeQuery>;
