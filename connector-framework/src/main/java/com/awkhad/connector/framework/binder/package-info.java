/**
 * The binder component (usage {@code binder}): external id to local record and back, and binding with a sync date.
 */
package com.awkhad.connector.framework.binder;
