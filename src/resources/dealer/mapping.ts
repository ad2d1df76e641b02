import { z } from 'zod';
import type {
  dealerUpstream,
  paasPlanUpstream,
  passwordPolicyUpstream,
  servicePricesUpstream,
} from '../../panel/schemas/dealer.js';
import { isoDate, openEnum, orNull, out } from '../shared/common.js';

const servicePrices = z
  .object({
    incomingSms: out.num,
    outgoingSms: out.num,
    serviceSms: out.num,
    traffic: out.num.meta({ description: 'Price per MB.' }),
    phoneCall: out.num,
  })
  .meta({ id: 'ServicePrices' });

const passwordPolicy = z
  .object({
    minLength: out.int,
    maxLength: out.int,
    specialChars: out.str,
    minSpecialCharsCount: out.int,
    minDigitsCount: out.int,
    minUppercaseCount: out.int,
    minLowercaseCount: out.int,
  })
  .meta({ id: 'PasswordPolicy' });

const paasPlan = z
  .object({
    id: out.int,
    name: out.str,
    type: out.str,
    algorithm: out.str,
    gisPackage: out.str,
    currency: out.str,
    licensePrice: out.num,
    minLicensePay: out.num,
    vat: out.bool,
    trial: out.bool,
    premiumGis: out.bool,
    servicePrices: servicePrices.nullable(),
    storePeriod: out.str.meta({ description: 'ISO-8601 duration, e.g. P6M.' }),
  })
  .meta({ id: 'DealerPlan', description: "The dealer's own PaaS plan." });

export const dealerSchema = z
  .object({
    id: z.number().int(),
    sellerId: out.int,
    parentDealerId: out.int,
    contractType: openEnum(['PARTNER', 'AGENT', 'PAAS']),
    planId: out.int,
    plan: paasPlan.nullable(),
    demoPlan: out.bool,
    trackerPlanEndDate: out.date,
    storePeriod: out.str,
    demoEnds: out.str,
    title: out.str,
    legalName: out.str,
    locale: out.str,
    domain: out.str,
    blockStatus: openEnum(['NOT_BLOCKED', 'INITIAL_BLOCK', 'BLOCK_LOGIN', 'CLIENTS_BLOCKED']),
    activeAmount: out.int,
    activeAmountOwn: out.int,
    activeAmountSubdealers: out.int,
    activeLimit: out.int,
    favicon: out.str,
    logo: out.str,
    enableTrackers: out.bool,
    enableCameras: out.bool,
    isSubdealer: out.bool.meta({ description: 'True when this dealer is itself a sub-dealer.' }),
    allowBranding: out.bool,
    passwordPolicy: passwordPolicy.nullable(),
    paasActivationDate: out.date,
    licenseBalance: out.num,
    sellerCurrency: out.str,
    features: z.array(z.string()),
    defaultUserTimeZone: out.str,
  })
  .meta({ id: 'Dealer', description: 'The dealer whose Panel account the gateway acts as.' });

type DealerUpstream = z.infer<typeof dealerUpstream>;

function toServicePrices(p: z.infer<typeof servicePricesUpstream> | null | undefined) {
  if (!p) return null;
  return {
    incomingSms: orNull(p.incoming_sms),
    outgoingSms: orNull(p.outgoing_sms),
    serviceSms: orNull(p.service_sms),
    traffic: orNull(p.traffic),
    phoneCall: orNull(p.phone_call),
  };
}

function toPlan(t: z.infer<typeof paasPlanUpstream> | null | undefined) {
  if (!t) return null;
  return {
    id: orNull(t.id),
    name: orNull(t.name),
    type: orNull(t.type),
    algorithm: orNull(t.algorithm),
    gisPackage: orNull(t.gis_package),
    currency: orNull(t.currency),
    licensePrice: orNull(t.license_price),
    minLicensePay: orNull(t.min_license_pay),
    vat: orNull(t.vat),
    trial: orNull(t.trial),
    premiumGis: orNull(t.premium_gis),
    servicePrices: toServicePrices(t.service_prices),
    storePeriod: orNull(t.store_period),
  };
}

function toPasswordPolicy(p: z.infer<typeof passwordPolicyUpstream> | null | undefined) {
  if (!p) return null;
  return {
    minLength: orNull(p.min_length),
    maxLength: orNull(p.max_length),
    specialChars: orNull(p.special_chars),
    minSpecialCharsCount: orNull(p.min_special_chars_count),
    minDigitsCount: orNull(p.min_digits_count),
    minUppercaseCount: orNull(p.min_uppercase_count),
    minLowercaseCount: orNull(p.min_lowercase_count),
  };
}

/**
 * Navixy's dealer → the Dealer resource. `standalone_token` (an on-premise service credential)
 * is deliberately left out: the gateway never hands out upstream secrets.
 */
export function toDealer(d: DealerUpstream): z.infer<typeof dealerSchema> {
  return {
    id: d.id,
    sellerId: orNull(d.seller_id),
    parentDealerId: orNull(d.parent_dealer_id),
    contractType: orNull(d.contract_type),
    planId: orNull(d.tariff_id),
    plan: toPlan(d.tariff),
    demoPlan: orNull(d.demo_tariff),
    trackerPlanEndDate: isoDate(d.tracker_tariff_end_date),
    storePeriod: orNull(d.store_period),
    demoEnds: orNull(d.demo_ends),
    title: orNull(d.title),
    legalName: orNull(d.legal_name),
    locale: orNull(d.locale),
    domain: orNull(d.domain),
    blockStatus: orNull(d.block_status),
    activeAmount: orNull(d.active_amount),
    activeAmountOwn: orNull(d.active_amount_own),
    activeAmountSubdealers: orNull(d.active_amount_subpaas),
    activeLimit: orNull(d.active_limit),
    favicon: orNull(d.favicon),
    logo: orNull(d.logo),
    enableTrackers: orNull(d.enable_trackers),
    enableCameras: orNull(d.enable_cameras),
    isSubdealer: orNull(d.subpaas),
    allowBranding: orNull(d.allow_branding),
    passwordPolicy: toPasswordPolicy(d.password_policy),
    paasActivationDate: isoDate(d.paas_activation_date),
    licenseBalance: orNull(d.license_balance),
    sellerCurrency: orNull(d.seller_currency),
    features: d.features ?? [],
    defaultUserTimeZone: orNull(d.default_user_time_zone),
  };
}
