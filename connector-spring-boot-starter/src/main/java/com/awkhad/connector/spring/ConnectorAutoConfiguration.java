package com.awkhad.connector.spring;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.Database;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the connector on the application's {@code DataSource}: the {@link Environment} (addons
 * found on the class path, their migrations applied), whose transactions join Spring's; the
 * {@link Queue} and {@link JobAdmin} as beans; Spring beans as job targets; the
 * {@link ConnectorRuntime} (runner, dashboard, meters); and, with Actuator, a health indicator.
 * Every setting is under {@code awkhad.connector} ({@link ConnectorProperties}).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
    "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "awkhad.connector.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConnectorProperties.class)
public class ConnectorAutoConfiguration {

  /**
   * The connector's environment on the application's data source; closed with the context. It
   * starts after the application's schema is made (JPA's {@code ddl-auto}, Flyway, {@code schema.sql}):
   * models over the application's tables check their columns, and capture puts triggers on them.
   */
  @Bean(destroyMethod = "close")
  @DependsOnDatabaseInitialization
  @ConditionalOnMissingBean
  public Environment connectorEnvironment(DataSource dataSource, ConnectorProperties properties) {
    List<Addon> available = AddonLoader.discover(Thread.currentThread().getContextClassLoader());
    List<Addon> addons = properties.getAddons().isEmpty()
        ? AddonLoader.resolve(available)
        : AddonLoader.resolve(available, properties.getAddons());
    int poolSize = dataSource instanceof HikariDataSource h ? h.getMaximumPoolSize() : 10;
    return Environment.start(Database.of(dataSource, poolSize), addons, new SpringOuterTransactions(dataSource));
  }

  /** The job queue: {@code queue.delay(OrderExporter.class).export(id)} in a {@code @Transactional} method. */
  @Bean
  @ConditionalOnMissingBean
  public Queue connectorQueue(Environment env, ListableBeanFactory beans) {
    Queue queue = env.service(Queue.class);
    queue.targets().addResolver(new SpringBeanTargets(beans));
    return queue;
  }

  /** Job administration: list, requeue, cancel, run now. */
  @Bean
  @ConditionalOnMissingBean
  public JobAdmin connectorJobAdmin(Environment env) {
    return env.service(JobAdmin.class);
  }

  @Bean
  @ConditionalOnMissingBean
  public ConnectorRuntime connectorRuntime(Environment env, Queue queue, ConnectorProperties properties,
      ObjectProvider<MeterRegistry> registries) {
    return new ConnectorRuntime(env, properties, registries);
  }

  /** Actuator's health, when the application has it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnBooleanProperty(name = "awkhad.connector.health.enabled", matchIfMissing = true)
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "awkhadConnectorHealthIndicator")
    ConnectorHealthIndicator awkhadConnectorHealthIndicator(Environment env, ConnectorRuntime runtime,
        ConnectorProperties properties) {
      return new ConnectorHealthIndicator(env, runtime, properties.getHealth().getFailedJobsDown());
    }
  }
}
