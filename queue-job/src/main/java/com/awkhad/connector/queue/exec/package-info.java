/** Performing a job: target creation, method resolution, outcomes and how they are recorded. */
package com.awkhad.connector.queue.exec;
