import { PROBLEMS } from '../../src/problems/catalogue.js';
import {
  knownPanelErrorCodes,
  panelErrorCode,
  UNKNOWN_PANEL_ERROR,
} from '../../src/panel/error-codes.js';

export const PROBLEMS_START = '<!-- problem-codes:start -->';
export const PROBLEMS_END = '<!-- problem-codes:end -->';
export const NAVIXY_START = '<!-- navixy-codes:start -->';
export const NAVIXY_END = '<!-- navixy-codes:end -->';

/** A table cell: a pipe would end the cell early. */
const cell = (text: string) => text.replaceAll('|', '\\|');

/** The gateway's own problem codes, from the catalogue, in its order. */
export function problemCodesTable(): string {
  const rows = Object.entries(PROBLEMS).map(
    ([code, { status, title, when }]) =>
      `| \`${code}\` | ${status} | ${cell(title)} | ${cell(when)} |`,
  );
  return [
    PROBLEMS_START,
    '| Code | Status | Title | When |',
    '| --- | --- | --- | --- |',
    ...rows,
    PROBLEMS_END,
  ].join('\n');
}

/** Every Navixy code the gateway knows, with its status, code and title (Navixy's description). */
export function navixyCodesTable(): string {
  const rows = knownPanelErrorCodes().map((navixy) => {
    const { status, code, description } = panelErrorCode(navixy);
    return `| ${navixy} | ${status} | \`${code}\` | ${cell(description)} |`;
  });
  const other = UNKNOWN_PANEL_ERROR;
  return [
    NAVIXY_START,
    '| Navixy code | Status | Code | Title |',
    '| --- | --- | --- | --- |',
    ...rows,
    `| any other | ${other.status} | \`${other.code}\` | ${other.description} |`,
    NAVIXY_END,
  ].join('\n');
}

/** `doc` (docs/errors.md) with both tables replaced by the current ones. */
export function withErrorTables(doc: string): string {
  return replaceBetween(
    replaceBetween(doc, PROBLEMS_START, PROBLEMS_END, problemCodesTable()),
    NAVIXY_START,
    NAVIXY_END,
    navixyCodesTable(),
  );
}

function replaceBetween(doc: string, startMarker: string, endMarker: string, table: string) {
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start === -1 || end === -1)
    throw new Error(`docs/errors.md lacks the ${startMarker} … ${endMarker} markers`);
  return doc.slice(0, start) + table + doc.slice(end + endMarker.length);
}
