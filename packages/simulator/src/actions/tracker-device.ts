import { randomBytes } from 'node:crypto';
import { PanelError } from '../errors.js';
import type { Tracker } from '../model.js';
import { ParamReader } from '../params.js';
import type { DealerData } from '../store.js';
import { defined, findLiveTracker } from './lookups.js';
import type { ActionDefinition } from './types.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** §8: the maximum span is not documented; the simulator allows 12 months before 211. */
const MAX_MONTHS = 12;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Reference §1.6: `YYYY-MM` only; a full date or date-time is rejected with 7. */
function readMonth(reader: ParamReader, name: string): number | undefined {
  const text = reader.string(name, { required: true });
  if (text === undefined) return undefined;
  const match = MONTH.exec(text);
  if (match === null) return reader.fail(name, 'Should match ^\\d{4}-\\d{2}$');
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

const monthText = (index: number): string =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * Billing activity per month: a non-clone tracker counts in a month when it existed by the
 * month's end and connected since the month's start (the simulator's reading of "active").
 */
function activeIn(month: number, tracker: Tracker): boolean {
  if (tracker.clone || tracker.last_connection === undefined) return false;
  const start = monthText(month);
  const end = monthText(month + 1);
  return tracker.creation_date < end && tracker.last_connection >= start;
}

function history(dealer: DealerData, trackers: readonly Tracker[], from: number, to: number) {
  const list = [];
  const usersMap: Record<string, unknown> = {};
  for (let month = from; month <= to; month += 1) {
    const active = trackers.filter((tracker) => activeIn(month, tracker));
    for (const { user_id: id } of active) {
      const user = dealer.users.get(id)?.user;
      if (user !== undefined)
        usersMap[id] = {
          id,
          login: user.login,
          first_name: user.first_name,
          last_name: user.last_name,
        };
    }
    const entries = active.map((t) => ({
      tracker_id: t.id,
      user_id: t.user_id,
      label: t.label,
      device_id: t.source.device_id,
    }));
    list.push({ month: monthText(month), amount: entries.length, trackers: entries });
  }
  return { list, users_map: usersMap };
}

/** Reference §4.9: the air console, activity history and raw commands. */
export const trackerDeviceActions: readonly ActionDefinition[] = [
  {
    name: 'tracker/console/connect',
    permissions: [['trackers', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = reader.int('tracker_id', { required: true, min: 1 });
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      // §4.9: 230 for a deleted or blocked tracker.
      if (tracker.deleted || tracker.source.blocked) throw new PanelError(230);
      return { key: randomBytes(20).toString('hex'), timestamp: Math.floor(Date.now() / 1000) };
    },
  },
  {
    name: 'tracker/active/history/list',
    // §3.3 and §7: `trackers: report` ([SPEC]); a dealer granted only `read` receives 13.
    permissions: [['trackers', 'report']],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      const from = readMonth(reader, 'from');
      const to = readMonth(reader, 'to');
      if (from !== undefined && to !== undefined && to < from)
        reader.fail('to', 'Should not be before from');
      reader.check();
      if (defined(to) - defined(from) + 1 > MAX_MONTHS) throw new PanelError(211);
      const { list, users_map } = history(
        dealer,
        store.trackers(dealer),
        defined(from),
        defined(to),
      );
      // §7 `users-map`: only [SPEC] has the owners' map.
      return shapes.legacy('users-map') ? { list } : { list, users_map };
    },
  },
  {
    name: 'tracker/raw_command/send',
    permissions: [['trackers', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      // §4.9: the device is named by `device_id`; "sending `tracker_id` fails validation".
      if (reader.has('tracker_id')) reader.fail('tracker_id', 'Unknown parameter, use device_id');
      const deviceId = reader.string('device_id', { required: true });
      const command = reader.string('command', { required: true });
      const type = reader.oneOf('type', ['text', 'hex'] as const) ?? 'text';
      reader.bool('reliable');
      if (type === 'hex' && command !== undefined && !HEX.test(command))
        reader.fail('command', 'Non-hex string');
      reader.check();
      const tracker = store
        .trackers(dealer)
        .find((t) => !t.clone && t.source.device_id === deviceId);
      if (tracker === undefined) throw new PanelError(201);
      findLiveTracker(dealer, tracker.id);
      return {};
    },
  },
];
