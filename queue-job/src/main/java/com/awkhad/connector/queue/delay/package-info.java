/** Turning calls into stored jobs: recording stand-ins, argument serialization, graphs, no-delay mode. */
package com.awkhad.connector.queue.delay;
