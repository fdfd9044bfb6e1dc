-- As 0017 and 0018 for Events: the restarts of one reason (OOMKilled, Error), and the
-- CrashLoopBackOff episodes of one container, in time order. A reason or container that is rare
-- or absent made the walk by time read every row to fill a page (the bench's 10 M log: 250-510 ms
-- for a reason among 757,701 restarts, 3-8 s cold for a container among 485,904 episodes). The
-- episodes' index holds their end, which a window tests on every episode it reads.
CREATE INDEX restarts_by_reason ON restarts (reason, at);
CREATE INDEX crashloop_by_container ON crashloop_episodes (container, started_at, ended_at);
