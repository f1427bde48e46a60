/** What a job is: its states, options, errors, retry pattern, function configuration and stored row. */
package com.awkhad.connector.queue.job;
