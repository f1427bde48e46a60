/**
 * Backends: the configured external systems ({@code connector_backend}), their declared types, settings and secret; a backend is the component collection ({@code backend.workOn(model)}).
 */
package com.awkhad.connector.framework.backend;
