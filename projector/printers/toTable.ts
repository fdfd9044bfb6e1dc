// A whole meta.k8s.io/v1 Table, as the API server answers `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
import type { KubeObject } from '../../store/types.ts';
import { type TableColumnDefinition, type TableResource, tableColumns } from './tableColumns.ts';
import { type TableCell, type TableRowCondition, tableRow } from './tableRow.ts';

/** The `includeObject` query parameter. kubectl get sends `Object` only with --sort-by. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export type TableRow = {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata (default), the full object, or null for includeObject=None. */
  object: KubeObject | null;
};

export type Table = {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** null when the request asked for no headers (TableOptions.noHeaders). */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
};

export type ToTableOptions = {
  /** The list's (or, for a single object, the object's) resourceVersion. */
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  includeObject?: IncludeObject;
  noHeaders?: boolean;
};

// apiVersion and kind of each resource, for full objects recorded without them.
const TYPE_META: Record<TableResource, { apiVersion: string; kind: string }> = {
  pods: { apiVersion: 'v1', kind: 'Pod' },
  events: { apiVersion: 'v1', kind: 'Event' },
  'replicasets.apps': { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  'deployments.apps': { apiVersion: 'apps/v1', kind: 'Deployment' },
  namespaces: { apiVersion: 'v1', kind: 'Namespace' },
  nodes: { apiVersion: 'v1', kind: 'Node' },
};

function rowObject(
  resource: TableResource,
  obj: KubeObject,
  includeObject: IncludeObject,
): KubeObject | null {
  switch (includeObject) {
    case 'None':
      return null;
    case 'Object':
      return {
        ...obj,
        apiVersion: obj.apiVersion ?? TYPE_META[resource].apiVersion,
        kind: obj.kind ?? TYPE_META[resource].kind,
      };
    default:
      // The server keeps the whole ObjectMeta (managedFields included) in PartialObjectMetadata.
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
  }
}

/** The Table the API server would return for `objects` of `resource`, printed at instant `now`. */
export function toTable(
  resource: TableResource,
  objects: readonly KubeObject[],
  now: number,
  opts: ToTableOptions = {},
): Table {
  const { includeObject = 'Metadata', noHeaders = false } = opts;
  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion !== undefined && opts.resourceVersion !== '')
    metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue !== undefined && opts.continue !== '') metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: noHeaders ? null : tableColumns(resource),
    rows: objects.map((obj) => {
      const { cells, conditions } = tableRow(resource, obj, now);
      const object = rowObject(resource, obj, includeObject);
      // Key order as the server serialises a TableRow: cells, conditions (when set), object.
      return conditions === undefined ? { cells, object } : { cells, conditions, object };
    }),
  };
}
