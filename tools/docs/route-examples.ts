/**
 * One valid request for every route, by `operationId`: what the contract tests send and what
 * docs/panel-fields.md is generated with. `path` values fill the route's `{name}`s.
 */
export interface RouteExample {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** A multipart upload: the part `file` with this content type. */
  file?: string;
}

const user = {
  login: 'ada@example.com',
  legalType: 'individual',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '447700900123',
  comment: 'example',
  discount: { percent: 5, minTrackers: 1, endDate: null, strategy: 'no_summing' },
};
const plan = { name: 'Example', type: 'monthly', price: 9.5 };
const subdealer = {
  title: 'Example',
  legalName: 'Example Ltd',
  email: 'sub@example.com',
  country: 'UK',
  monitoringDomain: 'sub.example.com',
};
const service = {
  domain: 'example.com',
  serviceTitle: 'Example',
  locale: 'en',
  demoLogin: '',
  demoPassword: '',
  maps: ['osm'],
  defaultMap: { type: 'osm', location: { lat: 51.5, lng: -0.1 }, zoom: 10 },
  currency: 'USD',
  colorTheme: '',
  appColorTheme: '',
};
const notification = {
  emailFrom: 'noreply@example.com',
  emailFooter: 'Footer',
  smsOriginator: 'Example',
  callerId: 'Example',
};
const preset = { title: 'Example', main: [], footer: { title: null, items: [] } };
const defaults = { planId: 12163, activationBonus: 0, freeDays: 7 };
const id = { id: '4021' };

export const ROUTE_EXAMPLES: Readonly<Record<string, RouteExample>> = {
  getDealer: {},
  getPanelPermissions: {},
  getServiceSettings: {},
  replaceServiceSettings: { body: service },
  updateServiceSettings: { body: { serviceTitle: 'Patched' } },
  getNotificationSettings: {},
  replaceNotificationSettings: { body: notification },
  updateNotificationSettings: { body: { emailFooter: 'Patched' } },
  uploadBrandingImage: { path: { type: 'logo' }, file: 'image/png' },
  deleteBrandingImage: { path: { type: 'logo' } },
  listUsers: { query: { limit: '5' } },
  getUser: { path: id },
  createUser: { body: { ...user, password: 'Str0ng-Passw0rd!', timeZone: 'Europe/London' } },
  replaceUser: { path: id, body: user },
  updateUser: { path: id, body: { firstName: 'Patched' } },
  setUserPassword: { path: id, body: { password: 'Str0ng-Passw0rd!' } },
  corruptUser: { path: id, body: { confirmLogin: 'ada@example.com' } },
  createUserSession: { path: id },
  listUserTransactions: {
    path: id,
    query: { from: '2024-01-01T00:00:00Z', to: '2024-03-01T00:00:00Z' },
  },
  changeUserBalance: { path: id, body: { amount: 10.5, type: 'balance', text: 'A refund' } },
  exportUsers: { query: { format: 'csv' } },
  importUsers: { file: 'text/csv' },
  getMe: {},
  createMySession: {},
  listMenuPresets: {},
  createMenuPreset: { body: preset },
  replaceMenuPreset: { path: id, body: preset },
  deleteMenuPreset: { path: id },
  assignMenuPreset: { path: id, body: { type: 'default' } },
  listMenuItems: {},
  setMfaSettings: { body: { target: { type: 'all' }, settings: { type: 'disallowed' } } },
  getDefaultMfaSettings: {},
  setDefaultMfaSettings: { body: { settings: { type: 'allowed', factorTypes: ['email'] } } },
  listTrackers: { query: { limit: '5' } },
  getTracker: { path: id },
  updateTracker: { path: id, body: { label: 'Patched' } },
  cloneTracker: { path: id, body: { userId: 4022, label: 'Clone' } },
  deleteTrackerClone: { path: id },
  corruptTracker: { path: id, body: { confirmTrackerId: 4021 } },
  moveTracker: { path: id, body: { userId: 4022 } },
  changeTrackerPlan: { path: id, body: { planId: 12163, repay: false, charge: false } },
  cloneTrackers: { body: { userId: 4022, trackerIds: [4021, 4023] } },
  deleteTrackerClones: { body: { trackerIds: [4021, 4023] } },
  retryTrackerRegistration: { path: id, body: {} },
  openTrackerConsole: { path: id },
  sendTrackerCommand: { path: id, body: { command: 'getinfo' } },
  listTrackerActivity: { query: { from: '2024-01', to: '2024-03' } },
  listSubdealers: { query: { limit: '5' } },
  getSubdealer: { path: id },
  createSubdealer: { body: { ...subdealer, password: 'Str0ng-Passw0rd!' } },
  replaceSubdealer: { path: id, body: subdealer },
  updateSubdealer: { path: id, body: { title: 'Patched' } },
  setSubdealerPassword: { path: id, body: { password: 'Str0ng-Passw0rd!' } },
  getOrder: { path: id },
  listBundles: { query: { limit: '5' } },
  getBundleByImei: { path: { imei: '352091090000011' } },
  importBundles: { body: { imeis: ['352091090000011'], equipmentId: 3 } },
  assignBundleSim: { path: id, body: { iccid: '8944500102198304826' } },
  assignBundleOrder: { path: id, body: { orderId: null } },
  setBundleEquipment: { path: id, body: { equipmentId: 3 } },
  listEquipment: {},
  listPlans: { query: { limit: '5' } },
  createPlan: { body: { ...plan, deviceType: 'tracker' } },
  getPlanDefaults: {},
  replacePlanDefaults: { body: { tracker: defaults } },
  updatePlanDefaults: { body: { tracker: { freeDays: 9 } } },
  getPlan: { path: id },
  replacePlan: { path: id, body: plan },
  updatePlan: { path: id, body: { name: 'Patched' } },
  listActivationCodes: { query: { limit: '5' } },
  createActivationCodes: { body: { count: 2, planId: 12163, bonusAmount: 0, freeDays: 7 } },
  updateActivationCodes: {
    body: { codes: ['1201245293'], planId: 12163, bonusAmount: 0, freeDays: 7 },
  },
  listTimeZones: { query: { locale: 'en' } },
  getEmailGateways: {},
};

/** `path` with its `{name}`s filled from `example`. */
export const examplePath = (path: string, example: RouteExample) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => example.path?.[name] ?? 'x');
