package com.awkhad.connector.queue.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobFailureNoticesTest {
  @Test
  void aClassFunctionLosesItsPackageAndAModelFunctionStaysWhole() {
    assertThat(JobFailureNotices.shortName("com.example.ConnectorJobs.importRecord")).isEqualTo("ConnectorJobs.importRecord");
    assertThat(JobFailureNotices.shortName("<coffee.beverage.binding>.importRecord"))
        .isEqualTo("<coffee.beverage.binding>.importRecord");
  }
}
