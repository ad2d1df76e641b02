/**
 * Why a route does not pass on a field of a Panel answer it reads. docs/panel-fields.md is
 * generated from the routes' own mapping code, and a field that reaches no client field needs a
 * reason here (a test fails otherwise): nothing is dropped silently.
 *
 * By action, for every route reading it: Panel field path (or `*`: all of them) → reason.
 */
export const WITHHELD_BY_ACTION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'dealer/get_info': {
    standalone_token:
      'an on-premise service credential: the gateway never hands out upstream secrets',
  },
  'user/create': { id: 'used to read the new user back; the answer is the user as read' },
  'tariff/create': { id: 'used to read the new plan back; the answer is the plan as read' },
  'tracker/clone': { id: 'used to read the clone back; the answer is the clone as read' },
  'subpaas/create': {
    id: 'used to read the new sub-dealer back; the answer is the sub-dealer as read',
  },
  'tracker/move': {
    id: 'used to read the tracker back under the id it has now (a new one, per [SPEC])',
  },
};

/** By route (`operationId`) and action: a route that reads an action only for what it needs. */
export const WITHHELD_BY_ROUTE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  openTrackerConsole: {
    'tracker/read': 'the route reads it only for the device id the console URL needs (`deviceId`)',
  },
  sendTrackerCommand: {
    'tracker/read': 'the route reads it only for the device id Navixy addresses commands by (§4.9)',
  },
  createSubdealer: {
    'subpaas/list':
      'only to find the new sub-dealer when Navixy answers no id ([MD], §7); the answer is the sub-dealer as read',
  },
};

/**
 * Notes on fields where Navixy's sources disagree (reference §7): the client sees one field by
 * meaning, whichever key Navixy used.
 */
export const FIELD_NOTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'user/read': {
    'discount.percent': '[SPEC]',
    'discount.value': '[MD]/[UI] name of `percent`',
    'discount.device_limit': '[SPEC]: devices needed for the discount',
    'discount.min_trackers': '[MD]/[UI] name of `device_limit`',
    'discount.strategy': '[MD]/[UI] only',
  },
  'user/transaction/list': {
    'list[].text': '[SPEC]',
    'list[].description': '[MD]/[UI] name of `text`',
  },
  'order/read': {
    'value.positions[].id': '[SPEC] line items',
    'value.bundles[].id':
      '[MD]/[UI]: the bundles assigned; other bundle fields passed on as they come',
  },
  'tracker/batch_clone': {
    'list[]': '[MD] ids; [SPEC] outcome objects, each also in `outcomes`',
  },
  'tracker/active/history/list': { users_map: '[SPEC] only' },
};
