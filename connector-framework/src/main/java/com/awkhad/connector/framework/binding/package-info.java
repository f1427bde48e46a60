/**
 * Bindings: one generic table {@code connector_binding} linking local records to external ids per backend and binding model.
 */
package com.awkhad.connector.framework.binding;
