/** One Navixy error code: its verbatim description and the HTTP status it is sent with. */
export interface ErrorInfo {
  readonly description: string;
  readonly httpStatus: number;
}

/** Per-parameter detail of a code 7 answer (reference §1.5). */
export interface ParameterError {
  readonly parameter: string;
  readonly error: string;
}

/**
 * Reference §2: every code of the shared error table, with descriptions verbatim. An empty HTTP
 * cell in the table means the documented default, 400. Codes used by the docs but missing from
 * the table (294, 282; 205 and 216 from the Admin Panel locale) are included with that default.
 */
const TABLE: ReadonlyArray<readonly [number, string, number?]> = [
  [1, 'Database error', 500],
  [2, 'Service Auth error', 403],
  [3, 'Wrong hash'],
  [4, 'User or API key not found or session ended'],
  [5, 'Wrong request format'],
  [6, 'Unexpected error', 500],
  [7, 'Invalid parameters'],
  [8, 'Queue service error, try again later', 503],
  [9, 'Too large request', 412],
  [11, 'Access denied', 403],
  [12, 'Dealer not found'],
  [13, 'Operation not permitted', 403],
  [14, 'Database unavailable', 503],
  [15, 'Too many requests (rate limit exceeded)', 429],
  [101, 'In demo mode this function is disabled', 403],
  [102, 'Wrong login or password'],
  [103, 'User not activated'],
  [111, 'Wrong handler'],
  [112, 'Wrong method'],
  [201, 'Not found in database'],
  [202, 'Too many points in zone'],
  [203, 'Delete entity associated with'],
  [204, 'Entity not found', 404],
  [205, 'Invalid parameters'],
  [206, 'Login already in use'],
  [207, 'Invalid captcha'],
  [208, 'Device blocked', 403],
  [209, 'Failed sending email'],
  [210, 'Geocoding failed'],
  [211, 'Requested time span is too big'],
  [212, 'Requested limit is too big'],
  [213, 'Cannot perform action: the device is offline'],
  [214, 'Requested operation or parameters are not supported by the device'],
  [215, 'External service error'],
  [216, 'Group is not empty'],
  [217, 'List contains nonexistent entities'],
  [218, 'Malformed external service parameters'],
  [219, 'Not allowed for clones of the device', 403],
  [220, 'Unknown device model'],
  [221, 'Device limit exceeded', 403],
  [222, 'Plugin not found'],
  [223, 'Phone number already in use'],
  [224, 'Device ID already in use'],
  [225, 'Not allowed for this legal type', 403],
  [226, 'Wrong ICCID'],
  [227, 'Wrong activation code'],
  [228, 'Not supported by sensor'],
  [229, 'Requested data is not ready yet', 404],
  [230, 'Not supported for this entity type'],
  [231, 'Entity type mismatch', 409],
  [232, 'Input already in use'],
  [233, 'No data file'],
  [234, 'Invalid data format'],
  [235, 'Missing calibration data'],
  [236, 'Feature unavailable due to tariff restrictions', 402],
  [237, 'Invalid tariff'],
  [238, 'Changing tariff is not allowed', 403],
  [239, 'New tariff does not exist', 404],
  [240, 'Not allowed to change tariff too frequently', 403],
  [241, 'Cannot change phone to bundled sim. Contact tech support.'],
  [242, 'There were errors during content validation'],
  [243, 'Device already connected.'],
  [244, 'Duplicate entity label.'],
  [245, 'New password must be different'],
  [246, 'Invalid user ID'],
  [247, 'Entity already exists', 409],
  [248, 'Wrong password'],
  [249, 'Operation available for clones only', 403],
  [250, 'Not allowed for deleted devices', 403],
  [251, 'Insufficient funds', 403],
  [252, 'Device already corrupted'],
  [253, 'Device has clones'],
  [254, 'Cannot save file', 500],
  [255, 'Invalid task state'],
  [256, 'Location already actual'],
  [257, 'Registration forbidden', 403],
  [258, 'Bundle not found', 404],
  [259, 'Payments count not comply with summary'],
  [260, 'Payments sum not comply with summary'],
  [261, 'Entity has external links', 403],
  [262, 'Entries list is missing some entries or contains nonexistent entries'],
  [263, 'No change needed, old and new values are the same'],
  [264, 'Timeout not reached', 403],
  [265, 'Already done', 403],
  [266, 'Cannot perform action for the device in current status', 403],
  [267, 'Too many entities'],
  [268, 'Over quota', 402],
  [269, 'Invalid file state'],
  [270, 'Too many sensors of same type already exist'],
  [271, 'File over max size', 413],
  [272, 'Trackers must have same models'],
  [273, 'Duplicate login'],
  [274, 'Empty data file'],
  [275, 'User is blocked', 403],
  [276, 'Action is forbidden for received session type', 403],
  [277, 'Security group has users in it', 409],
  [278, 'Security group is a default one', 409],
  [279, 'Invalid task period'],
  [280, 'Invalid import request state'],
  [281, 'This resource is closed'],
  [282, 'Wrong authentication code'],
  [284, 'Not enough points for the specified zone type'],
  [294, 'Password was recently used'],
];

/** Reference §2: "Default HTTP code is 400". */
const DEFAULT_HTTP_STATUS = 400;

/** Navixy error codes → description and HTTP status. */
export const ERROR_CODES: ReadonlyMap<number, ErrorInfo> = new Map(
  TABLE.map(([code, description, httpStatus]) => [
    code,
    { description, httpStatus: httpStatus ?? DEFAULT_HTTP_STATUS },
  ]),
);

/** The table entry of a code, or `undefined` for a code Navixy does not document. */
export function errorInfo(code: number): ErrorInfo | undefined {
  return ERROR_CODES.get(code);
}

/**
 * A Navixy API error raised by an action or by the request pipeline. `extra` carries the
 * additional top-level fields some errors have (e.g. 253 → `list`, reference §1.5).
 */
export class PanelError extends Error {
  readonly code: number;
  readonly errors: readonly ParameterError[] | undefined;
  readonly extra: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: number,
    details: { errors?: readonly ParameterError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(errorInfo(code)?.description ?? `Navixy error ${code}`);
    this.name = 'PanelError';
    this.code = code;
    this.errors = details.errors;
    this.extra = details.extra;
  }
}

/** Reference §1.5: `{"success":false,"status":{code,description}}`, code 7 adds `errors`. */
export function errorBody(error: PanelError): { status: number; body: string } {
  const info = errorInfo(error.code) ?? { description: error.message, httpStatus: 400 };
  const payload: Record<string, unknown> = {
    success: false,
    status: { code: error.code, description: info.description },
    ...error.extra,
  };
  if (error.errors !== undefined) payload.errors = error.errors;
  return { status: info.httpStatus, body: JSON.stringify(payload) };
}
