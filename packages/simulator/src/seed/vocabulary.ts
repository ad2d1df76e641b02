/** Word lists the seed draws names, places and devices from. */

const words = (text: string): readonly string[] => text.split('|');

export const FIRST_NAMES = words(
  'John|Maria|Ahmed|Olga|Carlos|Sofia|Liam|Ana|Pedro|Elena|James|Fatima|Lucas|Irina|Mateo|Emma|Omar|Chloe|Diego|Hannah',
);

export const MIDDLE_NAMES = words('William|Ivanovich|Marie|Luis|Alexandrovna|Jose');

export const LAST_NAMES = words(
  "Smith|Garcia|Ivanov|Müller|Rossi|Novak|Silva|Kowalski|Haddad|O'Brien|Petrova|Martinez|Dubois|Yilmaz|Hernandez|Jensen|Lopez|Schmidt|Costa|Brown",
);

export const COMPANY_STEMS = words(
  'Fleetwise|Northern Logistics|Cargo Express|Blue Line Transport|Agro Trade|City Couriers|Vector Rentals|Summit Construction|Harbor Freight|Green Taxi',
);

export const COMPANY_SUFFIXES = words('Ltd.|Inc.|LLC|GmbH|S.A.');

export const EMAIL_DOMAINS = words('example.com|example.org|example.net');

export interface Place {
  readonly country: string;
  readonly region: string;
  readonly city: string;
  readonly postcodes: readonly string[];
  readonly phonePrefix: string;
  readonly streets: readonly string[];
}

/** `country|region|city|postcodes|phone prefix|streets`, lists comma-separated. */
const PLACE_ROWS = [
  'USA|California|Los Angeles|90001,90012,90028|1323|Main St,Sunset Blvd,Figueroa St',
  'USA|Texas|Houston|77002,77019|1713|Westheimer Rd,Travis St',
  'United Kingdom|England|Manchester|M1 1AE,M4 5JD|44161|Deansgate,Oxford Rd',
  'Germany|Bavaria|Munich|80331,80539|4989|Leopoldstraße,Sendlinger Str.',
  'Spain|Catalonia|Barcelona|08001,08013|3493|Carrer de Balmes,Avinguda Diagonal',
  'Mexico|Jalisco|Guadalajara|44100,44600|5233|Av. Chapultepec,Av. Vallarta',
  'Brazil|São Paulo|Campinas|13010-001,13083-970|5519|Rua Barão de Jaguara,Av. Brasil',
  'United Arab Emirates|Dubai|Dubai|00000|9714|Sheikh Zayed Rd,Al Wasl Rd',
  'Poland|Masovia|Warsaw|00-001,02-677|4822|ul. Marszałkowska,ul. Puławska',
  'Türkiye|Istanbul|Istanbul|34000,34394|90212|Büyükdere Cd.,İstiklal Cd.',
];

export const PLACES: readonly Place[] = PLACE_ROWS.map((row) => {
  const [country = '', region = '', city = '', postcodes = '', phonePrefix = '', streets = ''] =
    row.split('|');
  return {
    country,
    region,
    city,
    postcodes: postcodes.split(','),
    phonePrefix,
    streets: streets.split(','),
  };
});

export interface DeviceModel {
  readonly code: string;
  readonly name: string;
  /** Type allocation code: the first 8 IMEI digits; `undefined` for phone apps (no IMEI, no SIM). */
  readonly tac: string | undefined;
}

export const DEVICE_MODELS: readonly DeviceModel[] = [
  { code: 'telfmb120', name: 'Teltonika FMB120', tac: '35209109' },
  { code: 'telfmb920', name: 'Teltonika FMB920', tac: '35209110' },
  { code: 'telfmc130', name: 'Teltonika FMC130', tac: '35084418' },
  { code: 'qlgv300', name: 'Queclink GV300', tac: '86223303' },
  { code: 'qlgl300w', name: 'Queclink GL300W', tac: '86233104' },
  { code: 'concox_gt06n', name: 'Concox GT06N', tac: '35876105' },
  { code: 'ruptela_fmeco4', name: 'Ruptela FM-Eco4', tac: '86746502' },
  { code: 'navixymobile_xgps', name: 'X-GPS Tracker Android', tac: undefined },
  { code: 'iosnavixytracker', name: 'X-GPS Tracker iOS', tac: undefined },
];

export const LABEL_STEMS = words(
  'Truck|Van|Courier|Excavator|Trailer|Bus|Taxi|Tractor|Forklift|Reefer|Pickup|Scooter|Ambulance|Crane|Car',
);

export const TRACKER_COMMENTS = words(
  'Need to change SIM till next month|Installed under the dashboard|Spare unit, check battery',
);

export const USER_COMMENTS = words('VIP client|Pays by bank transfer|Trial extended once');
