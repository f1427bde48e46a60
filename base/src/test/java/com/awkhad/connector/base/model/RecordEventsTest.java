package com.awkhad.connector.base.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.event.RecordEvent;
import com.awkhad.connector.base.event.RecordEvent.Kind;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

class RecordEventsTest {

  /** What an observer saw: the event and whether the row existed at that moment. */
  record Seen(RecordEvent event, boolean rowExisted, Object name) {}

  @DbTest
  void createAndWriteArePublishedAfterTheChangeAndUnlinkBefore(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      List<Seen> seen = new ArrayList<>();
      env.recordEvents().subscribe(e -> {
        boolean exists = partners.exists(e.id()); // joins the change's transaction
        seen.add(new Seen(e, exists, exists ? partners.read(e.id()).get("name") : null));
      });

      long id = partners.create(Map.of("name", "Ada", "age", 36));
      partners.write(id, Map.of("name", "Ada L."));
      partners.unlink(id);

      assertThat(seen).containsExactly(
          new Seen(new RecordEvent(Kind.CREATE, "test.partner", id, Set.of("name", "age")), true, "Ada"),
          new Seen(new RecordEvent(Kind.WRITE, "test.partner", id, Set.of("name")), true, "Ada L."),
          new Seen(new RecordEvent(Kind.UNLINK, "test.partner", id, Set.of()), true, "Ada L."));
      assertThat(partners.exists(id)).isFalse();
    }
  }

  @DbTest
  void oneEventPerRecordOnMultiRecordWriteAndUnlink(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      long a = partners.create(Map.of("name", "A"));
      long b = partners.create(Map.of("name", "B"));
      List<RecordEvent> events = new ArrayList<>();
      env.recordEvents().subscribe(events::add);

      partners.write(List.of(a, b), Map.of("kind", "company", "age", 3));
      partners.unlink(List.of(b, a));

      assertThat(events).containsExactly(
          new RecordEvent(Kind.WRITE, "test.partner", a, Set.of("kind", "age")),
          new RecordEvent(Kind.WRITE, "test.partner", b, Set.of("kind", "age")),
          new RecordEvent(Kind.UNLINK, "test.partner", b, Set.of()),
          new RecordEvent(Kind.UNLINK, "test.partner", a, Set.of()));
    }
  }

  @DbTest
  void aThrowingObserverRollsTheChangeBack(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      long kept = partners.create(Map.of("name", "Kept"));
      env.recordEvents().subscribe(e -> {
        throw new IllegalStateException("observer refuses " + e.kind());
      });

      assertThatThrownBy(() -> partners.create(Map.of("name", "Nope")))
          .hasMessageContaining("observer refuses CREATE");
      assertThatThrownBy(() -> partners.write(kept, Map.of("name", "Changed")))
          .hasMessageContaining("observer refuses WRITE");
      assertThatThrownBy(() -> partners.unlink(kept))
          .hasMessageContaining("observer refuses UNLINK");

      assertThat(partners.searchRead(Domain.all(), List.of("name")))
          .containsExactly(Map.of("id", kept, "name", "Kept"));
    }
  }

  @DbTest
  void recordOperationsJoinTheCallersTransaction(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      List<RecordEvent> events = new ArrayList<>();
      env.recordEvents().subscribe(events::add);

      assertThatThrownBy(() -> env.tx().run(c -> {
        long id = partners.create(Map.of("name", "Ghost"));
        assertThat(partners.exists(id)).isTrue();
        throw new IllegalStateException("caller fails after the create");
      })).hasMessageContaining("caller fails");

      assertThat(partners.count(Domain.all())).isZero();
      assertThat(events).extracting(RecordEvent::kind).containsExactly(Kind.CREATE);

      long id = env.tx().inTransaction(c -> {
        long created = partners.create(Map.of("name", "Real"));
        partners.write(created, Map.of("age", 1));
        return created;
      });
      assertThat(partners.read(id)).containsEntry("name", "Real").containsEntry("age", 1L);
    }
  }

  @DbTest
  void refusedValuesAndMissingIdsLeaveTheCallersTransactionUsable(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      long id = env.tx().inTransaction(c -> {
        assertThatThrownBy(() -> partners.create(Map.of("name", "R2", "kind", "robot")))
            .isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> partners.write(999L, Map.of("name", "Nobody")))
            .isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> partners.unlink(999L)).isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> partners.read(999L)).isInstanceOf(ModelException.class);
        return partners.create(Map.of("name", "Ada"));
      });
      assertThat(partners.search(Domain.all())).containsExactly(id);
    }
  }
}
