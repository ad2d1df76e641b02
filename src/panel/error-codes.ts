import { isProblemCode, PROBLEMS, type ProblemCode } from '../problems/catalogue.js';

/**
 * Every Navixy error code (Panel API reference §2, the Backend API errors table shared by the
 * Panel API) and what the gateway answers for it.
 *
 * Rules behind the statuses:
 * - Trouble the client cannot fix is 5xx, never 401/403: the Panel account's own login (2, 3, 4,
 *   11, 12, 102, 103) is 502; upstream faults (1, 6, 254) are 502; a request the gateway built
 *   wrongly (5, 111, 112) is 502; upstream overload (8, 14) is 503.
 * - Not-found, including Navixy's "not yours" answer 201 (§5.5: ownership errors look like
 *   not-found), is 404.
 * - Conflicts with the current state of a record are 409.
 * - The rest keep the status Navixy documents for them (default 400).
 */
export interface PanelErrorCode {
  /** The gateway's HTTP status for this Navixy code. */
  status: number;
  /** The gateway's stable problem code. */
  code: string;
  /** Navixy's own description (reference §2), for problem `title`s. */
  description: string;
}

/**
 * A Navixy code, the gateway's code for it and Navixy's description. A code of the gateway's own
 * catalogue (src/problems/catalogue.ts) takes its status from there; any other code has its
 * status here, the same in each of its rows.
 */
type Row =
  | readonly [navixyCode: number, code: ProblemCode, description: string]
  | readonly [navixyCode: number, status: number, code: string, description: string];

const ROWS: readonly Row[] = [
  [1, 502, 'UPSTREAM_INTERNAL_ERROR', 'Database error'],
  [2, 502, 'UPSTREAM_SESSION_REJECTED', 'Service Auth error'],
  [3, 502, 'UPSTREAM_SESSION_REJECTED', 'Wrong hash'],
  [4, 502, 'UPSTREAM_SESSION_REJECTED', 'User or API key not found or session ended'],
  [5, 502, 'UPSTREAM_REJECTED_REQUEST', 'Wrong request format'],
  [6, 502, 'UPSTREAM_INTERNAL_ERROR', 'Unexpected error'],
  [7, 400, 'UPSTREAM_VALIDATION_FAILED', 'Invalid parameters'],
  [8, 'UPSTREAM_UNAVAILABLE', 'Queue service error, try again later'],
  [9, 413, 'REQUEST_TOO_LARGE', 'Too large request'],
  [11, 'UPSTREAM_AUTH_FAILED', 'Access denied'],
  [12, 'UPSTREAM_AUTH_FAILED', 'Dealer not found'],
  [13, 403, 'PANEL_PERMISSION_DENIED', 'Operation not permitted'],
  [14, 'UPSTREAM_UNAVAILABLE', 'Database unavailable'],
  [15, 429, 'UPSTREAM_RATE_LIMITED', 'Too many requests (rate limit exceeded)'],
  [101, 403, 'DEMO_MODE', 'In demo mode this function is disabled'],
  [102, 'UPSTREAM_AUTH_FAILED', 'Wrong login or password'],
  [103, 'UPSTREAM_AUTH_FAILED', 'User not activated'],
  [111, 502, 'UPSTREAM_REJECTED_REQUEST', 'Wrong handler'],
  [112, 502, 'UPSTREAM_REJECTED_REQUEST', 'Wrong method'],
  [201, 'NOT_FOUND', 'Not found in database'],
  [202, 400, 'TOO_MANY_POINTS', 'Too many points in zone'],
  [203, 409, 'ENTITY_IN_USE', 'Delete entity associated with'],
  [204, 'NOT_FOUND', 'Entity not found'],
  [205, 400, 'INVALID_PARAMETERS', 'Invalid parameters'],
  [206, 409, 'LOGIN_IN_USE', 'Login already in use'],
  [207, 400, 'INVALID_CAPTCHA', 'Invalid captcha'],
  [208, 403, 'DEVICE_BLOCKED', 'Device blocked'],
  [209, 502, 'EMAIL_FAILED', 'Failed sending email'],
  [210, 502, 'GEOCODING_FAILED', 'Geocoding failed'],
  [211, 400, 'TIME_SPAN_TOO_BIG', 'Requested time span is too big'],
  [212, 400, 'LIMIT_TOO_BIG', 'Requested limit is too big'],
  [213, 409, 'DEVICE_OFFLINE', 'Cannot perform action: the device is offline'],
  [
    214,
    400,
    'NOT_SUPPORTED_BY_DEVICE',
    'Requested operation or parameters are not supported by the device',
  ],
  [215, 502, 'EXTERNAL_SERVICE_ERROR', 'External service error'],
  [216, 409, 'GROUP_NOT_EMPTY', 'Group is not empty'],
  [217, 404, 'ENTITIES_NOT_FOUND', 'List contains nonexistent entities'],
  [218, 400, 'MALFORMED_EXTERNAL_PARAMETERS', 'Malformed external service parameters'],
  [219, 403, 'NOT_ALLOWED_FOR_CLONES', 'Not allowed for clones of the device'],
  [220, 400, 'UNKNOWN_DEVICE_MODEL', 'Unknown device model'],
  [221, 403, 'DEVICE_LIMIT_EXCEEDED', 'Device limit exceeded'],
  [222, 400, 'PLUGIN_NOT_FOUND', 'Plugin not found'],
  [223, 409, 'PHONE_IN_USE', 'Phone number already in use'],
  [224, 409, 'DEVICE_ID_IN_USE', 'Device ID already in use'],
  [225, 403, 'NOT_ALLOWED_FOR_LEGAL_TYPE', 'Not allowed for this legal type'],
  [226, 400, 'WRONG_ICCID', 'Wrong ICCID'],
  [227, 400, 'WRONG_ACTIVATION_CODE', 'Wrong activation code'],
  [228, 400, 'NOT_SUPPORTED_BY_SENSOR', 'Not supported by sensor'],
  [229, 404, 'DATA_NOT_READY', 'Requested data is not ready yet'],
  [230, 400, 'NOT_SUPPORTED_FOR_ENTITY_TYPE', 'Not supported for this entity type'],
  [231, 409, 'ENTITY_TYPE_MISMATCH', 'Entity type mismatch'],
  [232, 409, 'INPUT_IN_USE', 'Input already in use'],
  [233, 400, 'NO_DATA_FILE', 'No data file'],
  [234, 400, 'INVALID_DATA_FORMAT', 'Invalid data format'],
  [235, 400, 'MISSING_CALIBRATION_DATA', 'Missing calibration data'],
  [236, 402, 'FEATURE_UNAVAILABLE', 'Feature unavailable due to tariff restrictions'],
  [237, 400, 'INVALID_PLAN', 'Invalid tariff'],
  [238, 403, 'PLAN_CHANGE_NOT_ALLOWED', 'Changing tariff is not allowed'],
  [239, 404, 'PLAN_NOT_FOUND', 'New tariff does not exist'],
  [240, 403, 'PLAN_CHANGE_TOO_FREQUENT', 'Not allowed to change tariff too frequently'],
  [241, 400, 'BUNDLED_SIM_PHONE', 'Cannot change phone to bundled sim. Contact tech support.'],
  [242, 400, 'CONTENT_VALIDATION_FAILED', 'There were errors during content validation'],
  [243, 409, 'DEVICE_ALREADY_CONNECTED', 'Device already connected.'],
  [244, 409, 'DUPLICATE_LABEL', 'Duplicate entity label.'],
  [245, 400, 'PASSWORD_NOT_CHANGED', 'New password must be different'],
  [246, 400, 'INVALID_USER_ID', 'Invalid user ID'],
  [247, 409, 'ALREADY_EXISTS', 'Entity already exists'],
  [248, 400, 'WRONG_PASSWORD', 'Wrong password'],
  [249, 403, 'CLONES_ONLY', 'Operation available for clones only'],
  [250, 403, 'DEVICE_DELETED', 'Not allowed for deleted devices'],
  [251, 403, 'INSUFFICIENT_FUNDS', 'Insufficient funds'],
  [252, 409, 'DEVICE_CORRUPTED', 'Device already corrupted'],
  [253, 409, 'DEVICE_HAS_CLONES', 'Device has clones'],
  [254, 502, 'UPSTREAM_INTERNAL_ERROR', 'Cannot save file'],
  [255, 400, 'INVALID_TASK_STATE', 'Invalid task state'],
  [256, 400, 'LOCATION_ALREADY_ACTUAL', 'Location already actual'],
  [257, 403, 'REGISTRATION_FORBIDDEN', 'Registration forbidden'],
  [258, 404, 'BUNDLE_NOT_FOUND', 'Bundle not found'],
  [259, 400, 'PAYMENTS_COUNT_MISMATCH', 'Payments count not comply with summary'],
  [260, 400, 'PAYMENTS_SUM_MISMATCH', 'Payments sum not comply with summary'],
  [261, 403, 'ENTITY_HAS_EXTERNAL_LINKS', 'Entity has external links'],
  [
    262,
    400,
    'ENTRIES_MISMATCH',
    'Entries list is missing some entries or contains nonexistent entries',
  ],
  [263, 409, 'NO_CHANGE_NEEDED', 'No change needed, old and new values are the same'],
  [264, 429, 'RETRY_TOO_SOON', 'Timeout not reached'],
  [265, 409, 'ALREADY_DONE', 'Already done'],
  [266, 409, 'INVALID_DEVICE_STATUS', 'Cannot perform action for the device in current status'],
  [267, 400, 'TOO_MANY_ENTITIES', 'Too many entities'],
  [268, 402, 'OVER_QUOTA', 'Over quota'],
  [269, 400, 'INVALID_FILE_STATE', 'Invalid file state'],
  [270, 400, 'TOO_MANY_SENSORS', 'Too many sensors of same type already exist'],
  [271, 413, 'FILE_TOO_LARGE', 'File over max size'],
  [272, 400, 'MODELS_DIFFER', 'Trackers must have same models'],
  [273, 400, 'DUPLICATE_LOGIN_IN_FILE', 'Duplicate login'],
  [274, 400, 'EMPTY_DATA_FILE', 'Empty data file'],
  [275, 403, 'USER_BLOCKED', 'User is blocked'],
  [276, 403, 'WRONG_SESSION_TYPE', 'Action is forbidden for received session type'],
  [277, 409, 'SECURITY_GROUP_NOT_EMPTY', 'Security group has users in it'],
  [278, 409, 'SECURITY_GROUP_IS_DEFAULT', 'Security group is a default one'],
  [279, 400, 'INVALID_TASK_PERIOD', 'Invalid task period'],
  [280, 400, 'INVALID_IMPORT_STATE', 'Invalid import request state'],
  [281, 400, 'RESOURCE_CLOSED', 'This resource is closed'],
  [282, 400, 'WRONG_AUTHENTICATION_CODE', 'Wrong authentication code'],
  [284, 400, 'NOT_ENOUGH_POINTS', 'Not enough points for the specified zone type'],
  [294, 400, 'PASSWORD_RECENTLY_USED', 'Password was recently used'],
];

const TABLE: ReadonlyMap<number, PanelErrorCode> = new Map(
  ROWS.map((row) => {
    if (row.length === 3) {
      const [navixy, code, description] = row;
      return [navixy, { status: PROBLEMS[code].status, code, description }];
    }
    const [navixy, status, code, description] = row;
    // One status per code: a catalogue code must not get a second one here.
    if (isProblemCode(code)) throw new Error(`Navixy code ${navixy}: give ${code} no status`);
    return [navixy, { status, code, description }];
  }),
);

/** A code the table does not know: nothing says the client can fix it, so it is an upstream fault. */
export const UNKNOWN_PANEL_ERROR: PanelErrorCode = {
  status: 502,
  code: 'UPSTREAM_ERROR',
  description: 'Unknown Panel API error',
};

/** What the gateway answers for a Navixy error code. */
export function panelErrorCode(navixyCode: number): PanelErrorCode {
  return TABLE.get(navixyCode) ?? UNKNOWN_PANEL_ERROR;
}

/** Every Navixy code the table maps (for tests and docs). */
export function knownPanelErrorCodes(): number[] {
  return [...TABLE.keys()];
}

/**
 * Every problem code a client can get, sorted: the catalogue's and those Navixy's codes map to
 * (the OpenAPI Problem schema's `code` enum).
 */
export function everyProblemCode(): string[] {
  const codes = new Set<string>(Object.keys(PROBLEMS));
  for (const { code } of TABLE.values()) codes.add(code);
  codes.add(UNKNOWN_PANEL_ERROR.code);
  return [...codes].sort();
}

/** Codes that mean "this session hash is no longer valid": drop it, log in again, replay (§1.7). */
export const SESSION_ENDED_CODES: ReadonlySet<number> = new Set([3, 4]);

/** Codes `account/auth` answers for credentials that will not start working by retrying (§4.3). */
export const LOGIN_REFUSED_CODES: ReadonlySet<number> = new Set([11, 12, 102]);
