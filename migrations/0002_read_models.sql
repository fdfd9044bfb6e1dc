-- Read models derived from the log by the projector. Every one can be dropped and rebuilt by
-- replaying the log (`kubetrail rebuild`); times are epoch ms, and every derived time carries
-- its source: 'object' (the object's own timestamps) or 'observed' (the collector's clock).

-- One row per pod identity (a uid). A pod recreated under the same name is a new row that
-- points at its predecessor.
CREATE TABLE pods (
  uid TEXT PRIMARY KEY,
  cluster TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER,
  first_seen_at INTEGER NOT NULL,
  first_position INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  deletion_requested_at INTEGER,
  grace_period_seconds INTEGER,
  deleted_at INTEGER,
  deleted_inferred INTEGER NOT NULL DEFAULT 0,
  owner_kind TEXT,
  owner_name TEXT,
  owner_uid TEXT,
  node TEXT,
  labels TEXT NOT NULL DEFAULT '{}',
  predecessor_uid TEXT
);
CREATE INDEX pods_by_namespace ON pods (cluster, namespace, first_seen_at);
CREATE INDEX pods_by_name ON pods (cluster, namespace, name, first_seen_at);
CREATE INDEX pods_by_owner ON pods (owner_uid);

-- One row per observed pod version, with the kubectl columns as they were then.
CREATE TABLE pod_versions (
  position INTEGER PRIMARY KEY,
  uid TEXT NOT NULL,
  observed_at INTEGER NOT NULL,
  type TEXT NOT NULL,
  phase TEXT,
  ready TEXT NOT NULL,
  status TEXT NOT NULL,
  restarts INTEGER NOT NULL,
  last_restart_at INTEGER,
  node TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pod_versions_by_uid ON pod_versions (uid, observed_at, position);

-- Transitions on named tracks ('phase', 'condition/Ready', 'container/app', 'status',
-- 'deletion'); a span runs from one transition to the next on the same track.
CREATE TABLE pod_transitions (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL,
  position INTEGER NOT NULL,
  track TEXT NOT NULL,
  at INTEGER NOT NULL,
  at_source TEXT NOT NULL CHECK (at_source IN ('object', 'observed')),
  value TEXT NOT NULL,
  reason TEXT,
  message TEXT,
  detail TEXT
);
CREATE INDEX pod_transitions_by_uid ON pod_transitions (uid, track, at);

-- Each restart of a container; inferred = known only from a jump in restartCount.
CREATE TABLE restarts (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL,
  cluster TEXT NOT NULL,
  namespace TEXT NOT NULL,
  pod TEXT NOT NULL,
  container TEXT NOT NULL,
  container_kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  at INTEGER NOT NULL,
  at_source TEXT NOT NULL,
  exit_code INTEGER,
  reason TEXT,
  signal INTEGER,
  message TEXT,
  started_at INTEGER,
  finished_at INTEGER,
  container_id TEXT,
  restart_count INTEGER NOT NULL,
  inferred INTEGER NOT NULL
);
CREATE INDEX restarts_by_time ON restarts (cluster, at);
CREATE INDEX restarts_by_namespace ON restarts (cluster, namespace, at);
CREATE INDEX restarts_by_uid ON restarts (uid, at);

-- CrashLoopBackOff episodes: from the first back-off wait until the container runs ten minutes
-- (the kubelet's back-off reset) or the pod ends.
CREATE TABLE crashloop_episodes (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL,
  cluster TEXT NOT NULL,
  namespace TEXT NOT NULL,
  pod TEXT NOT NULL,
  container TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  start_position INTEGER NOT NULL,
  ended_at INTEGER,
  end_position INTEGER,
  end_reason TEXT,
  restarts INTEGER NOT NULL,
  last_message TEXT
);
CREATE INDEX crashloop_by_time ON crashloop_episodes (cluster, started_at);
CREATE INDEX crashloop_by_uid ON crashloop_episodes (uid, container, started_at);

-- Kubernetes Events, one row per Event object (its uid is the same through core/v1 and
-- events.k8s.io/v1, so both views land on the same row).
CREATE TABLE events (
  uid TEXT PRIMARY KEY,
  cluster TEXT NOT NULL,
  namespace TEXT,
  name TEXT,
  pod_uid TEXT,
  linked_by TEXT,
  involved_kind TEXT,
  involved_namespace TEXT,
  involved_name TEXT,
  involved_uid TEXT,
  involved_field TEXT,
  reason TEXT,
  type TEXT,
  message TEXT,
  source TEXT,
  first_at INTEGER,
  last_at INTEGER,
  count INTEGER NOT NULL,
  last_position INTEGER NOT NULL
);
CREATE INDEX events_by_involved ON events (cluster, involved_namespace, involved_name);

-- Each new occurrence of an Event (count 3 -> 5 is one row of 2 occurrences).
CREATE TABLE event_occurrences (
  id INTEGER PRIMARY KEY,
  event_uid TEXT NOT NULL,
  cluster TEXT NOT NULL,
  namespace TEXT,
  pod_uid TEXT,
  involved_kind TEXT,
  involved_name TEXT,
  position INTEGER NOT NULL,
  at INTEGER NOT NULL,
  at_source TEXT NOT NULL,
  reason TEXT,
  type TEXT,
  message TEXT,
  category TEXT NOT NULL,
  occurrences INTEGER NOT NULL,
  count_after INTEGER NOT NULL
);
CREATE INDEX event_occurrences_by_pod ON event_occurrences (pod_uid, at);
CREATE INDEX event_occurrences_by_time ON event_occurrences (cluster, at);
CREATE INDEX event_occurrences_by_involved ON event_occurrences (cluster, namespace, involved_name, at);

-- Every other kind (ReplicaSets, Deployments, Nodes, Namespaces, anything imported): identity,
-- owner and lifetime, for owner chains and the facade's lists at an instant.
CREATE TABLE objects (
  uid TEXT PRIMARY KEY,
  cluster TEXT NOT NULL,
  resource TEXT NOT NULL,
  kind TEXT,
  namespace TEXT,
  name TEXT NOT NULL,
  owner_kind TEXT,
  owner_name TEXT,
  owner_uid TEXT,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  deleted_at INTEGER,
  deleted_inferred INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX objects_by_resource ON objects (cluster, resource, namespace, first_seen_at);
