/**
 * Locks that make concurrent jobs on the same record retry: advisory locks and row locks, SQL per dialect.
 */
package com.awkhad.connector.framework.lock;
