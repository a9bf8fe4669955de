/** PostgreSQL's values as the records carry them. */

/** timestamptz (a Date from the driver) → the ISO string the records hold. */
export const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/** bigint arrives as a string (it may not fit a number); ours (bytes, ms, seq) do. */
export const int = (value: string | number | bigint): number => Number(value);

/** A column that is null where the record leaves the field out. */
export const optional = <K extends string, T>(key: K, value: T | null | undefined): { [P in K]?: T } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: T };

/** jsonb in: JSON text, cast with `::text::jsonb` (a parameter the server takes for jsonb would be JSON-encoded twice). */
export const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** Did this statement break a unique index (SQLSTATE 23505)? */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23505';
