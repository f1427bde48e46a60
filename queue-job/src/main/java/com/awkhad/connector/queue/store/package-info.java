/** The SQL of the job tables: inserts with race-free identity keys, guarded state updates, graph release. */
package com.awkhad.connector.queue.store;
