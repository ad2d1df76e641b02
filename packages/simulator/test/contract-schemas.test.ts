import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PANEL_CONTRACT } from '../src/index.js';

/**
 * What the gateway's contract tests need of PANEL_CONTRACT to synthesize answers from it: every
 * schema converts to JSON Schema, and the published facts that decide variants (nullable,
 * optional, enum values) are written as the spec gives them.
 */
const contracts = Object.entries(PANEL_CONTRACT);

/** A schema at a path of properties, through optional/nullable wrappers and array items. */
function at(schema: z.ZodType, path: readonly string[]): z.ZodType {
  let current: z.ZodType = schema;
  for (const key of path) {
    for (;;) {
      const def = current.def as { innerType?: z.ZodType; element?: z.ZodType };
      const next = def.innerType ?? (key === '[]' ? def.element : undefined);
      if (next === undefined) break;
      current = next;
      if (key === '[]') break;
    }
    if (key === '[]') continue;
    const shape = (current.def as { shape?: Record<string, z.ZodType> }).shape;
    const field = shape?.[key];
    if (field === undefined) throw new Error(`no ${key} in ${path.join('.')}`);
    current = field;
  }
  return current;
}

const answer = (action: string): z.ZodType => {
  const contract = PANEL_CONTRACT[action];
  if (contract === undefined) throw new Error(`no contract for ${action}`);
  return contract.answer;
};

describe('PANEL_CONTRACT', () => {
  it('covers the 64 published actions and the 8 legacy ones', () => {
    expect(contracts).toHaveLength(72);
  });

  it('converts every schema to JSON Schema, so answers can be synthesized from it', () => {
    for (const [action, contract] of contracts) {
      for (const schema of [contract.request, contract.answer, contract.legacyAnswer]) {
        if (schema === undefined) continue;
        expect(() => z.toJSONSchema(schema, { io: 'input' }), action).not.toThrow();
      }
    }
  });

  it('requires success: true in every JSON answer', () => {
    for (const [action, contract] of contracts) {
      if (action === 'user/export' || action === 'user/menu/preset/items/list') continue;
      for (const schema of [contract.answer, contract.legacyAnswer]) {
        if (schema === undefined) continue;
        const shape = (schema.def as { shape?: Record<string, z.ZodType> }).shape;
        expect(shape?.success?.safeParse(false).success, action).toBe(false);
        expect(shape?.success?.safeParse(true).success, action).toBe(true);
      }
    }
  });

  it.each([
    ['user/read', ['discount'], true],
    ['user/read', ['discount', 'end_date'], true],
    ['user/read', ['discount', 'device_limit'], true],
    ['user/read', ['discount', 'percent'], false],
    ['user/read', ['value', 'menu_preset_id'], true],
    ['user/read', ['value', 'comment'], false],
    ['dealer/get_info', ['demo_ends'], true],
    ['dealer/get_info', ['tariff', 'license_price'], true],
    ['dealer/get_info', ['tariff_id'], false],
    ['tracker/read', ['value', 'last_connection'], true],
    ['tracker/read', ['value', 'source', 'phone'], true],
    ['tracker/read', ['value', 'source', 'tariff_end_date'], true],
    ['tracker/read', ['value', 'label'], false],
    ['tariff/read', ['value', 'early_change_price'], true],
    ['tariff/defaults/read', ['tracker', 'free_days_device_limit'], true],
    ['gateways/email/list', ['bound_gateway'], true],
    ['user/mfa/settings/default/read', ['value'], true],
    ['dealer/settings/service/read', ['value', 'payment_link'], true],
    ['dealer/settings/service/read', ['value', 'gis_package_definition'], true],
    ['dealer/settings/service/read', ['value', 'domain'], false],
    ['user/menu/preset/list', ['list', '[]', 'preset', 'main', '[]', 'title'], true],
  ] as const)('%s %j admits null: %s, as the spec types it', (action, path, nullable) => {
    const field = at(answer(action), path);
    expect(field.safeParse(null).success).toBe(nullable);
    // Navixy omits null fields (reference §1.5): a nullable field may be absent too.
    if (nullable) expect(field.safeParse(undefined).success).toBe(true);
  });

  it.each([
    [
      'order/read',
      ['value', 'type'],
      ['bank', 'equip', 'bank_service', 'bank_license', 'bank_license_camera'],
    ],
    [
      'order/read',
      ['value', 'status'],
      ['created', 'settled', 'gathered', 'shipped', 'shipped_partially', 'canceled'],
    ],
    [
      'subpaas/read',
      ['value', 'block_type'],
      ['NOT_BLOCKED', 'INITIAL_BLOCK', 'BLOCK_LOGIN', 'CLIENTS_BLOCKED'],
    ],
    ['dealer/get_info', ['contract_type'], ['PARTNER', 'AGENT', 'PAAS']],
    ['tariff/read', ['value', 'type'], ['monthly', 'activeday']],
    ['tariff/read', ['value', 'device_type'], ['tracker', 'camera', 'socket']],
    ['user/read', ['value', 'legal_type'], ['individual', 'legal_entity', 'sole_trader']],
    [
      'dealer/settings/service/read',
      ['value', 'default_user_settings', 'hour_mode'],
      ['TWELVE_HOURS', 'TWENTY_FOUR_HOURS'],
    ],
  ] as const)('%s %j takes every listed value and no other', (action, path, values) => {
    const field = at(answer(action), path);
    for (const value of values) expect(field.safeParse(value).success, value).toBe(true);
    expect(field.safeParse('other').success).toBe(false);
  });

  it('leaves optional what the spec says may be absent, and nothing the answer needs', () => {
    expect(at(answer('dealer/get_info'), ['standalone_token']).safeParse(undefined).success).toBe(
      true,
    );
    expect(
      at(answer('timezone/list'), ['list', '[]', 'alt_ids']).safeParse(undefined).success,
    ).toBe(true);
    expect(at(answer('order/read'), ['value', 'remark']).safeParse(undefined).success).toBe(true);
    expect(
      at(answer('account/auth'), ['permissions', 'subpaas']).safeParse(undefined).success,
    ).toBe(true);
    expect(at(answer('tracker/read'), ['value', 'id']).safeParse(undefined).success).toBe(false);
    expect(at(answer('tracker/move'), ['id']).safeParse(undefined).success).toBe(false);
  });
});
