import { PANEL_ACTIONS, type PanelRequest } from '../../panel/actions.js';
import { dropRefusedNulls, echo, type Raw } from '../shared/raw-write.js';

/**
 * Fields of `tracker/read` that `tracker/settings/update` does not take (raw-write.ts): the id
 * (sent as `tracker_id`), the owner, group, device and dates Navixy keeps. What the tracker's
 * settings hold — `label`, `deleted`, `comment` ([MD]) and fields Navixy may add — go back.
 */
export const TRACKER_WITHHELD = [
  'id',
  'group_id',
  'user_id',
  'dealer_id',
  'owner_name',
  'model_name',
  'clone',
  'creation_date',
  'last_connection',
  'avatar_file_name',
  'source',
] as const;

/** `tracker/settings/update` for a PATCH: the tracker as read, with the client's changes. */
export function settingsFromRead(
  read: Raw,
  patch: { label?: string; hidden?: boolean; comment?: string },
  id: number,
): PanelRequest<'tracker/settings/update'> {
  const params: Raw = { ...echo(read, TRACKER_WITHHELD), tracker_id: id };
  if (patch.label !== undefined) params.label = patch.label;
  if (patch.hidden !== undefined) params.deleted = patch.hidden;
  if (patch.comment !== undefined) params.comment = patch.comment;
  return dropRefusedNulls(
    params,
    PANEL_ACTIONS['tracker/settings/update'].request,
  ) as PanelRequest<'tracker/settings/update'>;
}
