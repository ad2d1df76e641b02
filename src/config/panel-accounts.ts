import { z } from 'zod';
import { PANEL_ACCOUNT_ID } from '../auth/account-refs.js';
import { readJsonFile, readSecretFile, type ReadFile } from './files.js';

/** The id of the account of `PANEL_API_URL`, `PANEL_LOGIN` and `PANEL_PASSWORD[_FILE]`. */
export const SINGLE_ACCOUNT_ID = 'default';

const ID_MESSAGE =
  'must be 1-63 lowercase letters, digits, _ or -, starting with a letter or digit';

/** A Panel API base URL: http(s), ending in `/panel`, trailing slashes dropped. */
export const panelApiUrl = z
  .url({ protocol: /^https?$/ })
  .transform((url) => url.replace(/\/+$/, ''))
  .refine((url) => url.endsWith('/panel'), {
    message: 'must be the Panel API base ending in /panel, e.g. https://api.eu.navixy.com/v2/panel',
  });

/** One Panel account the gateway acts as. */
export interface PanelAccountConfig {
  /** The id clients name in `X-Panel-Account`. */
  id: string;
  url: string;
  login: string;
  password: string;
}

/** The account's name in store keys, metrics and logs: `login@host`. */
export function panelAccountId(url: string, login: string): string {
  return `${login}@${new URL(url).host}`;
}

const accountEntrySchema = z.strictObject({
  id: z.string().regex(PANEL_ACCOUNT_ID, ID_MESSAGE),
  url: panelApiUrl,
  login: z.string().min(1).max(200),
  passwordFile: z.string().min(1),
});

/** The file's outer shape; each entry is checked on its own (see `fileAccounts`). */
const accountsFileSchema = z.array(z.unknown()).min(1);

/** The single-account settings, as the settings schema parsed them. */
export interface SingleAccountSettings {
  PANEL_API_URL?: string | undefined;
  PANEL_LOGIN?: string | undefined;
  PANEL_PASSWORD?: string | undefined;
}

type Env = Record<string, string | undefined>;

const SINGLE_NAMES = ['PANEL_API_URL', 'PANEL_LOGIN', 'PANEL_PASSWORD', 'PANEL_PASSWORD_FILE'];

/** The accounts read, and every id the settings declare (for checks of what names them). */
export interface PanelAccountsRead {
  /** Every valid account, the default first. */
  accounts: PanelAccountConfig[];
  /** The ids of every entry, valid or not: a key naming one is no typo, the entry is. */
  declaredIds: Set<string>;
}

/**
 * Every Panel account, the default first: the single account (`default`) when its settings are
 * given, then those of `PANEL_ACCOUNTS_FILE`. Problems are added to `problems`, all of them in
 * one pass (a bad entry does not hide the next one's); no password is ever part of one.
 */
export function readPanelAccounts(
  env: Env,
  settings: SingleAccountSettings | undefined,
  readFile: ReadFile,
  problems: string[],
): PanelAccountsRead {
  const file = env.PANEL_ACCOUNTS_FILE;
  const single =
    !file || SINGLE_NAMES.some((name) => env[name])
      ? singleAccount(env, settings, readFile, problems)
      : undefined;
  const declaredIds = new Set<string>(single ? [SINGLE_ACCOUNT_ID] : []);
  const listed = file ? fileAccounts(file, readFile, problems, declaredIds) : [];
  const accounts = single ? [single, ...listed] : listed;
  if (single && listed.some((account) => account.id === SINGLE_ACCOUNT_ID)) {
    problems.push(
      `PANEL_ACCOUNTS_FILE: the id "${SINGLE_ACCOUNT_ID}" names the account of PANEL_API_URL ` +
        'and PANEL_LOGIN; give the file entry another id',
    );
  }
  reportSharedLogins(accounts, problems);
  return { accounts, declaredIds };
}

/** The account of PANEL_API_URL, PANEL_LOGIN and PANEL_PASSWORD[_FILE]; all three are needed. */
function singleAccount(
  env: Env,
  settings: SingleAccountSettings | undefined,
  readFile: ReadFile,
  problems: string[],
): PanelAccountConfig | undefined {
  const hint = env.PANEL_ACCOUNTS_FILE
    ? 'required beside the other single-account settings'
    : 'required (or name the accounts in PANEL_ACCOUNTS_FILE)';
  if (!env.PANEL_API_URL) problems.push(`PANEL_API_URL: ${hint}`);
  if (!env.PANEL_LOGIN) problems.push(`PANEL_LOGIN: ${hint}`);
  if (!env.PANEL_PASSWORD === !env.PANEL_PASSWORD_FILE) {
    problems.push('PANEL_PASSWORD: set exactly one of PANEL_PASSWORD or PANEL_PASSWORD_FILE');
  }
  const fromFile = readSecretFile(
    env.PANEL_PASSWORD_FILE,
    'PANEL_PASSWORD_FILE',
    readFile,
    problems,
  );
  const password = settings?.PANEL_PASSWORD ?? fromFile;
  const { PANEL_API_URL: url, PANEL_LOGIN: login } = settings ?? {};
  if (!url || !login || !password) return undefined;
  return { id: SINGLE_ACCOUNT_ID, url, login, password };
}

/**
 * The accounts of `PANEL_ACCOUNTS_FILE`, each password read from its own file. Each entry is
 * checked on its own, so one run reports the problems of every entry: its fields, its password
 * file, its id taken by an earlier entry.
 */
function fileAccounts(
  path: string,
  readFile: ReadFile,
  problems: string[],
  declaredIds: Set<string>,
): PanelAccountConfig[] {
  const raw = readJsonFile(path, 'PANEL_ACCOUNTS_FILE', readFile, problems);
  if (raw === undefined) return [];
  const list = accountsFileSchema.safeParse(raw);
  if (!list.success) {
    for (const issue of list.error.issues) {
      problems.push(`PANEL_ACCOUNTS_FILE ${path} [${issue.path.join('.')}]: ${issue.message}`);
    }
    return [];
  }
  const duplicates = new Set(duplicateIds(list.data));
  const accounts: PanelAccountConfig[] = [];
  for (const [index, item] of list.data.entries()) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string') declaredIds.add(id);
    if (duplicates.has(index)) {
      problems.push(`PANEL_ACCOUNTS_FILE ${path} [${index}.id]: duplicate account id`);
    }
    const entry = accountEntrySchema.safeParse(item);
    if (!entry.success) {
      for (const issue of entry.error.issues) {
        const where = [index, ...issue.path].join('.');
        problems.push(`PANEL_ACCOUNTS_FILE ${path} [${where}]: ${issue.message}`);
      }
    }
    const passwordFile = entry.success ? entry.data.passwordFile : undefined;
    const name = `PANEL_ACCOUNTS_FILE ${path} [${index}.passwordFile]`;
    const password = readSecretFile(passwordFile, name, readFile, problems);
    if (entry.success && password && !duplicates.has(index)) {
      accounts.push({ id: entry.data.id, url: entry.data.url, login: entry.data.login, password });
    }
  }
  return accounts;
}

/** The indexes of entries whose `id` an earlier entry already has. */
function duplicateIds(raw: readonly unknown[]): number[] {
  const seen = new Set<unknown>();
  const duplicates: number[] = [];
  for (const [index, entry] of raw.entries()) {
    const id =
      typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    if (typeof id === 'string' && seen.has(id)) duplicates.push(index);
    seen.add(id);
  }
  return duplicates;
}

/**
 * One login on one host is one Navixy account: two entries for it would share its session,
 * lock and rate budget under two names, and fight over them if their passwords differed.
 */
function reportSharedLogins(accounts: readonly PanelAccountConfig[], problems: string[]): void {
  const owners = new Map<string, string>();
  for (const account of accounts) {
    const key = panelAccountId(account.url, account.login);
    const owner = owners.get(key);
    if (owner !== undefined) {
      problems.push(
        `PANEL_ACCOUNTS_FILE: accounts "${owner}" and "${account.id}" are the same login on the same host`,
      );
    }
    owners.set(key, account.id);
  }
}
