/** Operator actions: list, run now, requeue, cancel, set done, autovacuum. */
package com.awkhad.connector.queue.admin;
