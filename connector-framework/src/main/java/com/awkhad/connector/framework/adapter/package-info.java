/**
 * Backend adapters (usage {@code backend.adapter}): the CRUD interface and its HTTP/JSON implementation with errors mapped to retryable or not.
 */
package com.awkhad.connector.framework.adapter;
