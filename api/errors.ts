import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { type ErrorKind, KubetrailError } from '../store/index.ts';

/** A bad input that names the query parameter (or body field) it came from. */
export class InputError extends KubetrailError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('bad-input', `${field}: ${message}`);
    this.field = field;
  }
}

export type ErrorBody = {
  error: {
    code: number;
    reason: ErrorKind | 'unauthorized' | 'internal';
    message: string;
    field?: string;
    issues?: { field: string; message: string }[];
  };
};

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  'bad-input': 400,
  'not-found': 404,
  storage: 503,
  conflict: 409,
};

/** The JSON body and status for an error: expected failures keep their message, surprises do not leak. */
export function errorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof KubetrailError) {
    const status = statusOf[error.kind];
    const body: ErrorBody = { error: { code: status, reason: error.kind, message: error.message } };
    if (error instanceof InputError) body.error.field = error.field;
    return { status, body };
  }
  return { status: 500, body: { error: { code: 500, reason: 'internal', message: 'internal error' } } };
}

/** zod issues as field names: an unknown parameter is named by its key. */
export function zodIssues(error: ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(','), message: `unknown parameter${issue.keys.length > 1 ? 's' : ''}` };
    }
    return { field: issue.path.map(String).join('.') || '(body)', message: issue.message };
  });
}

/** The default hook of every validated route: 400 with the first failing field named. */
export function validationHook(result: { success: true } | { success: false; error: ZodError }, c: Context) {
  if (result.success) return;
  const issues = zodIssues(result.error);
  const first = issues[0] ?? { field: '(input)', message: 'invalid' };
  const body: ErrorBody = {
    error: {
      code: 400,
      reason: 'bad-input',
      message: `${first.field}: ${first.message}`,
      field: first.field,
      issues,
    },
  };
  return c.json(body, 400);
}
