import { vValidator } from '@hono/valibot-validator';
import type { ValidationTargets } from 'hono';
import * as v from 'valibot';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from './api-error.ts';

/**
 * `vValidator` that answers our error shape:
 * 400 `{ error: { code: "validation_failed", message } }` naming the first bad fields.
 */
export const validate = <T extends v.GenericSchema, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  vValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError(ErrorCode.ValidationFailed, describeIssues(target, result.issues));
    }
  });

export function describeIssues(target: string, issues: readonly v.BaseIssue<unknown>[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `invalid ${target === 'json' ? 'body' : target}: ${parts.join('; ')}`;
}
