/**
 * The REST API under {@code /api} and {@code /health}: job lists with filters, one job in full,
 * requeue / cancel / done per job and in bulk, failure groups, counts, channels, runners,
 * recurring jobs and backends. Entry point: {@link com.awkhad.connector.server.web.api.Api}.
 */
package com.awkhad.connector.server.web.api;
