-- Wake hints (same SQL on both databases): where a runner receives its wake-up datagrams
-- ('ip:port', '[ip6]:port'), and the token a datagram must carry to wake it. NULL when the runner
-- does not take hints (H2, or --wake-address off). The token is readable by whoever can read
-- the queue's database, which is who may wake a runner; it is never shown by the dashboard.
ALTER TABLE queue_worker ADD COLUMN wake_address VARCHAR(300);
ALTER TABLE queue_worker ADD COLUMN wake_token VARCHAR(64);
