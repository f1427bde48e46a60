/**
 * The core types of the connector layer (the original's {@code components/core.py}):
 * {@link com.awkhad.connector.framework.core.ConnectorComponent}, the base of every connector
 * component, and {@link com.awkhad.connector.framework.core.SyncJobs}, the connector's job entry
 * points as the importers, exporters and export listener delay them (implemented by the root
 * package's {@code ConnectorJobs}, which calls those components). It depends on backends, bindings,
 * locks, exceptions and the queue's job options, never on the component kinds (adapter, binder,
 * mapper, importer, exporter, listener), which all extend it, nor on the root package.
 */
package com.awkhad.connector.framework.core;
