import { ParamReader } from '../params.js';
import { extrasOf } from '../state/dealer-extras.js';
import { ZONES } from './timezone-data.js';
import type { ZoneSeed } from './timezone-data.js';
import type { ActionDefinition } from './types.js';

/** Reference §1.6: `language[_country]`, e.g. `en_US` or `en`. */
const LOCALE = /^([a-z]{2})(?:[_-][A-Za-z]{2})?$/;

/** A zone in the requested language; languages the simulator does not know get English. */
function localised(zone: ZoneSeed, language: string) {
  const { names, ...rest } = zone;
  return { ...rest, description: names[language] ?? names.en };
}

/** Reference §4.5: the time zone and email gateway actions. */
export const referenceActions: readonly ActionDefinition[] = [
  {
    name: 'timezone/list',
    // §3.1: no session, no permission.
    public: true,
    permissions: [],
    handle({ params }) {
      const reader = new ParamReader(params);
      const locale = reader.string('locale', { required: true });
      const language = locale === undefined ? undefined : LOCALE.exec(locale)?.[1];
      if (locale !== undefined && language === undefined) {
        reader.fail('locale', 'Should be a locale such as en or en_US');
      }
      reader.check();
      return { list: ZONES.map((zone) => localised(zone, language ?? 'en')) };
    },
  },
  {
    name: 'gateways/email/list',
    permissions: [['email_gateways', 'read']],
    handle: ({ dealer }) => ({ ...extrasOf(dealer).gateways }),
  },
];
