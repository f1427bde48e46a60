/** Operator actions: list, requeue, cancel, set done, autovacuum. */
package com.awkhad.connector.queue.admin;
