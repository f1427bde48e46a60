/**
 * Where a job function's settings come from: the defaults, the addons ({@link com.awkhad.connector.queue.function.JobFunctionProvider}),
 * the configuration file ({@link com.awkhad.connector.queue.function.FunctionConfig}) and the database, each
 * setting from the last layer that sets it ({@link com.awkhad.connector.queue.function.EffectiveFunction}).
 */
package com.awkhad.connector.queue.function;
