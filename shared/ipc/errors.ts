// No zod here: the renderer's first chunk imports this module (see models/vocabulary.ts).

/** Error codes that cross the IPC boundary; the renderer maps them to copy. */
export const IPC_ERROR_CODES = [
  'invalid-input',
  'unknown-channel',
  'not-found',
  'conflict',
  'forbidden',
  'unavailable',
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcErrorBody {
  code: IpcErrorCode;
  message: string;
  /** Field-level problems for `invalid-input`: dotted path → message. */
  issues?: { path: string; message: string }[];
}

/**
 * The envelope every call returns over both transports. Electron drops custom fields from
 * thrown errors, so failures travel as data.
 */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcErrorBody };

/** An error with a contract code, thrown by handlers and by the renderer's ipc client. */
export class IpcError extends Error {
  readonly code: IpcErrorCode;
  readonly issues: IpcErrorBody['issues'];

  constructor(code: IpcErrorCode, message: string, issues?: IpcErrorBody['issues']) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.issues = issues;
  }
}
