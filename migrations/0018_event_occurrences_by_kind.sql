-- Event occurrences of one kind of object, in time order (0017 did the same for reasons): the
-- Events of Deployments, ReplicaSets or Nodes are few beside the pods', and the walk by time read
-- every occurrence to fill a page of them (the bench's 10 M log, all of whose Events are pods':
-- 1.3 s for involvedKind=Deployment).
CREATE INDEX event_occurrences_by_kind ON event_occurrences (involved_kind, at);
