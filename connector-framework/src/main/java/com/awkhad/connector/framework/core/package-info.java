/**
 * The core types of the connector layer (the original's {@code components/core.py}):
 * {@link com.awkhad.connector.framework.core.ConnectorComponent}, the base of every connector
 * component. It depends on backends, bindings, locks and exceptions, never on the component kinds
 * (adapter, binder, mapper, importer, exporter, listener), which all extend it.
 */
package com.awkhad.connector.framework.core;
