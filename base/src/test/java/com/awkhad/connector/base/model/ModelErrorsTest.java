package com.awkhad.connector.base.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.model.ModelException.Reason;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every mistake a caller can make gets a message saying what was wrong and what to do. */
class ModelErrorsTest {

  private static AbstractThrowableAssert<?, ? extends Throwable> fails(ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @DbTest
  void unknownModelListsTheKnownOnes(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      fails(() -> env.model("res.partner"), Reason.UNKNOWN_MODEL)
          .hasMessage("Unknown model 'res.partner'. Known models: [test.partner, test.sample]. Check the name, and that"
              + " the addon defining it is started (listed in your addon's depends).");
    }
  }

  @DbTest
  void unknownFieldListsTheModelsFields(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      String fields = "Its fields are: [id, name, kind, age, parent_id]";
      fails(() -> partners.create(Map.of("nmae", "Ada")), Reason.UNKNOWN_FIELD)
          .hasMessageStartingWith("Model 'test.partner' has no field 'nmae'. " + fields)
          .hasMessageContaining("models.extend(\"test.partner\")");
      fails(() -> partners.search(Domain.of("email", "=", "a@b.c")), Reason.UNKNOWN_FIELD)
          .hasMessageContaining("no field 'email'").hasMessageContaining(fields);
      fails(() -> partners.search(Domain.all(), Order.by("email desc"), 0), Reason.UNKNOWN_FIELD)
          .hasMessageContaining("no field 'email'");
      fails(() -> partners.searchRead(Domain.all(), List.of("name", "email")), Reason.UNKNOWN_FIELD)
          .hasMessageContaining("no field 'email'");
      fails(() -> partners.create(Map.of("id", 7L, "name", "Ada")), Reason.READ_ONLY_FIELD)
          .hasMessage("Field test.partner.id cannot be given on create: the database assigns it. Remove 'id' from the values.");
      long id = partners.create(Map.of("name", "Ada"));
      fails(() -> partners.write(id, Map.of("id", 8L)), Reason.READ_ONLY_FIELD)
          .hasMessageContaining("test.partner.id cannot be written");
    }
  }

  @DbTest
  void wrongValueTypesNameFieldExpectedAndGot(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      fails(() -> samples.create(Map.of("code", "S", "quantity", "12")), Reason.WRONG_VALUE)
          .hasMessage("Wrong value for test.sample.quantity: expected integer (Long (or Integer, Short)), got String \"12\"."
              + " Convert the value to the field's type.");
      fails(() -> samples.create(Map.of("code", 5)), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.code: expected char (String), got Integer 5");
      fails(() -> samples.create(Map.of("code", "S", "price", "1.5")), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.price: expected float");
      fails(() -> samples.create(Map.of("code", "S", "active", "yes")), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.active: expected boolean (Boolean), got String \"yes\"");
      fails(() -> samples.create(Map.of("code", "S", "due_date", "2026-01-01")), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.due_date: expected date (java.time.LocalDate)");
      fails(() -> samples.create(Map.of("code", "S", "done_at", LocalDateTime.of(2026, 1, 1, 0, 0))), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.done_at: expected datetime")
          .hasMessageContaining("got LocalDateTime 2026-01-01T00:00");
      fails(() -> samples.create(Map.of("code", "S", "partner_id", "Ada")), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.partner_id: expected many2one");
      fails(() -> samples.create(Map.of("code", "S", "payload", new Object())), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.payload: expected json (Map, List, String, Number or Boolean)");
      fails(() -> samples.search(Domain.of("quantity", ">", "ten")), Reason.WRONG_VALUE)
          .hasMessageContaining("test.sample.quantity: expected integer");
      fails(() -> samples.create(Map.of("code", "x".repeat(200), "quantity", "y".repeat(200))), Reason.WRONG_VALUE)
          .hasMessageContaining("got String \"" + "y".repeat(57) + "...\"");
      assertThat(samples.count(Domain.all())).isZero();
    }
  }

  @DbTest
  void selectionValuesAreChecked(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      fails(() -> partners.create(Map.of("name", "R2", "kind", "robot")), Reason.SELECTION_VALUE)
          .hasMessage("Value 'robot' is not allowed for test.partner.kind (selection). Allowed values: [person, company]."
              + " Use one of them, or add the value to the field's declaration.");
      long id = partners.create(Map.of("name", "Ada"));
      fails(() -> partners.write(id, Map.of("kind", "Person")), Reason.SELECTION_VALUE);
      fails(() -> partners.search(Domain.of("kind", "in", List.of("person", "robot"))), Reason.SELECTION_VALUE);
    }
  }

  @Test
  void unknownOperatorListsTheValidOnes() {
    fails(() -> Domain.of("name", "~", "a"), Reason.UNKNOWN_OPERATOR)
        .hasMessage("Unknown domain operator '~'. Valid operators: [=, !=, <, <=, >, >=, in, not in, like, ilike,"
            + " is null, is not null]");
    fails(() -> Domain.of("name", null, "a"), Reason.UNKNOWN_OPERATOR);
    assertThat(Domain.of("name", " IS  NOT null")).isEqualTo(new Domain.Condition("name", Operator.IS_NOT_NULL, null));
    assertThat(Domain.of("name", "<>", "a")).isEqualTo(new Domain.Condition("name", Operator.NE, "a"));
  }

  @DbTest
  void operatorsThatDoNotFitTheFieldOrValue(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      fails(() -> samples.search(Domain.of("quantity", "like", "1%")), Reason.UNKNOWN_OPERATOR)
          .hasMessage("Operator 'like' does not apply to test.sample.quantity (integer): it applies to char, text and"
              + " selection fields.");
      fails(() -> samples.search(Domain.of("payload", "=", Map.of("a", 1))), Reason.UNKNOWN_OPERATOR)
          .hasMessageContaining("json fields only support 'is null' and 'is not null'");
      fails(() -> samples.search(Domain.of("code", "in", "abc")), Reason.WRONG_VALUE)
          .hasMessageContaining("Operator 'in' on test.sample.code needs a collection of values, got String \"abc\"");
      fails(() -> samples.search(Domain.of("code", "is null", "x")), Reason.WRONG_VALUE)
          .hasMessageContaining("Operator 'is null' on test.sample.code takes no value");
      fails(() -> samples.search(Domain.of("quantity", "<", null)), Reason.WRONG_VALUE)
          .hasMessageContaining("needs a value, got null");
      fails(() -> samples.search(Domain.of("code", "ilike", 5)), Reason.WRONG_VALUE)
          .hasMessageContaining("needs a String pattern");
    }
  }

  @DbTest
  void missingIdsAreNamedAndNothingChanges(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      long id = partners.create(Map.of("name", "Ada"));
      fails(() -> partners.write(List.of(id, 999L), Map.of("name", "Changed")), Reason.MISSING_RECORD)
          .hasMessage("Cannot write test.partner record(s) [999]: no such id in table test_partner. They may have been"
              + " deleted; search for the current ids first.");
      fails(() -> partners.unlink(List.of(998L, id, 999L)), Reason.MISSING_RECORD)
          .hasMessageStartingWith("Cannot unlink test.partner record(s) [998, 999]");
      fails(() -> partners.read(999L), Reason.MISSING_RECORD)
          .hasMessageStartingWith("Cannot read test.partner record(s) [999]");
      assertThat(partners.read(id)).containsEntry("name", "Ada");
    }
  }

  @DbTest
  void requiredFields(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      fails(() -> partners.create(Map.of("age", 3)), Reason.REQUIRED_FIELD)
          .hasMessage("Field test.partner.name is required: give it a value on create (or declare a default).");
      long id = partners.create(Map.of("name", "Ada"));
      Map<String, Object> clear = new HashMap<>();
      clear.put("name", null);
      fails(() -> partners.write(id, clear), Reason.REQUIRED_FIELD)
          .hasMessage("Field test.partner.name is required: it cannot be set to null. Give it a value.");
    }
  }

  @DbTest
  void badQueriesAndDatabaseRefusals(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      fails(() -> samples.search(Domain.all(), Order.by("code"), -1), Reason.INVALID_QUERY)
          .hasMessageContaining("Limit and offset must be 0 or more (limit 0 = no limit), got limit -1");
      fails(() -> Order.by("code sideways"), Reason.INVALID_QUERY)
          .hasMessage("Bad order term 'code sideways': write \"field\", \"field asc\" or \"field desc\"");
      fails(() -> samples.search(Domain.all(), Order.by("payload"), 0), Reason.INVALID_QUERY)
          .hasMessageContaining("Cannot order test.sample by json field 'payload'");
      fails(() -> samples.create(Map.of("code", "S", "partner_id", 424242L)), Reason.INTEGRITY)
          .hasMessageContaining("The database refused to create a test.sample record")
          .hasMessageContaining("references");
      assertThat(samples.count(Domain.all())).isZero();
    }
  }
}
