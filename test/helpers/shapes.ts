import type { ShapeCase } from '@navixy-panel-gateway/simulator';

/**
 * The two ways Navixy may answer where its sources disagree (reference §7): the simulator answers
 * the published shapes by default, and can answer every conflicting case the older way. Tests of
 * behaviour that shapes touch run in both: `describe.each(SHAPE_MODES)`.
 */
export const SHAPE_MODES: readonly (readonly [string, readonly ShapeCase[] | 'all'])[] = [
  ['Navixy\u2019s published shapes', []],
  ['the older shapes', 'all'],
];

/** Whether a mode of SHAPE_MODES answers the older shapes. */
export const older = (legacy: readonly ShapeCase[] | 'all') => legacy === 'all';
