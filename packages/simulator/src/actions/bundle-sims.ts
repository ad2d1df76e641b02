import { PanelError } from '../errors.js';
import type { Bundle } from '../model-extras.js';
import { formatDateTime } from '../seed/dates.js';
import type { DealerData } from '../store.js';

/**
 * Reference §4.10 `tracker/bundle/assign`: without `iccid` the SIM is taken off ([UI]). Else
 * 226 unknown SIM, 250 deleted, 208 blocked, 223 in another bundle, and 247 when the bundle
 * already holds another SIM (the simulator's reading of "ICCID exists": unassign first).
 */
export function assignSim(dealer: DealerData, bundle: Bundle, iccid: string | undefined): void {
  const { iccid: _iccid, sim_card: _sim, assign_time: _time, ...bare } = bundle;
  if (iccid === undefined) {
    dealer.bundles.set(bundle.id, bare);
    return;
  }
  const sim = dealer.sims.get(iccid);
  if (sim === undefined) throw new PanelError(226);
  if (sim.deleted) throw new PanelError(250);
  if (sim.blocked) throw new PanelError(208);
  const holder = [...dealer.bundles.values()].find((b) => b.iccid === iccid);
  if (holder !== undefined && holder.id !== bundle.id) throw new PanelError(223);
  if (bundle.iccid !== undefined && bundle.iccid !== iccid) throw new PanelError(247);
  dealer.bundles.set(bundle.id, {
    ...bare,
    iccid,
    assign_time: formatDateTime(Date.now()),
    sim_card: sim,
  });
}
