import type { User } from './model.js';

/** The fields of a user that only legal entities and sole traders fill in (reference §4.2). */
export type LegalFields = Pick<
  User,
  | 'registered_country'
  | 'registered_index'
  | 'registered_region'
  | 'registered_city'
  | 'registered_street_address'
  | 'legal_name'
  | 'tin'
  | 'iec'
  | 'state_reg_num'
  | 'okpo_code'
>;

/** Reference §4.2: the read form is flat, with `''` for legal fields that do not apply. */
export const NO_LEGAL_FIELDS: LegalFields = {
  registered_country: '',
  registered_index: '',
  registered_region: '',
  registered_city: '',
  registered_street_address: '',
  legal_name: '',
  tin: '',
  iec: '',
  state_reg_num: '',
  okpo_code: '',
};
