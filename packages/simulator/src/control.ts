import type { CallRecorder } from './call-log.js';
import type { FaultPlan } from './faults.js';
import type { SessionStore } from './sessions.js';
import type { LegacyShapes, ShapeMode } from './shapes.js';
import type { SimulatorControl } from './types.js';

/** The public control surface plus what the HTTP control routes also report. */
export interface ControlSurface extends SimulatorControl {
  callsByAction(): Record<string, number>;
  /** The shape choice as it was last made. */
  legacyShapes(): LegacyShapes;
}

/** A session just issued is not ended at random during its first second. */
const DEFAULT_GRACE_MS = 1_000;

export function createControl(parts: {
  faults: FaultPlan;
  recorder: CallRecorder;
  sessions: SessionStore;
  shapes: ShapeMode;
}): ControlSurface {
  const { faults, recorder, sessions, shapes } = parts;
  return {
    expireSessions: () => sessions.expireAll(),
    calls: (action) => recorder.calls(action),
    callsByAction: () => recorder.byAction(),
    callLog: () => recorder.log(),
    resetCounters: () => recorder.reset(),
    setLatency: (ms, action) => faults.setLatency(ms, action),
    setLatencySpikes: (fraction, ms, action) => faults.setLatencySpikes(fraction, ms, action),
    expireSessionsAtRandom: (rate, graceMs = DEFAULT_GRACE_MS) =>
      faults.setRandomExpiry(rate, graceMs),
    failNext: (count, code, action) => faults.add({ kind: 'fail', code }, count, action),
    resetNextConnections: (count, action) => faults.add({ kind: 'reset' }, count, action),
    garbageNext: (count, action) => faults.add({ kind: 'garbage' }, count, action),
    setLegacyShapes: (cases) => shapes.set(cases),
    legacyShapes: () => shapes.current(),
    sessionHashes: () => sessions.hashes(),
    reset: () => {
      faults.clear();
      recorder.reset();
    },
  };
}
