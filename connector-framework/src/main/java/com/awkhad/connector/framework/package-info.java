/**
 * The connector layer (addon {@code connector}): the addon class, the base component {@link com.awkhad.connector.framework.core.ConnectorComponent} and the job entry points {@link com.awkhad.connector.framework.ConnectorJobs}. See docs/connector.md.
 */
package com.awkhad.connector.framework;
