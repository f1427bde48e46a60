package com.awkhad.connector.queue.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {

  @Test
  void parsesCapacitiesSequentialAndFreeKeys() {
    // the original parses this entry and refuses it when configuring; we refuse it at parse time
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,root.sub:2:sequential:k=v"))
        .hasMessageContaining("'root.sub:2:sequential:k=v'").hasMessageContaining("capacity 1");
    ChannelConfig c = ChannelConfig.parse("root:4,root.sub:1:sequential:k=v");
    assertThat(c.root().capacity()).isEqualTo(4);
    ChannelSpec seq = c.spec("sub").orElseThrow();
    assertThat(seq.capacity()).isEqualTo(1);
    assertThat(seq.sequential()).isTrue();
    assertThat(seq.options()).isEqualTo(Map.of("sequential", "true", "k", "v"));
    assertThat(ChannelConfig.parse("root:4,root.sub:2").spec("root.sub").orElseThrow().capacity()).isEqualTo(2);
  }

  @Test
  void rootAloneHasCapacityOneAndSubMeansRootSub() {
    assertThat(ChannelConfig.parse("root").root().capacity()).isEqualTo(1);
    assertThat(ChannelConfig.parse("").root().capacity()).isEqualTo(1);
    assertThat(ChannelConfig.parse("", 8).root().capacity()).isEqualTo(8);
    ChannelConfig c = ChannelConfig.parse("sub:2");
    assertThat(c.spec("root.sub").orElseThrow().capacity()).isEqualTo(2);
    assertThat(c.spec("sub")).isEqualTo(c.spec("root.sub"));
  }

  @Test
  void trimsWhitespaceDropsEmptyEntriesAndAcceptsNewLines() {
    ChannelConfig c = ChannelConfig.parse("\n    root : 4,\n    ,\n    foo bar:1: k=va lue,\n");
    assertThat(c.root().capacity()).isEqualTo(4);
    assertThat(c.spec("root.foo bar").orElseThrow().options()).containsEntry("k", "va lue");
    ChannelConfig lines = ChannelConfig.parse("\n    root : 4\n    foo bar:1: k=va lue\n    baz\n");
    assertThat(lines.spec("root.baz").orElseThrow().capacity()).isEqualTo(1);
    assertThat(lines.channels()).extracting(ChannelSpec::name).containsExactly("root", "root.baz", "root.foo bar");
  }

  @Test
  void autoCreatedParentsHaveNoLimit() {
    ChannelConfig c = ChannelConfig.parse("root:4,autosub.sub:2,seq:1:sequential");
    assertThat(c.root().capacity()).isEqualTo(4);
    assertThat(c.root().sequential()).isFalse();
    assertThat(c.spec("root.autosub").orElseThrow().capacity()).isNull();
    assertThat(c.spec("root.autosub.sub").orElseThrow().capacity()).isEqualTo(2);
    assertThat(c.spec("autosub.sub").orElseThrow().sequential()).isFalse();
    assertThat(c.spec("seq").orElseThrow().capacity()).isEqualTo(1);
    assertThat(c.spec("seq").orElseThrow().sequential()).isTrue();
  }

  @Test
  void unknownChannelsAttachToTheirNearestConfiguredAncestorWithoutRenaming() {
    ChannelConfig c = ChannelConfig.parse("root:8,sub:2,sub.x:1");
    assertThat(c.resolve("root.sub.y.z")).isEqualTo("root.sub");
    assertThat(c.resolve("sub.x.deep")).isEqualTo("root.sub.x");
    assertThat(c.resolve("other")).isEqualTo("root");
    assertThat(c.resolve(null)).isEqualTo("root");
    assertThat(c.resolve("root.subway")).isEqualTo("root");
    assertThat(c.chain("root.sub.x.deep")).containsExactly("root.sub.x", "root.sub", "root");
    assertThat(c.children("root")).containsExactly("root.sub");
  }

  @Test
  void refusesBadEntriesQuotingThem() {
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,:2"))
        .isInstanceOf(ChannelConfigException.class).hasMessageContaining("':2'").hasMessageContaining("missing channel name");
    assertThatThrownBy(() -> ChannelConfig.parse("root:four"))
        .hasMessageContaining("'root:four'").hasMessageContaining("not an integer");
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,a:1:throttle=2:throttle=3"))
        .hasMessageContaining("'a:1:throttle=2:throttle=3'").hasMessageContaining("given twice");
    assertThatThrownBy(() -> ChannelConfig.parse("a:1:k=v=w"))
        .hasMessageContaining("'a:1:k=v=w'").hasMessageContaining("more than one '='");
    assertThatThrownBy(() -> ChannelConfig.parse("a:1:throttle=soon"))
        .hasMessageContaining("throttle 'soon'");
    assertThatThrownBy(() -> ChannelConfig.parse("a:1,root.a:2"))
        .hasMessageContaining("configured twice");
    assertThatThrownBy(() -> ChannelConfig.parse("root..a:1"))
        .hasMessageContaining("empty part");
    assertThatThrownBy(() -> ChannelConfig.parse("root:0"))
        .hasMessageContaining("at least 1");
  }

  @Test
  void refusesASubChannelOfCapacityZeroInsteadOfPausingItSilently() {
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,sub:0"))
        .isInstanceOf(ChannelConfigException.class)
        .hasMessageContaining("'sub:0'").hasMessageContaining("capacity 0 is not allowed for root.sub")
        .hasMessageContaining("\"no limit\"").hasMessageContaining("share root's capacity");
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,a.b:0:throttle=2"))
        .hasMessageContaining("share root.a's capacity");
  }

  @Test
  void refusesNameOrCapacityGivenAgainAsAKeyAsTheOriginalDoes() {
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,a:1:capacity=2"))
        .isInstanceOf(ChannelConfigException.class)
        .hasMessageContaining("'a:1:capacity=2'").hasMessageContaining("option 'capacity' repeats the channel's capacity");
    assertThatThrownBy(() -> ChannelConfig.parse("root:4,a:1:name=b"))
        .hasMessageContaining("'a:1:name=b'").hasMessageContaining("option 'name' repeats the channel's name");
    assertThatThrownBy(() -> ChannelConfig.parse("a:1:sequential:sequential"))
        .hasMessageContaining("given twice");
  }

  @Test
  void printsBackInTheSameGrammar() {
    ChannelConfig c = ChannelConfig.parse("root:4, coffee:1:sequential, coffee.import:2:throttle=5");
    assertThat(ChannelConfig.parse(c.toString()).toString()).isEqualTo(c.toString());
    assertThat(c.toString()).isEqualTo("root:4,root.coffee:1:sequential,root.coffee.import:2:throttle=5");
  }
}
