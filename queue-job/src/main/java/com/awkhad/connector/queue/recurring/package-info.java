/**
 * Recurring jobs: cron or interval definitions stored in the database, each due time enqueued once
 * by whichever runner gets there first. Entry point:
 * {@link com.awkhad.connector.queue.recurring.RecurringJobs}.
 */
package com.awkhad.connector.queue.recurring;
