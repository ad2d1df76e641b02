/** One `timezone/list` entry before localisation (reference §4.2 "TimeZone"). */
export interface ZoneSeed {
  readonly zone_id: string;
  /** English, then the languages the simulator also translates (reference §4.5 `locale`). */
  readonly names: Readonly<Record<string, string>> & { readonly en: string };
  readonly base_offset: number;
  readonly dst_offset: number;
  readonly country_code: string;
  readonly alt_ids?: readonly string[];
}

/**
 * A sample of the 405 zones Navixy lists (§4.5), ordered by `zone_id` as it answers them; the
 * [MD] example (`America/Tijuana`) included. Offsets are standard time, DST is the extra hour.
 */
export const ZONES: readonly ZoneSeed[] = [
  zone('Africa/Cairo', 2, 0, 'EG', { en: 'Cairo', ru: 'Каир', de: 'Kairo', es: 'El Cairo' }),
  zone('Africa/Johannesburg', 2, 0, 'ZA', { en: 'Johannesburg', ru: 'Йоханнесбург' }),
  zone('America/Argentina/Buenos_Aires', -3, 0, 'AR', { en: 'Buenos Aires' }, [
    'America/Buenos_Aires',
  ]),
  zone('America/Chicago', -6, 1, 'US', { en: 'Chicago', ru: 'Чикаго' }),
  zone('America/Mexico_City', -6, 0, 'MX', { en: 'Mexico City', es: 'Ciudad de México' }),
  zone('America/New_York', -5, 1, 'US', { en: 'New York', ru: 'Нью-Йорк', es: 'Nueva York' }),
  zone('America/Sao_Paulo', -3, 0, 'BR', { en: 'Sao Paulo', ru: 'Сан-Паулу' }),
  zone('America/Tijuana', -8, 1, 'MX', { en: 'Tijuana', ru: 'Тихуана' }, [
    'America/Ensenada',
    'America/Santa_Isabel',
  ]),
  zone('Asia/Dubai', 4, 0, 'AE', { en: 'Dubai', ru: 'Дубай', de: 'Dubai' }),
  zone('Asia/Kolkata', 5.5, 0, 'IN', { en: 'Kolkata', ru: 'Калькутта' }, ['Asia/Calcutta']),
  zone('Asia/Singapore', 8, 0, 'SG', { en: 'Singapore', ru: 'Сингапур', de: 'Singapur' }),
  zone('Asia/Tokyo', 9, 0, 'JP', { en: 'Tokyo', ru: 'Токио', de: 'Tokio', es: 'Tokio' }),
  zone('Atlantic/Azores', -1, 1, 'PT', { en: 'Azores', ru: 'Азорские острова', de: 'Azoren' }),
  zone('Australia/Sydney', 10, 1, 'AU', { en: 'Sydney', ru: 'Сидней' }, ['Australia/NSW']),
  zone('Europe/Berlin', 1, 1, 'DE', { en: 'Berlin', ru: 'Берлин', de: 'Berlin', es: 'Berlín' }),
  zone('Europe/London', 0, 1, 'GB', { en: 'London', ru: 'Лондон', de: 'London', es: 'Londres' }),
  zone('Europe/Madrid', 1, 1, 'ES', { en: 'Madrid', ru: 'Мадрид', es: 'Madrid' }),
  zone('Europe/Moscow', 3, 0, 'RU', { en: 'Moscow', ru: 'Москва', de: 'Moskau', es: 'Moscú' }),
  zone('Indian/Maldives', 5, 0, 'MV', { en: 'Maldives', ru: 'Мальдивы', de: 'Malediven' }),
  zone('Pacific/Auckland', 12, 1, 'NZ', { en: 'Auckland', ru: 'Окленд' }, ['NZ']),
];

function zone(
  zoneId: string,
  baseOffset: number,
  dstOffset: number,
  countryCode: string,
  names: ZoneSeed['names'],
  altIds?: readonly string[],
): ZoneSeed {
  return {
    zone_id: zoneId,
    names,
    base_offset: baseOffset,
    dst_offset: dstOffset,
    country_code: countryCode,
    ...(altIds ? { alt_ids: altIds } : {}),
  };
}
