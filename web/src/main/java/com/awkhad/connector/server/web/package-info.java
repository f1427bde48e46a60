/**
 * The web dashboard of a {@code demo} or {@code run} process: {@link com.awkhad.connector.server.web.WebServer}
 * (Javalin on Jetty) serves the page, the REST API ({@code web.api}), {@code /health} and Prometheus
 * {@code /metrics} ({@code web.metrics}) on one port, loopback by default, behind a token when exposed.
 */
package com.awkhad.connector.server.web;
