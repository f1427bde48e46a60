/**
 * The REST API under {@code /api} and {@code /health}: job lists with filters, one job in full,
 * requeue / cancel / done per job and in bulk, failure groups, counts, channels, runners,
 * recurring jobs and backends. It runs no SQL: it reads through queue-job's
 * {@code com.awkhad.connector.queue.read} and {@code queue.admin}, the connector's {@code Backends}
 * and change capture's {@code CaptureStatus}, and turns what they return into JSON. Entry point:
 * {@link com.awkhad.connector.server.web.api.Api}.
 */
package com.awkhad.connector.server.web.api;
