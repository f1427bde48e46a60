package com.awkhad.connector.queue.related;

import com.awkhad.connector.queue.job.JobRecord;
import java.util.Optional;

/**
 * The hook that says what a job is about, registered per job function or per job class on
 * {@link RelatedActions} (the connector registers one for its jobs: it opens the binding). It
 * reads the job's arguments and may look records up; it must not change anything.
 *
 * <pre>{@code
 * queue.relatedActions().forClass(ShopJobs.class, job ->
 *     Optional.of(new RelatedRecord("sync order " + job.args(), List.of())));
 * }</pre>
 */
@FunctionalInterface
public interface RelatedAction {
  /** What {@code job} is about; empty when this hook cannot say. */
  Optional<RelatedRecord> describe(JobRecord job);
}
