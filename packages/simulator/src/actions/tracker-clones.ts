import { PanelError } from '../errors.js';
import type { Tracker } from '../model.js';
import { ParamReader } from '../params.js';
import { formatDate } from '../seed/dates.js';
import { ownerName } from '../seed/trackers.js';
import type { ShapeMode } from '../shapes.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { clonesOf } from './corruption.js';
import { defined, findLiveTracker, findUserInHierarchy, recount } from './lookups.js';
import type { PlacedUser } from './lookups.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.9 `label`: 1..60 printable characters, no `<` or `>`. */
export function readLabel(reader: ParamReader, required: boolean): string | undefined {
  const label = reader.string('label', { required, minLength: 1, maxLength: 60 });
  // eslint-disable-next-line no-control-regex
  if (label !== undefined && /[<>\u0000-\u001f]/.test(label)) {
    return reader.fail('label', 'Should be printable, without < and >');
  }
  return label;
}

/** Whether the user already sees this source: owns it or has a clone of it (247). */
function userHasSource(
  store: SimulatorStore,
  dealer: DealerData,
  original: Tracker,
  userId: number,
) {
  if (original.user_id === userId) return true;
  return clonesOf(store, dealer, original).some(
    (c) => c.tracker.user_id === userId && !c.tracker.deleted,
  );
}

/** A clone: the new owner's view of the same source (reference §4.2). */
function makeClone(
  store: SimulatorStore,
  original: Tracker,
  owner: PlacedUser,
  label: string,
): number {
  const { comment: _note, ...fields } = original;
  const clone: Tracker = {
    ...fields,
    id: store.nextId('tracker'),
    label,
    group_id: 0,
    user_id: owner.record.user.id,
    dealer_id: owner.data.dealer.id,
    owner_name: ownerName(owner.record.user),
    clone: true,
    deleted: false,
    creation_date: formatDate(Date.now()),
  };
  store.putTracker(owner.data, clone);
  recount(store, owner.data, clone.user_id);
  return clone.id;
}

/**
 * Reference §4.9 `tracker/batch_clone`: 217 unknown tracker, 219 a clone, 247 with `list`.
 * §7 `batch-clone-list`: [SPEC] answers a "per-tracker outcome" object per clone (its shape is
 * not given: here `{tracker_id, id}`, the tracker cloned and the clone's ID, as `tracker/clone`
 * answers it); [MD] the clone IDs. Both list the skipped trackers in `ignored_trackers` when
 * `ignore_existing` is true ([MD]; [SPEC]'s answer is open).
 */
function batchClone(
  store: SimulatorStore,
  dealer: DealerData,
  owner: PlacedUser,
  ids: readonly number[],
  ignore: boolean,
  shapes: ShapeMode,
) {
  const trackers = ids.map((id) => dealer.trackers.get(id));
  if (trackers.some((t) => t === undefined || t.source.corrupted === true))
    throw new PanelError(217);
  const sources = trackers as Tracker[];
  if (sources.some((t) => t.clone)) throw new PanelError(219);
  const userId = owner.record.user.id;
  const conflicts = sources.filter((t) => userHasSource(store, dealer, t, userId)).map((t) => t.id);
  if (conflicts.length > 0 && !ignore) throw new PanelError(247, { extra: { list: conflicts } });
  const outcomes = sources
    .filter((t) => !conflicts.includes(t.id))
    .map((t) => ({ tracker_id: t.id, id: makeClone(store, t, owner, t.label) }));
  const list = shapes.legacy('batch-clone-list') ? outcomes.map((o) => o.id) : outcomes;
  return ignore ? { list, ignored_trackers: conflicts } : { list };
}

/** `batch_delete_clones` per-tracker outcome: `undefined` when deleted, else the error text. */
function deleteOne(store: SimulatorStore, dealer: DealerData, id: number): string | undefined {
  const tracker = dealer.trackers.get(id);
  if (tracker === undefined) return 'Entity not found';
  if (!tracker.clone) return 'Not a clone';
  if (tracker.deleted) return 'Already deleted';
  if (tracker.source.corrupted === true) return 'Device already corrupted';
  if (dealer.links.has(id)) return 'Delete entity associated with';
  store.putTracker(dealer, { ...tracker, deleted: true });
  recount(store, dealer, tracker.user_id);
  return undefined;
}

/** Reference §4.9: cloning trackers to other users and deleting clones. */
export const trackerCloneActions: readonly ActionDefinition[] = [
  {
    name: 'tracker/clone',
    permissions: [['trackers', 'create']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = reader.int('tracker_id', { required: true, min: 1 });
      const userId = reader.int('user_id', { required: true, min: 1 });
      const label = readLabel(reader, true);
      reader.check();
      const original = findLiveTracker(dealer, defined(trackerId));
      if (original.clone) throw new PanelError(219);
      const owner = findUserInHierarchy(store, dealer, defined(userId));
      // §4.9: 246 for the owner itself or a user that is not in the hierarchy.
      if (owner === undefined || owner.record.user.id === original.user_id)
        throw new PanelError(246);
      if (userHasSource(store, dealer, original, defined(userId))) throw new PanelError(247);
      return { id: makeClone(store, original, owner, defined(label)) };
    },
  },
  {
    name: 'tracker/batch_clone',
    permissions: [['trackers', 'create']],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      const ids = reader.intList('tracker_ids', { required: true, min: 1, max: 1000 });
      const ignore = reader.bool('ignore_existing') ?? false;
      reader.check();
      const owner = findUserInHierarchy(store, dealer, defined(userId));
      if (owner === undefined) throw new PanelError(201);
      return batchClone(store, dealer, owner, defined(ids), ignore, shapes);
    },
  },
  {
    name: 'tracker/delete_clone',
    permissions: [['trackers', 'delete']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = reader.int('tracker_id', { required: true, min: 1 });
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      if (!tracker.clone) throw new PanelError(249);
      if (tracker.deleted) throw new PanelError(201);
      // Appendix A: 203 names what the clone is bound to, `rules` or `vehicles`.
      const links = dealer.links.get(tracker.id);
      if (links !== undefined) throw new PanelError(203, { extra: { ...links } });
      deleteOne(store, dealer, tracker.id);
      return {};
    },
  },
  {
    name: 'tracker/batch_delete_clones',
    permissions: [['trackers', 'delete']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const ids = reader.intList('trackers', { required: true, min: 1, max: 500 });
      reader.check();
      // §5.10: partial success is reported in the body, never as an error.
      const failed = defined(ids)
        .map((id) => ({ id, error: deleteOne(store, dealer, id) }))
        .filter((entry): entry is { id: number; error: string } => entry.error !== undefined);
      const deleted = defined(ids).length - failed.length;
      const body = { deleted_count: deleted, not_deleted_count: failed.length };
      return failed.length === 0 ? body : { ...body, not_deleted_trackers: failed };
    },
  },
];
