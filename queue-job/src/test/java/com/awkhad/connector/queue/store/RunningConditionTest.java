package com.awkhad.connector.queue.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.job.JobState;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link JobStore#RUNNING} spells "enqueued or started" as "none of the others": it must name them all. */
class RunningConditionTest {

  @Test
  void theRunningConditionExcludesEveryStateButEnqueuedAndStarted() {
    Matcher m = Pattern.compile("'([a-z_]+)'").matcher(JobStore.RUNNING);
    java.util.Set<String> excluded = new java.util.TreeSet<>();
    while (m.find()) {
      excluded.add(m.group(1));
    }
    java.util.Set<String> others = Arrays.stream(JobState.values())
        .filter(s -> s != JobState.ENQUEUED && s != JobState.STARTED)
        .map(JobState::dbValue).collect(Collectors.toCollection(java.util.TreeSet::new));

    assertThat(JobStore.RUNNING).startsWith("state NOT IN (");
    assertThat(excluded).isEqualTo(others);
  }
}
