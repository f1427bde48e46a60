/**
 * Change capture: triggers record the changes of captured tables in the writer's transaction
 * ({@code record_change}), and the change reader publishes them as record events (docs/capture.md).
 */
package com.awkhad.connector.component.event.capture;
