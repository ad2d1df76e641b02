import { z } from 'zod';
import { done, id, io, listParams, page, up } from './fields.js';

/** Reference §4.1; sub-dealer errors also mention `DELETED`, which no write may set. */
export const BLOCK_TYPES = [
  'NOT_BLOCKED',
  'INITIAL_BLOCK',
  'BLOCK_LOGIN',
  'CLIENTS_BLOCKED',
] as const;

/** Navixy's sub-dealer ("subpaas", reference §4.2); list entries carry a subset of it. */
export const subdealerUpstream = z.looseObject({
  subpaas_id: z.number().int(),
  block_type: up.str,
  creation_date: up.str,
  login: up.str,
  title: up.str,
  jur_name: up.str,
  email: up.str,
  jur_country: up.str,
  link_monitoring: up.str,
  contact_fio: up.str,
  contact_post: up.str,
  contact_phone: up.str,
  users_count: up.int,
  active_users_count: up.int,
  trackers_count: up.int,
  active_trackers_count: up.int,
});

/** The fields `subpaas/create` and `subpaas/update` both take (§4.6 limits). */
const subdealerForm = {
  title: z.string().min(1).max(50),
  jur_name: z.string().max(100),
  email: z.string(),
  jur_country: z.string().max(255),
  link_monitoring: z.string().min(1).max(255),
  contact_fio: z.string().max(100).optional(),
  contact_post: z.string().max(50).optional(),
  contact_phone: z.string().max(255).optional(),
};

const subpaasId = z.object({ subpaas_id: id });

export const subpaasList = io(
  listParams(['subpaas_id', 'title', 'jur_name', 'login', 'block_type', 'creation_date']),
  // Older answers carry no `count` (reference Appendix A).
  page(subdealerUpstream),
);
export const subpaasRead = io(subpaasId, z.looseObject({ value: subdealerUpstream }));
export const subpaasCreate = io(
  z.object({ password: z.string().min(1), ...subdealerForm }),
  // [SPEC] and [UI] read `id`; the [MD] example shows only `success` (§4.6, §7).
  z.looseObject({ id: up.int }),
);
/** Loose: a PATCH gives back the fields of the record it read, unmodelled ones too (§5.6). */
export const subpaasUpdate = io(
  z.looseObject({ subpaas_id: id, block_type: z.enum(BLOCK_TYPES), ...subdealerForm }),
  done,
);
export const subpaasPasswordChange = io(
  subpaasId.extend({ new_password: z.string().min(1) }),
  done,
);
/** A Panel session of the sub-dealer: the gateway keeps it (`X-Subdealer-Id`). */
export const subpaasSessionCreate = io(subpaasId, z.looseObject({ hash: z.string().min(1) }));
