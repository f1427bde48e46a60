/** Test support for code that delays jobs: the jobs trap. */
package com.awkhad.connector.queue.testing;
