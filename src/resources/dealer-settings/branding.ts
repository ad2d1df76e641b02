import { z } from 'zod';
import { ValidationError } from '../../problems/gateway-error.js';
import { defineRoute } from '../../routing/route-spec.js';
import { IMAGE_TYPES } from '../../panel/schemas/settings.js';

const typeParams = z.strictObject({
  type: z.enum(IMAGE_TYPES).meta({
    description: '`app_logo` needs the `branding_mobile` feature, the others `branding_web`.',
  }),
});

export const brandingRoutes = [
  defineRoute({
    method: 'put',
    path: '/v1/dealer/branding/{type}',
    operationId: 'uploadBrandingImage',
    summary: 'Upload a branding image',
    description:
      'Multipart upload, the image in the part `file` (JPEG, PNG, GIF, WebP; `image/x-icon` for ' +
      'the favicon). Its path then appears in the service settings. A dealer whose plan has no ' +
      'branding gets 402 `FEATURE_UNAVAILABLE`; a file that is not such an image 400 ' +
      '`INVALID_DATA_FORMAT`; a file over `UPLOAD_LIMIT_BYTES` 413.',
    tag: 'Dealer settings',
    actions: ['dealer/settings/image/upload'],
    params: typeParams,
    // Navixy documents no size limit for branding images (reference §8): UPLOAD_LIMIT_BYTES applies.
    upload: { description: 'The image, as the part `file`.' },
    status: 204,
    response: { description: 'The image is stored.' },
    errors: [402, 404, 413, 415],
    async handle({ params, upload, panel }) {
      if (!upload?.file || upload.file.data.length === 0) {
        throw new ValidationError([
          { in: 'body', name: 'file', message: 'an image file is required' },
        ]);
      }
      // §1.3: `type` must travel as a form part, never in the query (234).
      await panel.upload('dealer/settings/image/upload', { type: params.type }, upload.file);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/dealer/branding/{type}',
    operationId: 'deleteBrandingImage',
    summary: 'Delete a branding image',
    description: 'The dealer\u2019s interface falls back to the platform default for that slot.',
    tag: 'Dealer settings',
    actions: ['dealer/settings/image/delete'],
    params: typeParams,
    status: 204,
    response: { description: 'The image is deleted.' },
    errors: [404],
    async handle({ params, panel }) {
      await panel('dealer/settings/image/delete', { type: params.type });
    },
  }),
];
