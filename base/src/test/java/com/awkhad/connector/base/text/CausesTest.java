package com.awkhad.connector.base.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CausesTest {

  @Test
  void rootIsTheDeepestCauseOrTheExceptionItself() {
    IllegalStateException inner = new IllegalStateException("disk full");
    RuntimeException outer = new RuntimeException("wrapped", new IllegalArgumentException("middle", inner));
    assertThat(Causes.root(outer)).isSameAs(inner);
    assertThat(Causes.root(inner)).isSameAs(inner);
  }

  @Test
  void aLoopingCauseChainStopsWhereItLoops() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b); // a -> b -> a
    assertThat(Causes.root(b)).isSameAs(a);
    assertThat(Causes.root(a)).isSameAs(b);
  }
}
