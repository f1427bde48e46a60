/**
 * The Spring Boot starter: builds the connector's {@link com.awkhad.connector.base.env.Environment}
 * on the application's {@code DataSource}, joins Spring-managed transactions, and optionally runs
 * the job runner and the dashboard inside the application (see {@code docs/spring.md}).
 */
package com.awkhad.connector.spring;
