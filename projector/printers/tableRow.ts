// Row cells of the API server's Table responses, one printer per resource (printers.go print*).
import type { KubeObject } from '../../store/types.ts';
import { at, int, list, rec, str } from './fields.ts';
import { parseTimestamp, translateTimestampSince } from './humanDuration.ts';
import { formatLabelSelector, selectorString } from './labelSelector.ts';
import { podColumns } from './podColumns.ts';
import type { TableResource } from './tableColumns.ts';

export type TableCell = string | number;

export type TableRowCondition = { type: string; status: string; reason?: string; message?: string };

export type TableRowCells = { cells: TableCell[]; conditions?: TableRowCondition[] };

const nameOf = (obj: KubeObject): string => str(obj.metadata?.name);
const ageOf = (obj: KubeObject, now: number): string =>
  translateTimestampSince(obj.metadata?.creationTimestamp, now);

// layoutContainerCells: names and images of the template's containers, comma separated.
const containerCells = (obj: KubeObject): [string, string] => {
  const containers = list(at(obj, 'spec', 'template', 'spec', 'containers')).map(rec);
  return [containers.map((c) => str(c?.name)).join(','), containers.map((c) => str(c?.image)).join(',')];
};

function podRow(pod: KubeObject, now: number): TableRowCells {
  const c = podColumns(pod, now);
  const row: TableRowCells = {
    cells: [
      nameOf(pod),
      c.ready,
      c.status,
      c.restartsText,
      c.age,
      c.ip,
      c.node,
      c.nominatedNode,
      c.readinessGates,
    ],
  };
  const phase = str(at(pod, 'status', 'phase'));
  // Rows of finished pods carry a Completed condition (printers.go podSuccessConditions/podFailedConditions).
  if (phase === 'Succeeded') {
    row.conditions = [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ];
  } else if (phase === 'Failed') {
    row.conditions = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  }
  return row;
}

// formatEventSource: component (or reportingController), then ", host" (or reportingInstance) when set.
const eventSource = (event: KubeObject): string => {
  const component = str(at(event, 'source', 'component')) || str(event.reportingComponent);
  const host = str(at(event, 'source', 'host')) || str(event.reportingInstance);
  return host === '' ? component : `${component}, ${host}`;
};

function eventRow(event: KubeObject, now: number): TableRowCells {
  const since = (t: unknown): string => translateTimestampSince(str(t), now);
  let firstSeen = since(event.firstTimestamp);
  if (parseTimestamp(str(event.firstTimestamp)) === null) firstSeen = since(event.eventTime);
  let lastSeen = since(event.lastTimestamp);
  if (parseTimestamp(str(event.lastTimestamp)) === null) lastSeen = firstSeen;
  let count = int(event.count);
  const series = rec(event.series);
  if (series !== undefined) {
    lastSeen = since(series.lastObservedTime);
    count = int(series.count);
  } else if (count === 0) {
    // Singleton events of the events.k8s.io API carry no count.
    count = 1;
  }
  const kind = str(at(event, 'involvedObject', 'kind')).toLowerCase();
  const involvedName = str(at(event, 'involvedObject', 'name'));
  const target = involvedName === '' ? kind : `${kind}/${involvedName}`;
  return {
    cells: [
      lastSeen,
      str(event.type),
      str(event.reason),
      target,
      str(at(event, 'involvedObject', 'fieldPath')),
      eventSource(event),
      str(event.message).trim(),
      firstSeen,
      count,
      nameOf(event),
    ],
  };
}

function replicaSetRow(rs: KubeObject, now: number): TableRowCells {
  const [names, images] = containerCells(rs);
  return {
    cells: [
      nameOf(rs),
      // apps/v1 defaulting sets spec.replicas to 1 before anything reads it.
      int(at(rs, 'spec', 'replicas'), 1),
      int(at(rs, 'status', 'replicas')),
      int(at(rs, 'status', 'readyReplicas')),
      ageOf(rs, now),
      names,
      images,
      formatLabelSelector(at(rs, 'spec', 'selector')),
    ],
  };
}

function deploymentRow(deploy: KubeObject, now: number): TableRowCells {
  const [names, images] = containerCells(deploy);
  const desired = int(at(deploy, 'spec', 'replicas'), 1);
  const ready = int(at(deploy, 'status', 'readyReplicas'));
  return {
    cells: [
      nameOf(deploy),
      `${ready}/${desired}`,
      int(at(deploy, 'status', 'updatedReplicas')),
      int(at(deploy, 'status', 'availableReplicas')),
      ageOf(deploy, now),
      names,
      images,
      selectorString(at(deploy, 'spec', 'selector')) ?? '<invalid>',
    ],
  };
}

function namespaceRow(ns: KubeObject, now: number): TableRowCells {
  return { cells: [nameOf(ns), str(at(ns, 'status', 'phase')), ageOf(ns, now)] };
}

// Roles come from node-role.kubernetes.io/<role> label keys and the kubernetes.io/role label value.
const nodeRoles = (node: KubeObject): string => {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
};

const nodeAddress = (node: KubeObject, type: string): string =>
  str(
    list(at(node, 'status', 'addresses'))
      .map(rec)
      .find((a) => a?.type === type)?.address,
  ) || '<none>';

function nodeRow(node: KubeObject, now: number): TableRowCells {
  // Only the Ready condition counts; the last condition of a given type wins, as in Go's map.
  let ready: string | undefined;
  for (const c of list(at(node, 'status', 'conditions')).map(rec)) {
    if (c?.type === 'Ready') ready = c.status === 'True' ? 'Ready' : 'NotReady';
  }
  const status = [ready ?? 'Unknown'];
  if (at(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  const info = (field: string): string => str(at(node, 'status', 'nodeInfo', field));
  return {
    cells: [
      nameOf(node),
      status.join(','),
      nodeRoles(node),
      ageOf(node, now),
      info('kubeletVersion'),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info('osImage') || '<unknown>',
      info('kernelVersion') || '<unknown>',
      info('containerRuntimeVersion') || '<unknown>',
    ],
  };
}

const PRINTERS: Record<TableResource, (obj: KubeObject, now: number) => TableRowCells> = {
  pods: podRow,
  events: eventRow,
  'replicasets.apps': replicaSetRow,
  'deployments.apps': deploymentRow,
  namespaces: namespaceRow,
  nodes: nodeRow,
};

/** The cells (and row conditions) the API server prints for `obj` at instant `now`, wide columns included. */
export function tableRow(resource: TableResource, obj: KubeObject, now: number): TableRowCells {
  return PRINTERS[resource](obj, now);
}
