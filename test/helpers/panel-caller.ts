import { FormData, request } from 'undici';
import { expect } from 'vitest';
import {
  PANEL_ACTIONS,
  type PanelActionName,
  type PanelRequest,
  type PanelResponse,
} from '../../src/panel/actions.js';
import type { Simulator } from '@navixy-panel-gateway/simulator';

/** Every permission the catalog names, as a simulator account's permission map. */
export function catalogPermissions(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const action of Object.values(PANEL_ACTIONS)) {
    for (const scope of action.permissions) {
      const [category = '', operation = ''] = scope.split(':');
      const ops = (map[category] ??= []);
      if (!ops.includes(operation)) ops.push(operation);
    }
  }
  return map;
}

/**
 * Calls Panel actions on a simulator the way the catalog describes them: the params must pass
 * the action's request schema, the answer its response schema (both asserted).
 */
export interface PanelCaller {
  /** The session hash sent with every call; empty: none. */
  hash: string;
  /** The actions called so far. */
  readonly called: Set<string>;
  call<N extends PanelActionName>(action: N, params: PanelRequest<N>): Promise<PanelResponse<N>>;
  /** A multipart call: `fields` as form parts, the file as the part `file` (§1.3). */
  upload<N extends PanelActionName>(
    action: N,
    fields: PanelRequest<N> & Record<string, string>,
    file: { name: string; type: string; data: string | Uint8Array },
  ): Promise<PanelResponse<N>>;
  /** A file action: answers the file's text, never the JSON envelope (§5.14). */
  download<N extends PanelActionName>(action: N, params: PanelRequest<N>): Promise<string>;
}

/** The answer minus `success`, after checking it was one. */
async function answerOf(res: Awaited<ReturnType<typeof request>>, action: string) {
  const json: unknown = await res.body.json();
  // [MD]'s `user/menu/preset/items/list` answers a bare array (§7), read as `{list}` as the
  // gateway's Panel client reads it.
  if (Array.isArray(json) && action === 'user/menu/preset/items/list') {
    expect(res.statusCode).toBe(200);
    return { list: json };
  }
  const body = json as Record<string, unknown>;
  expect(body, `${action} failed: ${JSON.stringify(body)}`).toMatchObject({ success: true });
  const { success: _success, ...payload } = body;
  return payload;
}

function accepted(action: PanelActionName, params: unknown): void {
  const result = PANEL_ACTIONS[action].request.safeParse(params);
  expect(result.error?.issues ?? [], `${action} params`).toEqual([]);
}

export function createPanelCaller(sim: Simulator): PanelCaller {
  const caller = { hash: '', called: new Set<string>() } as PanelCaller;
  const parsed = <N extends PanelActionName>(action: N, payload: unknown) => {
    caller.called.add(action);
    const result = PANEL_ACTIONS[action].response.safeParse(payload);
    expect(result.error?.issues ?? [], `${action} answer`).toEqual([]);
    return result.data as PanelResponse<N>;
  };
  const post = (action: string, params: object) =>
    request(`${sim.url}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, ...(caller.hash ? { hash: caller.hash } : {}) }),
    });
  caller.call = async (action, params) => {
    accepted(action, params);
    return parsed(action, await answerOf(await post(action, params), action));
  };
  caller.upload = async (action, fields, file) => {
    accepted(action, fields);
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('hash', caller.hash);
    form.append('file', new Blob([file.data], { type: file.type }), file.name);
    const res = await request(`${sim.url}/${action}`, { method: 'POST', body: form });
    return parsed(action, await answerOf(res, action));
  };
  caller.download = async (action, params) => {
    accepted(action, params);
    const res = await post(action, params);
    const contentType = String(res.headers['content-type']);
    parsed(action, { contentType, body: res.body });
    const text = await res.body.text();
    expect({ status: res.statusCode, json: contentType.includes('json') }).toEqual({
      status: 200,
      json: false,
    });
    return text;
  };
  return caller;
}
