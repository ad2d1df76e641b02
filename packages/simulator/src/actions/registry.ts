import { PanelError } from '../errors.js';
import { accountActions } from './account.js';
import { dealerActions } from './dealer.js';
import { bundleActions } from './bundles.js';
import { orderActions } from './orders.js';
import { subpaasActions } from './subpaas.js';
import { trackerActions } from './trackers.js';
import { activationCodeActions } from './activation-codes.js';
import { dealerSettingsActions } from './dealer-settings.js';
import { referenceActions } from './reference.js';
import { tariffActions } from './tariffs.js';
import type { ActionDefinition } from './types.js';
import { userActions } from './users.js';

/** Every implemented action; a new category file adds its list here. */
const ALL_ACTIONS: readonly ActionDefinition[] = [
  ...accountActions,
  ...dealerActions,
  ...userActions,
  ...trackerActions,
  ...subpaasActions,
  ...orderActions,
  ...bundleActions,
  ...tariffActions,
  ...activationCodeActions,
  ...dealerSettingsActions,
  ...referenceActions,
];

/** Finds the action of a `/v2/panel/<name>` path. */
export class ActionRegistry {
  private readonly byName: ReadonlyMap<string, ActionDefinition>;
  private readonly resources: ReadonlySet<string>;

  constructor(actions: readonly ActionDefinition[] = ALL_ACTIONS) {
    this.byName = new Map(actions.map((action) => [action.name, action]));
    this.resources = new Set(actions.map((action) => resourceOf(action.name)));
  }

  /** Reference §2: an unknown resource answers 111 Wrong handler, an unknown action 112. */
  resolve(name: string): ActionDefinition {
    const action = this.byName.get(name);
    if (action !== undefined) return action;
    throw new PanelError(this.resources.has(resourceOf(name)) ? 112 : 111);
  }
}

function resourceOf(name: string): string {
  const slash = name.indexOf('/');
  return slash === -1 ? name : name.slice(0, slash);
}
