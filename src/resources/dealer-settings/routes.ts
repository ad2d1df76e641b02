import { defineRoute, type PanelCall, type RouteSpec } from '../../routing/route-spec.js';
import { brandingRoutes } from './branding.js';
import {
  NOTIFICATION_FIELD_NAMES,
  SERVICE_FIELD_NAMES,
  notificationInputSchema,
  notificationPatchSchema,
  serviceInputSchema,
  servicePatchSchema,
  notificationUpdateFromRead,
  serviceUpdateFromRead,
  toNavixyNotification,
  toNavixyService,
} from './forms.js';
import {
  notificationSettingsSchema,
  serviceSettingsSchema,
  toNotificationSettings,
  toServiceSettings,
} from './mapping.js';
import { asRecord } from '../shared/raw-write.js';

const SERVICE = '/v1/dealer/settings/service';
const NOTIFICATION = '/v1/dealer/settings/notification';

async function readService(panel: PanelCall) {
  const { value } = await panel('dealer/settings/service/read');
  return toServiceSettings(value);
}

async function readNotification(panel: PanelCall) {
  const { value } = await panel('dealer/settings/notification/read');
  return toNotificationSettings(value);
}

const PATCH_NOTE =
  'A JSON merge patch (RFC 7396). Navixy\u2019s update replaces the whole record, so the gateway ' +
  'reads it, merges the patch into it as Navixy returned it and writes it back while holding a ' +
  'lock shared by all gateway instances: untouched settings go back exactly as read (those the ' +
  'gateway does not show included, see docs/panel-fields.md), concurrent patches never lose ' +
  'each other.';

const serviceRoutes = [
  defineRoute({
    method: 'get',
    path: SERVICE,
    operationId: 'getServiceSettings',
    summary: 'The dealer\u2019s service settings (domain, title, maps, branding image paths\u2026)',
    tag: 'Dealer settings',
    actions: ['dealer/settings/service/read'],
    response: { description: 'The service settings.', schema: serviceSettingsSchema },
    handle: ({ panel }) => readService(panel),
  }),
  defineRoute({
    method: 'put',
    path: SERVICE,
    operationId: 'replaceServiceSettings',
    summary: 'Replace the service settings',
    description:
      'Navixy resets every writable setting left out \u2014 even ones it does not document \u2014 ' +
      'except `allowRegistration`, `showMobileApps` and `defaultUserTimeZone`. Use PATCH to ' +
      'change some. A domain another dealer uses is 409 `ALREADY_EXISTS`.',
    tag: 'Dealer settings',
    actions: ['dealer/settings/service/update', 'dealer/settings/service/read'],
    body: serviceInputSchema,
    response: { description: 'The settings as stored.', schema: serviceSettingsSchema },
    errors: [409],
    fieldNames: SERVICE_FIELD_NAMES,
    handle: ({ body, panel, lock }) =>
      lock('dealer-settings:service', async () => {
        await panel('dealer/settings/service/update', toNavixyService(body));
        return readService(panel);
      }),
  }),
  defineRoute({
    method: 'patch',
    path: SERVICE,
    operationId: 'updateServiceSettings',
    summary: 'Change some service settings',
    description: `${PATCH_NOTE} A domain another dealer uses is 409 \`ALREADY_EXISTS\`.`,
    tag: 'Dealer settings',
    actions: ['dealer/settings/service/read', 'dealer/settings/service/update'],
    body: servicePatchSchema,
    response: { description: 'The settings as stored.', schema: serviceSettingsSchema },
    errors: [409],
    fieldNames: SERVICE_FIELD_NAMES,
    async handle({ body, panel, lock }) {
      return lock('dealer-settings:service', async () => {
        const { raw } = await panel.withRaw('dealer/settings/service/read');
        await panel(
          'dealer/settings/service/update',
          serviceUpdateFromRead(asRecord(raw.value), body),
        );
        return readService(panel);
      });
    },
  }),
];

const notificationRoutes = [
  defineRoute({
    method: 'get',
    path: NOTIFICATION,
    operationId: 'getNotificationSettings',
    summary: 'The originators of the dealer\u2019s email, SMS and voice notifications',
    tag: 'Dealer settings',
    actions: ['dealer/settings/notification/read'],
    response: { description: 'The notification settings.', schema: notificationSettingsSchema },
    handle: ({ panel }) => readNotification(panel),
  }),
  defineRoute({
    method: 'put',
    path: NOTIFICATION,
    operationId: 'replaceNotificationSettings',
    summary: 'Replace the notification settings',
    description: 'Navixy replaces the record: a left-out `emailSpecial` is cleared.',
    tag: 'Dealer settings',
    actions: ['dealer/settings/notification/update', 'dealer/settings/notification/read'],
    body: notificationInputSchema,
    response: { description: 'The settings as stored.', schema: notificationSettingsSchema },
    fieldNames: NOTIFICATION_FIELD_NAMES,
    handle: ({ body, panel, lock }) =>
      lock('dealer-settings:notification', async () => {
        await panel('dealer/settings/notification/update', toNavixyNotification(body));
        return readNotification(panel);
      }),
  }),
  defineRoute({
    method: 'patch',
    path: NOTIFICATION,
    operationId: 'updateNotificationSettings',
    summary: 'Change some notification settings',
    description: PATCH_NOTE,
    tag: 'Dealer settings',
    actions: ['dealer/settings/notification/read', 'dealer/settings/notification/update'],
    body: notificationPatchSchema,
    response: { description: 'The settings as stored.', schema: notificationSettingsSchema },
    fieldNames: NOTIFICATION_FIELD_NAMES,
    async handle({ body, panel, lock }) {
      return lock('dealer-settings:notification', async () => {
        const { raw } = await panel.withRaw('dealer/settings/notification/read');
        await panel(
          'dealer/settings/notification/update',
          notificationUpdateFromRead(asRecord(raw.value), body),
        );
        return readNotification(panel);
      });
    },
  }),
];

export const dealerSettingsRoutes: RouteSpec[] = [
  ...serviceRoutes,
  ...notificationRoutes,
  ...brandingRoutes,
];
