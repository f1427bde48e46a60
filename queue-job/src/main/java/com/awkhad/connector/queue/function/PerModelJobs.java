package com.awkhad.connector.queue.function;

/**
 * Marks a job target whose job functions are per model: every call delayed on it must name its
 * model ({@code JobOptions.model}), so its job function is {@code <model>.method} and each model's
 * jobs have their own settings. Delaying a call on it without a model is refused, saying so; the
 * call site always shows the key. The connector layer's {@code ConnectorJobs} is one.
 *
 * <pre>{@code
 * public class ConnectorJobs implements PerModelJobs { ... }
 *
 * queue.delay(ConnectorJobs.class, JobOptions.defaults().model("coffee.beverage.binding"))
 *     .importRecord(backendId, "coffee.beverage.binding", "42", false);
 * }</pre>
 */
public interface PerModelJobs {}
