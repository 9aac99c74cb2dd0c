// Schemas shared by every module's routes.
import { Type } from 'typebox';
import { ROLES } from './context.ts';

/** Objects that refuse properties they do not declare. */
export const strict = { additionalProperties: false } as const;

/** A value or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const PagingQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};

export const RoleSchema = Type.Enum(ROLES);

/**
 * A name or short text a person types: letters of any script, digits, spaces and the punctuation names use.
 * Markup and SQL punctuation (< > ' " ; `) are refused at the edge, whatever the layers below would do.
 */
export const NAME_PATTERN = '^[\\p{L}\\p{M}\\p{N} ()（）·・.,，、&/_+#@:：-]*$';
export const Text = (min: number, max: number, extra: Record<string, unknown> = {}) =>
  Type.String({ minLength: min, maxLength: max, pattern: NAME_PATTERN, ...extra });

/**
 * Free text people write (reasons, statements, scopes): any script and punctuation and line breaks, but no
 * control characters and no markup brackets or backticks, so it can be shown anywhere without escaping worries.
 */
export const PROSE_PATTERN = '^[^<>`\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
export const Prose = (min: number, max: number, extra: Record<string, unknown> = {}) =>
  Type.String({ minLength: min, maxLength: max, pattern: PROSE_PATTERN, ...extra });

/** An identifier-like token: dotted lower-case words (action names, target types). */
export const Token = (max: number, extra: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '^[a-z0-9_.-]+$', ...extra });

export const Timestamp = Type.String({ format: 'date-time' });

export const Paged = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
