/**
 * JMH micro-benchmarks of the in-memory paths every job or record goes through: the runner's job
 * dispatch ({@link com.awkhad.connector.microbench.JobDispatchBench}), the encoding of a delayed
 * call's arguments ({@link com.awkhad.connector.microbench.ArgumentEncodingBench}), the mapping of
 * one record ({@link com.awkhad.connector.microbench.RecordMappingBench}) and the lookup of a
 * component ({@link com.awkhad.connector.microbench.ComponentLookupBench}). No database, no
 * network; run with {@code benchmarks/micro} (docs/benchmarks.md, "Micro-benchmarks (JMH)").
 */
package com.awkhad.connector.microbench;
