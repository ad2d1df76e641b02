import type { z } from 'zod';
import type { KeyAdmin } from '../auth/key-admin.js';
import type { KeyGrant, Principal } from '../auth/principal.js';
import type { PanelActionName, PanelRequest, PanelResponse } from '../panel/actions.js';
import type { PanelFile, PanelPayload, UploadFile } from '../panel/client.js';
import type { Upload } from '../http/multipart.js';

/** The actions that answer a file (their response schema is the `streamedFile` marker). */
export type FileActionName = {
  [N in PanelActionName]: PanelResponse<N> extends PanelFile ? N : never;
}[PanelActionName];
export type JsonActionName = Exclude<PanelActionName, FileActionName>;

/** The params argument of action `N`: optional when the action needs none. */
type ParamsOf<N extends PanelActionName> =
  Record<never, never> extends PanelRequest<N>
    ? [params?: PanelRequest<N>]
    : [params: PanelRequest<N>];

/**
 * Calls Panel actions for the current request, with the right account's session. Params are
 * typed by the catalog's request schema of the action, answers are parsed with its response
 * schema (a shape Navixy did not document is 502) and typed by it.
 */
export interface PanelCall {
  <N extends JsonActionName>(action: N, ...params: ParamsOf<N>): Promise<PanelResponse<N>>;
  /**
   * The answer parsed, and `raw`: the payload exactly as Navixy sent it (`success` removed), for
   * a write that must give back what it read, the fields this gateway does not model included.
   */
  withRaw<N extends JsonActionName>(
    action: N,
    ...params: ParamsOf<N>
  ): Promise<{ answer: PanelResponse<N>; raw: PanelPayload }>;
  download<N extends FileActionName>(action: N, params: PanelRequest<N>): Promise<PanelFile>;
  upload<N extends JsonActionName>(
    action: N,
    fields: PanelRequest<N> & Record<string, string>,
    file: UploadFile,
  ): Promise<PanelResponse<N>>;
}

/** A handler's answer that is a file, streamed to the client as Navixy sends it. */
export class FileAnswer {
  constructor(
    readonly file: PanelFile,
    readonly filename: string,
  ) {}
}

/** The scope a client needs, besides the route's own, to act as a sub-dealer. */
export const SUBDEALER_SCOPE = 'subpaas:create';
export const SUBDEALER_HEADER = 'x-subdealer-id';

type AnyObject = z.ZodObject;

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  panel: PanelCall;
  /** Runs `fn` holding the lock on one record of this Panel account (read-merge-write). */
  lock: <T>(record: string, fn: () => Promise<T>) => Promise<T>;
  /** The multipart body, for routes that declare `upload`. */
  upload: Upload | undefined;
  /** The authenticated caller (for `self` routes: the user it is bound to). */
  principal: Principal;
  /** The managed API keys (the `/admin` routes). */
  keys: KeyAdmin;
  /** Throws 403 unless the caller may give `grant` to a key it makes (see `auth/grants.ts`). */
  mayGrant: (grant: KeyGrant) => void;
}

/**
 * One REST operation, `/v1` or `/admin`: the Express route, its scope check, its input validation and its OpenAPI
 * operation all come from this one definition.
 */
export interface RouteSpec<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path: `/v1/users/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * The Panel actions the operation calls; its required scopes are their permissions. None: the
   * route is the gateway's own (`/admin`) and chooses no Panel account.
   */
  actions: PanelActionName[];
  /** Scopes needed besides the actions' permissions (`gateway:admin` for `/admin`). */
  scopes?: string[];
  params?: P;
  query?: Q;
  /** A JSON body (strict JSON, `JSON_BODY_LIMIT`). */
  body?: B;
  /** A multipart body with the part `file` (and text fields described by `fields`). */
  upload?: { maxBytes?: number; fields?: AnyObject; description: string };
  /** Success status: 200 (default), 201 for creations, 202 accepted for delivery, 204 no content. */
  status?: 200 | 201 | 202 | 204;
  /** The success answer; `schema` absent for 204, `contentTypes` for file answers. */
  response: { description: string; schema?: z.ZodType; contentTypes?: string[] };
  /** Navixy parameter names (dotted for nested) → the client's names, for code 7 `errors`. */
  fieldNames?: Readonly<Record<string, string>>;
  /** Error statuses this operation can answer besides the common ones. */
  errors?: number[];
  /** What the document says of a status, where the general description would not do. */
  errorDescriptions?: Readonly<Partial<Record<number, string>>>;
  /** Acts on the caller's own Navixy user (`/v1/me…`): only for user-bound principals. */
  self?: boolean;
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Keeps each spec's own types while collecting specs of different shapes in one list. */
export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec;
}
