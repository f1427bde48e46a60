package com.awkhad.connector.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A job function that is a Spring bean: records the order ids it exported. */
public class OrderExporter {
  final List<Long> exported = new CopyOnWriteArrayList<>();
  volatile CountDownLatch latch = new CountDownLatch(1);

  public void export(long orderId) {
    exported.add(orderId);
    latch.countDown();
  }
}
