/**
 * The connector's errors. Retryable ones ({@link
 * com.awkhad.connector.framework.exception.NetworkRetryableError}, {@link
 * com.awkhad.connector.framework.exception.NoExternalId}) extend the queue's {@code
 * RetryableJobError}, so a job failing with them is tried again later; the others stop the job in
 * {@code failed} with a message saying what to fix.
 */
package com.awkhad.connector.framework.exception;
