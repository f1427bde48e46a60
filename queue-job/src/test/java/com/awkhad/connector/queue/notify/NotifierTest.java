package com.awkhad.connector.queue.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotifierTest {

  static Notice failure(int i, String channel) {
    return Notice.of("job.failed", "Job failed on " + channel + ": Jobs.run").withText("IOException: refused " + i)
        .withField("uuid", "u-" + i).withGroupKey("job.failed " + channel);
  }

  @Test
  void fiftyNoticesOfOneGroupWithinTheWindowMakeOneDigestSayingFifty() {
    List<Digest> sent = new CopyOnWriteArrayList<>();
    try (Notifier n = new Notifier(Duration.ofHours(1), 5, "runner-1", sent::add)) {
      for (int i = 0; i < 50; i++) {
        n.post(failure(i, "root.coffee"));
      }
      n.post(failure(99, "root.other"));
      assertThat(sent).isEmpty(); // the windows are still open
      assertThat(n.openWindows()).isEqualTo(2);
    }
    assertThat(sent).hasSize(2);
    Digest d = sent.stream().filter(x -> x.group().equals("job.failed root.coffee")).findFirst().orElseThrow();
    assertThat(d.count()).isEqualTo(50);
    assertThat(d.samples()).hasSize(5).extracting(s -> s.fields().get("uuid")).containsExactly("u-0", "u-1", "u-2", "u-3", "u-4");
    assertThat(d.title()).startsWith("Job failed on root.coffee: Jobs.run (and 49 more within ");
    assertThat(d.text()).startsWith("50 notices of group 'job.failed root.coffee' between ")
        .contains("1. Job failed on root.coffee: Jobs.run\nIOException: refused 0\nuuid: u-0")
        .endsWith("... and 45 more not listed here.");
    assertThat(sent.stream().filter(x -> x.group().equals("job.failed root.other")).findFirst().orElseThrow().count()).isEqualTo(1);
  }

  @Test
  void aWindowClosesOnItsOwnAndTheNextNoticeOpensANewOne() throws InterruptedException {
    List<Digest> sent = new CopyOnWriteArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(2);
    try (Notifier n = new Notifier(Duration.ofMillis(50), 5, null, d -> {
      sent.add(d);
      first.countDown();
      second.countDown();
    })) {
      n.post(failure(1, "root"));
      assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
      n.post(failure(2, "root"));
      assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(sent).extracting(Digest::count).containsExactly(1, 1);
    assertThat(sent.get(0).title()).isEqualTo("Job failed on root: Jobs.run");
  }

  @Test
  void aNoticeNeverCarriesACredentialFromItsSource() {
    Notice n = Notice.of("job.failed", "Login to https://bob:hunter2@crm.example failed")
        .withText("401: password=hunter2 rejected; Authorization: Bearer abcdefghijkl")
        .withField("url", "https://crm.example/api?api_key=K3Y");
    String all = n.title() + n.text() + n.fields();
    assertThat(all).doesNotContain("hunter2").doesNotContain("abcdefghijkl").doesNotContain("K3Y");
    assertThat(n.text()).isEqualTo("401: password=*** rejected; Authorization: Bearer ***");
  }
}
