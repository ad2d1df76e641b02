import { z } from 'zod';
import type { PanelFile } from '../client.js';

/**
 * Upstream field schemas: present or omitted (Navixy omits null fields, reference §5.12),
 * validated where they arrive. A tolerant reader: an answer that fits Navixy's published schema
 * must parse, so every field is optional unless the gateway cannot work without it (a record's
 * id), and enum-like fields are plain strings (a value Navixy adds is passed on, not refused).
 */
export const up = {
  int: z.number().int().nullish(),
  num: z.number().nullish(),
  str: z.string().nullish(),
  bool: z.boolean().nullish(),
  strings: z.array(z.string()).nullish(),
};

/** An open object of `shape`, absent or null allowed (§5.12). */
export const upObject = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.looseObject(shape).nullish();

/** A list of `item`, absent or null allowed (read as empty). */
export const upList = <T extends z.ZodType>(item: T) => z.array(item).nullish();

/** A Navixy id the gateway sends. */
export const id = z.number().int().positive();

/** Any JSON object: loose, so fields Navixy adds later never break a parse. */
export const anyObject = z.record(z.string(), z.unknown());

/** The request and response schemas of one action. */
export interface ActionSchemas {
  /** The params the gateway sends, `hash` excluded. */
  request: z.ZodType;
  /** The success payload, `success` excluded. */
  response: z.ZodType;
}

/** Pairs one action's request and response schemas, keeping both types. */
export const io = <Q extends z.ZodType, R extends z.ZodType>(request: Q, response: R) => ({
  request,
  response,
});

/** An action that takes no parameters. */
export const noParams = z.object({});

/** `{"success":true}` and nothing documented beside it (reference §1.5). */
export const done = z.looseObject({});

/** The answer of the creating actions: the new record's id. */
export const created = z.looseObject({ id: z.number().int().positive() });

/**
 * The answer of a file action (`user/export`, §5.14): bytes streamed through unread, never
 * parsed. It marks the action as one to call with `download`.
 */
export const streamedFile = z
  .custom<PanelFile>((value) => typeof value === 'object' && value !== null && 'body' in value)
  .meta({ description: 'A file, streamed to the client as Navixy sends it.' });

/** The paging and sorting parameters of every list action (reference §4.0). */
export function listParams<const O extends readonly [string, ...string[]]>(orderBy: O) {
  return z.object({
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).optional(),
    order_by: z.enum(orderBy).optional(),
    ascending: z.boolean().optional(),
    filter: z.string().optional(),
  });
}

/**
 * `{list, count}`: one page of a list action and the total ignoring paging (§4.0). Both may be
 * left out by an answer that fits the spec (nothing in it is required): no list is an empty
 * page, no count is counted from the page.
 */
export function page<T extends z.ZodType>(item: T) {
  return z.looseObject({ list: upList(item), count: up.int });
}
