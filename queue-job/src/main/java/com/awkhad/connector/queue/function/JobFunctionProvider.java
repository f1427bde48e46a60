package com.awkhad.connector.queue.function;

import com.awkhad.connector.queue.job.JobFunction;
import java.util.List;

/**
 * Implemented by an addon class to declare the settings of its job functions; the
 * {@code queue_job} addon collects them from every addon when it starts. A setting declared here
 * is overridden by the configuration file ({@code job.function.<name>.<setting>}) and by a row of
 * {@code queue_job_function} ({@code queue.define}); a setting left out keeps the default.
 *
 * <pre>{@code
 * public final class CoffeeAddon implements Addon, JobFunctionProvider {
 *   public List<JobFunction> jobFunctions() {
 *     return List.of(JobFunction.of("coffee.beverage.binding", "importRecord")
 *         .withChannel("root.coffee")
 *         .withRetryPattern(RetryPattern.builder().after(1, 10).after(5, 60).build())
 *         .withMaxRetries(10));
 *   }
 * }
 * }</pre>
 *
 * <p>Two addons declaring the same function stop the start with both names.
 */
public interface JobFunctionProvider {
  List<JobFunction> jobFunctions();
}
