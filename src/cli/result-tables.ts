/**
 * `query --output table`: every list of nodes in a GraphQL answer as a text table, for people at
 * a terminal. A list is an array of objects, a connection's `edges[].node` or `nodes`; a row
 * flattens an object's scalars (nested objects as `a.b`, scalar lists joined). What holds no list
 * is shown as one table of paths and values. Text from upstreams is escaped, so a hostile
 * connection name cannot move the cursor or recolour the terminal.
 */

type Json = unknown;

interface FoundList {
  path: string;
  rows: Record<string, Json>[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** How deep a row's nested objects are flattened into columns; deeper ones show as `{…}`. */
const FLATTEN_DEPTH = 2;

export function formatResultTables(data: Json): string {
  if (!isObject(data)) return '(no data)';
  const lists = findLists(data, '');
  if (lists.length === 0) {
    const cells = flatten(data, '', Number.POSITIVE_INFINITY);
    return formatTable(
      ['path', 'value'],
      Object.entries(cells).map(([path, value]) => [path, value]),
    );
  }
  return lists
    .map(({ path, rows }) => {
      const flat = rows.map((row) => flatten(row, '', FLATTEN_DEPTH));
      const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
      const title = `${path} (${rows.length} row${rows.length === 1 ? '' : 's'})`;
      return rows.length === 0
        ? `${title}\n(empty)`
        : `${title}\n${formatTable(
            columns,
            flat.map((row) => columns.map((column) => row[column] ?? '')),
          )}`;
    })
    .join('\n\n');
}

/** Lists in document order; a list's items are rows, not searched for lists of their own. */
function findLists(value: Record<string, Json>, path: string): FoundList[] {
  return Object.entries(value).flatMap(([key, child]): FoundList[] => {
    const at = path ? `${path}.${key}` : key;
    const rows = listRows(child);
    if (rows) return [{ path: at, rows }];
    return isObject(child) ? findLists(child, at) : [];
  });
}

function listRows(value: Json): Record<string, Json>[] | undefined {
  if (isObject(value) && Array.isArray(value.edges))
    return value.edges.map((edge) => (isObject(edge) && isObject(edge.node) ? edge.node : {}));
  if (isObject(value) && Array.isArray(value.nodes)) return value.nodes.filter(isObject);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) || item === null)) return value.filter(isObject);
  return undefined;
}

function flatten(value: Record<string, Json>, prefix: string, depth: number): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [key, child] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isObject(child) && depth > 0) Object.assign(cells, flatten(child, name, depth - 1));
    else cells[name] = cellText(child);
  }
  return cells;
}

function cellText(value: Json): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value.every((item) => !isObject(item) && !Array.isArray(item)) ? value.map(cellText).join(', ') : `[${value.length} items]`;
  if (isObject(value)) return '{…}';
  return String(value);
}

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const shown = [headers, ...rows].map((row) => row.map(printable));
  const widths = headers.map((_, column) => Math.max(...shown.map((row) => row[column]?.length ?? 0)));
  return shown
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Control characters (ESC, CR, the C1 set…) and bidirectional overrides as `\u` escapes: a table
 * cell is one line of plain text that reads the way it is stored.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
