import type { z } from 'zod';

/**
 * One Panel action's contract, written from Navixy's `Admin_Panel.openapi.json`: the parameters
 * the simulator accepts (JSON transport), the published success answer, and, for an action a
 * shape case touches (reference §7), the older answer.
 */
export interface ActionContract {
  /** The request parameters (`hash` aside). */
  request: z.ZodType;
  /** The whole success body in the published shape, `success: true` included. */
  answer: z.ZodType;
  /** The whole success body in the older shape, when a shape case changes this answer. */
  legacyAnswer?: z.ZodType;
}
