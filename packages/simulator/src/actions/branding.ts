import { PanelError, errorBody } from '../errors.js';
import { HttpAnswer } from '../json.js';
import { formPartsOf, isUploadedFile } from '../multipart.js';
import { ParamReader } from '../params.js';
import type { Params } from '../params.js';
import { extrasOf } from '../state/dealer-extras.js';
import { IMAGE_TYPES } from '../state/extras-model.js';
import type { ImageType } from '../state/extras-model.js';
import type { DealerData, SimulatorStore } from '../store.js';
import type { ActionDefinition, ActionResult } from './types.js';

/** Reference §4.4 image upload: accepted MIME types (`image/x-icon` is for the favicon). */
const IMAGE_MIME = ['image/jpeg', 'image/pjpeg', 'image/png', 'image/gif', 'image/webp'];
const ICON_MIME = 'image/x-icon';

/** Reference §4.4: `app_logo` needs `branding_mobile`, every other slot `branding_web` (236). */
function checkBranding(dealer: DealerData, type: ImageType): void {
  const feature = type === 'app_logo' ? 'branding_mobile' : 'branding_web';
  const { allow_branding: allowed, features } = dealer.dealer;
  if (!allowed || !features.includes(feature)) throw new PanelError(236);
}

/**
 * Reference §1.3 / §4.4, checked in this order (the reference gives none): `type` sent in the
 * query instead of as a form part → 234, no `file` part → 233, a bad `type` → 7, branding
 * disabled → 236, a MIME type that is not an image → 234.
 */
function readUpload(params: Params, dealer: DealerData): { type: ImageType; mime: string } {
  const parts = formPartsOf(params);
  if (params.type !== undefined && parts?.has('type') !== true) throw new PanelError(234);
  const file = params.file;
  if (!isUploadedFile(file) || file.data.length === 0) throw new PanelError(233);
  const reader = new ParamReader(params);
  const type = reader.oneOf('type', IMAGE_TYPES, true);
  reader.check();
  if (type === undefined) throw new PanelError(7);
  checkBranding(dealer, type);
  const mime = file.contentType;
  const allowed = type === 'favicon' ? [...IMAGE_MIME, ICON_MIME] : IMAGE_MIME;
  if (!allowed.includes(mime)) throw new PanelError(234);
  return { type, mime };
}

/** Sets (or, with `undefined`, removes) an image path in the service settings and dealer record. */
function setImage(store: SimulatorStore, dealer: DealerData, type: ImageType, path?: string) {
  const state = extrasOf(dealer);
  const { [type]: _old, ...rest } = state.service;
  state.service = path === undefined ? rest : { ...rest, [type]: path };
  if (type === 'logo' || type === 'favicon') {
    const { [type]: _previous, ...record } = dealer.dealer;
    store.putDealer(dealer, path === undefined ? record : { ...record, [type]: path });
  }
}

/** Reference §1.5: with `redirect_target`, 302 to `<target>?response=<urlencoded JSON>`. */
function redirect(target: string, body: string): HttpAnswer {
  const separator = target.includes('?') ? '&' : '?';
  const location = `${target}${separator}response=${encodeURIComponent(body)}`;
  return new HttpAnswer(302, { location });
}

function upload(params: Params, store: SimulatorStore, dealer: DealerData): ActionResult {
  const { type } = readUpload(params, dealer);
  // §4.4: stored as static/paas/<dealer_id>/<type>_<timestamp>.png.
  setImage(store, dealer, type, `static/paas/${dealer.dealer.id}/${type}_${Date.now()}.png`);
  return {};
}

/** Reference §4.4: the branding image actions, gated by `service_settings: update`. */
export const brandingActions: readonly ActionDefinition[] = [
  {
    name: 'dealer/settings/image/upload',
    permissions: [['service_settings', 'update']],
    handle({ params, store, dealer }) {
      const target = params.redirect_target;
      if (typeof target !== 'string' || target === '') return upload(params, store, dealer);
      try {
        upload(params, store, dealer);
        return redirect(target, '{"success":true}');
      } catch (error) {
        if (!(error instanceof PanelError)) throw error;
        return redirect(target, errorBody(error).body);
      }
    },
  },
  {
    name: 'dealer/settings/image/delete',
    permissions: [['service_settings', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const type = reader.oneOf('type', IMAGE_TYPES, true);
      reader.check();
      // §4.4: the slot falls back to the platform default (here: no path of its own).
      if (type !== undefined) setImage(store, dealer, type);
      return {};
    },
  },
];
